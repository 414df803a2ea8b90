// The grammar's entry point and shared productions: numbers, modifiers ("early", "mid-"),
// the core choice between productions, and a clock time after a day.
#include "temporal/grammar.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace entente::temporal {

std::optional<Match> Grammar::parse_at(size_t i) const {
  std::optional<Match> best;
  auto take = [&](std::optional<Match> m) {
    if (m && (!best || m->end > best->end)) best = std::move(m);
  };
  take(p_mod(i));
  take(p_core(i));
  if (best) best->end = attach_time(best->end, best->p);
  return best;
}

std::optional<int> Grammar::day_at(size_t i, size_t& len, bool* ordinal) const {
  if (i >= n_) return std::nullopt;
  const Tk& tk = k_[i];
  len = 1;
  if (ordinal) *ordinal = false;
  if (tk.number) {
    std::string_view s = tk.norm;
    const size_t dash = s.find('-');
    if (dash != std::string_view::npos) {
      // "28-30": a day range; take its start.
      if (!all_digits(s.substr(0, dash)) || !all_digits(s.substr(dash + 1)) || dash > 2 ||
          s.size() - dash - 1 > 2)
        return std::nullopt;
      const int a = to_int(s.substr(0, dash));
      const int b = to_int(s.substr(dash + 1));
      if (a >= 1 && a < b && b <= 31) return a;
      return std::nullopt;
    }
    size_t digits = 0;
    while (digits < s.size() && s[digits] >= '0' && s[digits] <= '9') ++digits;
    if (digits == 0 || digits > 2) return std::nullopt;
    const std::string_view suffix = s.substr(digits);
    if (!suffix.empty() && !word_has_role(suffix, Role::OrdinalSuffix)) return std::nullopt;
    if (ordinal) *ordinal = !suffix.empty();
    const int v = to_int(s.substr(0, digits));
    if (v < 1 || v > 31) return std::nullopt;
    return v;
  }
  int32_t v = 0;
  if (size_t l = phrase(i, Cat::Ordinal, -1, &v); l > 0) {
    len = l;
    if (ordinal) *ordinal = true;
    return v;
  }
  // "twenty first", "thirty-first"
  int32_t tens = 0;
  if (size_t l = phrase(i, Cat::Number, -1, &tens); l == 1 && (tens == 20 || tens == 30)) {
    if (size_t l2 = phrase(i + 1, Cat::Ordinal, -1, &v); l2 > 0 && v < 10) {
      len = 1 + l2;
      if (ordinal) *ordinal = true;
      if (tens + v > 31) return std::nullopt;
      return tens + v;
    }
  }
  return std::nullopt;
}

std::optional<int> Grammar::year_at(size_t i) const {
  if (i >= n_ || !k_[i].number) return std::nullopt;
  const std::string_view s = k_[i].norm;
  if (s.size() != 4 || !all_digits(s)) return std::nullopt;
  const int y = to_int(s);
  if (y < 1000 || y > 2999) return std::nullopt;
  if (i + 1 < n_ && (k_[i + 1].norm == "%")) return std::nullopt;
  return y;
}

std::optional<int> Grammar::count_at(size_t i, size_t& len, bool& approx) const {
  approx = false;
  if (i >= n_) return std::nullopt;
  if (k_[i].number) {
    if (!all_digits(k_[i].norm) || k_[i].norm.size() > 3) return std::nullopt;
    len = 1;
    const int v = to_int(k_[i].norm);
    return v > 0 ? std::optional<int>(v) : std::nullopt;
  }
  int32_t v = 0;
  int32_t extra = 0;
  size_t l = phrase(i, Cat::Number, -1, &v, &extra);
  if (l == 0) return std::nullopt;
  approx = extra != 0;
  int32_t units = 0;
  if ((v == 20 || v == 30 || v == 40 || v == 50) && phrase(i + l, Cat::Number, -1, &units) == 1 &&
      units < 10) {
    v += units;
    ++l;
  }
  len = l;
  return v;
}

