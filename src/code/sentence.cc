// The sentence analysis of the event coder on the dependency tree: actions are found by their
// patterns (head lemma plus literal words inside the head's subtree), and their arguments by
// relation: the subject (or the agent of a passive) is the source, the object, indirect
// object or the oblique the pattern names is the target; complements carry the subject on,
// governors ("agreed to", "threatened to") change the code, obliques of place are never
// targets, and only a time attached to the action's own predicate dates it.
#include <algorithm>
#include <set>
#include <tuple>

#include "code/tables.h"
#include "code/tree.h"

namespace entente::code {
namespace {

struct Act {
  int head = 0;
  int last = 0;
  const Pattern* pattern = nullptr;
  bool noun = false;
  std::vector<int> used;  // words of the pattern's literals
  // Every pattern that matched, best first (more literals, then reaching further), with the
  // words of its literals; constraints on the arguments pick among them.
  std::vector<std::pair<const Pattern*, std::vector<int>>> options;
  std::string code;
  bool negated = false;
  Modality modality = Modality::None;
  bool suppressed = false;
  bool hypothetical = false;
  bool passive = false;
  bool future = false;
  int node = 0;          // the word the pattern stands on in the tree: the head, or the noun
                         // a modifier head belongs to ("air" in "air strike": "strike")
  int top = 0;           // the predicate after the governors read into the code
  int absorbed = -1;     // a governor word read into the code
  std::vector<int> sources;  // mention indices
  std::vector<int> targets;
};

std::string_view root_of(std::string_view code) { return code.substr(0, 2); }

class TreeCoder {
 public:
  TreeCoder(const CoderTables& t, const Document& doc, const Segmentation& seg, uint32_t sentence,
            TreeSentence&& ts)
      : t_(t), doc_(doc), seg_(seg), sentence_(sentence), ts_(std::move(ts)) {}

  void run(std::vector<ActionMention>& actions, std::vector<Event>& events);

 private:
  int size() const { return static_cast<int>(ts_.words.size()); }
  const Node& w(int i) const { return ts_.words[static_cast<size_t>(i)]; }
  Rel rel(int i) const { return w(i).rel; }
  int head(int i) const { return w(i).head; }
  int child(int i, Rel r) const {
    for (int c : w(i).kids) {
      if (rel(c) == r) return c;
    }
    return -1;
  }
  // Classes of the case or mark word of `i` ("with" in "with Japan"); 0 when it has none.
  uint64_t marker(int i) const {
    for (int c : w(i).kids) {
      if (rel(c) == Rel::Case || rel(c) == Rel::Mark) return w(c).fcls;
    }
    return 0;
  }
  bool has_marker(int i, uint64_t cls) const { return (marker(i) & cls) != 0; }
  bool descendant(int u, int h) const {
    for (int k = 0; u >= 0 && k < 64; ++k, u = head(u)) {
      if (u == h) return true;
    }
    return false;
  }
  bool is_literal(const Act& a, int i) const {
    return std::find(a.used.begin(), a.used.end(), i) != a.used.end();
  }
  bool pronoun_mention(int m) const {
    const ActorMention& am = *ts_.mentions[static_cast<size_t>(m)];
    return am.end_token - am.first_token == 1 &&
           (am.how == MentionHow::CorefPronoun || am.how == MentionHow::Unspecified) &&
           (t_.grammar.form_classes(fold(span_text(doc_, am.span))) & kPronoun) != 0;
  }
  // A mention that opens with a possessive ("its troops", "our forces"): the source's own.
  bool owned(int m) const {
    const ActorMention& am = *ts_.mentions[static_cast<size_t>(m)];
    if (am.end_token - am.first_token < 2 || am.first_token >= seg_.tokens.size()) return false;
    const std::string first = fold(span_text(doc_, seg_.tokens[am.first_token].span));
    return (t_.grammar.form_classes(first) & kPoss) != 0;
  }
  // "told reporters", "said in a statement to journalists": the press an actor speaks through,
  // not the one it speaks to.
  bool audience(int m) const {
    const ActorMention& am = *ts_.mentions[static_cast<size_t>(m)];
    return am.how == MentionHow::Agent && t_.grammar.audience_sector(am.actor.sector);
  }
  bool same_actor(int a, int b) const {
    if (a == b) return true;
    const Actor& x = ts_.mentions[static_cast<size_t>(a)]->actor;
    const Actor& y = ts_.mentions[static_cast<size_t>(b)]->actor;
    return x.code == y.code && x.name == y.name;
  }

  void find_actions(std::vector<Act>& acts) const;
  bool match_from(const Pattern& p, size_t e, int pos, int h, std::vector<int>& used,
                  int& last) const;
  bool speech_verb(int i) const {
    return (w(i).lcls & kSpeech) && (w(i).upos == Upos::VERB);
  }
  int speech_governor(int pred) const;
  std::vector<int> speaker_of(int pred);
  bool in_quote(int i) const;
  void add_actors(int i, int pred, std::vector<int>& out, int depth);
  std::vector<int> actors_of(int i, int pred) {
    std::vector<int> out;
    if (i >= 0) add_actors(i, pred, out, 0);
    return out;
  }
  int subject_word(int pred, int depth) const;
  bool passive(int pred) const;
  bool denied(int pred) const;
  bool denied_by_speech(int pred) const;
  std::vector<int> without(std::vector<int> v, const std::vector<int>& sources) const;
  std::vector<int> verb_targets(const Act& a, const std::vector<int>& sources);
  std::vector<int> linear_source(const Act& a);
  std::vector<int> linear_target(const Act& a, const std::vector<int>& sources, bool in_subtree);
  std::vector<int> next_actor(const Act& a, const std::vector<int>& sources,
                              const std::vector<Act>& acts);
  bool only_where(const Act& a, int k) const;
  bool fits(const Pattern& p, const std::vector<int>& sources) const;
  void analyse_verb(Act& a, const std::vector<Act>& acts);
  void analyse_noun(Act& a, const std::vector<Act>& acts);
  const Act* act_at(const std::vector<Act>& acts, int word) const {
    for (const Act& a : acts) {
      if (a.head == word && !a.suppressed) return &a;
    }
    return nullptr;
  }
  const TimeExpr* dating_time(const Act& a) const;
  const TimeExpr* closing_date() const;
  std::string date_for(const Act& a, std::optional<CivilDate>& begin,
                       std::optional<CivilDate>& end) const;
  ActorRef ref(int m) const;

