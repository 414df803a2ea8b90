#include "entente/query.h"

#include <algorithm>
#include <charconv>
#include <climits>
#include <cmath>
#include <map>

#include "query/links.h"

namespace entente {

namespace {
std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}
std::string ascii_upper(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}
std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}
std::vector<std::string_view> split_commas(std::string_view text) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(',', start);
    if (end == std::string_view::npos) end = text.size();
    auto part = trim(text.substr(start, end - start));
    if (!part.empty()) out.push_back(part);
    start = end + 1;
  }
  return out;
}
int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j)
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    std::swap(prev, cur);
  }
  return prev[b.size()];
}
}  // namespace

bool EventFilter::accepts(const GraphEvent& e) const {
  if (from || to) {
    if (e.day_begin == kUndated) return false;
    if (from && e.day_end < from->serial()) return false;
    if (to && e.day_begin > to->serial()) return false;
  } else if (!include_undated && e.day_begin == kUndated) {
    return false;
  }
  if (!quad_classes.empty() &&
      std::find(quad_classes.begin(), quad_classes.end(), int{e.quad_class}) == quad_classes.end())
    return false;
  if (!codes.empty()) {
    const std::string_view code = e.code_view();
    bool any = false;
    for (const auto& c : codes)
      if (code.substr(0, c.size()) == c) {
        any = true;
        break;
      }
    if (!any) return false;
  }
  return true;
}

bool EventFilter::is_empty() const {
  return !from && !to && codes.empty() && quad_classes.empty() && include_undated;
}

Result<std::vector<std::string>> parse_code_list(std::string_view text) {
  std::vector<std::string> out;
  for (auto part : split_commas(text)) {
    if (part.size() > 4 || !std::all_of(part.begin(), part.end(), [](char c) {
          return c >= '0' && c <= '9';
        }))
      return make_error(Errc::InvalidInput,
                        "CAMEO code " + quote_for_message(part) +
                            " is not 1 to 4 digits (e.g. \"036\" or the root \"03\")");
    out.emplace_back(part);
  }
  std::sort(out.begin(), out.end());
  return out;
}

Result<std::vector<int>> parse_quad_list(std::string_view text) {
  std::vector<int> out;
  for (auto part : split_commas(text)) {
    if (part.size() != 1 || part[0] < '1' || part[0] > '4')
      return make_error(Errc::InvalidInput,
                        "QuadClass " + quote_for_message(part) + " is not 1, 2, 3 or 4");
    out.push_back(part[0] - '0');
  }
  std::sort(out.begin(), out.end());
  return out;
}

Result<std::vector<ActorId>> resolve_actor(const KnowledgeGraph& graph, std::string_view text) {
  const std::string_view t = trim(text);
  if (t.empty()) return make_error(Errc::InvalidInput, "an actor must be a code or a name");
  const std::string upper = ascii_upper(t);
  std::vector<ActorId> out;
  const bool code_like = upper.size() >= 3 && std::all_of(upper.begin(), upper.end(), [](char c) {
                           return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
                         });
  // A country code stands for the country and all its sectors (DESIGN.md): "USA" is USA,
  // USAGOV, USAMIL, ...; a longer code names one actor.
  if (upper.size() > 3 || !code_like) {
    if (auto id = graph.find_code(upper)) return std::vector<ActorId>{*id};
  }
  if (code_like) {
    for (uint32_t i = 0; i < graph.actor_count(); ++i)
      if (graph.actor(ActorId{i}).code.compare(0, upper.size(), upper) == 0) out.push_back(ActorId{i});
    if (!out.empty()) return out;
  }
  const std::string lower = ascii_lower(t);
  for (const auto& [name, id] : graph.names())
    if (ascii_lower(name) == lower) out.push_back(id);
  if (!out.empty()) {
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }
  // Suggestions: the nearest codes and names by edit distance, then names containing the text.
  std::vector<std::pair<size_t, std::string>> scored;
  for (uint32_t i = 0; i < graph.actor_count(); ++i) {
    const auto& code = graph.actor(ActorId{i}).code;
    scored.emplace_back(edit_distance(upper, code), "\"" + code + "\"");
  }
  for (const auto& [name, id] : graph.names()) {
    const std::string n = ascii_lower(name);
    // A name that holds the text, or starts with something close to it, is a good guess.
    const size_t d = n.find(lower) != std::string::npos
                         ? 1
                         : std::min(edit_distance(lower, n), edit_distance(lower, n.substr(0, lower.size())) + 1);
    scored.emplace_back(d, "\"" + name + "\" (" + graph.actor(id).code + ")");
  }
  std::sort(scored.begin(), scored.end());
  const size_t limit = std::max<size_t>(2, t.size() / 3);
  std::string message = "unknown actor " + quote_for_message(t);
  std::vector<std::string> picks;
  for (const auto& [d, s] : scored) {
    if (d > limit || picks.size() == 3) break;
    if (std::find(picks.begin(), picks.end(), s) == picks.end()) picks.push_back(s);
  }
  if (!picks.empty()) {
    message += "; did you mean ";
    for (size_t i = 0; i < picks.size(); ++i) message += (i ? ", " : "") + picks[i];
    message += "?";
  } else {
    message += "; `entente stats` lists the main actors";
  }
  return make_error(Errc::NotFound, message);
}

