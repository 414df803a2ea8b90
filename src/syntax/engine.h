// Private to src/syntax: the feature templates of the tagger and the parser, the arc-hybrid
// transition system and the lemmatizer, shared by run time (parser.cc) and training (train.cc)
// so both see exactly the same features.
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "syntax/model.h"

namespace entente::syntax {

// Hashes of one word's surface, computed once per sentence.
struct WordFeats {
  uint64_t form = 0, lower = 0, shape = 0;
  uint64_t suf[4] = {0, 0, 0, 0};
  uint64_t pre[3] = {0, 0, 0};
  uint64_t flags = 0;  // bits: has digit, has hyphen, initial capital, all capitals
};

// Lower-cases ASCII letters (other bytes unchanged).
std::string ascii_lower(std::string_view s);
std::vector<WordFeats> word_feats(std::span<const std::string_view> words);

constexpr size_t kMaxTaggerFeats = 48;
constexpr int kNoTag = -1;
// Where the first pass put finite verbs, seen from one word on the second pass: a clause
// needs one, so a past form with no finite verb around it is rarely a participle.
constexpr int kFirstPass = 0;
int finite_context(bool left, bool right);
// Features of word i given the tags to its left (p1, p2; kNoTag before the sentence) and,
// on the second pass, the first pass's tags to its right (n1, n2; kNoTag when none) and
// the finite verbs of the first pass elsewhere in the sentence (`finite_context`; kFirstPass
// on the first pass).
size_t tagger_features(const std::vector<WordFeats>& w, size_t i, int p1, int p2, int n1, int n2,
                       int finite_context, uint64_t* out);

// The best finite-verb reading of each word on the second pass: its tag and how far its
// score fell below the word's best (infinite for a word of the tag dictionary).
struct FiniteAlternative {
  uint16_t tag = 0;
  float gap = std::numeric_limits<float>::infinity();
};

// The two greedy left-to-right tagging passes, the second seeing the first's tags to the
// right; forms in the model's tag dictionary keep their tag. `score(feats, k, scores)` adds
// the weights of k features; `visit(i, tag, feats, k)` sees every scored guess (training
// updates there). Returns the second pass's tags; `alternatives`, when given, receives each
// word's FiniteAlternative. With `use_options`, a word of Model::tag_options takes one of its
// tags (training scores every tag, so that the weights learn every distinction).
template <class Score, class Visit>
std::vector<uint16_t> tag_passes(const Model& m, std::span<const std::string_view> words,
                                 const std::vector<WordFeats>& wf, Score&& score, Visit&& visit,
                                 std::vector<FiniteAlternative>* alternatives = nullptr,
                                 bool use_options = true) {
  const size_t n = words.size();
  const size_t classes = m.tags.size();
  std::vector<int> fixed(n, -1);
  std::vector<const std::vector<uint16_t>*> options(n, nullptr);
  std::string key;
  for (size_t i = 0; i < n; ++i) {
    key.assign(words[i]);
    if (auto it = m.tag_dict.find(key); it != m.tag_dict.end()) {
      fixed[i] = it->second;
    } else if (auto o = m.tag_options.find(key); use_options && o != m.tag_options.end()) {
      options[i] = &o->second;
    }
  }
  std::vector<uint16_t> first(n), tags(n);
  std::vector<float> scores(classes);
  uint64_t feats[kMaxTaggerFeats];
  std::vector<uint32_t> finite_before(n + 1, 0);  // finite verbs of the first pass before i
  if (alternatives != nullptr) alternatives->assign(n, FiniteAlternative{});
  // Once the second pass has a finite verb, no word's finite alternative is ever read.
  bool finite_seen = false;
  for (int pass = 0; pass < 2; ++pass) {
    std::vector<uint16_t>& out = pass == 0 ? first : tags;
    if (pass == 1) {
      for (size_t i = 0; i < n; ++i) {
        finite_before[i + 1] = finite_before[i] + (m.tags[first[i]].finite ? 1u : 0u);
      }
    }
    for (size_t i = 0; i < n; ++i) {
      if (fixed[i] >= 0) {
        out[i] = static_cast<uint16_t>(fixed[i]);
        finite_seen |= pass == 1 && m.tags[out[i]].finite;
        continue;
      }
      const int p1 = i >= 1 ? out[i - 1] : kNoTag;
      const int p2 = i >= 2 ? out[i - 2] : kNoTag;
      const int n1 = pass == 1 && i + 1 < n ? first[i + 1] : kNoTag;
      const int n2 = pass == 1 && i + 2 < n ? first[i + 2] : kNoTag;
      const int fc = pass == 0 ? kFirstPass
                               : finite_context(finite_before[i] > 0,
                                                finite_before[n] > finite_before[i + 1]);
      const size_t k = tagger_features(wf, i, p1, p2, n1, n2, fc, feats);
      std::fill(scores.begin(), scores.end(), 0.0f);
      score(feats, k, scores.data());
      size_t best = 0;
      if (options[i] != nullptr) {
        best = options[i]->front();
        for (uint16_t c : *options[i]) {
          if (scores[c] > scores[best]) best = c;
        }
      } else {
        for (size_t c = 1; c < classes; ++c) {
          if (scores[c] > scores[best]) best = c;
        }
      }
      out[i] = static_cast<uint16_t>(best);
      visit(i, out[i], feats, k);
      finite_seen |= pass == 1 && m.tags[best].finite;
      if (pass == 1 && alternatives != nullptr && !finite_seen) {
        FiniteAlternative& alt = (*alternatives)[i];
        auto consider = [&](size_t c) {
          if (m.tags[c].finite && scores[best] - scores[c] < alt.gap) {
            alt = {static_cast<uint16_t>(c), scores[best] - scores[c]};
          }
        };
        if (options[i] != nullptr) {
          for (uint16_t c : *options[i]) consider(c);
        } else {
          for (size_t c = 0; c < classes; ++c) consider(c);
        }
      }
    }
  }
  return tags;
}

// A clause needs a finite verb: when the tags give a sentence none, the word whose finite
// reading came closest (within `margin` of its best score) takes it ("Police attacked/VBN
// protesters" -> attacked/VBD). Headlines and fragments with no such near reading keep
// their tags. Returns whether a tag changed.
bool require_finite_verb(const Model& m, const std::vector<FiniteAlternative>& alternatives,
                         float margin, std::vector<uint16_t>& tags);

// Whether `words` are written as a sentence: a capital first word, a final '.', '!' or '?',
// five words or more (not a headline, a list or a fragment).
bool written_as_sentence(std::span<const std::string_view> words);

// The run-time passes (tag_passes with the model's weights and tag options), each word's
// FiniteAlternative into `alternatives`.
std::vector<uint16_t> tag_with_alternatives(const Model& m, std::span<const std::string_view> words,
                                            const std::vector<WordFeats>& wf,
                                            std::vector<FiniteAlternative>& alternatives);

// Tags a sentence with the model's tagger (tag_with_alternatives, then require_finite_verb
// with the model's margin for its kind).
std::vector<uint16_t> tag_sentence(const Model& m, std::span<const std::string_view> words,
                                   const std::vector<WordFeats>& wf);

// Lemma of `form` tagged `tag`.
std::string lemmatize(const Model& m, std::string_view form, uint16_t tag);
// Applies a rule; false when the form is too short.
bool apply_lemma_rule(const LemmaRule& r, std::string_view form, std::string& out);

// Arc-hybrid transition system (Kuhlmann et al. 2011) with the root at the stack's bottom.
// Transition ids: 0 SHIFT, 1 + l LEFT with label l, 1 + L + l RIGHT with label l.
struct ParseState {
  int n = 0;               // words 1..n; 0 is the root
  std::vector<int> stack;  // node ids
  int b = 1;               // buffer front; the buffer is b..n
  std::vector<int> head, label;
  std::vector<int> lc1, lc2, rc1, rc2, nl, nr;
  std::vector<uint64_t> lset, rset;  // label sets of left and right children

  void init(int words);
  bool terminal() const { return b > n && stack.size() == 1; }
  bool can_shift() const { return b <= n; }
  bool can_left() const { return b <= n && stack.size() >= 2; }  // s0 is never the root
  bool can_right() const { return stack.size() >= 2 && (stack[stack.size() - 2] != 0 || b > n); }
  void apply(int transition, int labels);
  void add_arc(int h, int d, int l);
};

constexpr size_t kMaxParserFeats = 96;
// Tokens' lower-case word hashes and tag ids (index 0 = root) for the parser's features.
struct ParserInput {
  std::vector<uint64_t> word;
  std::vector<uint64_t> tag;
  std::vector<uint64_t> upos;
};
size_t parser_features(const ParseState& s, const ParserInput& in, uint64_t* out);

// Fills the parser's per-word inputs from words and tags (index 0 is the root).
void fill_parser_input(const Model& m, const std::vector<WordFeats>& wf,
                       const std::vector<uint16_t>& tags, ParserInput& in);
// Greedy parse of words 1..n: heads (0-based, -1 = root) and label ids, one per word.
void parse_words(const Model& m, const ParserInput& in, int n, std::vector<int>& heads,
                 std::vector<int>& labels);

}  // namespace entente::syntax
