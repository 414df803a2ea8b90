// Grammar productions for lengths of time (TIMEX3 DURATION): "for 25 years", "within two
// weeks", "the past week", "more than two decades", "three years after the war began". A
// duration never dates an event; one that ends at or starts from the reference date ("the
// past week") also gets that interval. Also the tests that keep counts from being read as
// years ("1000 troops") and lengths from being read as points ("the first visit in 27 years").
#include <optional>
#include <string_view>

#include "temporal/grammar.h"

namespace entente::temporal {

std::optional<Match> Grammar::p_duration(size_t i) const {
  size_t j = i;
  const size_t prep = role(j, Role::DurationPrep);
  j += prep;
  // "the past week", "the last two weeks", "the next three months"
  int span = 0;
  bool span_needs_count = false;
  if (const size_t th = role(j, Role::The); th > 0) {
    if (const size_t p = role(j + th, Role::SpanPast); p > 0) {
      span = -1;
      j += th + p;
    } else if (const size_t l = role(j + th, Role::Last); l > 0) {
      span = -1;
      span_needs_count = true;  // "the last week of August" is no length
      j += th + l;
    } else if (const size_t nx = role(j + th, Role::Next); nx > 0) {
      span = 1;
      span_needs_count = true;  // "the next week" is next week
      j += th + nx;
    }
  }
  j += role(j, Role::DurationQuant);  // "more than", "nearly"
  const size_t count_tok = j;
  size_t len = 0;
  bool approx = false;
  std::optional<int> n = count_at(j, len, approx);
  if (n) {
    j += len;
  } else if (span == 0 || span_needs_count) {
    return std::nullopt;
  }
  int32_t unit = 0;
  int32_t per = 1;
  if (phrase(j, Cat::Unit, -1, &unit, &per) != 1) return std::nullopt;
  if (static_cast<Unit>(unit) == Unit::Weekend) return std::nullopt;
  ++j;
  if (prep == 0 && span == 0) {
    // A bare count of units is a length only with a written number ("two decades of war",
    // not "a day"), and not when an offset word follows ("two days ago", "two days later").
    if (!n || !(k_[count_tok].number || *n > 1)) return std::nullopt;
    if (role(j, Role::Ago) > 0 || role(j, Role::FromNow) > 0 || role(j, Role::Earlier) > 0) {
      return std::nullopt;
    }
    // "two years after the war began", "24 years on the run": a length between two events;
    // "two days later" and a final "after" count from the last date (p_offset).
    if (role(j, Role::Later) > 0 &&
        !(role(j, Role::Context) > 0 && j + 1 < n_ && (k_[j + 1].word || k_[j + 1].number))) {
      return std::nullopt;
    }
  }
  Match m;
  m.p.kind = PK::Duration;
  m.p.unit = static_cast<Unit>(unit);
  m.p.count = n ? (per > 0 ? *n * per : *n) : 1;
  m.p.per = per;
  m.p.span = span;
  if (approx) m.p.mod = Mod::Approx;
  if (!n && span != 0) m.p.count = per > 0 ? per : 1;  // "the past week", "the past fortnight"
  m.p.index = approx ? 0 : 1;                          // 0: the count is vague ("several")
  m.end = j;
  return m;
}

bool Grammar::duration_cue_before(size_t i) const {
  for (size_t back = 1; back <= 12 && back <= i; ++back) {
    const size_t j = i - back;
    const std::string_view w = k_[j].norm;
    if (w == "," || w == ";" || w == ":" || phrase(j, Cat::ClauseBreak) > 0) return false;
    if (role(j, Role::DurationCue) > 0 || has_cat(j, Cat::Ordinal)) return true;  // "sixth"
    // A superlative after a determiner: "the deadliest attack", "its lowest level".
    if (k_[j].word && w.size() > 5 && w.substr(w.size() - 3) == "est" && j > 0 &&
        (role(j - 1, Role::The) > 0 || role(j - 1, Role::Possessive) > 0)) {
      return true;
    }
  }
  return false;
}

bool Grammar::count_noun_at(size_t i) const {
  if (i >= n_ || !k_[i].word || k_[i].cap) return false;
  if (role(i, Role::CountNoun) > 0) return true;
  // A plural: "troops", "refugees" (not "'s", "ss", or a unit or month name).
  const std::string_view w = k_[i].norm;
  if (w.size() < 4 || w.back() != 's' || w[w.size() - 2] == 's' || w[w.size() - 2] == '\'') {
    return false;
  }
  return !has_cat(i, Cat::Unit) && !has_cat(i, Cat::Month) && !has_cat(i, Cat::Weekday) &&
         phrase(i, Cat::Past) == 0 && phrase(i, Cat::Future) == 0;
}

}  // namespace entente::temporal
