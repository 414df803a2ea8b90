// Sentence splitting and tokenisation in one pass over the bytes (no regex, no locale).
// The rules follow wire-story conventions: abbreviations and initials keep their dot, numbers
// keep inner separators ("1,200", "3.5", "2023-08-28", "8/28"), a closing quote or bracket
// after the final mark stays with its sentence, a dateline ("BEIJING (AP) --") is a sentence
// of its own, and so is each list item (bullets, "1." / "2)" / "a." enumerators, also several
// on one line). A line break inside a paragraph joins hard-wrapped prose (the next line goes
// on in lower case, or the line is as wide as the paragraph's fixed width) and ends a
// headline, byline or fragment (a line without final punctuation) otherwise. Sentences run
// together without a space ("world.Today") are split; ". . ." is one ellipsis token.
#include <algorithm>
#include <cstring>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "entente/text.h"

namespace entente {
namespace {

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
using WordSet = std::unordered_set<std::string, StringHash, std::equal_to<>>;

WordSet to_set(const std::vector<std::string>& words) {
  WordSet out;
  for (const auto& w : words) out.insert(w);
  return out;
}

bool is_ascii_upper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
bool is_ascii_lower(unsigned char c) { return c >= 'a' && c <= 'z'; }
bool is_ascii_alpha(unsigned char c) { return is_ascii_upper(c) || is_ascii_lower(c); }
bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

// Character classes of one code point.
enum class Cls : uint8_t {
  Space,
  Newline,
  Letter,
  Digit,
  OpenQuote,   // " ' “ ‘ « ( [ {
  CloseQuote,  // ” ’ » ) ] }
  Final,       // . ! ? …
  Dash,        // - – — ―
  Punct,       // , ; : and other punctuation
  Symbol,      // $ % & emoji ...
};

struct Char {
  Cls cls;
  uint32_t len;  // bytes
  uint32_t cp;   // code point
};

constexpr Cls ascii_class(unsigned char c) {
  if (c == '\n') return Cls::Newline;
  if (c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f') return Cls::Space;
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return Cls::Letter;
  if (c >= '0' && c <= '9') return Cls::Digit;
  switch (c) {
    case '"':
    case '\'':
    case '(':
    case '[':
    case '{':
      return Cls::OpenQuote;
    case ')':
    case ']':
    case '}':
      return Cls::CloseQuote;
    case '.':
    case '!':
    case '?':
      return Cls::Final;
    case '-':
      return Cls::Dash;
    case ',':
    case ';':
    case ':':
    case '/':
    case '\\':
    case '*':
    case '_':
    case '`':
      return Cls::Punct;
    default:
      return Cls::Symbol;
  }
}

struct AsciiTable {
  Cls cls[128];
  constexpr AsciiTable() : cls() {
    for (unsigned c = 0; c < 128; ++c) cls[c] = ascii_class(static_cast<unsigned char>(c));
  }
};
constexpr AsciiTable kAscii;

// Decodes a multi-byte code point at `i`. REQUIRES: valid UTF-8 (checked before).
Char classify_multibyte(std::string_view s, size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  uint32_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
  if (i + len > s.size()) len = static_cast<uint32_t>(s.size() - i);
  uint32_t cp = len == 4 ? (c & 0x07u) : len == 3 ? (c & 0x0Fu) : (c & 0x1Fu);
  for (uint32_t k = 1; k < len; ++k)
    cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3Fu);
  Cls k = Cls::Letter;
  if (cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F || cp == 0x205F ||
      cp == 0x3000) {
    k = Cls::Space;
  } else if (cp == 0x2028 || cp == 0x2029 || cp == 0x85) {
    k = Cls::Newline;
  } else if (cp == 0x200B || cp == 0x200C || cp == 0x200D || cp == 0xFEFF) {
    k = Cls::Space;  // zero-width characters separate nothing visible
  } else if (cp == 0x201C || cp == 0x2018 || cp == 0xAB || cp == 0x201E || cp == 0x201A) {
    k = Cls::OpenQuote;
  } else if (cp == 0x201D || cp == 0x2019 || cp == 0xBB) {
    k = Cls::CloseQuote;
  } else if (cp == 0x2026 || cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F) {
    k = Cls::Final;
  } else if (cp >= 0x2010 && cp <= 0x2015) {
    k = Cls::Dash;
  } else if ((cp >= 0x2016 && cp <= 0x206F) || (cp >= 0x3001 && cp <= 0x303F) || cp == 0xA1 ||
             cp == 0xBF || cp == 0xB7) {
    k = Cls::Punct;
  } else if ((cp >= 0xA2 && cp <= 0xBF) || cp == 0xD7 || cp == 0xF7 ||
             (cp >= 0x20A0 && cp <= 0x2BFF) || cp >= 0x1F000) {
    k = Cls::Symbol;
  }
  return {k, len, cp};
}

// The class of the code point at `i`; ASCII by table.
inline Char classify(std::string_view s, size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) return {kAscii.cls[c], 1, c};
  return classify_multibyte(s, i);
}

bool is_letter_or_digit(Cls c) { return c == Cls::Letter || c == Cls::Digit; }

// Hard-wrapped text has lines of a fixed width (72 to 80 columns in e-mail, wire copy and
// PDF text); a paragraph with longer lines is written one line per paragraph.
constexpr uint32_t kMaxWrapWidth = 120;

// Per-token facts the splitter needs beyond the public Token.
struct TokInfo {
  Char first{Cls::Symbol, 1, 0};  // class of the token's first code point
  uint8_t newlines_before = 0;    // line breaks in the space before (capped at 2)
  bool abbrev_dot = false;        // word with its abbreviation dot attached ("Aug.", "U.S.")
  bool final_abbrev = false;      // that abbreviation may end a sentence ("Inc.", "U.S.")
  bool initial = false;           // a single capital with its dot ("W.")
  bool item_start = false;        // opens a list item (a bullet or an enumerator)
  bool in_enumerator = false;     // a piece of an enumerator ("1", ".", ")")
};

struct RuleSets {
  WordSet abbreviations;
  WordSet sentence_final;
  WordSet number_prefixes;
  WordSet capitalized;
  WordSet starters;
  WordSet opening_prepositions;
  WordSet letter_words;                // as written ("I")
  std::vector<uint32_t> list_bullets;  // code points
  std::vector<uint32_t> line_bullets;
};

// The code points of one-character entries (the schema allows no others).
std::vector<uint32_t> code_points(const std::vector<std::string>& marks) {
  std::vector<uint32_t> out;
  for (const auto& m : marks) {
    if (m.empty() || find_invalid_utf8(m)) continue;
    const Char c = classify(m, 0);
    if (c.len == m.size()) out.push_back(c.cp);
  }
  return out;
}

}  // namespace

