// Step 2, lexical items: greedy longest match over the token trie, with case rules per alias
// word and the checks that need context (given names, story words, short names, months).
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

bool Run::shape_ok(const Payload& p, uint32_t b) const {
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

bool Run::known_item_at(uint32_t u) const {
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

bool Run::context_ok(uint32_t entity) {
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
        const bool left = pos == 0 || !std::isalnum(static_cast<unsigned char>(doc_.text[pos - 1]));
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

bool Run::payload_ok(const Payload& p, uint32_t b, uint32_t e) {
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

bool Run::short_name_ok(uint32_t b, uint32_t e) const {
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

void Run::fill(Item& it) {
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

uint32_t Run::learned_at(uint32_t u, int& which) const {
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

Item Run::item_at(uint32_t u) {
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

}  // namespace entente::match
