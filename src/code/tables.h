// Private: the event coder's compiled tables, shared by the story loop (coder.cc) and the
// sentence analysis on the dependency tree (sentence.cc).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "code/grammar.h"
#include "code/patterns.h"
#include "entente/code.h"
#include "entente/syntax.h"

namespace entente::code {

// What the coder needs to know about one lower-case form before parsing: whether it may head a
// pattern. Computed once per vocabulary word; a form outside the table heads nothing.
struct WordInfo {
  const std::vector<uint32_t>* heads = nullptr;  // patterns with this form as head
  const std::vector<uint32_t>* lemma_heads = nullptr;  // patterns headed by its lemma
  const Pattern* obligation = nullptr;           // "must" -> demand
  const Pattern* statement = nullptr;            // "said" -> make a statement
};

struct CoderTables {
  Ontology ontology;
  Grammar grammar;
  Parser parser;
  std::vector<Pattern> patterns;
  TextMap<std::vector<uint32_t>> by_head;
  CodeOptions options;
  TextMap<Pattern> obligations;  // "must" -> demand
  TextMap<Pattern> statements;   // "say" -> make a statement
  TextMap<WordInfo> words;       // filled last: points into by_head and obligations

  const WordInfo* word(std::string_view lower) const {
    auto it = words.find(lower);
    return it == words.end() ? nullptr : &it->second;
  }
  const std::vector<uint32_t>* heads(std::string_view lemma) const {
    auto it = by_head.find(lemma);
    return it == by_head.end() ? nullptr : &it->second;
  }
};

// Codes one sentence that has actor mentions: parses it, finds the actions and their
// arguments on the tree and appends what it finds (and its tree, when `trees` is not null). `mentions` and `times` are the sentence's.
void code_sentence(const CoderTables& tables, const Document& doc, const Segmentation& seg,
                   uint32_t sentence, const std::vector<const ActorMention*>& mentions,
                   const std::vector<const TimeExpr*>& times, std::vector<ActionMention>& actions,
                   std::vector<Event>& events, std::vector<SentenceTree>* trees);

// True when a token of the sentence may head a pattern or is an obligation word (a cheap test
// before parsing).
bool may_code(const CoderTables& tables, const Document& doc, const Segmentation& seg,
              uint32_t sentence);

}  // namespace entente::code
