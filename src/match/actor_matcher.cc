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
#include <map>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "entente/match.h"
#include "match/actor_tables.h"
#include "match/run.h"

namespace entente {

using match::CaseRule;
using match::Entity;
using match::EntityType;
using match::kNone;
using match::Payload;
using match::PayloadKind;
using match::Run;
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
      a.type = a.sector.empty() ? ActorType::Country : ActorType::Sector;
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
        a.type = match::actor_type_of(e.type);
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
      a.type = ActorType::Person;
    } else {
      a.code = e.code;
      a.country = e.country;
      a.sector = e.sector;
      a.type = match::actor_type_of(e.type);
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
  // (distance, tier, name): among equally close names states come first, then IGOs, then
  // other organisations and groups, so that "Chnia" suggests China before a party.
  std::vector<std::tuple<size_t, int, std::string>> scored;
  const size_t limit = std::max<size_t>(2, q.size() / 3);
  auto consider = [&](const std::string& cand, int tier) {
    if (cand.size() < 2) return;
    const std::string f = lower_fold(cand);
    const size_t lf = f.size();
    if ((lf > q.size() ? lf - q.size() : q.size() - lf) > limit) return;
    const size_t d = edit_distance(q, f);
    if (d <= limit) scored.emplace_back(d, tier, cand);
  };
  for (const auto& e : t.entities) {
    if (e.type == EntityType::Place) continue;
    const int tier = e.type == EntityType::Country  ? 0
                     : e.type == EntityType::Igo    ? 1
                     : e.type == EntityType::Person ? 3
                                                    : 2;
    consider(e.name, tier);
    if (!e.code.empty()) consider(e.code, tier);
  }
  std::sort(scored.begin(), scored.end());
  std::vector<std::string> out;
  for (const auto& entry : scored) {
    const std::string& s = std::get<2>(entry);
    if (out.size() >= n) break;
    if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
  }
  return out;
}

ActorCoverage ActorMatcher::coverage() const {
  const Tables& t = impl_->t;
  ActorCoverage out;
  // Entries per kind, and per sector within a kind, in the order of ActorType.
  std::vector<std::pair<ActorType, std::map<std::string, size_t>>> kinds;
  std::vector<const std::vector<match::DatedCode>*> dated;  // people first, then groups
  std::vector<bool> is_person;
  for (const auto& e : t.entities) {
    const ActorType type = match::actor_type_of(e.type);
    auto it =
        std::find_if(kinds.begin(), kinds.end(), [&](const auto& k) { return k.first == type; });
    if (it == kinds.end()) {
      kinds.emplace_back(type, std::map<std::string, size_t>{});
      it = kinds.end() - 1;
    }
    ++it->second[e.type == EntityType::Person ? std::string() : e.sector];
    if (e.type == EntityType::Person) {
      dated.push_back(&t.persons[e.person].roles);
      is_person.push_back(true);
      out.person_roles += t.persons[e.person].roles.size();
    } else if (!e.dated.empty()) {
      dated.push_back(&e.dated);
      is_person.push_back(false);
      out.group_roles += e.dated.size();
    }
  }
  std::sort(kinds.begin(), kinds.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& [type, sectors] : kinds) {
    ActorCoverage::Kind k;
    k.kind = std::string(actor_type_name(type));
    for (const auto& [sector, n] : sectors) {
      k.entries += n;
      if (!sector.empty()) k.sectors.emplace_back(sector, n);
    }
    out.kinds.push_back(std::move(k));
  }
  out.role_words = t.roles.size();
  // Decades: a role still held reaches the latest date any role names (no clock).
  int first = INT_MAX;
  int last = INT_MIN;
  int32_t latest = INT32_MIN;
  for (const auto* roles : dated) {
    for (const auto& r : *roles) {
      latest = std::max(latest, r.from);
      if (r.to != INT32_MAX) latest = std::max(latest, r.to);
    }
  }
  auto decade_of = [](int32_t day) {
    const int y = CivilDate::from_serial(day).year;
    return y - ((y % 10) + 10) % 10;
  };
  for (const auto* roles : dated) {
    for (const auto& r : *roles) {
      first = std::min(first, decade_of(r.from));
      last = std::max(last, decade_of(std::min(r.to, latest)));
    }
  }
  if (first > last) return out;
  for (int d = first; d <= last; d += 10) out.decades.push_back(ActorCoverage::Decade{d, 0, 0, 0});
  for (size_t i = 0; i < dated.size(); ++i) {
    std::vector<bool> held(out.decades.size(), false);
    for (const auto& r : *dated[i]) {
      const int b = decade_of(r.from);
      const int e = decade_of(std::min(r.to, latest));
      ++out.decades[static_cast<size_t>((b - first) / 10)].began;
      for (int d = b; d <= e; d += 10) {
        const auto k = static_cast<size_t>((d - first) / 10);
        ++out.decades[k].roles;
        held[k] = true;
      }
    }
    if (!is_person[i]) continue;
    for (size_t k = 0; k < held.size(); ++k) {
      if (held[k]) ++out.decades[k].people;
    }
  }
  return out;
}

}  // namespace entente
