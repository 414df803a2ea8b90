// entente syntax: part-of-speech tags (UPOS, PTB XPOS), lemmas and labelled dependency trees
// (UD relations) for the words of one sentence, from a model trained on the UD English Web
// Treebank. Pipeline position: after text (sentences and tokens), before match and code.
// Thread safety: a Parser is immutable after load; parse() is const and may run concurrently.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "entente/core.h"
#include "entente/text.h"

namespace entente {

// Universal part-of-speech tags (UD v2), in their alphabetical order.
enum class Upos : uint8_t {
  ADJ,    // adjective
  ADP,    // adposition
  ADV,    // adverb
  AUX,    // auxiliary
  CCONJ,  // coordinating conjunction
  DET,    // determiner
  INTJ,   // interjection
  NOUN,   // noun
  NUM,    // numeral
  PART,   // particle
  PRON,   // pronoun
  PROPN,  // proper noun
  PUNCT,  // punctuation
  SCONJ,  // subordinating conjunction
  SYM,    // symbol
  VERB,   // verb
  X,      // other
};

// "NOUN" for Upos::NOUN.
std::string_view upos_name(Upos upos);
// The tag named `name` ("NOUN"); Upos::X for anything else.
Upos upos_from_name(std::string_view name);

// One word of a parsed sentence.
struct SyntaxWord {
  std::string form;   // as given
  std::string lemma;  // lemma as in UD EWT: lower case ("telephoned" -> "telephone"), except
                      // proper nouns and "I", which keep their case
  Upos upos = Upos::X;
  std::string xpos;    // PTB tag (VBD, NNP, ...)
  int32_t head = -1;   // index of the head word in the sentence, -1 = root
  std::string deprel;  // UD relation with subtype ("nsubj", "nsubj:pass", "obl:tmod",
                       // "acl:relcl", "root")
};

// A word as the parser wants it, cut from a segmenter token: UD splits clitics off
// ("don't" -> "do" "n't", "Blinken's" -> "Blinken" "'s") and hyphens out of compounds.
struct WordPiece {
  std::string form;    // the word ("n't"; for "won't" the pieces are "wo" "n't")
  Span span;           // its bytes in the document (a piece of the token's span)
  uint32_t token = 0;  // index of the segmenter token (Segmentation::tokens) it comes from
};

struct ParserOptions {
  size_t max_words = 1000;  // longer sentences are parsed in pieces of this many words
};

// Tagger, lemmatizer and dependency parser, loaded from one model file.
class Parser {
 public:
  // Loads a model file. Fails with NotFound when it cannot be read and with InvalidData
  // (exit 78) when it is truncated, corrupt (checksum) or of another format version; the
  // message names the file.
  [[nodiscard]] static Result<Parser> load(const std::string& path, ParserOptions options = {});
  // Loads the model compiled into the binary (data/models/en_ewt.model at build time).
  [[nodiscard]] static Result<Parser> load_default(ParserOptions options = {});
  // Loads a model from its bytes; `name` is used in messages. The bytes are copied.
  [[nodiscard]] static Result<Parser> from_bytes(std::string_view bytes, std::string_view name,
                                                 ParserOptions options = {});

  // Tags, lemmatizes and parses one sentence of words (UD tokenization, see split()).
  // Returns one SyntaxWord per input word, heads forming one tree (exactly one root).
  // An empty input gives an empty result. Never fails.
  std::vector<SyntaxWord> parse(std::span<const std::string_view> words) const;

  // Cuts the tokens of `sentence` into UD words, using the clitic and compound rules learned
  // from the treebank (stored in the model). REQUIRES: `seg` was built from `doc`.
  std::vector<WordPiece> split(const Document& doc, const Segmentation& seg,
                               const Sentence& sentence) const;

  // Format version of the model files this build reads and writes.
  static constexpr uint32_t kFormatVersion = 3;

  Parser(Parser&&) noexcept;
  Parser& operator=(Parser&&) noexcept;
  Parser(const Parser&);
  Parser& operator=(const Parser&);
  ~Parser();

  struct Impl;  // private (src/syntax/)

 private:
  explicit Parser(std::shared_ptr<const Impl> impl);
  std::shared_ptr<const Impl> impl_;
};

// One sentence of a CoNLL-U file: its comment lines and its word lines, columns as written.
struct ConlluWord {
  std::string id;  // "1", "2-3" (a multiword token) or "8.1" (an empty node)
  std::string form, lemma, upos, xpos, feats, head, deprel, deps, misc;
  bool is_word() const;  // a plain word line (not a range or an empty node)
};
struct ConlluSentence {
  std::vector<std::string> comments;  // "# text = ..." lines, without the line break
  std::vector<ConlluWord> lines;      // every line, in file order
};

// Reads CoNLL-U from `in`. Fails with InvalidInput naming `name:line` on a malformed line
// (not 10 tab-separated columns, a bad id or head).
[[nodiscard]] Result<std::vector<ConlluSentence>> read_conllu(std::istream& in,
                                                              std::string_view name);
// Writes sentences as CoNLL-U (each followed by a blank line).
void write_conllu(const std::vector<ConlluSentence>& sentences, std::ostream& out);

// Settings of train_parser(); the defaults give the shipped model.
struct TrainOptions {
  int tagger_iterations = 8;    // passes over the training set for the tagger
  int parser_iterations = 15;   // passes for the parser (the best on dev is kept)
  int jackknife_folds = 4;      // the parser trains on tags from taggers that did not see
                                // the sentence (0 or 1: on gold tags)
  double explore = 0.9;         // dynamic oracle: chance of following a wrong prediction
  float min_weight = 0.0f;      // averaged parser weights smaller than this are dropped
  uint64_t seed = 1;            // shuffling and exploration; same seed, same model
  std::ostream* log = nullptr;  // progress lines (accuracy per pass), or none
};

// Trains tagger, lemmatizer and parser on `train`; `dev` (may be empty) picks the best pass.
// Returns the model file's bytes (deterministic: same data + options, same bytes).
// Fails with InvalidInput when `train` has no usable sentence.
[[nodiscard]] Result<std::string> train_parser(const std::vector<ConlluSentence>& train,
                                               const std::vector<ConlluSentence>& dev,
                                               const TrainOptions& options);

}  // namespace entente
