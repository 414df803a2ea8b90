// The event coder's tables and story loop: action patterns (data/lexicons/actions) compiled
// and indexed by head lemma, the grammar's word classes, and the parser whose trees the
// sentence analysis (sentence.cc) reads. Only sentences with an actor mention and a word that
// may head a pattern are parsed.
#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "code/grammar.h"
#include "code/patterns.h"
#include "code/tables.h"
#include "entente/code.h"
#include "lexicon/data.h"

namespace entente {

using code::CoderTables;
using code::Elem;
using code::Grammar;
using code::Pattern;
using code::Pos;
using code::WordInfo;

namespace {

// Precomputes WordInfo for every word the grammar, the pattern heads and the obligation
// words know. Called once the other tables are complete (it keeps pointers into them).
void build_word_table(CoderTables& t) {
  std::vector<std::string> vocab = t.grammar.vocabulary();
  for (const auto& [head, ids] : t.by_head) vocab.push_back(head);
  for (const auto& [word, p] : t.obligations) vocab.push_back(word);
  for (const auto& [word, p] : t.statements) vocab.push_back(word);
  for (auto& w : vocab) t.words.try_emplace(std::move(w));
  for (auto& [form, info] : t.words) {
    if (auto h = t.by_head.find(form); h != t.by_head.end()) info.heads = &h->second;
    const std::string lemma = t.grammar.lemma(form);
    if (lemma != form) {
      if (auto h = t.by_head.find(lemma); h != t.by_head.end()) info.lemma_heads = &h->second;
    }
    if (auto o = t.obligations.find(form); o != t.obligations.end()) info.obligation = &o->second;
    if (auto o = t.statements.find(lemma); o != t.statements.end()) info.statement = &o->second;
  }
}

}  // namespace

struct EventCoder::Impl : CoderTables {};

EventCoder::EventCoder(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
EventCoder::~EventCoder() = default;
EventCoder::EventCoder(EventCoder&&) noexcept = default;
EventCoder& EventCoder::operator=(EventCoder&&) noexcept = default;
const Ontology& EventCoder::ontology() const { return impl_->ontology; }

namespace {

std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t p = s.find(sep, start);
    out.emplace_back(s.substr(start, p == std::string_view::npos ? s.npos : p - start));
    if (p == std::string_view::npos) break;
    start = p + 1;
  }
  return out;
}

// Parses "impose * sanction|embargo on" into head + elements; empty message on success.
std::string parse_pattern(std::string_view text, size_t max_tokens, Pattern& p) {
  std::vector<std::string> words;
  for (auto& w : split(text, ' ')) {
    if (!w.empty()) words.push_back(code::fold(w));
  }
  if (words.empty()) return "empty pattern";
  if (words.size() > max_tokens) {
    return "pattern has " + std::to_string(words.size()) + " words, more than the limit of " +
           std::to_string(max_tokens);
  }
  if (words[0] == "*" || words[0].find('|') != std::string::npos) {
    return "a pattern starts with its head word, not \"*\" or alternatives";
  }
  p.head = words[0];
  for (size_t i = 1; i < words.size(); ++i) {
    Elem e;
    if (words[i] == "*") {
      if (i + 1 == words.size()) return "\"*\" cannot end a pattern";
      if (!p.elems.empty() && p.elems.back().gap) return "two \"*\" in a row";
      e.gap = true;
    } else {
      e.alts = split(words[i], '|');
      for (const auto& a : e.alts) {
        if (a.empty() || a == "*") return "empty alternative in " + quote_for_message(words[i]);
      }
      ++p.literals;
    }
    p.elems.push_back(std::move(e));
  }
  return {};
}

}  // namespace

