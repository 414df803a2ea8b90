// Paths between actors: shortest, k-shortest (Yen), weighted and time-respecting (query.h).
#include "entente/query.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <optional>
#include <queue>
#include <set>

namespace entente {

namespace {
// Per-query view of the dyad graph: which dyads have a passing event, their cost and the
// event that stands for each hop.
class DyadView {
 public:
  DyadView(const KnowledgeGraph& g, const PathOptions& o) : g_(g), o_(o) {
    const size_t n = g.dyad_count();
    state_.assign(n, 0);
    cost_.assign(n, 1.0);
    rep_.assign(n, EventId{0});
  }
  // False when no event of the dyad passes the filter.
  bool usable(DyadId d) {
    compute(d);
    return state_[index_of(d)] == 1;
  }
  double cost(DyadId d) {
    compute(d);
    return cost_[index_of(d)];
  }
  EventId representative(DyadId d) {
    compute(d);
    return rep_[index_of(d)];
  }

 private:
  void compute(DyadId d) {
    const uint32_t i = index_of(d);
    if (state_[i] != 0) return;
    const auto& events = g_.dyad(d).events;
    const bool no_filter = o_.filter.is_empty();
    if (o_.weight == PathWeight::Hops && no_filter) {
      // Latest dated event (events are in time order, undated last).
      EventId best = events.back();
      for (size_t k = events.size(); k-- > 0;)
        if (g_.event(events[k]).day_begin != kUndated) {
          best = events[k];
          break;
        }
      state_[i] = 1;
      rep_[i] = best;
      return;
    }
    double sum = 0;
    size_t n = 0;
    std::optional<EventId> best;
    std::optional<EventId> latest;
    for (EventId e : events) {
      const GraphEvent& ev = g_.event(e);
      if (!o_.filter.accepts(ev)) continue;
      sum += ev.goldstein;
      ++n;
      if (ev.day_begin != kUndated || !latest) latest = e;
      if (o_.weight == PathWeight::Cooperation && (!best || ev.goldstein >= g_.event(*best).goldstein))
        best = e;
      if (o_.weight == PathWeight::Conflict && (!best || ev.goldstein <= g_.event(*best).goldstein))
        best = e;
    }
    if (n == 0) {
      state_[i] = 2;
      return;
    }
    state_[i] = 1;
    const double mean = sum / static_cast<double>(n);
    if (o_.weight == PathWeight::Hops) {
      rep_[i] = *latest;
    } else {
      rep_[i] = *best;
      cost_[i] = o_.weight == PathWeight::Cooperation ? 1 + (10 - mean) / 10 : 1 + (10 + mean) / 10;
      cost_[i] = std::clamp(cost_[i], 1.0, 3.0);
    }
  }
  const KnowledgeGraph& g_;
  const PathOptions& o_;
  std::vector<uint8_t> state_;  // 0 unknown, 1 usable, 2 no passing event
  std::vector<double> cost_;
  std::vector<EventId> rep_;
};

struct NodePath {
  std::vector<uint32_t> nodes;  // includes the virtual start (n) and end (n + 1)
  double cost = 0;
  bool operator<(const NodePath& o) const {
    if (cost != o.cost) return cost < o.cost;
    if (nodes.size() != o.nodes.size()) return nodes.size() < o.nodes.size();
    return nodes < o.nodes;
  }
};

// Shortest paths between sets through two virtual vertices, with Yen's algorithm for k > 1.
class PathSearch {
 public:
  PathSearch(const KnowledgeGraph& g, const std::vector<ActorId>& from, const std::vector<ActorId>& to,
             DyadView& view)
      : g_(g), view_(view), n_(static_cast<uint32_t>(g.actor_count())) {
    is_from_.assign(n_, 0);
    is_to_.assign(n_, 0);
    for (ActorId a : from) is_from_[index_of(a)] = 1;
    for (ActorId a : to) is_to_[index_of(a)] = 1;
  }
  uint32_t start() const { return n_; }
  uint32_t end() const { return n_ + 1; }

  // Calls fn(v, cost) for every edge leaving u, in a fixed order.
  template <class Fn>
  void for_each_edge(uint32_t u, Fn fn) {
    if (u == start()) {
      for (uint32_t a = 0; a < n_; ++a)
        if (is_from_[a]) fn(a, 0.0);
      return;
    }
    if (u == end()) return;
    for (DyadId d : g_.out_dyads(ActorId{u})) {
      const uint32_t v = index_of(g_.dyad(d).target);
      if (v == u || !view_.usable(d)) continue;
      fn(v, view_.cost(d));
    }
    if (is_to_[u]) fn(end(), 0.0);
  }
  double edge_cost(uint32_t u, uint32_t v) {
    if (u == start() || v == end()) return 0;
    return view_.cost(*g_.find_dyad(ActorId{u}, ActorId{v}));
  }

