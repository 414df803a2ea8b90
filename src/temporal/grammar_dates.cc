// Grammar productions for calendar dates as written: month and day in either order,
// numeric dates, years, decades, centuries, weekdays, the n-th weekday of a month, ISO weeks.
#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "temporal/grammar.h"

namespace entente::temporal {

std::optional<Match> Grammar::p_nth_weekday(size_t i) const {
  size_t j = i + role(i, Role::The);
  int nth = 0;
  size_t len = 0;
  bool ordinal = false;
  if (size_t l = role(j, Role::Last); l > 0) {
    nth = -1;
    j += l;
  } else if (auto n = day_at(j, len, &ordinal); n && ordinal && *n <= 5) {
    nth = *n;
    j += len;
  } else {
    return std::nullopt;
  }
  int32_t wd = 0;
  const size_t wl = phrase(j, Cat::Weekday, -1, &wd);
  if (wl == 0) return std::nullopt;
  j += wl;
  const size_t of = std::max(role(j, Role::Of), role(j, Role::In));
  if (of == 0) return std::nullopt;
  j += of;
  std::optional<Match> month = p_month_first(j);
  if (!month || month->p.day > 0 || month->p.month == 0) {
    month = p_rel(j);
    if (!month || month->p.kind != PK::RelUnit || month->p.unit != Unit::Month) return std::nullopt;
  }
  month->p.index = nth;
  month->p.weekday = wd;
  month->p.kind = month->p.kind == PK::RelUnit ? PK::NthWeekdayRel : PK::NthWeekday;
  return month;
}

std::optional<Match> Grammar::p_iso_week(size_t i) const {
  auto y = year_at(i);
  if (!y || i + 2 >= n_ || k_[i + 1].norm != "-" || k_[i + 1].space_before ||
      k_[i + 2].space_before)
    return std::nullopt;
  const std::string_view w = k_[i + 2].norm;
  if (w.size() != 3 || w[0] != 'w' || !all_digits(std::string_view(w).substr(1)))
    return std::nullopt;
  const int week = to_int(std::string_view(w).substr(1));
  if (week < 1 || week > temporal::iso_week(CivilDate{*y, 12, 28}).week) return std::nullopt;
  Match m;
  m.p.kind = PK::IsoWeekOf;
  m.p.year = *y;
  m.p.index = week;
  m.end = i + 3;
  return m;
}

std::optional<Match> Grammar::p_weekday(size_t i) const {
  size_t j = i;
  int rel = kBare;
  if (size_t l = role(i, Role::Last); l > 0) {
    rel = -1;
    j += l;
  } else if (size_t l2 = role(i, Role::Next); l2 > 0) {
    rel = 1;
    j += l2;
  } else if (size_t l3 = role(i, Role::This); l3 > 0) {
    rel = 0;
    j += l3;
  }
  int32_t wd = 0;
  const size_t wl = phrase(j, Cat::Weekday, -1, &wd);
  if (wl == 0) return std::nullopt;
  size_t k = j + wl;
  // With a date: "Monday, Aug. 28", "Monday 28 August 2023".
  {
    size_t d = k;
    if (is(d, ",")) ++d;
    std::optional<Match> date = p_month_first(d);
    if (!date) date = p_day_first(d);
    if (!date) date = p_numeric_date(d, true);
    if (date && date->p.kind == PK::Date && date->p.day > 0 && (rel == kBare || date->p.has_year)) {
      date->p.weekday = wd;
      return date;
    }
  }
  const bool strong = rel != kBare || (k < n_ && k_[k].number);
  if (!name_ok(j, strong)) return std::nullopt;
  if (rel == kBare && !k_[j].cap && t_.needs_context.count(k_[j].norm)) return std::nullopt;
  Match m;
  m.p.kind = PK::Weekday;
  m.p.weekday = wd;
  m.p.rel = rel;
  // "Friday the 13th"
  if (rel == kBare) {
    size_t d = k;
    if (is(d, ",")) ++d;
    if (size_t th = role(d, Role::The); th > 0) {
      size_t len = 0;
      bool ordinal = false;
      if (auto day = day_at(d + th, len, &ordinal); day && ordinal) {
        m.p.kind = PK::DayOfMonth;
        m.p.day = *day;
        m.end = d + th + len;
        return m;
      }
    }
  }
  // "Monday next week"
  if (rel == kBare) {
    int wr = kBare;
    size_t l = 0;
    if ((l = role(k, Role::Last)) > 0) {
      wr = -1;
    } else if ((l = role(k, Role::Next)) > 0) {
      wr = 1;
    } else if ((l = role(k, Role::This)) > 0) {
      wr = 0;
    }
    int32_t unit = 0;
    if (wr != kBare && phrase(k + l, Cat::Unit, -1, &unit) == 1 &&
        static_cast<Unit>(unit) == Unit::Week) {
      m.p.week_rel = wr;
      k += l + 1;
    }
  }
  if (size_t pd = phrase(k, Cat::PartOfDay); pd > 0) k += pd;
  m.end = k;
  return m;
}

std::optional<Match> Grammar::p_month_first(size_t i) const {
  int32_t month = 0;
  const size_t ml = phrase(i, Cat::Month, -1, &month);
  if (ml == 0) return std::nullopt;
  size_t j = i + ml;
  Match m;
  m.p.kind = PK::Date;
  m.p.month = month;
  size_t len = 0;
  if (auto d = day_at(j, len)) {
    if (!name_ok(i, true)) return std::nullopt;
    // "May 1,200" is no date; a following number word is not a day either.
    m.p.day = *d;
    size_t k = j + len;
    size_t y = k;
    if (is(y, ",")) ++y;
    if (auto yr = year_at(y)) {
      m.p.year = *yr;
      m.p.has_year = true;
      k = y + 1;
    }
    m.end = k;
    return m;
  }
  size_t y = j;
  if (size_t of = role(y, Role::Of); of > 0) {
    y += of;
  } else if (is(y, ",")) {
    ++y;
  }
  if (auto yr = year_at(y)) {
    if (!name_ok(i, true)) return std::nullopt;
    m.p.year = *yr;
    m.p.has_year = true;
    m.end = y + 1;
    return m;
  }
  if (!name_ok(i, false)) return std::nullopt;
  if (!k_[i].cap && t_.needs_context.count(k_[i].norm)) return std::nullopt;
  m.end = j;
  return m;
}

std::optional<Match> Grammar::p_day_first(size_t i) const {
  size_t j = i;
  const size_t th = role(i, Role::The);
  j += th;
  size_t len = 0;
  bool ordinal = false;
  auto d = day_at(j, len, &ordinal);
  if (!d) return std::nullopt;
  if (th > 0 && !ordinal) return std::nullopt;
  size_t k = j + len;
  const size_t of = role(k, Role::Of);
  k += of;
  int32_t month = 0;
  const size_t ml = phrase(k, Cat::Month, -1, &month);
  if (ml == 0) {
    // "the 5th of next month"
    if (of == 0 || !ordinal) return std::nullopt;
    auto rel = p_rel(k);
    if (!rel || rel->p.kind != PK::RelUnit || rel->p.unit != Unit::Month) return std::nullopt;
    rel->p.kind = PK::DayOfRelMonth;
    rel->p.day = *d;
    return rel;
  }
  if (!k_[k].cap && t_.needs_context.count(k_[k].norm)) return std::nullopt;
  Match m;
  m.p.kind = PK::Date;
  m.p.month = month;
  m.p.day = *d;
  k += ml;
  size_t y = k;
  if (is(y, ",")) ++y;
  if (auto yr = year_at(y)) {
    m.p.year = *yr;
    m.p.has_year = true;
    k = y + 1;
  }
  m.end = k;
  return m;
}

std::optional<Match> Grammar::p_numeric_date(size_t i, bool context) const {
  if (i >= n_ || !k_[i].number) return std::nullopt;
  const std::string_view s = k_[i].norm;
  char sep = 0;
  std::string_view part_store[3];
  size_t n_parts = 0;
  size_t start = 0;
  for (size_t c = 0; c <= s.size(); ++c) {
    if (c == s.size() || s[c] == '-' || s[c] == '/' || s[c] == '.') {
      if (c < s.size()) {
        if (sep && s[c] != sep) return std::nullopt;
        sep = s[c];
      }
      if (n_parts == 3) return std::nullopt;
      part_store[n_parts++] = s.substr(start, c - start);
      start = c + 1;
    }
  }
  if (n_parts < 2) return std::nullopt;
  for (size_t k = 0; k < n_parts; ++k) {
    if (!all_digits(part_store[k])) return std::nullopt;
  }
  struct Parts {
    const std::string_view* p;
    size_t n;
    size_t size() const { return n; }
    std::string_view operator[](size_t k) const { return p[k]; }
  } parts{part_store, n_parts};
  Match m;
  m.p.kind = PK::Date;
  m.end = i + 1;
  if (parts.size() == 3 && parts[0].size() == 4 && sep != '.') {
    if (parts[1].size() > 2 || parts[2].size() > 2) return std::nullopt;
    m.p.year = to_int(parts[0]);
    m.p.month = to_int(parts[1]);
    m.p.day = to_int(parts[2]);
    m.p.has_year = true;
  } else {
    if (parts[0].size() > 2 || parts[1].size() > 2) return std::nullopt;
    int a = to_int(parts[0]);
    int b = to_int(parts[1]);
    const bool day_first_sep = sep == '.';
    bool dmy = o_.date_order == DateOrder::DayMonth || day_first_sep;
    if (a > 12 && b <= 12) dmy = true;
    if (b > 12 && a <= 12) dmy = false;
    m.p.month = dmy ? b : a;
    m.p.day = dmy ? a : b;
    if (parts.size() == 3) {
      if (parts[2].size() == 4) {
        m.p.year = to_int(parts[2]);
      } else if (parts[2].size() == 2 && sep == '/') {
        const int y2 = to_int(parts[2]);
        m.p.year = y2 < 70 ? 2000 + y2 : 1900 + y2;
      } else {
        return std::nullopt;
      }
      m.p.has_year = true;
      if (sep == '-' && parts[2].size() != 4) return std::nullopt;
    } else {
      // "5/6" alone is a fraction or a score unless a date word comes before it.
      if (sep != '/' || !context) return std::nullopt;
    }
  }
  if (m.p.month < 1 || m.p.month > 12 || m.p.day < 1 || m.p.day > 31) return std::nullopt;
  if (m.p.has_year && !temporal::valid_date(m.p.year, m.p.month, m.p.day)) return std::nullopt;
  if (!m.p.has_year && !temporal::valid_date(2000, m.p.month, m.p.day)) return std::nullopt;
  return m;
}

std::optional<Match> Grammar::p_numeric(size_t i) const {
  bool context = i == 0 && n_ == 1;
  bool weak = false;
  for (size_t len = 1; len <= 2 && len <= i && !context; ++len) {
    context = role(i - len, Role::NumericContext) == len;
    weak = weak || role(i - len, Role::NumericContextWeak) == len;
  }
  if (!context && weak && i < n_) {
    // After "by" or "due", "12/1" is a day but "2/3" is a fraction.
    const std::string_view s = k_[i].norm;
    const size_t slash = s.find('/');
    const bool fraction =
        slash != std::string_view::npos && s.size() == 3 && slash == 1 && s[0] < s[2];
    context = !fraction;
  }
  return p_numeric_date(i, context);
}

std::optional<Match> Grammar::p_year(size_t i) const {
  auto y = year_at(i);
  if (!y && i < n_ && k_[i].number) {
    // A span of years ("1990-95", "2010-2015") starts with its first year.
    const std::string_view s = k_[i].norm;
    const size_t dash = s.find('-');
    if (dash == 4 && all_digits(s.substr(0, 4)) && all_digits(s.substr(5)) &&
        (s.size() == 7 || s.size() == 9)) {
      const int a = to_int(s.substr(0, 4));
      int b = to_int(s.substr(5));
      if (s.size() == 7) b += a / 100 * 100;
      if (a >= 1900 && a <= 2100 && b > a && b - a < 100) y = a;
    }
  }
  if (!y) return std::nullopt;
  if (i > 0 && role(i - 1, Role::NotBeforeYear) == 1) return std::nullopt;  // "$2019"
  const bool plausible = *y >= 1900 && *y <= 2100;
  if (!plausible && !context_before(i)) return std::nullopt;
  // After a determiner or possessive the year is inside a noun phrase ("the 1994 genocide",
  // "its 2019 budget"); before a noun without one it is a count ("1000 troops",
  // "approximately 2000 people").
  const bool det = i > 0 && (role(i - 1, Role::The) == 1 || role(i - 1, Role::Possessive) == 1);
  if (!det && count_noun_at(i + 1)) return std::nullopt;
  Match m;
  m.p.kind = PK::Date;
  m.p.year = *y;
  m.p.has_year = true;
  m.end = i + 1;
  // A name after it ("2016 Summer Olympics", "England 2018 World Cup bid") unless a
  // preposition governs the year ("In 2014 Obama ...").
  const bool word_after = i + 1 < n_ && k_[i + 1].word;
  const bool name_after = word_after && k_[i + 1].cap && !has_cat(i + 1, Cat::Month) &&
                          !has_cat(i + 1, Cat::Weekday) &&
                          !(i > 0 && role(i - 1, Role::Context) == 1 && !det);
  m.p.noun_modifier = (det && word_after) || name_after;
  return m;
}

std::optional<Match> Grammar::p_decade(size_t i) const {
  if (i >= n_) return std::nullopt;
  size_t j = i;
  bool short_form = false;
  if (!k_[i].number && is_apostrophe(k_[i].norm) && i + 1 < n_ && k_[i + 1].number &&
      !k_[i + 1].space_before) {
    j = i + 1;
    short_form = true;
  }
  if (!k_[j].number) return std::nullopt;
  const std::string_view s = k_[j].norm;
  if (s.empty() || s.back() != 's') return std::nullopt;
  const std::string_view digits = std::string_view(s).substr(0, s.size() - 1);
  if (!all_digits(digits)) return std::nullopt;
  int start = 0;
  if (short_form && digits.size() == 2) {
    const int v = to_int(digits);
    if (v % 10 != 0) return std::nullopt;
    start = v <= 20 ? 2000 + v : 1900 + v;
  } else if (!short_form && digits.size() == 4) {
    start = to_int(digits);
    if (start % 10 != 0 || start < 1000) return std::nullopt;
  } else {
    return std::nullopt;
  }
  Match m;
  m.p.kind = PK::Decade;
  m.p.decade = start;
  m.end = j + 1;
  return m;
}

std::optional<Match> Grammar::p_century(size_t i) const {
  size_t j = i + role(i, Role::The);
  size_t len = 0;
  bool ordinal = false;
  auto n = day_at(j, len, &ordinal);
  if (!n || !ordinal || *n > 30) return std::nullopt;
  int32_t unit = 0;
  if (phrase(j + len, Cat::Unit, -1, &unit) != 1 || static_cast<Unit>(unit) != Unit::Century)
    return std::nullopt;
  const size_t after = j + len + 1;
  if (k_[j + len].cap && after < n_ && k_[after].cap && k_[after].word) {
    return std::nullopt;  // "21st Century Fox"
  }
  Match m;
  m.p.kind = PK::Century;
  m.p.decade = *n - 1;
  m.end = j + len + 1;
  return m;
}

}  // namespace entente::temporal
