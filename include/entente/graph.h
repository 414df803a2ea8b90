// entente graph: the knowledge graph in memory. Actors are vertices; merged events are edges,
// grouped per directed dyad (source, target) and sorted by date; a global time-sorted event
// array serves time-respecting (temporal) queries.
// Pipeline position: loaded from the store; queries and exports read it. Boost.Graph is the
// backend, kept behind a pimpl.
// Thread safety: immutable after load(); const methods may run concurrently.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "entente/core.h"
#include "entente/store.h"

namespace entente {

// Index of an actor (vertex): actors are numbered in code order.
enum class ActorId : uint32_t {};
// Index of an event in the graph's global order: (day_begin, id), undated events last.
enum class EventId : uint32_t {};
// Index of a directed dyad (an edge of the dyad graph), numbered in (source, target) order.
enum class DyadId : uint32_t {};

constexpr uint32_t index_of(ActorId a) { return static_cast<uint32_t>(a); }
constexpr uint32_t index_of(EventId e) { return static_cast<uint32_t>(e); }
constexpr uint32_t index_of(DyadId d) { return static_cast<uint32_t>(d); }

// Day serial of an undated event's day_begin / day_end.
inline constexpr int32_t kUndated = INT32_MIN;

struct GraphActor {
  std::string code;
  std::string name;
  std::string country;
  std::string sector;
  std::string type;
};

struct GraphEvent {
  ActorId source{};
  ActorId target{};
  int32_t day_begin = kUndated;  // CivilDate serial
  int32_t day_end = kUndated;
  double goldstein = 0;
  uint32_t count = 1;  // sources
  uint8_t quad_class = 0;
  bool negated = false;
  char code[4] = {};  // CAMEO code, NUL-padded ("036", "1041" fills all four)
  std::string_view code_view() const;
  std::string_view root() const { return code_view().substr(0, 2); }
};

struct Dyad {
  ActorId source{};
  ActorId target{};
  std::span<const EventId> events;  // sorted by (day_begin, id)
};

struct GraphOptions {
  bool include_negated = false;  // negated events are kept out of the graph unless asked
  size_t max_vertices = 10u << 20;
  bool use_snapshot = true;      // load from the store's snapshot when it is current
};

class KnowledgeGraph {
 public:
  // Loads every actor and (non-negated) merged event of the store, from the store's snapshot
  // when one is current (see save_snapshot), else from its tables.
  // Fails with LimitExceeded over options.max_vertices, or with the store's error.
  [[nodiscard]] static Result<KnowledgeGraph> load(const Store& store, GraphOptions options = {});
  // True when this graph came from a current snapshot.
  bool from_snapshot() const;
  // Writes this graph as the store's snapshot, so the next load() is fast (until the next
  // ingest changes the store). REQUIRES: the graph was loaded from `store`'s current content.
  // Fails with InvalidInput on a read-only store.
  [[nodiscard]] Result<void> save_snapshot(Store& store) const;
  // Builds a graph from plain values (tests, other backends). Events naming an actor code
  // missing from `actors` fail with InvalidData.
  [[nodiscard]] static Result<KnowledgeGraph> build(const std::vector<StoredActor>& actors,
                                                    const std::vector<StoredEvent>& events,
                                                    GraphOptions options = {});
  ~KnowledgeGraph();
  KnowledgeGraph(KnowledgeGraph&&) noexcept;
  KnowledgeGraph& operator=(KnowledgeGraph&&) noexcept;

  size_t actor_count() const;
  size_t event_count() const;
  size_t dyad_count() const;

  const GraphActor& actor(ActorId a) const;
  const GraphEvent& event(EventId e) const;
  // The merged event's id ("doc:3:0"); valid while the graph lives.
  std::string_view event_id(EventId e) const;
  // The TIMEX3 value of the event's date, empty when undated.
  std::string event_date(EventId e) const;
  const Dyad& dyad(DyadId d) const;
  // The name of a CAMEO code as the store gave it ("Express intent to meet"), or empty.
  std::string_view code_label(std::string_view code) const;

  // The actor with exactly this code.
  std::optional<ActorId> find_code(std::string_view code) const;
  // Every (name, actor) pair known, sorted by name then code; names from the store's counts.
  const std::vector<std::pair<std::string, ActorId>>& names() const;

  // Dyads leaving / entering an actor, sorted by the other actor's code.
  std::span<const DyadId> out_dyads(ActorId a) const;
  std::span<const DyadId> in_dyads(ActorId a) const;
  // The dyad source -> target, if any event links them in that direction.
  std::optional<DyadId> find_dyad(ActorId source, ActorId target) const;
  // Number of events in [0, event_count()) that are dated: dated events come first.
  size_t dated_event_count() const;

  // Degree (distinct neighbours, either direction) and betweenness centrality (Brandes, on
  // the directed dyad graph, unweighted, not normalised) of every actor.
  std::vector<double> betweenness() const;

 private:
  struct Impl;
  explicit KnowledgeGraph(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace entente
