#include "code/tree.h"

#include <algorithm>
#include <array>
#include <utility>

namespace entente::code {

Rel rel_from_label(std::string_view label) {
  // UD v2 relation labels (universaldependencies.org/u/dep) as the parser writes them.
  static constexpr std::array<std::pair<std::string_view, Rel>, 35> kNames = {{
      {"root", Rel::Root},         {"nsubj", Rel::Nsubj},        {"nsubj:pass", Rel::NsubjPass},
      {"csubj", Rel::Csubj},       {"csubj:pass", Rel::Csubj},   {"expl", Rel::Expl},
      {"obj", Rel::Obj},           {"iobj", Rel::Iobj},          {"obl", Rel::Obl},
      {"obl:agent", Rel::OblAgent}, {"obl:tmod", Rel::OblTmod},  {"obl:npmod", Rel::OblNpmod},
      {"nmod", Rel::Nmod},         {"nmod:poss", Rel::NmodPoss}, {"nmod:tmod", Rel::NmodTmod},
      {"amod", Rel::Amod},         {"compound", Rel::Compound},  {"flat", Rel::Flat},
      {"appos", Rel::Appos},       {"conj", Rel::Conj},          {"cc", Rel::Cc},
      {"case", Rel::Case},         {"mark", Rel::Mark},          {"aux", Rel::Aux},
      {"aux:pass", Rel::AuxPass},  {"cop", Rel::Cop},            {"advmod", Rel::Advmod},
      {"advcl", Rel::Advcl},       {"acl", Rel::Acl},            {"acl:relcl", Rel::AclRelcl},
      {"xcomp", Rel::Xcomp},       {"ccomp", Rel::Ccomp},        {"parataxis", Rel::Parataxis},
      {"det", Rel::Det},           {"nummod", Rel::Nummod},
  }};
  for (const auto& [name, rel] : kNames) {
    if (label == name) return rel;
  }
  if (label == "punct") return Rel::Punct;
  // Other subtypes read as their base relation ("obl:unmarked", "compound:prt" stay apart).
  if (const size_t colon = label.find(':'); colon != std::string_view::npos) {
    const std::string_view base = label.substr(0, colon);
    if (base == "compound" || base == "flat" || base == "nmod" || base == "obl" || base == "acl" ||
        base == "advcl" || base == "det" || base == "nsubj" || base == "obj") {
      return rel_from_label(base);
    }
  }
  return Rel::Other;
}

TreeSentence build_tree(const Parser& parser, const Grammar& grammar, const Document& doc,
                        const Segmentation& seg, uint32_t sentence,
                        std::span<const ActorMention* const> mentions,
                        std::span<const TimeExpr* const> times) {
  TreeSentence ts;
  const Sentence& s = seg.sentences[sentence];
  ts.headline = s.is_headline;
  ts.mentions.assign(mentions.begin(), mentions.end());
  std::stable_sort(ts.mentions.begin(), ts.mentions.end(),
                   [](const ActorMention* a, const ActorMention* b) {
                     if (a->first_token != b->first_token) return a->first_token < b->first_token;
                     return a->end_token > b->end_token;
                   });
  ts.times.assign(times.begin(), times.end());
  // The longest mention over each token: its words become one word.
  std::vector<int> owner(s.token_count, -1);
  for (size_t m = 0; m < ts.mentions.size(); ++m) {
    const ActorMention& am = *ts.mentions[m];
    for (uint32_t t = am.first_token; t < am.end_token; ++t) {
      if (t < s.first_token || t >= s.first_token + s.token_count) continue;
      int& o = owner[t - s.first_token];
      if (o < 0) o = static_cast<int>(m);
    }
  }
  // The parser reads every word of the sentence; each mention then becomes one word, its
  // head word (the one attached outside the mention, the last of several), which keeps that
  // word's tag and relation and takes the dependents of all its words.
  const std::vector<WordPiece> pieces = parser.split(doc, seg, s);
  std::vector<std::string_view> forms;
  forms.reserve(pieces.size());
  for (const WordPiece& p : pieces) forms.push_back(p.form);
  const std::vector<SyntaxWord> parsed = parser.parse(forms);
  const int np = static_cast<int>(std::min(pieces.size(), parsed.size()));
  std::vector<int> mention_of(static_cast<size_t>(np), -1);
  for (int i = 0; i < np; ++i) {
    const WordPiece& p = pieces[static_cast<size_t>(i)];
    const uint32_t rel_tok = p.token - s.first_token;
    const int m = rel_tok < owner.size() ? owner[rel_tok] : -1;
    const bool clitic = (grammar.form_classes(fold(p.form)) & kPossMarker) != 0;
    mention_of[static_cast<size_t>(i)] = clitic ? -1 : m;
  }
  // Runs of pieces of one mention, or of one hyphenated token ("cease-fire", which the parser
  // reads as "cease" "-" "fire": the lexicons know the whole word), and the piece that heads
  // each run.
  auto hyphenated = [&](int b, int e) {
    if (e - b < 3) return false;
    for (int i = b + 1; i < e; i += 2) {
      if (pieces[static_cast<size_t>(i)].form != "-") return false;
    }
    return (e - b) % 2 == 1;
  };
  std::vector<int> run_head(static_cast<size_t>(np), -1);
  std::vector<char> joined(static_cast<size_t>(np), 0);  // first piece of a hyphenated run
  for (int b = 0; b < np;) {
    int e = b + 1;
    const int m = mention_of[static_cast<size_t>(b)];
    if (m >= 0) {
      while (e < np && mention_of[static_cast<size_t>(e)] == m) ++e;
    } else {
      int t = b + 1;
      while (t < np && pieces[static_cast<size_t>(t)].token == pieces[static_cast<size_t>(b)].token &&
             mention_of[static_cast<size_t>(t)] < 0) {
        ++t;
      }
      if (hyphenated(b, t)) {
        e = t;
        joined[static_cast<size_t>(b)] = 1;
      }
    }
    int hd = e - 1;
    for (int i = e - 1; i >= b; --i) {
      const int h = parsed[static_cast<size_t>(i)].head;
      if (h < b || h >= e) {
        hd = i;
        break;
      }
    }
    for (int i = b; i < e; ++i) run_head[static_cast<size_t>(i)] = hd;
    b = e;
  }
  std::vector<int> node_of(static_cast<size_t>(np), -1);
  for (int i = 0; i < np; ++i) {
    const int hd = run_head[static_cast<size_t>(i)];
    if (i == 0 || run_head[static_cast<size_t>(i - 1)] != hd) {
      Node w;
      const WordPiece& first = pieces[static_cast<size_t>(i)];
      w.span = first.span;
      w.first_token = first.token;
      w.end_token = first.token + 1;
      w.mention = mention_of[static_cast<size_t>(i)];
      ts.words.push_back(std::move(w));
    }
    Node& w = ts.words.back();
    const WordPiece& p = pieces[static_cast<size_t>(i)];
    w.span.end = p.span.end;
    w.end_token = p.token + 1;
    node_of[static_cast<size_t>(i)] = static_cast<int>(ts.words.size()) - 1;
    if (i == hd) {
      const SyntaxWord& sw = parsed[static_cast<size_t>(i)];
      w.form = p.form;
      w.lower = fold(p.form);
      w.lemma = fold(sw.lemma);
      w.upos = sw.upos;
      w.xpos = sw.xpos;
      w.deprel = sw.deprel;
    }
  }
  // A hyphenated word is the whole word, its lemma the head piece's lemma after the rest
  // ("cease-fires" -> "cease-fire").
  for (int b = 0; b < np; ++b) {
    if (!joined[static_cast<size_t>(b)]) continue;
    const int hd = run_head[static_cast<size_t>(b)];
    Node& w = ts.words[static_cast<size_t>(node_of[static_cast<size_t>(b)])];
    std::string form, before_head;
    for (int i = b; i < np && run_head[static_cast<size_t>(i)] == hd; ++i) {
      form += pieces[static_cast<size_t>(i)].form;
      if (i < hd) before_head += pieces[static_cast<size_t>(i)].form;
    }
    const bool head_last = hd + 1 >= np || run_head[static_cast<size_t>(hd + 1)] != hd;
    w.lemma = head_last ? fold(before_head) + w.lemma : fold(form);
    w.form = form;
    w.lower = fold(form);
  }
  const int n = static_cast<int>(ts.words.size());
  for (int i = 0; i < np; ++i) {
    if (run_head[static_cast<size_t>(i)] != i) continue;
    Node& w = ts.words[static_cast<size_t>(node_of[static_cast<size_t>(i)])];
    const int h = parsed[static_cast<size_t>(i)].head;
    w.head = h >= 0 && h < np ? node_of[static_cast<size_t>(h)] : -1;
    if (w.head == node_of[static_cast<size_t>(i)]) w.head = -1;
    w.rel = w.head < 0 ? Rel::Root : rel_from_label(w.deprel);
  }
  // Joining words may close a cycle (a mention's head word hangs on a word whose head lies in
  // the mention): the node that closes it becomes a root.
  for (int i = 0; i < n; ++i) {
    int v = i;
    for (int steps = 0; v >= 0 && steps <= n; ++steps) v = ts.words[static_cast<size_t>(v)].head;
    if (v >= 0) {
      Node& w = ts.words[static_cast<size_t>(i)];
      w.head = -1;
      w.rel = Rel::Root;
    }
  }
  // A mention named as a name, a person or a role is a noun phrase whatever tag its head word
  // got ("Vice Premier He Lifeng" is no pronoun and no auxiliary), and a noun phrase before
  // its verb in a function word's relation is that verb's subject.
  for (int i = 0; i < n; ++i) {
    Node& w = ts.words[static_cast<size_t>(i)];
    if (w.mention < 0 || is_nominal(w.upos)) continue;
    const MentionHow how = ts.mentions[static_cast<size_t>(w.mention)]->how;
    if (how == MentionHow::Person || how == MentionHow::Title || how == MentionHow::CorefName) {
      w.upos = Upos::PROPN;
    } else if (how == MentionHow::Role || how == MentionHow::RolePlace ||
               how == MentionHow::Agent) {
      w.upos = Upos::NOUN;
    } else {
      continue;
    }
    if ((w.rel == Rel::Aux || w.rel == Rel::Cop || w.rel == Rel::Mark || w.rel == Rel::Case) &&
        w.head > i && ts.words[static_cast<size_t>(w.head)].upos == Upos::VERB) {
      w.rel = Rel::Nsubj;
      w.deprel = "nsubj";
    }
  }
  for (int i = 0; i < n; ++i) {
    Node& w = ts.words[static_cast<size_t>(i)];
    w.fcls = grammar.form_classes(w.lower);
    if (w.mention >= 0) {
      // A name that folds to a pronoun ("US", "IT") is a name: only a mention read as a
      // pronoun (or built without saying how) keeps the pronoun's classes.
      const MentionHow how = ts.mentions[static_cast<size_t>(w.mention)]->how;
      if (how != MentionHow::CorefPronoun && how != MentionHow::Unspecified) {
        w.fcls &= ~(kPronoun | kPoss | kDet);
      }
    }
    w.lcls = grammar.lemma_classes(w.lemma) | grammar.lemma_classes(w.lower);
    w.quote = (w.fcls & kQuote) != 0;
    for (size_t t = 0; t < ts.times.size(); ++t) {
      if (w.span.begin >= ts.times[t]->span.begin && w.span.end <= ts.times[t]->span.end) {
        w.time = static_cast<int>(t);
        break;
      }
    }
  }
  for (int i = 0; i < n; ++i) {
    const int h = ts.words[static_cast<size_t>(i)].head;
    if (h >= 0) ts.words[static_cast<size_t>(h)].kids.push_back(i);
  }
  return ts;
}

}  // namespace entente::code