  const CoderTables& t_;
  const Document& doc_;
  const Segmentation& seg_;
  uint32_t sentence_;
  TreeSentence ts_;
  std::set<std::string> seen_;  // event keys already emitted in this sentence
  std::vector<int> last_subject_;
  int speaker_depth_ = 0;
};

// Literal words of a pattern after its head, as in the pattern lexicon: a gap ("*") skips up
// to kMaxGap words, a literal may follow its predecessor with adverbs between; every literal
// lies in the head's subtree.
bool TreeCoder::match_from(const Pattern& p, size_t e, int pos, int h, std::vector<int>& used,
                           int& last) const {
  if (e == p.elems.size()) return true;
  const int n = size();
  auto literal_at = [&](const Elem& lit, int i) {
    if (i >= n || !descendant(i, h)) return false;
    const Node& x = w(i);
    for (const auto& a : lit.alts) {
      if (x.lower == a || x.lemma == a) return true;
    }
    // The grammar's lemma of the form, for words the parser's lemmatizer left ("troops").
    const std::string g = t_.grammar.lemma(x.lower);
    for (const auto& a : lit.alts) {
      if (g == a) return true;
    }
    // A hyphenated word is also its closed-up spelling ("cease-fire" = "ceasefire").
    if (x.lemma.find('-') != std::string::npos) {
      std::string closed = x.lemma;
      closed.erase(std::remove(closed.begin(), closed.end(), '-'), closed.end());
      for (const auto& a : lit.alts) {
        if (closed == a) return true;
      }
    }
    return false;
  };
  const Elem& el = p.elems[e];
  if (el.gap) {
    const Elem& next = p.elems[e + 1];
    for (int i = pos; i < n && i <= pos + kMaxGap; ++i) {
      if (w(i).fcls & kClauseBreak) return false;
      if (literal_at(next, i)) {
        used.push_back(i);
        last = i;
        if (match_from(p, e + 2, i + 1, h, used, last)) return true;
        used.pop_back();
      }
    }
    return false;
  }
  for (int i = pos; i < n && i <= pos + 2; ++i) {
    // An adverb that governs the literal, or opens a compound preposition with it, makes the
    // phrase its own: "speaks next to X" is no "speak to X", "lives close to X" no "live to".
    bool governed = i > pos && (w(i - 1).fcls & kPrepHead);
    for (int k = pos; k < i; ++k) governed |= descendant(i, k);
    if (!governed && literal_at(el, i)) {
      used.push_back(i);
      last = i;
      if (match_from(p, e + 1, i + 1, h, used, last)) return true;
      used.pop_back();
    }
    if (w(i).upos != Upos::ADV) break;
  }
  return false;
}

void TreeCoder::find_actions(std::vector<Act>& acts) const {
  const int n = size();
  std::vector<char> used(static_cast<size_t>(n), 0);
  std::vector<uint32_t> cands;
  std::vector<int> scratch;
  for (int j = 0; j < n; ++j) {
    const Node& x = w(j);
    if (x.mention >= 0 || x.time >= 0 || used[static_cast<size_t>(j)]) continue;
    const bool verb = x.upos == Upos::VERB;
    const bool noun = x.upos == Upos::NOUN || (x.upos == Upos::PROPN && ts_.headline);
    if (!verb && !noun) continue;
    cands.clear();
    for (std::string_view key : {std::string_view(x.lemma), std::string_view(x.lower)}) {
      if (const auto* h = t_.heads(key)) cands.insert(cands.end(), h->begin(), h->end());
    }
    if (const WordInfo* wi = t_.word(x.lower); wi && wi->lemma_heads) {
      cands.insert(cands.end(), wi->lemma_heads->begin(), wi->lemma_heads->end());
    }
    if (cands.empty()) continue;
    std::sort(cands.begin(), cands.end());
    cands.erase(std::unique(cands.begin(), cands.end()), cands.end());
    std::vector<std::tuple<int, int, const Pattern*, std::vector<int>>> found;
    const int obj = child(j, Rel::Obj);
    int node = j;
    if ((x.rel == Rel::Compound || x.rel == Rel::Amod) && x.head > j) node = x.head;
    for (uint32_t c : cands) {
      const Pattern& p = t_.patterns[c];
      if (p.pos == Pos::Verb && !verb) continue;
      if (p.pos == Pos::Noun && !noun) continue;
      // "visiting" is no "visit" noun; a noun pattern on an -ing noun needs its own head.
      if (p.pos == Pos::Noun && x.lower != x.lemma && x.lower != p.head && x.xpos == "VBG") {
        continue;
      }
      if (obj >= 0 && std::find(p.object_not.begin(), p.object_not.end(), w(obj).lemma) !=
                          p.object_not.end()) {
        continue;
      }
      scratch.clear();
      int last = j;
      if (!match_from(p, 0, j + 1, node, scratch, last)) continue;
      found.emplace_back(-p.literals, -last, &p, scratch);
    }
    if (found.empty()) continue;
    std::stable_sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
      return std::pair(std::get<0>(a), std::get<1>(a)) < std::pair(std::get<0>(b), std::get<1>(b));
    });
    const Pattern* best = std::get<2>(found.front());
    const std::vector<int> best_used = std::get<3>(found.front());
    const int best_last = -std::get<1>(found.front());
    Act a;
    a.head = j;
    a.node = node;
    a.top = j;
    a.last = best_last;
    a.pattern = best;
    a.noun = !verb;
    a.used = best_used;
    for (auto& f : found) a.options.emplace_back(std::get<2>(f), std::move(std::get<3>(f)));
    for (int u : best_used) used[static_cast<size_t>(u)] = 1;
    acts.push_back(std::move(a));
  }
}

// The speech verb whose reported content holds `pred` ("said (that) ... pred", "'pred ...,'
// he said"), or -1.
int TreeCoder::speech_governor(int pred) const {
  int p = pred;
  for (int k = 0; p >= 0 && k < 8; ++k) {
    for (int c : w(p).kids) {
      if (rel(c) == Rel::Parataxis && speech_verb(c) && c > p) return c;
    }
    const Rel r = rel(p);
    const int h = head(p);
    if (h < 0) break;
    if ((r == Rel::Ccomp || r == Rel::Parataxis) && speech_verb(h)) return h;
    if (r != Rel::Conj && r != Rel::Xcomp && r != Rel::Advcl && r != Rel::Ccomp) break;
    p = h;
  }
  return -1;
}

std::vector<int> TreeCoder::speaker_of(int pred) {
  const int sv = speech_governor(pred);
  if (sv < 0 || speaker_depth_ > 3) return {};  // reports inside reports, but no cycles
  ++speaker_depth_;
  std::vector<int> out = actors_of(subject_word(sv, 0), sv);
  --speaker_depth_;
  return out;
}

bool TreeCoder::in_quote(int i) const {
  int before = 0;
  for (int k = 0; k < i; ++k) before += w(k).quote;
  return before % 2 == 1;
}

