// Training: tag and relation sets, tag dictionary, lemma rules and word splitting read off the
// treebank; an averaged perceptron tagger (two passes); the arc-hybrid parser trained with
// the dynamic oracle of Goldberg & Nivre (2013) on jackknifed tags. One thread, a seeded
// generator and sorted tables make the model bytes depend on the data and options only.
#include <algorithm>
#include <cctype>
#include <limits>
#include <map>
#include <numeric>
#include <ostream>
#include <set>

#include "entente/syntax.h"
#include "syntax/engine.h"
#include "syntax/model.h"

namespace entente {

namespace {

using syntax::Model;
using syntax::Perceptron;

// splitmix64: a small generator whose sequence depends only on the seed.
class Rng {
 public:
  explicit Rng(uint64_t seed) : s_(seed) {}
  uint64_t next() {
    uint64_t z = (s_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n).
  size_t below(size_t n) { return static_cast<size_t>(next() % static_cast<uint64_t>(n)); }
  double unit() { return static_cast<double>(next() >> 11) / 9007199254740992.0; }

 private:
  uint64_t s_;
};

template <class T>
void shuffle(std::vector<T>& v, Rng& rng) {
  for (size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[rng.below(i)]);
}

// One training sentence, words only (multiword token lines and empty nodes dropped).
struct Sent {
  std::vector<std::string> form, lemma, xpos, deprel;
  std::vector<Upos> upos;
  std::vector<bool> finite;  // VerbForm=Fin among the features
  std::vector<int> head;  // 1-based, 0 = root
  std::vector<uint16_t> tag;
  std::vector<int> label;
  std::vector<std::string_view> views() const {
    return std::vector<std::string_view>(form.begin(), form.end());
  }
};

bool parse_int(std::string_view s, int& out) {
  if (s.empty()) return false;
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9' || v > 100000) return false;
    v = v * 10 + (c - '0');
  }
  out = v;
  return true;
}

// Words of a CoNLL-U sentence; false when it has no words or a head out of range.
bool to_sent(const ConlluSentence& cs, Sent& s) {
  for (const ConlluWord& w : cs.lines) {
    if (!w.is_word()) continue;
    int h = 0;
    if (!parse_int(w.head, h)) return false;
    s.form.push_back(w.form);
    s.lemma.push_back(w.lemma);
    s.upos.push_back(upos_from_name(w.upos));
    s.xpos.push_back(w.xpos);
    s.finite.push_back(w.feats.find("VerbForm=Fin") != std::string::npos);
    s.head.push_back(h);
    s.deprel.push_back(w.deprel);
  }
  for (int h : s.head) {
    if (h > static_cast<int>(s.head.size())) return false;
  }
  return !s.form.empty();
}

bool has_upper(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

// The edit rule that turns `form` into `lemma`, if one fits in a LemmaRule.
bool lemma_rule_for(std::string_view form, std::string_view lemma, syntax::LemmaRule& rule) {
  rule.keep_case = has_upper(lemma);
  const std::string base = rule.keep_case ? std::string(form) : syntax::ascii_lower(form);
  size_t lcp = 0;
  while (lcp < base.size() && lcp < lemma.size() && base[lcp] == lemma[lcp]) ++lcp;
  // A rule that keeps nothing of the form ("went" -> "go", "christian" -> "Christian") is
  // that word's alone: the dictionary has it, and on another word it would make nonsense.
  if (lcp == 0 || base.size() - lcp > 255) return false;
  rule.strip = static_cast<uint8_t>(base.size() - lcp);
  rule.append = std::string(lemma.substr(lcp));
  return true;
}

template <class K>
K most_frequent(const std::map<K, int>& counts) {
  K best{};
  int n = -1;
  for (const auto& [k, c] : counts) {  // ties: the smallest key, by map order
    if (c > n) {
      best = k;
      n = c;
    }
  }
  return best;
}

// ---- the tag, relation, dictionary and lemma tables -------------------------------------

void build_tables(const std::vector<Sent>& train, const std::vector<ConlluSentence>& raw,
                  Model& m) {
  std::set<std::pair<uint8_t, std::string>> tagset;
  std::set<std::string> labelset;
  for (const Sent& s : train) {
    for (size_t i = 0; i < s.form.size(); ++i) {
      tagset.emplace(static_cast<uint8_t>(s.upos[i]), s.xpos[i]);
      if (s.deprel[i] != "root") labelset.insert(s.deprel[i]);
    }
  }
  for (const auto& [u, x] : tagset) m.tags.push_back({static_cast<Upos>(u), x, false});
  m.labels.push_back("root");
  m.labels.insert(m.labels.end(), labelset.begin(), labelset.end());

  // Tag dictionary: frequent forms that (nearly) always carry one tag are not scored at all.
  std::map<std::string, std::map<uint16_t, int>> form_tags;
  std::map<std::pair<uint8_t, std::string>, uint16_t> tag_ids;
  for (size_t i = 0; i < m.tags.size(); ++i) {
    tag_ids[{static_cast<uint8_t>(m.tags[i].upos), m.tags[i].xpos}] = static_cast<uint16_t>(i);
  }
  // A tag is finite when most of its words are finite verbs (VBD, VBZ, MD in the treebank).
  std::vector<size_t> tag_words(m.tags.size(), 0), tag_finite(m.tags.size(), 0);
  for (const Sent& s : train) {
    for (size_t i = 0; i < s.form.size(); ++i) {
      const uint16_t t = tag_ids[{static_cast<uint8_t>(s.upos[i]), s.xpos[i]}];
      ++tag_words[t];
      if (s.finite[i]) ++tag_finite[t];
    }
  }
  for (size_t i = 0; i < m.tags.size(); ++i) m.tags[i].finite = 2 * tag_finite[i] > tag_words[i];
  // Lemmas: per (lower form, xpos) and per (form, xpos); rules per (xpos, suffix).
  std::map<std::string, std::map<std::string, int>> lemma_lower, lemma_exact;
  std::map<std::string, std::map<uint32_t, int>> suffix_rules;
  std::map<std::pair<std::pair<uint8_t, bool>, std::string>, uint32_t> rule_ids;
  // Case-keeping rules (proper nouns) count word types, not tokens: one frequent abbreviation
  // ("Nov" -> "November") must not become the rule for every name ending in "v".
  std::set<std::string> seen_types;
  for (const Sent& s : train) {
    for (size_t i = 0; i < s.form.size(); ++i) {
      const uint16_t t = tag_ids[{static_cast<uint8_t>(s.upos[i]), s.xpos[i]}];
      ++form_tags[s.form[i]][t];
      const std::string lower = syntax::ascii_lower(s.form[i]);
      m.known_words.insert(lower);
      if (s.lemma[i] != "_") m.known_words.insert(syntax::ascii_lower(s.lemma[i]));
      if (s.lemma[i] == "_") continue;
      ++lemma_lower["\x01" + lower + '\t' + s.xpos[i]][s.lemma[i]];
      ++lemma_exact[s.form[i] + '\t' + s.xpos[i]][s.lemma[i]];
      syntax::LemmaRule rule;
      if (!lemma_rule_for(s.form[i], s.lemma[i], rule)) continue;
      if (rule.keep_case &&
          !seen_types.insert(s.form[i] + '\t' + s.xpos[i] + '\t' + s.lemma[i]).second) {
        continue;
      }
      const auto key = std::make_pair(std::make_pair(rule.strip, rule.keep_case), rule.append);
      auto [it, added] = rule_ids.emplace(key, static_cast<uint32_t>(m.lemma_rules.size()));
      if (added) m.lemma_rules.push_back(rule);
      for (size_t len = 0; len <= std::min<size_t>(lower.size(), 6); ++len) {
        ++suffix_rules[s.xpos[i] + '\t' + lower.substr(lower.size() - len)][it->second];
      }
    }
  }
  for (const auto& [form, tags] : form_tags) {
    int total = 0;
    for (const auto& [t, c] : tags) total += c;
    const uint16_t best = most_frequent(tags);
    if (total >= 20 && tags.at(best) * 1000 >= total * 995) {
      m.tag_dict.emplace(form, best);
    } else if (total >= 20 || (total >= 10 && tags.size() >= 2)) {
      // A less frequent form seen with one tag only is left free: ten sightings do not
      // show that it has no other reading.
      std::vector<uint16_t> seen;
      for (const auto& [t, c] : tags) seen.push_back(t);  // ascending: a std::map
      m.tag_options.emplace(form, std::move(seen));
    }
  }
  for (const auto& [key, lemmas] : lemma_lower) {
    const std::string lemma = most_frequent(lemmas);
    // Drop entries the rules reproduce anyway? Kept: the dictionary is exact for seen words.
    m.lemma_dict.emplace(key, lemma);
  }
  for (const auto& [key, lemmas] : lemma_exact) {
    const std::string lemma = most_frequent(lemmas);
    const size_t tab = key.find('\t');
    const std::string lower_key =
        "\x01" + syntax::ascii_lower(std::string_view(key).substr(0, tab)) + key.substr(tab);
    // Only where the case of the form decides the lemma ("US" -> "US", "us" -> "we").
    if (m.lemma_dict[lower_key] != lemma) m.lemma_dict.emplace(key, lemma);
  }
  for (const auto& [key, rules] : suffix_rules) {
    int total = 0;
    for (const auto& [r, c] : rules) total += c;
    if (total < 2 && key.back() != '\t') continue;
    std::vector<std::pair<int, uint32_t>> order;
    for (const auto& [r, c] : rules) order.emplace_back(-c, r);
    std::sort(order.begin(), order.end());
    std::vector<uint32_t> top;
    for (size_t i = 0; i < order.size() && i < 3; ++i) top.push_back(order[i].second);
    m.lemma_suffix_rule.emplace(key, std::move(top));
  }

  // Word splitting from the multiword tokens: a token split in most of its occurrences is a
  // whole-token rule; a last piece with an apostrophe split off many different words ("'s",
  // "n't") is a suffix rule. Hyphens are split when the treebank mostly splits them.
  std::map<std::string, int> word_count;
  for (const Sent& s : train) {
    for (const std::string& f : s.form) ++word_count[syntax::ascii_lower(f)];
  }
  std::map<std::string, std::map<std::vector<uint8_t>, int>> whole;
  std::map<std::string, std::set<std::string>> suffix_hosts;
  std::map<std::string, int> suffix_count;
  int hyphen_split = 0, hyphen_kept = 0;
  for (const ConlluSentence& cs : raw) {
    for (size_t i = 0; i < cs.lines.size(); ++i) {
      const ConlluWord& w = cs.lines[i];
      if (w.is_word()) {
        const std::string& f = w.form;
        for (size_t k = 1; k + 1 < f.size(); ++k) {
          if (f[k] == '-' && std::isalnum(static_cast<unsigned char>(f[k - 1])) &&
              std::isalnum(static_cast<unsigned char>(f[k + 1]))) {
            ++hyphen_kept;
            break;
          }
        }
        if (f == "-" && i > 0 && i + 1 < cs.lines.size() &&
            cs.lines[i - 1].misc.find("SpaceAfter=No") != std::string::npos &&
            w.misc.find("SpaceAfter=No") != std::string::npos) {
          ++hyphen_split;
        }
        continue;
      }
      const size_t dash = w.id.find('-');
      if (dash == std::string::npos) continue;
      int a = 0, b = 0;
      if (!parse_int(std::string_view(w.id).substr(0, dash), a) ||
          !parse_int(std::string_view(w.id).substr(dash + 1), b) || b < a || b - a > 4) {
        continue;
      }
      std::vector<std::string> pieces;
      for (size_t j = i + 1; j < cs.lines.size() && pieces.size() < static_cast<size_t>(b - a + 1);
           ++j) {
        if (cs.lines[j].is_word()) pieces.push_back(syntax::ascii_lower(cs.lines[j].form));
      }
      std::string joined;
      std::vector<uint8_t> lens;
      for (const std::string& p : pieces) {
        joined += p;
        lens.push_back(static_cast<uint8_t>(std::min<size_t>(p.size(), 255)));
      }
      const std::string token = syntax::ascii_lower(w.form);
      if (joined != token || pieces.size() < 2) continue;
      ++whole[token][lens];
      if (pieces.size() == 2 && pieces[1].find('\'') != std::string::npos) {
        suffix_hosts[pieces[1]].insert(pieces[0]);
        ++suffix_count[pieces[1]];
      }
    }
  }
  for (const auto& [token, splits] : whole) {
    int total = 0;
    for (const auto& [l, c] : splits) total += c;
    const int unsplit = word_count.count(token) != 0 ? word_count[token] : 0;
    if (total > unsplit) m.split.whole.emplace(token, most_frequent(splits));
  }
  for (const auto& [suffix, hosts] : suffix_hosts) {
    if (hosts.size() >= 3 && suffix_count[suffix] >= 10) m.split.suffixes.push_back(suffix);
  }
  std::stable_sort(m.split.suffixes.begin(), m.split.suffixes.end(),
                   [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  m.split.split_hyphens = hyphen_split > hyphen_kept;
}

// ---- tagger --------------------------------------------------------------------------------

// Tags with the weights being trained (the passes of syntax::tag_sentence); with `update`,
// corrects the weights on every wrong guess.
std::vector<uint16_t> tag_train(const Model& m, Perceptron& p, const Sent& s,
                                const std::vector<syntax::WordFeats>& wf, bool update) {
  const auto words = s.views();
  return syntax::tag_passes(
      m, words, wf,
      [&](const uint64_t* feats, size_t k, float* scores) { p.score(feats, k, scores); },
      [&](size_t i, uint16_t guess, const uint64_t* feats, size_t k) {
        if (!update) return;
        p.tick();
        if (guess != s.tag[i]) {
          p.update(feats, k, s.tag[i], 1.0f);
          p.update(feats, k, guess, -1.0f);
        }
      },
      nullptr, false);
}

struct TagScore {
  size_t words = 0, upos = 0, xpos = 0, lemma = 0;
};

TagScore score_tagger(const Model& m, const std::vector<Sent>& dev) {
  TagScore sc;
  for (const Sent& s : dev) {
    const auto v = s.views();
    const auto wf = syntax::word_feats(v);
    const auto tags = syntax::tag_sentence(m, v, wf);
    for (size_t i = 0; i < tags.size(); ++i) {
      ++sc.words;
      if (m.tags[tags[i]].upos == s.upos[i]) ++sc.upos;
      if (m.tags[tags[i]].xpos == s.xpos[i]) ++sc.xpos;
      if (syntax::lemmatize(m, s.form[i], tags[i]) == s.lemma[i]) ++sc.lemma;
    }
  }
  return sc;
}

double pct(size_t a, size_t b) {
  return b == 0 ? 0.0 : 100.0 * static_cast<double>(a) / static_cast<double>(b);
}

// Trains the tagger on `train` for `iterations` passes; with a non-empty `dev` keeps the
// averaged weights of the best pass. Returns the table; `m` supplies tags and dictionary.
syntax::WeightTable train_tagger(const Model& m, const std::vector<const Sent*>& train,
                                 const std::vector<Sent>& dev, int iterations, uint64_t seed,
                                 std::ostream* log) {
  Perceptron p(static_cast<uint32_t>(m.tags.size()));
  Rng rng(seed);
  std::vector<const Sent*> order = train;
  std::vector<std::vector<syntax::WordFeats>> feats(train.size());
  std::map<const Sent*, size_t> index;
  for (size_t i = 0; i < train.size(); ++i) {
    feats[i] = syntax::word_feats(train[i]->views());
    index[train[i]] = i;
  }
  syntax::WeightTable best;
  double best_acc = -1;
  Model probe = m;
  for (int it = 0; it < iterations; ++it) {
    shuffle(order, rng);
    for (const Sent* s : order) tag_train(m, p, *s, feats[index[s]], true);
    if (dev.empty()) continue;
    probe.tagger = p.averaged(0.0f);
    const TagScore sc = score_tagger(probe, dev);
    const double acc = pct(sc.upos + sc.xpos, 2 * sc.words);
    if (log != nullptr) {
      *log << "tagger pass " << (it + 1) << ": dev UPOS " << pct(sc.upos, sc.words) << " XPOS "
           << pct(sc.xpos, sc.words) << " lemma " << pct(sc.lemma, sc.words) << "\n";
    }
    if (acc > best_acc) {
      best_acc = acc;
      best = std::move(probe.tagger);
    }
  }
  if (dev.empty()) return p.averaged(0.0f);
  return best;
}

// The margin of syntax::require_finite_verb that tags the development sentences best: every
// sentence the tagger leaves without a finite verb gives the gap of its nearest finite
// reading and what taking it would gain (+1 a tag put right, -1 a tag put wrong); the margin
// keeps the prefix of smallest gaps with the largest total gain, the widest such prefix
// when several tie (the treebank's web text has more verbless fragments than news; a
// margin that costs it nothing is taken as wide as it goes). 0 when nothing gains.
float pick_finite_margin(const Model& m, const std::vector<Sent>& dev, bool sentences,
                         std::ostream* log) {
  std::vector<std::pair<float, int>> cases;  // (gap, gain)
  for (const Sent& s : dev) {
    const auto v = s.views();
    if (syntax::written_as_sentence(v) != sentences) continue;
    const auto wf = syntax::word_feats(v);
    std::vector<syntax::FiniteAlternative> alts;
    std::vector<uint16_t> tags = syntax::tag_with_alternatives(m, v, wf, alts);
    const std::vector<uint16_t> before = tags;
    if (!syntax::require_finite_verb(m, alts, std::numeric_limits<float>::max(), tags)) continue;
    for (size_t i = 0; i < tags.size(); ++i) {
      if (tags[i] == before[i]) continue;
      auto right = [&](uint16_t t) {  // dev words carry no tag ids: compare the tags
        return m.tags[t].upos == s.upos[i] && m.tags[t].xpos == s.xpos[i] ? 1 : 0;
      };
      const int gain = right(tags[i]) - right(before[i]);
      cases.emplace_back(alts[i].gap, gain);
    }
  }
  std::sort(cases.begin(), cases.end());
  int total = 0, best = 0;
  float margin = 0;
  for (size_t i = 0; i < cases.size(); ++i) {
    total += cases[i].second;
    const bool boundary = i + 1 == cases.size() || cases[i + 1].first > cases[i].first;
    if (boundary && total >= best && total > 0) {
      best = total;
      margin = i + 1 < cases.size() ? (cases[i].first + cases[i + 1].first) / 2
                                    : cases[i].first * 1.5f + 1e-3f;
    }
  }
  if (log != nullptr) {
    int run = 0;
    *log << "finite verb gain by margin:";
    for (size_t i = 0; i < cases.size(); ++i) {
      run += cases[i].second;
      if (i % 25 == 24) *log << ' ' << cases[i].first << ":" << run;
    }
    *log << "\n";
    *log << "finite verb margin " << margin << " (" << (sentences ? "sentences" : "fragments")
         << "): " << cases.size() << " dev sentences without one, " << best
         << " tags gained\n";
  }
  return margin;
}

// ---- parser --------------------------------------------------------------------------------

// Costs of the unlabelled transitions in state `st` against gold heads `g` (1-based, 0 =
// root); -1 for an invalid transition. Arc-hybrid costs are arc-decomposable (Goldberg &
// Nivre 2013): a transition costs the gold arcs it makes unreachable.
void transition_costs(const syntax::ParseState& st, const std::vector<int>& g, int cost[3]) {
  const int n = st.n;
  const size_t depth = st.stack.size();
  const int s0 = st.stack.back();
  const int b = st.b;
  cost[0] = cost[1] = cost[2] = -1;
  if (st.can_shift()) {
    int c = 0;
    for (size_t i = 0; i < depth; ++i) {
      const int d = st.stack[i];
      if (d != 0 && g[static_cast<size_t>(d)] == b) ++c;
      if (i + 1 < depth && g[static_cast<size_t>(b)] == d) ++c;
    }
    cost[0] = c;
  }
  if (st.can_left() || st.can_right()) {
    int deps_in_buffer = 0;
    for (int d = b; d <= n; ++d) {
      if (g[static_cast<size_t>(d)] == s0) ++deps_in_buffer;
    }
    const int h = g[static_cast<size_t>(s0)];
    const int s1 = st.stack[depth - 2];
    if (st.can_left()) cost[1] = deps_in_buffer + ((h == s1 || h > b) ? 1 : 0);
    if (st.can_right()) cost[2] = deps_in_buffer + ((h >= b && b <= n) ? 1 : 0);
  }
}

struct ParseScore {
  size_t words = 0, uas = 0, las = 0;
};

// Tags of every sentence of `sents` from the model's tagger.
void tag_all(const Model& m, std::vector<Sent>& sents, std::vector<std::vector<uint16_t>>& out) {
  out.resize(sents.size());
  for (size_t i = 0; i < sents.size(); ++i) {
    const auto v = sents[i].views();
    out[i] = syntax::tag_sentence(m, v, syntax::word_feats(v));
  }
}

ParseScore score_parser(const Model& m, const std::vector<Sent>& dev,
                        const std::vector<std::vector<uint16_t>>& tags) {
  ParseScore sc;
  for (size_t i = 0; i < dev.size(); ++i) {
    const Sent& s = dev[i];
    const auto wf = syntax::word_feats(s.views());
    syntax::ParserInput in;
    syntax::fill_parser_input(m, wf, tags[i], in);
    std::vector<int> heads, labels;
    syntax::parse_words(m, in, static_cast<int>(s.form.size()), heads, labels);
    for (size_t w = 0; w < s.form.size(); ++w) {
      ++sc.words;
      if (heads[w] + 1 == s.head[w]) {
        ++sc.uas;
        if (m.labels[static_cast<size_t>(labels[w])] == s.deprel[w]) ++sc.las;
      }
    }
  }
  return sc;
}

// One pass of the parser over `train` with the dynamic oracle; `explore` is the probability
// of following a wrong prediction (0 in the first pass).
void parser_pass(const Model& m, Perceptron& p, const std::vector<Sent>& train,
                 const std::vector<std::vector<uint16_t>>& tags, std::vector<size_t>& order,
                 double explore, Rng& rng) {
  const int nl = static_cast<int>(m.labels.size());
  const size_t classes = p.classes();
  std::vector<float> scores(classes);
  uint64_t feats[syntax::kMaxParserFeats];
  shuffle(order, rng);
  for (size_t si : order) {
    const Sent& s = train[si];
    const int n = static_cast<int>(s.form.size());
    std::vector<int> g(static_cast<size_t>(n + 1), -1), gl(static_cast<size_t>(n + 1), 0);
    for (int i = 1; i <= n; ++i) {
      g[static_cast<size_t>(i)] = s.head[static_cast<size_t>(i - 1)];
      gl[static_cast<size_t>(i)] = s.label[static_cast<size_t>(i - 1)];
    }
    const auto wf = syntax::word_feats(s.views());
    syntax::ParserInput in;
    syntax::fill_parser_input(m, wf, tags[si], in);
    syntax::ParseState st;
    st.init(n);
    while (!st.terminal()) {
      const size_t k = syntax::parser_features(st, in, feats);
      std::fill(scores.begin(), scores.end(), 0.0f);
      p.score(feats, k, scores.data());
      int cost[3];
      transition_costs(st, g, cost);
      const int s0 = st.stack.back();
      const bool root_right = st.stack.size() >= 2 && st.stack[st.stack.size() - 2] == 0;
      // Every valid labelled transition with its cost.
      int best_pred = -1, best_gold = -1, min_cost = 1 << 30;
      float pred_score = 0, gold_score = 0;
      std::vector<std::pair<int, int>> cands;  // (transition, cost)
      if (cost[0] >= 0) cands.emplace_back(0, cost[0]);
      if (cost[1] >= 0) {
        for (int l = 1; l < nl; ++l) {
          const bool arc = g[static_cast<size_t>(s0)] == st.b;
          cands.emplace_back(1 + l, cost[1] + (arc && gl[static_cast<size_t>(s0)] != l ? 1 : 0));
        }
      }
      if (cost[2] >= 0) {
        if (root_right) {
          cands.emplace_back(1 + nl, cost[2]);
        } else {
          const int s1 = st.stack[st.stack.size() - 2];
          const bool arc = g[static_cast<size_t>(s0)] == s1;
          for (int l = 1; l < nl; ++l) {
            cands.emplace_back(1 + nl + l,
                               cost[2] + (arc && gl[static_cast<size_t>(s0)] != l ? 1 : 0));
          }
        }
      }
      for (const auto& [t, c] : cands) min_cost = std::min(min_cost, c);
      for (const auto& [t, c] : cands) {
        const float sc = scores[static_cast<size_t>(t)];
        if (best_pred < 0 || sc > pred_score) {
          best_pred = t;
          pred_score = sc;
        }
        if (c == min_cost && (best_gold < 0 || sc > gold_score)) {
          best_gold = t;
          gold_score = sc;
        }
      }
      p.tick();
      int next = best_gold;
      const bool pred_ok = std::any_of(cands.begin(), cands.end(), [&](const auto& tc) {
        return tc.first == best_pred && tc.second == min_cost;
      });
      if (!pred_ok) {
        p.update(feats, k, static_cast<uint16_t>(best_gold), 1.0f);
        p.update(feats, k, static_cast<uint16_t>(best_pred), -1.0f);
        if (explore > 0 && rng.unit() < explore) next = best_pred;
      }
      st.apply(next, nl);
    }
  }
}

}  // namespace

Result<std::string> train_parser(const std::vector<ConlluSentence>& train_raw,
                                 const std::vector<ConlluSentence>& dev_raw,
                                 const TrainOptions& options) {
  std::vector<Sent> train, dev;
  for (const ConlluSentence& cs : train_raw) {
    Sent s;
    if (to_sent(cs, s)) train.push_back(std::move(s));
  }
  for (const ConlluSentence& cs : dev_raw) {
    Sent s;
    if (to_sent(cs, s)) dev.push_back(std::move(s));
  }
  if (train.empty()) {
    return make_error(Errc::InvalidInput, "the training treebank has no usable sentence");
  }
  std::ostream* log = options.log;
  Model m;
  build_tables(train, train_raw, m);
  std::map<std::pair<uint8_t, std::string>, uint16_t> tag_ids;
  for (size_t i = 0; i < m.tags.size(); ++i) {
    tag_ids[{static_cast<uint8_t>(m.tags[i].upos), m.tags[i].xpos}] = static_cast<uint16_t>(i);
  }
  std::map<std::string, int> label_ids;
  for (size_t i = 0; i < m.labels.size(); ++i) label_ids[m.labels[i]] = static_cast<int>(i);
  for (Sent& s : train) {
    for (size_t i = 0; i < s.form.size(); ++i) {
      s.tag.push_back(tag_ids[{static_cast<uint8_t>(s.upos[i]), s.xpos[i]}]);
      s.label.push_back(s.head[i] == 0                 ? 0
                        : label_ids.count(s.deprel[i]) ? label_ids[s.deprel[i]]
                                                       : 1);
    }
  }
  // Dev sentences may hold tags or relations unseen in training: they just score as errors.
  if (log != nullptr) {
    *log << "train: " << train.size() << " sentences, " << m.tags.size() << " tags, "
         << m.labels.size() << " relations, " << m.tag_dict.size() << " fixed forms, " << m.tag_options.size() << " forms with tag options, "
         << m.lemma_rules.size() << " lemma rules, " << m.split.whole.size() << " split words, "
         << m.split.suffixes.size() << " split suffixes\n";
    *log << "finite tags:";
    for (const auto& t : m.tags) {
      if (t.finite) *log << ' ' << t.xpos;
    }
    *log << "\n";
  }

  std::vector<const Sent*> all;
  for (const Sent& s : train) all.push_back(&s);
  const int tagger_iterations = std::max(1, options.tagger_iterations);
  m.tagger = train_tagger(m, all, dev, tagger_iterations, options.seed, log);
  if (!dev.empty()) {
    m.finite_margin_sentence = pick_finite_margin(m, dev, true, log);
    m.finite_margin = pick_finite_margin(m, dev, false, log);
  }

  // The parser learns from the tags it will see: each fold of the training set is tagged by
  // a tagger trained on the other folds (jackknifing).
  std::vector<std::vector<uint16_t>> train_tags(train.size());
  const size_t folds =
      options.jackknife_folds > 1 ? static_cast<size_t>(options.jackknife_folds) : 0;
  if (folds > 1 && train.size() >= folds) {
    for (size_t f = 0; f < folds; ++f) {
      std::vector<const Sent*> rest;
      for (size_t i = 0; i < train.size(); ++i) {
        if (i % folds != f) rest.push_back(&train[i]);
      }
      Model fm = m;
      fm.tagger = train_tagger(m, rest, {}, tagger_iterations, options.seed + 1 + f, nullptr);
      for (size_t i = f; i < train.size(); i += folds) {
        const auto v = train[i].views();
        train_tags[i] = syntax::tag_sentence(fm, v, syntax::word_feats(v));
      }
      if (log != nullptr) *log << "jackknife fold " << (f + 1) << "/" << folds << " tagged\n";
    }
  } else {
    for (size_t i = 0; i < train.size(); ++i) train_tags[i] = train[i].tag;
  }
  std::vector<std::vector<uint16_t>> dev_tags;
  tag_all(m, dev, dev_tags);

  Perceptron p(1 + 2 * static_cast<uint32_t>(m.labels.size()));
  Rng rng(options.seed ^ 0x5eed5eedULL);
  std::vector<size_t> order(train.size());
  std::iota(order.begin(), order.end(), size_t{0});
  const int parser_iterations = std::max(1, options.parser_iterations);
  syntax::WeightTable best;
  double best_las = -1;
  for (int it = 0; it < parser_iterations; ++it) {
    parser_pass(m, p, train, train_tags, order, it == 0 ? 0.0 : options.explore, rng);
    if (dev.empty() && it + 1 < parser_iterations) continue;
    m.parser = p.averaged(options.min_weight);
    if (dev.empty()) break;
    const ParseScore sc = score_parser(m, dev, dev_tags);
    if (log != nullptr) {
      *log << "parser pass " << (it + 1) << ": dev UAS " << pct(sc.uas, sc.words) << " LAS "
           << pct(sc.las, sc.words) << " (" << m.parser.entries() << " weights)\n";
    }
    const double las = pct(sc.las, sc.words);
    if (las > best_las) {
      best_las = las;
      best = std::move(m.parser);
    }
  }
  if (!dev.empty()) m.parser = std::move(best);
  return syntax::serialize(m);
}

}  // namespace entente
