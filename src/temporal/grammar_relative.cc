// Grammar productions for dates relative to another: deictic words ("yesterday"),
// "last/next/this" + unit, anaphors ("the following day"), offsets ("three weeks ago"),
// holidays, seasons, quarters and a bare day of month ("on the 28th").
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

std::optional<Match> Grammar::p_deictic(size_t i) const {
  int32_t off = 0;
  Match m;
  m.p.kind = PK::Deictic;
  if (size_t l = phrase(i, Cat::Deictic, -1, &off); l > 0) {
    // "Apocalypse Now", "Tomorrow Never Dies": a capital inside a sentence is a name.
    if (k_[i].cap && i > 0 && k_[i - 1].word) return std::nullopt;
    m.p.count = off;
    size_t k = i + l;
    if (size_t pd = phrase(k, Cat::PartOfDay); pd > 0) k += pd;
    m.end = k;
    return m;
  }
  // "the day after tomorrow", "the day before yesterday"
  size_t th = role(i, Role::The);
  if (th == 0) return std::nullopt;
  int32_t unit = 0;
  if (phrase(i + th, Cat::Unit, -1, &unit) != 1 || static_cast<Unit>(unit) != Unit::Day)
    return std::nullopt;
  size_t k = i + th + 1;
  int delta = 0;
  if (size_t a = role(k, Role::After); a > 0) {
    delta = 1;
    k += a;
  } else if (size_t b = role(k, Role::Before); b > 0) {
    delta = -1;
    k += b;
  } else {
    return std::nullopt;
  }
  size_t l = phrase(k, Cat::Deictic, -1, &off);
  if (l == 0) return std::nullopt;
  m.p.count = off + delta;
  m.end = k + l;
  return m;
}

std::optional<Match> Grammar::p_rel(size_t i) const {
  int rel = kBare;
  size_t l = 0;
  if ((l = role(i, Role::Last)) > 0) {
    rel = -1;
  } else if ((l = role(i, Role::Next)) > 0) {
    rel = 1;
  } else if ((l = role(i, Role::This)) > 0) {
    rel = 0;
  } else if ((l = role(i, Role::The)) > 0) {
    int32_t unit = 0;
    // "the week after next", "the month before last"
    if (phrase(i + l, Cat::Unit, -1, &unit) == 1 && static_cast<Unit>(unit) != Unit::Day) {
      const size_t a = role(i + l + 1, Role::After);
      const size_t b = role(i + l + 1, Role::Before);
      if (a > 0 && role(i + l + 1 + a, Role::Next) == 1) {
        Match m;
        m.p.kind = PK::RelUnit;
        m.p.unit = static_cast<Unit>(unit);
        m.p.rel = 2;
        m.end = i + l + 2 + a;
        return m;
      }
      if (b > 0 && role(i + l + 1 + b, Role::Last) == 1) {
        Match m;
        m.p.kind = PK::RelUnit;
        m.p.unit = static_cast<Unit>(unit);
        m.p.rel = -2;
        m.end = i + l + 2 + b;
        return m;
      }
    }
    // "the weekend"
    if (phrase(i + l, Cat::Unit, -1, &unit) == 1 && static_cast<Unit>(unit) == Unit::Weekend &&
        !(i + l + 1 < n_ && k_[i + l + 1].norm == "of")) {
      Match m;
      m.p.kind = PK::Weekend;
      m.end = i + l + 1;
      return m;
    }
    return std::nullopt;
  } else {
    return std::nullopt;
  }
  const size_t j = i + l;
  int32_t v = 0;
  Match m;
  m.p.rel = rel;
  if (phrase(j, Cat::Unit, -1, &v) == 1) {
    const auto u = static_cast<Unit>(v);
    if (u == Unit::Day) return std::nullopt;
    m.p.kind = PK::RelUnit;
    m.p.unit = u;
    m.end = j + 1;
    // "next week Friday", "last week on Monday"
    if (u == Unit::Week && rel != kBare) {
      size_t w = j + 1;
      if (role(w, Role::Context) == 1 || is(w, ",")) ++w;
      int32_t wd = 0;
      if (size_t wl = phrase(w, Cat::Weekday, -1, &wd); wl > 0 && k_[w].cap) {
        m.p.kind = PK::Weekday;
        m.p.weekday = wd;
        m.p.week_rel = rel;
        m.p.rel = kBare;
        m.end = w + wl;
      }
    }
    return m;
  }
  if (size_t ml = phrase(j, Cat::Month, -1, &v); ml > 0) {
    m.p.kind = PK::Date;
    m.p.month = v;
    m.end = j + ml;
    return m;
  }
  if (size_t sl = phrase(j, Cat::Season, -1, &v); sl > 0) {
    m.p.kind = PK::Season;
    m.p.index = v;
    m.end = j + sl;
    return m;
  }
  if (size_t hl = phrase(j, Cat::Holiday, -1, &v); hl > 0) {
    m.p.kind = PK::Holiday;
    m.p.index = v;
    m.end = j + hl;
    return m;
  }
  return std::nullopt;
}