// Appends the mentions the word `i` stands for: its own mention, the speaker for a pronoun in
// reported speech, the antecedent of a relative pronoun, or the actor a common noun belongs
// to ("the Chinese delegation", "Poland's ambassador", "the leader of Hamas"); then the words
// coordinated with it.
void TreeCoder::add_actors(int i, int pred, std::vector<int>& out, int depth) {
  if (depth > 6) return;
  const Node& x = w(i);
  auto push = [&](int m) {
    for (int o : out) {
      if (same_actor(o, m)) return;
    }
    out.push_back(m);
  };
  if (x.mention >= 0) {
    if (pronoun_mention(x.mention) && !(x.fcls & kPronAddressee)) {
      std::vector<int> sp = speaker_of(pred);
      if (!sp.empty()) {
        for (int m : sp) push(m);
      } else {
        push(x.mention);
      }
    } else {
      push(x.mention);
    }
    // "the Turkish and Greek sides": coordinated nationality modifiers of one noun.
    bool coordinated = false;
    for (int c : x.kids) coordinated |= rel(c) == Rel::Cc;
    for (int c : x.kids) {
      if (coordinated && rel(c) == Rel::Amod && w(c).mention >= 0) push(w(c).mention);
    }
  } else if (x.fcls & (kRelative | kComp)) {
    // "Lula, who praised Mexico": the noun the relative clause belongs to.
    const int rc = head(i);
    if (rc >= 0 && rel(rc) == Rel::AclRelcl && head(rc) >= 0) {
      add_actors(head(rc), pred, out, depth + 1);
    } else if (x.fcls & kRelative) {
      // A relative clause the parse did not attach to its noun: the noun before "who".
      for (int k = i - 1; k >= 0; --k) {
        if (w(k).upos == Upos::PUNCT) continue;
        if (is_nominal(w(k).upos)) add_actors(k, pred, out, depth + 1);
        break;
      }
    }
  } else if ((x.fcls & kPronoun) && !(x.fcls & (kPronAddressee | kPoss))) {
    std::vector<int> sp = speaker_of(pred);
    if (sp.empty()) sp = last_subject_;
    for (int m : sp) push(m);
  } else if (is_nominal(x.upos)) {
    int best = -1, best_rank = 99;
    for (int c : x.kids) {
      const Node& y = w(c);
      if (y.mention < 0 || (y.fcls & kPoss)) continue;
      int rank = 99;
      switch (y.rel) {
        case Rel::NmodPoss: rank = 0; break;
        case Rel::Amod: case Rel::Compound: case Rel::Flat: rank = 1; break;
        case Rel::Appos: rank = 2; break;
        case Rel::Nmod:
          // "the leader of Hamas"; "a camp for Congolese refugees"; never "a bomb in Kiev".
          rank = has_marker(c, kGenitivePrep) ? 3 : has_marker(c, kPlacePrep | kAmongPrep) ? 99 : 4;
          break;
        default: break;
      }
      if (rank < best_rank) {
        best_rank = rank;
        best = c;
      }
    }
    if (best >= 0) add_actors(best, pred, out, depth + 1);
  }
  for (int c : x.kids) {
    if (rel(c) == Rel::Conj && is_nominal(w(c).upos)) add_actors(c, pred, out, depth + 1);
  }
}

// The word that is the subject of `pred`: its own, else the one it shares (a coordinated verb,
// a controlled complement, a participle after its noun, a relative clause's noun).
int TreeCoder::subject_word(int pred, int depth) const {
  // Of two subjects (a parse that split "the rebel RUF"), the one that is an actor.
  int first = -1;
  for (int c : w(pred).kids) {
    const Rel r = rel(c);
    if (r != Rel::Nsubj && r != Rel::NsubjPass && r != Rel::Csubj) continue;
    if (w(c).mention >= 0) return c;
    if (first < 0) first = c;
  }
  if (first >= 0) return first;
  const int h = head(pred);
  if (h < 0 || depth > 6) return -1;
  switch (rel(pred)) {
    case Rel::Conj:
      return is_predicate(w(h).upos) || w(h).upos == Upos::NOUN ? subject_word(h, depth + 1) : -1;
    case Rel::Xcomp: {
      // "urged Iran to stop": the object of the governing verb when it is an actor; else its
      // subject ("made efforts to improve ties": the efforts do not improve them).
      const int o = child(h, Rel::Obj);
      return o >= 0 && w(o).mention >= 0 ? o : subject_word(h, depth + 1);
    }
    case Rel::Advcl:
      // "closed its borders because of fighting between X and Y": another event, its own agent.
      return has_marker(pred, kConditional | kEventPrep) ? -1 : subject_word(h, depth + 1);
    case Rel::Acl:
    case Rel::AclRelcl:
      return h;
    default:
      return -1;
  }
}

bool TreeCoder::passive(int pred) const {
  for (int c : w(pred).kids) {
    if (rel(c) == Rel::NsubjPass || rel(c) == Rel::AuxPass) return true;
    if (rel(c) == Rel::Nsubj) return false;
  }
  if (w(pred).xpos != "VBN") return false;
  // "a camp attacked by militiamen"; with an object it is the noun's own verb ("troops struck
  // Peru", parsed as a modifier of "troops").
  if (rel(pred) == Rel::Acl) return child(pred, Rel::Obj) < 0;
  if (rel(pred) == Rel::Advcl) {             // "..., disputed by Argentina and Chile"
    for (int c : w(pred).kids) {
      if (rel(c) == Rel::OblAgent || (rel(c) == Rel::Obl && has_marker(c, kAgentPrep))) return true;
    }
  }
  if (rel(pred) == Rel::Conj && head(pred) >= 0) return passive(head(pred));  // "killed or wounded"
  return false;
}

// "not", "never", "no country" on the predicate or its subject.
bool TreeCoder::denied(int pred) const {
  for (int c : w(pred).kids) {
    const Rel r = rel(c);
    if ((r == Rel::Advmod || r == Rel::Aux || r == Rel::Det) && (w(c).fcls & kNeg)) return true;
    if ((r == Rel::Nsubj || r == Rel::NsubjPass)) {
      for (int d : w(c).kids) {
        if (rel(d) == Rel::Det && (w(d).fcls & kNeg)) return true;
      }
    }
  }
  return false;
}

bool TreeCoder::denied_by_speech(int pred) const {
  // "did not say that ...", "denied that ...", also through nested reports (a few levels).
  for (int k = 0, sv = speech_governor(pred); sv >= 0 && k < 4; ++k) {
    if ((w(sv).lcls & kNegSpeech) || denied(sv)) return true;
    const int up = speech_governor(sv);
    if (up == pred || up == sv) break;
    pred = sv;
    sv = up;
  }
  return false;
}

