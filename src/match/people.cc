// People and roles: actors for codes, entities and persons (the role a person held on the
// story's date), names read after a title and matched against known people.
#include <algorithm>
#include <cctype>
#include <climits>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "match/run.h"

namespace entente::match {

Actor Run::actor_of_code(std::string_view code, std::string_view name, ActorType type) const {
  Actor a;
  a.code = std::string(code);
  if (code.size() >= 3 && t_.is_country(code.substr(0, 3))) {
    a.country = std::string(code.substr(0, 3));
    a.sector = std::string(code.substr(3));
  } else if (code.size() >= 3 && t_.is_stateless(code.substr(0, 3))) {
    a.sector = std::string(code.substr(3));
  }
  a.name = std::string(name);
  a.type = type;
  return a;
}

Actor Run::entity_actor(uint32_t e) const {
  const Entity& ent = t_.entities[e];
  Actor a;
  a.code = ent.code;
  a.country = ent.country;
  a.sector = ent.sector;
  a.name = ent.name;
  a.type = match::actor_type_of(ent.type);
  // A group whose role changed (a movement that came to power) takes the code of the date.
  if (has_dct_) {
    for (const auto& d : ent.dated) {
      if (d.from <= dct_ && dct_ <= d.to) {
        a.code = d.code;
        a.country = d.country;
        a.sector = d.sector;
      }
    }
  }
  return a;
}

int Run::role_on_date(const match::Person& p) const {
  if (!has_dct_) return static_cast<int>(p.roles.size()) - 1;
  int found = -1;
  for (size_t i = 0; i < p.roles.size(); ++i) {
    if (p.roles[i].from <= dct_ && dct_ <= p.roles[i].to) found = static_cast<int>(i);
  }
  return found;
}

uint32_t Run::pick_person(uint32_t node, uint64_t mask, std::string_view country) const {
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

Actor Run::person_actor(uint32_t pi, bool& in_role) const {
  const auto& p = t_.persons[pi];
  const Entity& ent = t_.entities[p.entity];
  int r = role_on_date(p);
  in_role = r >= 0;
  Actor a;
  a.name = ent.name;
  a.type = ActorType::Person;
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

uint32_t Run::read_name(uint32_t u) const {
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

Run::NameHit Run::known_person(uint32_t u, uint32_t v, std::string_view country) const {
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

int Run::person_item_at(size_t from, uint32_t u) const {
  for (size_t q = from; q < items_.size(); ++q) {
    if (items_[q].b == u)
      return items_[q].person && items_[q].learned < 0 ? static_cast<int>(q) : -1;
    if (items_[q].b > u) break;
  }
  return -1;
}

uint32_t Run::name_after(size_t from, uint32_t u, int& person_item, bool& month_only) const {
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

Run::NameHit Run::hit_of(int person_item, uint32_t u, uint32_t v, std::string_view country) const {
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

}  // namespace entente::match
