// The time tagger: a hand-written grammar over the tokens of each sentence (no regex), then
// resolution of what it read against the DCT or the last mentioned date (DATES.md).
#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "entente/temporal.h"
#include "temporal/calendar.h"
#include "temporal/tables.h"

namespace entente {

using temporal::Cat;
using temporal::IsoWeek;
using temporal::Mod;
using temporal::Role;
using temporal::Tables;
using temporal::Unit;

std::string_view granularity_name(Granularity g) {
  switch (g) {
    case Granularity::Day:
      return "day";
    case Granularity::Week:
      return "week";
    case Granularity::Month:
      return "month";
    case Granularity::Quarter:
      return "quarter";
    case Granularity::Season:
      return "season";
    case Granularity::Year:
      return "year";
    case Granularity::Decade:
      return "decade";
    case Granularity::Century:
      return "century";
  }
  return "day";
}

namespace {

// One token as the grammar sees it (hyphenated words are split: "mid-August").
struct Tk {
  Span span;
  std::string_view norm;  // normalised text, in the per-sentence arena
  bool cap = false;
  bool word = false;
  bool number = false;
  bool space_before = false;
  bool dotted = false;       // written with a final dot ("Sun.")
  bool joined_next = false;  // a piece of a hyphenated word that goes on ("fall" in "fall-out")
  const temporal::FirstWord* entries = nullptr;
};

enum class Dir : uint8_t { None, Back, Fwd, Nearest };
enum class Tense : uint8_t { None, Past, Future };

enum class PK : uint8_t {
  Date,        // year / month / day as written (any may be missing)
  Weekday,     // bare, last/next/this, or with a week ("Monday next week")
  DayOfMonth,  // "on the 28th"
  Deictic,     // today, yesterday ...
  RelUnit,     // this/last/next week, month ...
  Weekend,     // "the weekend"
  Offset,      // N units ago / from now / later / in N units
  Anaphor,     // the previous / following day ...
  Holiday,
  Season,
  Quarter,
  Decade,
  Century,
  NthWeekday,     // "the first Monday of September"
  NthWeekdayRel,  // "the first Monday of next month"
  IsoWeekOf,      // "2020-W53"
  DayOfRelMonth,  // "the 5th of next month"
};

constexpr int kBare = 99;

struct Parsed {
  PK kind = PK::Date;
  int year = 0;
  bool has_year = false;
  int month = 0;
  int day = 0;
  int weekday = 0;
  int rel = kBare;  // -1 last, 0 this, +1 next
  int week_rel = kBare;
  Unit unit = Unit::Day;
  int count = 0;
  int index = -1;  // holiday or season index, quarter number
  Mod mod = Mod::None;
  bool anaphoric = false;
  int sign = 0;    // offsets: -1 / +1
  int decade = 0;  // first year of a decade; century: hundreds (18 for the 1800s)
};

struct Match {
  size_t end = 0;
  Parsed p;
};

struct Out {
  std::string value;
  Granularity g = Granularity::Day;
  std::optional<CivilDate> begin, end;
};

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

int to_int(std::string_view s) {
  int v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

bool is_apostrophe(std::string_view s) { return s == "'" || s == "\xE2\x80\x99"; }

// ---- Output values -------------------------------------------------------------------------

Out day_out(CivilDate d) { return {d.iso(), Granularity::Day, d, d}; }

Out month_out(int y, int m) {
  return {temporal::year_string(y) + "-" + temporal::two_digits(m), Granularity::Month,
          CivilDate{y, m, 1}, CivilDate{y, m, temporal::days_in_month(y, m)}};
}

Out year_out(int y) {
  return {temporal::year_string(y), Granularity::Year, CivilDate{y, 1, 1}, CivilDate{y, 12, 31}};
}

Out week_out(IsoWeek w) {
  const CivilDate mon = temporal::iso_week_monday(w.year, w.week);
  return {temporal::year_string(w.year) + "-W" + temporal::two_digits(w.week), Granularity::Week,
          mon, temporal::add_days(mon, 6)};
}

Out weekend_out(IsoWeek w) {
  const CivilDate mon = temporal::iso_week_monday(w.year, w.week);
  return {temporal::year_string(w.year) + "-W" + temporal::two_digits(w.week) + "-WE",
          Granularity::Week, temporal::add_days(mon, 5), temporal::add_days(mon, 6)};
}

Out quarter_out(int y, int q) {
  const int m1 = 3 * (q - 1) + 1;
  return {temporal::year_string(y) + "-Q" + std::to_string(q), Granularity::Quarter,
          CivilDate{y, m1, 1}, CivilDate{y, m1 + 2, temporal::days_in_month(y, m1 + 2)}};
}

Out season_out(int y, const temporal::SeasonDef& s) {
  int y2 = y;
  int m2 = s.first_month;
  temporal::add_months(y2, m2, 2);
  return {temporal::year_string(y) + "-" + s.code, Granularity::Season,
          CivilDate{y, s.first_month, 1}, CivilDate{y2, m2, temporal::days_in_month(y2, m2)}};
}

Out decade_out(int start) {
  std::string v = temporal::year_string(start);
  v.back() = 'X';
  return {v, Granularity::Decade, CivilDate{start, 1, 1}, CivilDate{start + 9, 12, 31}};
}

Out century_out(int hundreds) {
  const int start = hundreds * 100;
  std::string v = temporal::year_string(start);
  v[2] = 'X';
  v[3] = 'X';
  return {v, Granularity::Century, CivilDate{start, 1, 1}, CivilDate{start + 99, 12, 31}};
}

Out unresolved(std::string value, Granularity g) { return {std::move(value), g, {}, {}}; }

int quarter_of(int month) { return (month - 1) / 3 + 1; }

}  // namespace

struct TimeTagger::Impl {
  Tables t;
  TemporalOptions options;
  Segmenter plain{SegmenterRules{}, SegmenterOptions{}};
};

namespace {

// The grammar over one sentence's tokens.
class Grammar {
 public:
  Grammar(const Tables& t, const TemporalOptions& o, const std::vector<Tk>& toks)
      : t_(t), o_(o), k_(toks.data()), n_(toks.size()) {}