std::vector<int> TreeCoder::without(std::vector<int> v, const std::vector<int>& sources) const {
  v.erase(std::remove_if(v.begin(), v.end(),
                         [&](int m) {
                           for (int s : sources) {
                             if (same_actor(s, m)) return true;
                           }
                           return false;
                         }),
          v.end());
  return v;
}

// The target of a verb action, in order: the nominal of a preposition the pattern names ("meet
// with X", "call on X to"); the object (or, when the object is a word of the pattern, its own
// oblique: "signed an agreement with X"); the indirect object; an oblique of a target
// preposition that is not one of place; the subject of its clausal complement.
std::vector<int> TreeCoder::verb_targets(const Act& a, const std::vector<int>& sources) {
  // Whom a speaker tells through the press is no target ("told reporters that ...").
  const bool speech = (w(a.head).lcls & (kSpeech | kAddresseeSpeech)) != 0;
  auto listeners = [&](std::vector<int> got) {
    if (speech) {
      got.erase(std::remove_if(got.begin(), got.end(), [&](int m) { return audience(m); }),
                got.end());
    }
    return got;
  };
  auto candidates = [&](int word) { return listeners(without(actors_of(word, a.head), sources)); };
  std::vector<int> words;
  for (int u : a.used) {
    if (rel(u) == Rel::Case && head(u) >= 0 && head(u) != a.head && !is_literal(a, head(u))) {
      words.push_back(head(u));
    }
  }
  // "massed troops on the border with Poland": an oblique of a noun the pattern names.
  for (int u : a.used) {
    if (!is_nominal(w(u).upos)) continue;
    for (int c : w(u).kids) {
      if (rel(c) == Rel::Nmod && has_marker(c, kTargetPrep) && !has_marker(c, kPlacePrep)) {
        words.push_back(c);
      }
    }
  }
  for (int pred : {a.head, a.top}) {
    const int o = child(pred, Rel::Obj);
    if (o >= 0 && !is_literal(a, o)) words.push_back(o);
    if (o >= 0 && is_literal(a, o)) {
      for (int c : w(o).kids) {
        if (rel(c) == Rel::Nmod && has_marker(c, kTargetPrep) && !has_marker(c, kPlacePrep)) {
          words.push_back(c);
        }
      }
    }
    if (const int io = child(pred, Rel::Iobj); io >= 0) words.push_back(io);
    if (pred == a.top) break;
  }
  for (int c : w(a.head).kids) {
    if (rel(c) != Rel::Obl || w(c).time >= 0) continue;
    const uint64_t m = marker(c);
    if ((m & kTargetPrep) && !(m & (kPlacePrep | kAgentPrep))) words.push_back(c);
  }
  // "provided aid to Macedonia", "hosted a meeting between X and Y": the object's own oblique.
  for (int pred : {a.head, a.top}) {
    const int o = child(pred, Rel::Obj);
    if (o < 0) continue;
    std::vector<int> objs{o};
    for (int c : w(o).kids) {
      if (rel(c) == Rel::Conj) objs.push_back(c);
    }
    for (int x : objs) {
      for (int c : w(x).kids) {
        if (rel(c) == Rel::Nmod && !has_marker(c, kPlacePrep | kAgentPrep | kGenitivePrep) &&
            has_marker(c, kTargetPrep | kAmongPrep) && w(c).time < 0) {
          words.push_back(c);
        }
      }
    }
  }
  // "hopes Paris will ease", "demanded that Peru withdraw": the subject of the complement.
  if (const int cc = child(a.head, Rel::Ccomp); cc >= 0) {
    for (int c : w(cc).kids) {
      if (rel(c) == Rel::Nsubj || rel(c) == Rel::NsubjPass) words.push_back(c);
    }
  }
  for (int word : words) {
    if (w(word).fcls & kPronAddressee) continue;
    if (w(word).mention >= 0 && owned(w(word).mention)) continue;  // "withdrew its troops"
    std::vector<int> got = candidates(word);
    if (!got.empty()) return got;
  }
  // A parse that attached the target elsewhere in the verb's own clause: the first actor after
  // the verb in its subtree, reached without passing another verb, a place or a time.
  for (int k = a.last + 1; k < size(); ++k) {
    if (w(k).mention < 0 || !descendant(k, a.head)) continue;
    bool clean = true;
    for (int u = k; u != a.head && u >= 0 && clean; u = head(u)) {
      clean = !(u != k && w(u).upos == Upos::VERB && !is_literal(a, u)) &&
              !has_marker(u, kPlacePrep | kAgentPrep | kAmongPrep) && w(u).time < 0 &&
              rel(u) != Rel::AclRelcl && rel(u) != Rel::Ccomp && rel(u) != Rel::Advcl;
    }
    if (!clean) continue;
    std::vector<int> got = candidates(k);
    if (!got.empty()) return got;
  }
  if (std::vector<int> got = listeners(linear_target(a, sources, true)); !got.empty()) return got;
  return listeners(linear_target(a, sources, false));
}

// When the tree gives no subject (a parse that went wrong on a long name or a headline): the
// nearest actor before the verb, outside a place oblique, not across a clause boundary.
std::vector<int> TreeCoder::linear_source(const Act& a) {
  for (int k = a.head - 1, steps = 0; k >= 0 && steps < 12; --k, ++steps) {
    const Node& x = w(k);
    if (x.fcls & kClauseBreak) break;
    if (x.fcls & (kRelative | kComp)) break;
    if (x.mention < 0 || pronoun_mention(x.mention)) continue;
    if (has_marker(k, kPlacePrep | kTargetPrep | kAmongPrep)) continue;
    if (x.rel == Rel::Obj || x.rel == Rel::Iobj) continue;  // another verb's object
    return actors_of(k, a.head);
  }
  return {};
}

// When the tree gives no target: the first actor after the action words, in the verb's subtree
// when `in_subtree`, else anywhere up to the end of the clause.
std::vector<int> TreeCoder::linear_target(const Act& a, const std::vector<int>& sources,
                                          bool in_subtree) {
  for (int k = a.last + 1; k < size(); ++k) {
    const Node& x = w(k);
    if (x.fcls & kClauseBreak) break;
    if (x.mention < 0 || (x.fcls & kPoss) || owned(x.mention)) continue;
    if (in_subtree && !descendant(k, a.node)) continue;
    if (speech_verb(head(k) >= 0 ? head(k) : k) && head(k) != a.head) continue;  // "..., X said"
    if (only_where(a, k)) continue;
    std::vector<int> got = without(actors_of(k, a.head), sources);
    if (!got.empty()) return got;
  }
  return {};
}

