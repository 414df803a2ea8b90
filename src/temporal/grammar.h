// The time tagger's grammar: the tokens it reads, what a production parses, and the
// Grammar over one sentence's tokens. Productions live in grammar*.cc, the tense reading
// in tense.cc, the grammar's tokens in tokens.cc; resolution against a date in resolver.h.
// Private to the temporal module. A Grammar is a view of one sentence: not thread-safe to
// share while its tokens change, stateless otherwise.
#pragma once

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

namespace entente::temporal {

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
  Duration,       // "for 25 years", "the past week", "two decades": a length, not a point
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
  int sign = 0;          // offsets: -1 / +1
  int decade = 0;        // first year of a decade; century: hundreds (18 for the 1800s)
  int per = 1;           // durations: the unit's divisor when negative (-24: hours of a day)
  int span = 0;          // durations: -1 up to the reference date ("the past week"), +1 from it
  bool in_form = false;  // an offset written "in N units" / "within N units"
  bool within = false;   // ... with "within": a duration, not a point
  bool noun_modifier = false;  // a year inside a noun phrase ("the 1994 genocide")
};

struct Match {
  size_t end = 0;
  Parsed p;
};

struct Out {
  std::string value;
  Granularity g = Granularity::Day;
  std::optional<CivilDate> begin, end;
  bool duration = false;  // a TIMEX3 DURATION ("P25Y"); begin/end only when anchored
};

inline bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

inline int to_int(std::string_view s) {
  int v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

inline bool is_apostrophe(std::string_view s) { return s == "'" || s == "\xE2\x80\x99"; }

// The grammar over one sentence's tokens.
class Grammar {
 public:
  Grammar(const Tables& t, const TemporalOptions& o, const std::vector<Tk>& toks)
      : t_(t), o_(o), k_(toks.data()), n_(toks.size()) {}

  // Longest expression starting at token i.
  std::optional<Match> parse_at(size_t i) const;

  // Whether a "since" phrase ends right before token i.
  bool after_since(size_t i) const;

  Tense tense(size_t b, size_t e) const;

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
    if (role >= 0 && !(fw.role_mask & (uint64_t{1} << static_cast<unsigned>(role)))) return 0;
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
    const uint64_t bit = uint64_t{1} << static_cast<unsigned>(r);
    if (!(k_[i].entries->role_mask & bit)) return 0;
    if (k_[i].entries->single_role_mask & bit) return 1;
    return phrase(i, Cat::Role, static_cast<int32_t>(r));
  }
  // Whether a one-word phrase of role `r` is exactly `w` (a suffix such as "th" or "pm").
  bool word_has_role(std::string_view w, Role r) const {
    const temporal::FirstWord* fw = t_.words.find(w);
    return fw && (fw->single_role_mask & (uint64_t{1} << static_cast<unsigned>(r))) != 0;
  }
  bool has_cat(size_t i, Cat c) const {
    return i < n_ && k_[i].entries && (k_[i].entries->cat_mask & (1u << static_cast<unsigned>(c)));
  }
  bool has_role(size_t i, Role r) const {
    return i < n_ && k_[i].entries &&
           (k_[i].entries->role_mask & (uint64_t{1} << static_cast<unsigned>(r)));
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
  std::optional<int> day_at(size_t i, size_t& len, bool* ordinal = nullptr) const;

  std::optional<int> year_at(size_t i) const;

  // A count at i: "two", "a", "3", "a couple of", "twenty five".
  std::optional<int> count_at(size_t i, size_t& len, bool& approx) const;

  // ---- grammar ----
  std::optional<Match> p_core(size_t i) const;

  // "the first Monday of next month", "the last Friday in August 2024".
  std::optional<Match> p_nth_weekday(size_t i) const;

  // "2020-W53"
  std::optional<Match> p_iso_week(size_t i) const;

  std::optional<Match> p_mod(size_t i) const;

  bool name_ok(size_t i, bool strong_context_after) const;

  std::optional<Match> p_weekday(size_t i) const;

  std::optional<Match> p_month_first(size_t i) const;

  std::optional<Match> p_day_first(size_t i) const;

  // All-numeric dates: 2023-08-28, 2023/08/28, 8/28/2023, 28.08.2023, 8/28 (with context).
  std::optional<Match> p_numeric_date(size_t i, bool context) const;

  std::optional<Match> p_numeric(size_t i) const;

  std::optional<Match> p_year(size_t i) const;

  std::optional<Match> p_decade(size_t i) const;

  std::optional<Match> p_century(size_t i) const;

  std::optional<Match> p_deictic(size_t i) const;

  std::optional<Match> p_rel(size_t i) const;

  std::optional<Match> p_anaphor(size_t i) const;

  std::optional<Match> p_offset(size_t i) const;

  // "for 25 years", "within two weeks", "the past week", "more than two decades".
  std::optional<Match> p_duration(size_t i) const;

 public:
  // Whether a superlative or an ordinal before token i makes "in N years" a length ("the
  // first visit in 27 years", "its lowest level in a decade").
  bool duration_cue_before(size_t i) const;

  // Whether a count noun follows token i ("1000 troops", "2000 people").
  bool count_noun_at(size_t i) const;

 private:
  std::optional<Match> p_holiday(size_t i) const;

  std::optional<Match> p_season(size_t i) const;

  std::optional<Match> p_quarter(size_t i) const;

  // "on the 28th"
  std::optional<Match> p_dom(size_t i) const;

  // Clock time after a day: "at 5pm", "5 p.m.", "at 17:00", "at noon".
  size_t attach_time(size_t k, const Parsed& p) const;
};

// Whether an expression may start at this token: most words are rejected by two bit tests.
bool can_start(const Tk& tk);

// Whether the token alone can be an expression (a name, a deictic word, a number); other
// starters ("the", "a", "last", "in") need a known word or a number after them.
bool starts_alone(const Tk& tk);

// Whether the token may continue an expression begun by "the", "a", "in" ...
bool continues(const Tk& tk);

// Builds the grammar's tokens for tokens [first, first + count) of `seg`.
// `arena` (at least doc.text.size() bytes, never resized here) holds the normalised words;
// `used` is how much of it is taken.
// Internal (a broken invariant) only.
Result<void> build_tokens(const Tables& t, const Document& doc, const Segmentation& seg,
                          size_t first, size_t count, std::vector<Tk>& out, std::string& arena,
                          size_t& used);

}  // namespace entente::temporal
