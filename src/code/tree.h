// Private: one sentence as the event coder reads it: the parser's words, with each actor
// mention collapsed into a single word (so "U.S. Secretary of State Antony Blinken" is parsed
// as one name), the time expressions marked, and the dependency tree as child lists.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "code/grammar.h"
#include "entente/match.h"
#include "entente/syntax.h"
#include "entente/temporal.h"
#include "entente/text.h"

namespace entente::code {

// The UD relations the coder distinguishes; every other relation is Other.
enum class Rel : uint8_t {
  Root, Nsubj, NsubjPass, Csubj, Expl, Obj, Iobj, Obl, OblAgent, OblTmod, OblNpmod, Nmod,
  NmodPoss, NmodTmod, Amod, Compound, Flat, Appos, Conj, Cc, Case, Mark, Aux, AuxPass, Cop,
  Advmod, Advcl, Acl, AclRelcl, Xcomp, Ccomp, Parataxis, Det, Nummod, Punct, Other,
};

// The relation named by a UD label with its subtype ("nsubj:pass", "obl:tmod").
Rel rel_from_label(std::string_view label);

struct Node {
  Span span;                 // bytes of the word (a whole mention for a collapsed one)
  uint32_t first_token = 0;  // segmenter tokens [first_token, end_token), story-wide indices
  uint32_t end_token = 0;
  std::string form;   // the form given to the parser (a mention's last word)
  std::string lower;  // folded form
  std::string lemma;  // folded lemma of the parser
  Upos upos = Upos::X;
  std::string xpos;
  std::string deprel;  // the parser's label ("nsubj:pass")
  int head = -1;  // -1 for the root
  Rel rel = Rel::Other;
  int mention = -1;  // index into TreeSentence::mentions, the longest mention of the word
  int time = -1;     // index into TreeSentence::times when the word lies in one
  uint64_t fcls = 0;  // grammar classes of the form
  uint64_t lcls = 0;  // grammar classes of the lemma (and of the form)
  bool quote = false;
  std::vector<int> kids;  // dependents in text order
};

struct TreeSentence {
  std::vector<Node> words;
  std::vector<const ActorMention*> mentions;  // mentions of the sentence, text order
  std::vector<const TimeExpr*> times;
  bool headline = false;
};

// Cuts `sentence` into the parser's words, parses them, collapses each mention into its head
// word and classes every word with `grammar`. `mentions` and `times` are the sentence's own.
TreeSentence build_tree(const Parser& parser, const Grammar& grammar, const Document& doc,
                        const Segmentation& seg, uint32_t sentence,
                        std::span<const ActorMention* const> mentions,
                        std::span<const TimeExpr* const> times);

inline bool is_nominal(Upos u) { return u == Upos::NOUN || u == Upos::PROPN || u == Upos::PRON || u == Upos::NUM; }
inline bool is_predicate(Upos u) { return u == Upos::VERB || u == Upos::AUX || u == Upos::ADJ; }

}  // namespace entente::code