// Meetings, statements and protests happen in places ("met in Geneva"): a place phrase is only
// where they happened. Force and aid are aimed at places ("killed civilians near Damascus").
// Which roots are which is the grammar's where_only_roots.
bool TreeCoder::only_where(const Act& a, int k) const {
  return t_.grammar.where_only_root(root_of(a.pattern->code)) && has_marker(k, kPlacePrep);
}

// The first actor after a nominal action in its clause, before any verb or other action: the
// parse hung its "with X" elsewhere ("exchanges in July with X").
std::vector<int> TreeCoder::next_actor(const Act& a, const std::vector<int>& sources,
                                       const std::vector<Act>& acts) {
  for (int k = a.last + 1; k < size(); ++k) {
    const Node& x = w(k);
    if ((x.fcls & (kClauseBreak | kRelative | kComp)) || x.upos == Upos::VERB || act_at(acts, k)) break;
    if (x.mention < 0 || (x.fcls & kPoss) || owned(x.mention)) continue;
    if (only_where(a, k)) continue;
    if (!has_marker(k, kTargetPrep | kAmongPrep)) break;
    std::vector<int> got = without(actors_of(k, a.head), sources);
    if (!got.empty()) return got;
  }
  return {};
}

// True when the sources satisfy the pattern's constraints (all of them, when it has any).
bool TreeCoder::fits(const Pattern& p, const std::vector<int>& sources) const {
  if (p.source_sectors.empty() && p.source_not_sectors.empty()) return true;
  if (sources.empty()) return p.source_sectors.empty();
  for (int m : sources) {
    const std::string& sector = ts_.mentions[static_cast<size_t>(m)]->actor.sector;
    auto in = [&](const std::vector<std::string>& list) {
      return std::find(list.begin(), list.end(), sector) != list.end();
    };
    if (!p.source_sectors.empty() && !in(p.source_sectors)) return false;
    if (in(p.source_not_sectors)) return false;
  }
  return true;
}

void TreeCoder::analyse_verb(Act& a, const std::vector<Act>& acts) {
  // Governors: "plans to visit", "threatened to impose", "refused to meet".
  uint64_t gov = 0;
  int gov_word = -1;
  int top = a.head;
  for (int k = 0; k < 4 && rel(top) == Rel::Xcomp && head(top) >= 0; ++k) {
    const int g = head(top);
    const uint64_t cls = w(g).lcls & kGovernor;
    if (!cls) break;
    gov |= cls;
    if (gov_word < 0) gov_word = g;
    top = g;
  }
  if (rel(top) == Rel::Acl && head(top) >= 0 && w(top).xpos == "VB") {
    // "Sweden's decision to send them back" is no event; "Iran's bid to join" is an intent.
    const int noun = head(top);
    if (!(w(noun).lcls & kGovernor)) {
      a.suppressed = true;
      return;
    }
    gov |= w(noun).lcls & kGovernor;
  }
  a.top = top;
  bool negated = false, future = false, modal = false;
  for (int v = a.head;; v = head(v)) {
    negated |= denied(v);
    for (int c : w(v).kids) {
      if (rel(c) != Rel::Aux) continue;
      if (w(c).fcls & kFuture) future = true;
      if (w(c).fcls & kModal) modal = true;
    }
    if (v == top || head(v) < 0) break;
  }
  if (denied_by_speech(top)) negated = true;
  if (has_marker(top, kConditional)) a.hypothetical = true;
  // The source: the subject, or the agent of a passive.
  a.passive = passive(a.head);
  const int subj = subject_word(top, 0);
  std::vector<int> src, tgt;
  if (a.passive) {
    for (int c : w(a.head).kids) {
      if (rel(c) == Rel::OblAgent || (rel(c) == Rel::Obl && has_marker(c, kAgentPrep))) {
        src = actors_of(c, a.head);
        break;
      }
    }
  } else {
    src = actors_of(subj, a.head);
    if (src.empty() && subj < 0 && rel(top) != Rel::AclRelcl && rel(top) != Rel::Acl) {
      src = last_subject_;
    }
    if (src.empty()) {
      // "fighting between Azerbaijanis and Armenians": the parties together.
      for (int c : w(a.head).kids) {
        if (rel(c) == Rel::Obl && has_marker(c, kAmongPrep)) src = actors_of(c, a.head);
      }
    }
    if (src.empty() && !has_marker(top, kEventPrep)) src = linear_source(a);
  }
  // The sense the source allows ("strike" by an armed group, or by workers).
  for (const auto& [p, used] : a.options) {
    if (fits(*p, src)) {
      a.pattern = p;
      a.used = used;
      a.last = used.empty() ? a.head : std::max(a.head, used.back());
      break;
    }
  }
  // Code by governor and modality.
  const std::string base = a.pattern->code;
  const std::string_view root = root_of(base);
  const bool cooperative = root <= "09";
  std::string code = base;
  bool absorbed = false;
  Modality modality = Modality::None;
  const bool rejecting = (gov & kRejectGov) || (negated && (future || (gov & kIntentGov)));
  if (rejecting) {
    if (cooperative && !(gov & kThreatGov)) {
      std::string r = a.pattern->negated_code.empty() ? t_.grammar.reject_code(base)
                                                      : a.pattern->negated_code;
      if (!r.empty()) {
        code = r;
        negated = false;
        absorbed = true;
        modality = Modality::Refusal;
      }
    } else {
      negated = true;
    }
  } else if (gov & kThreatGov) {
    if (std::string th = t_.grammar.threat_code(base); !th.empty()) {
      code = th;
      absorbed = true;
      modality = Modality::Threat;
    }
  } else if ((gov & kIntentGov) || future) {
    std::string m = root >= "14" ? t_.grammar.threat_code(base) : t_.grammar.intent_code(base);
    if (!m.empty()) {
      code = m;
      absorbed = gov != 0;
      modality = root >= "14" ? Modality::Threat : Modality::Intent;
    } else {
      modality = Modality::Intent;
    }
  } else if (modal) {
    modality = Modality::Modal;
    a.hypothetical = true;
  }
  if (modality == Modality::None) {
    const uint64_t hc = w(a.head).lcls;
    if (hc & kRejectGov) modality = Modality::Refusal;
    else if (hc & kThreatGov) modality = Modality::Threat;
    else if (hc & kIntentGov) modality = Modality::Intent;
  }
  if (modality == Modality::None && (speech_governor(top) >= 0 || in_quote(a.head))) modality = Modality::Speech;
  a.code = code;
  a.negated = negated;
  a.modality = modality;
  a.future = future || (gov & (kIntentGov | kThreatGov));
  if (absorbed) a.absorbed = gov_word;
  // The target.
  if (a.passive) {
    tgt = without(actors_of(subj, a.head), src);
  } else {
    tgt = verb_targets(a, src);
    if (tgt.empty() && rel(top) == Rel::Conj && !a.pattern->intransitive) {
      // "criticized X but called for talks": coordinated verbs share the object.
      if (const Act* b = act_at(acts, head(top)); b && !b->passive && b->sources == src) {
        tgt = b->targets;
      }
    }
  }
  a.sources = src;
  a.targets = tgt;
  if (!a.passive && !src.empty()) last_subject_ = src;
}

