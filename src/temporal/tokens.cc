// The grammar's tokens: normalised words, hyphenated words split, and the cheap tests that
// decide where an expression may start.
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

// Whether an expression may start at this token: most words are rejected by two bit tests.
bool can_start(const Tk& tk) {
  if (tk.number) return true;
  if (tk.norm.size() == 2 && tk.norm[1] >= '1' && tk.norm[1] <= '4') return true;  // "Q3"
  if (is_apostrophe(tk.norm)) return true;                                         // "'90s"
  if (!tk.entries) return false;
  constexpr uint32_t kCats =
      (1u << static_cast<unsigned>(Cat::Month)) | (1u << static_cast<unsigned>(Cat::Weekday)) |
      (1u << static_cast<unsigned>(Cat::Season)) | (1u << static_cast<unsigned>(Cat::Holiday)) |
      (1u << static_cast<unsigned>(Cat::Deictic)) | (1u << static_cast<unsigned>(Cat::Mod)) |
      (1u << static_cast<unsigned>(Cat::Number)) | (1u << static_cast<unsigned>(Cat::Ordinal));
  constexpr uint64_t kRoles =
      (1u << static_cast<unsigned>(Role::The)) | (1u << static_cast<unsigned>(Role::Last)) |
      (1u << static_cast<unsigned>(Role::Next)) | (1u << static_cast<unsigned>(Role::This)) |
      (1u << static_cast<unsigned>(Role::In)) | (1u << static_cast<unsigned>(Role::That)) |
      (uint64_t{1} << static_cast<unsigned>(Role::DurationPrep)) |
      (uint64_t{1} << static_cast<unsigned>(Role::DurationQuant));
  return (tk.entries->cat_mask & kCats) != 0 || (tk.entries->role_mask & kRoles) != 0;
}

// Whether the token alone can be an expression (a name, a deictic word, a number); other
// starters ("the", "a", "last", "in") need a known word or a number after them.
bool starts_alone(const Tk& tk) {
  if (tk.number || (tk.norm.size() == 2 && tk.norm[1] >= '1' && tk.norm[1] <= '4')) return true;
  if (!tk.entries) return false;
  constexpr uint32_t kCats =
      (1u << static_cast<unsigned>(Cat::Month)) | (1u << static_cast<unsigned>(Cat::Weekday)) |
      (1u << static_cast<unsigned>(Cat::Season)) | (1u << static_cast<unsigned>(Cat::Holiday)) |
      (1u << static_cast<unsigned>(Cat::Deictic));
  constexpr uint32_t kRoles = (1u << static_cast<unsigned>(Role::Last)) |
                              (1u << static_cast<unsigned>(Role::Next)) |
                              (1u << static_cast<unsigned>(Role::This));
  return (tk.entries->cat_mask & kCats) != 0 || (tk.entries->role_mask & kRoles) != 0;
}

// Whether the token may continue an expression begun by "the", "a", "in" ...
bool continues(const Tk& tk) {
  if (tk.number || is_apostrophe(tk.norm)) return true;
  if (!tk.entries) return false;
  constexpr uint32_t kCats =
      (1u << static_cast<unsigned>(Cat::Month)) | (1u << static_cast<unsigned>(Cat::Weekday)) |
      (1u << static_cast<unsigned>(Cat::Season)) | (1u << static_cast<unsigned>(Cat::Holiday)) |
      (1u << static_cast<unsigned>(Cat::Deictic)) | (1u << static_cast<unsigned>(Cat::Unit)) |
      (1u << static_cast<unsigned>(Cat::Number)) | (1u << static_cast<unsigned>(Cat::Ordinal)) |
      (1u << static_cast<unsigned>(Cat::Mod)) | (1u << static_cast<unsigned>(Cat::PartOfDay));
  constexpr uint64_t kRoles =
      (1u << static_cast<unsigned>(Role::Last)) | (1u << static_cast<unsigned>(Role::Next)) |
      (1u << static_cast<unsigned>(Role::This)) | (1u << static_cast<unsigned>(Role::Previous)) |
      (1u << static_cast<unsigned>(Role::Following)) | (1u << static_cast<unsigned>(Role::Same)) |
      (1u << static_cast<unsigned>(Role::Of)) | (1u << static_cast<unsigned>(Role::The)) |
      (uint64_t{1} << static_cast<unsigned>(Role::SpanPast)) |
      (uint64_t{1} << static_cast<unsigned>(Role::DurationQuant));
  return (tk.entries->cat_mask & kCats) != 0 || (tk.entries->role_mask & kRoles) != 0;
}

