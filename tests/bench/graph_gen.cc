// Builds a synthetic store for the graph benchmark (scripts/bench_graph.sh): a fixed-seed
// generator of dated events over about 200 actors (50 synthetic countries x 4 sectors), with
// a skewed choice of dyads so that some relations are dense, as in real news.
// Usage: entente_graph_gen STORE EVENTS [SEED] [EVENTS_PER_STORY]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "entente/store.h"

using namespace entente;

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s STORE EVENTS [SEED] [EVENTS_PER_STORY]\n", argv[0]);
    return 64;
  }
  const std::string path = argv[1];
  const long total = std::atol(argv[2]);
  const unsigned seed = argc > 3 ? static_cast<unsigned>(std::atol(argv[3])) : 42u;
  const long per_story = argc > 4 ? std::atol(argv[4]) : 500;
  std::mt19937_64 rng(seed);
  const char* sectors[] = {"GOV", "MIL", "BUS", "CVL"};
  std::vector<ActorRef> actors;
  for (int c = 0; c < 50; ++c) {
    std::string country = {static_cast<char>('A' + c / 26), static_cast<char>('A' + c % 26), 'X'};
    for (const char* s : sectors) {
      ActorRef a;
      a.country = country;
      a.sector = s;
      a.code = country + s;
      a.name = "Synthetic " + a.code;
      a.text = a.name;
      actors.push_back(a);
    }
  }
  const int32_t day0 = CivilDate{2015, 1, 1}.serial();
  // Zipf-like weights: actor i is picked with weight 1 / (i + 5).
  std::vector<double> w;
  for (size_t i = 0; i < actors.size(); ++i) w.push_back(1.0 / static_cast<double>(i + 5));
  std::discrete_distribution<size_t> pick(w.begin(), w.end());
  std::uniform_int_distribution<int> root_d(1, 20), leaf_d(0, 9), day_d(0, 3652);
  auto store = Store::open(path, StoreOptions{false, 0, false});
  if (!store) {
    std::fprintf(stderr, "%s\n", store.error().to_string().c_str());
    return 78;
  }
  const auto t0 = std::chrono::steady_clock::now();
  long made = 0;
  for (long story = 0; made < total; ++story) {
    Document doc;
    doc.id = "g" + std::to_string(story);
    doc.text = "synthetic story " + doc.id;
    doc.title = doc.id;
    std::vector<Event> events;
    for (long k = 0; k < per_story && made < total; ++k, ++made) {
      Event e;
      e.id = doc.id + ":" + std::to_string(k) + ":0";
      size_t s = pick(rng), t = pick(rng);
      if (s == t) t = (t + 1 + static_cast<size_t>(leaf_d(rng))) % actors.size();
      e.source = actors[s];
      e.target = actors[t];
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
      e.sentence = static_cast<uint32_t>(k);
      e.span = Span{0, 4};
      e.text = "s";
      events.push_back(std::move(e));
    }
    auto r = store->ingest(doc, events);
    if (!r) {
      std::fprintf(stderr, "%s\n", r.error().to_string().c_str());
      return 65;
    }
    if (story % 200 == 0)
      std::fprintf(stderr, "\r%ld events", made);
  }
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  auto st = store->stats();
  std::fprintf(stderr, "\n");
  std::printf("generated %ld raw events -> %lld merged events, %lld actors in %.1f s (%.0f events/s)\n",
              made, static_cast<long long>(st->events), static_cast<long long>(st->actors), secs,
              static_cast<double>(made) / secs);
  return 0;
}