void TreeCoder::analyse_noun(Act& a, const std::vector<Act>& acts) {
  const int n = a.node;
  const int h = head(n);
  const Rel r = rel(n);
  // Only a noun that is itself the matter of its clause is an event: the object of a light
  // verb ("held talks"), a subject ("talks between X and Y began"), a headline's root, or a
  // time or circumstance ("during his visit to China"). A noun an action already takes as its
  // argument, a modifier, or an event introduced by "following" / "after" is not.
  int light = -1;
  if (h >= 0) {
    if (act_at(acts, h) && (r == Rel::Obj || r == Rel::Nsubj || r == Rel::NsubjPass ||
                            r == Rel::Xcomp || r == Rel::Obl)) {
      a.suppressed = true;
      return;
    }
    if (r == Rel::Compound || r == Rel::Amod || r == Rel::NmodPoss || r == Rel::Appos) {
      a.suppressed = true;
      return;
    }
    if ((r == Rel::Obl || r == Rel::Nmod) && has_marker(n, kEventPrep)) {
      a.suppressed = true;
      return;
    }
    if (r == Rel::Obj && (w(h).lcls & kLightVerb)) light = h;
  }
  std::vector<int> src, group;
  for (int c : w(n).kids) {
    const Rel cr = rel(c);
    if (cr == Rel::NmodPoss || cr == Rel::Amod || cr == Rel::Compound ||
        (cr == Rel::Nmod && has_marker(c, kAgentPrep))) {
      for (int m : actors_of(c, n)) src.push_back(m);
    }
  }
  if (src.empty() && light >= 0) src = actors_of(subject_word(light, 0), light);
  if (src.empty() && h >= 0 && w(h).upos == Upos::VERB && (r == Rel::Obl || r == Rel::Obj)) {
    // "spoke during a meeting with X", "referred to exchanges with X": the clause's subject.
    src = actors_of(subject_word(h, 0), h);
  }
  if (src.empty() && group.empty() && h >= 0 && (r == Rel::Obl || r == Rel::Obj) &&
      w(h).upos == Upos::VERB) {
    // A parse that hung "during a meeting with X" on the wrong word: the nearest actor before.
    src = linear_source(a);
  }
  for (const auto& [p, used] : a.options) {
    if (fits(*p, src)) {
      a.pattern = p;
      a.used = used;
      a.last = used.empty() ? a.head : std::max(a.head, used.back());
      break;
    }
  }
  std::vector<int> tgt;
  std::vector<int> tw;
  // The noun's own obliques ("visit to X", "talks between X and Y"), and its light verb's.
  auto collect = [&](int word, Rel want) {
    for (int c : w(word).kids) {
      if (rel(c) != want || w(c).time >= 0) continue;
      const uint64_t m = marker(c);
      if (m & kAmongPrep) {
        for (int x : actors_of(c, n)) group.push_back(x);
      } else if ((m & kTargetPrep) && !(m & (kPlacePrep | kAgentPrep))) {
        tw.push_back(c);
      }
    }
  };
  collect(n, Rel::Nmod);
  if (light >= 0) collect(light, Rel::Obl);
  for (int word : tw) {
    tgt = without(actors_of(word, n), src);
    if (!tgt.empty()) break;
  }
  if (tgt.empty() && group.empty() && !src.empty() && a.pattern->symmetric && h >= 0 &&
      r == Rel::Obl && w(h).upos == Upos::VERB) {
    // "joined X for talks", "hosted X for a meeting": the clause's object takes part.
    if (const int o = child(h, Rel::Obj); o >= 0) tgt = without(actors_of(o, h), src);
  }
  if (tgt.empty() && group.empty() && !src.empty()) tgt = linear_target(a, src, true);
  if (tgt.empty() && group.empty() && !src.empty()) tgt = next_actor(a, src, acts);
  if (!group.empty()) {
    if (src.empty()) {
      src = group;  // "talks between Serbia and Kosovo": the parties together
    } else if (tgt.empty()) {
      tgt = without(group, src);
    }
  }
  if (src.size() >= 2 && !tgt.empty() && a.pattern->symmetric) {
    // "US-China talks" are read as a group above; nothing more here.
  }
  a.code = a.pattern->code;
  a.top = light >= 0 ? light : n;
  a.negated = denied_by_speech(a.top) || (light >= 0 && denied(light)) ||
              (h >= 0 && w(h).upos == Upos::VERB && (denied(h) || denied_by_speech(h)));
  if (speech_governor(a.top) >= 0 || in_quote(n)) a.modality = Modality::Speech;
  a.sources = src;
  a.targets = tgt;
}

// The time expression that dates `a`: one attached to the action's predicate, or to the
// clauses it continues (a coordinated verb, a complement, reported speech); null when none.
const TimeExpr* TreeCoder::dating_time(const Act& a) const {
  int p = a.noun ? a.node : a.head;
  for (int step = 0; p >= 0 && step < 8; ++step) {
    const TimeExpr* best = nullptr;
    int best_dist = 1 << 30;
    // Its own times, and a time the parse hung on its object ("told Chile on Monday").
    std::vector<int> near = w(p).kids;
    for (int c : w(p).kids) {
      if (rel(c) != Rel::Obj && rel(c) != Rel::Iobj) continue;
      for (int d : w(c).kids) {
        if (d > c && rel(d) == Rel::Nmod && marker(d) != 0) near.push_back(d);
      }
    }
    for (int c : near) {
      if (w(c).time < 0) continue;
      const TimeExpr* te = ts_.times[static_cast<size_t>(w(c).time)];
      if (te->value.empty() || !te->date_begin) continue;
      if (te->type == TimexType::Duration || te->modifies_noun) continue;  // "for 25 years"
      if (a.future && has_marker(c, kDeadlinePrep)) continue;  // "withdraw by 2012" is a deadline
      const int d = std::abs(c - a.head);
      if (d < best_dist) {
        best_dist = d;
        best = te;
      }
    }
    if (best) return best;
    const Rel r = rel(p);
    const bool noun_arg = a.noun && p == a.node && (r == Rel::Obj || r == Rel::Nsubj || r == Rel::Obl);
    if (!(r == Rel::Conj || r == Rel::Xcomp || r == Rel::Ccomp || noun_arg ||
          (r == Rel::Parataxis && head(p) >= 0 && speech_verb(head(p))))) {
      break;
    }
    p = head(p);
  }
  return closing_date();
}