struct Segmenter::Impl {
  RuleSets sets;
  SegmenterOptions options;
};

Segmenter::Segmenter(SegmenterRules rules, SegmenterOptions options)
    : impl_(new Impl{{to_set(rules.abbreviations), to_set(rules.sentence_final_abbrev),
                      to_set(rules.number_prefixes), to_set(rules.capitalized_abbreviations),
                      to_set(rules.sentence_starters), to_set(rules.opening_prepositions),
                      to_set(rules.letter_words), code_points(rules.list_bullets),
                      code_points(rules.line_bullets)},
                     options}) {}
Segmenter::~Segmenter() { delete impl_; }
Segmenter::Segmenter(Segmenter&& other) noexcept : impl_(std::exchange(other.impl_, nullptr)) {}
Segmenter& Segmenter::operator=(Segmenter&& other) noexcept {
  if (this != &other) {
    delete impl_;
    impl_ = std::exchange(other.impl_, nullptr);
  }
  return *this;
}

namespace {

// Lower-cases ASCII letters of `w` into `buf`.
std::string_view lower(std::string_view w, std::string& buf) {
  buf.assign(w);
  for (auto& ch : buf) {
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  }
  return buf;
}

struct Scanner {
  std::string_view s;
  const RuleSets& rules;
  std::vector<Token>& tokens;
  std::vector<TokInfo>& info;
  std::string buf;
  bool single_break = false;  // some token follows exactly one line break
  bool list_marks = false;    // some token may open a list item (a line start or a bullet)

  Char at(size_t i) const { return classify(s, i); }
  bool letter_at(size_t i) const { return i < s.size() && at(i).cls == Cls::Letter; }
  bool digit_at(size_t i) const {
    return i < s.size() && is_digit(static_cast<unsigned char>(s[i]));
  }

  void push(size_t b, size_t e, TokenKind kind, bool space, uint8_t nl) {
    tokens.push_back({{static_cast<uint32_t>(b), static_cast<uint32_t>(e)}, kind, space});
    TokInfo ti;
    ti.first = classify(s, b);
    ti.newlines_before = nl;
    info.push_back(ti);
    if (nl == 1) single_break = true;
    if (kind != TokenKind::Word && !list_marks) {
      // Only a line start can hold an enumerator; a bullet of its own can stand anywhere.
      list_marks = nl > 0 || tokens.size() == 1 ||
                   (ti.first.cp >= 0x80 && kind != TokenKind::Number &&
                    std::find(rules.list_bullets.begin(), rules.list_bullets.end(), ti.first.cp) !=
                        rules.list_bullets.end());
    } else if (!list_marks && (nl > 0 || tokens.size() == 1) && e - b <= 2) {
      list_marks = true;  // "a." or "b)" at a line start
    }
  }

  // Length of a letter run from `i`.
  size_t letters(size_t i) const {
    size_t j = i;
    while (j < s.size()) {
      Char c = at(j);
      if (c.cls != Cls::Letter) break;
      j += c.len;
    }
    return j - i;
  }