// Builds the grammar's tokens for tokens [first, first + count) of `seg`.
// `arena` (at least doc.text.size() bytes, never resized here) holds the normalised words;
// `used` is how much of it is taken.
Result<void> build_tokens(const Tables& t, const Document& doc, const Segmentation& seg,
                          size_t first, size_t count, std::vector<Tk>& out, std::string& arena,
                          size_t& used) {
  out.clear();
  const std::string_view text = doc.text;
  const size_t last = std::min(first + count, seg.tokens.size());
  if (first < last) {
    // Normalising never lengthens a token, so the bytes of the sentence bound what it takes.
    const size_t bytes = seg.tokens[last - 1].span.end - seg.tokens[first].span.begin;
    ENTENTE_ASSERT(used + bytes <= arena.size(), "arena sized to the text");
  }
  auto add = [&](Span span, bool word_kind, bool number, bool space) {
    Tk& tk = out.emplace_back();  // filled in place: no copy of a half-written struct
    tk.span = span;
    const std::string_view raw = text.substr(span.begin, span.size());
    // Fast path: a word that no phrase contains keeps its raw bytes as its form (the grammar
    // only compares it with punctuation and looks at its suffix). Dotted, curly-quoted and
    // numeric tokens are always normalised.
    const auto c0 = static_cast<unsigned char>(raw[0]);
    const auto lc0 = static_cast<unsigned char>(c0 >= 'A' && c0 <= 'Z' ? c0 + 32 : c0);
    const bool plain = !number && raw.size() < 32 && c0 < 0x80 && raw.back() != '.' &&
                       !(t.any_filter[lc0] & (1u << raw.size()));
    if (plain) {
      tk.norm = raw;
    } else {
      const size_t len = temporal::normalize_into(raw, arena.data() + used);
      tk.norm = std::string_view(arena.data() + used, len);
      used += len;
      tk.entries = t.words.find(tk.norm);
    }
    tk.cap = c0 >= 'A' && c0 <= 'Z';
    tk.dotted = raw.size() > 1 && raw.back() == '.';
    tk.word = word_kind;
    tk.number = number;
    tk.space_before = space;
  };
  for (size_t k = first; k < last; ++k) {
    const Token& tok = seg.tokens[k];
    const std::string_view raw = text.substr(tok.span.begin, tok.span.size());
    if (tok.kind == TokenKind::Word && raw.find('-') != std::string_view::npos && raw.size() > 1) {
      // "mid-August", "third-quarter", "twenty-first": one grammar token per piece.
      uint32_t b = tok.span.begin;
      bool space = tok.space_before;
      for (uint32_t p = tok.span.begin; p <= tok.span.end; ++p) {
        if (p == tok.span.end || text[p] == '-') {
          if (p > b) {
            const auto c = static_cast<unsigned char>(text[b]);
            const bool digit = c >= '0' && c <= '9';
            add({b, p}, !digit, digit, space);
            out.back().joined_next = p < tok.span.end;
            space = false;
          }
          b = p + 1;
        }
      }
      continue;
    }
    add(tok.span, tok.kind == TokenKind::Word, tok.kind == TokenKind::Number, tok.space_before);
  }
  return {};
}

}  // namespace entente::temporal