// A full date that closes the sentence after a comma dates everything in it, as in a photo
// caption ("... during a meeting in Beijing, Monday, Aug. 28, 2023.").
const TimeExpr* TreeCoder::closing_date() const {
  int last = size() - 1;
  while (last >= 0 && w(last).upos == Upos::PUNCT) --last;
  if (last < 0 || w(last).time < 0) return nullptr;
  const int t = w(last).time;
  const TimeExpr* te = ts_.times[static_cast<size_t>(t)];
  if (te->type != TimexType::Date || te->granularity != Granularity::Day || !te->date_begin ||
      te->modifies_noun) {
    return nullptr;
  }
  int first = last;
  while (first > 0 && w(first - 1).time == t) --first;
  if (first == 0 || w(first - 1).lower != ",") return nullptr;
  return te;
}

std::string TreeCoder::date_for(const Act& a, std::optional<CivilDate>& begin,
                                std::optional<CivilDate>& end) const {
  if (const TimeExpr* te = dating_time(a)) {
    begin = te->date_begin;
    end = te->date_end;
    return te->value;
  }
  if (doc_.dct) {
    begin = doc_.dct;
    end = doc_.dct;
    return doc_.dct->iso();
  }
  return {};
}

ActorRef TreeCoder::ref(int m) const {
  const ActorMention& am = *ts_.mentions[static_cast<size_t>(m)];
  ActorRef r;
  r.code = am.actor.code;
  r.country = am.actor.country;
  r.sector = am.actor.sector;
  r.name = am.actor.name;
  r.text = std::string(span_text(doc_, am.span));
  if (am.how == MentionHow::Agent && r.country.empty() && !am.context_country.empty()) {
    // "police fired on protesters" in a story about Egypt: Egyptian police, as an event coder
    // reads an agent of no stated country by the country the sentence or story is about.
    r.country = am.context_country;
    r.code = am.context_country + r.code;
  }
  return r;
}