  // End of a URL or e-mail address starting at `b`, or 0 when there is none.
  size_t url_end(size_t b) const {
    auto starts = [&](std::string_view p) {
      if (s.size() - b < p.size()) return false;
      for (size_t k = 0; k < p.size(); ++k) {
        char ch = s[b + k];
        if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
        if (ch != p[k]) return false;
      }
      return true;
    };
    size_t run = b;
    while (run < s.size() && s[run] != ' ' && s[run] != '\n' && s[run] != '\t' && s[run] != '\r')
      ++run;
    bool url = starts("http://") || starts("https://") || starts("www.") || starts("ftp://");
    if (!url) {
      // name@domain.tld
      const void* hit = std::memchr(s.data() + b, '@', run - b);
      if (!hit) return 0;
      const size_t at_pos = static_cast<size_t>(static_cast<const char*>(hit) - s.data());
      if (at_pos == b) return 0;
      for (size_t k = b; k < at_pos; ++k) {
        const auto ch = static_cast<unsigned char>(s[k]);
        if (!(is_ascii_alpha(ch) || is_digit(ch) || ch == '.' || ch == '_' || ch == '-' ||
              ch == '+'))
          return 0;
      }
      size_t dot = s.find('.', at_pos);
      if (dot == std::string_view::npos || dot + 1 >= run || dot == at_pos + 1) return 0;
      if (!is_ascii_alpha(static_cast<unsigned char>(s[dot + 1]))) return 0;
    }
    // Trailing punctuation belongs to the sentence, not the address.
    while (run > b) {
      const char ch = s[run - 1];
      if (ch == '.' || ch == ',' || ch == ';' || ch == ':' || ch == '!' || ch == '?' || ch == ')' ||
          ch == ']' || ch == '"' || ch == '\'') {
        --run;
      } else if (run - b >= 3 && static_cast<unsigned char>(s[run - 3]) == 0xE2 &&
                 static_cast<unsigned char>(s[run - 2]) == 0x80) {
        run -= 3;  // curly quote or ellipsis
      } else {
        break;
      }
    }
    return run;
  }

  // Scans a word from `b`; returns its end (before any abbreviation dot).
  size_t word_end(size_t b, bool& dotted) const {
    size_t j = b;
    size_t seg_start = b;
    dotted = false;
    while (j < s.size()) {
      const Char c = at(j);
      if (is_letter_or_digit(c.cls)) {
        j += c.len;
        continue;
      }
      const size_t next = j + c.len;
      if ((c.cp == '\'' || c.cp == 0x2019) && letter_at(next)) {
        // "'s" at the end of a word is a token of its own (possessive).
        if ((s[next] == 's' || s[next] == 'S') && !letter_at(next + 1) && !digit_at(next + 1)) {
          break;
        }
        j = next;
        continue;
      }
      if (c.cls == Cls::Dash && c.cp == '-' && next < s.size() &&
          is_letter_or_digit(at(next).cls)) {
        j = next;
        seg_start = j;
        continue;
      }
      if (c.cp == '.' && letter_at(next)) {
        // Inner dots of "U.S.", "e.g.", "Ph.D." (short letter groups only).
        const size_t before = j - seg_start;
        const size_t after = letters(next);
        const size_t after_end = next + after;
        const bool ends_ok = after_end >= s.size() || at(after_end).cls != Cls::Digit;
        // "it.He" is two sentences run together, not an abbreviation like "e.g" or "Ph.D".
        const bool run_on = after == 2 && is_ascii_lower(static_cast<unsigned char>(s[j - 1])) &&
                            is_ascii_upper(static_cast<unsigned char>(s[next])) &&
                            is_ascii_lower(static_cast<unsigned char>(s[next + 1]));
        if (before <= 3 && after <= 2 && ends_ok && !run_on &&
            (after_end >= s.size() || s[after_end] == '.' || at(after_end).cls != Cls::Letter)) {
          dotted = true;
          j = next;
          seg_start = j;
          continue;
        }
      }
      break;
    }
    return j;
  }

  size_t number_end(size_t b) const {
    size_t j = b;
    while (j < s.size()) {
      const auto ch = static_cast<unsigned char>(s[j]);
      if (is_digit(ch)) {
        ++j;
        continue;
      }
      if ((ch == '.' || ch == ',' || ch == ':' || ch == '/' || ch == '-') && digit_at(j + 1)) {
        j += 1;
        continue;
      }
      break;
    }
    // Suffixes: "5th", "1990s", "9am", "3bn".
    size_t k = j;
    while (k < s.size() && is_ascii_alpha(static_cast<unsigned char>(s[k]))) ++k;
    if (k > j && k - j <= 3 && !(k < s.size() && is_digit(static_cast<unsigned char>(s[k])))) {
      j = k;
    }
    return j;
  }

