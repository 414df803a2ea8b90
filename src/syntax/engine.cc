// Feature templates, tagging, lemmatizing and the arc-hybrid transition system.
#include "syntax/engine.h"

#include <algorithm>
#include <limits>

namespace entente::syntax {

namespace {

// Word shape: runs of X, x, d and other bytes collapsed to at most two ("Xx", "dd-dd").
uint64_t shape_hash(std::string_view s) {
  std::string shape;
  char last = 0;
  int run = 0;
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    char k;
    if (c >= 'A' && c <= 'Z') {
      k = 'X';
    } else if (c >= 'a' && c <= 'z') {
      k = 'x';
    } else if (c >= '0' && c <= '9') {
      k = 'd';
    } else if (c >= 0x80) {
      k = 'u';
    } else {
      k = static_cast<char>(c);
    }
    if (k == last) {
      if (++run > 2) continue;
    } else {
      run = 1;
      last = k;
    }
    shape += k;
  }
  return hash_bytes(shape, 7);
}

// Template ids: one per feature template, so equal values in two templates never collide.
enum T : uint64_t {
  kBias = 1,
  kLower,
  kForm,
  kSuf,
  kPre = kSuf + 4,
  kShape = kPre + 3,
  kFlags,
  kP1,
  kP2P1,
  kP1W,
  kWm1,
  kSufm1,
  kWm2,
  kWp1,
  kSufp1,
  kWp2,
  kWm1W,
  kWWp1,
  kP1Wp1,
  kShapep1,
  kShapem1,
  kFirst,
  kP1Suf3,
  kN1,
  kN1N2,
  kP1N1,
  kN1W,
  kN1Suf3,
  kFin,
  kFinSuf3,
  kFinP1,
  kTagEnd
};

}  // namespace

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::vector<WordFeats> word_feats(std::span<const std::string_view> words) {
  std::vector<WordFeats> out(words.size());
  for (size_t i = 0; i < words.size(); ++i) {
    const std::string_view w = words[i];
    const std::string lower = ascii_lower(w);
    WordFeats& f = out[i];
    f.form = hash_bytes(w, 1);
    f.lower = hash_bytes(lower, 2);
    f.shape = shape_hash(w);
    for (size_t k = 0; k < 4; ++k) {
      const size_t len = std::min(lower.size(), k + 1);
      f.suf[k] = hash_bytes(std::string_view(lower).substr(lower.size() - len), 3);
    }
    for (size_t k = 0; k < 3; ++k) {
      f.pre[k] = hash_bytes(std::string_view(lower).substr(0, std::min(lower.size(), k + 1)), 4);
    }
    bool digit = false, hyphen = false, upper_all = !w.empty();
    for (char c : w) {
      if (c >= '0' && c <= '9') digit = true;
      if (c == '-') hyphen = true;
      if (!(c >= 'A' && c <= 'Z')) upper_all = false;
    }
    const bool initial = !w.empty() && w[0] >= 'A' && w[0] <= 'Z';
    f.flags = (digit ? 1u : 0u) | (hyphen ? 2u : 0u) | (initial ? 4u : 0u) | (upper_all ? 8u : 0u);
  }
  return out;
}

int finite_context(bool left, bool right) { return 1 + (left ? 1 : 0) + (right ? 2 : 0); }

