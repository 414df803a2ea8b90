// Private to the query module: the dyads that link two actors in a Direction, so that paths
// and neighbourhoods walk the dyad graph along, against or regardless of the events.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "entente/graph.h"
#include "entente/query.h"

namespace entente::detail {

// What links actor u to actor v: `fwd` is the dyad u -> v, `back` the dyad v -> u, each
// present only when it exists and the direction allows it.
struct Link {
  std::optional<DyadId> fwd;
  std::optional<DyadId> back;
};

// The link u - v for `direction` (Out: fwd only, In: back only, Any: both).
inline Link find_link(const KnowledgeGraph& g, Direction direction, ActorId u, ActorId v) {
  Link l;
  if (direction != Direction::In) l.fwd = g.find_dyad(u, v);
  if (direction != Direction::Out) l.back = g.find_dyad(v, u);
  return l;
}

// The direction that walks the same links the other way round.
constexpr Direction reversed(Direction d) {
  return d == Direction::Out ? Direction::In : d == Direction::In ? Direction::Out : d;
}

// Calls fn(v, link) for every actor v other than u that `direction` links to u, in code order
// (actors are numbered in code order, and out_dyads / in_dyads are sorted by the other actor).
template <class Fn>
void for_each_link(const KnowledgeGraph& g, Direction direction, ActorId u, Fn fn) {
  const std::span<const DyadId> out =
      direction == Direction::In ? std::span<const DyadId>{} : g.out_dyads(u);
  const std::span<const DyadId> in =
      direction == Direction::Out ? std::span<const DyadId>{} : g.in_dyads(u);
  size_t i = 0, j = 0;
  while (i < out.size() || j < in.size()) {
    const uint32_t vo = i < out.size() ? index_of(g.dyad(out[i]).target) : UINT32_MAX;
    const uint32_t vi = j < in.size() ? index_of(g.dyad(in[j]).source) : UINT32_MAX;
    const uint32_t v = vo < vi ? vo : vi;
    Link l;
    if (vo == v) l.fwd = out[i++];
    if (vi == v) l.back = in[j++];
    if (v != index_of(u)) fn(v, l);
  }
}

}  // namespace entente::detail