  // Whether the word [b, e) followed by '.' keeps the dot as an abbreviation dot.
  bool abbreviation_dot(size_t b, size_t e, bool dotted, bool& final_ok, bool& initial) {
    final_ok = false;
    initial = false;
    if (e >= s.size() || s[e] != '.') return false;  // most words: kept inline
    return dotted_word(b, e, dotted, final_ok, initial);
  }
  bool dotted_word(size_t b, size_t e, bool dotted, bool& final_ok, bool& initial) {
    if (e + 1 < s.size() && s[e + 1] == '.') return false;  // ellipsis
    const std::string_view w = s.substr(b, e - b);
    const std::string_view lw = lower(w, buf);
    if (rules.sentence_final.count(lw)) final_ok = true;
    if (dotted) return true;
    if (w.size() == 1 && is_ascii_alpha(static_cast<unsigned char>(w[0]))) {
      // "you and I." ends a sentence; "Albert I. Jones" and "I. Introduction" keep an initial.
      if (rules.letter_words.count(w) && !tokens.empty() && tokens.back().kind == TokenKind::Word &&
          is_ascii_lower(static_cast<unsigned char>(s[tokens.back().span.begin]))) {
        return false;
      }
      initial = is_ascii_upper(static_cast<unsigned char>(w[0]));
      return true;
    }
    if (rules.abbreviations.count(lw)) return true;
    if (is_ascii_upper(static_cast<unsigned char>(w[0])) && rules.capitalized.count(w)) {
      return true;
    }
    if (rules.number_prefixes.count(lw)) {
      size_t k = e + 1;
      while (k < s.size() && (s[k] == ' ' || s[k] == '\t')) ++k;
      if (digit_at(k)) return true;
    }
    return false;
  }

  void run() {
    size_t i = 0;
    bool space = false;
    uint8_t nl = 0;
    while (i < s.size()) {
      const Char c = at(i);
      if (c.cls == Cls::Space) {
        space = true;
        i += c.len;
        continue;
      }
      if (c.cls == Cls::Newline) {
        space = true;
        if (nl < 2) ++nl;
        i += c.len;
        continue;
      }
      const size_t b = i;
      if (c.cls == Cls::Letter || c.cls == Cls::Digit) {
        // URLs start with a scheme or "www."; e-mail addresses have "@" after a word.
        const char c0 = static_cast<char>(c.cp | 0x20);
        size_t u = (c0 == 'h' || c0 == 'w' || c0 == 'f') ? url_end(b) : 0;
        bool dotted = false;
        size_t e = 0;
        if (u <= b && c.cls == Cls::Letter) {
          e = word_end(b, dotted);
          size_t k = e;
          while (k < s.size() && (s[k] == '.' || s[k] == '_' || s[k] == '-' || s[k] == '+' ||
                                  is_ascii_alpha(static_cast<unsigned char>(s[k])) ||
                                  is_digit(static_cast<unsigned char>(s[k]))))
            ++k;
          if (k < s.size() && s[k] == '@') u = url_end(b);
        }
        if (u > b) {
          push(b, u, TokenKind::Symbol, space, nl);
          i = u;
        } else if (c.cls == Cls::Letter) {
          bool final_ok = false;
          bool initial = false;
          const bool dot = abbreviation_dot(b, e, dotted, final_ok, initial);
          push(b, dot ? e + 1 : e, TokenKind::Word, space, nl);
          if (dot) {
            info.back().abbrev_dot = true;
            info.back().final_abbrev = final_ok;
            info.back().initial = initial;
          }
          i = dot ? e + 1 : e;
        } else {
          const size_t ne = number_end(b);
          push(b, ne, TokenKind::Number, space, nl);
          i = ne;
        }
      } else if ((c.cp == '\'' || c.cp == 0x2019) && !space && !tokens.empty() &&
                 i + 1 < s.size() && (s[i + c.len] == 's' || s[i + c.len] == 'S') &&
                 !letter_at(i + c.len + 1)) {
        push(b, b + c.len + 1, TokenKind::Word, false, nl);  // possessive "'s"
        i = b + c.len + 1;
      } else if (c.cp == '.' && i + 2 < s.size() &&
                 ((s[i + 1] == '.' && s[i + 2] == '.') ||
                  (s[i + 1] == ' ' && s[i + 2] == '.' && i + 4 < s.size() && s[i + 3] == ' ' &&
                   s[i + 4] == '.'))) {
        // An ellipsis, also spaced (". . ."), is one token with its inner spaces.
        size_t e = i;
        while (e < s.size() && (s[e] == '.' || s[e] == ' ')) {
          if (s[e] == ' ' && !(e + 1 < s.size() && s[e + 1] == '.')) break;
          ++e;
        }
        while (e > b && s[e - 1] == ' ') --e;
        push(b, e, TokenKind::Punct, space, nl);
        i = e;
      } else if (c.cls == Cls::Dash && c.cp == '-' && i + 1 < s.size() && s[i + 1] == '-') {
        size_t e = i;
        while (e < s.size() && s[e] == '-') ++e;
        push(b, e, TokenKind::Punct, space, nl);
        i = e;
      } else {
        const TokenKind kind = c.cls == Cls::Symbol ? TokenKind::Symbol : TokenKind::Punct;
        push(b, b + c.len, kind, space, nl);
        i += c.len;
      }
      space = false;
      nl = 0;
    }
  }
};

bool all_caps_word(std::string_view w) {
  size_t letters = 0;
  for (char ch : w) {
    const auto c = static_cast<unsigned char>(ch);
    if (is_ascii_lower(c)) return false;
    if (is_ascii_upper(c)) ++letters;
  }
  return letters >= 2;
}

}  // namespace

