// Times the graph queries on a store (scripts/bench_graph.sh).
//   entente_graph_bench STORE OUTDIR [PAIRS]   load once, then PAIRS random (fixed-seed) actor
//       pairs: shortest path (hops), temporal path, dyad timeline; writes OUTDIR/edges.tsv
//       (source, target, day) and OUTDIR/pairs.tsv (source, target, hops, temporal hops) for
//       the NetworkX / igraph comparison
//   entente_graph_bench STORE --path A B        one `entente path` as a whole process
//   entente_graph_bench STORE --export FILE     GraphML export of every event
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "entente/export.h"
#include "entente/graph.h"
#include "entente/query.h"
#include "entente/store.h"

using namespace entente;
using Clock = std::chrono::steady_clock;

static double ms_since(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s STORE OUTDIR [PAIRS] | STORE --path A B | STORE --export FILE\n",
                 argv[0]);
    return 64;
  }
  const auto t_open = Clock::now();
  auto store = Store::open(argv[1], StoreOptions{false, 0, true});
  if (!store) {
    std::fprintf(stderr, "%s\n", store.error().to_string().c_str());
    return 78;
  }
  auto g = KnowledgeGraph::load(*store);
  if (!g) {
    std::fprintf(stderr, "%s\n", g.error().to_string().c_str());
    return 78;
  }
  const double load_ms = ms_since(t_open);
  if (!g->from_snapshot()) {
    // As the CLI does: keep a snapshot so that the next process loads fast.
    const auto t0 = Clock::now();
    auto w = Store::open(argv[1], StoreOptions{false, 0, false, true});
    if (w) (void)g->save_snapshot(*w);
    std::fprintf(stderr, "loaded from the tables in %.0f ms; snapshot saved in %.0f ms\n", load_ms,
                 ms_since(t0));
  }
  const std::string mode = argv[2];
  if (mode == "--path" && argc >= 5) {
    auto a = resolve_actor(*g, argv[3]);
    auto b = resolve_actor(*g, argv[4]);
    if (!a || !b) return 64;
    auto p = shortest_paths(*g, *a, *b, PathOptions{});
    if (!p) return 70;
    for (const Path& path : *p) {
      std::printf("%zu hops:", path.hops);
      for (ActorId x : path.actors) std::printf(" %s", g->actor(x).code.c_str());
      std::printf("\n");
    }
    return 0;
  }
  if (mode == "--export" && argc >= 4) {
    const auto t0 = Clock::now();
    auto r = export_to_file(*g, ExportOptions{}, argv[3]);
    if (!r) {
      std::fprintf(stderr, "%s\n", r.error().to_string().c_str());
      return 74;
    }
    std::printf("export_graphml_ms %.0f\n", ms_since(t0));
    return 0;
  }
  const std::string outdir = argv[2];
  const size_t pairs = argc > 3 ? static_cast<size_t>(std::atol(argv[3])) : 1000;
  std::printf("store_events %zu actors %zu dyads %zu\n", g->event_count(), g->actor_count(),
              g->dyad_count());
  std::printf("load_ms %.1f\n", load_ms);
  {
    std::ofstream edges(outdir + "/edges.tsv");
    for (uint32_t i = 0; i < g->event_count(); ++i) {
      const GraphEvent& e = g->event(EventId{i});
      edges << g->actor(e.source).code << '\t' << g->actor(e.target).code << '\t' << e.day_begin << '\n';
    }
  }
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<uint32_t> pick(0, static_cast<uint32_t>(g->actor_count() - 1));
  std::vector<std::pair<ActorId, ActorId>> qs;
  while (qs.size() < pairs) {
    const ActorId a{pick(rng)}, b{pick(rng)};
    if (a != b) qs.emplace_back(a, b);
  }
  std::vector<long> hops(pairs, -1), thops(pairs, -1);
  PathOptions opt;
  opt.direction = Direction::Out;  // as the directed NetworkX and igraph runs of graph_bench.py
  opt.max_hops = 100;
  auto t0 = Clock::now();
  for (size_t i = 0; i < pairs; ++i) {
    auto p = shortest_paths(*g, {qs[i].first}, {qs[i].second}, opt);
    if (p && !p->empty()) hops[i] = static_cast<long>((*p)[0].hops);
  }
  std::printf("path_avg_ms %.4f\n", ms_since(t0) / static_cast<double>(pairs));
  PathOptions k3 = opt;
  k3.k = 3;
  t0 = Clock::now();
  for (size_t i = 0; i < pairs; ++i) (void)shortest_paths(*g, {qs[i].first}, {qs[i].second}, k3);
  std::printf("path_k3_avg_ms %.4f\n", ms_since(t0) / static_cast<double>(pairs));
  t0 = Clock::now();
  for (size_t i = 0; i < pairs; ++i) {
    auto p = temporal_paths(*g, {qs[i].first}, {qs[i].second}, opt);
    if (p && !p->empty()) thops[i] = static_cast<long>((*p)[0].hops);
  }
  std::printf("temporal_avg_ms %.4f\n", ms_since(t0) / static_cast<double>(pairs));
  PathOptions later = opt;
  later.filter.from = CivilDate{2020, 1, 1};
  t0 = Clock::now();
  for (size_t i = 0; i < pairs; ++i) (void)temporal_paths(*g, {qs[i].first}, {qs[i].second}, later);
  std::printf("temporal_from2020_avg_ms %.4f\n", ms_since(t0) / static_cast<double>(pairs));
  t0 = Clock::now();
  size_t events = 0;
  for (size_t i = 0; i < pairs; ++i) {
    std::vector<ActorId> b{qs[i].second};
    events += timeline(*g, {qs[i].first}, &b, TimelineOptions{}).events.size();
  }
  std::printf("timeline_dyad_avg_ms %.4f (avg %.0f events)\n", ms_since(t0) / static_cast<double>(pairs),
              static_cast<double>(events) / static_cast<double>(pairs));
  t0 = Clock::now();
  for (size_t i = 0; i < 50; ++i) (void)timeline(*g, {qs[i].first}, nullptr, TimelineOptions{});
  std::printf("timeline_actor_avg_ms %.4f\n", ms_since(t0) / 50.0);
  std::ofstream out(outdir + "/pairs.tsv");
  for (size_t i = 0; i < pairs; ++i)
    out << g->actor(qs[i].first).code << '\t' << g->actor(qs[i].second).code << '\t' << hops[i]
        << '\t' << thops[i] << '\n';
  return 0;
}
