// Private: the time tagger's word tables, built once from the lexicon's "temporal" data files
// (data/temporal/*.json, schemas/temporal.schema.json). Immutable after load_tables().
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "entente/core.h"
#include "entente/lexicon.h"

namespace entente::temporal {

// What a phrase of the tables is.
enum class Cat : uint8_t {
  Month,        // value 1..12
  Weekday,      // value 1..7 (ISO)
  Season,       // value = index into Tables::seasons
  Holiday,      // value = index into Tables::holidays
  Unit,         // value = Unit, extra = count
  Number,       // value, extra = 1 when approximate
  Ordinal,      // value 1..31
  Deictic,      // value = day offset
  PartOfDay,    // "morning"
  Mod,          // value = Mod, extra = 1 when followed by "of"
  Role,         // value = Role
  Future,       // future verb-group marker
  Past,         // past auxiliary or irregular past verb
  ClauseBreak,  // starts a new clause
};

enum class Role : uint8_t {
  The,
  Of,
  In,
  At,
  Ago,
  FromNow,
  Later,
  Earlier,
  Last,
  Next,
  This,
  Previous,
  Following,
  Same,
  That,
  After,
  Before,
  Context,
  Quarter,
  Clock,
  Passive,
  Infinitive,
  NumericContext,
  Since,
  NumericContextWeak,
  OrdinalSuffix,
  NotBeforeYear,
  Progressive,
  DurationPrep,   // "for", "within", "over": the count of units after it is a duration
  SpanPast,       // "past" in "the past week": a duration up to the reference date
  DurationQuant,  // "more than", "nearly" between a preposition and a count
  DurationCue,    // "first", "highest": "the first visit in 27 years" counts years
  CountNoun,      // plurals without an s ("people"): a number before one is a count
  Possessive,     // "its", "their": "its 2019 budget" names a year inside a noun phrase
};
inline constexpr int kRoleCount = 34;

enum class Unit : uint8_t { Day, Week, Weekend, Month, Quarter, Year, Decade, Century };
enum class Mod : uint8_t { None, Start, Mid, End, Approx };

struct Phrase {
  Cat cat;
  int32_t value = 0;
  int32_t extra = 0;
  std::vector<std::string> words;
};

struct Holiday {
  std::string id;
  int month = 0;
  int day = 0;
  int weekday = 0;
  int nth = 0;
  bool easter = false;
  int easter_offset = 0;
  int offset_days = 0;
};

struct SeasonDef {
  std::string code;  // "SU"
  int first_month = 6;
};

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
using WordSet = std::unordered_set<std::string, StringHash, std::equal_to<>>;

// The phrases that start with one word, longest first, and which categories and roles they
// have (bit masks, so the grammar rejects most tokens without looking at the phrases).
struct FirstWord {
  std::string word;
  std::vector<uint32_t> ids;
  uint32_t cat_mask = 0;   // 1 << Cat
  uint64_t role_mask = 0;  // 1 << Role
  // Roles whose only phrase starting here is this one word: role() answers 1 at once.
  uint64_t single_role_mask = 0;
};

// An index from the first word of a phrase to the phrases (open addressing, FNV-1a).
struct WordIndex {
  std::vector<FirstWord> first_words;
  size_t max_word_bytes = 0;  // longest first word; longer tokens are never looked up
  // Bit n of first_filter[c]: some first word starts with byte c and has n bytes. Most
  // tokens fail this test and skip the hash lookup.
  uint32_t first_filter[256] = {};
  struct Slot {
    uint64_t hash = 0;
    uint32_t index = 0;
    uint32_t used = 0;
  };
  std::vector<Slot> slots;

  static uint64_t hash(std::string_view w) {
    uint64_t h = 1469598103934665603ull;
    for (char c : w) {
      h ^= static_cast<unsigned char>(c);
      h *= 1099511628211ull;
    }
    return h;
  }

  // The phrases starting with `word`, or null.
  const FirstWord* find(std::string_view word) const {
    if (word.empty() || word.size() >= 32 || word.size() > max_word_bytes ||
        !(first_filter[static_cast<unsigned char>(word[0])] & (1u << word.size())) || slots.empty())
      return nullptr;
    const size_t mask = slots.size() - 1;
    const uint64_t h = hash(word);
    for (size_t i = h & mask;; i = (i + 1) & mask) {
      const Slot& s = slots[i];
      if (!s.used) return nullptr;
      if (s.hash == h && first_words[s.index].word == word) return &first_words[s.index];
    }
  }
};

struct Tables {
  // Bit n of any_filter[c]: some word at any position of a phrase other than a tense marker
  // starts with byte c and has n bytes. Tokens that fail it (after lower-casing the first
  // byte) keep their written form.
  uint32_t any_filter[256] = {};
  std::vector<Phrase> phrases;
  WordIndex words;  // every phrase except the tense markers
  WordIndex tense;  // Future, Past and ClauseBreak phrases (looked up only around a date)
  std::vector<Holiday> holidays;
  std::vector<SeasonDef> seasons;
  WordSet needs_context;
  WordSet not_past;
};

// Normalises one word as tokens are normalised: ASCII lower case, U+2019 as "'", one final
// dot dropped ("Aug." -> "aug", "U.S." -> "u.s").
void normalize_word(std::string_view word, std::string& out);
// The same into `out` (room for word.size() bytes); returns the length written.
size_t normalize_into(std::string_view word, char* out);

// Builds the tables from every "temporal" data file, merged in load order.
// Fails with InvalidData "file#/pointer" for an entry the tables cannot use.
Result<Tables> load_tables(const Lexicon& lexicon);

}  // namespace entente::temporal