std::optional<Match> Grammar::p_core(size_t i) const {
  std::optional<Match> best;
  auto take = [&](std::optional<Match> m) {
    if (m && (!best || m->end > best->end)) best = std::move(m);
  };
  // Each parser runs only when the first token can start what it reads.
  const bool num = i < n_ && k_[i].number;
  const bool the = has_role(i, Role::The);
  const bool rel = has_role(i, Role::Last) || has_role(i, Role::Next) || has_role(i, Role::This);
  const bool ordinal = has_cat(i, Cat::Ordinal);
  if (rel || has_cat(i, Cat::Weekday)) take(p_weekday(i));
  if (has_cat(i, Cat::Month)) take(p_month_first(i));
  if (num || ordinal || the || has_cat(i, Cat::Number)) take(p_day_first(i));
  if (num) {
    take(p_numeric(i));
    take(p_year(i));
    take(p_iso_week(i));
  }
  if (num || (i < n_ && is_apostrophe(k_[i].norm))) take(p_decade(i));
  if (the || num || ordinal) {
    take(p_century(i));
    take(p_quarter(i));
    take(p_nth_weekday(i));
  } else if (i < n_ && k_[i].norm.size() == 2) {
    take(p_quarter(i));
  } else if (rel) {
    take(p_nth_weekday(i));
  }
  if (the || has_cat(i, Cat::Deictic)) take(p_deictic(i));
  if (rel || the) take(p_rel(i));
  if (the || has_role(i, Role::That)) take(p_anaphor(i));
  if (num || has_role(i, Role::In) || has_cat(i, Cat::Number)) take(p_offset(i));
  if (num || the || has_role(i, Role::DurationPrep) || has_role(i, Role::DurationQuant) ||
      has_cat(i, Cat::Number)) {
    take(p_duration(i));
  }
  if (has_cat(i, Cat::Holiday)) take(p_holiday(i));
  if (has_cat(i, Cat::Season)) take(p_season(i));
  if (the) take(p_dom(i));
  return best;
}

std::optional<Match> Grammar::p_mod(size_t i) const {
  if (!has_cat(i, Cat::Mod)) return std::nullopt;
  int32_t mod = 0;
  int32_t with_of = 0;
  size_t l = phrase(i, Cat::Mod, -1, &mod, &with_of);
  if (l == 0) return std::nullopt;
  size_t j = i + l;
  if (with_of) {
    const size_t of = role(j, Role::Of);
    if (of == 0) return std::nullopt;
    j += of;
  }
  std::optional<Match> core = p_core(j);
  // "the end of the year", "end of month" = this year, this month.
  {
    const size_t th = role(j, Role::The);
    int32_t unit = 0;
    int32_t per = 1;
    if (size_t ul = phrase(j + th, Cat::Unit, -1, &unit, &per); ul > 0 && per > 0) {
      const auto u = static_cast<Unit>(unit);
      if (u == Unit::Week || u == Unit::Month || u == Unit::Year || u == Unit::Quarter ||
          u == Unit::Day || u == Unit::Decade) {
        Match m;
        m.p.kind = u == Unit::Day ? PK::Deictic : PK::RelUnit;
        m.p.rel = 0;
        m.p.unit = u;
        m.p.count = 0;
        m.end = j + th + ul;
        if (!core || core->end < m.end) core = m;
      }
    }
  }
  if (!core) return std::nullopt;
  if (core->p.kind == PK::Offset || core->p.kind == PK::Anaphor) {
    if (static_cast<Mod>(mod) != Mod::Approx) return std::nullopt;
  }
  core->p.mod = static_cast<Mod>(mod);
  return core;
}

bool Grammar::name_ok(size_t i, bool strong_context_after) const {
  const Tk& tk = k_[i];
  const bool ambiguous = t_.needs_context.count(tk.norm) > 0;
  if (!ambiguous) return true;
  if (strong_context_after) return true;
  if (n_ == 1 || (n_ == 2 && !k_[1].word && !k_[1].number)) return tk.cap;  // "March" alone
  // "the Sun", "the May elections": an article is not enough for an ambiguous name.
  if (!tk.dotted && i > 0 && role(i - 1, Role::The) == 1) return false;
  return tk.cap && (context_before(i) || tk.dotted);
}

size_t Grammar::attach_time(size_t k, const Parsed& p) const {
  const bool dayish = (p.kind == PK::Date && p.day > 0) || p.kind == PK::Weekday ||
                      p.kind == PK::Deictic || p.kind == PK::DayOfMonth || p.kind == PK::Holiday ||
                      p.kind == PK::NthWeekday ||
                      ((p.kind == PK::Anaphor || p.kind == PK::Offset) && p.unit == Unit::Day);
  if (!dayish) return k;
  size_t j = k;
  if (is(j, ",")) ++j;
  if (size_t at = role(j, Role::At); at > 0) j += at;
  if (j >= n_) return k;
  if (size_t c = role(j, Role::Clock); c > 0 && !k_[j].number) {
    return j + c;  // "at noon"
  }
  if (!k_[j].number) return k;
  const std::string_view s = k_[j].norm;
  size_t digits = 0;
  while (digits < s.size() && ((s[digits] >= '0' && s[digits] <= '9') || s[digits] == ':'))
    ++digits;
  const std::string_view suffix = std::string_view(s).substr(digits);
  if (!suffix.empty() && word_has_role(suffix, Role::Clock)) return j + 1;  // "5pm"
  if (!suffix.empty()) return k;
  if (size_t c = role(j + 1, Role::Clock); c > 0) return j + 1 + c;
  if (s.find(':') != std::string::npos && j > k) return j + 1;  // "at 17:00"
  return k;
}

}  // namespace entente::temporal
