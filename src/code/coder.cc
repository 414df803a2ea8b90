// The event coder: a light clause analysis (word classes from data/grammar, verb groups,
// passives, negation, modality, reported speech, relative clauses, coordination) over the
// actor mentions and time expressions of a story, and action patterns (data/lexicons/actions)
// indexed by head lemma, so that coding a sentence costs a few hash look-ups per word.
#include <algorithm>
#include <map>
#include <numeric>
#include <set>
#include <unordered_map>

#include "code/grammar.h"
#include "code/patterns.h"
#include "entente/code.h"
#include "lexicon/data.h"

namespace entente {

using code::Elem;
using code::Grammar;
using code::Pattern;
using code::Pos;

namespace {
// What the coder needs to know about one lower-case form, computed once per vocabulary word
// so that a token costs one hash look-up. A form outside the table has the default facts.
struct WordInfo {
  uint32_t fcls = 0;             // form classes of the form
  uint32_t lcls = 0;             // lemma classes of the form itself
  bool irregular_past = false;   // "met", "taken"
  std::string_view lemma;        // lemma of the form (a key of the table); empty: the form
  const WordInfo* lemma_info = nullptr;               // facts of `lemma`; null: the form's
  const std::vector<uint32_t>* heads = nullptr;       // patterns with this form as head
  const Pattern* obligation = nullptr;                // "must" -> demand
};
constexpr WordInfo kUnknownWord{};

// The coder's compiled tables (EventCoder::Impl is private to the class; helpers use this).
struct CoderTables {
  Ontology ontology;
  Grammar grammar;
  std::vector<Pattern> patterns;
  code::TextMap<std::vector<uint32_t>> by_head;
  CodeOptions options;
  code::TextMap<Pattern> obligations;  // "must" -> demand
  code::TextMap<WordInfo> words;       // filled last: points into by_head and obligations

