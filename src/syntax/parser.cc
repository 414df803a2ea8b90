// Parser: loading a model, splitting tokens into UD words, tagging, lemmatizing and greedy
// arc-hybrid parsing.
#include <algorithm>
#include <fstream>
#include <iterator>
#include <sstream>

#include "entente/syntax.h"
#include "syntax/engine.h"
#include "syntax/model.h"

namespace entente {

namespace detail {
// The model compiled into the binary (src/syntax/default_model.cc); empty when none was.
std::string_view default_parser_model();
}  // namespace detail

namespace {

constexpr std::string_view kUposNames[] = {"ADJ",   "ADP",   "ADV", "AUX",  "CCONJ", "DET",
                                           "INTJ",  "NOUN",  "NUM", "PART", "PRON",  "PROPN",
                                           "PUNCT", "SCONJ", "SYM", "VERB", "X"};

}  // namespace

std::string_view upos_name(Upos upos) {
  const auto i = static_cast<size_t>(upos);
  return i < std::size(kUposNames) ? kUposNames[i] : "X";
}

Upos upos_from_name(std::string_view name) {
  for (size_t i = 0; i < std::size(kUposNames); ++i) {
    if (kUposNames[i] == name) return static_cast<Upos>(i);
  }
  return Upos::X;
}

struct Parser::Impl {
  syntax::Model model;
  ParserOptions options;
  syntax::ParserInput root;  // features of the root node
};

Parser::Parser(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
Parser::Parser(Parser&&) noexcept = default;
Parser& Parser::operator=(Parser&&) noexcept = default;
Parser::Parser(const Parser&) = default;
Parser& Parser::operator=(const Parser&) = default;
Parser::~Parser() = default;

Result<Parser> Parser::from_bytes(std::string_view bytes, std::string_view name,
                                  ParserOptions options) {
  auto model = syntax::deserialize(bytes, name);
  if (!model) return model.error();
  auto impl = std::make_shared<Impl>();
  impl->model = std::move(model.value());
  impl->options = options;
  if (impl->options.max_words == 0) impl->options.max_words = 1;
  return Parser(std::move(impl));
}

Result<Parser> Parser::load(const std::string& path, ParserOptions options) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error(Errc::NotFound, "cannot open parser model", path);
  std::ostringstream buffer;
  buffer << in.rdbuf();  // a directory or a read error leaves the stream bad or empty
  if (in.bad() || buffer.bad()) return make_error(Errc::Io, "cannot read parser model", path);
  const std::string bytes = std::move(buffer).str();
  return from_bytes(bytes, path, options);
}

Result<Parser> Parser::load_default(ParserOptions options) {
  const std::string_view bytes = detail::default_parser_model();
  if (bytes.empty()) {
    return make_error(Errc::InvalidData, "this build has no parser model compiled in",
                      "data/models/en_ewt.model");
  }
  return from_bytes(bytes, "data/models/en_ewt.model (built in)", options);
}

using syntax::Model;

namespace syntax {

void parse_words(const Model& m, const syntax::ParserInput& in, int n, std::vector<int>& heads,
                 std::vector<int>& labels) {
  const int nl = static_cast<int>(m.labels.size());
  const auto classes = static_cast<size_t>(m.parser.classes);
  syntax::ParseState st;
  st.init(n);
  std::vector<float> scores(classes);
  uint64_t feats[syntax::kMaxParserFeats];
  while (!st.terminal()) {
    const size_t k = syntax::parser_features(st, in, feats);
    std::fill(scores.begin(), scores.end(), 0.0f);
    m.parser.score(feats, k, scores.data());
    int best = -1;
    float best_score = 0;
    auto consider = [&](int t) {
      if (best < 0 || scores[static_cast<size_t>(t)] > best_score) {
        best = t;
        best_score = scores[static_cast<size_t>(t)];
      }
    };
    if (st.can_shift()) consider(0);
    if (st.can_left()) {
      for (int l = 1; l < nl; ++l) consider(1 + l);  // label 0 (root) only by RIGHT from root
    }
    if (st.can_right()) {
      if (st.stack[st.stack.size() - 2] == 0) {
        consider(1 + nl);  // RIGHT root
      } else {
        for (int l = 1; l < nl; ++l) consider(1 + nl + l);
      }
    }
    st.apply(best, nl);
  }
  heads.resize(static_cast<size_t>(n));
  labels.resize(static_cast<size_t>(n));
  for (int i = 1; i <= n; ++i) {
    heads[static_cast<size_t>(i - 1)] = st.head[static_cast<size_t>(i)] - 1;
    labels[static_cast<size_t>(i - 1)] = st.label[static_cast<size_t>(i)];
  }
}

void fill_parser_input(const Model& m, const std::vector<WordFeats>& wf,
                       const std::vector<uint16_t>& tags, ParserInput& in) {
  const size_t n = wf.size();
  in.word.resize(n + 1);
  in.tag.resize(n + 1);
  in.upos.resize(n + 1);
  in.word[0] = hash_bytes("<root>", 11);
  in.tag[0] = 0xffff;
  in.upos[0] = 0xff;
  for (size_t i = 0; i < n; ++i) {
    in.word[i + 1] = wf[i].lower;
    in.tag[i + 1] = tags[i];
    in.upos[i + 1] = static_cast<uint64_t>(m.tags[tags[i]].upos);
  }
}

}  // namespace syntax

std::vector<SyntaxWord> Parser::parse(std::span<const std::string_view> words) const {
  const Model& m = impl_->model;
  std::vector<SyntaxWord> out;
  if (words.empty()) return out;
  const auto wf = syntax::word_feats(words);
  const auto tags = syntax::tag_sentence(m, words, wf);
  out.resize(words.size());
  for (size_t i = 0; i < words.size(); ++i) {
    SyntaxWord& w = out[i];
    w.form = std::string(words[i]);
    w.upos = m.tags[tags[i]].upos;
    w.xpos = m.tags[tags[i]].xpos;
    w.lemma = syntax::lemmatize(m, words[i], tags[i]);
  }
  // Very long inputs are parsed in pieces; each piece's root hangs from the first one's.
  const size_t piece = impl_->options.max_words;
  int32_t first_root = -1;
  for (size_t begin = 0; begin < words.size(); begin += piece) {
    const size_t n = std::min(piece, words.size() - begin);
    std::vector<syntax::WordFeats> pwf(wf.begin() + static_cast<std::ptrdiff_t>(begin),
                                       wf.begin() + static_cast<std::ptrdiff_t>(begin + n));
    std::vector<uint16_t> ptags(tags.begin() + static_cast<std::ptrdiff_t>(begin),
                                tags.begin() + static_cast<std::ptrdiff_t>(begin + n));
    syntax::ParserInput in;
    syntax::fill_parser_input(m, pwf, ptags, in);
    std::vector<int> heads, labels;
    syntax::parse_words(m, in, static_cast<int>(n), heads, labels);
    for (size_t i = 0; i < n; ++i) {
      SyntaxWord& w = out[begin + i];
      const auto label = static_cast<size_t>(labels[i]);
      w.deprel = m.labels[label];
      if (heads[i] < 0) {
        if (first_root < 0) {
          first_root = static_cast<int32_t>(begin + i);
          w.head = -1;
        } else {
          w.head = first_root;
          w.deprel = "parataxis";
        }
      } else {
        w.head = static_cast<int32_t>(begin) + heads[i];
      }
    }
  }
  return out;
}

namespace {

// Byte offsets of the pieces of a hyphenated word: "Al-Zaman" -> "Al" "-" "Zaman". A hyphen
// splits only between two letters or digits.
std::vector<std::pair<size_t, size_t>> hyphen_pieces(std::string_view w) {
  auto alnum = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  };
  std::vector<std::pair<size_t, size_t>> out;
  size_t start = 0;
  for (size_t i = 1; i + 1 < w.size(); ++i) {
    if (w[i] == '-' && alnum(w[i - 1]) && alnum(w[i + 1])) {
      out.emplace_back(start, i);
      out.emplace_back(i, i + 1);
      start = i + 1;
    }
  }
  out.emplace_back(start, w.size());
  return out;
}

}  // namespace