  // Dijkstra from `source` to the virtual end, avoiding banned nodes and edges.
  std::optional<NodePath> dijkstra(uint32_t source, const std::vector<uint8_t>& banned_node,
                                   const std::set<std::pair<uint32_t, uint32_t>>& banned_edge) {
    const uint32_t total = n_ + 2;
    std::vector<double> dist(total, INFINITY);
    std::vector<uint32_t> prev(total, UINT32_MAX);
    std::vector<uint8_t> done(total, 0);
    using Item = std::pair<double, uint32_t>;
    std::priority_queue<Item, std::vector<Item>, std::greater<>> q;
    dist[source] = 0;
    q.emplace(0.0, source);
    while (!q.empty()) {
      // Not a structured binding: clang 14 (the fuzz build) cannot capture one in a lambda.
      const double du = q.top().first;
      const uint32_t u = q.top().second;
      q.pop();
      if (done[u]) continue;
      done[u] = 1;
      if (u == end()) break;
      for_each_edge(u, [&](uint32_t v, double c) {
        if (banned_node[v] || done[v]) return;
        if (!banned_edge.empty() && banned_edge.count({u, v})) return;
        const double nd = du + c;
        if (nd < dist[v]) {
          dist[v] = nd;
          prev[v] = u;
          q.emplace(nd, v);
        }
      });
    }
    if (!done[end()]) return std::nullopt;
    NodePath p;
    p.cost = dist[end()];
    for (uint32_t v = end(); v != UINT32_MAX; v = prev[v]) p.nodes.push_back(v);
    std::reverse(p.nodes.begin(), p.nodes.end());
    return p;
  }

  std::vector<NodePath> yen(size_t k, size_t max_hops) {
    std::vector<NodePath> found;
    std::vector<uint8_t> no_nodes(n_ + 2, 0);
    auto first = dijkstra(start(), no_nodes, {});
    if (!first) return found;
    auto hops = [](const NodePath& p) { return p.nodes.size() - 3; };
    std::vector<NodePath> accepted{*first};
    std::set<NodePath> candidates;
    // Weighted searches may find a short-hop path after a long one: allow some extra rounds.
    const size_t max_rounds = k + 64;
    for (size_t round = 1; round < max_rounds; ++round) {
      size_t good = 0;
      for (const auto& p : accepted) good += hops(p) <= max_hops;
      if (good >= k) break;
      if (view_is_hops_ && hops(accepted.back()) > max_hops) break;
      const NodePath& last = accepted.back();
      for (size_t i = 0; i + 2 < last.nodes.size(); ++i) {
        const uint32_t spur = last.nodes[i];
        std::set<std::pair<uint32_t, uint32_t>> banned_edge;
        for (const auto& p : accepted)
          if (p.nodes.size() > i + 1 && std::equal(p.nodes.begin(), p.nodes.begin() + static_cast<long>(i) + 1,
                                                   last.nodes.begin()))
            banned_edge.insert({p.nodes[i], p.nodes[i + 1]});
        std::vector<uint8_t> banned_node(n_ + 2, 0);
        double root_cost = 0;
        for (size_t j = 0; j < i; ++j) {
          banned_node[last.nodes[j]] = 1;
          root_cost += edge_cost(last.nodes[j], last.nodes[j + 1]);
        }
        auto spur_path = dijkstra(spur, banned_node, banned_edge);
        if (!spur_path) continue;
        NodePath total;
        total.nodes.assign(last.nodes.begin(), last.nodes.begin() + static_cast<long>(i));
        total.nodes.insert(total.nodes.end(), spur_path->nodes.begin(), spur_path->nodes.end());
        total.cost = root_cost + spur_path->cost;
        if (std::find_if(accepted.begin(), accepted.end(), [&](const NodePath& p) {
              return p.nodes == total.nodes;
            }) == accepted.end())
          candidates.insert(std::move(total));
      }
      if (candidates.empty()) break;
      accepted.push_back(*candidates.begin());
      candidates.erase(candidates.begin());
    }
    for (auto& p : accepted)
      if (hops(p) <= max_hops && found.size() < k) found.push_back(std::move(p));
    return found;
  }
  bool view_is_hops_ = true;

