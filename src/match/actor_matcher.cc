// Actor recognition in three steps per sentence:
//  1. units: tokens folded for lookup ("U.S." -> "us", "China's" -> "china" + possessive),
//     hyphenated words split unless the whole word is known ("U.S.-China" -> two units);
//  2. lexical items: greedy longest match over a token trie, with case rules per alias word
//     and checks that need context (given names, story words, short names, months);
//  3. composition: country or organisation + modifiers + role word (+ "to" country) (+ name),
//     title + name, bare "the government", pronouns, group phrases, then "X and Y" groups.
// Coreference state (people named so far, names learned from titles, earlier mentions) lives
// in a per-story local, never in the matcher.
#include <algorithm>
#include <cctype>
#include <climits>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "entente/match.h"
#include "match/actor_tables.h"

namespace entente {

using match::CaseRule;
using match::Entity;
using match::EntityType;
using match::kNone;
using match::Payload;
using match::PayloadKind;
using match::Tables;

struct ActorMatcher::Impl {
  Tables t;
  MatchOptions options;
};

ActorMatcher::ActorMatcher(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ActorMatcher::~ActorMatcher() = default;
ActorMatcher::ActorMatcher(ActorMatcher&&) noexcept = default;
ActorMatcher& ActorMatcher::operator=(ActorMatcher&&) noexcept = default;

Result<ActorMatcher> ActorMatcher::create(const Lexicon& lexicon, MatchOptions options) {
  auto tables = match::build_actor_tables(lexicon);
  if (!tables) return tables.error();
  auto impl = std::make_unique<Impl>();
  impl->t = std::move(tables.value());
  impl->options = options;
  return ActorMatcher(std::move(impl));
}

namespace {

bool sorted_has(const std::vector<std::string>& v, std::string_view w) {
  return std::binary_search(v.begin(), v.end(), w, std::less<>());
}

struct Unit {
  uint32_t token = 0;
  uint32_t begin = 0;
  uint32_t end = 0;
  uint32_t word = kNone;  // vocabulary id
  uint32_t base = kNone;  // vocabulary id without a possessive "'s" ("China's" -> "china")
  uint64_t hash = 0;      // hash of the folded word
  bool is_word = false;
  bool is_number = false;
  bool first_upper = false;
  bool all_upper = false;
  bool possessive = false;
  bool initial = false;      // first word of its sentence
  bool joined_next = false;  // the next unit is the rest of the same hyphenated token
};

// A lexical item: a unit range and what it can be.
struct Item {
  uint32_t b = 0;
  uint32_t e = 0;
  uint32_t node = kNone;
  uint64_t mask = 0;  // passing payloads of the node
  int learned = -1;   // index into Story::learned
  uint32_t entity = kNone;
  bool noun = false;
  bool adj = false;
  bool person = false;
  uint32_t role = kNone;
  bool role_plural = false;
  uint32_t pronoun = kNone;
  bool group_phrase = false;
  bool coordinator = false;
  bool block = false;
  bool used = false;
};

struct Learned {
  std::vector<uint64_t> hashes;
  Actor actor;
  std::string entry_id;
};

// Facts about an emitted mention that coreference needs.
struct Info {
  uint32_t ub = 0;
  uint32_t ue = 0;
  bool person = false;  // a single person (named or "a Chinese official")
  bool plural = false;  // several people or a joined group
  char gender = 0;
};

struct Story {
  std::vector<uint32_t> active_persons;  // persons named so far (few per story)
  bool active(uint32_t p) const {
    return std::find(active_persons.begin(), active_persons.end(), p) != active_persons.end();
  }
  void activate(uint32_t p) {
    if (!active(p)) active_persons.push_back(p);
  }
  std::vector<Learned> learned;
  match::FlatMap learned_by_first;  // first word's hash -> head of a chain in learned_next
  std::vector<uint32_t> learned_next;
  std::vector<ActorMention> out;
  std::vector<Info> info;
  int next_group = 0;
  // Countries named so far (not by coreference): code, times named, index of the last mention.
  std::vector<std::pair<std::string, std::pair<int, size_t>>> countries;
  std::vector<std::pair<uint32_t, int>> context_cache;  // entity -> verdict (1 ok, 0 reject)
};

class Run {
 public:
  Run(const Tables& t, const MatchOptions& o, const Document& doc, const Segmentation& seg)
      : t_(t), o_(o), doc_(doc), seg_(seg) {
    // One allocation each per story instead of regrowth per sentence.
    size_t longest = 0;
    for (const auto& sent : seg.sentences) longest = std::max<size_t>(longest, sent.token_count);
    units_.reserve(longest + 8);
    items_.reserve(std::min<size_t>(longest, 64) + 4);
    story_.out.reserve(8);
    story_.info.reserve(8);
    fold_.reserve(64);
    if (doc.dct && doc.dct->valid()) {
      dct_ = doc.dct->serial();
      has_dct_ = true;
    }
  }

  std::vector<ActorMention> run() {
    for (uint32_t s = 0; s < seg_.sentences.size(); ++s) sentence(s);
    return std::move(story_.out);
  }

 private:
  // ---- units -------------------------------------------------------------------------------
  // Folds the word (as match::fold_word does) while computing its case facts and the hash of
  // the folded text, with and without a final "'s" / "'", in one pass.
  void add_unit(uint32_t token, uint32_t b, uint32_t e, const Token& tok) {
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

  void build_units(const Sentence& s) {
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

  bool split_blocked(std::string_view text) {
    const size_t dash = text.find('-');
    match::fold_word(text.substr(0, dash), fold2_);
    const uint32_t id = t_.word_id(fold2_);
    return id != kNone && (t_.word_class[id] & match::kHyphenPrefix) != 0;
  }

  uint16_t cls(uint32_t u) const {
    if (u >= units_.size() || units_[u].word == kNone) return 0;
    return t_.word_class[units_[u].word];
  }

  std::string_view unit_text(uint32_t u) const {
    return std::string_view(doc_.text).substr(units_[u].begin, units_[u].end - units_[u].begin);
  }

  bool cap_word(uint32_t u) const {
    return u < units_.size() && units_[u].is_word && units_[u].first_upper;
  }

  // ---- lexical items -----------------------------------------------------------------------
  bool shape_ok(const Payload& p, uint32_t b) const {
    for (uint32_t k = 0; k < p.shape_count; ++k) {
      const Unit& u = units_[b + k];
      switch (t_.shapes[p.shape_begin + k]) {
        case CaseRule::Any:
          break;
        case CaseRule::Cap:
          if (!u.first_upper) return false;
          break;
        case CaseRule::Exact:
          if (!u.all_upper) return false;
          break;
      }
    }
    return true;
  }

  // Walks the trie from unit u (up to unit `limit`), calling visit(node, end) for each node
  // reached. A possessive word ("China's") is tried whole and, ending the walk, without "'s".
  template <class Visit>
  void walk(uint32_t u, uint32_t limit, Visit&& visit) const {
    uint32_t node = 0;
    for (uint32_t j = u; j < limit; ++j) {
      const Unit& w = units_[j];
      if (w.base != kNone) {
        const uint32_t nb = t_.edges.get(match::pair_key(node, w.base));
        if (nb != match::FlatMap::kMissing && !visit(nb, j + 1)) return;
      }
      if (w.word == kNone) return;
      const uint32_t next = t_.edges.get(match::pair_key(node, w.word));
      if (next == match::FlatMap::kMissing) return;
      node = next;
      if (!visit(node, j + 1)) return;
      if (w.joined_next) return;  // a name ends at a hyphen split
    }
  }

  // Does a non-person lexical item start at unit u? (used to tell names from known words)
  bool known_item_at(uint32_t u) const {
    bool found = false;
    walk(u, static_cast<uint32_t>(units_.size()), [&](uint32_t node, uint32_t) {
      const auto& n = t_.nodes[node];
      for (uint32_t k = 0; k < n.payload_count; ++k) {
        const Payload& p = t_.payloads[n.payload_begin + k];
        if (p.kind != PayloadKind::PersonName && p.kind != PayloadKind::PersonShort &&
            shape_ok(p, u)) {
          found = true;
          return false;
        }
      }
      return true;
    });
    return found;
  }

  bool is_name_stop(uint32_t u) const { return sorted_has(t_.name_stops, unit_text(u)); }

  // A capitalised word that is no known word: part of a person's name.
  bool unknown_cap(uint32_t u) const {
    return cap_word(u) && !units_[u].all_upper && !is_name_stop(u) && !known_item_at(u);
  }

  bool context_ok(uint32_t entity) {
    const Entity& e = t_.entities[entity];
    if (e.context_not.empty()) return true;
    for (const auto& [id, verdict] : story_.context_cache) {
      if (id == entity) return verdict != 0;
    }
    auto count = [&](const std::vector<std::string>& words) {
      int n = 0;
      for (const auto& w : words) {
        size_t pos = 0;
        while ((pos = doc_.text.find(w, pos)) != std::string::npos) {
          const bool left =
              pos == 0 || !std::isalnum(static_cast<unsigned char>(doc_.text[pos - 1]));
          const size_t end = pos + w.size();
          const bool right =
              end >= doc_.text.size() || !std::isalnum(static_cast<unsigned char>(doc_.text[end]));
          if (left && right) ++n;
          pos = end;
        }
      }
      return n;
    };
    const int verdict = count(e.context_not) > count(e.context_for) ? 0 : 1;
    story_.context_cache.emplace_back(entity, verdict);
    return verdict != 0;
  }

  bool payload_ok(const Payload& p, uint32_t b, uint32_t e) {
    if (!shape_ok(p, b)) return false;
    switch (p.kind) {
      case PayloadKind::EntityName:
      case PayloadKind::Adjective: {
        const Entity& ent = t_.entities[p.target];
        // "Sanaa International Airport", "Beijing Olympics": a capital inside a longer name.
        if (ent.metonym && !ent.given_name && e < units_.size() && unknown_cap(e) &&
            !units_[e - 1].possessive) {
          return false;
        }
        if (ent.given_name) {
          // "Michael Jordan", "Chad Smith", "Denzel Washington": part of a person's name.
          if (e < units_.size() && unknown_cap(e)) return false;
          if (b > 0 && !units_[b].initial && unknown_cap(b - 1) && !units_[b - 1].initial)
            return false;
        }
        return context_ok(p.target);
      }
      case PayloadKind::PersonShort: {
        if (!story_.active(p.target)) return false;
        return short_name_ok(b, e);
      }
      default:
        return true;
    }
  }

  // A short name ("He", "May", "Li") at the start of a sentence may be a pronoun or an
  // ordinary word; a month name after a preposition or before a number is a date.
  bool short_name_ok(uint32_t b, uint32_t e) const {
    if (units_[b].initial && (cls(b) & (match::kPronounWord | match::kGapStop)) != 0 &&
        !sorted_has(t_.month_words, unit_text(b)))
      return false;
    if (e - b == 1 && sorted_has(t_.month_words, unit_text(b))) {
      if (b > 0 && (cls(b - 1) & (match::kGapStop | match::kPlacePrep)) != 0) return false;
      if (e < units_.size() && units_[e].is_number) return false;
      // "May said ..." opens a sentence with the person; "May I ..." does not.
      if (units_[b].initial && !(e < units_.size() && units_[e].is_word && !units_[e].first_upper))
        return false;
    }
    return true;
  }

  void fill(Item& it) {
    const auto& n = t_.nodes[it.node];
    for (uint32_t k = 0; k < n.payload_count; ++k) {
      if (!(it.mask & (1ull << k))) continue;
      const Payload& p = t_.payloads[n.payload_begin + k];
      switch (p.kind) {
        case PayloadKind::EntityName:
          if (it.entity == kNone || it.entity == p.target) {
            it.entity = p.target;
            it.noun = true;
          }
          break;
        case PayloadKind::Adjective:
          if (it.entity == kNone || it.entity == p.target) {
            it.entity = p.target;
            it.adj = true;
          }
          break;
        case PayloadKind::PersonName:
        case PayloadKind::PersonShort:
          it.person = true;
          break;
        case PayloadKind::Role:
          if (it.role == kNone) {
            it.role = p.target;
            it.role_plural = p.plural;
          }
          break;
        case PayloadKind::Pronoun:
          if (it.pronoun == kNone) it.pronoun = p.target;
          break;
        case PayloadKind::GroupPhrase:
          it.group_phrase = true;
          break;
        case PayloadKind::Coordinator:
          it.coordinator = true;
          break;
        case PayloadKind::Block:
          it.block = true;
          break;
      }
    }
    // One reading per item, in this order of precedence.
    if (it.block) {
      it.entity = kNone;
      it.person = false;
    }
    if (it.entity != kNone) it.person = false;
    if (it.entity != kNone || it.person || it.block) {
      it.role = kNone;
      it.pronoun = kNone;
      it.group_phrase = it.coordinator = false;
    }
  }

  // Longest learned name starting at u (0 if none).
  uint32_t learned_at(uint32_t u, int& which) const {
    if (story_.learned.empty()) return 0;
    uint32_t best = 0;
    for (uint32_t i = story_.learned_by_first.get(units_[u].hash); i != match::FlatMap::kMissing;
         i = story_.learned_next[i]) {
      const auto& l = story_.learned[i];
      const auto len = static_cast<uint32_t>(l.hashes.size());
      if (len <= best || u + len > units_.size()) continue;
      bool ok = true;
      for (uint32_t k = 0; k < len && ok; ++k) {
        ok = units_[u + k].hash == l.hashes[k] && units_[u + k].first_upper;
      }
      if (ok && len == 1 && !short_name_ok(u, u + 1)) ok = false;
      if (ok) {
        best = len;
        which = static_cast<int>(i);
      }
    }
    return best;
  }

  // The best trie match at u: longest with a passing payload.
  Item item_at(uint32_t u) {
    Item best;
    walk(u, static_cast<uint32_t>(units_.size()), [&](uint32_t node, uint32_t end) {
      const auto& n = t_.nodes[node];
      uint64_t mask = 0;
      for (uint32_t k = 0; k < n.payload_count && k < 64; ++k) {
        if (payload_ok(t_.payloads[n.payload_begin + k], u, end)) mask |= 1ull << k;
      }
      if (mask && (best.node == kNone || end >= best.e)) {
        best = Item{};
        best.b = u;
        best.e = end;
        best.node = node;
        best.mask = mask;
      }
      return true;
    });
    if (best.node != kNone) fill(best);
    int which = -1;
    const uint32_t len = learned_at(u, which);
    if (len > 0 && (best.node == kNone || len > best.e - best.b ||
                    (len == best.e - best.b && !best.person && best.entity == kNone))) {
      best = Item{};
      best.b = u;
      best.e = u + len;
      best.learned = which;
    }
    return best;
  }

  // Whether any lexical item or learned name can begin at unit u (most words cannot).
  bool can_start(uint32_t u) const {
    const Unit& w = units_[u];
    return (w.word != kNone && t_.starts[w.word]) || (w.base != kNone && t_.starts[w.base]) ||
           (!story_.learned.empty() &&
            story_.learned_by_first.get(w.hash) != match::FlatMap::kMissing);
  }

  bool is_item(const Item& it) const {
    return it.learned >= 0 || it.entity != kNone || it.person || it.role != kNone ||
           it.pronoun != kNone || it.group_phrase || it.coordinator || it.block;
  }

  // ---- resolution helpers ----------------------------------------------------------------------
  Actor actor_of_code(std::string_view code, std::string_view name, std::string_view type) const {
    Actor a;
    a.code = std::string(code);
    if (code.size() >= 3 && t_.is_country(code.substr(0, 3))) {
      a.country = std::string(code.substr(0, 3));
      a.sector = std::string(code.substr(3));
    }
    a.name = std::string(name);
    a.type = std::string(type);
    return a;
  }

  Actor entity_actor(uint32_t e) const {
    const Entity& ent = t_.entities[e];
    Actor a;
    a.code = ent.code;
    a.country = ent.country;
    a.sector = ent.sector;
    a.name = ent.name;
    a.type = std::string(match::entity_type_name(ent.type));
    return a;
  }

  // The role a person holds on the story date (-1 if none); without a date, the latest.
  int role_on_date(const match::Person& p) const {
    if (!has_dct_) return static_cast<int>(p.roles.size()) - 1;
    int found = -1;
    for (size_t i = 0; i < p.roles.size(); ++i) {
      if (p.roles[i].from <= dct_ && dct_ <= p.roles[i].to) found = static_cast<int>(i);
    }
    return found;
  }

  // Picks one person among the item's candidates: named in the story, in office on the date,
  // belonging to `country` when given, first in the data otherwise.
  uint32_t pick_person(uint32_t node, uint64_t mask, std::string_view country) const {
    const auto& n = t_.nodes[node];
    uint32_t best = kNone;
    int best_score = -1;
    for (uint32_t k = 0; k < n.payload_count && k < 64; ++k) {
      if (!(mask & (1ull << k))) continue;
      const Payload& p = t_.payloads[n.payload_begin + k];
      if (p.kind != PayloadKind::PersonName && p.kind != PayloadKind::PersonShort) continue;
      const auto& person = t_.persons[p.target];
      int score = 0;
      if (story_.active(p.target)) score += 8;
      const int r = role_on_date(person);
      if (r >= 0) score += 4;
      if (!country.empty()) {
        for (const auto& role : person.roles) {
          if (role.country == country) {
            score += 2;
            break;
          }
        }
      }
      if (score > best_score) {
        best_score = score;
        best = p.target;
      }
    }
    return best;
  }

  Actor person_actor(uint32_t pi, bool& in_role) const {
    const auto& p = t_.persons[pi];
    const Entity& ent = t_.entities[p.entity];
    int r = role_on_date(p);
    in_role = r >= 0;
    Actor a;
    a.name = ent.name;
    a.type = "person";
    if (r >= 0) {
      a.code = p.roles[static_cast<size_t>(r)].code;
      a.country = p.roles[static_cast<size_t>(r)].country;
      a.sector = p.roles[static_cast<size_t>(r)].sector;
      return a;
    }
    // Out of office on the story date: the country (or organisation) of the nearest role.
    int64_t best = INT64_MAX;
    size_t bi = 0;
    for (size_t i = 0; i < p.roles.size(); ++i) {
      const int64_t d =
          dct_ < p.roles[i].from ? int64_t{p.roles[i].from} - dct_ : int64_t{dct_} - p.roles[i].to;
      if (d < best) {
        best = d;
        bi = i;
      }
    }
    const auto& role = p.roles[bi];
    a.country = role.country;
    a.code = role.country.empty() ? role.code : role.country;
    return a;
  }

  // The country a title without one belongs to: the first country named in this sentence
  // (before or after the title), else the one the story has named most.
  std::string context_country(uint32_t s, size_t k) const {
    std::string first_here;
    for (size_t i = story_.out.size(); i-- > 0 && story_.out[i].sentence == s;) {
      if (!story_.out[i].actor.country.empty() && story_.out[i].how.rfind("coref:", 0) != 0) {
        first_here = story_.out[i].actor.country;
      }
    }
    if (!first_here.empty()) return first_here;
    for (size_t q = k + 1; q < items_.size(); ++q) {
      if (items_[q].entity != kNone && !t_.entities[items_[q].entity].country.empty()) {
        return t_.entities[items_[q].entity].country;
      }
    }
    std::string best;
    std::pair<int, size_t> score{0, 0};
    for (const auto& [c, sc] : story_.countries) {
      if (sc > score) {
        best = c;
        score = sc;
      }
    }
    return best;
  }

  int last_country_mention() const {
    int last = -1;
    for (const auto& [c, sc] : story_.countries) last = std::max(last, static_cast<int>(sc.second));
    return last;
  }

  void emit(uint32_t s, uint32_t ub, uint32_t ue, Actor actor, std::string how,
            std::string entry_id, Info info) {
    ActorMention m;
    m.sentence = s;
    m.first_token = units_[ub].token;
    m.end_token = units_[ue - 1].token + 1;
    m.span = Span{units_[ub].begin, units_[ue - 1].end};
    m.actor = std::move(actor);
    m.how = std::move(how);
    m.entry_id = std::move(entry_id);
    info.ub = ub;
    info.ue = ue;
    if (!m.actor.country.empty() && m.how.rfind("coref:", 0) != 0) {
      auto it = std::find_if(story_.countries.begin(), story_.countries.end(),
                             [&](const auto& p) { return p.first == m.actor.country; });
      if (it == story_.countries.end()) {
        story_.countries.push_back({m.actor.country, {1, story_.out.size()}});
      } else {
        ++it->second.first;
        it->second.second = story_.out.size();
      }
    }
    story_.out.push_back(std::move(m));
    story_.info.push_back(info);
  }

  // Reads a capitalised name after a title starting at unit u; returns its end (u if none).
  uint32_t read_name(uint32_t u) const {
    uint32_t j = u;
    while (j < units_.size() && j - u < 5) {
      if (cap_word(j) && !is_name_stop(j) &&
          !(units_[j].all_upper && units_[j].end - units_[j].begin > 3)) {
        ++j;
        if (units_[j - 1].possessive) break;
        continue;
      }
      // particles inside a name: "bin", "de", "van"
      if (j > u && j + 1 < units_.size() && (cls(j) & match::kNameParticle) && cap_word(j + 1)) {
        ++j;
        continue;
      }
      break;
    }
    return j;
  }

  // Resolves a name at [u, v) after a title: a known person (any of their names, named in the
  // story or not), or a new person who gets the title's actor.
  struct NameHit {
    bool known = false;
    uint32_t person = kNone;
  };
  NameHit known_person(uint32_t u, uint32_t v, std::string_view country) const {
    NameHit hit;
    uint32_t best_node = kNone;
    uint64_t best_mask = 0;
    walk(u, v, [&](uint32_t node, uint32_t end) {
      if (end != v) return true;
      const auto& n = t_.nodes[node];
      for (uint32_t k = 0; k < n.payload_count && k < 64; ++k) {
        const Payload& p = t_.payloads[n.payload_begin + k];
        if ((p.kind == PayloadKind::PersonName || p.kind == PayloadKind::PersonShort) &&
            shape_ok(p, u)) {
          best_mask |= 1ull << k;
          best_node = node;
        }
      }
      return best_node == kNone;
    });
    if (best_node != kNone) {
      hit.person = pick_person(best_node, best_mask, country);
      hit.known = hit.person != kNone;
    }
    return hit;
  }

  // The item starting exactly at unit u that is a known person, or -1.
  int person_item_at(size_t from, uint32_t u) const {
    for (size_t q = from; q < items_.size(); ++q) {
      if (items_[q].b == u)
        return items_[q].person && items_[q].learned < 0 ? static_cast<int>(q) : -1;
      if (items_[q].b > u) break;
    }
    return -1;
  }

  // The end of a name after a title at unit u: a known person's item, else a capitalised run;
  // a month word ("May") is kept only as a candidate that must turn out to be a known person.
  uint32_t name_after(size_t from, uint32_t u, int& person_item, bool& month_only) const {
    person_item = person_item_at(from, u);
    month_only = false;
    if (person_item >= 0) return items_[static_cast<size_t>(person_item)].e;
    const uint32_t e = read_name(u);
    if (e == u && cap_word(u) && sorted_has(t_.month_words, unit_text(u))) {
      month_only = true;
      return u + 1;
    }
    return e;
  }

  NameHit hit_of(int person_item, uint32_t u, uint32_t v, std::string_view country) const {
    if (person_item >= 0) {
      const Item& it = items_[static_cast<size_t>(person_item)];
      NameHit h;
      h.person = pick_person(it.node, it.mask, country);
      h.known = h.person != kNone;
      return h;
    }
    NameHit h = known_person(u, v, country);
    if (!h.known && v - u >= 2 && !country.empty()) {
      // A spelling we do not list ("Shinzō Abe"): the family name, if that person belongs
      // to the title's country.
      NameHit last = known_person(v - 1, v, country);
      if (last.known) {
        for (const auto& r : t_.persons[last.person].roles) {
          if (r.country == country) return last;
        }
      }
    }
    return h;
  }

  // Adds a name to the story's learned names; a name learned again takes the new actor.
  void add_learned(Learned l) {
    const uint64_t first = l.hashes.front();
    for (uint32_t i = story_.learned_by_first.get(first); i != match::FlatMap::kMissing;
         i = story_.learned_next[i]) {
      if (story_.learned[i].hashes == l.hashes) {
        story_.learned[i] = std::move(l);
        return;
      }
    }
    const auto idx = static_cast<uint32_t>(story_.learned.size());
    story_.learned_next.push_back(story_.learned_by_first.get(first));
    story_.learned_by_first.put(first, idx);
    story_.learned.push_back(std::move(l));
  }

  void learn(uint32_t u, uint32_t v, const Actor& actor) {
    Learned l;
    for (uint32_t j = u; j < v; ++j) l.hashes.push_back(units_[j].hash);
    l.actor = actor;
    if (const Entity* ce = t_.country_entity(actor.country)) l.entry_id = ce->id;
    const std::string entry = l.entry_id;
    add_learned(std::move(l));
    // Later references use the family name: the last word, or the first where names put the
    // family name first ("Li" of "Li Qiang").
    if (v - u >= 2) {
      Learned last;
      last.hashes.push_back(units_[v - 1].hash);
      last.actor = actor;
      last.entry_id = entry;
      add_learned(std::move(last));
      if (sorted_has(t_.surname_first_countries, actor.country)) {
        Learned first;
        first.hashes.push_back(units_[u].hash);
        first.actor = actor;
        first.entry_id = entry;
        add_learned(std::move(first));
      }
    }
  }

  // ---- composition -----------------------------------------------------------------------------
  // After a head item ending at unit `u`, the index of a role item reachable by skipping
  // modifiers and a few other words, or -1.
  int role_after(size_t k, uint32_t u) const {
    if (units_[u - 1].joined_next) return -1;
    uint32_t skipped_lower = 0;
    uint32_t skipped_cap = 0;
    uint32_t j = u;
    size_t next = k + 1;
    while (j < units_.size()) {
      if (next < items_.size() && items_[next].b == j) {
        return items_[next].role != kNone ? static_cast<int>(next) : -1;
      }
      const Unit& w = units_[j];
      if (!w.is_word) return -1;
      const uint16_t c = cls(j);
      if (c & match::kModifier) {
        // allowed
      } else if (c & (match::kGapStop | match::kCoordinator | match::kPronounWord)) {
        return -1;
      } else if (w.first_upper) {
        if (++skipped_cap > 1) return -1;
      } else {
        // Other lower-case words only after an adjective or a possessive ("Chinese trade
        // officials"), never after a noun that may be the subject ("Guinea opened embassies").
        const Item& h = items_[k];
        if (!(h.adj || units_[h.e - 1].possessive) || ++skipped_lower > 2) return -1;
      }
      if (j - u >= 4) return -1;
      ++j;
    }
    return -1;
  }

  // Emits the phrase head (+ gap) + role [+ to X] [+ name]; marks used items.
  void compose_role(uint32_t s, size_t head, size_t ri, bool head_is_entity) {
    const Item& h = items_[head];
    Item& r = items_[ri];
    r.used = true;
    const auto& role = t_.roles[r.role];
    Actor actor;
    std::string entry;
    if (head_is_entity) {
      const Entity& ent = t_.entities[h.entity];
      entry = ent.id;
      if (ent.type == EntityType::Country || (ent.metonym && ent.sector == "GOV")) {
        // A capital stands for its country here: "Cairo's security chief" -> EGYCOP.
        const Entity* ce = ent.type == EntityType::Country ? &ent : t_.country_entity(ent.country);
        const std::string& name = ce ? ce->name : ent.name;
        actor = actor_of_code(ent.country + role.sector, name,
                              role.sector.empty() ? "country" : "sector");
        if (!role.sector.empty()) actor.name = name + " " + role.sector;
      } else {
        actor = entity_actor(h.entity);
      }
    }
    uint32_t end = r.e;
    // "Ambassador to China": the country posted to is not the actor's.
    if (role.person && role.name_title && end < units_.size() && (cls(end) & match::kLinkTo)) {
      uint32_t v = end + 1;
      if (v < units_.size() && (cls(v) & match::kDeterminer)) ++v;
      for (size_t q = ri + 1; q < items_.size(); ++q) {
        if (items_[q].b == v && items_[q].entity != kNone && !items_[q].adj) {
          items_[q].used = true;
          end = items_[q].e;
        }
        if (items_[q].b >= v) break;
      }
    }
    // A name after the title.
    const bool singular_person = role.person && !r.role_plural;
    uint32_t name_end = end;
    int pitem = -1;
    bool month_only = false;
    if (singular_person && role.name_title && !units_[end - 1].possessive && end < units_.size()) {
      name_end = name_after(ri + 1, end, pitem, month_only);
    }
    const uint32_t ub = h.b;
    if (name_end > end) {
      NameHit hit = hit_of(pitem, end, name_end, actor.country);
      if (!hit.known && month_only) name_end = end;
    }
    if (name_end > end) {
      NameHit hit = hit_of(pitem, end, name_end, actor.country);
      if (hit.known) {
        bool in_role = false;
        Actor pa = person_actor(hit.person, in_role);
        story_.activate(hit.person);
        const auto& p = t_.persons[hit.person];
        std::string how = "person";
        if ((!in_role || !has_dct_) && !actor.code.empty()) {
          // Out of office on the date, or no date: the title in the text wins.
          pa.code = actor.code;
          pa.country = actor.country;
          pa.sector = actor.sector;
          if (has_dct_) how = "title";
        }
        mark_items_used(end, name_end);
        emit(s, ub, name_end, pa, how, t_.entities[p.entity].id, Info{0, 0, true, false, p.gender});
        return;
      }
      if (!actor.code.empty()) {
        Actor pa = actor;
        pa.name = std::string(std::string_view(doc_.text).substr(
            units_[end].begin, units_[name_end - 1].end - units_[end].begin));
        if (units_[name_end - 1].possessive) {
          // drop "'s" from the display name
          const auto apos = pa.name.rfind('\'');
          const auto curly = pa.name.rfind("\xE2\x80\x99");
          if (curly != std::string::npos && curly + 4 >= pa.name.size())
            pa.name.erase(curly);
          else if (apos != std::string::npos && apos + 2 >= pa.name.size())
            pa.name.erase(apos);
        }
        pa.type = "person";
        learn(end, name_end, pa);
        mark_items_used(end, name_end);
        emit(s, ub, name_end, pa, "title", entry, Info{0, 0, true, false, 0});
        return;
      }
    }
    if (actor.code.empty()) return;
    emit(s, ub, end, actor, "role", entry, Info{0, 0, singular_person, r.role_plural, 0});
  }

  void mark_items_used(uint32_t b, uint32_t e) {
    for (auto& it : items_) {
      if (it.b >= b && it.e <= e) it.used = true;
    }
  }

  // A role word with no country before it.
  void bare_role(uint32_t s, size_t k) {
    Item& r = items_[k];
    const auto& role = t_.roles[r.role];
    r.used = true;
    uint32_t end = r.e;
    std::string country;
    std::string entry;
    // "Foreign Minister of India"
    if (end < units_.size() && (cls(end) & match::kLinkOf)) {
      uint32_t v = end + 1;
      if (v < units_.size() && (cls(v) & match::kDeterminer)) ++v;
      for (size_t q = k + 1; q < items_.size(); ++q) {
        if (items_[q].b == v && items_[q].entity != kNone && items_[q].noun) {
          const Entity& ent = t_.entities[items_[q].entity];
          if (ent.type == EntityType::Country) {
            items_[q].used = true;
            end = items_[q].e;
            compose_role_known(s, r.b, end, ent, role, r.role_plural);
            return;
          }
        }
        if (items_[q].b >= v) break;
      }
    }
    const bool singular_person = role.person && !r.role_plural;
    if (singular_person && role.name_title && end < units_.size()) {
      int pitem = -1;
      bool month_only = false;
      uint32_t name_end = name_after(k + 1, end, pitem, month_only);
      if (month_only && !hit_of(pitem, end, name_end, role.country).known) name_end = end;
      if (name_end > end) {
        NameHit hit = hit_of(pitem, end, name_end, role.country);
        if (hit.known) {
          bool in_role = false;
          Actor pa = person_actor(hit.person, in_role);
          story_.activate(hit.person);
          const auto& p = t_.persons[hit.person];
          if (!in_role || !has_dct_) {
            // The title picks among the person's roles ("Prime Minister Ehud Barak").
            for (const auto& pr : p.roles) {
              if (pr.sector == role.sector && !pr.country.empty()) {
                pa.code = pr.code;
                pa.country = pr.country;
                pa.sector = pr.sector;
              }
            }
          }
          mark_items_used(end, name_end);
          emit(s, r.b, name_end, pa, "person", t_.entities[p.entity].id,
               Info{0, 0, true, false, p.gender});
          return;
        }
        // A new name: "King Hassan of Morocco", else the title's own country, else the
        // country of the sentence or the story.
        std::string c = role.country;
        std::string how = "title";
        uint32_t span_end = name_end;
        if (name_end < units_.size() && (cls(name_end) & match::kLinkOf)) {
          uint32_t v = name_end + 1;
          if (v < units_.size() && (cls(v) & match::kDeterminer)) ++v;
          for (size_t q = k + 1; q < items_.size(); ++q) {
            if (items_[q].b == v && items_[q].entity != kNone && items_[q].noun &&
                t_.entities[items_[q].entity].type == EntityType::Country) {
              items_[q].used = true;
              c = t_.entities[items_[q].entity].code;
              span_end = items_[q].e;
            }
            if (items_[q].b >= v) break;
          }
        }
        if (c.empty()) c = context_country(s, k);
        if (!c.empty()) {
          Actor pa = actor_of_code(c + role.sector, "", "person");
          pa.name = std::string(std::string_view(doc_.text).substr(
              units_[end].begin, units_[name_end - 1].end - units_[end].begin));
          learn(end, name_end, pa);
          mark_items_used(end, name_end);
          const Entity* ce = t_.country_entity(c);
          emit(s, r.b, span_end, pa, how, ce ? ce->id : "", Info{0, 0, true, false, 0});
        }
        return;
      }
    }
    // "the government", "the ministry", "the country": the last country of the story.
    // ... unless the role word is used as an adjective: "the official CTK news agency".
    const bool modifies_next = end < units_.size() && units_[end].is_word &&
                               (units_[end].first_upper || (cls(end) & match::kModifier) ||
                                (k + 1 < items_.size() && items_[k + 1].b == end));
    if (!modifies_next && r.b > 0 && (cls(r.b - 1) & match::kDefinite) && units_[r.b - 1].is_word) {
      const int last = last_country_mention();
      if (last < 0) return;
      const std::string c = story_.out[static_cast<size_t>(last)].actor.country;
      const Entity* ce = t_.country_entity(c);
      Actor a = actor_of_code(c + role.sector, ce ? ce->name : c,
                              role.sector.empty() ? "country" : "sector");
      if (!role.sector.empty()) a.name += " " + role.sector;
      emit(s, r.b - 1, end, a, "coref:role", ce ? ce->id : "",
           Info{0, 0, singular_person, r.role_plural, 0});
      return;
    }
    if (role.standalone) {
      Actor a;
      a.code = role.sector;
      a.sector = role.sector;
      a.name = std::string(std::string_view(doc_.text).substr(
          units_[r.b].begin, units_[end - 1].end - units_[r.b].begin));
      a.type = "sector";
      emit(s, r.b, end, a, "role", "", Info{0, 0, false, r.role_plural, 0});
      return;
    }
    if (!role.country.empty()) {
      const Entity* ce = t_.country_entity(role.country);
      Actor a = actor_of_code(role.country + role.sector, ce ? ce->name : role.country, "sector");
      emit(s, r.b, end, a, "role", ce ? ce->id : "", Info{0, 0, singular_person, r.role_plural, 0});
    }
  }

  void compose_role_known(uint32_t s, uint32_t ub, uint32_t ue, const Entity& ent,
                          const match::RoleWord& role, bool plural) {
    Actor a =
        actor_of_code(ent.code + role.sector, ent.name, role.sector.empty() ? "country" : "sector");
    if (!role.sector.empty()) a.name += " " + role.sector;
    emit(s, ub, ue, a, "role", ent.id, Info{0, 0, role.person && !plural, plural, 0});
  }

  void pronoun(uint32_t s, const Item& it) {
    const auto& pr = t_.pronouns[it.pronoun];
    const size_t n = story_.out.size();
    if (!pr.plural) {
      // The first compatible person of this sentence before the pronoun (its subject), else of
      // the closest earlier sentence that has one.
      auto compatible = [&](size_t i) {
        const Info& in = story_.info[i];
        return in.person && (pr.gender == 0 || in.gender == 0 || in.gender == pr.gender);
      };
      int pick = -1;
      for (size_t i = n; i-- > 0 && story_.out[i].sentence == s;) {
        if (story_.info[i].ue <= it.b && compatible(i)) pick = static_cast<int>(i);
      }
      if (pick < 0) {
        for (size_t i = n; i-- > 0;) {
          if (story_.out[i].sentence >= s) continue;
          if (s - story_.out[i].sentence > 3) break;
          if (compatible(i)) {
            // move to the first compatible mention of that sentence
            const uint32_t ps = story_.out[i].sentence;
            size_t first = i;
            for (size_t q = i; q-- > 0 && story_.out[q].sentence == ps;) {
              if (compatible(q)) first = q;
            }
            pick = static_cast<int>(first);
            break;
          }
        }
      }
      if (pick < 0) return;
      const ActorMention src = story_.out[static_cast<size_t>(pick)];
      Info in = story_.info[static_cast<size_t>(pick)];
      emit(s, it.b, it.e, src.actor, "coref:pronoun", src.entry_id,
           Info{0, 0, true, false, in.gender});
      return;
    }
    // they / them / their: the last joined group, or the last plural mention.
    for (size_t i = n; i-- > 0;) {
      if (s - story_.out[i].sentence > 2) break;
      if (story_.out[i].group >= 0) {
        const int g = story_.out[i].group;
        std::vector<ActorMention> members;
        for (size_t q = i + 1; q-- > 0 && story_.out[q].sentence + 3 >= story_.out[i].sentence;) {
          if (story_.out[q].group == g) members.insert(members.begin(), story_.out[q]);
        }
        const int ng = story_.next_group++;
        for (auto& m : members) {
          emit(s, it.b, it.e, m.actor, "coref:pronoun", m.entry_id, Info{0, 0, false, true, 0});
          story_.out.back().group = ng;
        }
        return;
      }
      if (story_.info[i].plural) {
        const ActorMention src = story_.out[i];
        emit(s, it.b, it.e, src.actor, "coref:pronoun", src.entry_id, Info{0, 0, false, true, 0});
        return;
      }
    }
  }

  void group_phrase(uint32_t s, const Item& it) {
    // The two countries the story has named most so far (the later one wins a tie).
    if (story_.countries.size() < 2) return;
    auto counts = story_.countries;
    std::stable_sort(counts.begin(), counts.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    std::string first = counts[0].first;
    std::string second = counts[1].first;
    if (counts[1].second.second > counts[0].second.second) std::swap(first, second);
    const int g = story_.next_group++;
    for (const auto& c : {second, first}) {
      const Entity* ce = t_.country_entity(c);
      emit(s, it.b, it.e, actor_of_code(c, ce ? ce->name : c, "country"), "coref:group",
           ce ? ce->id : "", Info{0, 0, false, true, 0});
      story_.out.back().group = g;
    }
  }

  void entity_alone(uint32_t s, const Item& it) {
    const Entity& ent = t_.entities[it.entity];
    std::string how = "lexicon";
    if (ent.metonym) {
      how = it.b > 0 && (cls(it.b - 1) & match::kPlacePrep) ? "place" : "metonym";
    } else if (it.adj && !it.noun) {
      how = "adjective";
    }
    emit(s, it.b, it.e, entity_actor(it.entity), how, ent.id, Info{0, 0, false, false, 0});
  }

  void person_alone(uint32_t s, const Item& it) {
    const uint32_t pi = pick_person(it.node, it.mask, {});
    if (pi == kNone) return;
    bool in_role = false;
    Actor a = person_actor(pi, in_role);
    const bool was_active = story_.active(pi);
    story_.activate(pi);
    const auto& p = t_.persons[pi];
    emit(s, it.b, it.e, a, was_active ? "coref:name" : "person", t_.entities[p.entity].id,
         Info{0, 0, true, false, p.gender});
  }

  // Mentions joined by "and", commas or a hyphen ("the U.S. and China", "U.S.-China") form a
  // group.
  void join_groups(size_t from) {
    for (size_t q = from; q + 1 < story_.out.size(); ++q) {
      ActorMention& a = story_.out[q];
      ActorMention& b = story_.out[q + 1];
      if (a.sentence != b.sentence || (a.group >= 0 && a.group == b.group)) continue;
      if (b.group >= 0 || a.how == "coref:group" || b.how.rfind("coref:", 0) == 0) continue;
      const Info& ia = story_.info[q];
      const Info& ib = story_.info[q + 1];
      if (ib.ub < ia.ue) continue;
      bool linked = ib.ub == ia.ue && units_[ia.ue - 1].joined_next;
      bool coord = false;
      if (!linked && ib.ub > ia.ue) {
        linked = true;
        for (uint32_t j = ia.ue; j < ib.ub && linked; ++j) {
          const std::string_view w = unit_text(j);
          const uint16_t c = cls(j);
          if (c & match::kCoordinator) {
            coord = true;
          } else if (w == "-" && ib.ub == ia.ue + 1) {
            coord = true;  // "U.S.-China" split by the segmenter
          } else if (w == "," || (c & match::kDeterminer)) {
            // allowed
          } else {
            linked = false;
          }
        }
        linked = linked && coord;
      }
      if (!linked) continue;
      if (a.group < 0) a.group = story_.next_group++;
      b.group = a.group;
    }
  }

  void sentence(uint32_t s) {
    build_units(seg_.sentences[s]);
    items_.clear();
    for (uint32_t u = 0; u < units_.size();) {
      if (!can_start(u)) {
        ++u;
        continue;
      }
      Item it = item_at(u);
      // "the U.N. Security Council": a longer match after the article wins over "the U.N.".
      if (is_item(it) && (cls(u) & match::kDeterminer) && u + 1 < units_.size()) {
        Item alt = item_at(u + 1);
        if (is_item(alt) && alt.e > it.e) it = alt;
      }
      if (is_item(it)) {
        items_.push_back(it);
        u = it.e;
      } else {
        ++u;
      }
    }
    const size_t first_mention = story_.out.size();
    for (size_t k = 0; k < items_.size(); ++k) {
      Item& it = items_[k];
      if (it.used || it.block || it.coordinator) continue;
      it.used = true;
      if (it.entity != kNone) {
        // Adjectives joined by "and" before one role: "Hungarian and Romanian officials".
        std::vector<size_t>& heads = heads_;
        heads.assign(1, k);
        size_t m = k;
        while (m + 2 < items_.size() && items_[m + 1].coordinator &&
               items_[m + 1].b == items_[m].e && items_[m + 2].entity != kNone &&
               items_[m + 2].b == items_[m + 1].e && items_[m].adj && items_[m + 2].adj) {
          heads.push_back(m + 2);
          m += 2;
        }
        const int r = role_after(m, items_[m].e);
        if (r >= 0 && heads.size() > 1) {
          for (size_t h : heads) {
            items_[h].used = true;
            items_[h + (h == m ? 0 : 1)].used = true;
            const Entity& ent = t_.entities[items_[h].entity];
            const auto& role = t_.roles[items_[static_cast<size_t>(r)].role];
            Actor a = ent.type == EntityType::Country
                          ? actor_of_code(ent.code + role.sector,
                                          ent.name + (role.sector.empty() ? "" : " " + role.sector),
                                          "sector")
                          : entity_actor(items_[h].entity);
            const uint32_t ue = h == m ? items_[static_cast<size_t>(r)].e : items_[h].e;
            emit(s, items_[h].b, ue, a, "role", ent.id, Info{0, 0, false, true, 0});
          }
          items_[static_cast<size_t>(r)].used = true;
          k = static_cast<size_t>(r);
          continue;
        }
        if (r >= 0) {
          compose_role(s, k, static_cast<size_t>(r), true);
          continue;
        }
        entity_alone(s, it);
        continue;
      }
      if (it.learned >= 0) {
        const Learned& l = story_.learned[static_cast<size_t>(it.learned)];
        const Actor a = l.actor;
        emit(s, it.b, it.e, a, "coref:name", l.entry_id, Info{0, 0, true, false, 0});
        continue;
      }
      if (it.person) {
        person_alone(s, it);
        continue;
      }
      if (it.role != kNone) {
        bare_role(s, k);
        continue;
      }
      if (it.pronoun != kNone) {
        if (o_.coreference) pronoun(s, it);
        continue;
      }
      if (it.group_phrase) {
        if (o_.coreference) group_phrase(s, it);
        continue;
      }
    }
    if (story_.out.size() == first_mention) return;
    // Keep text order inside the sentence (compositions may emit out of order).
    std::stable_sort(
        story_.out.begin() + static_cast<std::ptrdiff_t>(first_mention), story_.out.end(),
        [](const ActorMention& a, const ActorMention& b) { return a.span.begin < b.span.begin; });
    // info must follow the same order: rebuild from spans
    std::vector<Info> infos(story_.info.begin() + static_cast<std::ptrdiff_t>(first_mention),
                            story_.info.end());
    std::stable_sort(infos.begin(), infos.end(), [&](const Info& a, const Info& b) {
      return units_[a.ub].begin < units_[b.ub].begin;
    });
    std::copy(infos.begin(), infos.end(),
              story_.info.begin() + static_cast<std::ptrdiff_t>(first_mention));
    join_groups(first_mention);
  }

  const Tables& t_;
  const MatchOptions& o_;
  const Document& doc_;
  const Segmentation& seg_;
  int32_t dct_ = 0;
  bool has_dct_ = false;
  Story story_;
  std::vector<Unit> units_;
  std::vector<Item> items_;
  std::vector<size_t> heads_;
  std::string fold_;
  std::string fold2_;
};

}  // namespace

Result<std::vector<ActorMention>> ActorMatcher::match(const Document& doc,
                                                      const Segmentation& seg) const {
  for (const auto& tok : seg.tokens) {
    if (tok.span.end < tok.span.begin || tok.span.end > doc.text.size()) {
      return make_error(Errc::InvalidInput, "token span outside the document text",
                        doc.origin.empty() ? doc.id : doc.origin);
    }
  }
  for (const auto& s : seg.sentences) {
    if (static_cast<size_t>(s.first_token) + s.token_count > seg.tokens.size()) {
      return make_error(Errc::InvalidInput, "sentence token range outside the segmentation",
                        doc.origin.empty() ? doc.id : doc.origin);
    }
  }
  Run run(impl_->t, impl_->options, doc, seg);
  return run.run();
}

namespace {

std::string lower_fold(std::string_view s) {
  std::string out;
  match::fold_word(s, out);
  return out;
}

size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> prev(b.size() + 1);
  std::vector<size_t> cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

}  // namespace

std::vector<Actor> ActorMatcher::lookup(std::string_view query) const {
  const Tables& t = impl_->t;
  std::vector<Actor> out;
  auto push = [&](Actor a) {
    for (const auto& o : out) {
      if (o.code == a.code && o.name == a.name) return;
    }
    out.push_back(std::move(a));
  };
  std::string upper;
  for (char c : query) upper.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
  // Codes first: "USA", "CHNGOV", "IGOUNO".
  bool code_like = upper.size() >= 3 && upper.size() <= 11;
  for (char c : upper) code_like = code_like && ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'));
  if (code_like) {
    if (const Entity* ce = t.country_entity(std::string_view(upper).substr(0, 3))) {
      Actor a;
      a.code = upper;
      a.country = ce->code;
      a.sector = upper.substr(3);
      a.name = a.sector.empty() ? ce->name : ce->name + " " + a.sector;
      a.type = a.sector.empty() ? "country" : "sector";
      push(a);
    }
    for (const auto& e : t.entities) {
      if (e.type != EntityType::Person && e.type != EntityType::Place && e.code == upper &&
          e.type != EntityType::Country) {
        Actor a;
        a.code = e.code;
        a.country = e.country;
        a.sector = e.sector;
        a.name = e.name;
        a.type = std::string(match::entity_type_name(e.type));
        push(a);
      }
    }
  }
  // Then canonical names, then aliases through the trie (the query is split like an alias).
  auto entity_to_actor = [&](const Entity& e) {
    Actor a;
    if (e.type == EntityType::Person) {
      const auto& role = t.persons[e.person].roles.back();
      a.code = role.code;
      a.country = role.country;
      a.sector = role.sector;
      a.type = "person";
    } else {
      a.code = e.code;
      a.country = e.country;
      a.sector = e.sector;
      a.type = std::string(match::entity_type_name(e.type));
    }
    a.name = e.name;
    return a;
  };
  const std::string q = lower_fold(query);
  for (const auto& e : t.entities) {
    if (e.type != EntityType::Place && lower_fold(e.name) == q) push(entity_to_actor(e));
  }
  uint32_t node = 0;
  std::string w;
  for (auto part : match::split_alias(query)) {
    match::fold_word(part, w);
    const uint32_t id = t.word_id(w);
    if (id == kNone) return out;
    const uint32_t next = t.edges.get(match::pair_key(node, id));
    if (next == match::FlatMap::kMissing) return out;
    node = next;
  }
  if (node == 0) return out;
  const auto& n = t.nodes[node];
  for (uint32_t k = 0; k < n.payload_count; ++k) {
    const Payload& p = t.payloads[n.payload_begin + k];
    if (p.kind == PayloadKind::EntityName || p.kind == PayloadKind::Adjective) {
      push(entity_to_actor(t.entities[p.target]));
    } else if (p.kind == PayloadKind::PersonName || p.kind == PayloadKind::PersonShort) {
      push(entity_to_actor(t.entities[t.persons[p.target].entity]));
    }
  }
  return out;
}

std::vector<std::string> ActorMatcher::suggest(std::string_view query, size_t n) const {
  const Tables& t = impl_->t;
  const std::string q = lower_fold(query);
  std::vector<std::pair<size_t, std::string>> scored;
  const size_t limit = std::max<size_t>(2, q.size() / 3);
  auto consider = [&](const std::string& cand) {
    if (cand.size() < 2) return;
    const std::string f = lower_fold(cand);
    const size_t lf = f.size();
    if ((lf > q.size() ? lf - q.size() : q.size() - lf) > limit) return;
    const size_t d = edit_distance(q, f);
    if (d <= limit) scored.emplace_back(d, cand);
  };
  for (const auto& e : t.entities) {
    if (e.type == EntityType::Place) continue;
    consider(e.name);
    if (!e.code.empty()) consider(e.code);
  }
  std::sort(scored.begin(), scored.end());
  std::vector<std::string> out;
  for (const auto& [d, s] : scored) {
    if (out.size() >= n) break;
    if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
  }
  return out;
}

}  // namespace entente