size_t tagger_features(const std::vector<WordFeats>& w, size_t i, int p1, int p2, int n1, int n2,
                       int finite_context, uint64_t* out) {
  static const WordFeats kStart = [] {
    WordFeats f;
    f.form = f.lower = f.shape = hash_bytes("<s>", 9);
    for (auto& s : f.suf) s = f.lower;
    return f;
  }();
  static const WordFeats kEnd = [] {
    WordFeats f;
    f.form = f.lower = f.shape = hash_bytes("</s>", 9);
    for (auto& s : f.suf) s = f.lower;
    return f;
  }();
  const size_t n = w.size();
  const WordFeats& c = w[i];
  const WordFeats& m1 = i >= 1 ? w[i - 1] : kStart;
  const WordFeats& m2 = i >= 2 ? w[i - 2] : kStart;
  const WordFeats& q1 = i + 1 < n ? w[i + 1] : kEnd;
  const WordFeats& q2 = i + 2 < n ? w[i + 2] : kEnd;
  const auto t1 = static_cast<uint64_t>(p1 + 2), t2 = static_cast<uint64_t>(p2 + 2);
  size_t k = 0;
  out[k++] = feat(kBias, 0);
  out[k++] = feat(kLower, c.lower);
  out[k++] = feat(kForm, c.form);
  for (uint64_t s = 0; s < 4; ++s) out[k++] = feat(kSuf + s, c.suf[s]);
  for (uint64_t s = 0; s < 3; ++s) out[k++] = feat(kPre + s, c.pre[s]);
  out[k++] = feat(kShape, c.shape);
  out[k++] = feat(kFlags, c.flags);
  out[k++] = feat(kP1, t1);
  out[k++] = feat(kP2P1, t2, t1);
  out[k++] = feat(kP1W, t1, c.lower);
  out[k++] = feat(kWm1, m1.lower);
  out[k++] = feat(kSufm1, m1.suf[2]);
  out[k++] = feat(kWm2, m2.lower);
  out[k++] = feat(kWp1, q1.lower);
  out[k++] = feat(kSufp1, q1.suf[2]);
  out[k++] = feat(kWp2, q2.lower);
  out[k++] = feat(kWm1W, m1.lower, c.lower);
  out[k++] = feat(kWWp1, c.lower, q1.lower);
  out[k++] = feat(kP1Wp1, t1, q1.lower);
  out[k++] = feat(kShapep1, q1.shape);
  out[k++] = feat(kShapem1, m1.shape);
  out[k++] = feat(kFirst, i == 0 ? 1 : 0, c.form);
  out[k++] = feat(kP1Suf3, t1, c.suf[2]);
  if (finite_context != kFirstPass) {
    const auto u1 = static_cast<uint64_t>(n1 + 2), u2 = static_cast<uint64_t>(n2 + 2);
    const auto fc = static_cast<uint64_t>(finite_context);
    out[k++] = feat(kN1, u1);
    out[k++] = feat(kN1N2, u1, u2);
    out[k++] = feat(kP1N1, t1, u1);
    out[k++] = feat(kN1W, u1, c.lower);
    out[k++] = feat(kN1Suf3, u1, c.suf[2]);
    out[k++] = feat(kFin, fc);
    out[k++] = feat(kFinSuf3, fc, c.suf[2]);
    out[k++] = feat(kFinP1, fc, t1);
  }
  return k;
}

bool require_finite_verb(const Model& m, const std::vector<FiniteAlternative>& alternatives,
                         float margin, std::vector<uint16_t>& tags) {
  if (!(margin > 0)) return false;
  size_t pick = tags.size();
  for (size_t i = 0; i < tags.size(); ++i) {
    if (m.tags[tags[i]].finite) return false;
    if (alternatives[i].gap < margin &&
        (pick == tags.size() || alternatives[i].gap < alternatives[pick].gap)) {
      pick = i;
    }
  }
  if (pick == tags.size()) return false;
  tags[pick] = alternatives[pick].tag;
  return true;
}

bool written_as_sentence(std::span<const std::string_view> words) {
  if (words.size() < 5 || words.front().empty() || words.back().size() != 1) return false;
  const char first = words.front().front(), last = words.back().front();
  return first >= 'A' && first <= 'Z' && (last == '.' || last == '!' || last == '?');
}

std::vector<uint16_t> tag_with_alternatives(const Model& m, std::span<const std::string_view> words,
                                            const std::vector<WordFeats>& wf,
                                            std::vector<FiniteAlternative>& alternatives) {
  return tag_passes(
      m, words, wf,
      [&](const uint64_t* feats, size_t k, float* scores) { m.tagger.score(feats, k, scores); },
      [](size_t, uint16_t, const uint64_t*, size_t) {}, &alternatives);
}