Result<Period> parse_period(std::string_view text) {
  const std::string t = ascii_lower(trim(text));
  if (t == "day") return Period::Day;
  if (t == "week") return Period::Week;
  if (t == "month") return Period::Month;
  if (t == "quarter") return Period::Quarter;
  if (t == "year") return Period::Year;
  return make_error(Errc::InvalidInput, "period " + quote_for_message(text) +
                                            " is not day, week, month, quarter or year");
}

std::string_view period_name(Period p) {
  switch (p) {
    case Period::Day: return "day";
    case Period::Week: return "week";
    case Period::Month: return "month";
    case Period::Quarter: return "quarter";
    case Period::Year: return "year";
  }
  return "month";
}

namespace {
// A running number of the period holding day `serial`.
int64_t period_index(Period p, int32_t serial) {
  const CivilDate d = CivilDate::from_serial(serial);
  switch (p) {
    case Period::Day: return serial;
    case Period::Week: return floor_div(int64_t{serial} + 3, 7);  // 1970-01-01 was a Thursday
    case Period::Month: return int64_t{d.year} * 12 + d.month - 1;
    case Period::Quarter: return int64_t{d.year} * 4 + (d.month - 1) / 3;
    case Period::Year: return d.year;
  }
  return 0;
}
CivilDate period_start(Period p, int64_t idx) {
  switch (p) {
    case Period::Day: return CivilDate::from_serial(static_cast<int32_t>(idx));
    case Period::Week: return CivilDate::from_serial(static_cast<int32_t>(idx * 7 - 3));
    case Period::Month:
      return CivilDate{static_cast<int>(floor_div(idx, 12)),
                       static_cast<int>(idx - floor_div(idx, 12) * 12) + 1, 1};
    case Period::Quarter:
      return CivilDate{static_cast<int>(floor_div(idx, 4)),
                       static_cast<int>(idx - floor_div(idx, 4) * 4) * 3 + 1, 1};
    case Period::Year: return CivilDate{static_cast<int>(idx), 1, 1};
  }
  return {};
}
std::string pad(int v, int width) {
  std::string s = std::to_string(v);
  while (static_cast<int>(s.size()) < width) s.insert(s.begin(), '0');
  return s;
}
}  // namespace

std::string period_label(Period p, CivilDate day) {
  switch (p) {
    case Period::Day: return day.iso();
    case Period::Week: {
      const int32_t s = day.serial();
      const CivilDate thursday = CivilDate::from_serial(s - (day.iso_weekday() - 1) + 3);
      const int32_t jan1 = CivilDate{thursday.year, 1, 1}.serial();
      const int week = (thursday.serial() - jan1) / 7 + 1;
      return pad(thursday.year, 4) + "-W" + pad(week, 2);
    }
    case Period::Month: return pad(day.year, 4) + "-" + pad(day.month, 2);
    case Period::Quarter: return pad(day.year, 4) + "-Q" + std::to_string((day.month - 1) / 3 + 1);
    case Period::Year: return pad(day.year, 4);
  }
  return day.iso();
}

