// The query subcommands: timeline, path, neighbors, stats (DESIGN.md "Command line").
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/query_common.h"
#include "entente/export.h"
#include "entente/graph.h"
#include "entente/io.h"
#include "entente/query.h"
#include "entente/store.h"

namespace entente::cli {

namespace {

std::string pad_right(std::string s, size_t w) {
  if (s.size() < w) s.append(w - s.size(), ' ');
  return s;
}
std::string pad_left(std::string s, size_t w) {
  if (s.size() < w) s.insert(0, w - s.size(), ' ');
  return s;
}
std::string fixed(double v, int digits = 2) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

// Prints rows as aligned columns (numbers right-aligned).
void print_table(std::ostream& out, const std::vector<std::string>& header,
                 const std::vector<std::vector<std::string>>& rows, const std::vector<bool>& numeric) {
  std::vector<size_t> w(header.size());
  for (size_t c = 0; c < header.size(); ++c) {
    w[c] = header[c].size();
    for (const auto& r : rows) w[c] = std::max(w[c], r[c].size());
  }
  auto line = [&](const std::vector<std::string>& r) {
    std::string s;
    for (size_t c = 0; c < r.size(); ++c) {
      if (c) s += "  ";
      s += numeric[c] ? pad_left(r[c], w[c]) : (c + 1 == r.size() ? r[c] : pad_right(r[c], w[c]));
    }
    out << s << "\n";
  };
  line(header);
  for (const auto& r : rows) line(r);
}

void print_csv(std::ostream& out, const std::vector<std::string>& header,
               const std::vector<std::vector<std::string>>& rows) {
  for (size_t c = 0; c < header.size(); ++c) out << (c ? "," : "") << csv_field(header[c]);
  out << "\n";
  for (const auto& r : rows) {
    for (size_t c = 0; c < r.size(); ++c) out << (c ? "," : "") << csv_field(r[c]);
    out << "\n";
  }
}

// JSON values through the io writers: escaped strings, and numbers that are never NaN, inf
// or -0 (those become null and 0).
std::string q(std::string_view s) {
  std::string out;
  append_json_string(s, out);
  return out;
}
std::string num(double v) {
  std::string out;
  append_json_number(v, out);
  return out;
}

std::string event_json(const KnowledgeGraph& g, EventId id) {
  const GraphEvent& e = g.event(id);
  std::string s = "{\"id\":" + q(g.event_id(id));
  if (e.day_begin != kUndated) {
    s += ",\"date\":" + q(g.event_date(id)) + ",\"date_begin\":" +
         q(CivilDate::from_serial(e.day_begin).iso()) + ",\"date_end\":" +
         q(CivilDate::from_serial(e.day_end).iso());
  } else {
    s += ",\"date\":null,\"date_begin\":null,\"date_end\":null";
  }
  s += ",\"source\":" + q(g.actor(e.source).code) + ",\"target\":" + q(g.actor(e.target).code) +
       ",\"code\":" + q(e.code_view()) + ",\"root\":" + q(e.root()) +
       ",\"label\":" + q(g.code_label(e.code_view())) + ",\"goldstein\":" + num(e.goldstein) +
       ",\"quad_class\":" + std::to_string(e.quad_class) + ",\"sources\":" + std::to_string(e.count) +
       "}";
  return s;
}

std::string event_date_text(const KnowledgeGraph& g, EventId id) {
  const GraphEvent& e = g.event(id);
  return e.day_begin == kUndated ? std::string("undated") : CivilDate::from_serial(e.day_begin).iso();
}

// ---- timeline ----

std::string timeline_svg(const Timeline& t, const std::string& title) {
  const size_t n = t.buckets.size();
  const double width = 960, height = 420, left = 60, right = 20, top = 40, bottom = 60;
  const double plot_w = width - left - right, plot_h = height - top - bottom;
  int64_t max_side = 1;
  for (const auto& b : t.buckets)
    max_side = std::max({max_side, b.quad[0] + b.quad[1], b.quad[2] + b.quad[3]});
  const double mid = top + plot_h / 2;
  const double scale = (plot_h / 2) / static_cast<double>(max_side);
  const double bw = n ? plot_w / static_cast<double>(n) : plot_w;
  std::string s =
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"960\" height=\"420\" viewBox=\"0 0 960 "
      "420\" font-family=\"sans-serif\" font-size=\"11\">\n<rect width=\"960\" height=\"420\" "
      "fill=\"white\"/>\n<text x=\"480\" y=\"22\" text-anchor=\"middle\" font-size=\"15\">" +
      xml_escape(title) + "</text>\n";
  s += "<line x1=\"" + fixed(left, 1) + "\" x2=\"" + fixed(width - right, 1) + "\" y1=\"" +
       fixed(mid, 1) + "\" y2=\"" + fixed(mid, 1) + "\" stroke=\"#444\"/>\n";
  s += "<text x=\"" + fixed(left - 6, 1) + "\" y=\"" + fixed(top + 10, 1) +
       "\" text-anchor=\"end\">" + std::to_string(max_side) + "</text>\n";
  s += "<text x=\"" + fixed(left - 6, 1) + "\" y=\"" + fixed(top + plot_h, 1) +
       "\" text-anchor=\"end\">" + std::to_string(max_side) + "</text>\n";
  std::string line;
  const size_t label_every = std::max<size_t>(1, n / 12);
  for (size_t i = 0; i < n; ++i) {
    const auto& b = t.buckets[i];
    const double x = left + bw * static_cast<double>(i);
    const double coop = static_cast<double>(b.quad[0] + b.quad[1]) * scale;
    const double conf = static_cast<double>(b.quad[2] + b.quad[3]) * scale;
    const std::string tip = "<title>" + xml_escape(b.period) + ": " + std::to_string(b.count) +
                            " events, Goldstein mean " + fixed(b.goldstein_mean) + "</title>";
    if (coop > 0)
      s += "<rect x=\"" + fixed(x + bw * 0.1, 2) + "\" y=\"" + fixed(mid - coop, 2) + "\" width=\"" +
           fixed(bw * 0.8, 2) + "\" height=\"" + fixed(coop, 2) + "\" fill=\"#2b8cbe\">" + tip +
           "</rect>\n";
    if (conf > 0)
      s += "<rect x=\"" + fixed(x + bw * 0.1, 2) + "\" y=\"" + fixed(mid, 2) + "\" width=\"" +
           fixed(bw * 0.8, 2) + "\" height=\"" + fixed(conf, 2) + "\" fill=\"#e34a33\">" + tip +
           "</rect>\n";
    const double gy = mid - b.goldstein_mean / 10.0 * (plot_h / 2);
    line += (line.empty() ? "" : " ") + fixed(x + bw / 2, 2) + "," + fixed(gy, 2);
    if (i % label_every == 0)
      s += "<text x=\"" + fixed(x + bw / 2, 2) + "\" y=\"" + fixed(top + plot_h + 16, 1) +
           "\" text-anchor=\"middle\">" + xml_escape(b.period) + "</text>\n";
  }
  if (!line.empty())
    s += "<polyline points=\"" + line + "\" fill=\"none\" stroke=\"#333\" stroke-width=\"1.5\"/>\n";
  s += "<text x=\"" + fixed(left, 1) + "\" y=\"" + fixed(height - 12, 1) +
       "\" fill=\"#2b8cbe\">cooperation (QuadClass 1-2) up</text>\n<text x=\"" +
       fixed(left + 240, 1) + "\" y=\"" + fixed(height - 12, 1) +
       "\" fill=\"#e34a33\">conflict (QuadClass 3-4) down</text>\n<text x=\"" + fixed(left + 470, 1) +
       "\" y=\"" + fixed(height - 12, 1) + "\">line: mean Goldstein (-10..+10)</text>\n</svg>\n";
  return s;
}

}  // namespace

int run_timeline(Context& ctx, const TimelineArgs& a) {
  if (a.actors.empty() || a.actors.size() > 2)
    return usage_error(ctx, "timeline takes one actor or two (a dyad)");
  auto period = parse_period(a.by);
  if (!period) return usage_error(ctx, period.error().message);
  auto filter = a.q.filter(ctx);
  if (!filter) return kExitUsage;
  if (a.q.format != "table" && a.q.format != "json" && a.q.format != "csv" && a.q.format != "svg")
    return usage_error(ctx, "--format must be table, json, csv or svg");
  auto g = load_graph(ctx, a.q.include_negated);
  if (!g) return g.error();
  auto x = resolve(ctx, *g.value(), a.actors[0]);
  if (!x) return x.error();
  std::vector<ActorId> y;
  if (a.actors.size() == 2) {
    auto r = resolve(ctx, *g.value(), a.actors[1]);
    if (!r) return r.error();
    y = r.value();
  }
  TimelineOptions opt;
  opt.by = *period;
  opt.filter = *filter;
  const KnowledgeGraph& graph = *g.value();
  const Timeline t = timeline(graph, x.value(), a.actors.size() == 2 ? &y : nullptr, opt);
  std::ostream& out = *ctx.out;
  if (a.q.format == "json") {
    out << "{\"actors\":[";
    for (size_t i = 0; i < a.actors.size(); ++i) out << (i ? "," : "") << q(a.actors[i]);
    out << "],\"by\":" << q(period_name(t.by)) << ",\"buckets\":[";
    for (size_t i = 0; i < t.buckets.size(); ++i) {
      const auto& b = t.buckets[i];
      out << (i ? ",\n" : "\n") << "{\"period\":" << q(b.period) << ",\"count\":" << b.count
          << ",\"quad\":[" << b.quad[0] << "," << b.quad[1] << "," << b.quad[2] << "," << b.quad[3]
          << "],\"goldstein_sum\":" << num(b.goldstein_sum)
          << ",\"goldstein_mean\":" << num(b.goldstein_mean)
          << ",\"coop_index\":" << num(b.coop_index) << "}";
    }
    out << "],\"events\":[";
    if (!a.no_events)
      for (size_t i = 0; i < t.events.size(); ++i)
        out << (i ? ",\n" : "\n") << event_json(graph, t.events[i]);
    out << "]}\n";
  } else if (a.q.format == "svg") {
    std::string title = a.actors[0] + (a.actors.size() == 2 ? " - " + a.actors[1] : std::string()) +
                        ", events per " + std::string(period_name(t.by));
    out << timeline_svg(t, title);
  } else {
    std::vector<std::vector<std::string>> rows;
    for (const auto& b : t.buckets)
      rows.push_back({b.period, std::to_string(b.count), std::to_string(b.quad[0]),
                      std::to_string(b.quad[1]), std::to_string(b.quad[2]), std::to_string(b.quad[3]),
                      a.q.format == "csv" ? format_double(b.goldstein_sum) : fixed(b.goldstein_sum),
                      a.q.format == "csv" ? format_double(b.goldstein_mean) : fixed(b.goldstein_mean),
                      a.q.format == "csv" ? format_double(b.coop_index) : fixed(b.coop_index)});
    const std::vector<std::string> header = {"period", "count", "quad1", "quad2", "quad3", "quad4",
                                             "goldstein_sum", "goldstein_mean", "coop_index"};
    if (a.q.format == "csv") {
      print_csv(out, header, rows);
    } else {
      print_table(out, header, rows, {false, true, true, true, true, true, true, true, true});
      if (t.buckets.empty()) out << "(no events)\n";
    }
  }
  return out ? kExitOk : kExitIoErr;
}

namespace {

// ---- path ----

}  // namespace

int run_path(Context& ctx, const PathArgs& a) {
  auto filter = a.q.filter(ctx);
  if (!filter) return kExitUsage;
  auto weight = parse_weight(a.weight);
  if (!weight) return usage_error(ctx, weight.error().message);
  auto direction = parse_direction(a.direction);
  if (!direction) return usage_error(ctx, "--direction: " + direction.error().message);
  if (a.k == 0) return usage_error(ctx, "--k must be at least 1");
  if (a.q.format != "table" && a.q.format != "json" && a.q.format != "csv")
    return usage_error(ctx, "--format must be table, json or csv");
  auto g = load_graph(ctx, a.q.include_negated);
  if (!g) return g.error();
  const KnowledgeGraph& graph = *g.value();
  auto x = resolve(ctx, graph, a.from);
  if (!x) return x.error();
  auto y = resolve(ctx, graph, a.to);
  if (!y) return y.error();
  PathOptions opt;
  opt.direction = *direction;
  opt.weight = *weight;
  opt.k = a.k;
  opt.max_hops = a.max_hops;
  opt.filter = *filter;
  opt.strict = a.strict;
  auto paths = a.temporal ? temporal_paths(graph, x.value(), y.value(), opt)
                          : shortest_paths(graph, x.value(), y.value(), opt);
  if (!paths) {
    ctx.diagnose(paths.error());
    return exit_code_for(paths.error().code);
  }
  std::ostream& out = *ctx.out;
  if (a.q.format == "json") {
    out << "{\"from\":" << q(a.from) << ",\"to\":" << q(a.to)
        << ",\"direction\":" << q(direction_name(opt.direction)) << ",\"paths\":[";
    for (size_t i = 0; i < paths->size(); ++i) {
      const Path& p = (*paths)[i];
      out << (i ? "," : "") << "{\"hops\":" << p.hops << ",\"actors\":[";
      for (size_t j = 0; j < p.actors.size(); ++j) out << (j ? "," : "") << q(graph.actor(p.actors[j]).code);
      out << "],\"events\":[";
      for (size_t j = 0; j < p.events.size(); ++j) out << (j ? "," : "") << q(graph.event_id(p.events[j]));
      // Each hop: the actors in path order and the way its event went ("out": from the
      // hop's first actor to its second, "in": the other way round).
      out << "],\"steps\":[";
      for (size_t j = 0; j < p.events.size(); ++j) {
        const GraphEvent& e = graph.event(p.events[j]);
        out << (j ? "," : "") << "{\"from\":" << q(graph.actor(p.actors[j]).code)
            << ",\"to\":" << q(graph.actor(p.actors[j + 1]).code)
            << ",\"event\":" << q(graph.event_id(p.events[j]))
            << ",\"direction\":" << q(p.forward[j] ? "out" : "in")
            << ",\"source\":" << q(graph.actor(e.source).code)
            << ",\"target\":" << q(graph.actor(e.target).code) << ",\"date\":"
            << (e.day_begin == kUndated ? std::string("null") : q(graph.event_date(p.events[j])))
            << ",\"code\":" << q(e.code_view()) << "}";
      }
      out << "]";
      if (opt.weight != PathWeight::Hops && !a.temporal) out << ",\"cost\":" << num(p.cost);
      if (p.arrival) out << ",\"arrival\":" << q(p.arrival->iso());
      out << "}";
    }
    out << "]}\n";
  } else {
    std::vector<std::vector<std::string>> rows;
    for (size_t i = 0; i < paths->size(); ++i) {
      const Path& p = (*paths)[i];
      for (size_t j = 0; j < p.events.size(); ++j) {
        const GraphEvent& e = graph.event(p.events[j]);
        rows.push_back({std::to_string(i + 1), std::to_string(j + 1), graph.actor(p.actors[j]).code,
                        graph.actor(p.actors[j + 1]).code, p.forward[j] ? "out" : "in",
                        event_date_text(graph, p.events[j]), std::string(e.code_view()),
                        std::string(graph.event_id(p.events[j])),
                        std::string(graph.code_label(e.code_view()))});
      }
    }
    // from/to: the hop in path order; direction: "out" when its event went from -> to.
    const std::vector<std::string> header = {"path", "hop",  "from",  "to",   "direction",
                                             "date", "code", "event", "label"};
    if (a.q.format == "csv") {
      print_csv(out, header, rows);
    } else if (paths->empty()) {
      out << "no " << (a.temporal ? "time-respecting " : "") << "path from " << a.from << " to "
          << a.to << " within " << a.max_hops << " hops";
      if (opt.direction != Direction::Any)
        out << " with --direction " << direction_name(opt.direction) << " (any: either way)";
      out << "\n";
    } else {
      for (size_t i = 0; i < paths->size(); ++i) {
        const Path& p = (*paths)[i];
        out << "path " << i + 1 << ": " << p.hops << " hop" << (p.hops == 1 ? "" : "s");
        if (p.arrival) out << ", arrives " << p.arrival->iso();
        out << ": ";
        // "A -> B" where the event went from A to B, "A <- B" where it went from B to A.
        for (size_t j = 0; j < p.actors.size(); ++j)
          out << (j == 0 ? "" : p.forward[j - 1] ? " -> " : " <- ") << graph.actor(p.actors[j]).code;
        out << "\n";
      }
      if (!rows.empty())
        print_table(out, header, rows,
                    {true, true, false, false, false, false, false, false, false});
    }
  }
  return out ? kExitOk : kExitIoErr;
}

namespace {

// ---- neighbors ----

}  // namespace

int run_neighbors(Context& ctx, const NeighborArgs& a) {
  auto filter = a.q.filter(ctx);
  if (!filter) return kExitUsage;
  if (a.depth < 1) return usage_error(ctx, "--depth must be at least 1");
  auto direction = parse_direction(a.direction);
  if (!direction) return usage_error(ctx, "--direction: " + direction.error().message);
  if (a.q.format != "table" && a.q.format != "json" && a.q.format != "csv")
    return usage_error(ctx, "--format must be table, json or csv");
  auto g = load_graph(ctx, a.q.include_negated);
  if (!g) return g.error();
  const KnowledgeGraph& graph = *g.value();
  auto x = resolve(ctx, graph, a.actor);
  if (!x) return x.error();
  const auto nb = neighbors(graph, x.value(), a.depth, *filter, *direction);
  std::ostream& out = *ctx.out;
  if (a.q.format == "json") {
    out << "{\"actor\":" << q(a.actor) << ",\"direction\":" << q(direction_name(*direction))
        << ",\"neighbors\":[";
    for (size_t i = 0; i < nb.size(); ++i)
      out << (i ? ",\n" : "\n") << "{\"code\":" << q(graph.actor(nb[i].actor).code)
          << ",\"name\":" << q(graph.actor(nb[i].actor).name) << ",\"depth\":" << nb[i].depth
          << ",\"events\":" << nb[i].events << "}";
    out << "]}\n";
  } else {
    std::vector<std::vector<std::string>> rows;
    for (const auto& n : nb)
      rows.push_back({graph.actor(n.actor).code, std::to_string(n.depth), std::to_string(n.events),
                      graph.actor(n.actor).name});
    const std::vector<std::string> header = {"code", "depth", "events", "name"};
    if (a.q.format == "csv") print_csv(out, header, rows);
    else print_table(out, header, rows, {false, true, true, false});
  }
  return out ? kExitOk : kExitIoErr;
}

namespace {

// ---- stats ----

}  // namespace

int run_stats(Context& ctx, const StatsArgs& a) {
  if (a.format != "table" && a.format != "json")
    return usage_error(ctx, "--format must be table or json");
  auto store = Store::open(ctx.global.store, StoreOptions{false, 1, true});
  if (!store) {
    ctx.diagnose(store.error());
    return exit_code_for(store.error().code);
  }
  auto ss = store->stats();
  if (!ss) {
    ctx.diagnose(ss.error());
    return exit_code_for(ss.error().code);
  }
  auto g = KnowledgeGraph::load(*store, GraphOptions{a.include_negated, 10u << 20});
  if (!g) {
    ctx.diagnose(g.error());
    return exit_code_for(g.error().code);
  }
  const GraphStats gs = graph_stats(*g, a.top);
  std::ostream& out = *ctx.out;
  if (a.format == "json") {
    out << "{\"stories\":" << ss->stories << ",\"events\":" << ss->events
        << ",\"negated_events\":" << ss->negated << ",\"sources\":" << ss->raw_events
        << ",\"actors\":" << ss->actors << ",\"dyads\":" << gs.dyads << ",\"first_date\":"
        << (ss->first_date.empty() ? std::string("null") : q(ss->first_date)) << ",\"last_date\":"
        << (ss->last_date.empty() ? std::string("null") : q(ss->last_date)) << ",\"top_actors\":[";
    for (size_t i = 0; i < gs.top_actors.size(); ++i) {
      const auto& s = gs.top_actors[i];
      out << (i ? "," : "") << "{\"code\":" << q(g->actor(s.actor).code) << ",\"name\":"
          << q(g->actor(s.actor).name) << ",\"events\":" << s.events << ",\"degree\":" << s.degree
          << ",\"betweenness\":" << num(s.betweenness) << "}";
    }
    out << "],\"top_dyads\":[";
    for (size_t i = 0; i < gs.top_dyads.size(); ++i) {
      const auto& d = gs.top_dyads[i];
      out << (i ? "," : "") << "{\"source\":" << q(g->actor(d.source).code)
          << ",\"target\":" << q(g->actor(d.target).code) << ",\"events\":" << d.events << "}";
    }
    out << "],\"top_betweenness\":[";
    for (size_t i = 0; i < gs.top_betweenness.size(); ++i) {
      const auto& s = gs.top_betweenness[i];
      out << (i ? "," : "") << "{\"code\":" << q(g->actor(s.actor).code) << ",\"degree\":" << s.degree
          << ",\"betweenness\":" << num(s.betweenness) << "}";
    }
    out << "]}\n";
  } else {
    out << "stories     " << ss->stories << "\nevents      " << ss->events << " (" << ss->negated
        << " negated, " << ss->raw_events << " sources)\nactors      " << ss->actors
        << "\ndyads       " << gs.dyads << "\nfirst date  "
        << (ss->first_date.empty() ? "-" : ss->first_date) << "\nlast date   "
        << (ss->last_date.empty() ? "-" : ss->last_date) << "\n\ntop actors\n";
    std::vector<std::vector<std::string>> rows;
    for (const auto& s : gs.top_actors)
      rows.push_back({g->actor(s.actor).code, std::to_string(s.events), std::to_string(s.degree),
                      fixed(s.betweenness, 1), g->actor(s.actor).name});
    print_table(out, {"code", "events", "degree", "betweenness", "name"}, rows,
                {false, true, true, true, false});
    out << "\ntop dyads\n";
    rows.clear();
    for (const auto& d : gs.top_dyads)
      rows.push_back({g->actor(d.source).code, g->actor(d.target).code, std::to_string(d.events)});
    print_table(out, {"source", "target", "events"}, rows, {false, false, true});
  }
  return out ? kExitOk : kExitIoErr;
}

}  // namespace entente::cli
