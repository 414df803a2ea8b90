#include "entente/graph.h"

#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "graph_fixtures.h"
#include "store_fixtures.h"

namespace entente {

namespace {
std::vector<std::string> ids(const KnowledgeGraph& g, std::span<const EventId> events) {
  std::vector<std::string> out;
  for (EventId e : events) out.emplace_back(g.event_id(e));
  return out;
}
}  // namespace

TEST_SUITE("graph") {
  TEST_CASE("KnowledgeGraph: events are ordered by date then id, undated last") {
    auto g = test::small_graph();
    REQUIRE(g.ok());
    CHECK(g->actor_count() == 13);
    CHECK(g->event_count() == 15);  // the negated one is left out
    CHECK(g->dated_event_count() == 14);
    CHECK(g->event_id(EventId{0}) == "e1");
    CHECK(g->event_id(EventId{1}) == "e4");
    CHECK(g->event_id(EventId{3}) == "e2");  // e2 and e6 share 01-05: id order
    CHECK(g->event_id(EventId{4}) == "e6");
    CHECK(g->event_id(EventId{14}) == "u3");
    CHECK(g->event(EventId{14}).day_begin == kUndated);
    CHECK(g->event_date(EventId{14}).empty());
    CHECK(g->event(EventId{0}).code_view() == "036");
    CHECK(g->event(EventId{0}).root() == "03");
    CHECK(g->code_label("036") == "label of 036");
  }

  TEST_CASE("KnowledgeGraph: parallel events share one dyad, sorted by date, self-loops are dyads") {
    auto g = test::small_graph();
    REQUIRE(g.ok());
    auto a = g->find_code("AAA");
    auto b = g->find_code("BBB");
    auto c = g->find_code("CCC");
    REQUIRE(a);
    REQUIRE(b);
    REQUIRE(c);
    auto ab = g->find_dyad(*a, *b);
    REQUIRE(ab);
    CHECK(ids(*g, g->dyad(*ab).events) == std::vector<std::string>{"e1", "e6"});
    CHECK_FALSE(g->find_dyad(*b, *a));
    auto cc = g->find_dyad(*c, *c);
    REQUIRE(cc);
    CHECK(g->dyad(*cc).events.size() == 1);
    // Out-dyads follow the target's code order: BBB before DDD.
    auto out = g->out_dyads(*a);
    REQUIRE(out.size() == 2);
    CHECK(g->actor(g->dyad(out[0]).target).code == "BBB");
    CHECK(g->actor(g->dyad(out[1]).target).code == "DDD");
    CHECK(g->in_dyads(*c).size() == 3);  // from BBB, DDD and itself
    CHECK_FALSE(g->find_code("ZZZ"));
  }

  TEST_CASE("KnowledgeGraph: negated events join only when asked") {
    auto g = test::small_graph(true);
    REQUIRE(g.ok());
    CHECK(g->event_count() == 16);
    auto e = g->find_code("EEE");
    REQUIRE(e);
    CHECK(g->out_dyads(*e).size() == 1);
  }

  TEST_CASE("KnowledgeGraph: betweenness counts shortest paths through an actor") {
    auto g = test::small_graph();
    REQUIRE(g.ok());
    const auto bc = g->betweenness();
    // GGG lies on the only shortest path FFF -> HHH; III only on FFF -> JJJ (FFF -> III ->
    // JJJ -> HHH is longer than the path through GGG).
    CHECK(bc[index_of(*g->find_code("GGG"))] == doctest::Approx(1.0));
    CHECK(bc[index_of(*g->find_code("III"))] == doctest::Approx(1.0));
    CHECK(bc[index_of(*g->find_code("AAA"))] == doctest::Approx(0.0));
    // BBB and DDD each carry half of AAA -> CCC.
    CHECK(bc[index_of(*g->find_code("BBB"))] == doctest::Approx(0.5));
  }

  TEST_CASE("KnowledgeGraph: bad input is reported") {
    SUBCASE("an event naming an unknown actor") {
      auto g = KnowledgeGraph::build({test::stored_actor("AAA")},
                                     {test::stored_event("x1", "AAA", "QQQ", "036", "2023-01-01", 1, 1)});
      REQUIRE_FALSE(g.ok());
      CHECK(g.error().code == Errc::InvalidData);
      CHECK(g.error().message.find("\"QQQ\"") != std::string::npos);
      CHECK(g.error().message.find("\"x1\"") != std::string::npos);
    }
    SUBCASE("more actors than the limit") {
      auto g = KnowledgeGraph::build({test::stored_actor("AAA"), test::stored_actor("BBB")}, {},
                                     GraphOptions{false, 1});
      REQUIRE_FALSE(g.ok());
      CHECK(g.error().code == Errc::LimitExceeded);
      CHECK(g.error().message.find("limit of 1") != std::string::npos);
    }
  }

  TEST_CASE("KnowledgeGraph: loading from a store gives the store's events and names") {
    test::TempDir dir;
    auto s = Store::open(dir.file("g.db"));
    REQUIRE(s.ok());
    REQUIRE(s->ingest(test::story("a", "a"),
                      {test::day_event("a:0:0", "USAGOV", "CHNGOV", "036", "2023-08-01", "Joe Biden"),
                       test::day_event("a:1:0", "CHNGOV", "USAGOV", "042", "2023-07-01"),
                       test::negated(test::day_event("a:2:0", "CHNGOV", "RUSGOV", "042", "2023-07-01"))})
                .ok());
    auto g = KnowledgeGraph::load(*s);
    REQUIRE(g.ok());
    CHECK(g->actor_count() == 3);
    CHECK(g->event_count() == 2);
    CHECK(g->event_id(EventId{0}) == "a:1:0");
    CHECK(g->actor(*g->find_code("USAGOV")).name == "Joe Biden");
    CHECK(g->code_label("042") == "label 042");
    auto all = KnowledgeGraph::load(*s, GraphOptions{true, 100});
    REQUIRE(all.ok());
    CHECK(all->event_count() == 3);
    auto small = KnowledgeGraph::load(*s, GraphOptions{false, 2});
    REQUIRE_FALSE(small.ok());
    CHECK(small.error().code == Errc::LimitExceeded);
  }

  TEST_CASE("KnowledgeGraph: a snapshot reloads the same graph and goes stale on ingest") {
    test::TempDir dir;
    Event month = test::day_event("a:3:0", "RUSGOV", "USAGOV", "111", "2023-07-01");
    month.date = "2023-07";
    month.date_end = CivilDate{2023, 7, 31};
    auto s = Store::open(dir.file("s.db"));
    REQUIRE(s.ok());
    REQUIRE(s->ingest(test::story("a", "a"),
                      {test::day_event("a:0:0", "USAGOV", "CHNGOV", "036", "2023-08-01", "Joe Biden"),
                       test::day_event("a:1:0", "CHNGOV", "USAGOV", "042", "2023-07-01"),
                       test::undated(test::day_event("a:2:0", "CHNGOV", "RUSGOV", "190", "2023-07-01")),
                       month})
                .ok());
    auto dump = [](const KnowledgeGraph& g) {
      std::string out;
      for (uint32_t i = 0; i < g.actor_count(); ++i) {
        const auto& a = g.actor(ActorId{i});
        out += a.code + "|" + a.name + "|" + a.country + "|" + a.sector + "|" + a.type + "\n";
      }
      for (const auto& [name, id] : g.names()) out += name + "=" + g.actor(id).code + "\n";
      for (uint32_t i = 0; i < g.event_count(); ++i) {
        const EventId e{i};
        const GraphEvent& ev = g.event(e);
        out += std::string(g.event_id(e)) + " " + g.event_date(e) + " " +
               std::to_string(ev.day_begin) + " " + std::string(ev.code_view()) + " " +
               std::string(g.code_label(ev.code_view())) + " " + std::to_string(ev.goldstein) + "\n";
      }
      for (uint32_t d = 0; d < g.dyad_count(); ++d)
        out += std::to_string(g.dyad(DyadId{d}).events.size()) + ",";
      return out;
    };
    auto first = KnowledgeGraph::load(*s);
    REQUIRE(first.ok());
    CHECK_FALSE(first->from_snapshot());
    REQUIRE(first->save_snapshot(*s).ok());
    auto again = KnowledgeGraph::load(*s);
    REQUIRE(again.ok());
    CHECK(again->from_snapshot());
    CHECK(dump(*again) == dump(*first));
    CHECK(dump(*again).find("a:3:0 2023-07 ") != std::string::npos);
    CHECK(dump(*again).find("a:0:0 2023-08-01 ") != std::string::npos);
    auto negated = KnowledgeGraph::load(*s, GraphOptions{true, 100, true});
    REQUIRE(negated.ok());
    CHECK_FALSE(negated->from_snapshot());  // another snapshot
    // A damaged snapshot is ignored, not trusted.
    REQUIRE(s->write_cache("graph/default", "entente-graph-snapshot-1\ngarbage").ok());
    auto damaged = KnowledgeGraph::load(*s);
    REQUIRE(damaged.ok());
    CHECK_FALSE(damaged->from_snapshot());
    CHECK(dump(*damaged) == dump(*first));
    REQUIRE(first->save_snapshot(*s).ok());
    REQUIRE(s->ingest(test::story("b", "b"), {test::day_event("b:0:0", "USAGOV", "RUSGOV", "036", "2023-08-02")}).ok());
    auto stale = KnowledgeGraph::load(*s);
    REQUIRE(stale.ok());
    CHECK_FALSE(stale->from_snapshot());
    CHECK(stale->event_count() == 5);
  }
}

}  // namespace entente