std::optional<Match> Grammar::p_anaphor(size_t i) const {
  Match m;
  m.p.kind = PK::Anaphor;
  m.p.anaphoric = true;
  size_t j = 0;
  int delta = 0;
  if (size_t th = role(i, Role::The); th > 0) {
    j = i + th;
    size_t l = 0;
    if ((l = role(j, Role::Previous)) > 0) {
      delta = -1;
    } else if ((l = role(j, Role::Following)) > 0) {
      delta = 1;
    } else if ((l = role(j, Role::Same)) > 0) {
      delta = 0;
    } else {
      // "the day before", "the day after"
      int32_t unit = 0;
      if (phrase(j, Cat::Unit, -1, &unit) != 1 || static_cast<Unit>(unit) != Unit::Day)
        return std::nullopt;
      if (size_t a = role(j + 1, Role::After); a > 0) {
        m.p.count = 1;
        m.end = j + 1 + a;
      } else if (size_t b = role(j + 1, Role::Before); b > 0) {
        m.p.count = -1;
        m.end = j + 1 + b;
      } else {
        return std::nullopt;
      }
      m.p.unit = Unit::Day;
      return m;
    }
    j += l;
  } else if (size_t tl = role(i, Role::That); tl > 0) {
    j = i + tl;
    delta = 0;
  } else {
    return std::nullopt;
  }
  int32_t unit = 0;
  int32_t per = 1;
  if (phrase(j, Cat::Unit, -1, &unit, &per) == 1 && per > 0) {
    const auto u = static_cast<Unit>(unit);
    if (u == Unit::Decade || u == Unit::Century || u == Unit::Weekend) return std::nullopt;
    m.p.unit = u;
    m.p.count = delta;
    m.end = j + 1;
    return m;
  }
  if (size_t pd = phrase(j, Cat::PartOfDay); pd > 0 && (delta != 0 || role(i, Role::The))) {
    m.p.unit = Unit::Day;
    m.p.count = delta;
    m.end = j + pd;
    return m;
  }
  return std::nullopt;
}

std::optional<Match> Grammar::p_offset(size_t i) const {
  size_t j = i;
  const size_t in = role(i, Role::In);
  j += in;
  size_t len = 0;
  bool approx = false;
  auto n = count_at(j, len, approx);
  if (!n) return std::nullopt;
  j += len;
  int32_t unit = 0;
  int32_t per = 1;
  if (phrase(j, Cat::Unit, -1, &unit, &per) != 1) return std::nullopt;
  ++j;
  Match m;
  m.p.kind = PK::Offset;
  m.p.unit = static_cast<Unit>(unit);
  // "48 hours later" is two days; a negative `per` is a divisor (hours and minutes).
  m.p.count = per > 0 ? *n * per : *n / -per;
  if (approx) m.p.mod = Mod::Approx;
  m.p.index = approx ? 0 : 1;  // as a length: a vague count ("several") is "X"
  if (in > 0) {
    if (size_t fn = role(j, Role::FromNow); fn > 0) j += fn;
    m.p.sign = 1;
    m.p.in_form = true;  // the tagger makes a length of it in a past or superlative clause
    m.end = j;
    return m;
  }
  if (size_t a = role(j, Role::Ago); a > 0) {
    m.p.sign = -1;
    m.end = j + a;
  } else if (size_t f = role(j, Role::FromNow); f > 0) {
    m.p.sign = 1;
    m.end = j + f;
  } else if (size_t l = role(j, Role::Later); l > 0) {
    // "three years after the war began", "24 years on the run": a length (p_duration).
    if (role(j, Role::Context) > 0 && j + l < n_ && (k_[j + l].word || k_[j + l].number)) {
      return std::nullopt;
    }
    // "two days later" (but not "three days after the vote" when a date follows)
    m.p.sign = 1;
    m.p.anaphoric = true;
    m.end = j + l;
  } else if (size_t e = role(j, Role::Earlier); e > 0) {
    m.p.sign = -1;
    m.p.anaphoric = true;
    m.end = j + e;
  } else {
    return std::nullopt;
  }
  return m;
}

