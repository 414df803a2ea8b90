// Test helpers for the graph, query and io suites: small hand-made graphs.
#pragma once

#include <string>
#include <vector>

#include "entente/graph.h"
#include "entente/store.h"

namespace entente::test {

inline StoredActor stored_actor(const std::string& code, const std::string& name = {}) {
  StoredActor a;
  a.code = code;
  a.name = name;
  if (code.substr(0, 3) != "IGO" && code.substr(0, 3) != "NGO") {
    a.country = code.substr(0, 3);
    a.sector = code.size() > 3 ? code.substr(3) : std::string();
  }
  a.type = a.sector.empty() ? "country" : "domestic";
  return a;
}

inline StoredEvent stored_event(const std::string& id, const std::string& source,
                                const std::string& target, const std::string& code,
                                const std::string& day, double goldstein, int quad) {
  StoredEvent e;
  e.id = id;
  e.source = source;
  e.target = target;
  e.code = code;
  e.root = code.substr(0, 2);
  e.label = "label of " + code;
  e.goldstein = goldstein;
  e.quad_class = quad;
  e.count = 1;
  if (!day.empty()) {
    auto d = CivilDate::parse_iso(day);
    e.date = day;
    e.date_begin = *d;
    e.date_end = *d;
  }
  return e;
}

// AAA -> BBB (e1 036 +4 q1 on 01-01, e6 190 -10 q4 on 01-05), BBB -> CCC (e2 on 01-05),
// AAA -> DDD (e3 on 01-10), DDD -> CCC (e4 on 01-02), CCC -> CCC (e5, a self-loop on 01-03),
// EEE isolated; a same-day chain FFF -> GGG -> HHH on 02-01 (and GGG -> HHH again on 02-03)
// beside a longer same-day chain FFF -> III -> JJJ -> HHH; USAGOV, USAMIL and CHNGOV
// ("Li Qiang") for actor resolution; one negated event and one undated event.
inline Result<KnowledgeGraph> small_graph(bool include_negated = false) {
  std::vector<StoredActor> actors = {
      stored_actor("AAA", "Alpha & Co <\"A'>"), stored_actor("BBB", "Beta"), stored_actor("CCC", "Gamma"),
      stored_actor("DDD", "Delta"), stored_actor("EEE", "Epsilon"), stored_actor("FFF"),
      stored_actor("GGG"), stored_actor("HHH"), stored_actor("III"), stored_actor("JJJ"),
      stored_actor("USAGOV", "Joe Biden"), stored_actor("USAMIL"), stored_actor("CHNGOV", "Li Qiang")};
  std::vector<StoredEvent> events = {
      stored_event("e1", "AAA", "BBB", "036", "2023-01-01", 4.0, 1),
      stored_event("e2", "BBB", "CCC", "057", "2023-01-05", 8.0, 1),
      stored_event("e3", "AAA", "DDD", "061", "2023-01-10", 8.0, 2),
      stored_event("e4", "DDD", "CCC", "061", "2023-01-02", 8.0, 2),
      stored_event("e5", "CCC", "CCC", "010", "2023-01-03", 0.0, 1),
      stored_event("e6", "AAA", "BBB", "190", "2023-01-05", -10.0, 4),
      stored_event("f1", "FFF", "GGG", "042", "2023-02-01", 1.9, 1),
      stored_event("f2", "GGG", "HHH", "042", "2023-02-01", 1.9, 1),
      stored_event("f3", "GGG", "HHH", "043", "2023-02-03", 2.8, 1),
      stored_event("f4", "FFF", "III", "042", "2023-02-01", 1.9, 1),
      stored_event("f5", "III", "JJJ", "042", "2023-02-01", 1.9, 1),
      stored_event("f6", "JJJ", "HHH", "042", "2023-02-01", 1.9, 1),
      stored_event("u1", "USAGOV", "CHNGOV", "036", "2023-03-01", 4.0, 1),
      stored_event("u2", "USAMIL", "CHNGOV", "173", "2023-03-02", -5.0, 4),
      stored_event("u3", "CHNGOV", "USAGOV", "036", "", 4.0, 1),
  };
  StoredEvent neg = stored_event("n1", "EEE", "AAA", "111", "2023-01-04", -2.0, 3);
  neg.negated = true;
  events.push_back(neg);
  return KnowledgeGraph::build(actors, events, GraphOptions{include_negated, 1000});
}

}  // namespace entente::test
