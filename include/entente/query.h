// entente query: questions to the knowledge graph. Timelines of an actor or a dyad, shortest
// and time-respecting paths, neighbourhoods, statistics and centrality; actor resolution from
// codes or names.
// Pipeline position: reads a loaded KnowledgeGraph; the CLI formats the results.
// Thread safety: every function is pure over a const graph and may run concurrently.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "entente/core.h"
#include "entente/graph.h"

namespace entente {

// Which events a query looks at. Empty lists accept everything.
struct EventFilter {
  std::optional<CivilDate> from;       // events whose date interval ends on or after this day
  std::optional<CivilDate> to;         // ... and begins on or before this day
  std::vector<std::string> codes;      // CAMEO code prefixes ("036", "03", "1")
  std::vector<int> quad_classes;       // 1..4
  bool include_undated = true;         // undated events pass when no date bound is set

  bool accepts(const GraphEvent& e) const;
  bool is_empty() const;
};

// Parses a comma-separated list of CAMEO codes ("036,04"). InvalidInput for a non-digit code.
[[nodiscard]] Result<std::vector<std::string>> parse_code_list(std::string_view text);
// Parses "1,2" into QuadClasses. InvalidInput outside 1..4.
[[nodiscard]] Result<std::vector<int>> parse_quad_list(std::string_view text);

// Resolves an actor given on the command line: an exact code ("CHNGOV"), a code prefix
// ("USA" = USA, USAGOV, USAMIL ...), or a name ("Li Qiang", case-insensitive). Returns the
// actors in code order. NotFound with up to three suggestions for anything else.
[[nodiscard]] Result<std::vector<ActorId>> resolve_actor(const KnowledgeGraph& graph,
                                                         std::string_view text);

enum class Period { Day, Week, Month, Quarter, Year };
// "day", "week", "month", "quarter", "year"; InvalidInput otherwise.
[[nodiscard]] Result<Period> parse_period(std::string_view text);
std::string_view period_name(Period p);
// The label of the period holding `day`: "2023-08-29", "2023-W35", "2023-08", "2023-Q3", "2023".
std::string period_label(Period p, CivilDate day);

struct TimelineOptions {
  Period by = Period::Month;
  EventFilter filter;
  bool fill_gaps = true;  // include empty periods between the first and the last
};

struct TimelineBucket {
  std::string period;
  int64_t count = 0;
  std::array<int64_t, 4> quad{};  // events per QuadClass 1..4
  double goldstein_sum = 0;
  double goldstein_mean = 0;  // 0 for an empty bucket
  double coop_index = 0;      // (quad 1 + 2 - quad 3 - 4) / count, in [-1, 1]
};

struct Timeline {
  Period by = Period::Month;
  std::vector<TimelineBucket> buckets;  // in time order
  std::vector<EventId> events;          // matching events in graph order (dated, then undated)
};

// Events of `a` (source or target) or, with `b`, of the dyad a-b in both directions, bucketed
// by period (on each event's first day). Undated events are listed but not bucketed.
Timeline timeline(const KnowledgeGraph& graph, const std::vector<ActorId>& a,
                  const std::vector<ActorId>* b, const TimelineOptions& options);

enum class PathWeight {
  Hops,         // every hop costs 1
  Cooperation,  // hops over cooperative dyads cost less: 1 + (10 - mean Goldstein) / 10
  Conflict,     // hops over conflictual dyads cost less: 1 + (10 + mean Goldstein) / 10
};
[[nodiscard]] Result<PathWeight> parse_weight(std::string_view text);

// Which way a hop may follow its event.
enum class Direction {
  Any,  // either way: the dyad graph taken as undirected ("how are A and B linked?")
  Out,  // along the events: each hop's event went from the nearer actor to the farther one
  In,   // against the events: each hop's event went from the farther actor to the nearer one
};
// "any", "out", "in"; InvalidInput otherwise.
[[nodiscard]] Result<Direction> parse_direction(std::string_view text);
std::string_view direction_name(Direction d);

struct PathOptions {
  Direction direction = Direction::Any;
  PathWeight weight = PathWeight::Hops;
  size_t k = 1;          // paths wanted (shortest first; Yen's algorithm over simple paths)
  size_t max_hops = 6;   // longer paths are not reported
  EventFilter filter;
  bool strict = false;   // temporal: each event strictly after the previous one (else same day ok)
};

struct Path {
  size_t hops = 0;
  double cost = 0;                 // hops, or the weighted cost
  std::vector<ActorId> actors;     // hops + 1 actors
  std::vector<EventId> events;     // one event per hop
  std::vector<bool> forward;       // per hop: its event went from actors[i] to actors[i + 1]
  std::optional<CivilDate> arrival;  // temporal paths: the day of the last event
};

// Shortest paths from any actor of `from` to any actor of `to` over dyads with an event that
// passes the filter, taken in options.direction (Any: a hop over A-B uses the events of both
// A -> B and B -> A, for its cost too). Each hop shows its latest event (hops), its most
// cooperative (cooperation) or its most conflictual (conflict). Ties break by actor codes.
// A path meets `to` only at its end and `from` only at its start (with k > 1, paths that run
// on from one actor of `to` to another are not counted again). An empty result means
// unreachable. InvalidInput when k is 0.
[[nodiscard]] Result<std::vector<Path>> shortest_paths(const KnowledgeGraph& graph,
                                                       const std::vector<ActorId>& from,
                                                       const std::vector<ActorId>& to,
                                                       const PathOptions& options);

// The time-respecting journey (events in date order, each leaving the actor the previous one
// reached) that reaches `to` earliest, starting on or after options.filter.from, with the
// fewest hops among those. With Direction::Any an event carries the journey either way, with
// In only from its target to its source. Empty when none exists within max_hops.
[[nodiscard]] Result<std::vector<Path>> temporal_paths(const KnowledgeGraph& graph,
                                                       const std::vector<ActorId>& from,
                                                       const std::vector<ActorId>& to,
                                                       const PathOptions& options);

struct Neighbor {
  ActorId actor{};
  int depth = 0;       // hops from the nearest start actor, in the direction asked
  int64_t events = 0;  // events linking it to actors one hop nearer (in that direction)
};

// Actors within `depth` hops of `start` (Out: reached along events, from their sources; In:
// against them; Any: either way), sorted by depth, events (most first), code. The start
// actors are not listed.
std::vector<Neighbor> neighbors(const KnowledgeGraph& graph, const std::vector<ActorId>& start,
                                int depth, const EventFilter& filter,
                                Direction direction = Direction::Any);

struct ActorStat {
  ActorId actor{};
  int64_t events = 0;
  int64_t degree = 0;  // distinct neighbours, either direction
  double betweenness = 0;
};
struct DyadStat {
  ActorId source{};
  ActorId target{};
  int64_t events = 0;
};
struct GraphStats {
  int64_t events = 0;
  int64_t actors = 0;
  int64_t dyads = 0;
  std::string first_date;  // ISO, empty when no dated event
  std::string last_date;
  std::vector<ActorStat> top_actors;      // by events, then code
  std::vector<DyadStat> top_dyads;        // by events, then codes
  std::vector<ActorStat> top_betweenness; // by betweenness, then code
};
GraphStats graph_stats(const KnowledgeGraph& graph, size_t top);

}  // namespace entente