Result<Segmentation> Segmenter::segment(const Document& doc) const {
  const std::string_view s = doc.text;
  if (auto bad = find_invalid_utf8(s)) {
    return make_error(Errc::InvalidInput, "invalid UTF-8 at byte offset " + std::to_string(*bad),
                      (doc.origin.empty() ? doc.id : doc.origin) + ":byte " + std::to_string(*bad));
  }
  Segmentation out;
  std::vector<TokInfo> info;
  out.tokens.reserve(s.size() / 5 + 8);
  info.reserve(s.size() / 5 + 8);
  Scanner scanner{s, impl_->sets, out.tokens, info, {}};
  scanner.run();
  const auto& toks = out.tokens;
  const size_t n = toks.size();
  if (n == 0) return out;
  const bool single_breaks = scanner.single_break;

  auto text_of = [&](size_t k) { return s.substr(toks[k].span.begin, toks[k].span.size()); };
  auto first_byte = [&](size_t k) { return static_cast<unsigned char>(s[toks[k].span.begin]); };
  auto cls_of = [&](size_t k) { return info[k].first; };
  auto starts_upper = [&](size_t k) {
    const unsigned char c = first_byte(k);
    if (c < 0x80) return is_ascii_upper(c);
    return cls_of(k).cls == Cls::Letter && toks[k].kind == TokenKind::Word;
  };
  auto starts_lower = [&](size_t k) { return is_ascii_lower(first_byte(k)); };
  auto is_closer = [&](size_t k) {
    const Char c = cls_of(k);
    if (c.cls == Cls::CloseQuote) return true;
    // A straight quote right after the mark closes the quotation.
    return (c.cp == '"' || c.cp == '\'') && !toks[k].space_before;
  };
  const RuleSets& rules = impl_->sets;
  auto line_start = [&](size_t k) { return k == 0 || info[k].newlines_before > 0; };
  auto is_bullet = [&](size_t k) {
    if (toks[k].kind != TokenKind::Punct && toks[k].kind != TokenKind::Symbol) return false;
    const Char c = cls_of(k);
    if (toks[k].span.size() != c.len) return false;
    const auto has = [&](const std::vector<uint32_t>& v) {
      return std::find(v.begin(), v.end(), c.cp) != v.end();
    };
    return has(rules.list_bullets) || (line_start(k) && has(rules.line_bullets));
  };
  // An enumerator: one or two digits or one lower-case letter closed by ".", ")" or ".)"
  // with no space ("1.", "2)", "a.", "3.)"), or "(a)" / "(1)". Returns its length in tokens
  // when a word, number or quote follows after a space (0 otherwise) and its ordinal in `value`.
  auto enumerator_at = [&](size_t k, int& value) -> size_t {
    size_t j = k;
    const std::string_view t = text_of(k);
    const auto attached = [&](size_t m, std::string_view what) {
      return m < n && !toks[m].space_before && text_of(m) == what;
    };
    if (t == "(" && k + 2 < n && attached(k + 2, ")") && toks[k + 1].span.size() <= 2 &&
        toks[k + 1].kind != TokenKind::Punct) {
      value = 0;
      j = k + 3;
    } else if (toks[k].kind == TokenKind::Number && t.size() <= 2 && is_digit(first_byte(k)) &&
               is_digit(static_cast<unsigned char>(t.back()))) {
      value = t.size() == 1 ? t[0] - '0' : (t[0] - '0') * 10 + (t[1] - '0');
      j = k + 1;
      if (attached(j, ".")) ++j;
      if (attached(j, ")")) ++j;
      if (j == k + 1) return 0;
    } else if (toks[k].kind == TokenKind::Word && is_ascii_lower(first_byte(k)) &&
               ((t.size() == 2 && info[k].abbrev_dot) || (t.size() == 1 && attached(k + 1, ")")))) {
      value = t[0] - 'a' + 1;
      j = k + 1;
      if (attached(j, ")")) ++j;
    } else {
      return 0;
    }
    if (j >= n || !toks[j].space_before || info[j].newlines_before > 0) return 0;
    if (toks[j].kind == TokenKind::Punct && cls_of(j).cls != Cls::OpenQuote) return 0;
    return j - k;
  };

  // List items: a bullet, or an enumerator at a line start or after a bullet, starts a
  // sentence; so does each enumerator of an inline run numbered in sequence ("1. The first
  // item 2. The second item", "a. ... b. ..."), the first at a line start, each before a
  // capitalised word. The dots and brackets of an enumerator end nothing.
  if (scanner.list_marks) {
    int chain = -1;  // ordinal of the last enumerator of the current run
    bool chain_letter = false;
    bool after_bullet = false;
    for (size_t k = 0; k < n; ++k) {
      if (info[k].newlines_before >= 2) chain = -1;
      const bool bullet_before = after_bullet;
      after_bullet = false;
      if (toks[k].kind == TokenKind::Punct || toks[k].kind == TokenKind::Symbol) {
        if (is_bullet(k)) {
          info[k].item_start = true;
          after_bullet = true;
          continue;
        }
      }
      // Mid-line, only the next enumerator of a run can open an item.
      if (chain < 0 && !bullet_before && !line_start(k)) continue;
      int value = 0;
      const size_t len = enumerator_at(k, value);
      if (len == 0) continue;
      const bool letter = toks[k].kind == TokenKind::Word;
      bool item = false;
      if (line_start(k) || bullet_before) {
        item = !letter || value == 1 || (chain >= 0 && chain_letter && value == chain + 1);
      } else if (chain >= 0 && letter == chain_letter && value == chain + 1 && value > 0) {
        item = starts_upper(k + len) || toks[k + len].kind == TokenKind::Number;
      }
      if (!item) continue;
      if (!bullet_before) info[k].item_start = true;
      for (size_t m = k; m < k + len; ++m) info[m].in_enumerator = true;
      chain = value;
      chain_letter = letter;
      k += len - 1;
    }
  }

  std::vector<uint8_t> boundary_after(n, 0);  // 1 = ends a sentence, 2 = ends a headline
  // A dateline at the start of the story or of a paragraph line: "BEIJING (AP) --",
  // "WASHINGTON, Aug. 29 (Reuters) -", "Aug. 29, 2023 --".
  auto dateline_from = [&](size_t s0) {
    const size_t limit = std::min<size_t>(n, s0 + 24);
    for (size_t k = s0 + 1; k < limit; ++k) {
      if (info[k].newlines_before > 0) return;
      const std::string_view t = text_of(k);
      const Char c = cls_of(k);
      const bool dash =
          (c.cls == Cls::Dash && (t.size() >= 2 || c.cp != '-' ||
                                  (toks[k].space_before && k + 1 < n && toks[k + 1].space_before)));
      if (dash) {
        bool caps = all_caps_word(text_of(s0));
        bool agency = false;
        bool number = false;
        bool clean = true;
        for (size_t j = s0; j < k; ++j) {
          const std::string_view w = text_of(j);
          if (toks[j].kind == TokenKind::Number) number = true;
          if (w == "(" && j + 2 < k && text_of(j + 2) == ")" && all_caps_word(text_of(j + 1)))
            agency = true;
          if (toks[j].kind == TokenKind::Word && !starts_upper(j)) clean = false;
          if (toks[j].kind == TokenKind::Punct && w != "," && w != "(" && w != ")" && w != "/")
            clean = false;
        }
        if (clean && (caps || agency || (number && k - s0 <= 8))) {
          boundary_after[k] = 1;
          if (s0 > 0) boundary_after[s0 - 1] = std::max<uint8_t>(boundary_after[s0 - 1], 1);
        }
        return;
      }
      if (toks[k].kind == TokenKind::Punct && cls_of(k).cls == Cls::Final) return;
    }
  };
  for (size_t k = 0; k < n; ++k) {
    if ((k == 0 || info[k].newlines_before > 0) && toks[k].kind != TokenKind::Punct &&
        starts_upper(k)) {
      dateline_from(k);
    }
  }

  // Lines and paragraphs (runs of lines between blank lines): a line break inside a
  // paragraph joins hard-wrapped prose, and ends a headline, a byline or a list of fragments.
  struct Line {
    size_t first = 0;
    size_t last = 0;
    uint32_t para = 0;
    bool terminal = false;       // ends in final punctuation or an abbreviation dot
    bool prose_follows = false;  // it or a later line of its paragraph is terminal
  };
  auto ends_final = [&](size_t k) {
    return cls_of(k).cls == Cls::Final || is_closer(k) || info[k].abbrev_dot;
  };
  std::vector<Line> lines;
  std::vector<uint32_t> para_width;  // bytes of the longest line of each paragraph
  std::vector<uint32_t> line_of;
  // Only a text with single line breaks needs them (most stories have none).
  if (single_breaks) line_of.assign(n, 0);
  for (size_t k = 0; k < n && single_breaks; ++k) {
    if (line_start(k)) {
      const uint32_t para =
          lines.empty() ? 0 : lines.back().para + (info[k].newlines_before >= 2 ? 1 : 0);
      if (para_width.size() <= para) para_width.push_back(0);
      lines.push_back({k, k, para, false, false});
    }
    lines.back().last = k;
    line_of[k] = static_cast<uint32_t>(lines.size() - 1);
  }
  for (size_t l = lines.size(); l-- > 0;) {
    Line& ln = lines[l];
    ln.terminal = ends_final(ln.last);
    ln.prose_follows = ln.terminal || (l + 1 < lines.size() && lines[l + 1].para == ln.para &&
                                       lines[l + 1].prose_follows);
    const uint32_t bytes = toks[ln.last].span.end - toks[ln.first].span.begin;
    para_width[ln.para] = std::max(para_width[ln.para], bytes);
  }
  // Most longer words capitalised: a title or byline, not a line of prose.
  auto title_case = [&](const Line& ln) {
    size_t words = 0;
    size_t caps = 0;
    for (size_t k = ln.first; k <= ln.last; ++k) {
      if (toks[k].kind != TokenKind::Word || toks[k].span.size() < 4) continue;
      ++words;
      if (starts_upper(k)) ++caps;
    }
    return words >= 2 && caps * 4 >= words * 3;
  };
  // Whether the break after line `l` (no final punctuation) continues its sentence.
  auto wrapped_after = [&](size_t l, size_t k, size_t nx) {
    const Line& ln = lines[l];
    if (!lines[l + 1].prose_follows) return false;  // fragments: "features\ncontact manager"
    const Char c = cls_of(k);
    if (starts_lower(nx) || c.cp == ',' || c.cls == Cls::Dash || c.cls == Cls::OpenQuote) {
      return true;
    }
    // A capitalised next line continues only a full line of fixed-width text.
    const uint32_t width = para_width[ln.para];
    const uint32_t bytes = toks[ln.last].span.end - toks[ln.first].span.begin;
    const bool first_of_para = l == 0 || lines[l - 1].para != ln.para;
    return width <= kMaxWrapWidth && bytes * 4 >= width * 3 && !(first_of_para && title_case(ln));
  };
  // The contiguous tokens before the dot at `k` spell a number prefix ("N°" in "N°. 12").
  auto number_prefix_before = [&](size_t k) {
    if (k == 0 || toks[k].space_before) return false;
    size_t j = k - 1;
    while (j > 0 && !toks[j].space_before && k - j < 3) --j;
    std::string lw(s.substr(toks[j].span.begin, toks[k - 1].span.end - toks[j].span.begin));
    for (auto& ch : lw) {
      if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
    }
    return rules.number_prefixes.count(lw) > 0;
  };
  // A word made of a letter word ("I", "I'm", "I’ve"): capitalised anywhere.
  auto letter_word_at = [&](size_t k) {
    if (toks[k].kind != TokenKind::Word) return false;
    std::string_view t = text_of(k);
    const size_t apos = std::min(t.find('\''), t.find("\xE2\x80\x99"));
    return rules.letter_words.count(t.substr(0, apos)) > 0;
  };
  // Dots of an ellipsis token: 3 for "...", ". . ." and "…", 4 when a period follows one.
  auto ellipsis_dots = [&](size_t k) {
    const std::string_view t = text_of(k);
    if (t == "\xE2\x80\xA6") return size_t{3};
    return static_cast<size_t>(std::count(t.begin(), t.end(), '.'));
  };
  // "capital.Today": a word, its dot and a capitalised word with no space between. Names
  // written so ("Ra.One", "Pravda.Ru", "W32.Welchia.Worm") have a capital or a dot on the
  // left: then only a sentence starter after a longer word splits ("in Kiel.The ship").
  auto run_on_at = [&](size_t k, size_t after) {
    if (k == 0 || toks[k].space_before || toks[k - 1].kind != TokenKind::Word) return false;
    if (toks[after].kind != TokenKind::Word || !starts_upper(after)) return false;
    if (k >= 2 && !toks[k - 1].space_before && text_of(k - 2) == ".") return false;
    const std::string_view left = text_of(k - 1);
    const std::string_view right = text_of(after);
    if (left.size() < 2 || right.size() < 2 ||
        !is_ascii_lower(static_cast<unsigned char>(right[1])) ||
        !std::any_of(left.begin(), left.end(),
                     [](char ch) { return is_ascii_lower(static_cast<unsigned char>(ch)); })) {
      return false;
    }
    if (starts_lower(k - 1)) return true;
    std::string buf;
    return left.size() >= 4 && rules.starters.count(lower(right, buf)) > 0;
  };
  // "(Smith 55)." after a closing quote: a citation that ends the quoted sentence.
  auto citation_at = [&](size_t open) {
    if (text_of(open) != "(" || !toks[open].space_before) return false;
    for (size_t j = open + 1; j < n && j < open + 12 && info[j].newlines_before == 0; ++j) {
      if (text_of(j) == ")") return j + 1 < n && cls_of(j + 1).cls == Cls::Final;
      if (cls_of(j).cls == Cls::Final) return false;
    }
    return false;
  };
  // A sentence that opens with a preposition and reaches `k` within a few tokens: the
  // fronted time phrase of "At 5 a.m. Mr. Smith left".
  auto fronted_phrase_before = [&](size_t k) {
    size_t j = k;
    while (j > 0 && k - j < 5 && !boundary_after[j - 1]) --j;
    if (j > 0 && !boundary_after[j - 1]) return false;
    std::string buf;
    return rules.opening_prepositions.count(lower(text_of(j), buf)) > 0;
  };

  for (size_t k = 0; k < n; ++k) {
    if (k + 1 >= n) break;
    const size_t nx = k + 1;
    if (boundary_after[k]) continue;
    // A blank line always ends a sentence.
    if (info[nx].newlines_before >= 2) {
      boundary_after[k] = 1;
      continue;
    }
    if (info[nx].item_start) {
      boundary_after[k] = ends_final(k) || info[nx].newlines_before == 0 ? 1 : 2;
      continue;
    }
    if (info[k].in_enumerator) continue;
    const Char c = cls_of(k);
    if (info[nx].newlines_before == 1 && !ends_final(k)) {
      if (!wrapped_after(line_of[k], k, nx)) boundary_after[k] = 2;
      continue;
    }
    // Final punctuation (not an abbreviation dot).
    if (toks[k].kind == TokenKind::Punct && c.cls == Cls::Final) {
      // "[...]" marks an omission: no sentence end unless a closing quote follows.
      const bool omission = k > 0 && text_of(k - 1) == "[" && text_of(nx) == "]";
      if (omission) {
        const uint32_t q = nx + 1 < n && !toks[nx + 1].space_before ? cls_of(nx + 1).cp : 0;
        if (q != '"' && q != '\'' && q != 0x201D && q != 0x2019 && q != 0xBB) continue;
      }
      // Take closing quotes and brackets along.
      size_t last = k;
      while (last + 1 < n && is_closer(last + 1) && info[last + 1].newlines_before == 0) ++last;
      if (last + 1 >= n) {
        k = last;
        break;
      }
      const size_t after = last + 1;
      const Char a = cls_of(after);
      bool split;
      if (info[after].newlines_before > 0) {
        split = true;
      } else if (c.cp == '.' && last == k && !toks[after].space_before) {
        split = run_on_at(k, after);  // "BA.5", "No.1" stay; "capital.Today" splits
      } else if (starts_lower(after)) {
        split = false;  // "Why?" he asked. / "... and then"
      } else if (a.cls == Cls::Punct || a.cls == Cls::CloseQuote || a.cls == Cls::Final ||
                 (a.cls == Cls::Dash && toks[after].span.size() == 1)) {
        split = false;  // ".," or "?)"
      } else if (last == k && ellipsis_dots(k) == 3 && letter_word_at(after)) {
        split = false;  // "the thing is . . . I didn't": "I" is capitalised anyway
      } else if (last > k && citation_at(after)) {
        split = false;  // "... stairways." (Smith 55).
      } else if (c.cp == '.' && last == k && toks[after].kind == TokenKind::Number &&
                 number_prefix_before(k)) {
        split = false;  // "N°. 1026"
      } else {
        split = true;
      }
      if (split) boundary_after[last] = 1;
      k = last;
      continue;
    }
    // Abbreviation dot: ends a sentence only for sentence-final abbreviations before a
    // sentence starter ("... in the U.S. The talks ...", "at 6 p.m. Mr. Smith then left"),
    // unless the sentence opened with the time phrase ("At 5 a.m. Mr. Smith left").
    if (info[k].abbrev_dot && info[k].final_abbrev && starts_upper(nx)) {
      std::string buf;
      std::string_view lw = lower(text_of(nx), buf);
      if (!lw.empty() && lw.back() == '.') lw.remove_suffix(1);
      if (rules.starters.count(lw) && !fronted_phrase_before(k)) boundary_after[k] = 1;
    }
  }

  // Build sentences.
  const size_t max_tokens = std::max<size_t>(impl_->options.max_sentence_tokens, 1);
  size_t first = 0;
  for (size_t k = 0; k < n; ++k) {
    const bool last_token = k + 1 == n;
    const bool limit = k + 1 - first >= max_tokens;
    if (boundary_after[k] || last_token || limit) {
      Sentence sent;
      sent.span = {toks[first].span.begin, toks[k].span.end};
      sent.first_token = static_cast<uint32_t>(first);
      sent.token_count = static_cast<uint32_t>(k + 1 - first);
      sent.is_headline = boundary_after[k] == 2;
      out.sentences.push_back(sent);
      first = k + 1;
    }
  }
  return out;
}

}  // namespace entente