std::vector<WordPiece> Parser::split(const Document& doc, const Segmentation& seg,
                                     const Sentence& sentence) const {
  const syntax::SplitRules& rules = impl_->model.split;
  std::vector<WordPiece> out;
  for (uint32_t t = sentence.first_token; t < sentence.first_token + sentence.token_count; ++t) {
    const Token& tok = seg.tokens[t];
    const std::string_view text = span_text(doc, tok.span);
    // Match on a normalized copy: ASCII lower case, U+2019 as an apostrophe; `orig` maps each
    // byte of it back to the token's bytes.
    std::string norm;
    std::vector<uint32_t> orig;
    for (size_t i = 0; i < text.size(); ++i) {
      if (text.compare(i, 3, "\xE2\x80\x99") == 0) {
        norm += '\'';
        orig.push_back(static_cast<uint32_t>(i));
        i += 2;
        continue;
      }
      char c = text[i];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      norm += c;
      orig.push_back(static_cast<uint32_t>(i));
    }
    orig.push_back(static_cast<uint32_t>(text.size()));
    // Cut points in `norm`.
    std::vector<size_t> cuts;
    if (auto it = rules.whole.find(norm); it != rules.whole.end()) {
      size_t at = 0;
      for (size_t p = 0; p + 1 < it->second.size(); ++p) {
        at += it->second[p];
        cuts.push_back(at);
      }
    } else if (tok.kind == TokenKind::Word) {
      for (const std::string& suffix : rules.suffixes) {
        if (norm.size() > suffix.size() &&
            norm.compare(norm.size() - suffix.size(), suffix.size(), suffix) == 0) {
          cuts.push_back(norm.size() - suffix.size());
          break;
        }
      }
    }
    cuts.push_back(norm.size());
    size_t from = 0;
    for (size_t cut : cuts) {
      const uint32_t b = orig[from], e = orig[cut];
      const std::string_view piece = text.substr(b, e - b);
      // Hyphenated pieces of words are cut further, as the treebank does.
      std::vector<std::pair<size_t, size_t>> parts{{0, piece.size()}};
      if (rules.split_hyphens && tok.kind == TokenKind::Word) parts = hyphen_pieces(piece);
      for (const auto& [pb, pe] : parts) {
        WordPiece w;
        w.token = t;
        w.span = Span{tok.span.begin + b + static_cast<uint32_t>(pb),
                      tok.span.begin + b + static_cast<uint32_t>(pe)};
        std::string form(piece.substr(pb, pe - pb));
        // The treebank writes apostrophes as ASCII.
        for (size_t p; (p = form.find("\xE2\x80\x99")) != std::string::npos;) {
          form.replace(p, 3, "'");
        }
        w.form = std::move(form);
        out.push_back(std::move(w));
      }
      from = cut;
    }
  }
  return out;
}

}  // namespace entente