  // Longest expression starting at token i.
  std::optional<Match> parse_at(size_t i) const {
    std::optional<Match> best;
    auto take = [&](std::optional<Match> m) {
      if (m && (!best || m->end > best->end)) best = std::move(m);
    };
    take(p_mod(i));
    take(p_core(i));
    if (best) best->end = attach_time(best->end, best->p);
    return best;
  }

  // Whether a "since" phrase ends right before token i.
  bool after_since(size_t i) const {
    for (size_t len = 1; len <= 2 && len <= i; ++len) {
      if (role(i - len, Role::Since) == len) return true;
    }
    return false;
  }

  Tense tense(size_t b, size_t e) const {
    auto check = [&](size_t j) -> Tense {
      if (phrase(j, Cat::Future) > 0) return Tense::Future;
      // "is meeting on Friday": a present progressive is an arrangement ahead.
      const std::string_view v = k_[j].norm;
      if (k_[j].word && !k_[j].cap && v.size() >= 5 && v.substr(v.size() - 3) == "ing" && j > 0 &&
          role(j - 1, Role::Progressive) == 1) {
        return Tense::Future;
      }
      if (phrase(j, Cat::Past) > 0) return Tense::Past;
      const std::string_view w = k_[j].norm;
      if (k_[j].word && !k_[j].cap && w.size() >= 5 && w.compare(w.size() - 2, 2, "ed") == 0 &&
          !t_.not_past.count(w)) {
        return Tense::Past;
      }
      return Tense::None;
    };
    auto is_break = [&](size_t j) {
      const std::string_view w = k_[j].norm;
      return w == ";" || w == ":" || w == "(" || w == ")" || w == "--" || w == "\xE2\x80\x94" ||
             phrase(j, Cat::ClauseBreak) > 0;
    };
    for (size_t n = 0, j = b; j > 0 && n < 14; ++n) {
      --j;
      // Skip a parenthetical relative clause between commas: "The summit, which opened
      // Tuesday, ends on Thursday" reads "ends", not "opened".
      if (k_[j].norm == "," && j > 0) {
        size_t p = j;
        while (p > 0 && j - p < 16 && k_[p - 1].norm != ",") --p;
        if (p > 0 && j - p < 16 && phrase(p, Cat::ClauseBreak) > 0) {
          j = p - 1;  // at the opening comma
          continue;
        }
      }
      const Tense r = check(j);
      // A participle after "be" ("will be held") says nothing: the auxiliary before decides.
      if (r == Tense::Past && j > 0 && role(j - 1, Role::Passive) > 0) continue;
      if (r != Tense::None) return r;
      // "agreed to meet in October": the infinitive governs the date; a future phrase that
      // ends with this "to" ("plans to", "is due to") still reads forwards.
      if (role(j, Role::Infinitive) > 0 && j + 1 < b && k_[j + 1].word && !k_[j + 1].cap) {
        for (size_t back = 1; back <= 3 && back <= j; ++back) {
          if (phrase(j - back, Cat::Future) >= back) return Tense::Future;
        }
        return Tense::None;
      }
      if (is_break(j)) break;
    }
    for (size_t n = 0, j = e; j < n_ && n < 14; ++n, ++j) {
      // "On Sunday, the envoy, who will leave soon, arrived": skip the relative clause.
      if (k_[j].norm == "," && j + 1 < n_ && phrase(j + 1, Cat::ClauseBreak) > 0 && j > e) {
        size_t q = j + 1;
        while (q < n_ && q - j < 16 && k_[q].norm != ",") ++q;
        if (q < n_ && k_[q].norm == ",") {
          j = q;
          continue;
        }
      }
      if (is_break(j)) break;
      const Tense r = check(j);
      if (r != Tense::None) return r;
    }
    return Tense::None;
  }

 private:
  const Tables& t_;
  const TemporalOptions& o_;
  const Tk* k_;  // the sentence's tokens
  size_t n_;     // how many

  // Length in tokens of the longest phrase of `cat` (and `value` for roles) at i, else 0.
  size_t phrase(size_t i, Cat cat, int32_t role = -1, int32_t* value = nullptr,
                int32_t* extra = nullptr) const {
    if (i >= n_) return 0;
    const bool tense_cat = cat == Cat::Future || cat == Cat::Past || cat == Cat::ClauseBreak;
    const temporal::FirstWord* entries = tense_cat ? t_.tense.find(k_[i].norm) : k_[i].entries;
    if (!entries) return 0;
    const temporal::FirstWord& fw = *entries;
    if (!(fw.cat_mask & (1u << static_cast<unsigned>(cat)))) return 0;
    if (role >= 0 && !(fw.role_mask & (1u << static_cast<unsigned>(role)))) return 0;
    for (uint32_t idx : fw.ids) {
      const auto& ph = t_.phrases[idx];
      if (ph.cat != cat || (role >= 0 && ph.value != role)) continue;
      if (i + ph.words.size() > n_) continue;
      bool ok = true;
      for (size_t w = 1; w < ph.words.size() && ok; ++w) ok = k_[i + w].norm == ph.words[w];
      if (!ok) continue;
      if (value) *value = ph.value;
      if (extra) *extra = ph.extra;
      return ph.words.size();
    }
    return 0;
  }
  size_t role(size_t i, Role r) const {
    if (i >= n_ || !k_[i].entries) return 0;
    const uint32_t bit = 1u << static_cast<unsigned>(r);
    if (!(k_[i].entries->role_mask & bit)) return 0;
    if (k_[i].entries->single_role_mask & bit) return 1;
    return phrase(i, Cat::Role, static_cast<int32_t>(r));
  }
  // Whether a one-word phrase of role `r` is exactly `w` (a suffix such as "th" or "pm").
  bool word_has_role(std::string_view w, Role r) const {
    const temporal::FirstWord* fw = t_.words.find(w);
    return fw && (fw->single_role_mask & (1u << static_cast<unsigned>(r))) != 0;
  }
  bool has_cat(size_t i, Cat c) const {
    return i < n_ && k_[i].entries && (k_[i].entries->cat_mask & (1u << static_cast<unsigned>(c)));
  }
  bool has_role(size_t i, Role r) const {
    return i < n_ && k_[i].entries && (k_[i].entries->role_mask & (1u << static_cast<unsigned>(r)));
  }
  bool is(size_t i, std::string_view s) const { return i < n_ && k_[i].norm == s; }
  bool context_before(size_t i) const {
    if (i == 0) return false;
    // A context phrase ending right before i ("on", "as of").
    for (size_t len = 1; len <= 3 && len <= i; ++len) {
      if (role(i - len, Role::Context) == len) return true;
    }
    return phrase(i - 1, Cat::Mod) == 1;
  }