void TreeCoder::run(std::vector<ActionMention>& actions, std::vector<Event>& events) {
  std::vector<Act> acts;
  find_actions(acts);
  for (Act& a : acts) {
    if (a.noun) continue;
    analyse_verb(a, acts);
  }
  // A governor read into an action's code is no action of its own.
  for (const Act& a : acts) {
    if (a.absorbed < 0) continue;
    for (Act& b : acts) {
      if (b.head == a.absorbed) b.suppressed = true;
    }
  }
  for (Act& a : acts) {
    if (a.noun) analyse_noun(a, acts);
  }
  // The content of a demand, an appeal or a refusal is no event of its own ("demanded that the
  // US cancel", "urged X to withdraw", "rejected calls to adopt"), nor is a gerund inside
  // another action's phrase ("a proposal for signing an agreement").
  for (Act& a : acts) {
    if (a.noun || a.suppressed) continue;
    int p = a.top;
    while (rel(p) == Rel::Conj && head(p) >= 0 && child(p, Rel::Nsubj) < 0) p = head(p);
    const Rel r = rel(p);
    int g = head(p);
    if (g < 0) continue;
    if (r == Rel::Acl && (rel(g) == Rel::Obj || rel(g) == Rel::Nsubj) && head(g) >= 0) g = head(g);
    // "backed a resolution that aims to impose sanctions": what a document or a plan says.
    if (r == Rel::AclRelcl && w(g).mention < 0 && head(g) >= 0 && act_at(acts, head(g)) &&
        !w(g).kids.empty()) {
      bool own_subject = false;
      for (int c : w(p).kids) {
        own_subject |= (rel(c) == Rel::Nsubj || rel(c) == Rel::NsubjPass) && w(c).mention >= 0;
      }
      if (!own_subject) a.suppressed = true;
    }
    if (r == Rel::Xcomp || r == Rel::Ccomp || r == Rel::Acl) {
      if (const Act* b = act_at(acts, g); b && b != &a) {
        const std::string_view root = root_of(b->code);
        if (root == "02" || root == "10" || root == "12") a.suppressed = true;
      }
    }
    if (w(a.head).xpos == "VBG" && (r == Rel::Acl || r == Rel::Advcl) && p == a.head) {
      const uint64_t m = marker(p);
      if ((m & kPrep) && !(m & (kSubord | kEventPrep)) && (act_at(acts, head(p)) || is_nominal(w(head(p)).upos))) {
        a.suppressed = true;
      }
    }
  }
  // Verbs coordinated with a suppressed one, without a subject of their own, go with it ("aims
  // to tighten sanctions and impose a blockade").
  for (int pass = 0; pass < 2; ++pass) {
    for (Act& a : acts) {
      if (a.noun || a.suppressed || rel(a.top) != Rel::Conj || head(a.top) < 0) continue;
      if (subject_word(a.top, 6) >= 0 && child(a.top, Rel::Nsubj) >= 0) continue;
      for (const Act& b : acts) {
        if (b.suppressed && !b.noun && (b.head == head(a.top) || b.top == head(a.top))) {
          a.suppressed = true;
        }
      }
    }
  }
  // "X said (that) Y must ...": a demand by the speaker on Y.
  for (int j = 0; j < size(); ++j) {
    const WordInfo* wi = t_.word(w(j).lower);
    if (!wi || !wi->obligation || rel(j) != Rel::Aux || head(j) < 0) continue;
    const int v = head(j);
    std::vector<int> speaker = speaker_of(v);
    std::vector<int> subj = without(actors_of(subject_word(v, 0), v), speaker);
    if (speaker.empty() || subj.empty()) continue;
    Act a;
    a.head = j;
    a.top = v;
    a.last = j;
    a.pattern = wi->obligation;
    a.code = wi->obligation->code;
    a.modality = Modality::Speech;
    a.negated = denied_by_speech(v);
    a.sources = speaker;
    a.targets = subj;
    acts.push_back(std::move(a));
  }
  // "X said (that) ... Y ...": a statement by X about Y, beside what the content codes.
  for (int j = 0; j < size(); ++j) {
    if (w(j).upos != Upos::VERB) continue;
    const auto st = t_.statements.find(w(j).lemma);
    if (st == t_.statements.end()) continue;
    bool taken = false;
    for (const Act& b : acts) taken |= b.head == j;
    if (taken) continue;
    int content = child(j, Rel::Ccomp);
    if (content < 0 && rel(j) == Rel::Parataxis && head(j) >= 0) content = head(j);
    if (content < 0) continue;
    std::vector<int> speaker = actors_of(subject_word(j, 0), j);
    if (speaker.empty() || passive(j)) continue;
    std::vector<int> about;
    for (Rel r : {Rel::Nsubj, Rel::NsubjPass, Rel::Obj}) {
      if (const int c = child(content, r); c >= 0 && about.empty()) {
        about = without(actors_of(c, content), speaker);
      }
    }
    for (int k = 0; k < size() && about.empty(); ++k) {
      if (w(k).mention >= 0 && descendant(k, content) && !has_marker(k, kPlacePrep)) {
        about = without(actors_of(k, content), speaker);
      }
    }
    // "China is ready ..., a Chinese official says": what a speaker says of its own country
    // is no statement to another actor.
    about.erase(std::remove_if(about.begin(), about.end(),
                               [&](int m) {
                                 if (audience(m)) return true;
                                 const std::string& code = ts_.mentions[static_cast<size_t>(m)]->actor.code;
                                 for (int x : speaker) {
                                   const ActorRef own = ref(x);
                                   if (code == own.country || code == own.code) return true;
                                 }
                                 return false;
                               }),
                about.end());
    if (about.empty()) continue;
    Act a;
    a.head = j;
    a.node = j;
    a.top = j;
    a.last = j;
    a.pattern = &st->second;
    a.code = st->second.code;
    a.negated = denied(j);
    a.sources = speaker;
    a.targets = about;
    acts.push_back(std::move(a));
  }
  const Sentence& s = seg_.sentences[sentence_];
  std::sort(acts.begin(), acts.end(), [](const Act& x, const Act& y) { return x.head < y.head; });
  for (const Act& a : acts) {
    if (a.suppressed) continue;
    const Span span{w(a.head).span.begin, w(a.last).span.end};
    ActionMention am{sentence_, span, a.code, a.pattern->id, a.negated, a.modality, {}, {}, {}, {}};
    for (int m : a.sources) am.sources.push_back(ts_.mentions[static_cast<size_t>(m)]->span);
    for (int m : a.targets) am.targets.push_back(ts_.mentions[static_cast<size_t>(m)]->span);
    if (const TimeExpr* te = dating_time(a)) am.date = te->span;
    if (a.hypothetical) {
      am.why = "hypothetical";
    } else if (a.sources.empty()) {
      am.why = "no source";
    } else if (a.targets.empty() && !(a.pattern->symmetric && a.sources.size() >= 2)) {
      am.why = "no target";
    } else if (a.negated && !t_.options.keep_negated) {
      am.why = "negated";
    }
    actions.push_back(std::move(am));
    if (a.negated && !t_.options.keep_negated) continue;
    if (a.hypothetical) continue;
    std::vector<std::pair<int, int>> pairs;
    if (a.targets.empty()) {
      if (a.pattern->symmetric && a.sources.size() >= 2) {
        for (int x : a.sources) {
          for (int y : a.sources) {
            if (!same_actor(x, y)) pairs.emplace_back(x, y);
          }
        }
      }
    } else {
      for (int x : a.sources) {
        const std::string& cx = ts_.mentions[static_cast<size_t>(x)]->actor.country;
        // In a mixed group ("between the superpowers") the source's own country is no target.
        bool mixed = false, same = false;
        for (int y : a.targets) {
          (ts_.mentions[static_cast<size_t>(y)]->actor.country == cx ? same : mixed) = true;
        }
        for (int y : a.targets) {
          if (same_actor(x, y)) continue;
          if (same && mixed && !cx.empty() &&
              ts_.mentions[static_cast<size_t>(y)]->actor.country == cx) {
            continue;
          }
          pairs.emplace_back(x, y);
        }
      }
    }
    const CameoCode* cc = t_.ontology.find(a.code);
    if (!cc) continue;
    for (auto [x, y] : pairs) {
      // One event per actor pair and root in a sentence ("killing or wounding 50").
      const auto key = ts_.mentions[static_cast<size_t>(x)]->actor.code + ">" +
                       ts_.mentions[static_cast<size_t>(y)]->actor.code + ":" +
                       cc->code.substr(0, 2);
      if (!seen_.insert(key).second) continue;
      Event e;
      e.date = date_for(a, e.date_begin, e.date_end);
      e.source = ref(x);
      e.target = ref(y);
      e.code = cc->code;
      e.root = cc->code.substr(0, 2);
      const CameoCode* rc = t_.ontology.find(e.root);
      e.label = cc->name;
      e.goldstein = cc->goldstein;
      e.quad_class = cc->quad_class;
      e.plover_event = cc->plover_event.empty() && rc ? rc->plover_event : cc->plover_event;
      e.plover_mode = cc->plover_mode;
      e.negated = a.negated;
      e.modality = a.modality;
      e.doc_id = doc_.id;
      e.doc_title = doc_.title;
      e.doc_published = doc_.dct ? doc_.dct->iso() : std::string();
      e.doc_source = doc_.source;
      e.sentence = sentence_;
      e.span = span;
      e.text = std::string(span_text(doc_, s.span));
      e.pattern = a.pattern->id;
      events.push_back(std::move(e));
    }
  }
}

}  // namespace

bool may_code(const CoderTables& tables, const Document& doc, const Segmentation& seg,
              uint32_t sentence) {
  const Sentence& s = seg.sentences[sentence];
  std::string lower;
  for (uint32_t i = 0; i < s.token_count; ++i) {
    const Token& t = seg.tokens[s.first_token + i];
    if (t.kind != TokenKind::Word) continue;
    lower = fold(span_text(doc, t.span));
    const WordInfo* wi = tables.word(lower);
    if (wi && (wi->heads || wi->lemma_heads || wi->obligation || wi->statement)) return true;
    // "China's" and "didn't" are one token here; the parser splits them.
    if (const size_t q = lower.find('\''); q != std::string::npos && q > 0) {
      wi = tables.word(std::string_view(lower).substr(0, q));
      if (wi && (wi->heads || wi->lemma_heads || wi->obligation || wi->statement)) return true;
    }
  }
  return false;
}

void code_sentence(const CoderTables& tables, const Document& doc, const Segmentation& seg,
                   uint32_t sentence, const std::vector<const ActorMention*>& mentions,
                   const std::vector<const TimeExpr*>& times, std::vector<ActionMention>& actions,
                   std::vector<Event>& events, std::vector<SentenceTree>* trees) {
  TreeSentence ts = build_tree(tables.parser, tables.grammar, doc, seg, sentence, mentions, times);
  if (trees) {
    SentenceTree st;
    st.sentence = sentence;
    for (const Node& n : ts.words) {
      st.words.push_back(TreeWord{n.span, n.lemma, n.upos, n.head, n.deprel});
    }
    trees->push_back(std::move(st));
  }
  TreeCoder coder(tables, doc, seg, sentence, std::move(ts));
  coder.run(actions, events);
}

}  // namespace entente::code
