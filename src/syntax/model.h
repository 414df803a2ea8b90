// Private to src/syntax: the parts of a parser model (tagger, lemmatizer, transition parser,
// word splitting rules), the hashed sparse weight tables they score with, and the binary
// model format (magic, format version, payload, CRC-32).
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "entente/core.h"
#include "entente/syntax.h"

namespace entente::syntax {

// 64-bit FNV-1a over bytes, then a finalizer: stable across platforms and runs.
inline uint64_t mix64(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}
inline uint64_t hash_bytes(std::string_view s, uint64_t seed = 0) {
  uint64_t h = 0xcbf29ce484222325ULL ^ seed;
  for (char ch : s) {
    h ^= static_cast<unsigned char>(ch);
    h *= 0x100000001b3ULL;
  }
  return mix64(h);
}
// Combines a feature template id with up to three values into one feature key (never 0).
inline uint64_t feat(uint64_t tmpl, uint64_t a, uint64_t b = 0, uint64_t c = 0) {
  uint64_t h = mix64(tmpl * 0x9e3779b97f4a7c15ULL + a);
  h = mix64(h ^ (b + 0x632be59bd9b4e019ULL));
  h = mix64(h ^ (c + 0x85ebca6b2c2b7e1dULL));
  return h == 0 ? 1 : h;
}

// The 32-bit key a 64-bit feature key is stored under (never 0). Two features that fold to
// one key share their weights; with a few million keys that happens to a few hundred.
inline uint32_t fold_key(uint64_t k) {
  const auto f = static_cast<uint32_t>(k ^ (k >> 32));
  return f == 0 ? 1u : f;
}

// Averaged weights of a linear model over hashed sparse features: for each feature key, the
// classes it has a weight for. Open addressing over a power-of-two table; immutable at run time.
class WeightTable {
 public:
  struct Slot {
    uint32_t key = 0;     // fold_key() of the feature; 0 = empty slot
    uint32_t offset = 0;  // first entry (a dense row: its first weight in `dense`)
    uint32_t count = 0;   // number of entries, or kDense for a dense row
  };
  static constexpr uint32_t kDense = 0xffffffffu;
  // A feature with weights for at least this many classes (and a fifth of them) is also
  // kept as a dense row of `classes` weights: added with vector instructions instead of
  // one class at a time. Frequent features are the ones with many classes, so most of the
  // additions go this way. Adding a zero leaves a sum unchanged: the scores are the same.
  static constexpr uint32_t kDenseMinEntries = 12;
  uint32_t classes = 0;
  std::vector<Slot> slots;  // one array, so a lookup touches one cache line
  std::vector<uint16_t> entry_class;
  std::vector<float> entry_weight;
  std::vector<float> dense;  // dense rows, `classes` weights each (built by index())
  // The sparse entries of dense row i: (first entry, number of entries).
  std::vector<std::pair<uint32_t, uint32_t>> dense_entries;
  // A slot's sparse entries, dense or not: (first entry, number of entries).
  std::pair<uint32_t, uint32_t> sparse(const Slot& s) const {
    return s.count == kDense ? dense_entries[s.offset / classes] : std::pair{s.offset, s.count};
  }

  // Adds the weights of features `feats` to `scores` (size `classes`). The tables are far
  // larger than the caches, so the lookups go in batches: first every feature's home slot is
  // prefetched, then the slots are probed and their entries prefetched, then the entries are
  // added (the misses of a batch overlap instead of following one another).
  void score(const uint64_t* feats, size_t n, float* scores) const {
    if (slots.empty()) return;
    const size_t mask = slots.size() - 1;
    constexpr size_t kBatch = 32;
    uint32_t key[kBatch];
    const Slot* found[kBatch];
    for (size_t base = 0; base < n; base += kBatch) {
      const size_t m = std::min(kBatch, n - base);
      for (size_t f = 0; f < m; ++f) {
        key[f] = fold_key(feats[base + f]);
        __builtin_prefetch(&slots[static_cast<size_t>(key[f]) & mask]);
      }
      for (size_t f = 0; f < m; ++f) {
        found[f] = nullptr;
        for (size_t slot = static_cast<size_t>(key[f]) & mask;; slot = (slot + 1) & mask) {
          const Slot& s = slots[slot];
          if (s.key == key[f]) {
            found[f] = &s;
            if (s.count == kDense) {
              __builtin_prefetch(dense.data() + s.offset);
            } else {
              __builtin_prefetch(entry_class.data() + s.offset);  // at most one past the end
              __builtin_prefetch(entry_weight.data() + s.offset);
            }
            break;
          }
          if (s.key == 0) break;
        }
      }
      for (size_t f = 0; f < m; ++f) {
        if (found[f] == nullptr) continue;
        if (found[f]->count == kDense) {
          add_dense(dense.data() + found[f]->offset, scores);
          continue;
        }
        const uint32_t end = found[f]->offset + found[f]->count;
        for (uint32_t e = found[f]->offset; e < end; ++e) scores[entry_class[e]] += entry_weight[e];
      }
    }
  }
  // Builds the table from (key -> [(class, weight)]); rows whose keys fold together are
  // merged (weights of a class summed). The result does not depend on the order of `rows`.
  struct Row {
    uint64_t key;
    std::vector<std::pair<uint16_t, float>> weights;
  };
  static WeightTable build(uint32_t classes, const std::vector<Row>& rows);
  // Fills the hash slots from entries given row by row in ascending key order.
  void index(const std::vector<uint32_t>& row_keys, const std::vector<uint16_t>& row_counts);
  size_t entries() const { return entry_class.size(); }