  const WordInfo& word(std::string_view lower) const {
    auto it = words.find(lower);
    return it == words.end() ? kUnknownWord : it->second;
  }
};

// Precomputes WordInfo for every word the grammar, the pattern heads and the obligation
// words know. Called once the other tables are complete (it keeps pointers into them).
void build_word_table(CoderTables& t) {
  std::vector<std::string> vocab = t.grammar.vocabulary();
  for (const auto& [head, ids] : t.by_head) vocab.push_back(head);
  for (const auto& [word, p] : t.obligations) vocab.push_back(word);
  const size_t known = vocab.size();
  for (size_t i = 0; i < known; ++i) vocab.push_back(t.grammar.lemma(vocab[i]));
  for (auto& w : vocab) t.words.try_emplace(std::move(w));
  for (auto& [form, info] : t.words) {
    info.fcls = t.grammar.form_classes(form);
    info.lcls = t.grammar.lemma_classes(form);
    info.irregular_past = t.grammar.irregular_past(form);
    if (auto h = t.by_head.find(form); h != t.by_head.end()) info.heads = &h->second;
    if (auto o = t.obligations.find(form); o != t.obligations.end()) info.obligation = &o->second;
  }
  for (auto& [form, info] : t.words) {
    const std::string lemma = t.grammar.lemma(form);
    auto it = t.words.find(lemma);
    if (it == t.words.end()) continue;  // cannot happen: every lemma was added above
    info.lemma = it->first;
    info.lemma_info = &it->second;
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
  auto impl = std::make_unique<Impl>(Impl{
      CoderTables{std::move(onto.value()), std::move(grammar.value()), {}, {}, options, {}, {}}});
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
  for (const auto& [word, code] : impl->grammar.obligations()) {
    if (!impl->ontology.find(code)) {
      return make_error(Errc::InvalidData, "unknown CAMEO code " + quote_for_message(code) +
                                               " for " + quote_for_message(word),
                        "grammar#/obligation_codes");
    }
    Pattern p;
    p.head = word;
    p.code = code;
    p.id = "OBLIGATION." + word;
    for (auto& ch : p.id) ch = (ch >= 'a' && ch <= 'z') ? static_cast<char>(ch - 'a' + 'A') : ch;
    impl->obligations.emplace(word, std::move(p));
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

namespace {

using code::kAdverb;
using code::kAux;
using code::kBe;
using code::kComp;
using code::kCoord;
using code::kDet;
using code::kFuture;
using code::kHave;
using code::kIntentGov;
using code::kModal;
using code::kNeg;
using code::kNegSpeech;
using code::kNeutralGov;
using code::kPoss;
using code::kPrep;
using code::kPronAddressee;
using code::kPronoun;
using code::kPronSpeaker;
using code::kRejectGov;
using code::kRelative;
using code::kSpeech;
using code::kSubord;
using code::kThreatGov;

inline bool ends_with(std::string_view s, std::string_view suffix) { return s.ends_with(suffix); }

struct Tok {
  Span span;
  std::string_view lower;  // folded text (in SentenceCoder::folded_)
  std::string_view lemma;  // empty for punctuation
  const WordInfo* word = &kUnknownWord;  // facts about `lower`
  const std::vector<uint32_t>* heads_lemma = nullptr;  // patterns headed by the lemma
  uint32_t fcls = 0;  // form classes
  uint32_t lcls = 0;  // lemma classes
  int mention = -1;
  bool punct = false;
  bool hard_punct = false;  // ends a pattern gap: . ; : ! ? ( )
  bool quote = false;
  bool possessive = false;  // "China's"
  bool number = false;
  bool in_time = false;  // inside a time expression
};

struct Men {
  int first = 0;
  int end = 0;
  const ActorMention* am = nullptr;
  int group = -1;
  bool pronoun = false;
  uint32_t pron_cls = 0;
};

enum class ClauseKind : uint8_t { Main, Relative, Complement, Speech, Subordinate, Quote };

struct Clause {
  int start = 0;
  int parent = -1;
  ClauseKind kind = ClauseKind::Main;
  int speech_verb = -1;  // for Speech / Complement clauses after a speech verb
  int antecedent = -1;   // mention before "who"
  int quote_speaker = -1;
};

struct Act {
  int head = 0;
  int last = 0;
  const Pattern* pattern = nullptr;
  Pos reading = Pos::Verb;
  std::vector<int> used;
  std::string code;
  bool negated = false;
  Modality modality = Modality::None;
  bool suppressed = false;
  bool hypothetical = false;  // under "could", "may", "should": no event
  bool passive = false;
  bool infinitive = false;    // "to" + verb without an intent governor
  bool governed = false;      // "to" + verb after a governor ("plan to expel")
  int clause = 0;
  std::vector<int> sources;  // mention indices
  std::vector<int> targets;
};

// Codes one sentence; all token indices are relative to the sentence's first token.
class SentenceCoder {
 public:
  SentenceCoder(const CoderTables& impl, const Document& doc, const Segmentation& seg,
                uint32_t sentence, const std::vector<const ActorMention*>& mentions,
                const std::vector<const TimeExpr*>& times, int& prev_subject_hint)
      : impl_(impl), g_(impl.grammar), doc_(doc), seg_(seg), sentence_(sentence),
        times_(times), mentions_(mentions), prev_hint_(prev_subject_hint) {
    build_tokens();
  }

  // False when no word of the sentence heads a pattern or is an obligation word: then the
  // sentence yields no action and run() would do nothing.
  bool can_fire() const {
    for (const Tok& t : toks_) {
      if (t.heads_lemma || t.word->heads || t.word->obligation) return true;
    }
    return false;
  }

  // The clause analysis and the coding. Call once.
  void run(std::vector<ActionMention>& actions, std::vector<Event>& events);

 private:
  void build_tokens();
  void mark_times();
  void build_mentions(const std::vector<const ActorMention*>& mentions);
  void build_groups();
  void build_clauses();
  bool clause_follows(int j) const;
  bool is_speech_verb(int j) const;
  bool is_capitalized(int j) const {
    const Tok& t = toks_[static_cast<size_t>(j)];
    return !t.punct && t.span.size() > 0 && doc_.text[t.span.begin] >= 'A' &&
           doc_.text[t.span.begin] <= 'Z';
  }
  Pos reading(int j, bool has_verb, bool has_noun) const;
  bool match(const Pattern& p, int j, std::vector<int>& used, int& last) const;
  bool match_from(const Pattern& p, size_t e, int pos, std::vector<int>& used, int& last) const;
  bool in_pp(int m) const;
  bool denied_by_speech(int clause) const;
  bool denied_subject(int vg) const;
  static bool skip_places_for(const std::string& code);
  int speaker_of(int clause);
  int resolve(int m, int clause);
  int resolve_pronoun_token(int j, int clause);
  int find_subject(int pos, int clause, int exclude);
  int target_end(int last) const;
  int find_target(int from, int to, int clause, const std::vector<int>& sources,
                  bool skip_places, const std::vector<int>& used);
  bool same_actor(int a, int b) const;
  std::vector<int> group_of(int m) const;
  void analyse_verb(Act& a, const std::vector<Act>& acts, size_t index);
  void analyse_noun(Act& a, const std::vector<Act>& acts, size_t index);
  std::string date_for(const Act& a, std::optional<CivilDate>& begin,
                       std::optional<CivilDate>& end) const;
  ActorRef ref(int m) const;

  const CoderTables& impl_;
  const Grammar& g_;
  const Document& doc_;
  const Segmentation& seg_;
  uint32_t sentence_;
  const std::vector<const TimeExpr*>& times_;
  const std::vector<const ActorMention*>& mentions_;
  int& prev_hint_;
  uint32_t first_token_ = 0;
  std::string folded_;  // the folded text of every token; Tok::lower views into it
  std::vector<Tok> toks_;
  std::vector<Men> men_;
  std::vector<Clause> clauses_;
  std::vector<int> clause_of_;
  std::map<int, int> subject_memo_;  // speech verb token -> subject mention
  std::map<int, int> addressee_;     // speech verb token -> addressee mention
  std::set<std::string> seen_;  // event keys already emitted in this sentence
  int last_subject_ = -1;
  int last_target_ = -1;
};

void SentenceCoder::build_tokens() {
  const Sentence& s = seg_.sentences[sentence_];
  first_token_ = s.first_token;
  toks_.resize(s.token_count);
  // Folding never lengthens a token: the buffer is sized once and never reallocated.
  size_t room = 0;
  for (uint32_t i = 0; i < s.token_count; ++i) room += seg_.tokens[s.first_token + i].span.size();
  folded_.resize(room);
  size_t used = 0;
  for (uint32_t i = 0; i < s.token_count; ++i) {
    const Token& t = seg_.tokens[s.first_token + i];
    Tok& k = toks_[i];
    k.span = t.span;
    char* at = folded_.data() + used;
    k.lower = std::string_view(at, code::fold_to(span_text(doc_, t.span), at));
    used += k.lower.size();
    k.word = &impl_.word(k.lower);
    k.punct = t.kind == TokenKind::Punct || t.kind == TokenKind::Symbol;
    k.number = t.kind == TokenKind::Number;
    if (k.punct) {
      const std::string_view w = k.lower;
      k.hard_punct = w == "." || w == ";" || w == ":" || w == "!" || w == "?" || w == "(" ||
                     w == ")" || w == "[" || w == "]";
      k.quote = w == "\"" || w == "\xE2\x80\x9C" || w == "\xE2\x80\x9D" || w == "``" ||
                w == "''" || w == "\xC2\xAB" || w == "\xC2\xBB";
      continue;
    }
    std::string_view w = k.lower;
    if (ends_with(w, "'s") && w.size() > 2) {
      k.possessive = true;
      w.remove_suffix(2);
    } else if (w == "'s" || w == "'") {
      if (i > 0) toks_[i - 1].possessive = true;
    }
    const WordInfo& info = w.size() == k.lower.size() ? *k.word : impl_.word(w);
    k.fcls = info.fcls;
    if (ends_with(w, "n't") && w.size() > 3) {
      // "didn't", "won't", "can't": an auxiliary and a negation in one token.
      k.fcls |= impl_.word(w.substr(0, w.size() - 3)).fcls | kNeg | code::kDo;
    }
    // Names inside the sentence are neither heads nor pattern words: no lemma needed.
    const bool name = i > 0 && doc_.text[t.span.begin] >= 'A' && doc_.text[t.span.begin] <= 'Z';
    const WordInfo* lemma_info = &info;
    k.lemma = w;
    if (!name && !(k.fcls & (kDet | kPrep | kPronoun | kAux | kCoord)) && info.lemma_info) {
      lemma_info = info.lemma_info;
      k.lemma = info.lemma;
    }
    k.lcls = lemma_info->lcls;
    k.heads_lemma = lemma_info->heads;
    if (ends_with(w, "ly") && w.size() > 4 && !k.lcls) k.fcls |= kAdverb;
  }
}

void SentenceCoder::mark_times() {
  for (const TimeExpr* te : times_) {
    for (auto& t : toks_) {
      if (t.span.begin >= te->span.begin && t.span.end <= te->span.end) t.in_time = true;
    }
  }
}

void SentenceCoder::build_mentions(const std::vector<const ActorMention*>& mentions) {
  const int n = static_cast<int>(toks_.size());
  for (const ActorMention* am : mentions) {
    Men m;
    m.am = am;
    m.first = static_cast<int>(am->first_token) - static_cast<int>(first_token_);
    m.end = static_cast<int>(am->end_token) - static_cast<int>(first_token_);
    if (m.first < 0 || m.end > n || m.first >= m.end) continue;
    if (m.end - m.first == 1) {
      const uint32_t cls = toks_[static_cast<size_t>(m.first)].word->fcls;
      if (cls & kPronoun) {
        m.pronoun = true;
        m.pron_cls = cls;
      }
    }
    men_.push_back(m);
  }
  std::stable_sort(men_.begin(), men_.end(), [](const Men& a, const Men& b) {
    return a.first != b.first ? a.first < b.first : a.end > b.end;
  });
  for (size_t i = 0; i < men_.size(); ++i) {
    for (int t = men_[i].first; t < men_[i].end; ++t) {
      if (toks_[static_cast<size_t>(t)].mention < 0) {
        toks_[static_cast<size_t>(t)].mention = static_cast<int>(i);
      }
    }
    if (toks_[static_cast<size_t>(men_[i].end - 1)].possessive) {
      // keep: possessive mentions are noun-phrase sources ("China's treatment")
    }
  }
}

void SentenceCoder::build_groups() {
  std::vector<int> parent(men_.size());
  std::iota(parent.begin(), parent.end(), 0);
  auto find = [&](int x) {
    while (parent[static_cast<size_t>(x)] != x) x = parent[static_cast<size_t>(x)];
    return x;
  };
  auto unite = [&](int a, int b) { parent[static_cast<size_t>(find(a))] = find(b); };
  for (size_t i = 0; i < men_.size(); ++i) {
    for (size_t j = i + 1; j < men_.size(); ++j) {
      const Men& a = men_[i];
      const Men& b = men_[j];
      if ((a.am->group >= 0 && a.am->group == b.am->group) ||
          (a.first == b.first && a.end == b.end)) {
        unite(static_cast<int>(i), static_cast<int>(j));
      }
    }
  }
  // "X and Y", "X, Y and Z", "both X and Y": separators only.
  std::vector<int> and_right(men_.size(), 0);
  for (int pass = 0; pass < 2; ++pass) {
    for (size_t i = men_.size(); i-- > 1;) {
      const Men& a = men_[i - 1];
      const Men& b = men_[i];
      if (b.first < a.end) continue;
      bool only_sep = true, has_and = false;
      for (int t = a.end; t < b.first; ++t) {
        const Tok& k = toks_[static_cast<size_t>(t)];
        if (k.lower == "and" || k.lower == "or" || k.lower == "&") {
          has_and = true;
        } else if (k.lower != "," && k.lower != "the" && k.lower != "both") {
          only_sep = false;
        }
      }
      if (!only_sep || b.first == a.end) continue;
      if (has_and || (pass == 1 && and_right[i])) {
        unite(static_cast<int>(i - 1), static_cast<int>(i));
        and_right[i - 1] = 1;
      }
    }
  }
  for (size_t i = 0; i < men_.size(); ++i) men_[i].group = find(static_cast<int>(i));
}

bool SentenceCoder::is_speech_verb(int j) const {
  const Tok& k = toks_[static_cast<size_t>(j)];
  if (!(k.lcls & kSpeech) || k.mention >= 0) return false;
  if (j > 0) {
    const Tok& p = toks_[static_cast<size_t>(j - 1)];
    if (p.fcls & (kDet | kPoss) || p.possessive) return false;  // "the statement"
  }
  return true;
}

bool SentenceCoder::clause_follows(int j) const {
  // "after a Serbian jet shot down ...", "as they continued": a subject, then a verb.
  const int n = static_cast<int>(toks_.size());
  if (j + 1 >= n) return false;
  const Tok& next = toks_[static_cast<size_t>(j + 1)];
  const bool subject_like = next.mention >= 0 || (next.fcls & (kPronoun | kDet)) ||
                            (!next.punct && !next.number && next.span.size() > 0 &&
                             doc_.text[next.span.begin] >= 'A' && doc_.text[next.span.begin] <= 'Z');
  if (!subject_like) return false;
  for (int k = j + 1; k < std::min(n, j + 9); ++k) {
    const Tok& t = toks_[static_cast<size_t>(k)];
    if (t.punct) return false;
    if ((t.fcls & kAux) && t.lower != "'s") return true;
    if (t.mention >= 0 || (toks_[static_cast<size_t>(k - 1)].fcls & kDet)) continue;
    if (t.lower.find('-') != std::string::npos) continue;
    if ((ends_with(t.lower, "ed") && t.lower != t.lemma) || t.word->irregular_past) return true;
  }
  return false;
}

void SentenceCoder::build_clauses() {
  const int n = static_cast<int>(toks_.size());
  clause_of_.assign(static_cast<size_t>(n), 0);
  clauses_.push_back(Clause{});
  int cur = 0;
  int pending_speech = -1;   // speech verb waiting for its complement
  int speech_skip_to = -1;   // addressee end
  auto open = [&](int start, int parent, ClauseKind kind) {
    Clause c;
    c.start = start;
    c.parent = parent;
    c.kind = kind;
    clauses_.push_back(c);
    cur = static_cast<int>(clauses_.size()) - 1;
  };
  bool in_quote = false;
  // Scare quotes around a few words ("in-depth exchanges") are no speech: they open no clause.
  std::vector<char> scare(static_cast<size_t>(n), 0);
  for (int j = 0; j < n; ++j) {
    if (!toks_[static_cast<size_t>(j)].quote) continue;
    int c = j + 1;
    bool verbish = false;
    while (c < n && !toks_[static_cast<size_t>(c)].quote) {
      verbish |= (toks_[static_cast<size_t>(c)].fcls & (kAux | kPronoun)) != 0;
      ++c;
    }
    if (c < n && c - j <= 7 && !verbish) {
      scare[static_cast<size_t>(j)] = scare[static_cast<size_t>(c)] = 1;
    }
    j = c;
  }
  for (int j = 0; j < n; ++j) {
    const Tok& k = toks_[static_cast<size_t>(j)];
    const Tok* prev = j > 0 ? &toks_[static_cast<size_t>(j - 1)] : nullptr;
    if (pending_speech >= 0 && j >= speech_skip_to) {
      if (!(k.fcls & kComp) && !k.hard_punct && !k.quote && k.lower != "to") {
        open(j, clause_of_[static_cast<size_t>(pending_speech)], ClauseKind::Speech);
        clauses_[static_cast<size_t>(cur)].speech_verb = pending_speech;
      }
      pending_speech = -1;
    }
    if (k.quote && scare[static_cast<size_t>(j)]) {
      // part of the clause around it
    } else if (k.quote) {
      in_quote = !in_quote;
      open(j, -1, in_quote ? ClauseKind::Quote : ClauseKind::Main);
    } else if (k.hard_punct && (k.lower == ";" || k.lower == ":")) {
      open(j, -1, ClauseKind::Main);
    } else if (k.fcls & kRelative) {
      open(j, cur, ClauseKind::Relative);
      int back = j - 1;
      if (back >= 0 && toks_[static_cast<size_t>(back)].lower == ",") --back;
      if (back >= 0) clauses_[static_cast<size_t>(cur)].antecedent = toks_[static_cast<size_t>(back)].mention;
    } else if ((k.fcls & kComp) && !(prev && (prev->fcls & (kPrep | kDet)))) {
      // "that" after a speech verb (maybe with a time or an addressee between) opens its clause.
      int sv = -1;
      for (int b = j - 1; b >= std::max(0, j - 5); --b) {
        if (is_speech_verb(b)) {
          sv = b;
          break;
        }
        if (toks_[static_cast<size_t>(b)].punct) break;
      }
      // "a resolution that aims to ...": after a noun (not after a verb) "that" is relative.
      const bool after_noun = sv < 0 && prev && !prev->punct && prev->lemma == prev->lower &&
                              !(prev->lcls & (kSpeech | code::kGovernor)) && !ends_with(prev->lower, "ed") &&
                              !prev->in_time && !(prev->fcls & (kAux | kAdverb));
      if (after_noun) {
        open(j, cur, ClauseKind::Relative);
        clauses_[static_cast<size_t>(cur)].antecedent = prev->mention;
      } else {
        open(j, cur, sv >= 0 ? ClauseKind::Speech : ClauseKind::Complement);
        clauses_[static_cast<size_t>(cur)].speech_verb = sv;
      }
    } else if ((k.fcls & kSubord) && clause_follows(j)) {
      open(j, cur, ClauseKind::Subordinate);
    } else if (k.lower == "but" || (k.fcls & code::kAccording)) {
      open(j, -1, ClauseKind::Main);
    } else if (k.lower == ",") {
      // ", a UN official said ...": an attribution closes the clause before it.
      for (int b = j + 1; b < std::min(n, j + 9); ++b) {
        const Tok& t = toks_[static_cast<size_t>(b)];
        if (t.punct) break;
        if (is_speech_verb(b)) {
          bool has_mention = false;
          for (int c = j + 1; c < b; ++c) has_mention |= toks_[static_cast<size_t>(c)].mention >= 0;
          if (has_mention || (b == j + 1)) open(j, -1, ClauseKind::Main);
          break;
        }
        if ((t.fcls & (kAux | kComp | kRelative)) || t.lemma.empty()) break;
      }
    }
    clause_of_[static_cast<size_t>(j)] = cur;
    if (is_speech_verb(j) && !in_quote) {
      pending_speech = j;
      speech_skip_to = j + 1;
      if (k.lcls & code::kAddresseeSpeech) {
        int t = j + 1;
        while (t < n && (toks_[static_cast<size_t>(t)].fcls & kDet)) ++t;
        if (t < n && toks_[static_cast<size_t>(t)].mention >= 0) {
          const int m = toks_[static_cast<size_t>(t)].mention;
          addressee_[j] = m;
          speech_skip_to = men_[static_cast<size_t>(m)].end;
        }
      }
      // "told Raimondo on Tuesday he was ...": the time belongs to the telling.
      int t = speech_skip_to;
      if (t < n && (toks_[static_cast<size_t>(t)].fcls & kPrep) && t + 1 < n &&
          toks_[static_cast<size_t>(t + 1)].in_time) {
        ++t;
      }
      if (t < n && toks_[static_cast<size_t>(t)].in_time) {
        while (t < n && toks_[static_cast<size_t>(t)].in_time) ++t;
        speech_skip_to = t;
      }
    } else if (is_speech_verb(j)) {
      // a speech verb inside a quote: its clause is still the quote
    }
  }
  // Speakers of quotes: the subject of a speech verb just after the closing quote.
  for (size_t c = 0; c < clauses_.size(); ++c) {
    if (clauses_[c].kind != ClauseKind::Quote) continue;
    int close = -1;
    for (int j = clauses_[c].start + 1; j < n; ++j) {
      if (toks_[static_cast<size_t>(j)].quote) {
        close = j;
        break;
      }
    }
    if (close < 0) continue;
    for (int j = close + 1; j < std::min(n, close + 8); ++j) {
      if (!is_speech_verb(j)) continue;
      int sp = -1;
      for (int b = j - 1; b > close; --b) {
        if (toks_[static_cast<size_t>(b)].mention >= 0) {
          sp = toks_[static_cast<size_t>(b)].mention;
          break;
        }
      }
      if (sp < 0 && j + 1 < n) sp = toks_[static_cast<size_t>(j + 1)].mention;  // "said Li"
      clauses_[c].quote_speaker = sp;
      break;
    }
  }
}

Pos SentenceCoder::reading(int j, bool has_verb, bool has_noun) const {
  const Tok& k = toks_[static_cast<size_t>(j)];
  const Tok* prev = j > 0 ? &toks_[static_cast<size_t>(j - 1)] : nullptr;
  const bool noun_ctx = prev && ((prev->fcls & (kDet | kPoss)) || prev->possessive ||
                                 prev->number || prev->lower == "'s");
  const bool past = (ends_with(k.lower, "ed") || k.word->irregular_past) && k.lower != k.lemma;
  const bool ing = ends_with(k.lower, "ing") && k.lower != k.lemma;
  bool verb_ctx = prev && ((prev->fcls & (kAux | kNeg | kAdverb | kPronoun | kRelative | kComp)) ||
                           prev->lower == "to" || prev->mention >= 0);
  if (ing && prev && (prev->fcls & kPrep) && has_noun) return Pos::Noun;  // "because of fighting"
  if (ing && j + 1 < static_cast<int>(toks_.size()) && toks_[static_cast<size_t>(j + 1)].lower == "of") {
    return has_noun ? Pos::Noun : Pos::Any;  // "the monitoring of weapons"
  }
  if (prev && prev->mention >= 0) {
    // "Palestinian riots", "Israeli air raid": a nationality adjective before a noun.
    const std::string_view w = prev->lower;
    const Men& pm = men_[static_cast<size_t>(prev->mention)];
    // The matcher says how a mention was read; "Palestinian" is an adjective, "Iran" a name.
    const bool adjectival = pm.am->how == MentionHow::Adjective ||
                            (pm.am->how == MentionHow::Unspecified && code::fold(pm.am->actor.name) !=
                                                       code::fold(span_text(doc_, pm.am->span)));
    if ((adjectival && (ends_with(w, "an") || ends_with(w, "ese") || ends_with(w, "ish") ||
                        ends_with(w, "ch") || (ends_with(w, "i") && w.size() > 4))) ||
        w.find('-') != std::string::npos) {
      if (!past) verb_ctx = false;
    }
  }
  if (has_verb && !has_noun) {
    if (noun_ctx) return Pos::Any;  // "his alleged part", "the planned deployment"
    if (prev && (prev->fcls & kPrep) && prev->lower != "to" && !ing) return Pos::Any;  // "by forces"
    if (prev && prev->mention >= 0 && !verb_ctx && !past) return Pos::Any;  // "Vietnamese-led forces"
    if (prev && prev->mention >= 0 && !past && !ing && ends_with(k.lower, "s")) {
      // "government forces in the area" is a noun; "Iran forces Iraq to ..." has an object.
      const Tok* next = j + 1 < static_cast<int>(toks_.size()) ? &toks_[static_cast<size_t>(j + 1)] : nullptr;
      if (!next || next->punct || (next->fcls & (kPrep | kCoord | kAux | kComp | kRelative))) {
        return Pos::Any;
      }
    }
    // A bare or -s form after a plain word is a noun ("peace-keeping force", "other disputes").
    const bool plain_prev = prev && !prev->punct && prev->mention < 0 && !verb_ctx &&
                            !(prev->fcls & (kCoord | kPrep | kSubord));
    if (plain_prev && !past && !ing) return Pos::Any;
    return Pos::Verb;
  }
  if (has_noun && !has_verb) return Pos::Noun;
  if (noun_ctx) return Pos::Noun;
  if (past) return Pos::Verb;
  if (verb_ctx) return Pos::Verb;
  if (ing) return Pos::Verb;
  return Pos::Noun;
}

bool SentenceCoder::match_from(const Pattern& p, size_t e, int pos, std::vector<int>& used,
                               int& last) const {
  if (e == p.elems.size()) return true;
  const int n = static_cast<int>(toks_.size());
  const Elem& el = p.elems[e];
  auto literal_at = [&](const Elem& lit, int t) {
    if (t >= n) return false;
    const Tok& k = toks_[static_cast<size_t>(t)];
    for (const auto& a : lit.alts) {
      if (k.lower == a || k.lemma == a) return true;
      // A plural that is itself a known word ("talks") still matches "talk".
      if (k.lower.size() > a.size() && k.lower.compare(0, a.size(), a) == 0) {
        const std::string_view rest = std::string_view(k.lower).substr(a.size());
        if (rest == "s" || rest == "es") return true;
      }
    }
    return false;
  };
  if (el.gap) {
    const Elem& next = p.elems[e + 1];
    for (int t = pos; t < n && t <= pos + code::kMaxGap; ++t) {
      if (toks_[static_cast<size_t>(t)].hard_punct) return false;
      if (literal_at(next, t)) {
        used.push_back(t);
        last = t;
        if (match_from(p, e + 2, t + 1, used, last)) return true;
        used.pop_back();
      }
    }
    return false;
  }
  // A literal right after: adverbs may come between ("called again for").
  for (int t = pos; t < n && t <= pos + 2; ++t) {
    if (literal_at(el, t)) {
      used.push_back(t);
      last = t;
      if (match_from(p, e + 1, t + 1, used, last)) return true;
      used.pop_back();
    }
    if (!(toks_[static_cast<size_t>(t)].fcls & kAdverb)) break;
  }
  return false;
}

bool SentenceCoder::match(const Pattern& p, int j, std::vector<int>& used, int& last) const {
  used.clear();
  last = j;
  return match_from(p, 0, j + 1, used, last);
}

bool SentenceCoder::in_pp(int m) const {
  const Men& mm = men_[static_cast<size_t>(m)];
  for (int k = mm.first - 1, steps = 0; k >= 0 && steps < 4; --k, ++steps) {
    const Tok& t = toks_[static_cast<size_t>(k)];
    if (t.fcls & kPrep) return true;
    if (t.punct || (t.fcls & (kAux | kComp | kRelative | kCoord)) || t.mention >= 0) return false;
  }
  return false;
}

int SentenceCoder::speaker_of(int clause) {
  for (int c = clause; c >= 0; c = clauses_[static_cast<size_t>(c)].parent) {
    const Clause& cl = clauses_[static_cast<size_t>(c)];
    if (cl.kind == ClauseKind::Quote) return cl.quote_speaker;
    if ((cl.kind == ClauseKind::Speech) && cl.speech_verb >= 0) {
      auto it = subject_memo_.find(cl.speech_verb);
      if (it != subject_memo_.end()) return it->second;
      subject_memo_[cl.speech_verb] = -1;  // guards against cycles
      const int s = find_subject(cl.speech_verb, clause_of_[static_cast<size_t>(cl.speech_verb)], -1);
      subject_memo_[cl.speech_verb] = s;
      return s;
    }
  }
  return -1;
}

int SentenceCoder::resolve(int m, int clause) {
  if (m < 0) return m;
  const Men& mm = men_[static_cast<size_t>(m)];
  if (!mm.pronoun) return m;
  // A pronoun subject of reported speech is its speaker ("Li said he hopes ...").
  if (mm.pron_cls & kPronAddressee) return m;
  const int sp = speaker_of(clause);
  return sp >= 0 ? sp : m;
}

int SentenceCoder::resolve_pronoun_token(int j, int clause) {
  const Tok& t = toks_[static_cast<size_t>(j)];
  if (t.fcls & kPronAddressee) return -1;
  const int sp = speaker_of(clause);
  if (sp >= 0) return sp;
  if (last_subject_ >= 0) return last_subject_;
  return -1;
}

int SentenceCoder::find_subject(int pos, int clause, int exclude) {
  const Clause& cl = clauses_[static_cast<size_t>(clause)];
  const int start = cl.start;
  int addressee = -1;
  if (cl.speech_verb >= 0) {
    if (auto it = addressee_.find(cl.speech_verb); it != addressee_.end()) addressee = it->second;
  }
  auto usable = [&](int m) { return m >= 0 && m != exclude && m != addressee; };
  // 1. A mention right before the verb group ("Hezbollah guerrillas killed").
  int plain = 0;
  for (int k = pos - 1; k >= start; --k) {
    const Tok& t = toks_[static_cast<size_t>(k)];
    if (t.mention >= 0) {
      if (usable(t.mention) && !in_pp(t.mention)) return resolve(t.mention, clause);
      break;
    }
    if ((t.fcls & code::kPronoun) && !(t.fcls & kPoss) && plain == 0) {
      const int r = resolve_pronoun_token(k, clause);
      if (r >= 0) return r;
      break;
    }
    if (t.punct || (t.fcls & (kPrep | kDet | kAux | kComp | kRelative | kCoord)) || ++plain > 3) {
      break;
    }
  }
  // 2. The leftmost mention of the clause outside a prepositional phrase, then inside one.
  for (int pass = 0; pass < 2; ++pass) {
    for (size_t m = 0; m < men_.size(); ++m) {
      const Men& mm = men_[m];
      if (mm.first < start || mm.end > pos || !usable(static_cast<int>(m))) continue;
      if (pass == 0 && in_pp(static_cast<int>(m))) continue;
      if (toks_[static_cast<size_t>(mm.first)].mention != static_cast<int>(m)) continue;
      return resolve(static_cast<int>(m), clause);
    }
    if (pass == 0) {
      for (int k = start; k < pos; ++k) {
        const Tok& t = toks_[static_cast<size_t>(k)];
        if (t.mention < 0 && (t.fcls & code::kPronoun) && !(t.fcls & kPoss) &&
            !(k > start && (toks_[static_cast<size_t>(k - 1)].fcls & kPrep))) {
          const int r = resolve_pronoun_token(k, clause);
          if (r >= 0) return r;
        }
      }
    }
  }
  // 3. Clause fallbacks: the antecedent of "who", the speaker, the previous subject.
  if (cl.kind == ClauseKind::Relative && cl.antecedent >= 0) return cl.antecedent;
  if (cl.kind == ClauseKind::Quote && cl.quote_speaker >= 0) return cl.quote_speaker;
  if (cl.kind == ClauseKind::Speech) return speaker_of(clause);
  return -1;
}

int SentenceCoder::target_end(int last) const {
  const int n = static_cast<int>(toks_.size());
  const int c0 = clause_of_[static_cast<size_t>(last)];
  for (int k = last + 1; k < n; ++k) {
    const int c = clause_of_[static_cast<size_t>(k)];
    if (c != c0 && clauses_[static_cast<size_t>(c)].start == k) {
      // The verb's own complement ("demanded that the US ...") may hold the target.
      const ClauseKind kind = clauses_[static_cast<size_t>(c)].kind;
      const bool own = (kind == ClauseKind::Speech || kind == ClauseKind::Complement) && k <= last + 3;
      if (!own) return k;
    }
    if (toks_[static_cast<size_t>(k)].hard_punct && toks_[static_cast<size_t>(k)].lower != "(" &&
        toks_[static_cast<size_t>(k)].lower != ")") {
      return k;
    }
    if (k > last + 20) return k;
  }
  return n;
}

bool SentenceCoder::same_actor(int a, int b) const {
  if (a < 0 || b < 0) return false;
  if (a == b) return true;
  const Actor& x = men_[static_cast<size_t>(a)].am->actor;
  const Actor& y = men_[static_cast<size_t>(b)].am->actor;
  return x.code == y.code && x.name == y.name;
}

int SentenceCoder::find_target(int from, int to, int clause, const std::vector<int>& sources,
                               bool skip_places, const std::vector<int>& used) {
  for (int k = from; k < to; ++k) {
    const Tok& t = toks_[static_cast<size_t>(k)];
    if (t.mention < 0) continue;
    const Men& mm = men_[static_cast<size_t>(t.mention)];
    if (mm.first != k) continue;
    if (t.fcls & kPoss) continue;  // "withdraw its troops": the source's own, not a target
    if (skip_places) {
      // "met in Geneva", "the meeting at the Great Hall": a place, not a participant.
      int b = k - 1;
      // skip "the", "central", "southern" ... back to the preposition
      for (int steps = 0; b >= from && steps < 3; ++steps) {
        const Tok& u = toks_[static_cast<size_t>(b)];
        const bool lower_word = !u.punct && u.mention < 0 && u.span.size() > 0 &&
                                doc_.text[u.span.begin] >= 'a' && doc_.text[u.span.begin] <= 'z' &&
                                !(u.fcls & (kPrep | kAux | kCoord | kComp | kRelative)) && u.lcls == 0;
        if (!(u.fcls & kDet) && !lower_word) break;
        --b;
      }
      if (b >= from && std::find(used.begin(), used.end(), b) == used.end() &&
          (toks_[static_cast<size_t>(b)].lower == "in" || toks_[static_cast<size_t>(b)].lower == "at")) {
        continue;
      }
    }
    int m = t.mention;
    if (mm.pronoun) {
      if (mm.pron_cls & kPronAddressee) continue;
      m = resolve(m, clause_of_[static_cast<size_t>(k)]);
    }
    bool clash = false;
    for (int s : sources) clash |= same_actor(s, m) || (s >= 0 && men_[static_cast<size_t>(s)].group == mm.group);
    if (clash) continue;
    (void)clause;
    return m;
  }
  return -1;
}

std::vector<int> SentenceCoder::group_of(int m) const {
  std::vector<int> out;
  if (m < 0) return out;
  const int g = men_[static_cast<size_t>(m)].group;
  std::set<std::pair<std::string, std::string>> seen;
  for (size_t i = 0; i < men_.size(); ++i) {
    if (men_[i].group != g) continue;
    if (static_cast<int>(i) != m && men_[i].first == men_[static_cast<size_t>(m)].first &&
        men_[i].end == men_[static_cast<size_t>(m)].end && men_[i].am->actor.code == men_[static_cast<size_t>(m)].am->actor.code) {
      continue;
    }
    if (!seen.insert({men_[i].am->actor.code, men_[i].am->actor.name}).second) continue;
    out.push_back(static_cast<int>(i));
  }
  if (out.empty()) out.push_back(m);
  return out;
}

bool SentenceCoder::skip_places_for(const std::string& code) {
  // Meetings and protests happen in places: "met in Geneva", "protest in Germany". (Aid,
  // curfews and force are aimed at the place: "troops to a force in Liberia".)
  const std::string_view root = std::string_view(code).substr(0, 2);
  return root == "04" || root == "14";
}

bool SentenceCoder::denied_subject(int vg) const {
  // "neither side has ...", "no country will ...": the subject denies the verb.
  for (int k = vg - 1; k >= std::max(0, vg - 3); --k) {
    const Tok& t = toks_[static_cast<size_t>(k)];
    if ((t.fcls & kNeg) && (t.fcls & kDet)) return true;
    if (t.punct || t.mention >= 0 || (t.fcls & (kPrep | kComp | kRelative | kAux))) break;
  }
  return false;
}

bool SentenceCoder::denied_by_speech(int clause) const {
  // Negation inherited from a denied speech verb ("did not suggest the curbs would ...").
  for (int c = clause; c >= 0; c = clauses_[static_cast<size_t>(c)].parent) {
    const Clause& cl = clauses_[static_cast<size_t>(c)];
    if ((cl.kind == ClauseKind::Speech || cl.kind == ClauseKind::Complement) && cl.speech_verb >= 0) {
      const int sv = cl.speech_verb;
      if (toks_[static_cast<size_t>(sv)].lcls & kNegSpeech) return true;
      int vg = sv;
      while (vg > 0 && (toks_[static_cast<size_t>(vg - 1)].fcls & (kAux | kAdverb | kNeg))) --vg;
      if (denied_subject(vg)) return true;
      for (int k = sv - 1; k >= std::max(0, sv - 3); --k) {
        const Tok& t = toks_[static_cast<size_t>(k)];
        if (t.fcls & kNeg) return true;
        if (!(t.fcls & (kAux | kAdverb | kNeg))) break;
      }
    }
  }
  return false;
}

void SentenceCoder::analyse_verb(Act& a, const std::vector<Act>& acts, size_t index) {
  const int n = static_cast<int>(toks_.size());
  (void)n;
  // Verb group: walk left over auxiliaries, adverbs, negation and "to" + governor.
  bool negated = false, future = false, modal = false, passive = false;
  uint32_t gov = 0;
  int gov_token = -1;
  int vg = a.head;
  int last_aux = -1;
  for (int k = a.head - 1; k >= 0; --k) {
    const Tok& t = toks_[static_cast<size_t>(k)];
    if (t.quote) continue;
    if (t.mention >= 0 || t.punct) break;
    if (t.fcls & kNeg) {
      negated = true;
      if (t.fcls & kAux) {
        if (t.fcls & kFuture) future = true;
        if (last_aux < 0) last_aux = k;
      }
      vg = k;
      continue;
    }
    if (t.fcls & kAdverb) {
      vg = k;
      continue;
    }
    if (t.fcls & kAux) {
      if (t.fcls & kFuture) future = true;
      if (t.fcls & kModal) modal = true;
      if (last_aux < 0) last_aux = k;
      vg = k;
      continue;
    }
    if (t.lower == "going" && k + 1 < a.head && toks_[static_cast<size_t>(k + 1)].lower == "to") {
      future = true;
      vg = k;
      continue;
    }
    if (t.lower == "to" && gov == 0) {
      a.infinitive = true;
      // Find the governor: "agreed (in principle on Saturday) to provide".
      int g = -1;
      for (int b = k - 1; b >= std::max(0, k - 6); --b) {
        const Tok& u = toks_[static_cast<size_t>(b)];
        if (u.lcls & code::kGovernor) {
          g = b;
          break;
        }
        if (u.quote) continue;
        if (u.punct || u.mention >= 0 || (u.fcls & (kComp | kRelative))) break;
      }
      if (g < 0) {
        // A purpose infinitive ("sent troops to help"): the clause's subject. After a plain
        // noun it belongs to that noun ("Sweden's decision to send them back"): no event.
        if (k > 0) {
          const Tok& before = toks_[static_cast<size_t>(k - 1)];
          const bool capital = before.span.size() > 0 && doc_.text[before.span.begin] >= 'A' &&
                               doc_.text[before.span.begin] <= 'Z';
          if (!before.punct && before.mention < 0 && !before.number && (!capital || before.in_time) &&
              !(before.fcls & (kAdverb | kPronoun | kAux)) && before.lemma == before.lower &&
              !ends_with(before.lower, "ed")) {
            a.suppressed = true;
            a.infinitive = true;
            return;
          }
        }
        vg = k;
        break;
      }
      gov = toks_[static_cast<size_t>(g)].lcls & code::kGovernor;
      a.infinitive = false;
      a.governed = true;
      gov_token = g;
      vg = k;
      k = g;  // continue the walk left of the governor
      vg = g;
      continue;
    }
    break;
  }
  if (last_aux >= 0 && (toks_[static_cast<size_t>(last_aux)].fcls & kBe)) {
    const Tok& h = toks_[static_cast<size_t>(a.head)];
    const bool participle = (ends_with(h.lower, "ed") || h.word->irregular_past ||
                             ends_with(h.lower, "en")) && h.lower != h.lemma;
    if (participle) passive = true;
    if (passive && ((h.lcls | h.word->fcls) & code::kAdjParticiple)) {
      passive = false;  // "Israel is opposed to ...": an adjective, the subject acts
    }
  }
  bool reduced = false;
  if (!passive && vg > 1 && (toks_[static_cast<size_t>(vg - 1)].lower == "or" ||
                             toks_[static_cast<size_t>(vg - 1)].lower == "and")) {
    for (const Act& b : acts) {
      if (b.head == vg - 2 && b.passive) passive = true;  // "were killed or wounded"
    }
  }
  if (!passive && last_aux < 0 && gov == 0) {
    // "equipment seized last year", "West Africans ordered out": a participle after a noun
    // in a clause that already has its verb is a reduced relative, hence passive.
    const Tok& h = toks_[static_cast<size_t>(a.head)];
    const bool participle = (ends_with(h.lower, "ed") || h.word->irregular_past) && h.lower != h.lemma;
    const Tok* before = a.head > 0 ? &toks_[static_cast<size_t>(a.head - 1)] : nullptr;
    if (participle && before && !before->punct && !(before->fcls & (kPronoun | kAdverb | kCoord))) {
      const int start = clauses_[static_cast<size_t>(a.clause)].start;
      bool verb_before = false;
      for (int k = start; k < a.head - 1 && !verb_before; ++k) {
        const Tok& t = toks_[static_cast<size_t>(k)];
        verb_before = ((t.fcls & kAux) && t.lower != "'s") || (t.lcls & kSpeech);
      }
      for (const Act& b : acts) {
        verb_before |= b.head < a.head && b.clause == a.clause && b.reading != Pos::Noun;
      }
      if (verb_before) {
        passive = true;
        reduced = true;
      }
    }
  }
  if (!passive && a.last == a.head && a.head + 1 < static_cast<int>(toks_.size()) &&
      toks_[static_cast<size_t>(a.head + 1)].lower == "by" && ends_with(toks_[static_cast<size_t>(a.head)].lower, "ed")) {
    passive = true;  // "a camp attacked by militiamen"
    reduced = true;
  }
  if (denied_by_speech(a.clause) || denied_subject(vg)) negated = true;
  // Code by governor and modality.
  const std::string base = a.pattern->code;
  const std::string root = base.substr(0, 2);
  const bool cooperative = root <= "09";
  std::string code = base;
  bool absorbed = false;
  Modality modality = Modality::None;
  const bool rejecting = (gov & kRejectGov) || (negated && (future || (gov & kIntentGov)));
  if (rejecting) {
    if (cooperative && !(gov & kThreatGov)) {
      std::string r = a.pattern->negated_code.empty() ? g_.reject_code(base) : a.pattern->negated_code;
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
    std::string t = g_.threat_code(base);
    if (!t.empty()) {
      code = t;
      absorbed = true;
      modality = Modality::Threat;
    }
  } else if ((gov & kIntentGov) || future) {
    std::string m = root >= "14" ? g_.threat_code(base) : g_.intent_code(base);
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
    // The head itself may say it: "promised", "threatened", "refused".
    const uint32_t hc = toks_[static_cast<size_t>(a.head)].lcls;
    if (hc & kRejectGov) modality = Modality::Refusal;
    else if (hc & kThreatGov) modality = Modality::Threat;
    else if (hc & kIntentGov) modality = Modality::Intent;
  }
  if (modality == Modality::None) {
    for (int c = a.clause; c >= 0; c = clauses_[static_cast<size_t>(c)].parent) {
      const auto kind = clauses_[static_cast<size_t>(c)].kind;
      if (kind == ClauseKind::Speech || kind == ClauseKind::Quote) {
        modality = Modality::Speech;
        break;
      }
    }
  }
  a.code = code;
  a.negated = negated;
  a.modality = modality;
  if (absorbed && gov_token >= 0) {
    // The governor ("agreed to", "threatened to") is read into this action's code.
    a.used.push_back(-1 - gov_token);  // marker handled by the caller
  }
  // Actors. An -ing participle right after a noun has that noun as subject ("inspectors probing").
  const Tok& head_tok = toks_[static_cast<size_t>(a.head)];
  int subj = -2;
  if (vg == a.head && ends_with(head_tok.lower, "ing") && head_tok.lower != head_tok.lemma &&
      a.head > 0) {
    const Tok& before = toks_[static_cast<size_t>(a.head - 1)];
    if (!before.punct && !(before.fcls & (kAux | kPrep | kCoord | kAdverb | kPronoun))) {
      subj = before.mention >= 0 ? resolve(before.mention, a.clause) : -1;
      if (subj < 0) {
        a.suppressed = true;
        return;
      }
    }
  }
  // "kills 4 Iraqis and wounds 11": a coordinated verb keeps the subject of the verb before.
  bool coordinated = false;
  if (subj == -2 && vg > 0 && (toks_[static_cast<size_t>(vg - 1)].fcls & kCoord)) {
    for (size_t i = index; i-- > 0;) {
      if (acts[i].reading == Pos::Noun || acts[i].head >= a.head) continue;
      subj = acts[i].passive ? (acts[i].targets.empty() ? -1 : acts[i].targets.front())
                             : (acts[i].sources.empty() ? -1 : acts[i].sources.front());
      coordinated = true;
      break;
    }
  }
  if (subj == -2) subj = find_subject(vg, clause_of_[static_cast<size_t>(vg)], -1);
  int src = subj, tgt = -1;
  const int end = target_end(a.last);
  if (passive) {
    tgt = subj;
    if (reduced) {
      // The noun the participle follows, when it is an actor.
      tgt = a.head > 0 ? toks_[static_cast<size_t>(a.head - 1)].mention : -1;
    }
    src = -1;
    for (int k = a.last + 1; k < end; ++k) {
      if (toks_[static_cast<size_t>(k)].lower != "by") continue;
      for (int b = k + 1; b < std::min(end, k + 6); ++b) {
        if (toks_[static_cast<size_t>(b)].mention >= 0) {
          src = resolve(toks_[static_cast<size_t>(b)].mention, a.clause);
          break;
        }
      }
      break;
    }
  } else {
    const bool relative = clauses_[static_cast<size_t>(clause_of_[static_cast<size_t>(vg)])].kind ==
                          ClauseKind::Relative;
    if (src < 0 && !relative && !coordinated) src = last_subject_;
    std::vector<int> srcs = group_of(src);
    if (src < 0) srcs.clear();
    tgt = find_target(a.head + 1, end, a.clause, srcs, skip_places_for(a.pattern->code), a.used);
    // Coordinated verbs share the object too ("criticized X but called for talks").
    if (tgt < 0 && src >= 0 && src == last_subject_ && !a.pattern->intransitive) tgt = last_target_;
  }
  a.passive = passive;
  if (src >= 0) a.sources = group_of(src);
  if (tgt >= 0) a.targets = group_of(tgt);
  if (!passive && src >= 0) {
    last_subject_ = src;
    last_target_ = tgt;
  }
}

void SentenceCoder::analyse_noun(Act& a, const std::vector<Act>& acts, size_t index) {
  // Noun phrase source: "Raimondo's visit", "Israeli air raid", "the Chinese delegation's talks".
  int src = -1;
  int np_start = a.head;
  for (int k = a.head - 1, steps = 0; k >= 0 && steps < 4; --k, ++steps) {
    const Tok& t = toks_[static_cast<size_t>(k)];
    if (t.mention >= 0) {
      src = resolve(t.mention, a.clause);
      np_start = men_[static_cast<size_t>(t.mention)].first;
      break;
    }
    if (t.lower == "'s" || t.lower == "'") continue;
    if (t.fcls & (kDet | kPoss)) {
      np_start = k;
      if (t.fcls & kPoss) {
        np_start = k;
      }
      break;
    }
    if (t.punct || (t.fcls & (kPrep | kAux | kComp | kRelative | kCoord | kNeg))) break;
    np_start = k;
  }
  if (src < 0) {
    // A noun without its own source beside a verb action of the same clause is that action's
    // object or subject ("imposed a curfew", "the sanctions would be lifted").
    for (size_t i = 0; i < acts.size(); ++i) {
      if (i != index && acts[i].reading != Pos::Noun && acts[i].clause == a.clause) {
        a.suppressed = true;
        return;
      }
    }
    // "suspends operations following the fatal shooting of ...": another event, another agent.
    if (np_start > 0 && (toks_[static_cast<size_t>(np_start - 1)].fcls & code::kEventPrep)) {
      a.suppressed = true;
      return;
    }
    src = find_subject(np_start, a.clause, -1);
    if (src < 0) src = last_subject_;
  }
  a.code = a.pattern->code;
  a.negated = denied_by_speech(a.clause);
  std::vector<int> srcs = group_of(src);
  if (src < 0) srcs.clear();
  const int end = std::min(target_end(a.last), a.last + 13);
  const int tgt = find_target(a.head + 1, end, a.clause, srcs, skip_places_for(a.pattern->code), a.used);
  if (src >= 0) a.sources = srcs;
  if (tgt >= 0) a.targets = group_of(tgt);
  for (int c = a.clause; c >= 0; c = clauses_[static_cast<size_t>(c)].parent) {
    const auto kind = clauses_[static_cast<size_t>(c)].kind;
    if (kind == ClauseKind::Speech || kind == ClauseKind::Quote) {
      a.modality = Modality::Speech;
      break;
    }
  }
}

std::string SentenceCoder::date_for(const Act& a, std::optional<CivilDate>& begin,
                                    std::optional<CivilDate>& end) const {
  const int n = static_cast<int>(toks_.size());
  auto token_of = [&](const TimeExpr* te) {
    for (int k = 0; k < n; ++k) {
      if (toks_[static_cast<size_t>(k)].span.end > te->span.begin) return k;
    }
    return n - 1;
  };
  for (int c = a.clause; c >= 0; c = clauses_[static_cast<size_t>(c)].parent) {
    const TimeExpr* best = nullptr;
    int best_dist = 1 << 30;
    for (const TimeExpr* te : times_) {
      // A length ("for 25 years") or a year naming a thing ("the 2016 Olympics") dates no
      // event.
      if (te->value.empty() || !te->date_begin || te->type == TimexType::Duration ||
          te->modifies_noun) {
        continue;
      }
      const int k = token_of(te);
      if (clause_of_[static_cast<size_t>(k)] != c) continue;
      // After a determiner or possessive the date modifies a noun, not the clause: "for the
      // 1979 killing", "its 1967 borders" say nothing of when the action happened.
      if (k > 0 && (toks_[static_cast<size_t>(k - 1)].fcls & (kDet | kPoss)) != 0 &&
          toks_[static_cast<size_t>(k - 1)].span.end <= te->span.begin) {
        continue;
      }
      const int d = std::abs(k - a.head);
      if (d < best_dist) {
        best_dist = d;
        best = te;
      }
    }
    if (best) {
      begin = best->date_begin;
      end = best->date_end;
      return best->value;
    }
  }
  if (doc_.dct) {
    begin = doc_.dct;
    end = doc_.dct;
    return doc_.dct->iso();
  }
  return {};
}

ActorRef SentenceCoder::ref(int m) const {
  const ActorMention& am = *men_[static_cast<size_t>(m)].am;
  ActorRef r;
  r.code = am.actor.code;
  r.country = am.actor.country;
  r.sector = am.actor.sector;
  r.name = am.actor.name;
  r.text = std::string(span_text(doc_, am.span));
  return r;
}

void SentenceCoder::run(std::vector<ActionMention>& actions, std::vector<Event>& events) {
  mark_times();
  build_mentions(mentions_);
  build_groups();
  build_clauses();
  const int n = static_cast<int>(toks_.size());
  std::vector<Act> acts;
  std::vector<char> used(static_cast<size_t>(n), 0);
  std::vector<int> scratch;
  std::vector<uint32_t> cands;
  for (int j = 0; j < n; ++j) {
    const Tok& t = toks_[static_cast<size_t>(j)];
    if (t.punct || t.mention >= 0 || used[static_cast<size_t>(j)] || t.in_time) continue;
    if (j > 0 && !seg_.sentences[sentence_].is_headline && is_capitalized(j) &&
        ((is_capitalized(j - 1) && !toks_[static_cast<size_t>(j - 1)].punct) ||
         (j + 1 < n && is_capitalized(j + 1)))) {
      continue;  // part of a name ("Securities and Exchange Commission", "11 March")
    }
    cands.clear();
    for (const std::vector<uint32_t>* heads : {t.heads_lemma, t.word->heads}) {
      if (heads) cands.insert(cands.end(), heads->begin(), heads->end());
      if (t.lemma == t.lower) break;
    }
    if (cands.empty()) continue;
    std::sort(cands.begin(), cands.end());
    cands.erase(std::unique(cands.begin(), cands.end()), cands.end());
    bool has_verb = false, has_noun = false;
    const bool ing_form = ends_with(t.lower, "ing") && t.lower != t.lemma;
    cands.erase(std::remove_if(cands.begin(), cands.end(),
                               [&](uint32_t c) {
                                 // "visiting" is no "visit" noun; "bombing" is its own head.
                                 const Pattern& p = impl_.patterns[c];
                                 return ing_form && p.pos == Pos::Noun && p.head != t.lower;
                               }),
                cands.end());
    for (uint32_t c : cands) {
      const Pos p = impl_.patterns[c].pos;
      has_verb |= p != Pos::Noun;
      has_noun |= p != Pos::Verb;
    }
    if (cands.empty()) continue;
    const Pos r = reading(j, has_verb, has_noun);
    if (r == Pos::Any) continue;  // a verb-only word used as a noun ("the sanctioned")
    const Pattern* best = nullptr;
    std::vector<int> best_used;
    int best_last = j;
    for (uint32_t c : cands) {
      const Pattern& p = impl_.patterns[c];
      if (p.pos != Pos::Any && p.pos != r) continue;
      if (best && p.literals < best->literals) continue;
      int last = j;
      if (match(p, j, scratch, last)) {
        // Equal specificity: the match reaching further wins ("welcomed the president's statement").
        if (best && p.literals == best->literals && last <= best_last) continue;
        best = &p;
        best_used = scratch;
        best_last = last;
      }
    }
    if (!best) continue;
    Act a;
    a.head = j;
    a.last = best_last;
    a.pattern = best;
    a.reading = r;
    a.used = best_used;
    a.clause = clause_of_[static_cast<size_t>(j)];
    for (int u : best_used) used[static_cast<size_t>(u)] = 1;
    acts.push_back(std::move(a));
  }
  for (size_t i = 0; i < acts.size(); ++i) {
    Act& a = acts[i];
    if (a.reading == Pos::Noun) {
      analyse_noun(a, acts, i);
    } else {
      analyse_verb(a, acts, i);
      // A governor read into this action is not an action of its own.
      for (int u : a.used) {
        if (u >= 0) continue;
        const int g = -1 - u;
        for (auto& b : acts) {
          if (b.head == g) b.suppressed = true;
        }
      }
      a.used.erase(std::remove_if(a.used.begin(), a.used.end(), [](int u) { return u < 0; }),
                   a.used.end());
    }
  }
  // The content of a demand, an appeal or a refusal is no event of its own ("demanded that the
  // US cancel ...", "urged X to withdraw", "rejected calls to adopt ...").
  for (size_t i = 0; i < acts.size(); ++i) {
    Act& a = acts[i];
    if (a.reading == Pos::Noun || a.suppressed) continue;
    for (size_t k = 0; k < i; ++k) {
      const Act& b = acts[k];
      if (b.suppressed || b.code.size() < 2) continue;
      const std::string root = b.code.substr(0, 2);
      if (root != "02" && root != "10" && root != "12") continue;
      bool below = a.clause == b.clause && (a.infinitive || a.governed) && b.head < a.head;
      for (int c = clauses_[static_cast<size_t>(a.clause)].parent; c >= 0 && !below;
           c = clauses_[static_cast<size_t>(c)].parent) {
        below = c == b.clause;
      }
      if (below) {
        a.suppressed = true;
        // and the verbs coordinated with it ("to protect them ... and prevent a war")
        for (size_t m = i + 1; m < acts.size(); ++m) {
          Act& c = acts[m];
          if (c.reading == Pos::Noun || c.clause != a.clause) continue;
          const int before = c.head - 1;
          if (before >= 0 && (toks_[static_cast<size_t>(before)].lower == "and" ||
                              toks_[static_cast<size_t>(before)].lower == "or")) {
            c.suppressed = true;
          }
        }
        break;
      }
    }
  }
  // A gerund after a preposition belongs to an earlier action's phrase ("rejected a proposal
  // for signing an agreement", "joining demonstrators in demanding"): no event of its own.
  for (size_t i = 0; i < acts.size(); ++i) {
    Act& a = acts[i];
    const Tok& h = toks_[static_cast<size_t>(a.head)];
    if (a.reading == Pos::Noun || a.suppressed || a.head == 0) continue;
    if (!(ends_with(h.lower, "ing") && h.lower != h.lemma)) continue;
    if (!(toks_[static_cast<size_t>(a.head - 1)].fcls & kPrep)) continue;
    // "After attacking the town, the rebels ...": a gerund opening the clause is an event.
    if (a.head - 1 == clauses_[static_cast<size_t>(a.clause)].start || a.head - 1 == 0) continue;
    a.suppressed = true;
  }
  for (size_t i = 0; i < acts.size(); ++i) {
    if (!acts[i].suppressed || !acts[i].infinitive) continue;
    for (size_t m = i + 1; m < acts.size(); ++m) {
      Act& c = acts[m];
      if (c.reading == Pos::Noun || c.clause != acts[i].clause) continue;
      const int before = c.head - 1;
      if (before >= 0 && (toks_[static_cast<size_t>(before)].lower == "and" ||
                          toks_[static_cast<size_t>(before)].lower == "or")) {
        c.suppressed = true;
      }
    }
  }
  // "X said (that) Y must ...": a demand by the speaker on Y.
  for (int j = 0; j < n; ++j) {
    const Pattern* obligation = toks_[static_cast<size_t>(j)].word->obligation;
    if (!obligation) continue;
    const int c = clause_of_[static_cast<size_t>(j)];
    const ClauseKind kind = clauses_[static_cast<size_t>(c)].kind;
    if (kind != ClauseKind::Speech && kind != ClauseKind::Quote) continue;
    const int speaker = speaker_of(c);
    const int subj = find_subject(j, c, -1);
    if (speaker < 0 || subj < 0 || same_actor(speaker, subj)) continue;
    Act a;
    a.head = j;
    a.last = j;
    a.pattern = obligation;
    a.code = obligation->code;
    a.clause = c;
    a.modality = Modality::Speech;
    a.negated = denied_by_speech(c);
    a.sources = group_of(speaker);
    a.targets = group_of(subj);
    acts.push_back(std::move(a));
  }
  if (!acts.empty() && !acts.front().sources.empty()) prev_hint_ = 0;
  const Sentence& s = seg_.sentences[sentence_];
  for (const Act& a : acts) {
    if (a.suppressed) continue;
    const Span span{toks_[static_cast<size_t>(a.head)].span.begin,
                    toks_[static_cast<size_t>(a.last)].span.end};
    actions.push_back(ActionMention{sentence_, span, a.code, a.pattern->id, a.negated, a.modality});
    if (a.negated && !impl_.options.keep_negated) continue;
    if (a.hypothetical) continue;
    std::vector<std::pair<int, int>> pairs;
    if (a.targets.empty()) {
      if (a.pattern->symmetric && a.sources.size() >= 2) {
        for (int x : a.sources) {
          for (int y : a.sources) {
            if (x != y && !same_actor(x, y)) pairs.emplace_back(x, y);
          }
        }
      }
    } else {
      for (int x : a.sources) {
        const std::string& cx = men_[static_cast<size_t>(x)].am->actor.country;
        // In a mixed group ("between the superpowers") the source's own country is not a target.
        bool mixed = false, same = false;
        for (int y : a.targets) {
          const std::string& cy = men_[static_cast<size_t>(y)].am->actor.country;
          (cy == cx ? same : mixed) = true;
        }
        for (int y : a.targets) {
          if (same_actor(x, y)) continue;
          if (same && mixed && a.targets.size() > 1 && !cx.empty() &&
              men_[static_cast<size_t>(y)].am->actor.country == cx) {
            continue;
          }
          pairs.emplace_back(x, y);
        }
      }
    }
    const CameoCode* cc = impl_.ontology.find(a.code);
    if (!cc) continue;
    for (auto [x, y] : pairs) {
      // One event per actor pair and root in a sentence ("killing or wounding 50").
      const auto key = men_[static_cast<size_t>(x)].am->actor.code + ">" +
                       men_[static_cast<size_t>(y)].am->actor.code + ":" + cc->code.substr(0, 2);
      if (!seen_.insert(key).second) continue;
      Event e;
      e.date = date_for(a, e.date_begin, e.date_end);
      e.source = ref(x);
      e.target = ref(y);
      e.code = cc->code;
      e.root = cc->code.substr(0, 2);
      const CameoCode* rc = impl_.ontology.find(e.root);
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
  int hint = -1;
  for (uint32_t i = 0; i < ns; ++i) {
    // An event needs two actors: a sentence without actor mentions is not analysed (its
    // actions are not reported either).
    if (seg.sentences[i].token_count == 0 || men[i].empty()) continue;
    SentenceCoder sc(*impl_, doc, seg, i, men[i], tms[i], hint);
    if (sc.can_fire()) sc.run(out.actions, out.events);
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
