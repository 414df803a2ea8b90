// Coreference and output: pronouns, names learned from titles, the countries named so far,
// and the emitted mentions with the facts coreference needs.
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

std::string Run::context_country(uint32_t s, size_t k) const {
  std::string first_here;
  for (size_t i = story_.out.size(); i-- > 0 && story_.out[i].sentence == s;) {
    if (!story_.out[i].actor.country.empty() && !is_coreference(story_.out[i].how)) {
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

int Run::last_country_mention() const {
  int last = -1;
  for (const auto& [c, sc] : story_.countries) last = std::max(last, static_cast<int>(sc.second));
  return last;
}

void Run::emit(uint32_t s, uint32_t ub, uint32_t ue, Actor actor, MentionHow how,
               std::string entry_id, Info info) {
  ActorMention m;
  m.sentence = s;
  m.first_token = units_[ub].token;
  m.end_token = units_[ue - 1].token + 1;
  m.span = Span{units_[ub].begin, units_[ue - 1].end};
  m.actor = std::move(actor);
  m.how = how;
  m.entry_id = std::move(entry_id);
  info.ub = ub;
  info.ue = ue;
  if (!m.actor.country.empty() && !is_coreference(m.how)) {
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

void Run::add_learned(Learned l) {
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

void Run::learn(uint32_t u, uint32_t v, const Actor& actor) {
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

void Run::pronoun(uint32_t s, const Item& it) {
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
    emit(s, it.b, it.e, src.actor, MentionHow::CorefPronoun, src.entry_id,
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
        emit(s, it.b, it.e, m.actor, MentionHow::CorefPronoun, m.entry_id,
             Info{0, 0, false, true, 0});
        story_.out.back().group = ng;
      }
      return;
    }
    if (story_.info[i].plural) {
      const ActorMention src = story_.out[i];
      emit(s, it.b, it.e, src.actor, MentionHow::CorefPronoun, src.entry_id,
           Info{0, 0, false, true, 0});
      return;
    }
  }
}

}  // namespace entente::match