Timeline timeline(const KnowledgeGraph& graph, const std::vector<ActorId>& a,
                  const std::vector<ActorId>* b, const TimelineOptions& options) {
  std::vector<DyadId> dyads;
  if (b == nullptr) {
    for (ActorId x : a) {
      for (DyadId d : graph.out_dyads(x)) dyads.push_back(d);
      for (DyadId d : graph.in_dyads(x)) dyads.push_back(d);
    }
  } else {
    for (ActorId x : a)
      for (ActorId y : *b) {
        if (auto d = graph.find_dyad(x, y)) dyads.push_back(*d);
        if (auto d = graph.find_dyad(y, x)) dyads.push_back(*d);
      }
  }
  std::sort(dyads.begin(), dyads.end());
  dyads.erase(std::unique(dyads.begin(), dyads.end()), dyads.end());
  Timeline out;
  out.by = options.by;
  for (DyadId d : dyads)
    for (EventId e : graph.dyad(d).events)
      if (options.filter.accepts(graph.event(e))) out.events.push_back(e);
  std::sort(out.events.begin(), out.events.end());
  std::map<int64_t, TimelineBucket> buckets;
  for (EventId id : out.events) {
    const GraphEvent& e = graph.event(id);
    if (e.day_begin == kUndated) continue;
    TimelineBucket& bk = buckets[period_index(options.by, e.day_begin)];
    ++bk.count;
    if (e.quad_class >= 1 && e.quad_class <= 4) ++bk.quad[e.quad_class - 1u];
    bk.goldstein_sum += e.goldstein;
  }
  if (!buckets.empty() && options.fill_gaps) {
    const int64_t first = buckets.begin()->first, last = buckets.rbegin()->first;
    for (int64_t i = first; i <= last; ++i) buckets[i];
  }
  for (auto& [idx, bk] : buckets) {
    bk.period = period_label(options.by, period_start(options.by, idx));
    if (bk.count > 0) {
      bk.goldstein_mean = bk.goldstein_sum / static_cast<double>(bk.count);
      bk.coop_index = static_cast<double>(bk.quad[0] + bk.quad[1] - bk.quad[2] - bk.quad[3]) /
                      static_cast<double>(bk.count);
    }
    out.buckets.push_back(std::move(bk));
  }
  return out;
}

Result<PathWeight> parse_weight(std::string_view text) {
  const std::string t = ascii_lower(trim(text));
  if (t == "hops") return PathWeight::Hops;
  if (t == "cooperation") return PathWeight::Cooperation;
  if (t == "conflict") return PathWeight::Conflict;
  return make_error(Errc::InvalidInput,
                    "weight " + quote_for_message(text) + " is not hops, cooperation or conflict");
}

Result<Direction> parse_direction(std::string_view text) {
  const std::string t = ascii_lower(trim(text));
  if (t == "any") return Direction::Any;
  if (t == "out") return Direction::Out;
  if (t == "in") return Direction::In;
  return make_error(Errc::InvalidInput,
                    "direction " + quote_for_message(text) + " is not any, out or in");
}

std::string_view direction_name(Direction d) {
  switch (d) {
    case Direction::Any:
      return "any";
    case Direction::Out:
      return "out";
    case Direction::In:
      return "in";
  }
  return "any";
}

