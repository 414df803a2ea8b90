// The actor matcher's per-story run (see actor_matcher.cc for the three steps): units,
// lexical items, and the Run that composes them into mentions. Private to the match module.
// A Run is a per-story local holding the coreference state; it is never shared.
// The members are defined by step: units.cc (units and folding), items.cc (lexical items),
// people.cc (people and roles), compose.cc (composition), coref.cc (coreference and output).
#pragma once

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

namespace entente::match {

inline bool sorted_has(const std::vector<std::string>& v, std::string_view w) {
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
  void add_unit(uint32_t token, uint32_t b, uint32_t e, const Token& tok);

  void build_units(const Sentence& s);

  bool split_blocked(std::string_view text);

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
  bool shape_ok(const Payload& p, uint32_t b) const;

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
  bool known_item_at(uint32_t u) const;

  bool is_name_stop(uint32_t u) const { return sorted_has(t_.name_stops, unit_text(u)); }

  // A capitalised word that is no known word: part of a person's name.
  bool unknown_cap(uint32_t u) const {
    return cap_word(u) && !units_[u].all_upper && !is_name_stop(u) && !known_item_at(u);
  }

  bool context_ok(uint32_t entity);

  bool payload_ok(const Payload& p, uint32_t b, uint32_t e);

  // A short name ("He", "May", "Li") at the start of a sentence may be a pronoun or an
  // ordinary word; a month name after a preposition or before a number is a date.
  bool short_name_ok(uint32_t b, uint32_t e) const;

  void fill(Item& it);

  // Longest learned name starting at u (0 if none).
  uint32_t learned_at(uint32_t u, int& which) const;

  // The best trie match at u: longest with a passing payload.
  Item item_at(uint32_t u);

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
  Actor actor_of_code(std::string_view code, std::string_view name, ActorType type) const;

  Actor entity_actor(uint32_t e) const;

  // The role a person holds on the story date (-1 if none); without a date, the latest.
  int role_on_date(const match::Person& p) const;

  // Picks one person among the item's candidates: named in the story, in office on the date,
  // belonging to `country` when given, first in the data otherwise.
  uint32_t pick_person(uint32_t node, uint64_t mask, std::string_view country) const;

  Actor person_actor(uint32_t pi, bool& in_role) const;

  // The country a title without one belongs to: the first country named in this sentence
  // (before or after the title), else the one the story has named most.
  std::string context_country(uint32_t s, size_t k) const;

  int last_country_mention() const;

  void emit(uint32_t s, uint32_t ub, uint32_t ue, Actor actor, MentionHow how, std::string entry_id,
            Info info);

  // Reads a capitalised name after a title starting at unit u; returns its end (u if none).
  uint32_t read_name(uint32_t u) const;

  // Resolves a name at [u, v) after a title: a known person (any of their names, named in the
  // story or not), or a new person who gets the title's actor.
  struct NameHit {
    bool known = false;
    uint32_t person = kNone;
  };
  NameHit known_person(uint32_t u, uint32_t v, std::string_view country) const;

  // The item starting exactly at unit u that is a known person, or -1.
  int person_item_at(size_t from, uint32_t u) const;

  // The end of a name after a title at unit u: a known person's item, else a capitalised run;
  // a month word ("May") is kept only as a candidate that must turn out to be a known person.
  uint32_t name_after(size_t from, uint32_t u, int& person_item, bool& month_only) const;

  NameHit hit_of(int person_item, uint32_t u, uint32_t v, std::string_view country) const;

  // Adds a name to the story's learned names; a name learned again takes the new actor.
  void add_learned(Learned l);

  void learn(uint32_t u, uint32_t v, const Actor& actor);

  // ---- composition -----------------------------------------------------------------------------
  // After a head item ending at unit `u`, the index of a role item reachable by skipping
  // modifiers and a few other words, or -1.
  int role_after(size_t k, uint32_t u) const;

  // Emits the phrase head (+ gap) + role [+ to X] [+ name]; marks used items.
  void compose_role(uint32_t s, size_t head, size_t ri, bool head_is_entity);

  void mark_items_used(uint32_t b, uint32_t e);

  // A role word with no country before it.
  void bare_role(uint32_t s, size_t k);
  // Whether item k, between the country head `head` and a role word, is an adjective the
  // state absorbs ("Iraqi Kurdish officials", "Nicaragua's Sandinista government").
  bool skippable_adjective(size_t head, size_t k) const;
  // Whether the word at unit u makes the word before it an attributive modifier ("military
  // operation"): a lower-case content word that is no function word and no past-tense verb.
  bool attributive(uint32_t u) const;
  // An actor of no country coded by `sector`, named by the words of units [b, e).
  Actor sector_alone(const std::string& sector, uint32_t b, uint32_t e) const;
  // The first unit of the quantifier and number before the role word at b ("more than 500").
  uint32_t quantified_begin(uint32_t b) const;

  void compose_role_known(uint32_t s, uint32_t ub, uint32_t ue, const Entity& ent,
                          const match::RoleWord& role, bool plural);

  void pronoun(uint32_t s, const Item& it);

  void group_phrase(uint32_t s, const Item& it);

  void entity_alone(uint32_t s, const Item& it);

  void person_alone(uint32_t s, const Item& it);

  // Mentions joined by "and", commas or a hyphen ("the U.S. and China", "U.S.-China") form a
  // group.
  void join_groups(size_t from);

  // "Odin Sanchez, a former Colombian congressman": an unknown name set off by a comma before
  // a singular role mention of this sentence (mentions from `from` on) takes its actor.
  void appositions(uint32_t s, size_t from);

  void sentence(uint32_t s);

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

}  // namespace entente::match