std::vector<uint16_t> tag_sentence(const Model& m, std::span<const std::string_view> words,
                                   const std::vector<WordFeats>& wf) {
  std::vector<FiniteAlternative> alternatives;
  std::vector<uint16_t> tags = tag_with_alternatives(m, words, wf, alternatives);
  require_finite_verb(
      m, alternatives, written_as_sentence(words) ? m.finite_margin_sentence : m.finite_margin,
      tags);
  return tags;
}

bool apply_lemma_rule(const LemmaRule& r, std::string_view form, std::string& out) {
  if (r.strip > form.size()) return false;
  out = r.keep_case ? std::string(form) : ascii_lower(form);
  // A cut inside a multi-byte character would leave invalid UTF-8.
  const size_t keep = out.size() - r.strip;
  if (keep < out.size() && (static_cast<unsigned char>(out[keep]) & 0xc0) == 0x80) return false;
  out.resize(keep);
  out += r.append;
  return !out.empty();
}

std::string lemmatize(const Model& m, std::string_view form, uint16_t tag) {
  const std::string& xpos = m.tags[tag].xpos;
  std::string key(form);
  key += '\t';
  key += xpos;
  if (auto it = m.lemma_dict.find(key); it != m.lemma_dict.end()) return it->second;
  const std::string lower = ascii_lower(form);
  key = "\x01" + lower + '\t' + xpos;
  if (auto it = m.lemma_dict.find(key); it != m.lemma_dict.end()) return it->second;
  // Rules keyed by the longest suffix seen with this tag; a rule that yields a word seen in
  // training wins over one that does not ("telephoned" -> "telephone", not "telephon").
  std::string fallback;
  std::string candidate;
  for (size_t len = std::min<size_t>(lower.size(), 6);; --len) {
    key = xpos + '\t' + lower.substr(lower.size() - len);
    if (auto it = m.lemma_suffix_rule.find(key); it != m.lemma_suffix_rule.end()) {
      for (uint32_t r : it->second) {
        if (!apply_lemma_rule(m.lemma_rules[r], form, candidate)) continue;
        if (m.known_words.count(ascii_lower(candidate)) != 0) return candidate;
        if (fallback.empty()) fallback = candidate;
      }
    }
    if (len == 0) break;
  }
  if (!fallback.empty()) return fallback;
  return m.tags[tag].upos == Upos::PROPN ? std::string(form) : lower;
}

void ParseState::init(int words) {
  n = words;
  stack.assign(1, 0);
  b = 1;
  const auto size = static_cast<size_t>(n + 1);
  head.assign(size, -1);
  label.assign(size, -1);
  lc1.assign(size, -1);
  lc2.assign(size, -1);
  rc1.assign(size, -1);
  rc2.assign(size, -1);
  nl.assign(size, 0);
  nr.assign(size, 0);
  lset.assign(size, 0);
  rset.assign(size, 0);
}

void ParseState::add_arc(int h, int d, int l) {
  const auto hi = static_cast<size_t>(h), di = static_cast<size_t>(d);
  head[di] = h;
  label[di] = l;
  const uint64_t bit = uint64_t{1} << (static_cast<unsigned>(l) & 63u);
  if (d < h) {
    ++nl[hi];
    lset[hi] |= bit;
    if (lc1[hi] < 0 || d < lc1[hi]) {
      lc2[hi] = lc1[hi];
      lc1[hi] = d;
    } else if (lc2[hi] < 0 || d < lc2[hi]) {
      lc2[hi] = d;
    }
  } else {
    ++nr[hi];
    rset[hi] |= bit;
    if (rc1[hi] < 0 || d > rc1[hi]) {
      rc2[hi] = rc1[hi];
      rc1[hi] = d;
    } else if (rc2[hi] < 0 || d > rc2[hi]) {
      rc2[hi] = d;
    }
  }
}

void ParseState::apply(int t, int labels) {
  if (t == 0) {
    stack.push_back(b++);
    return;
  }
  const int s0 = stack.back();
  stack.pop_back();
  if (t <= labels) {
    add_arc(b, s0, t - 1);
  } else {
    add_arc(stack.back(), s0, t - 1 - labels);
  }
}