 private:
  const KnowledgeGraph& g_;
  DyadView& view_;
  uint32_t n_;
  std::vector<uint8_t> is_from_, is_to_;
};
}  // namespace

namespace {
// One shortest path by hops: a breadth-first search level by level, each level in code order,
// so that every actor's parent is the first (by code) actor one level nearer, exactly as the
// Dijkstra of the general case would choose.
std::optional<std::vector<ActorId>> bfs_path(const KnowledgeGraph& graph,
                                             const std::vector<ActorId>& from,
                                             const std::vector<ActorId>& to,
                                             const PathOptions& options) {
  const size_t n = graph.actor_count();
  std::vector<uint32_t> parent(n, UINT32_MAX);
  std::vector<uint8_t> seen(n, 0), target(n, 0);
  for (ActorId b : to) target[index_of(b)] = 1;
  const bool single_target = to.size() == 1;
  std::vector<uint32_t> level;
  for (ActorId a : from) {
    if (!seen[index_of(a)]) level.push_back(index_of(a));
    seen[index_of(a)] = 1;
  }
  std::sort(level.begin(), level.end());
  const bool no_filter = options.filter.is_empty();
  auto usable = [&](const Dyad& d) {
    if (no_filter) return true;
    for (EventId e : d.events)
      if (options.filter.accepts(graph.event(e))) return true;
    return false;
  };
  auto finish = [&](uint32_t v) {
    std::vector<ActorId> path;
    for (uint32_t x = v; x != UINT32_MAX; x = parent[x]) path.push_back(ActorId{x});
    std::reverse(path.begin(), path.end());
    return path;
  };
  for (size_t depth = 0; !level.empty(); ++depth) {
    for (uint32_t v : level)
      if (target[v]) return finish(v);
    if (depth == options.max_hops) break;
    std::vector<uint32_t> next;
    for (uint32_t u : level)
      for (DyadId d : graph.out_dyads(ActorId{u})) {
        const Dyad& dy = graph.dyad(d);
        const uint32_t v = index_of(dy.target);
        if (seen[v] || !usable(dy)) continue;
        seen[v] = 1;
        parent[v] = u;
        // With one target, its first discovery (from the first parent by code) is the answer.
        if (single_target && target[v]) return finish(v);
        next.push_back(v);
      }
    std::sort(next.begin(), next.end());
    level = std::move(next);
  }
  return std::nullopt;
}

// The event that stands for a hop: the latest that passes (hops), the most cooperative
// (cooperation) or the most conflictual (conflict); later events win ties.
EventId representative(const KnowledgeGraph& graph, const Dyad& d, const PathOptions& o) {
  std::optional<EventId> best;
  for (EventId e : d.events) {
    const GraphEvent& ev = graph.event(e);
    if (!o.filter.accepts(ev)) continue;
    if (!best) {
      best = e;
      continue;
    }
    const GraphEvent& b = graph.event(*best);
    switch (o.weight) {
      case PathWeight::Hops:
        if (ev.day_begin != kUndated || b.day_begin == kUndated) best = e;
        break;
      case PathWeight::Cooperation:
        if (ev.goldstein >= b.goldstein) best = e;
        break;
      case PathWeight::Conflict:
        if (ev.goldstein <= b.goldstein) best = e;
        break;
    }
  }
  return best ? *best : d.events.back();
}
}  // namespace

Result<std::vector<Path>> shortest_paths(const KnowledgeGraph& graph, const std::vector<ActorId>& from,
                                         const std::vector<ActorId>& to, const PathOptions& options) {
  if (options.k == 0) return make_error(Errc::InvalidInput, "--k must be at least 1");
  if (options.weight == PathWeight::Hops && options.k == 1) {
    std::vector<Path> out;
    auto actors = bfs_path(graph, from, to, options);
    if (!actors) return out;
    Path p;
    p.actors = std::move(*actors);
    p.hops = p.actors.size() - 1;
    p.cost = static_cast<double>(p.hops);
    for (size_t i = 0; i + 1 < p.actors.size(); ++i)
      p.events.push_back(
          representative(graph, graph.dyad(*graph.find_dyad(p.actors[i], p.actors[i + 1])), options));
    out.push_back(std::move(p));
    return out;
  }
  DyadView view(graph, options);
  PathSearch search(graph, from, to, view);
  search.view_is_hops_ = options.weight == PathWeight::Hops;
  std::vector<Path> out;
  for (auto& np : search.yen(options.k, options.max_hops)) {
    Path p;
    p.cost = np.cost;
    for (size_t i = 1; i + 1 < np.nodes.size(); ++i) p.actors.push_back(ActorId{np.nodes[i]});
    p.hops = p.actors.size() - 1;
    if (options.weight == PathWeight::Hops) p.cost = static_cast<double>(p.hops);
    for (size_t i = 0; i + 1 < p.actors.size(); ++i)
      p.events.push_back(view.representative(*graph.find_dyad(p.actors[i], p.actors[i + 1])));
    out.push_back(std::move(p));
  }
  return out;
}

Result<std::vector<Path>> temporal_paths(const KnowledgeGraph& graph, const std::vector<ActorId>& from,
                                         const std::vector<ActorId>& to, const PathOptions& options) {
  std::vector<Path> out;
  const size_t n = graph.actor_count();
  std::vector<uint8_t> is_to(n, 0);
  for (ActorId a : to) is_to[index_of(a)] = 1;
  for (ActorId a : from)
    if (is_to[index_of(a)]) {
      Path p;
      p.actors.push_back(a);
      out.push_back(std::move(p));
      return out;
    }
  struct Label {
    int32_t time;
    uint32_t hops;
    uint32_t event;  // UINT32_MAX for a start label
    uint32_t prev;   // label index
  };
  std::vector<Label> labels;
  std::vector<std::vector<uint32_t>> at(n);  // Pareto labels per actor: time up, hops down
  const int32_t start_day = options.filter.from ? options.filter.from->serial() : INT32_MIN + 2;
  for (ActorId a : from) {
    at[index_of(a)].push_back(static_cast<uint32_t>(labels.size()));
    labels.push_back({options.strict ? start_day - 1 : start_day, 0, UINT32_MAX, UINT32_MAX});
  }
  // Only dated events take part; they are sorted by first day.
  const size_t dated = graph.dated_event_count();
  size_t lo = 0, hi = dated;
  while (lo < hi) {
    const size_t mid = (lo + hi) / 2;
    if (graph.event(EventId{static_cast<uint32_t>(mid)}).day_begin < start_day) lo = mid + 1;
    else hi = mid;
  }
  EventFilter rest = options.filter;  // date bounds are handled by the scan
  rest.from.reset();
  rest.to.reset();
  const int32_t end_day = options.filter.to ? options.filter.to->serial() : INT32_MAX;
  auto relax = [&](uint32_t ei) {
    const GraphEvent& e = graph.event(EventId{ei});
    const uint32_t u = index_of(e.source), v = index_of(e.target);
    if (u == v) return false;
    const auto& lu = at[u];
    // The usable label with the fewest hops is the latest one early enough.
    for (size_t k = lu.size(); k-- > 0;) {
      const Label& l = labels[lu[k]];
      if (options.strict ? l.time < e.day_begin : l.time <= e.day_begin) {
        const uint32_t hops = l.hops + 1;
        if (hops > options.max_hops) return false;
        auto& lv = at[v];
        if (!lv.empty() && labels[lv.back()].hops <= hops) return false;
        const Label nl{e.day_begin, hops, ei, lu[k]};
        if (!lv.empty() && labels[lv.back()].time == e.day_begin) {
          labels[lv.back()] = nl;
        } else {
          lv.push_back(static_cast<uint32_t>(labels.size()));
          labels.push_back(nl);
        }
        return true;
      }
    }
    return false;
  };
  size_t i = lo;
  while (i < dated) {
    const int32_t day = graph.event(EventId{static_cast<uint32_t>(i)}).day_begin;
    if (day > end_day) break;
    size_t j = i;
    while (j < dated && graph.event(EventId{static_cast<uint32_t>(j)}).day_begin == day) ++j;
    // Same-day events can chain in any order when the order is not strict: repeat to a fixpoint.
    bool changed = true;
    while (changed) {
      changed = false;
      for (size_t k = i; k < j; ++k) {
        const auto ei = static_cast<uint32_t>(k);
        if (!rest.is_empty() && !rest.accepts(graph.event(EventId{ei}))) continue;
        if (relax(ei)) changed = !options.strict;
      }
    }
    std::optional<uint32_t> best;
    for (ActorId b : to) {
      const auto& lb = at[index_of(b)];
      if (lb.empty()) continue;
      const uint32_t li = lb.front();  // the earliest label is the first reach
      if (!best || labels[li].hops < labels[*best].hops) best = li;
    }
    if (best) {
      Path p;
      std::vector<uint32_t> events;
      for (uint32_t l = *best; labels[l].event != UINT32_MAX; l = labels[l].prev)
        events.push_back(labels[l].event);
      std::reverse(events.begin(), events.end());
      p.actors.push_back(graph.event(EventId{events.front()}).source);
      for (uint32_t e : events) {
        p.events.push_back(EventId{e});
        p.actors.push_back(graph.event(EventId{e}).target);
      }
      p.hops = events.size();
      p.cost = static_cast<double>(p.hops);
      p.arrival = CivilDate::from_serial(labels[*best].time);
      out.push_back(std::move(p));
      return out;
    }
    i = j;
  }
  return out;
}

}  // namespace entente
