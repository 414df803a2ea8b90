// Export benchmark (issue 7, scripts/bench_export.sh): how long and how much memory exporting
// about 1 million events takes, format by format.
//   entente_export_bench STORE --make EVENTS [SEED]
//       builds a graph of EVENTS generated events (the generator of graph_gen.cc: 200 actors,
//       skewed dyads, 2015-2024) straight in memory and saves it as the snapshot of a new,
//       otherwise empty store, in seconds instead of the 20 minutes of ingesting them;
//       a later load() reads the snapshot exactly as the CLI does after an ingest.
//   entente_export_bench STORE FORMAT SHAPE OUT
//       opens the store read-only, loads the graph, exports it to OUT and prints the load and
//       export times and the peak RSS before and after the export (VmHWM, KB).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "entente/export.h"
#include "entente/graph.h"
#include "entente/store.h"

using namespace entente;
using Clock = std::chrono::steady_clock;

namespace {
double ms_since(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}
long vm_hwm_kb() {
  std::ifstream f("/proc/self/status");
  std::string line;
  while (std::getline(f, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::atol(line.c_str() + 6);
  return -1;
}

int make(const std::string& path, long total, unsigned seed) {
  std::mt19937_64 rng(seed);
  const char* sectors[] = {"GOV", "MIL", "BUS", "CVL"};
  std::vector<StoredActor> actors;
  for (int c = 0; c < 50; ++c) {
    std::string country = {static_cast<char>('A' + c / 26), static_cast<char>('A' + c % 26), 'X'};
    for (const char* s : sectors) {
      StoredActor a;
      a.country = country;
      a.sector = s;
      a.code = country + s;
      // Names with XML and CSV specials and non-ASCII, so escaping is on the measured path.
      a.name = "Synthetic " + a.code + (c % 5 == 0 ? " & \"Partners\" <\xC3\xA9>" : "");
      a.type = "domestic";
      actors.push_back(a);
    }
  }
  const int32_t day0 = CivilDate{2015, 1, 1}.serial();
  std::vector<double> w;
  for (size_t i = 0; i < actors.size(); ++i) w.push_back(1.0 / static_cast<double>(i + 5));
  std::discrete_distribution<size_t> pick(w.begin(), w.end());
  std::uniform_int_distribution<int> root_d(1, 20), leaf_d(0, 9), day_d(0, 3652);
  std::vector<StoredEvent> events;
  events.reserve(static_cast<size_t>(total));
  for (long k = 0; k < total; ++k) {
    StoredEvent e;
    e.id = "g" + std::to_string(k / 500) + ":" + std::to_string(k % 500) + ":0";
    size_t s = pick(rng), t = pick(rng);
    if (s == t) t = (t + 1 + static_cast<size_t>(leaf_d(rng))) % actors.size();
    e.source = actors[s].code;
    e.target = actors[t].code;
    const int root = root_d(rng);
    char code[8];
    std::snprintf(code, sizeof code, "%02d%d", root, leaf_d(rng));
    e.code = code;
    e.root = e.code.substr(0, 2);
    e.label = "synthetic code " + e.code;
    e.quad_class = root <= 5 ? 1 : root <= 8 ? 2 : root <= 13 ? 3 : 4;
    e.goldstein = (e.quad_class <= 2 ? 1.0 : -1.0) * (static_cast<double>(root % 7) + 0.5);
    const CivilDate d = CivilDate::from_serial(day0 + day_d(rng));
    e.date = d.iso();
    e.date_begin = d;
    e.date_end = d;
    e.count = 1;
    events.push_back(std::move(e));
  }
  auto g = KnowledgeGraph::build(actors, events);
  if (!g) {
    std::fprintf(stderr, "%s\n", g.error().to_string().c_str());
    return 65;
  }
  auto store = Store::open(path, StoreOptions{});
  if (!store) {
    std::fprintf(stderr, "%s\n", store.error().to_string().c_str());
    return 78;
  }
  if (auto r = g->save_snapshot(*store); !r) {
    std::fprintf(stderr, "%s\n", r.error().to_string().c_str());
    return 74;
  }
  std::printf("made %zu events, %zu actors, %zu dyads\n", g->event_count(), g->actor_count(),
              g->dyad_count());
  return 0;
}
}  // namespace

int main(int argc, char** argv) {
  if (argc >= 4 && std::string(argv[2]) == "--make")
    return make(argv[1], std::atol(argv[3]),
                argc > 4 ? static_cast<unsigned>(std::atol(argv[4])) : 42u);
  if (argc < 5) {
    std::fprintf(stderr, "usage: %s STORE --make EVENTS [SEED] | STORE FORMAT SHAPE OUT\n",
                 argv[0]);
    return 64;
  }
  auto format = parse_export_format(argv[2]);
  auto shape = parse_export_shape(argv[3]);
  if (!format || !shape) return 64;
  auto t0 = Clock::now();
  auto store = Store::open(argv[1], StoreOptions{false, 1, true});
  if (!store) {
    std::fprintf(stderr, "%s\n", store.error().to_string().c_str());
    return 66;
  }
  auto g = KnowledgeGraph::load(*store);
  if (!g) {
    std::fprintf(stderr, "%s\n", g.error().to_string().c_str());
    return 65;
  }
  const double load_ms = ms_since(t0);
  const long rss_loaded = vm_hwm_kb();
  ExportOptions o;
  o.format = *format;
  o.shape = *shape;
  t0 = Clock::now();
  auto r = export_to_file(*g, o, argv[4]);
  if (!r) {
    std::fprintf(stderr, "%s\n", r.error().to_string().c_str());
    return 74;
  }
  std::printf(
      "events %zu snapshot %s load_ms %.0f export_ms %.0f peak_rss_loaded_kb %ld peak_rss_kb %ld\n",
      g->event_count(), g->from_snapshot() ? "yes" : "no", load_ms, ms_since(t0), rss_loaded,
      vm_hwm_kb());
  return 0;
}