namespace {

enum P : uint64_t {
  kS0w = 100,
  kS0t,
  kS0wt,
  kS1w,
  kS1t,
  kS1wt,
  kB0w,
  kB0t,
  kB0wt,
  kB1w,
  kB1t,
  kB1wt,
  kB2w,
  kB2t,
  kB2wt,
  kS2t,
  kS2w,
  kS0wtB0wt,
  kS0wtB0w,
  kS0wB0wt,
  kS0wtB0t,
  kS0tB0wt,
  kS0wB0w,
  kS0tB0t,
  kB0tB1t,
  kS1wtS0wt,
  kS1wS0w,
  kS1tS0t,
  kS1tS0w,
  kS1wS0t,
  kB0tB1tB2t,
  kS0tB0tB1t,
  kS1tS0tB0t,
  kS2tS1tS0t,
  kS0tS0lcB0t,
  kS0tS0rcB0t,
  kB0tB0lcS0t,
  kS1tS1rcS0t,
  kS1tS0tS0lc,
  kS1tS0tS0rc,
  kDistS0w,
  kDistS0t,
  kDistB0w,
  kDistB0t,
  kDistS0tB0t,
  kDist1S1tS0t,
  kDist1S1wS0w,
  kValS0wL,
  kValS0tL,
  kValS0wR,
  kValS0tR,
  kValB0wL,
  kValB0tL,
  kValS1tR,
  kValS1wR,
  kS0lcW,
  kS0lcT,
  kS0lcL,
  kS0rcW,
  kS0rcT,
  kS0rcL,
  kS0lc2T,
  kS0lc2L,
  kS0rc2T,
  kS0rc2L,
  kB0lcW,
  kB0lcT,
  kB0lcL,
  kB0lc2T,
  kB0lc2L,
  kS1rcW,
  kS1rcT,
  kS1rcL,
  kS1lcT,
  kS1lcL,
  kS0tLc12,
  kS0tRc12,
  kB0tLc12,
  kS1tRc12,
  kS0wLset,
  kS0tLset,
  kS0wRset,
  kS0tRset,
  kB0wLset,
  kB0tLset,
  kS1tRset,
  kS0uB0u,
  kS1uS0u,
  kS1uS0uB0u,
  kB1wB0w,
  kS0wB1w,
  kPuncBetween
};

uint64_t dist_bucket(int d) {
  if (d < 0) d = -d;
  if (d <= 4) return static_cast<uint64_t>(d);
  if (d <= 7) return 5;
  if (d <= 10) return 6;
  return 7;
}

}  // namespace

