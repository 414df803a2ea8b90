// Step 3, composition: country or organisation + modifiers + role word (+ "to" country)
// (+ name), title + name, bare "the government", group phrases, then "X and Y" groups.
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

int Run::role_after(size_t k, uint32_t u) const {
  if (units_[u - 1].joined_next) return -1;
  uint32_t skipped_lower = 0;
  uint32_t skipped_cap = 0;
  uint32_t j = u;
  size_t next = k + 1;
  while (j < units_.size()) {
    if (next < items_.size() && items_[next].b == j) {
      if (items_[next].role != kNone) return static_cast<int>(next);
      if (skippable_adjective(k, next)) {
        j = items_[next].e;
        ++next;
        continue;
      }
      return -1;
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

bool Run::skippable_adjective(size_t head, size_t k) const {
  const Item& h = items_[head];
  const Item& it = items_[k];
  if (h.entity == kNone || it.entity == kNone || !it.adj || it.noun) return false;
  if (t_.entities[h.entity].type != EntityType::Country) return false;
  const EntityType type = t_.entities[it.entity].type;
  // "Iraqi Kurdish officials": after a country an ethnic or religious adjective is a
  // modifier; the state keeps the actor.
  if (type == EntityType::Ethnic || type == EntityType::Religion) return true;
  // "Nicaragua's Sandinista government": a movement before the state's government.
  if (type == EntityType::Group && k + 1 < items_.size() && items_[k + 1].b == it.e &&
      items_[k + 1].role != kNone) {
    const auto& role = t_.roles[items_[k + 1].role];
    return !role.person && role.sector == "GOV";
  }
  return false;
}

void Run::compose_role(uint32_t s, size_t head, size_t ri, bool head_is_entity) {
  const Item& h = items_[head];
  Item& r = items_[ri];
  r.used = true;
  const auto& role = t_.roles[r.role];
  Actor actor;
  std::string entry;
  if (head_is_entity) {
    const Entity& ent = t_.entities[h.entity];
    entry = ent.id;
    if (ent.type == EntityType::Country || (ent.metonym && ent.sector == "GOV") ||
        ((ent.type == EntityType::Institution || ent.type == EntityType::Place) &&
         ent.sector.empty() && !ent.country.empty())) {
      // A capital stands for its country here: "Cairo's security chief" -> EGYCOP.
      const Entity* ce = ent.type == EntityType::Country ? &ent : t_.country_entity(ent.country);
      const std::string& name = ce ? ce->name : ent.name;
      actor = actor_of_code(ent.country + role.sector, name,
                            role.sector.empty() ? ActorType::Country : ActorType::Sector);
      if (!role.sector.empty()) actor.name = name + " " + role.sector;
    } else if (ent.country.empty() &&
               (ent.type == EntityType::Ethnic || ent.type == EntityType::Religion ||
                ent.type == EntityType::Region)) {
      // A group of no country keeps its code and takes the sector: "Kurdish fighters" ->
      // KURUAF, "Shiite clerics" -> SHIREL, "European leaders" -> EURGOV.
      actor = entity_actor(h.entity);
      if (!role.sector.empty()) {
        actor.code = ent.code + role.sector;
        actor.sector = role.sector;
        actor.name = ent.name + " " + role.sector;
        actor.type = ActorType::Sector;
      }
    } else {
      actor = entity_actor(h.entity);
      // "the Sandinista government", "the Taliban regime": a movement's government is its
      // state's government; its officials and fighters keep the movement's code.
      if (ent.type == EntityType::Group && !role.person && role.sector == "GOV" &&
          !actor.country.empty()) {
        actor = actor_of_code(actor.country + role.sector, ent.name + " GOV", ActorType::Sector);
      }
    }
    // Items passed over between the head and the role word ("Iraqi Kurdish officials").
    for (size_t q = head + 1; q < ri; ++q) items_[q].used = true;
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
      MentionHow how = MentionHow::Person;
      if ((!in_role || !has_dct_) && !actor.code.empty()) {
        // Out of office on the date, or no date: the title in the text wins.
        pa.code = actor.code;
        pa.country = actor.country;
        pa.sector = actor.sector;
        if (has_dct_) how = MentionHow::Title;
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
      pa.type = ActorType::Person;
      learn(end, name_end, pa);
      mark_items_used(end, name_end);
      emit(s, ub, name_end, pa, MentionHow::Title, entry, Info{0, 0, true, false, 0});
      return;
    }
  }
  if (actor.code.empty()) return;
  emit(s, ub, end, actor, MentionHow::Role, entry, Info{0, 0, singular_person, r.role_plural, 0});
}

void Run::mark_items_used(uint32_t b, uint32_t e) {
  for (auto& it : items_) {
    if (it.b >= b && it.e <= e) it.used = true;
  }
}

void Run::bare_role(uint32_t s, size_t k) {
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
        emit(s, r.b, name_end, pa, MentionHow::Person, t_.entities[p.entity].id,
             Info{0, 0, true, false, p.gender});
        return;
      }
      // A new name: "King Hassan of Morocco", else the title's own country, else the
      // country of the sentence or the story.
      std::string c = role.country;
      MentionHow how = MentionHow::Title;
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
        Actor pa = actor_of_code(c + role.sector, "", ActorType::Person);
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
  const bool modifies_next =
      end < units_.size() && units_[end].is_word &&
      (units_[end].first_upper || (cls(end) & match::kModifier) ||
       (k + 1 < items_.size() && items_[k + 1].b == end && !items_[k + 1].coordinator));
  // "police in the Gaza Strip", "a court in Venezuela": a local agent belongs where it is.
  if (role.local && !role.sector.empty() && end + 1 < units_.size() &&
      (cls(end) & match::kLocalPrep)) {
    uint32_t v = end + 1;
    if (v < units_.size() && (cls(v) & match::kDeterminer)) ++v;
    for (size_t q = k + 1; q < items_.size(); ++q) {
      if (items_[q].b > v) break;
      // The article may belong to the name ("the Gaza Strip").
      if ((items_[q].b != v && items_[q].b != end + 1) || items_[q].entity == kNone ||
          !items_[q].noun)
        continue;
      const Entity& ent = t_.entities[items_[q].entity];
      if (ent.country.empty() || !(ent.type == EntityType::Country || ent.metonym)) break;
      const Entity* ce = t_.country_entity(ent.country);
      Actor a = actor_of_code(ent.country + role.sector,
                              (ce ? ce->name : ent.country) + " " + role.sector, ActorType::Sector);
      items_[q].used = true;
      emit(s, quantified_begin(r.b), items_[q].e, a, MentionHow::RolePlace, ent.id,
           Info{0, 0, singular_person, r.role_plural, 0});
      return;
    }
  }
  // With no country named yet, the sentence's own ("The military government of President
  // Prosper Avril declared a state of siege in Haiti").
  const bool definite =
      !modifies_next && r.b > 0 && (cls(r.b - 1) & match::kDefinite) && units_[r.b - 1].is_word;
  const std::string back_to =
      !definite ? std::string()
      : last_country_mention() >= 0
          ? story_.out[static_cast<size_t>(last_country_mention())].actor.country
          : context_country(s, k);
  if (definite && !back_to.empty()) {
    const std::string c = back_to;
    const Entity* ce = t_.country_entity(c);
    Actor a = actor_of_code(c + role.sector, ce ? ce->name : c,
                            role.sector.empty() ? ActorType::Country : ActorType::Sector);
    if (!role.sector.empty()) a.name += " " + role.sector;
    emit(s, r.b - 1, end, a, MentionHow::CorefRole, ce ? ce->id : "",
         Info{0, 0, singular_person, r.role_plural, 0});
    return;
  }
  if (role.standalone) {
    const Actor a = sector_alone(role.sector, r.b, end);
    emit(s, r.b, end, a, MentionHow::Role, "", Info{0, 0, false, r.role_plural, 0});
    return;
  }
  // "rebels", "more than 500 civilians", "a court said": an agent of no country is coded by
  // its sector alone, as CAMEO codes agents without a country. A singular word must not be
  // used as an adjective ("a military operation", "police firing").
  if (role.agent && !role.sector.empty() && role.country.empty() && !modifies_next &&
      (r.role_plural || !attributive(end))) {
    const Actor a = sector_alone(role.sector, r.b, end);
    emit(s, quantified_begin(r.b), end, a, MentionHow::Agent, "",
         Info{0, 0, singular_person, r.role_plural, 0});
    story_.out.back().context_country = context_country(s, k);
    return;
  }
  if (!role.country.empty()) {
    const Entity* ce = t_.country_entity(role.country);
    Actor a =
        actor_of_code(role.country + role.sector, ce ? ce->name : role.country, ActorType::Sector);
    emit(s, r.b, end, a, MentionHow::Role, ce ? ce->id : "",
         Info{0, 0, singular_person, r.role_plural, 0});
  }
}

Actor Run::sector_alone(const std::string& sector, uint32_t b, uint32_t e) const {
  Actor a;
  a.code = sector;
  a.sector = sector;
  a.name = std::string(
      std::string_view(doc_.text).substr(units_[b].begin, units_[e - 1].end - units_[b].begin));
  a.type = ActorType::Sector;
  return a;
}

bool Run::attributive(uint32_t u) const {
  if (u >= units_.size() || !units_[u].is_word) return false;
  if (cls(u) & (match::kGapStop | match::kPlacePrep | match::kCoordinator)) return false;
  // A past-tense verb after the word makes it a noun: "a court ruled", "police arrested".
  const std::string_view w = unit_text(u);
  if (!units_[u].first_upper && w.size() > 3 && w.substr(w.size() - 2) == "ed") return false;
  return true;
}

uint32_t Run::quantified_begin(uint32_t b) const {
  uint32_t j = b;
  while (j > 0 && (units_[j - 1].is_number || (cls(j - 1) & match::kQuantifier))) --j;
  // "of dozens of civilians" starts at "dozens"; "at least 156 people" keeps "at".
  while (j < b && !units_[j].is_number && (cls(j) & match::kGapStop) &&
         !(cls(j) & match::kModifier) &&
         ((cls(j) & match::kLinkOf) || (cls(j + 1) & match::kGapStop) || j + 1 == b))
    ++j;
  return j;
}

void Run::compose_role_known(uint32_t s, uint32_t ub, uint32_t ue, const Entity& ent,
                             const match::RoleWord& role, bool plural) {
  Actor a = actor_of_code(ent.code + role.sector, ent.name,
                          role.sector.empty() ? ActorType::Country : ActorType::Sector);
  if (!role.sector.empty()) a.name += " " + role.sector;
  emit(s, ub, ue, a, MentionHow::Role, ent.id, Info{0, 0, role.person && !plural, plural, 0});
}

void Run::group_phrase(uint32_t s, const Item& it) {
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
    emit(s, it.b, it.e, actor_of_code(c, ce ? ce->name : c, ActorType::Country),
         MentionHow::CorefGroup, ce ? ce->id : "", Info{0, 0, false, true, 0});
    story_.out.back().group = g;
  }
}

void Run::entity_alone(uint32_t s, const Item& it) {
  const Entity& ent = t_.entities[it.entity];
  MentionHow how = MentionHow::Lexicon;
  if (ent.metonym) {
    how = it.b > 0 && (cls(it.b - 1) & match::kPlacePrep) ? MentionHow::Place : MentionHow::Metonym;
  } else if (it.adj && !it.noun) {
    how = MentionHow::Adjective;
  }
  emit(s, it.b, it.e, entity_actor(it.entity), how, ent.id, Info{0, 0, false, false, 0});
}

void Run::person_alone(uint32_t s, const Item& it) {
  const uint32_t pi = pick_person(it.node, it.mask, {});
  if (pi == kNone) return;
  bool in_role = false;
  Actor a = person_actor(pi, in_role);
  const bool was_active = story_.active(pi);
  story_.activate(pi);
  const auto& p = t_.persons[pi];
  emit(s, it.b, it.e, a, was_active ? MentionHow::CorefName : MentionHow::Person,
       t_.entities[p.entity].id, Info{0, 0, true, false, p.gender});
}

void Run::join_groups(size_t from) {
  for (size_t q = from; q + 1 < story_.out.size(); ++q) {
    ActorMention& a = story_.out[q];
    ActorMention& b = story_.out[q + 1];
    if (a.sentence != b.sentence || (a.group >= 0 && a.group == b.group)) continue;
    if (b.group >= 0 || a.how == MentionHow::CorefGroup || is_coreference(b.how)) continue;
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

void Run::appositions(uint32_t s, size_t from) {
  const size_t end = story_.out.size();
  for (size_t q = from; q < end; ++q) {
    const MentionHow how = story_.out[q].how;
    if (story_.info[q].plural || story_.out[q].actor.code.empty() ||
        !(how == MentionHow::Role || how == MentionHow::Agent || how == MentionHow::RolePlace))
      continue;
    // Back over "a former", "the", "a suspected" to the comma.
    uint32_t j = story_.info[q].ub;
    while (j > 0 && units_[j - 1].is_word && !units_[j - 1].first_upper &&
           (cls(j - 1) & (match::kModifier | match::kDeterminer | match::kQuantifier)))
      --j;
    if (j < 2 || unit_text(j - 1) != ",") continue;
    const uint32_t ne = j - 1;
    uint32_t nb = ne;
    while (nb > 0 && ne - nb < 4 && unknown_cap(nb - 1)) --nb;
    // A whole name of its own: not cut off, and one word only inside a sentence ("However,
    // a court ..." is no name).
    if (nb == ne || (nb > 0 && cap_word(nb - 1)) || (ne - nb == 1 && units_[nb].initial)) continue;
    bool taken = false;
    for (size_t r = from; r < story_.out.size() && !taken; ++r) {
      taken = story_.info[r].ub < ne && story_.info[r].ue > nb;
    }
    if (taken) continue;
    Actor pa = story_.out[q].actor;
    pa.type = ActorType::Person;
    pa.name = std::string(std::string_view(doc_.text).substr(
        units_[nb].begin, units_[ne - 1].end - units_[nb].begin));
    std::string entry = story_.out[q].entry_id;
    learn(nb, ne, pa);
    emit(s, nb, ne, std::move(pa), MentionHow::Title, std::move(entry), Info{0, 0, true, false, 0});
  }
}

void Run::sentence(uint32_t s) {
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
      while (m + 2 < items_.size() && items_[m + 1].coordinator && items_[m + 1].b == items_[m].e &&
             items_[m + 2].entity != kNone && items_[m + 2].b == items_[m + 1].e && items_[m].adj &&
             items_[m + 2].adj) {
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
                                        ActorType::Sector)
                        : entity_actor(items_[h].entity);
          const uint32_t ue = h == m ? items_[static_cast<size_t>(r)].e : items_[h].e;
          emit(s, items_[h].b, ue, a, MentionHow::Role, ent.id, Info{0, 0, false, true, 0});
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
      emit(s, it.b, it.e, a, MentionHow::CorefName, l.entry_id, Info{0, 0, true, false, 0});
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
  appositions(s, first_mention);
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

}  // namespace entente::match
