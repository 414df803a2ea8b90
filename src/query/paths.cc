// Paths between actors: shortest, k-shortest (Yen), weighted and time-respecting (query.h).
#include "entente/query.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <optional>
#include <queue>
#include <set>

#include "query/links.h"

namespace entente {

namespace {
// Per-query view of the dyad graph: which dyads have a passing event, their Goldstein sums and
// the events that may stand for a hop; and from those, per link (one dyad, or both of a pair
// with Direction::Any), whether it is usable, its cost and its event.
class LinkView {
 public:
  LinkView(const KnowledgeGraph& g, const PathOptions& o)
      : g_(g), o_(o), fast_(o.weight == PathWeight::Hops && o.filter.is_empty()) {
    summary_.resize(g.dyad_count());
  }
  // False when no event of the link passes the filter.
  bool usable(const detail::Link& l) {
    if (fast_) return l.fwd || l.back;
    return passing(l.fwd) + passing(l.back) > 0;
  }
  double cost(const detail::Link& l) {
    if (o_.weight == PathWeight::Hops) return 1.0;
    const Summary* a = l.fwd ? &get(*l.fwd) : nullptr;
    const Summary* b = l.back ? &get(*l.back) : nullptr;
    const double sum = (a ? a->sum : 0) + (b ? b->sum : 0);
    const size_t n = (a ? a->n : 0) + (b ? b->n : 0);
    if (n == 0) return 1.0;
    const double mean = sum / static_cast<double>(n);
    const double c =
        o_.weight == PathWeight::Cooperation ? 1 + (10 - mean) / 10 : 1 + (10 + mean) / 10;
    return std::clamp(c, 1.0, 3.0);
  }
  // The event that stands for the hop: the latest that passes (hops), the most cooperative
  // (cooperation) or the most conflictual (conflict); later events win ties.
  // REQUIRES: usable(l).
  EventId representative(const detail::Link& l) {
    std::optional<EventId> best;
    for (auto d : {l.fwd, l.back}) {
      if (!d || get(*d).n == 0) continue;
      const EventId e = get(*d).rep;
      if (!best || better(e, *best)) best = e;
    }
    return best ? *best : EventId{0};
  }

 private:
  struct Summary {
    bool done = false;
    size_t n = 0;  // passing events
    double sum = 0;
    EventId rep{};
  };
  // Event ids follow (day_begin, id) with undated events last, as a dyad lists its events.
  bool better(EventId e, EventId than) const {
    const GraphEvent& ev = g_.event(e);
    const GraphEvent& b = g_.event(than);
    switch (o_.weight) {
      case PathWeight::Hops: {
        const bool e_dated = ev.day_begin != kUndated, b_dated = b.day_begin != kUndated;
        if (e_dated != b_dated) return e_dated;
        return than < e;
      }
      case PathWeight::Cooperation:
        return ev.goldstein > b.goldstein || (ev.goldstein == b.goldstein && than < e);
      case PathWeight::Conflict:
        return ev.goldstein < b.goldstein || (ev.goldstein == b.goldstein && than < e);
    }
    return false;
  }
  size_t passing(std::optional<DyadId> d) { return d ? get(*d).n : 0; }
  const Summary& get(DyadId d) {
    Summary& s = summary_[index_of(d)];
    if (s.done) return s;
    s.done = true;
    for (EventId e : g_.dyad(d).events) {
      const GraphEvent& ev = g_.event(e);
      if (!o_.filter.accepts(ev)) continue;
      s.sum += ev.goldstein;
      if (s.n++ == 0 || better(e, s.rep)) s.rep = e;
    }
    return s;
  }
  const KnowledgeGraph& g_;
  const PathOptions& o_;
  const bool fast_;  // hops without a filter: every existing dyad is usable
  std::vector<Summary> summary_;
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
             Direction direction, LinkView& view)
      : g_(g), direction_(direction), view_(view), n_(static_cast<uint32_t>(g.actor_count())) {
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
    // A path ends at the first actor of `to` it reaches and leaves `from` once, at its start:
    // going on from USAGOV to USAMIL is no other way to reach USA.
    if (is_to_[u]) {
      fn(end(), 0.0);
      return;
    }
    detail::for_each_link(g_, direction_, ActorId{u}, [&](uint32_t v, const detail::Link& l) {
      if (!is_from_[v] && view_.usable(l)) fn(v, view_.cost(l));
    });
  }
  double edge_cost(uint32_t u, uint32_t v) {
    if (u == start() || v == end()) return 0;
    return view_.cost(detail::find_link(g_, direction_, ActorId{u}, ActorId{v}));
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
  Direction direction_;
  LinkView& view_;
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
                                             const PathOptions& options, LinkView& view) {
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
    std::optional<uint32_t> found;
    for (uint32_t u : level) {
      detail::for_each_link(graph, options.direction, ActorId{u},
                            [&](uint32_t v, const detail::Link& l) {
                              if (found || seen[v] || !view.usable(l)) return;
                              seen[v] = 1;
                              parent[v] = u;
                              // With one target, its first discovery (from the first parent by
                              // code) is the answer.
                              if (single_target && target[v]) found = v;
                              next.push_back(v);
                            });
      if (found) return finish(*found);
    }
    std::sort(next.begin(), next.end());
    level = std::move(next);
  }
  return std::nullopt;
}

}  // namespace

