// entente text: a story as a Document, split into sentences and tokens with byte spans.
// Pipeline position: first stage; everything downstream points into Document::text by Span.
// Thread safety: Segmenter is immutable after construction; segment() may run concurrently.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "entente/core.h"

namespace entente {

// One news story. Spans of later stages are byte offsets into `text`, valid while it lives.
struct Document {
  std::string id;                  // story id (file name, or the "id" field of a JSONL line)
  std::string title;               // headline, may be empty
  std::string text;                // UTF-8 body, never rewritten by later stages
  std::optional<CivilDate> dct;    // publication date (metadata, dateline or --dct)
  std::string dct_origin;          // "metadata", "dateline", "option" or "" when unknown
  std::string source;              // publisher, may be empty
  std::string url;                 // may be empty
  std::string origin;              // "path" or "path:line" where it was read, for messages
};

// What a token is made of.
enum class TokenKind : uint8_t {
  Word,    // letters, possibly with inner apostrophes, hyphens or dots ("U.S.", "don't")
  Number,  // digits with inner separators ("1,200", "3.5", "2023-08-28" stays one token)
  Punct,   // punctuation mark or quote
  Symbol,  // anything else ($, %, emoji)
};

struct Token {
  Span span;          // bytes of the token in Document::text
  TokenKind kind = TokenKind::Word;
  bool space_before = false;  // white space precedes the token
};

// A sentence is a run of tokens; `span` covers its first to last token.
struct Sentence {
  Span span;
  uint32_t first_token = 0;  // index into Segmentation::tokens
  uint32_t token_count = 0;
  bool is_headline = false;  // a line without final punctuation (title, caption header)
};

struct Segmentation {
  std::vector<Token> tokens;
  std::vector<Sentence> sentences;
};

// Word lists the segmenter needs (data/text/abbreviations.json, read by the pipeline with
// load_segmenter_rules). Entries are lower case without the final dot ("gov", "u.s", "jan"),
// except capitalized_abbreviations, which are matched as written.
struct SegmenterRules {
  std::vector<std::string> abbreviations;         // never end a sentence ("gov", "sept", "u.s")
  std::vector<std::string> sentence_final_abbrev;  // end one before a sentence starter ("inc")
  std::vector<std::string> number_prefixes;       // abbreviations taking a number ("no", "art")
  std::vector<std::string> capitalized_abbreviations;  // only with a capital, as written ("Mass")
  std::vector<std::string> sentence_starters;  // capitalised after a sentence_final abbreviation,
                                               // they start a new sentence ("the", "he")
  std::vector<std::string> opening_prepositions;  // a sentence opening with one ("At 5 a.m.
                                                  // Mr. Smith left") keeps a time abbreviation
  std::vector<std::string> letter_words;  // capital letters that are words ("I"): "and I." ends a
                                          // sentence, and "I" after "..." starts none
  std::vector<std::string> list_bullets;  // marks that open a list item anywhere ("•", "⁃")
  std::vector<std::string> line_bullets;  // marks that open one only at a line start ("-", "*")
};

struct SegmenterOptions {
  size_t max_sentence_tokens = 1000;  // a longer sentence is split at this many tokens
};

// Splits a Document into sentences and tokens.
class Segmenter {
 public:
  Segmenter(SegmenterRules rules, SegmenterOptions options);
  ~Segmenter();
  Segmenter(Segmenter&&) noexcept;
  Segmenter& operator=(Segmenter&&) noexcept;

  // Returns the sentences and tokens of `doc.text` in order, spans into doc.text.
  // Fails with InvalidInput (where = origin and byte offset) on invalid UTF-8.
  // Never fails on ordinary text; an empty text gives no sentences.
  [[nodiscard]] Result<Segmentation> segment(const Document& doc) const;

 private:
  struct Impl;
  Impl* impl_;
};

// The text of `span` in `doc`. REQUIRES: span within doc.text.
inline std::string_view span_text(const Document& doc, Span span) {
  return std::string_view(doc.text).substr(span.begin, span.end - span.begin);
}

}  // namespace entente