 private:
  // scores[c] += row[c] for every class, four at a time.
  void add_dense(const float* row, float* scores) const {
    using V4 = float __attribute__((vector_size(16)));
    uint32_t c = 0;
    for (; c + 4 <= classes; c += 4) {
      V4 a, b;
      std::memcpy(&a, scores + c, sizeof a);
      std::memcpy(&b, row + c, sizeof b);
      a += b;
      std::memcpy(scores + c, &a, sizeof a);
    }
    for (; c < classes; ++c) scores[c] += row[c];
  }
};

// Training side of the averaged perceptron (Collins 2002) with lazy averaging.
class Perceptron {
 public:
  explicit Perceptron(uint32_t classes) : classes_(classes) {}
  uint32_t classes() const { return classes_; }
  // Current (not averaged) weights of `feats` added to `scores`.
  void score(const uint64_t* feats, size_t n, float* scores) const;
  // w[f][cls] += delta for every feature.
  void update(const uint64_t* feats, size_t n, uint16_t cls, float delta);
  // One training example seen (the clock of the averaging).
  void tick() { ++now_; }
  // The averaged weights, pruned of |w| < min_abs, as a run-time table.
  WeightTable averaged(float min_abs) const;

 private:
  struct Entry {
    uint16_t cls;
    float w;
    double total;  // sum of w over ticks up to `ts`
    int64_t ts;
  };
  uint32_t classes_;
  int64_t now_ = 0;
  std::unordered_map<uint64_t, std::vector<Entry>> rows_;
};

// A tag class: one (UPOS, XPOS) pair seen in training.
struct TagClass {
  Upos upos = Upos::X;
  std::string xpos;
  bool finite = false;  // most of its training words are finite verbs (VerbForm=Fin)
};

// Lemma edit rule: strip `strip` bytes from the end of the lower-cased form, append `append`;
// `keep_case` applies it to the form as written instead (proper nouns).
struct LemmaRule {
  uint8_t strip = 0;
  bool keep_case = false;
  std::string append;
  bool operator==(const LemmaRule&) const = default;
};

// Word splitting learned from the treebank's multiword tokens ("don't" = "do" + "n't").
struct SplitRules {
  // Whole tokens (lower case) and the byte lengths of their pieces.
  std::unordered_map<std::string, std::vector<uint8_t>> whole;
  // Suffixes (lower case) split off any word ("'s", "n't"), longest first.
  std::vector<std::string> suffixes;
  // Split hyphens out of words ("Al-Zaman" -> "Al" "-" "Zaman"), as the treebank does.
  bool split_hyphens = false;
};

// The whole model as loaded.
struct Model {
  std::vector<TagClass> tags;
  std::vector<std::string> labels;                     // dependency relations; index 0 is "root"
  std::unordered_map<std::string, uint16_t> tag_dict;  // unambiguous frequent forms -> tag
  // Ambiguous frequent forms -> the tags they had in training (ascending): the tagger picks
  // among these only ("met" is a verb form, never a noun).
  std::unordered_map<std::string, std::vector<uint16_t>> tag_options;
  // Lemmas: (form as written + '\t' + tag) -> lemma; then lower form; then rules.
  std::unordered_map<std::string, std::string> lemma_dict;
  // xpos \t lower-case suffix -> lemma rules, most frequent first (at most 3)
  std::unordered_map<std::string, std::vector<uint32_t>> lemma_suffix_rule;
  std::vector<LemmaRule> lemma_rules;
  std::unordered_set<std::string> known_words;  // every lemma and lower-case form seen
  SplitRules split;
  // require_finite_verb's margins, picked on the development treebank (0: never): for a
  // sentence written as one (capital first word, final stop, five words or more) and for
  // the rest (headlines, fragments, lists), which need no finite verb.
  float finite_margin_sentence = 0;
  float finite_margin = 0;
  WeightTable tagger;
  WeightTable parser;
};

// Serialization of a Model: returns the file bytes.
std::string serialize(const Model& model);
// Reads model bytes; errors are InvalidData naming `name`.
Result<Model> deserialize(std::string_view bytes, std::string_view name);

uint32_t crc32(std::string_view bytes);

}  // namespace entente::syntax
