// The tense around an expression, which says whether an underspecified date lies before or
// after the reference date ("met on Friday" vs "will meet on Friday").
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

bool Grammar::after_since(size_t i) const {
  for (size_t len = 1; len <= 2 && len <= i; ++len) {
    if (role(i - len, Role::Since) == len) return true;
  }
  return false;
}

Tense Grammar::tense(size_t b, size_t e) const {
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

}  // namespace entente::temporal