std::vector<Neighbor> neighbors(const KnowledgeGraph& graph, const std::vector<ActorId>& start,
                                int depth, const EventFilter& filter, Direction direction) {
  const size_t n = graph.actor_count();
  std::vector<int> level(n, -1);
  std::vector<int64_t> dyad_events(graph.dyad_count(), -1);
  auto events_of = [&](std::optional<DyadId> d) -> int64_t {
    if (!d) return 0;
    auto& c = dyad_events[index_of(*d)];
    if (c < 0) {
      c = 0;
      for (EventId e : graph.dyad(*d).events) c += filter.accepts(graph.event(e)) ? 1 : 0;
    }
    return c;
  };
  auto link_events = [&](const detail::Link& l) { return events_of(l.fwd) + events_of(l.back); };
  std::vector<uint32_t> frontier;
  for (ActorId a : start) {
    level[index_of(a)] = 0;
    frontier.push_back(index_of(a));
  }
  for (int dpt = 1; dpt <= depth && !frontier.empty(); ++dpt) {
    std::vector<uint32_t> next;
    for (uint32_t u : frontier)
      detail::for_each_link(graph, direction, ActorId{u}, [&](uint32_t v, const detail::Link& l) {
        if (level[v] >= 0 || link_events(l) == 0) return;
        level[v] = dpt;
        next.push_back(v);
      });
    std::sort(next.begin(), next.end());
    frontier = std::move(next);
  }
  std::vector<Neighbor> out;
  for (uint32_t v = 0; v < n; ++v) {
    if (level[v] <= 0) continue;
    Neighbor nb{ActorId{v}, level[v], 0};
    // The links from the nearer layer to v, seen from v: the reversed direction.
    detail::for_each_link(graph, detail::reversed(direction), ActorId{v},
                          [&](uint32_t w, const detail::Link& l) {
                            if (level[w] == level[v] - 1) nb.events += link_events(l);
                          });
    out.push_back(nb);
  }
  std::sort(out.begin(), out.end(), [&](const Neighbor& x, const Neighbor& y) {
    if (x.depth != y.depth) return x.depth < y.depth;
    if (x.events != y.events) return x.events > y.events;
    return x.actor < y.actor;
  });
  return out;
}

GraphStats graph_stats(const KnowledgeGraph& graph, size_t top) {
  GraphStats st;
  const size_t n = graph.actor_count();
  st.events = static_cast<int64_t>(graph.event_count());
  st.actors = static_cast<int64_t>(n);
  st.dyads = static_cast<int64_t>(graph.dyad_count());
  const size_t dated = graph.dated_event_count();
  if (dated > 0) {
    st.first_date = CivilDate::from_serial(graph.event(EventId{0}).day_begin).iso();
    int32_t last = INT32_MIN;
    for (size_t i = 0; i < dated; ++i)
      last = std::max(last, graph.event(EventId{static_cast<uint32_t>(i)}).day_end);
    st.last_date = CivilDate::from_serial(last).iso();
  }
  const std::vector<double> bc = graph.betweenness();
  std::vector<ActorStat> actors(n);
  for (uint32_t v = 0; v < n; ++v) {
    ActorStat& a = actors[v];
    a.actor = ActorId{v};
    a.betweenness = bc[v];
    std::vector<uint32_t> nbrs;
    for (DyadId d : graph.out_dyads(ActorId{v})) {
      a.events += static_cast<int64_t>(graph.dyad(d).events.size());
      if (index_of(graph.dyad(d).target) != v) nbrs.push_back(index_of(graph.dyad(d).target));
    }
    for (DyadId d : graph.in_dyads(ActorId{v})) {
      if (index_of(graph.dyad(d).source) == v) continue;  // self-loops counted once
      a.events += static_cast<int64_t>(graph.dyad(d).events.size());
      nbrs.push_back(index_of(graph.dyad(d).source));
    }
    std::sort(nbrs.begin(), nbrs.end());
    a.degree = std::unique(nbrs.begin(), nbrs.end()) - nbrs.begin();
  }
  st.top_actors = actors;
  std::stable_sort(st.top_actors.begin(), st.top_actors.end(),
                   [](const ActorStat& x, const ActorStat& y) { return x.events > y.events; });
  if (st.top_actors.size() > top) st.top_actors.resize(top);
  st.top_betweenness = actors;
  std::stable_sort(st.top_betweenness.begin(), st.top_betweenness.end(),
                   [](const ActorStat& x, const ActorStat& y) { return x.betweenness > y.betweenness; });
  if (st.top_betweenness.size() > top) st.top_betweenness.resize(top);
  for (uint32_t d = 0; d < graph.dyad_count(); ++d) {
    const Dyad& dy = graph.dyad(DyadId{d});
    st.top_dyads.push_back({dy.source, dy.target, static_cast<int64_t>(dy.events.size())});
  }
  std::stable_sort(st.top_dyads.begin(), st.top_dyads.end(),
                   [](const DyadStat& x, const DyadStat& y) { return x.events > y.events; });
  if (st.top_dyads.size() > top) st.top_dyads.resize(top);
  return st;
}

}  // namespace entente