namespace {
// Fills a path's events and their directions from its actors.
void add_hop_events(const KnowledgeGraph& graph, Direction direction, LinkView& view, Path& p) {
  for (size_t i = 0; i + 1 < p.actors.size(); ++i) {
    const EventId e =
        view.representative(detail::find_link(graph, direction, p.actors[i], p.actors[i + 1]));
    p.events.push_back(e);
    p.forward.push_back(graph.event(e).source == p.actors[i]);
  }
}
}  // namespace

Result<std::vector<Path>> shortest_paths(const KnowledgeGraph& graph, const std::vector<ActorId>& from,
                                         const std::vector<ActorId>& to, const PathOptions& options) {
  if (options.k == 0) return make_error(Errc::InvalidInput, "--k must be at least 1");
  LinkView view(graph, options);
  std::vector<Path> out;
  if (options.weight == PathWeight::Hops && options.k == 1) {
    auto actors = bfs_path(graph, from, to, options, view);
    if (!actors) return out;
    Path p;
    p.actors = std::move(*actors);
    p.hops = p.actors.size() - 1;
    p.cost = static_cast<double>(p.hops);
    add_hop_events(graph, options.direction, view, p);
    out.push_back(std::move(p));
    return out;
  }
  PathSearch search(graph, from, to, options.direction, view);
  search.view_is_hops_ = options.weight == PathWeight::Hops;
  for (auto& np : search.yen(options.k, options.max_hops)) {
    Path p;
    p.cost = np.cost;
    for (size_t i = 1; i + 1 < np.nodes.size(); ++i) p.actors.push_back(ActorId{np.nodes[i]});
    p.hops = p.actors.size() - 1;
    if (options.weight == PathWeight::Hops) p.cost = static_cast<double>(p.hops);
    add_hop_events(graph, options.direction, view, p);
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
    uint32_t actor;  // the actor reached
  };
  std::vector<Label> labels;
  std::vector<std::vector<uint32_t>> at(n);  // Pareto labels per actor: time up, hops down
  const int32_t start_day = options.filter.from ? options.filter.from->serial() : INT32_MIN + 2;
  for (ActorId a : from) {
    at[index_of(a)].push_back(static_cast<uint32_t>(labels.size()));
    labels.push_back({options.strict ? start_day - 1 : start_day, 0, UINT32_MAX, UINT32_MAX,
                      index_of(a)});
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
  // Takes event ei from its source to its target (forward) or back.
  auto relax = [&](uint32_t ei, bool forward) {
    const GraphEvent& e = graph.event(EventId{ei});
    const uint32_t u = index_of(forward ? e.source : e.target);
    const uint32_t v = index_of(forward ? e.target : e.source);
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
        const Label nl{e.day_begin, hops, ei, lu[k], v};
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
        const bool along = options.direction != Direction::In && relax(ei, true);
        const bool against = options.direction != Direction::Out && relax(ei, false);
        if (along || against) changed = !options.strict;
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
      std::vector<uint32_t> chain;  // labels from the start
      for (uint32_t l = *best; l != UINT32_MAX; l = labels[l].prev) chain.push_back(l);
      std::reverse(chain.begin(), chain.end());
      p.actors.push_back(ActorId{labels[chain.front()].actor});
      for (size_t c = 1; c < chain.size(); ++c) {
        const Label& l = labels[chain[c]];
        p.events.push_back(EventId{l.event});
        p.forward.push_back(graph.event(EventId{l.event}).source == p.actors.back());
        p.actors.push_back(ActorId{l.actor});
      }
      p.hops = p.events.size();
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