size_t parser_features(const ParseState& s, const ParserInput& in, uint64_t* out) {
  constexpr uint64_t kNone = 0x5bd1e995ULL;
  const int n = s.n;
  const size_t depth = s.stack.size();
  const int s0 = depth >= 2 ? s.stack[depth - 1] : -1;  // the root alone is not s0
  const int s1 = depth >= 2 ? s.stack[depth - 2] : -1;
  const int s2 = depth >= 3 ? s.stack[depth - 3] : -1;
  const int b0 = s.b <= n ? s.b : -1;
  const int b1 = s.b + 1 <= n ? s.b + 1 : -1;
  const int b2 = s.b + 2 <= n ? s.b + 2 : -1;
  auto W = [&](int a) { return a < 0 ? kNone : in.word[static_cast<size_t>(a)]; };
  auto Tg = [&](int a) { return a < 0 ? kNone : in.tag[static_cast<size_t>(a)]; };
  auto U = [&](int a) { return a < 0 ? kNone : in.upos[static_cast<size_t>(a)]; };
  auto at = [](const std::vector<int>& v, int a) { return a < 0 ? -1 : v[static_cast<size_t>(a)]; };
  auto L = [&](int a) {
    return a < 0 ? kNone : static_cast<uint64_t>(s.label[static_cast<size_t>(a)] + 1);
  };
  auto cnt = [](const std::vector<int>& v, int a) {
    return a < 0 ? kNone : static_cast<uint64_t>(v[static_cast<size_t>(a)]);
  };
  auto set = [](const std::vector<uint64_t>& v, int a) {
    return a < 0 ? kNone : v[static_cast<size_t>(a)];
  };
  const uint64_t s0w = W(s0), s0t = Tg(s0), s1w = W(s1), s1t = Tg(s1), b0w = W(b0), b0t = Tg(b0);
  const uint64_t b1w = W(b1), b1t = Tg(b1), b2t = Tg(b2), s2t = Tg(s2);
  const int s0lc = at(s.lc1, s0), s0rc = at(s.rc1, s0), s0lc2 = at(s.lc2, s0),
            s0rc2 = at(s.rc2, s0);
  const int b0lc = at(s.lc1, b0), b0lc2 = at(s.lc2, b0);
  const int s1rc = at(s.rc1, s1), s1rc2 = at(s.rc2, s1), s1lc = at(s.lc1, s1);
  size_t k = 0;
  out[k++] = feat(kS0w, s0w);
  out[k++] = feat(kS0t, s0t);
  out[k++] = feat(kS0wt, s0w, s0t);
  out[k++] = feat(kS1w, s1w);
  out[k++] = feat(kS1t, s1t);
  out[k++] = feat(kS1wt, s1w, s1t);
  out[k++] = feat(kB0w, b0w);
  out[k++] = feat(kB0t, b0t);
  out[k++] = feat(kB0wt, b0w, b0t);
  out[k++] = feat(kB1w, b1w);
  out[k++] = feat(kB1t, b1t);
  out[k++] = feat(kB1wt, b1w, b1t);
  out[k++] = feat(kB2w, W(b2));
  out[k++] = feat(kB2t, b2t);
  out[k++] = feat(kB2wt, W(b2), b2t);
  out[k++] = feat(kS2t, s2t);
  out[k++] = feat(kS2w, W(s2));
  out[k++] = feat(kS0wtB0wt, feat(0, s0w, s0t), b0w, b0t);
  out[k++] = feat(kS0wtB0w, s0w, s0t, b0w);
  out[k++] = feat(kS0wB0wt, s0w, b0w, b0t);
  out[k++] = feat(kS0wtB0t, s0w, s0t, b0t);
  out[k++] = feat(kS0tB0wt, s0t, b0w, b0t);
  out[k++] = feat(kS0wB0w, s0w, b0w);
  out[k++] = feat(kS0tB0t, s0t, b0t);
  out[k++] = feat(kB0tB1t, b0t, b1t);
  out[k++] = feat(kS1wtS0wt, feat(0, s1w, s1t), s0w, s0t);
  out[k++] = feat(kS1wS0w, s1w, s0w);
  out[k++] = feat(kS1tS0t, s1t, s0t);
  out[k++] = feat(kS1tS0w, s1t, s0w);
  out[k++] = feat(kS1wS0t, s1w, s0t);
  out[k++] = feat(kB0tB1tB2t, b0t, b1t, b2t);
  out[k++] = feat(kS0tB0tB1t, s0t, b0t, b1t);
  out[k++] = feat(kS1tS0tB0t, s1t, s0t, b0t);
  out[k++] = feat(kS2tS1tS0t, s2t, s1t, s0t);
  out[k++] = feat(kS0tS0lcB0t, s0t, Tg(s0lc), b0t);
  out[k++] = feat(kS0tS0rcB0t, s0t, Tg(s0rc), b0t);
  out[k++] = feat(kB0tB0lcS0t, b0t, Tg(b0lc), s0t);
  out[k++] = feat(kS1tS1rcS0t, s1t, Tg(s1rc), s0t);
  out[k++] = feat(kS1tS0tS0lc, s1t, s0t, Tg(s0lc));
  out[k++] = feat(kS1tS0tS0rc, s1t, s0t, Tg(s0rc));
  const uint64_t d = s0 >= 0 && b0 >= 0 ? dist_bucket(b0 - s0) : kNone;
  out[k++] = feat(kDistS0w, s0w, d);
  out[k++] = feat(kDistS0t, s0t, d);
  out[k++] = feat(kDistB0w, b0w, d);
  out[k++] = feat(kDistB0t, b0t, d);
  out[k++] = feat(kDistS0tB0t, s0t, b0t, d);
  const uint64_t d1 = s0 >= 0 && s1 >= 0 ? dist_bucket(s0 - s1) : kNone;
  out[k++] = feat(kDist1S1tS0t, s1t, s0t, d1);
  out[k++] = feat(kDist1S1wS0w, s1w, s0w, d1);
  out[k++] = feat(kValS0wL, s0w, cnt(s.nl, s0));
  out[k++] = feat(kValS0tL, s0t, cnt(s.nl, s0));
  out[k++] = feat(kValS0wR, s0w, cnt(s.nr, s0));
  out[k++] = feat(kValS0tR, s0t, cnt(s.nr, s0));
  out[k++] = feat(kValB0wL, b0w, cnt(s.nl, b0));
  out[k++] = feat(kValB0tL, b0t, cnt(s.nl, b0));
  out[k++] = feat(kValS1tR, s1t, cnt(s.nr, s1));
  out[k++] = feat(kValS1wR, s1w, cnt(s.nr, s1));
  out[k++] = feat(kS0lcW, W(s0lc));
  out[k++] = feat(kS0lcT, Tg(s0lc));
  out[k++] = feat(kS0lcL, L(s0lc));
  out[k++] = feat(kS0rcW, W(s0rc));
  out[k++] = feat(kS0rcT, Tg(s0rc));
  out[k++] = feat(kS0rcL, L(s0rc));
  out[k++] = feat(kS0lc2T, Tg(s0lc2));
  out[k++] = feat(kS0lc2L, L(s0lc2));
  out[k++] = feat(kS0rc2T, Tg(s0rc2));
  out[k++] = feat(kS0rc2L, L(s0rc2));
  out[k++] = feat(kB0lcW, W(b0lc));
  out[k++] = feat(kB0lcT, Tg(b0lc));
  out[k++] = feat(kB0lcL, L(b0lc));
  out[k++] = feat(kB0lc2T, Tg(b0lc2));
  out[k++] = feat(kB0lc2L, L(b0lc2));
  out[k++] = feat(kS1rcW, W(s1rc));
  out[k++] = feat(kS1rcT, Tg(s1rc));
  out[k++] = feat(kS1rcL, L(s1rc));
  out[k++] = feat(kS1lcT, Tg(s1lc));
  out[k++] = feat(kS1lcL, L(s1lc));
  out[k++] = feat(kS0tLc12, s0t, Tg(s0lc), Tg(s0lc2));
  out[k++] = feat(kS0tRc12, s0t, Tg(s0rc), Tg(s0rc2));
  out[k++] = feat(kB0tLc12, b0t, Tg(b0lc), Tg(b0lc2));
  out[k++] = feat(kS1tRc12, s1t, Tg(s1rc), Tg(s1rc2));
  out[k++] = feat(kS0wLset, s0w, set(s.lset, s0));
  out[k++] = feat(kS0tLset, s0t, set(s.lset, s0));
  out[k++] = feat(kS0wRset, s0w, set(s.rset, s0));
  out[k++] = feat(kS0tRset, s0t, set(s.rset, s0));
  out[k++] = feat(kB0wLset, b0w, set(s.lset, b0));
  out[k++] = feat(kB0tLset, b0t, set(s.lset, b0));
  out[k++] = feat(kS1tRset, s1t, set(s.rset, s1));
  out[k++] = feat(kS0uB0u, U(s0), U(b0));
  out[k++] = feat(kS1uS0u, U(s1), U(s0));
  out[k++] = feat(kS1uS0uB0u, U(s1), U(s0), U(b0));
  out[k++] = feat(kB1wB0w, b1w, b0w);
  out[k++] = feat(kS0wB1w, s0w, b1w);
  return k;
}

}  // namespace entente::syntax
