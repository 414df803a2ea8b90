// entente code: the CAMEO ontology and the event coder that turns actor mentions, action
// patterns and time expressions into dated events (who did what to whom, when).
// Pipeline position: after temporal and match; its Event is the record every later stage uses.
// Thread safety: Ontology and EventCoder are immutable after create(); code() is reentrant.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "entente/core.h"
#include "entente/lexicon.h"
#include "entente/match.h"
#include "entente/syntax.h"
#include "entente/temporal.h"
#include "entente/text.h"

namespace entente {

// One CAMEO event code with its scores (data/ontology).
struct CameoCode {
  std::string code;          // "036"
  std::string name;          // "Express intent to meet or negotiate"
  double goldstein = 0;      // -10 .. +10
  int quad_class = 0;        // 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict
  std::string plover_event;  // "CONSULT", or empty where PLOVER has none
  std::string plover_mode;   // may be empty
};

class Ontology {
 public:
  // Reads the lexicon's "ontology" data. Fails with InvalidData on a bad or duplicate code.
  [[nodiscard]] static Result<Ontology> create(const Lexicon& lexicon);
  ~Ontology();
  Ontology(Ontology&&) noexcept;
  Ontology& operator=(Ontology&&) noexcept;
  // The entry for `code`, or null.
  const CameoCode* find(std::string_view code) const;
  // Every code, sorted.
  const std::vector<CameoCode>& codes() const;

 private:
  struct Impl;
  explicit Ontology(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// An actor as it appears in an event record.
struct ActorRef {
  std::string code;     // "USAGOV"
  std::string country;  // "USA"; empty (null in JSON) for IGOs and NGOs
  std::string sector;   // "GOV" or empty
  std::string name;     // canonical name
  std::string text;     // the words of the mention in the sentence
};

// What the verb group says of an action; modality_name gives its JSON form.
enum class Modality : uint8_t {
  None,     // a plain statement of the action; JSON null
  Intent,   // "intent": planned, promised, agreed to ("will meet", "plans to visit")
  Modal,    // "modal": could, may, should ...
  Speech,   // "speech": reported or called for ("urged ... to", "said it would")
  Refusal,  // "refusal": refused, rejected
  Threat,   // "threat": threatened
};

// "intent", "modal", "speech", "refusal", "threat"; "" for None.
std::string_view modality_name(Modality m);
// The inverse of modality_name ("" gives None); fails with InvalidInput on any other text.
[[nodiscard]] Result<Modality> parse_modality(std::string_view text);

// The event record (DESIGN.md; schemas/event.schema.json).
struct Event {
  std::string id;                       // "<doc id>:<sentence>:<n>"
  std::string date;                     // TIMEX3 value, empty = null
  std::optional<CivilDate> date_begin;  // day interval of `date`
  std::optional<CivilDate> date_end;
  ActorRef source;
  ActorRef target;
  std::string code;   // full CAMEO code "036"
  std::string root;   // "03"
  std::string label;  // the code's name
  double goldstein = 0;
  int quad_class = 0;
  std::string plover_event;
  std::string plover_mode;
  bool negated = false;       // the text denies the action
  Modality modality = Modality::None;  // what the verb group says of the action
  std::string doc_id;
  std::string doc_title;
  std::string doc_published;  // ISO date or empty
  std::string doc_source;
  uint32_t sentence = 0;      // sentence index in the story
  Span span;                  // bytes of the action in the story
  std::string text;           // the sentence
  std::string pattern;        // id of the pattern that fired
};

// An action word group found in a sentence, coded or not (for `annotate`), with the words
// that became its arguments, so that a user can see why an event came out (or did not).
struct ActionMention {
  uint32_t sentence = 0;
  Span span;
  std::string code;     // CAMEO code chosen by the pattern
  std::string pattern;  // pattern id
  bool negated = false;
  Modality modality = Modality::None;
  std::vector<Span> sources;  // the actor mentions read as its source(s)
  std::vector<Span> targets;
  std::optional<Span> date;   // the time expression that dates it; none: the story's date
  std::string why;            // why it gave no event, when it gave none ("no target", ...)
};

// One word of a parsed sentence as the coder read it (an actor mention is one word).
struct TreeWord {
  Span span;
  std::string lemma;
  Upos upos = Upos::X;
  int32_t head = -1;   // index of the head word in the sentence, -1 = root
  std::string deprel;
};

struct SentenceTree {
  uint32_t sentence = 0;
  std::vector<TreeWord> words;
};

struct CodedStory {
  std::vector<ActionMention> actions;
  std::vector<Event> events;        // sorted by (sentence, span begin, code)
  std::vector<SentenceTree> trees;  // the parsed sentences, when CodeOptions::keep_trees
};

struct CodeOptions {
  bool keep_negated = true;  // emit negated events with negated = true (else drop them)
  std::string parser_model;  // a parser model file; empty: the model built into the binary
  bool keep_trees = false;   // return the dependency trees of the parsed sentences
};

class EventCoder {
 public:
  // Compiles the "actions" patterns and the ontology. Fails with InvalidData on a pattern
  // naming an unknown code, a bad placeholder or a pattern longer than the limit.
  [[nodiscard]] static Result<EventCoder> create(const Lexicon& lexicon, CodeOptions options);
  ~EventCoder();
  EventCoder(EventCoder&&) noexcept;
  EventCoder& operator=(EventCoder&&) noexcept;

  // Codes the events of one story. Each event takes the date of the time expression that
  // governs its clause, else the story's DCT, else null.
  // REQUIRES: seg, times and actors were all built from `doc`.
  [[nodiscard]] Result<CodedStory> code(const Document& doc, const Segmentation& seg,
                                        const std::vector<TimeExpr>& times,
                                        const std::vector<ActorMention>& actors) const;

  const Ontology& ontology() const;

 private:
  struct Impl;
  explicit EventCoder(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace entente