  // ---- numbers ----
  // A day of month at i: "28", "28th", "first", "twenty-first", "28-30" (start of a range).
  std::optional<int> day_at(size_t i, size_t& len, bool* ordinal = nullptr) const {
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

  std::optional<int> year_at(size_t i) const {
    if (i >= n_ || !k_[i].number) return std::nullopt;
    const std::string_view s = k_[i].norm;
    if (s.size() != 4 || !all_digits(s)) return std::nullopt;
    const int y = to_int(s);
    if (y < 1000 || y > 2999) return std::nullopt;
    if (i + 1 < n_ && (k_[i + 1].norm == "%")) return std::nullopt;
    return y;
  }

  // A count at i: "two", "a", "3", "a couple of", "twenty five".
  std::optional<int> count_at(size_t i, size_t& len, bool& approx) const {
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

  // ---- grammar ----
  std::optional<Match> p_core(size_t i) const {
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
    if (has_cat(i, Cat::Holiday)) take(p_holiday(i));
    if (has_cat(i, Cat::Season)) take(p_season(i));
    if (the) take(p_dom(i));
    return best;
  }

  // "the first Monday of next month", "the last Friday in August 2024".
  std::optional<Match> p_nth_weekday(size_t i) const {
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
      if (!month || month->p.kind != PK::RelUnit || month->p.unit != Unit::Month)
        return std::nullopt;
    }
    month->p.index = nth;
    month->p.weekday = wd;
    month->p.kind = month->p.kind == PK::RelUnit ? PK::NthWeekdayRel : PK::NthWeekday;
    return month;
  }

  // "2020-W53"
  std::optional<Match> p_iso_week(size_t i) const {
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

  std::optional<Match> p_mod(size_t i) const {
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

  bool name_ok(size_t i, bool strong_context_after) const {
    const Tk& tk = k_[i];
    const bool ambiguous = t_.needs_context.count(tk.norm) > 0;
    if (!ambiguous) return true;
    if (strong_context_after) return true;
    if (n_ == 1 || (n_ == 2 && !k_[1].word && !k_[1].number)) return tk.cap;  // "March" alone
    // "the Sun", "the May elections": an article is not enough for an ambiguous name.
    if (!tk.dotted && i > 0 && role(i - 1, Role::The) == 1) return false;
    return tk.cap && (context_before(i) || tk.dotted);
  }

  std::optional<Match> p_weekday(size_t i) const {
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
      if (date && date->p.kind == PK::Date && date->p.day > 0 &&
          (rel == kBare || date->p.has_year)) {
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

  std::optional<Match> p_month_first(size_t i) const {
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

  std::optional<Match> p_day_first(size_t i) const {
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

  // All-numeric dates: 2023-08-28, 2023/08/28, 8/28/2023, 28.08.2023, 8/28 (with context).
  std::optional<Match> p_numeric_date(size_t i, bool context) const {
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

  std::optional<Match> p_numeric(size_t i) const {
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

  std::optional<Match> p_year(size_t i) const {
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
    Match m;
    m.p.kind = PK::Date;
    m.p.year = *y;
    m.p.has_year = true;
    m.end = i + 1;
    return m;
  }

  std::optional<Match> p_decade(size_t i) const {
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

  std::optional<Match> p_century(size_t i) const {
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

  std::optional<Match> p_deictic(size_t i) const {
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

  std::optional<Match> p_rel(size_t i) const {
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

  std::optional<Match> p_anaphor(size_t i) const {
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

  std::optional<Match> p_offset(size_t i) const {
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
    if (in > 0) {
      if (size_t fn = role(j, Role::FromNow); fn > 0) j += fn;
      m.p.sign = 1;
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

  std::optional<Match> p_holiday(size_t i) const {
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

  std::optional<Match> p_season(size_t i) const {
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

  std::optional<Match> p_quarter(size_t i) const {
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

  // "on the 28th"
  std::optional<Match> p_dom(size_t i) const {
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

  // Clock time after a day: "at 5pm", "5 p.m.", "at 17:00", "at noon".
  size_t attach_time(size_t k, const Parsed& p) const {
    const bool dayish = (p.kind == PK::Date && p.day > 0) || p.kind == PK::Weekday ||
                        p.kind == PK::Deictic || p.kind == PK::DayOfMonth ||
                        p.kind == PK::Holiday || p.kind == PK::NthWeekday ||
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
};

// ---- resolution ----------------------------------------------------------------------------

struct Resolver {
  const Tables& t;
  std::optional<CivilDate> dct;
  // The last date mentioned at each granularity (indexed by Granularity) and when, so that
  // "the following year" after "in 2019" counts from 2019 and "the next day" from a day.
  std::optional<CivilDate> anchors[8] = {};
  uint32_t anchor_seq[8] = {};
  uint32_t seq = 0;

  void remember(Granularity g, CivilDate begin) {
    anchors[static_cast<size_t>(g)] = begin;
    anchor_seq[static_cast<size_t>(g)] = ++seq;
  }

  // The most recent mention at the unit's granularity or finer; the DCT when none.
  std::optional<CivilDate> anchor_for(Unit u) const {
    const size_t level = static_cast<size_t>(unit_granularity(u));
    std::optional<CivilDate> best = dct;
    uint32_t best_seq = 0;
    for (size_t g = 0; g <= level && g < 8; ++g) {
      if (anchors[g] && anchor_seq[g] > best_seq) {
        best = anchors[g];
        best_seq = anchor_seq[g];
      }
    }
    return best;
  }

  static int distance(CivilDate a, CivilDate b) { return std::abs(a.serial() - b.serial()); }

  std::optional<CivilDate> holiday_in(int year, int index) const {
    const auto& h = t.holidays[static_cast<size_t>(index)];
    std::optional<CivilDate> d;
    if (h.easter) {
      d = temporal::add_days(temporal::easter_sunday(year), h.easter_offset);
    } else if (h.day > 0) {
      if (!temporal::valid_date(year, h.month, h.day)) return std::nullopt;
      d = CivilDate{year, h.month, h.day};
    } else {
      d = temporal::nth_weekday(year, h.month, h.weekday, h.nth);
    }
    if (d && h.offset_days != 0) d = temporal::add_days(*d, h.offset_days);
    return d;
  }

  // Picks a year for a (month, day) without one, by direction.
  std::optional<CivilDate> pick_year(int month, int day, Dir dir) const {
    const CivilDate ref = *dct;
    std::optional<CivilDate> best;
    for (int dy = -8; dy <= 8; ++dy) {
      const int y = ref.year + dy;
      if (!temporal::valid_date(y, month, day)) continue;
      const CivilDate c{y, month, day};
      if (dir == Dir::Back && c > ref) continue;
      if (dir == Dir::Fwd && c < ref) continue;
      if (dir == Dir::None && dy != 0 && temporal::valid_date(ref.year, month, day)) continue;
      if (!best || distance(c, ref) < distance(*best, ref)) best = c;
    }
    return best;
  }

  std::optional<Out> resolve(const Parsed& p, Dir dir) const {
    switch (p.kind) {
      case PK::Date:
        return date(p, dir);
      case PK::Weekday:
        return weekday(p, dir);
      case PK::DayOfMonth:
        return day_of_month(p, dir);
      case PK::Deictic:
        if (!dct) return unresolved("XXXX-XX-XX", Granularity::Day);
        return day_out(temporal::add_days(*dct, p.count));
      case PK::RelUnit:
        return rel_unit(p);
      case PK::Weekend: {
        if (!dct) return unresolved("XXXX-WXX-WE", Granularity::Week);
        const int wd = dct->iso_weekday();
        if (dir == Dir::Fwd || wd >= 6) return weekend_out(temporal::iso_week(*dct));
        return weekend_out(temporal::add_weeks(*dct, -1));
      }
      case PK::Offset:
        return offset(p);
      case PK::Anaphor:
        return anaphor(p);
      case PK::Holiday:
        return holiday(p, dir);
      case PK::Season:
        return season(p, dir);
      case PK::Quarter:
        return quarter(p, dir);
      case PK::Decade:
        return decade_out(p.decade);
      case PK::Century:
        return century_out(p.decade);
      case PK::IsoWeekOf:
        return week_out({p.year, p.index});
      case PK::DayOfRelMonth: {
        if (!dct) return unresolved("XXXX-XX-" + temporal::two_digits(p.day), Granularity::Day);
        int y = dct->year;
        int m = dct->month;
        temporal::add_months(y, m, p.rel == kBare ? 0 : p.rel);
        if (!temporal::valid_date(y, m, p.day)) return std::nullopt;
        return day_out({y, m, p.day});
      }
      case PK::NthWeekday:
      case PK::NthWeekdayRel: {
        int y = 0;
        int m = 0;
        if (p.kind == PK::NthWeekdayRel) {
          if (!dct) return unresolved("XXXX-XX-XX", Granularity::Day);
          y = dct->year;
          m = dct->month;
          temporal::add_months(y, m, p.rel == kBare ? 0 : p.rel);
        } else {
          Parsed mp = p;
          mp.kind = PK::Date;
          auto o = date(mp, dir);
          if (!o || !o->begin) return unresolved("XXXX-XX-XX", Granularity::Day);
          y = o->begin->year;
          m = o->begin->month;
        }
        auto d = temporal::nth_weekday(y, m, p.weekday, p.index);
        if (!d) return std::nullopt;
        return day_out(*d);
      }
    }
    return std::nullopt;
  }

  std::optional<Out> date(const Parsed& p, Dir dir) const {
    if (p.has_year) {
      if (p.day > 0) {
        if (!temporal::valid_date(p.year, p.month, p.day)) return std::nullopt;
        return day_out({p.year, p.month, p.day});
      }
      if (p.month > 0) return month_out(p.year, p.month);
      return year_out(p.year);
    }
    if (p.day > 0) {
      if (!temporal::valid_date(2000, p.month, p.day)) return std::nullopt;  // Feb 30
      if (!dct) {
        return unresolved(
            "XXXX-" + temporal::two_digits(p.month) + "-" + temporal::two_digits(p.day),
            Granularity::Day);
      }
      if (p.weekday > 0) {
        // The weekday must agree: the year nearest the DCT in which it does.
        std::optional<CivilDate> best;
        for (int dy = -11; dy <= 11; ++dy) {
          const int y = dct->year + dy;
          if (!temporal::valid_date(y, p.month, p.day)) continue;
          const CivilDate c{y, p.month, p.day};
          if (c.iso_weekday() != p.weekday) continue;
          // The direction still applies when the weekday agrees on both sides.
          if (dir == Dir::Back && c > *dct) continue;
          if (dir == Dir::Fwd && c < *dct) continue;
          if (!best || distance(c, *dct) < distance(*best, *dct)) best = c;
        }
        if (best) return day_out(*best);
      }
      auto d = pick_year(p.month, p.day, dir == Dir::Nearest ? Dir::Nearest : dir);
      if (!d) return std::nullopt;
      return day_out(*d);
    }
    // Month without a year.
    if (!dct) return unresolved("XXXX-" + temporal::two_digits(p.month), Granularity::Month);
    int y = dct->year;
    const int m = p.month;
    if (p.rel == -1) {
      y = m < dct->month ? dct->year : dct->year - 1;
    } else if (p.rel == 1) {
      y = m > dct->month ? dct->year : dct->year + 1;
    } else if (p.rel == 0) {
      y = dct->year;
    } else if (dir == Dir::Back) {
      if (m > dct->month) y = dct->year - 1;
    } else if (dir == Dir::Fwd) {
      if (m < dct->month) y = dct->year + 1;
    } else if (dir == Dir::Nearest) {
      const int diff = m - dct->month;
      if (diff > 6) y = dct->year - 1;
      if (diff < -6) y = dct->year + 1;
    }
    return month_out(y, m);
  }

  std::optional<Out> weekday(const Parsed& p, Dir dir) const {
    if (!dct) {
      if (p.week_rel != kBare)
        return unresolved("XXXX-WXX-" + std::to_string(p.weekday), Granularity::Day);
      return unresolved("XXXX-WXX-" + std::to_string(p.weekday), Granularity::Day);
    }
    const int wd = dct->iso_weekday();
    if (p.week_rel != kBare) {
      const IsoWeek w = temporal::add_weeks(*dct, p.week_rel);
      return day_out(temporal::add_days(temporal::iso_week_monday(w.year, w.week), p.weekday - 1));
    }
    const int back = (wd - p.weekday + 7) % 7;  // days back to the most recent one
    const int fwd = (p.weekday - wd + 7) % 7;   // days forward to the next one
    int off = 0;
    if (p.rel == -1) {
      off = -(back == 0 ? 7 : back);
    } else if (p.rel == 1) {
      off = fwd == 0 ? 7 : fwd;
    } else if (p.rel == 0) {
      off = p.weekday - wd;  // within the DCT's ISO week
    } else if (dir == Dir::Fwd) {
      off = fwd;
    } else if (dir == Dir::Nearest) {
      off = fwd < back ? fwd : -back;
    } else {
      off = -back;
    }
    return day_out(temporal::add_days(*dct, off));
  }

  std::optional<Out> day_of_month(const Parsed& p, Dir dir) const {
    if (!dct) return unresolved("XXXX-XX-" + temporal::two_digits(p.day), Granularity::Day);
    std::optional<CivilDate> best;
    for (int dm = -13; dm <= 13; ++dm) {
      int y = dct->year;
      int m = dct->month;
      temporal::add_months(y, m, dm);
      if (!temporal::valid_date(y, m, p.day)) continue;
      const CivilDate c{y, m, p.day};
      if (p.weekday > 0) {
        if (c.iso_weekday() != p.weekday) continue;
      } else if (dir == Dir::None && dm != 0) {
        // no tense: the DCT's month
        if (temporal::valid_date(dct->year, dct->month, p.day)) continue;
      }
      if ((dir == Dir::Back) && c > *dct) continue;
      if ((dir == Dir::Fwd) && c < *dct) continue;
      if (!best || distance(c, *dct) < distance(*best, *dct)) best = c;
    }
    if (!best) return std::nullopt;
    return day_out(*best);
  }

  std::optional<Out> shift_unit(CivilDate base, Unit u, int n) const {
    switch (u) {
      case Unit::Day:
        return day_out(temporal::add_days(base, n));
      case Unit::Week:
        return week_out(temporal::add_weeks(base, n));
      case Unit::Weekend:
        return weekend_out(temporal::add_weeks(base, n));
      case Unit::Month: {
        int y = base.year;
        int m = base.month;
        temporal::add_months(y, m, n);
        return month_out(y, m);
      }
      case Unit::Quarter: {
        int y = base.year;
        int m = (quarter_of(base.month) - 1) * 3 + 1;
        temporal::add_months(y, m, 3 * n);
        return quarter_out(y, quarter_of(m));
      }
      case Unit::Year:
        return year_out(base.year + n);
      case Unit::Decade: {
        const int start = base.year - ((base.year % 10) + 10) % 10 + 10 * n;
        return decade_out(start);
      }
      case Unit::Century: {
        const int h = base.year / 100 + n;
        return century_out(h);
      }
    }
    return std::nullopt;
  }

  static std::string unresolved_value(Unit u) {
    switch (u) {
      case Unit::Day:
        return "XXXX-XX-XX";
      case Unit::Week:
        return "XXXX-WXX";
      case Unit::Weekend:
        return "XXXX-WXX-WE";
      case Unit::Month:
        return "XXXX-XX";
      case Unit::Quarter:
        return "XXXX-QX";
      case Unit::Year:
        return "XXXX";
      case Unit::Decade:
        return "XXXX";
      case Unit::Century:
        return "XXXX";
    }
    return "XXXX";
  }
  static Granularity unit_granularity(Unit u) {
    switch (u) {
      case Unit::Day:
        return Granularity::Day;
      case Unit::Week:
      case Unit::Weekend:
        return Granularity::Week;
      case Unit::Month:
        return Granularity::Month;
      case Unit::Quarter:
        return Granularity::Quarter;
      case Unit::Year:
        return Granularity::Year;
      case Unit::Decade:
        return Granularity::Decade;
      case Unit::Century:
        return Granularity::Century;
    }
    return Granularity::Day;
  }

  std::optional<Out> rel_unit(const Parsed& p) const {
    if (!dct) return unresolved(unresolved_value(p.unit), unit_granularity(p.unit));
    return shift_unit(*dct, p.unit, p.rel == kBare ? 0 : p.rel);
  }

  std::optional<Out> offset(const Parsed& p) const {
    const std::optional<CivilDate> base = p.anaphoric ? anchor_for(p.unit) : dct;
    if (!base) return unresolved(unresolved_value(p.unit), unit_granularity(p.unit));
    return shift_unit(*base, p.unit, p.sign * p.count);
  }

  std::optional<Out> anaphor(const Parsed& p) const {
    const std::optional<CivilDate> base = anchor_for(p.unit);
    if (!base) return unresolved(unresolved_value(p.unit), unit_granularity(p.unit));
    return shift_unit(*base, p.unit, p.count);
  }

  std::optional<Out> holiday(const Parsed& p, Dir dir) const {
    if (p.has_year) {
      auto d = holiday_in(p.year, p.index);
      if (!d) return std::nullopt;
      return day_out(*d);
    }
    const auto& h = t.holidays[static_cast<size_t>(p.index)];
    if (!dct) {
      if (h.day > 0 && !h.easter && h.offset_days == 0) {
        return unresolved(
            "XXXX-" + temporal::two_digits(h.month) + "-" + temporal::two_digits(h.day),
            Granularity::Day);
      }
      return unresolved("XXXX-XX-XX", Granularity::Day);
    }
    std::optional<CivilDate> best;
    for (int dy = -2; dy <= 2; ++dy) {
      auto c = holiday_in(dct->year + dy, p.index);
      if (!c) continue;
      if (p.rel == -1 && !(*c < *dct)) continue;
      if (p.rel == 1 && !(*c > *dct)) continue;
      if (p.rel == 0 && c->year != dct->year) continue;
      if (p.rel == kBare) {
        if ((dir == Dir::Back || dir == Dir::None) && *c > *dct) continue;
        if (dir == Dir::Fwd && *c < *dct) continue;
      }
      if (!best || distance(*c, *dct) < distance(*best, *dct)) best = c;
    }
    if (!best) return std::nullopt;
    return day_out(*best);
  }

  std::optional<Out> season(const Parsed& p, Dir dir) const {
    const auto& s = t.seasons[static_cast<size_t>(p.index)];
    if (p.has_year) return season_out(p.year, s);
    if (!dct) return unresolved("XXXX-" + s.code, Granularity::Season);
    // Instances of this season around the DCT.
    std::optional<Out> best;
    int best_dist = 0;
    for (int dy = -2; dy <= 2; ++dy) {
      Out o = season_out(dct->year + dy, s);
      const bool contains = *o.begin <= *dct && *dct <= *o.end;
      const bool before = *o.end < *dct;
      const bool after = *o.begin > *dct;
      bool ok = true;
      if (p.rel == -1) ok = before;
      if (p.rel == 1) ok = after;
      if (p.rel == 0) {
        ok = dct->year + dy == (s.first_month == 12 && dct->month <= 2 ? dct->year - 1 : dct->year);
      }
      if (p.rel == kBare) {
        if (dir == Dir::Back) ok = before || contains;
        if (dir == Dir::Fwd) ok = after || contains;
        if (dir == Dir::None) {
          ok = dct->year + dy ==
               (s.first_month == 12 && dct->month <= 2 ? dct->year - 1 : dct->year);
        }
      }
      if (!ok) continue;
      const int dist = contains ? 0 : std::min(distance(*o.begin, *dct), distance(*o.end, *dct));
      if (!best || dist < best_dist) {
        best = o;
        best_dist = dist;
      }
    }
    return best;
  }

  std::optional<Out> quarter(const Parsed& p, Dir dir) const {
    if (p.has_year) return quarter_out(p.year, p.index);
    if (!dct) return unresolved("XXXX-Q" + std::to_string(p.index), Granularity::Quarter);
    const int q = quarter_of(dct->month);
    int y = dct->year;
    if (dir == Dir::Back && p.index > q) y -= 1;
    if (dir == Dir::Fwd && p.index < q) y += 1;
    return quarter_out(y, p.index);
  }
};

std::string_view mod_name(Mod m) {
  switch (m) {
    case Mod::None:
      return "";
    case Mod::Start:
      return "START";
    case Mod::Mid:
      return "MID";
    case Mod::End:
      return "END";
    case Mod::Approx:
      return "APPROX";
  }
  return "";
}

// Whether an expression may start at this token: most words are rejected by two bit tests.
bool can_start(const Tk& tk) {
  if (tk.number) return true;
  if (tk.norm.size() == 2 && tk.norm[1] >= '1' && tk.norm[1] <= '4') return true;  // "Q3"
  if (is_apostrophe(tk.norm)) return true;                                         // "'90s"
  if (!tk.entries) return false;
  constexpr uint32_t kCats =
      (1u << static_cast<unsigned>(Cat::Month)) | (1u << static_cast<unsigned>(Cat::Weekday)) |
      (1u << static_cast<unsigned>(Cat::Season)) | (1u << static_cast<unsigned>(Cat::Holiday)) |
      (1u << static_cast<unsigned>(Cat::Deictic)) | (1u << static_cast<unsigned>(Cat::Mod)) |
      (1u << static_cast<unsigned>(Cat::Number)) | (1u << static_cast<unsigned>(Cat::Ordinal));
  constexpr uint32_t kRoles =
      (1u << static_cast<unsigned>(Role::The)) | (1u << static_cast<unsigned>(Role::Last)) |
      (1u << static_cast<unsigned>(Role::Next)) | (1u << static_cast<unsigned>(Role::This)) |
      (1u << static_cast<unsigned>(Role::In)) | (1u << static_cast<unsigned>(Role::That));
  return (tk.entries->cat_mask & kCats) != 0 || (tk.entries->role_mask & kRoles) != 0;
}

// Whether the token alone can be an expression (a name, a deictic word, a number); other
// starters ("the", "a", "last", "in") need a known word or a number after them.
bool starts_alone(const Tk& tk) {
  if (tk.number || (tk.norm.size() == 2 && tk.norm[1] >= '1' && tk.norm[1] <= '4')) return true;
  if (!tk.entries) return false;
  constexpr uint32_t kCats =
      (1u << static_cast<unsigned>(Cat::Month)) | (1u << static_cast<unsigned>(Cat::Weekday)) |
      (1u << static_cast<unsigned>(Cat::Season)) | (1u << static_cast<unsigned>(Cat::Holiday)) |
      (1u << static_cast<unsigned>(Cat::Deictic));
  constexpr uint32_t kRoles = (1u << static_cast<unsigned>(Role::Last)) |
                              (1u << static_cast<unsigned>(Role::Next)) |
                              (1u << static_cast<unsigned>(Role::This));
  return (tk.entries->cat_mask & kCats) != 0 || (tk.entries->role_mask & kRoles) != 0;
}

// Whether the token may continue an expression begun by "the", "a", "in" ...
bool continues(const Tk& tk) {
  if (tk.number || is_apostrophe(tk.norm)) return true;
  if (!tk.entries) return false;
  constexpr uint32_t kCats =
      (1u << static_cast<unsigned>(Cat::Month)) | (1u << static_cast<unsigned>(Cat::Weekday)) |
      (1u << static_cast<unsigned>(Cat::Season)) | (1u << static_cast<unsigned>(Cat::Holiday)) |
      (1u << static_cast<unsigned>(Cat::Deictic)) | (1u << static_cast<unsigned>(Cat::Unit)) |
      (1u << static_cast<unsigned>(Cat::Number)) | (1u << static_cast<unsigned>(Cat::Ordinal)) |
      (1u << static_cast<unsigned>(Cat::Mod)) | (1u << static_cast<unsigned>(Cat::PartOfDay));
  constexpr uint32_t kRoles =
      (1u << static_cast<unsigned>(Role::Last)) | (1u << static_cast<unsigned>(Role::Next)) |
      (1u << static_cast<unsigned>(Role::This)) | (1u << static_cast<unsigned>(Role::Previous)) |
      (1u << static_cast<unsigned>(Role::Following)) | (1u << static_cast<unsigned>(Role::Same)) |
      (1u << static_cast<unsigned>(Role::Of));
  return (tk.entries->cat_mask & kCats) != 0 || (tk.entries->role_mask & kRoles) != 0;
}

// Builds the grammar's tokens for tokens [first, first + count) of `seg`.
// `arena` (at least doc.text.size() bytes, never resized here) holds the normalised words;
// `used` is how much of it is taken.
void build_tokens(const Tables& t, const Document& doc, const Segmentation& seg, size_t first,
                  size_t count, std::vector<Tk>& out, std::string& arena, size_t& used) {
  out.clear();
  const std::string_view text = doc.text;
  auto add = [&](Span span, bool word_kind, bool number, bool space) {
    Tk& tk = out.emplace_back();  // filled in place: no copy of a half-written struct
    tk.span = span;
    const std::string_view raw = text.substr(span.begin, span.size());
    // Fast path: a word that no phrase contains keeps its raw bytes as its form (the grammar
    // only compares it with punctuation and looks at its suffix). Dotted, curly-quoted and
    // numeric tokens are always normalised.
    const auto c0 = static_cast<unsigned char>(raw[0]);
    const auto lc0 = static_cast<unsigned char>(c0 >= 'A' && c0 <= 'Z' ? c0 + 32 : c0);
    const bool plain = !number && raw.size() < 32 && c0 < 0x80 && raw.back() != '.' &&
                       !(t.any_filter[lc0] & (1u << raw.size()));
    if (plain) {
      tk.norm = raw;
    } else {
      ENTENTE_ASSERT(used + raw.size() <= arena.size(), "arena sized to the text");
      const size_t len = temporal::normalize_into(raw, arena.data() + used);
      tk.norm = std::string_view(arena.data() + used, len);
      used += len;
      tk.entries = t.words.find(tk.norm);
    }
    tk.cap = c0 >= 'A' && c0 <= 'Z';
    tk.dotted = raw.size() > 1 && raw.back() == '.';
    tk.word = word_kind;
    tk.number = number;
    tk.space_before = space;
  };
  for (size_t k = first; k < first + count && k < seg.tokens.size(); ++k) {
    const Token& tok = seg.tokens[k];
    const std::string_view raw = text.substr(tok.span.begin, tok.span.size());
    if (tok.kind == TokenKind::Word && raw.find('-') != std::string_view::npos && raw.size() > 1) {
      // "mid-August", "third-quarter", "twenty-first": one grammar token per piece.
      uint32_t b = tok.span.begin;
      bool space = tok.space_before;
      for (uint32_t p = tok.span.begin; p <= tok.span.end; ++p) {
        if (p == tok.span.end || text[p] == '-') {
          if (p > b) {
            const auto c = static_cast<unsigned char>(text[b]);
            const bool digit = c >= '0' && c <= '9';
            add({b, p}, !digit, digit, space);
            out.back().joined_next = p < tok.span.end;
            space = false;
          }
          b = p + 1;
        }
      }
      continue;
    }
    add(tok.span, tok.kind == TokenKind::Word, tok.kind == TokenKind::Number, tok.space_before);
  }
}

}  // namespace

TimeTagger::TimeTagger(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
TimeTagger::~TimeTagger() = default;
TimeTagger::TimeTagger(TimeTagger&&) noexcept = default;
TimeTagger& TimeTagger::operator=(TimeTagger&&) noexcept = default;

Result<TimeTagger> TimeTagger::create(const Lexicon& lexicon, TemporalOptions options) {
  auto tables = temporal::load_tables(lexicon);
  if (!tables) return tables.error();
  if (tables->phrases.empty()) {
    return make_error(Errc::InvalidData,
                      "no \"temporal\" data found (data/temporal/*.json): the time tagger needs "
                      "month and weekday names",
                      "data/temporal");
  }
  auto impl = std::make_unique<Impl>();
  // Datelines are read without the pipeline's abbreviation lists: month and weekday
  // abbreviations keep their dots ("Aug. 29").
  SegmenterRules rules;
  for (const auto& ph : tables->phrases) {
    if ((ph.cat == Cat::Month || ph.cat == Cat::Weekday) && ph.words.size() == 1) {
      rules.abbreviations.push_back(ph.words.front());
    }
  }
  impl->plain = Segmenter(std::move(rules), SegmenterOptions{});
  impl->t = std::move(tables.value());
  impl->options = options;
  return TimeTagger(std::move(impl));
}

Result<std::vector<TimeExpr>> TimeTagger::tag(const Document& doc, const Segmentation& seg) const {
  std::vector<TimeExpr> out;
  std::vector<Tk> toks;
  std::string arena;
  toks.reserve(seg.tokens.size() + 8);
  arena.resize(doc.text.size() + 1);
  Resolver res{impl_->t, doc.dct};
  for (size_t si = 0; si < seg.sentences.size(); ++si) {
    const Sentence& sent = seg.sentences[si];
    if (sent.first_token + sent.token_count > seg.tokens.size()) {
      return make_error(Errc::InvalidInput, "segmentation does not belong to this document",
                        doc.origin.empty() ? doc.id : doc.origin);
    }
    size_t used = 0;
    build_tokens(impl_->t, doc, seg, sent.first_token, sent.token_count, toks, arena, used);
    Grammar g(impl_->t, impl_->options, toks);
    for (size_t i = 0; i < toks.size();) {
      if (!can_start(toks[i]) ||
          (!starts_alone(toks[i]) && !(i + 1 < toks.size() && continues(toks[i + 1])))) {
        ++i;
        continue;
      }
      auto m = g.parse_at(i);
      if (!m || m->end <= i || toks[m->end - 1].joined_next) {
        ++i;  // none here, or it would end inside a hyphenated word ("fall-out")
        continue;
      }
      Dir dir = Dir::None;
      switch (impl_->options.prefer) {
        case Prefer::Past:
          dir = Dir::Back;
          break;
        case Prefer::Future:
          dir = Dir::Fwd;
          break;
        case Prefer::Nearest:
          dir = Dir::Nearest;
          break;
        case Prefer::News: {
          if (g.after_since(i)) {
            dir = Dir::Back;  // "since March": the past, whatever the verb
            break;
          }
          const Tense tn = g.tense(i, m->end);
          dir = tn == Tense::Past ? Dir::Back : tn == Tense::Future ? Dir::Fwd : Dir::None;
          break;
        }
      }
      auto o = res.resolve(m->p, dir);
      if (o) {
        TimeExpr e;
        e.span = {toks[i].span.begin, toks[m->end - 1].span.end};
        e.sentence = static_cast<uint32_t>(si);
        e.value = std::move(o->value);
        e.granularity = o->g;
        e.mod = std::string(mod_name(m->p.mod));
        e.date_begin = o->begin;
        e.date_end = o->end;
        e.anaphoric = m->p.anaphoric;
        if (e.date_begin) res.remember(e.granularity, *e.date_begin);
        out.push_back(std::move(e));
      }
      i = m->end;
    }
  }
  return out;
}

std::optional<CivilDate> TimeTagger::dateline_date(const Document& doc,
                                                   std::optional<CivilDate> hint) const {
  // The first non-empty lines of the story (at most 6 lines within 800 bytes): a line that is
  // only a date ("Sunday, January 8, 2023"), or a dateline that ends at a dash or an agency
  // in parentheses ("BEIJING, Aug. 29 (Reuters) -") and has no lower-case word before it, so
  // that a photo caption or a headline does not count.
  const std::string_view text = doc.text;
  const size_t limit = std::min<size_t>(text.size(), 800);
  size_t pos = 0;
  int lines = 0;
  while (pos < limit && lines < 6) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos || nl > limit) nl = limit;
    size_t end = nl;
    while (end > pos && end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
      --end;
    const std::string_view line = text.substr(pos, end - pos);
    pos = nl + 1;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    ++lines;
    Document head;
    head.text = std::string(line);
    if (find_invalid_utf8(head.text)) return std::nullopt;
    auto seg = impl_->plain.segment(head);
    if (!seg || seg->tokens.empty()) continue;
    std::vector<Tk> toks;
    std::string arena(head.text.size() + 1, '\0');
    size_t used = 0;
    build_tokens(impl_->t, head, seg.value(), 0, seg->tokens.size(), toks, arena, used);
    const Grammar g(impl_->t, impl_->options, toks);
    auto to_date = [&](const Parsed& p) -> std::optional<CivilDate> {
      if (p.has_year) {
        if (temporal::valid_date(p.year, p.month, p.day)) return CivilDate{p.year, p.month, p.day};
        return std::nullopt;
      }
      if (!hint) return std::nullopt;
      Resolver res{impl_->t, hint};
      auto o = res.date(p, Dir::Nearest);
      if (!o || !o->begin) return std::nullopt;
      return o->begin;
    };
    // A line that is only a date.
    if (auto m = g.parse_at(0); m && m->p.kind == PK::Date && m->p.day > 0) {
      size_t rest = m->end;
      while (rest < toks.size() && !toks[rest].word && !toks[rest].number) ++rest;
      if (rest == toks.size()) return to_date(m->p);
    }
    // A dateline.
    size_t stop = 0;
    for (size_t k = 0; k < toks.size() && k < 30; ++k) {
      const std::string_view w = toks[k].norm;
      if (w == "--" || w == "-" || w == "\xE2\x80\x94" || w == "\xE2\x80\x93" || w == "(") {
        stop = k;
        break;
      }
    }
    if (stop == 0 || !toks[0].word || !toks[0].cap) continue;
    bool clean = true;
    for (size_t k = 0; k < stop; ++k) clean = clean && !(toks[k].word && !toks[k].cap);
    if (!clean) continue;
    for (size_t i = 0; i < stop; ++i) {
      auto m = g.parse_at(i);
      if (!m || m->end > stop + 1) continue;
      if (m->p.kind != PK::Date || m->p.day == 0) continue;
      return to_date(m->p);
    }
    return std::nullopt;  // a dateline without a date: the story starts here
  }
  return std::nullopt;
}

Result<CivilDate> TimeTagger::parse_reference_date(std::string_view text) {
  std::string_view day = text.substr(0, std::min<size_t>(text.size(), 10));
  if (text.size() > 10 && text[10] != 'T' && text[10] != ' ') {
    return make_error(Errc::InvalidInput,
                      "reference date " + quote_for_message(text) +
                          " is not YYYY-MM-DD (optionally followed by T and a time)");
  }
  auto d = CivilDate::parse_iso(day);
  if (!d) {
    return make_error(Errc::InvalidInput, "reference date " + quote_for_message(text) +
                                              " is not a calendar date in the form YYYY-MM-DD");
  }
  return d.value();
}

}  // namespace entente
