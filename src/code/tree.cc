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
  const std::vector<WordPiece> pieces = parser.split(doc, seg, s);
  for (const WordPiece& p : pieces) {
    const uint32_t rel_tok = p.token - s.first_token;
    const int m = rel_tok < owner.size() ? owner[rel_tok] : -1;
    const std::string lower = fold(p.form);
    const bool clitic = (grammar.form_classes(lower) & kPossMarker) != 0;
    if (m >= 0 && !clitic && !ts.words.empty() && ts.words.back().mention == m) {
      Node& w = ts.words.back();
      w.span.end = p.span.end;
      w.end_token = p.token + 1;
      w.form = p.form;
      w.lower = lower;
      continue;
    }
    Node w;
    w.span = p.span;
    w.first_token = p.token;
    w.end_token = p.token + 1;
    w.form = p.form;
    w.lower = lower;
    w.mention = clitic ? -1 : m;
    ts.words.push_back(std::move(w));
  }
  std::vector<std::string_view> forms;
  forms.reserve(ts.words.size());
  for (const Node& w : ts.words) forms.push_back(w.form);
  const std::vector<SyntaxWord> parsed = parser.parse(forms);
  const int n = static_cast<int>(ts.words.size());
  for (int i = 0; i < n && static_cast<size_t>(i) < parsed.size(); ++i) {
    Node& w = ts.words[static_cast<size_t>(i)];
    const SyntaxWord& sw = parsed[static_cast<size_t>(i)];
    w.lemma = fold(sw.lemma);
    w.upos = sw.upos;
    w.xpos = sw.xpos;
    w.head = sw.head >= 0 && sw.head < n ? sw.head : -1;
    w.rel = w.head < 0 ? Rel::Root : rel_from_label(sw.deprel);
    w.deprel = sw.deprel;
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
