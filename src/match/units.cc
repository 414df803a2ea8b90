// Step 1, units: tokens folded for lookup ("U.S." -> "us", "China's" -> "china" + possessive),
// hyphenated words split unless the whole word is known ("U.S.-China" -> two units).
#include <algorithm>
#include <cctype>
#include <climits>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "match/run.h"

namespace entente::match {

void Run::add_unit(uint32_t token, uint32_t b, uint32_t e, const Token& tok) {
  Unit u;
  u.token = token;
  u.begin = b;
  u.end = e;
  const std::string_view text = std::string_view(doc_.text).substr(b, e - b);
  u.is_word = tok.kind == TokenKind::Word;
  u.is_number = tok.kind == TokenKind::Number;
  bool upper = false;
  bool lower = false;
  bool first_seen = false;
  // Folding never lengthens the word: write into a buffer of its size, cut it at the end.
  fold_.resize(text.size());
  char* dst = fold_.data();
  uint64_t h = 1469598103934665603ull;
  uint64_t h1 = h;  // hash before the last folded byte
  uint64_t h2 = h;  // hash before the last two folded bytes
  auto put = [&](char ch) {
    *dst++ = ch;
    h2 = h1;
    h1 = h;
    h ^= static_cast<unsigned char>(ch);
    h *= 1099511628211ull;
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    const bool up = c >= 'A' && c <= 'Z';
    const bool lo = c >= 'a' && c <= 'z';
    if (!first_seen && (up || lo || c >= 0xC0)) {
      first_seen = true;
      // Latin-1 capitals are C3 80..C3 9E in UTF-8; other scripts count as capitalised.
      u.first_upper = up || (c >= 0xC0 && !(c == 0xC3 && i + 1 < text.size() &&
                                            static_cast<unsigned char>(text[i + 1]) >= 0xA0));
    }
    upper = upper || up;
    lower = lower || lo;
    if (c == '.') continue;
    if (up) {
      put(static_cast<char>(c - 'A' + 'a'));
    } else if (c == 0xE2 && i + 2 < text.size() &&
               static_cast<unsigned char>(text[i + 1]) == 0x80 &&
               (static_cast<unsigned char>(text[i + 2]) == 0x99 ||
                static_cast<unsigned char>(text[i + 2]) == 0x98)) {
      put('\'');
      i += 2;
    } else {
      put(static_cast<char>(c));
    }
  }
  fold_.resize(static_cast<size_t>(dst - fold_.data()));
  u.all_upper = upper && !lower;
  u.word = t_.word_id(fold_, h);
  u.hash = h;
  if (u.is_word) {
    const size_t n = fold_.size();
    if (n > 2 && fold_[n - 2] == '\'' && fold_[n - 1] == 's') {
      u.possessive = true;
      u.hash = h2;
      u.base = t_.word_id(std::string_view(fold_).substr(0, n - 2), h2);
    } else if (n > 2 && fold_[n - 1] == '\'' && fold_[n - 2] == 's') {
      u.possessive = true;
      u.hash = h1;
      u.base = t_.word_id(std::string_view(fold_).substr(0, n - 1), h1);
    }
  }
  units_.push_back(u);
}

void Run::build_units(const Sentence& s) {
  units_.clear();
  const uint32_t end = s.first_token + s.token_count;
  for (uint32_t k = s.first_token; k < end && k < seg_.tokens.size(); ++k) {
    const Token& tok = seg_.tokens[k];
    const std::string_view text = span_text(doc_, tok.span);
    if (text == ".") continue;
    // A possessive split off by the segmenter ("China" "'s") marks the word before it.
    if (!tok.space_before && !units_.empty() && units_.back().is_word && text.size() <= 4 &&
        (text[0] == '\'' || static_cast<unsigned char>(text[0]) == 0xE2)) {
      match::fold_word(text, fold_);
      if (fold_ == "'s" || fold_ == "'") {
        Unit& prev = units_.back();
        if (!prev.possessive) {
          prev.possessive = true;
          prev.base = prev.word;
        }
        prev.end = tok.span.end;
        continue;
      }
    }
    if (tok.kind == TokenKind::Word && text.size() > 1 &&
        text.find('-') != std::string_view::npos) {
      match::fold_word(text, fold_);
      if (t_.word_id(fold_) == kNone && !split_blocked(text)) {
        size_t pos = 0;
        const size_t first = units_.size();
        while (pos <= text.size()) {
          size_t dash = text.find('-', pos);
          if (dash == std::string_view::npos) dash = text.size();
          if (dash > pos) {
            add_unit(k, tok.span.begin + static_cast<uint32_t>(pos),
                     tok.span.begin + static_cast<uint32_t>(dash), tok);
          }
          pos = dash + 1;
        }
        for (size_t i = first; i + 1 < units_.size(); ++i) units_[i].joined_next = true;
        continue;
      }
    }
    add_unit(k, tok.span.begin, tok.span.end, tok);
  }
  for (auto& u : units_) {
    if (u.is_word) {
      u.initial = true;
      break;
    }
  }
}

bool Run::split_blocked(std::string_view text) {
  const size_t dash = text.find('-');
  match::fold_word(text.substr(0, dash), fold2_);
  const uint32_t id = t_.word_id(fold2_);
  return id != kNone && (t_.word_class[id] & match::kHyphenPrefix) != 0;
}

}  // namespace entente::match
