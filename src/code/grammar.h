// Private: the word classes, irregular verbs and code maps of the event coder (data/grammar),
// and the lemmatiser that reads inflected forms with them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "entente/core.h"
#include "entente/lexicon.h"

namespace entente::code {

// Word classes as bits; a word may be in several.
enum WordClass : uint64_t {
  kDet = 1ull << 0,
  kPoss = 1ull << 1,
  kPrep = 1ull << 2,
  kPronSpeaker = 1ull << 3,
  kPronAddressee = 1ull << 4,
  kPronThird = 1ull << 5,
  kBe = 1ull << 6,
  kHave = 1ull << 7,
  kDo = 1ull << 8,
  kFuture = 1ull << 9,
  kModal = 1ull << 10,
  kNeg = 1ull << 11,
  kCoord = 1ull << 12,
  kSubord = 1ull << 13,
  kRelative = 1ull << 14,
  kComp = 1ull << 15,
  kSpeech = 1ull << 16,
  kNegSpeech = 1ull << 17,
  kIntentGov = 1ull << 18,
  kThreatGov = 1ull << 19,
  kRejectGov = 1ull << 20,
  kNeutralGov = 1ull << 21,
  kAdverb = 1ull << 22,
  kAddresseeSpeech = 1ull << 23,
  kAccording = 1ull << 24,
  kAdjParticiple = 1ull << 25,
  kEventPrep = 1ull << 26,
  kPossMarker = 1ull << 27,    // the possessive clitic the parser splits off ("'s")
  kQuote = 1ull << 28,         // quotation marks
  kPlacePrep = 1ull << 29,     // an oblique with it is where something happened ("in")
  kTargetPrep = 1ull << 30,    // an oblique with it may be the target ("with", "against")
  kAgentPrep = 1ull << 31,     // the agent of a passive ("by")
  kDeadlinePrep = 1ull << 32,  // a time with it is a deadline, not a date ("within")
  kGenitivePrep = 1ull << 33,  // a noun's owner ("the leader of China")
  kAmongPrep = 1ull << 34,     // several parties together ("talks between X and Y")
  kLightVerb = 1ull << 35,     // its object noun is the event ("held talks", "paid a visit")
  kConditional = 1ull << 36,   // opens a condition: no event ("if", "unless")
  kClauseBreak = 1ull << 37,   // punctuation that ends a clause (";", ":")
  kPrepHead = 1ull << 38,      // begins a compound preposition ("next" to, "close" to)
};
constexpr uint64_t kPronoun = kPronSpeaker | kPronAddressee | kPronThird;
constexpr uint64_t kAux = kBe | kHave | kDo | kFuture | kModal;
constexpr uint64_t kGovernor = kIntentGov | kThreatGov | kRejectGov | kNeutralGov;

// Hash and equality that look strings up by string_view without a copy.
struct TextHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
template <class V>
using TextMap = std::unordered_map<std::string, V, TextHash, std::equal_to<>>;
using TextSet = std::unordered_set<std::string, TextHash, std::equal_to<>>;

class Grammar {
 public:
  // Reads every "grammar" file of the lexicon (later files add words).
  // Fails with InvalidData when there is none or a code map names an unknown code shape.
  [[nodiscard]] static Result<Grammar> create(const Lexicon& lexicon);

  // Classes of a lower-case word form (closed-class lists).
  uint64_t form_classes(std::string_view lower) const;
  // Classes of a lemma (speech verbs, governors).
  uint64_t lemma_classes(std::string_view lemma) const;
  // Lemma of a lower-case form: irregular table, then -s/-es/-ies/-ed/-ied/-ing rules checked
  // against the known lemmas; the form itself when nothing is known.
  std::string lemma(std::string_view lower) const;
  // True when the form is an irregular past or participle ("met", "taken").
  bool irregular_past(std::string_view lower) const;
  // Adds lemmas the lemmatiser may return (pattern heads and words).
  void add_known(std::string_view lemma);
  // Every form any query above may answer for with something else than the default (no
  // classes, lemma = the form, not an irregular past): the closed-class words, the lemmas,
  // the irregular forms and the regular inflections of the known lemmas. Sorted, unique.
  // The coder precomputes its per-word facts for these once (see WordInfo in coder.cc).
  std::vector<std::string> vocabulary() const;

  // Code maps: exact code, then its 3-digit prefix, then its root; empty when none applies.
  std::string intent_code(std::string_view code) const { return lookup(intent_, code); }
  std::string threat_code(std::string_view code) const { return lookup(threat_, code); }
  std::string reject_code(std::string_view code) const { return lookup(reject_, code); }
  // Code of "X said Y must ..." by the modal word ("must" -> "100"); empty when none.
  std::string obligation_code(std::string_view modal) const {
    auto it = obligation_.find(std::string(modal));
    return it == obligation_.end() ? std::string() : it->second;
  }
  const std::unordered_map<std::string, std::string>& obligations() const { return obligation_; }
  // Code of a statement by a speech verb lemma ("say" -> "010"); see statement_codes.
  const std::unordered_map<std::string, std::string>& statements() const { return statement_; }
  // True for the sector of an audience a speaker addresses ("told reporters"): no target.
  bool audience_sector(std::string_view sector) const {
    return audience_.find(sector) != audience_.end();
  }
  // True for a CAMEO root whose events happen at a place rather than to it ("met in Geneva"):
  // a place phrase is then never the target; see where_only_roots.
  bool where_only_root(std::string_view root) const {
    return where_only_.find(root) != where_only_.end();
  }

 private:
  static std::string lookup(const std::unordered_map<std::string, std::string>& map,
                            std::string_view code);
  TextMap<uint64_t> forms_;
  TextMap<uint64_t> lemmas_;
  TextMap<std::string> irregular_;  // form -> lemma
  TextSet irregular_past_;
  TextSet known_;
  TextSet audience_;
  TextSet where_only_;
  std::unordered_map<std::string, std::string> intent_, threat_, reject_, obligation_, statement_;
};

// Lower-cases ASCII letters and folds the typographic apostrophe (U+2019) to "'".
std::string fold(std::string_view text);
// The same, written to `out`, which has room for text.size() bytes (folding never
// lengthens); returns the folded length.
size_t fold_to(std::string_view text, char* out);

}  // namespace entente::code