Result<EventCoder> EventCoder::create(const Lexicon& lexicon, CodeOptions options) {
  auto onto = Ontology::create(lexicon);
  if (!onto) return onto.error();
  auto grammar = Grammar::create(lexicon);
  if (!grammar) return grammar.error();
  auto parser = options.parser_model.empty() ? Parser::load_default()
                                             : Parser::load(options.parser_model);
  if (!parser) return parser.error();
  auto impl = std::make_unique<Impl>(Impl{CoderTables{std::move(onto.value()),
                                                      std::move(grammar.value()),
                                                      std::move(parser.value()),
                                                      {}, {}, options, {}, {}, {}}});
  const Limits limits;
  std::map<std::string, size_t> index_of_id;
  auto docs = detail::docs_of_kind(lexicon, "actions");
  if (docs.empty()) {
    return make_error(Errc::InvalidData,
                      "no \"actions\" data (data/lexicons/actions*.json) for the event coder");
  }
  for (const auto& d : docs) {
    std::set<std::string> ids_in_file;
    const auto& arr = (*d.root)["patterns"];
    for (rapidjson::SizeType i = 0; i < arr.Size(); ++i) {
      const auto& v = arr[i];
      const std::string base = "/patterns/" + std::to_string(i);
      Pattern p;
      p.id = std::string(detail::get_string(v, "id"));
      p.code = std::string(detail::get_string(v, "code"));
      const std::string_view pos = detail::get_string(v, "pos", "verb");
      p.pos = pos == "noun" ? Pos::Noun : pos == "any" ? Pos::Any : Pos::Verb;
      p.negated_code = std::string(detail::get_string(v, "negated_code"));
      if (auto it = v.FindMember("symmetric"); it != v.MemberEnd()) p.symmetric = it->value.GetBool();
      if (auto it = v.FindMember("intransitive"); it != v.MemberEnd()) {
        p.intransitive = it->value.GetBool();
      }
      for (auto [key, list] : {std::pair{"source_sectors", &p.source_sectors},
                               std::pair{"source_not_sectors", &p.source_not_sectors},
                               std::pair{"object_not", &p.object_not}}) {
        if (auto it = v.FindMember(key); it != v.MemberEnd() && it->value.IsArray()) {
          for (const auto& x : it->value.GetArray()) {
            list->push_back(key == std::string_view("object_not") ? code::fold(x.GetString())
                                                                  : std::string(x.GetString()));
          }
        }
      }
      if (!ids_in_file.insert(p.id).second) {
        return make_error(Errc::InvalidData, "duplicate pattern id " + quote_for_message(p.id),
                          detail::where(*d.file, base + "/id"));
      }
      if (!impl->ontology.find(p.code)) {
        return make_error(Errc::InvalidData,
                          "unknown CAMEO code " + quote_for_message(p.code) +
                              " (not in the ontology)",
                          detail::where(*d.file, base + "/code"));
      }
      if (!p.negated_code.empty() && !impl->ontology.find(p.negated_code)) {
        return make_error(Errc::InvalidData,
                          "unknown CAMEO code " + quote_for_message(p.negated_code) +
                              " (not in the ontology)",
                          detail::where(*d.file, base + "/negated_code"));
      }
      const std::string text(detail::get_string(v, "pattern"));
      if (std::string msg = parse_pattern(text, limits.max_pattern_tokens, p); !msg.empty()) {
        return make_error(Errc::InvalidData, msg + " in " + quote_for_message(text),
                          detail::where(*d.file, base + "/pattern"));
      }
      if (auto it = index_of_id.find(p.id); it != index_of_id.end()) {
        impl->patterns[it->second] = std::move(p);  // a later file overrides
      } else {
        index_of_id[p.id] = impl->patterns.size();
        impl->patterns.push_back(std::move(p));
      }
    }
  }
  for (auto [map, key, prefix, out] :
       {std::tuple{&impl->grammar.obligations(), "obligation_codes", "OBLIGATION.", &impl->obligations},
        std::tuple{&impl->grammar.statements(), "statement_codes", "STATEMENT.", &impl->statements}}) {
    for (const auto& [word, code] : *map) {
      if (!impl->ontology.find(code)) {
        return make_error(Errc::InvalidData, "unknown CAMEO code " + quote_for_message(code) +
                                                 " for " + quote_for_message(word),
                          std::string("grammar#/") + key);
      }
      Pattern p;
      p.head = word;
      p.code = code;
      p.id = prefix + word;
      for (auto& ch : p.id) ch = (ch >= 'a' && ch <= 'z') ? static_cast<char>(ch - 'a' + 'A') : ch;
      out->emplace(word, std::move(p));
    }
  }
  for (uint32_t i = 0; i < impl->patterns.size(); ++i) {
    const Pattern& p = impl->patterns[i];
    impl->by_head[p.head].push_back(i);
    impl->grammar.add_known(p.head);
    for (const auto& e : p.elems) {
      for (const auto& a : e.alts) impl->grammar.add_known(a);
    }
  }
  build_word_table(*impl);
  return EventCoder(std::move(impl));
}

Result<CodedStory> EventCoder::code(const Document& doc, const Segmentation& seg,
                                    const std::vector<TimeExpr>& times,
                                    const std::vector<ActorMention>& actors) const {
  CodedStory out;
  const size_t ns = seg.sentences.size();
  std::vector<std::vector<const ActorMention*>> men(ns);
  std::vector<std::vector<const TimeExpr*>> tms(ns);
  for (const auto& a : actors) {
    if (a.sentence >= ns || a.end_token > seg.tokens.size()) {
      return make_error(Errc::InvalidInput,
                        "actor mention outside the segmentation (sentence " +
                            std::to_string(a.sentence) + ")",
                        doc.origin.empty() ? doc.id : doc.origin);
    }
    men[a.sentence].push_back(&a);
  }
  for (const auto& t : times) {
    if (t.sentence < ns) tms[t.sentence].push_back(&t);
  }
  for (const auto& s : seg.sentences) {
    if (static_cast<size_t>(s.first_token) + s.token_count > seg.tokens.size()) {
      return make_error(Errc::InvalidInput, "sentence outside the token list",
                        doc.origin.empty() ? doc.id : doc.origin);
    }
  }
  for (uint32_t i = 0; i < ns; ++i) {
    // An event needs two actors: a sentence with fewer actor mentions at two places is not
    // parsed (its actions are not reported either), nor one without a word that may head a
    // pattern. Parsing is most of the cost of coding.
    if (seg.sentences[i].token_count == 0 || men[i].empty()) continue;
    bool two = false;
    for (const ActorMention* m : men[i]) two |= m->span.begin != men[i].front()->span.begin;
    if (!two) continue;
    if (!code::may_code(*impl_, doc, seg, i)) continue;
    code::code_sentence(*impl_, doc, seg, i, men[i], tms[i], out.actions, out.events,
                        impl_->options.keep_trees ? &out.trees : nullptr);
  }
  std::stable_sort(out.events.begin(), out.events.end(), [](const Event& a, const Event& b) {
    if (a.sentence != b.sentence) return a.sentence < b.sentence;
    if (a.span.begin != b.span.begin) return a.span.begin < b.span.begin;
    return a.code < b.code;
  });
  uint32_t cur = UINT32_MAX, k = 0;
  for (auto& e : out.events) {
    if (e.sentence != cur) {
      cur = e.sentence;
      k = 0;
    }
    e.id = doc.id + ":" + std::to_string(e.sentence) + ":" + std::to_string(k++);
  }
  return out;
}

}  // namespace entente