std::optional<Match> Grammar::p_holiday(size_t i) const {
  int32_t h = 0;
  size_t l = phrase(i, Cat::Holiday, -1, &h);
  if (l == 0) return std::nullopt;
  if (!k_[i].cap && t_.needs_context.count(k_[i].norm) &&
      !(role(i, Role::The) > 0 && i + 1 < n_ && k_[i + 1].cap))
    return std::nullopt;
  // "Lunar New Year", "Orthodox Christmas": another holiday of the same name.
  if (i > 0 && k_[i - 1].cap && k_[i - 1].word && (i > 1 || role(i - 1, Role::Context) == 0))
    return std::nullopt;
  Match m;
  m.p.kind = PK::Holiday;
  m.p.index = h;
  size_t k = i + l;
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

std::optional<Match> Grammar::p_season(size_t i) const {
  int32_t s = 0;
  size_t l = phrase(i, Cat::Season, -1, &s);
  if (l == 0) return std::nullopt;
  Match m;
  m.p.kind = PK::Season;
  m.p.index = s;
  size_t k = i + l;
  size_t y = k;
  if (size_t of = role(y, Role::Of); of > 0) {
    y += of;
  } else if (is(y, ",")) {
    ++y;
  }
  if (auto yr = year_at(y)) {
    m.p.year = *yr;
    m.p.has_year = true;
    m.end = y + 1;
    return m;
  }
  if (role(k, Role::Of) > 0) return std::nullopt;              // "the fall of the wall"
  if (k < n_ && k_[k].cap && k_[k].word) return std::nullopt;  // "Spring Festival"
  if (!context_before(i)) return std::nullopt;
  m.end = k;
  return m;
}

std::optional<Match> Grammar::p_quarter(size_t i) const {
  Match m;
  m.p.kind = PK::Quarter;
  size_t k = 0;
  const std::string_view w = i < n_ ? k_[i].norm : std::string_view();
  if (w.size() == 2 && w[1] >= '1' && w[1] <= '4' && i < n_ && role(i, Role::Quarter) == 0) {
    // "Q3": the letter is a role, the token is "q3".
    bool is_q = false;
    const std::string letter(1, static_cast<char>(w[0] >= 'A' && w[0] <= 'Z' ? w[0] + 32 : w[0]));
    if (const temporal::FirstWord* fw = t_.words.find(letter)) {
      for (uint32_t idx : fw->ids) {
        const auto& ph = t_.phrases[idx];
        if (ph.cat == Cat::Role && ph.value == static_cast<int32_t>(Role::Quarter)) is_q = true;
      }
    }
    if (!is_q || !k_[i].cap) return std::nullopt;
    m.p.index = w[1] - '0';
    k = i + 1;
  } else {
    size_t j = i + role(i, Role::The);
    size_t len = 0;
    bool ordinal = false;
    auto n = day_at(j, len, &ordinal);
    if (!n || !ordinal || *n > 4) return std::nullopt;
    int32_t unit = 0;
    if (phrase(j + len, Cat::Unit, -1, &unit) != 1 || static_cast<Unit>(unit) != Unit::Quarter)
      return std::nullopt;
    m.p.index = *n;
    k = j + len + 1;
  }
  size_t y = k;
  if (size_t of = role(y, Role::Of); of > 0) y += of;
  if (auto yr = year_at(y)) {
    m.p.year = *yr;
    m.p.has_year = true;
    k = y + 1;
  }
  m.end = k;
  return m;
}

std::optional<Match> Grammar::p_dom(size_t i) const {
  const size_t th = role(i, Role::The);
  if (th == 0 || !context_before(i)) return std::nullopt;
  size_t len = 0;
  bool ordinal = false;
  auto d = day_at(i + th, len, &ordinal);
  if (!d || !ordinal) return std::nullopt;
  const size_t k = i + th + len;
  if (k < n_ && k_[k].word && !k_[k].cap) return std::nullopt;  // "the 28th floor"
  // "the first United States case": a word ordinal is a day only at the end of a phrase.
  if (!k_[i + th].number && k < n_ && k_[k].word) return std::nullopt;
  Match m;
  m.p.kind = PK::DayOfMonth;
  m.p.day = *d;
  m.end = k;
  return m;
}

}  // namespace entente::temporal
