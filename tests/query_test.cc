#include "entente/query.h"

#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "graph_fixtures.h"
#include "store_fixtures.h"

namespace entente {

namespace {
std::vector<ActorId> A(const KnowledgeGraph& g, const std::string& text) {
  auto r = resolve_actor(g, text);
  REQUIRE(r.ok());
  return *r;
}

// "AAA>BBB>CCC [e6,e2]" for each path.
std::vector<std::string> show(const KnowledgeGraph& g, const std::vector<Path>& paths) {
  std::vector<std::string> out;
  for (const Path& p : paths) {
    std::string s;
    for (size_t i = 0; i < p.actors.size(); ++i) s += (i ? ">" : "") + g.actor(p.actors[i]).code;
    s += " [";
    for (size_t i = 0; i < p.events.size(); ++i) s += (i ? "," : "") + std::string(g.event_id(p.events[i]));
    s += "]";
    if (p.arrival) s += " " + p.arrival->iso();
    out.push_back(s);
  }
  return out;
}
}  // namespace

TEST_SUITE("query") {
  TEST_CASE("resolve_actor: a country code takes in the bare country and all its sectors") {
    std::vector<StoredActor> actors = {test::stored_actor("CHN", "China"),
                                       test::stored_actor("USA", "United States"),
                                       test::stored_actor("USAGOV"), test::stored_actor("USAMIL")};
    std::vector<StoredEvent> events = {
        test::stored_event("a", "USA", "CHN", "036", "2023-03-01", 4.0, 1),
        test::stored_event("b", "USAGOV", "CHN", "036", "2023-03-02", 4.0, 1),
        test::stored_event("c", "USAMIL", "CHN", "173", "2023-03-03", -5.0, 4)};
    auto g = KnowledgeGraph::build(actors, events, GraphOptions{false, 1000});
    REQUIRE(g.ok());
    auto r = resolve_actor(*g, "USA");
    REQUIRE(r.ok());
    std::vector<std::string> codes;
    for (ActorId a : *r) codes.push_back(g->actor(a).code);
    CHECK(codes == std::vector<std::string>{"USA", "USAGOV", "USAMIL"});
    auto exact = resolve_actor(*g, "USAGOV");
    REQUIRE(exact.ok());
    CHECK(exact->size() == 1);
  }

  TEST_CASE("resolve_actor: codes, country prefixes and names resolve, unknown ones get suggestions") {
    auto g = test::small_graph();
    REQUIRE(g.ok());
    struct Row {
      const char* text;
      std::vector<std::string> codes;
    };
    const std::vector<Row> rows = {
        {"CHNGOV", {"CHNGOV"}},
        {"usagov", {"USAGOV"}},
        {"USA", {"USAGOV", "USAMIL"}},
        {"Li Qiang", {"CHNGOV"}},
        {"li qiang", {"CHNGOV"}},
        {"  BBB ", {"BBB"}},
    };
    for (const Row& row : rows) {
      CAPTURE(row.text);
      auto r = resolve_actor(*g, row.text);
      REQUIRE(r.ok());
      std::vector<std::string> codes;
      for (ActorId a : *r) codes.push_back(g->actor(a).code);
      CHECK(codes == row.codes);
    }
    auto bad = resolve_actor(*g, "Li Qiangg");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().code == Errc::NotFound);
    CHECK(bad.error().message.find("unknown actor \"Li Qiangg\"") != std::string::npos);
    CHECK(bad.error().message.find("did you mean \"Li Qiang\" (CHNGOV)") != std::string::npos);
    auto prefix = resolve_actor(*g, "Joe Bidn");
    REQUIRE_FALSE(prefix.ok());
    CHECK(prefix.error().message.find("\"Joe Biden\" (USAGOV)") != std::string::npos);
    auto none = resolve_actor(*g, "Xylophone Quartet");
    REQUIRE_FALSE(none.ok());
    CHECK(none.error().message.find("entente stats") != std::string::npos);
    auto empty = resolve_actor(*g, " ");
    REQUIRE_FALSE(empty.ok());
    CHECK(empty.error().code == Errc::InvalidInput);
  }

  TEST_CASE("shortest_paths: ties break by actor code, k paths, unreachable pairs give none") {
    auto g = test::small_graph();
    REQUIRE(g.ok());
    PathOptions o;
    o.direction = Direction::Out;
    auto one = shortest_paths(*g, A(*g, "AAA"), A(*g, "CCC"), o);
    REQUIRE(one.ok());
    // Hops show their latest event: e6 (01-05) for AAA -> BBB.
    CHECK(show(*g, *one) == std::vector<std::string>{"AAA>BBB>CCC [e6,e2]"});
    CHECK((*one)[0].hops == 2);
    o.k = 5;
    auto all = shortest_paths(*g, A(*g, "AAA"), A(*g, "CCC"), o);
    REQUIRE(all.ok());
    CHECK(show(*g, *all) == std::vector<std::string>{"AAA>BBB>CCC [e6,e2]", "AAA>DDD>CCC [e3,e4]"});
    auto back = shortest_paths(*g, A(*g, "CCC"), A(*g, "AAA"), o);
    REQUIRE(back.ok());
    CHECK(back->empty());
    auto isolated = shortest_paths(*g, A(*g, "EEE"), A(*g, "AAA"), o);  // only a negated event
    REQUIRE(isolated.ok());
    CHECK(isolated->empty());
    o.max_hops = 1;
    auto short_only = shortest_paths(*g, A(*g, "AAA"), A(*g, "CCC"), o);
    REQUIRE(short_only.ok());
    CHECK(short_only->empty());
    o.max_hops = 6;
    auto same = shortest_paths(*g, A(*g, "CCC"), A(*g, "CCC"), o);  // the self-loop is no path
    REQUIRE(same.ok());
    REQUIRE(same->size() == 1);
    CHECK((*same)[0].hops == 0);
    auto country = shortest_paths(*g, A(*g, "USA"), A(*g, "CHNGOV"), o);
    REQUIRE(country.ok());
    CHECK(show(*g, *country) == std::vector<std::string>{"USAGOV>CHNGOV [u1]", "USAMIL>CHNGOV [u2]"});
    o.k = 0;
    auto zero = shortest_paths(*g, A(*g, "AAA"), A(*g, "CCC"), o);
    REQUIRE_FALSE(zero.ok());
    CHECK(zero.error().code == Errc::InvalidInput);
    CHECK(zero.error().message.find("--k") != std::string::npos);
  }

  TEST_CASE("shortest_paths: weights prefer cooperative or conflictual links, filters apply") {
    auto g = test::small_graph();
    REQUIRE(g.ok());
    PathOptions o;
    o.direction = Direction::Out;
    o.weight = PathWeight::Cooperation;
    auto coop = shortest_paths(*g, A(*g, "AAA"), A(*g, "CCC"), o);
    REQUIRE(coop.ok());
    CHECK(show(*g, *coop) == std::vector<std::string>{"AAA>DDD>CCC [e3,e4]"});
    CHECK((*coop)[0].cost == doctest::Approx(2.4));
    o.weight = PathWeight::Conflict;
    auto conf = shortest_paths(*g, A(*g, "AAA"), A(*g, "CCC"), o);
    REQUIRE(conf.ok());
    CHECK(show(*g, *conf) == std::vector<std::string>{"AAA>BBB>CCC [e6,e2]"});
    CHECK((*conf)[0].cost == doctest::Approx(4.5));
    o.weight = PathWeight::Hops;
    o.filter.codes = {"19"};
    auto filtered = shortest_paths(*g, A(*g, "AAA"), A(*g, "BBB"), o);
    REQUIRE(filtered.ok());
    CHECK(show(*g, *filtered) == std::vector<std::string>{"AAA>BBB [e6]"});
    auto cut = shortest_paths(*g, A(*g, "AAA"), A(*g, "CCC"), o);
    REQUIRE(cut.ok());
    CHECK(cut->empty());
    o.filter = EventFilter{};
    o.filter.to = CivilDate{2023, 1, 3};
    auto early = shortest_paths(*g, A(*g, "AAA"), A(*g, "BBB"), o);
    REQUIRE(early.ok());
    CHECK(show(*g, *early) == std::vector<std::string>{"AAA>BBB [e1]"});
  }

  TEST_CASE("temporal_paths: earliest arrival, fewest hops among those, strict or not") {
    auto g = test::small_graph();
    REQUIRE(g.ok());
    struct Row {
      const char* name;
      const char* from;
      const char* to;
      bool strict;
      std::optional<CivilDate> start;
      std::vector<std::string> expected;
    };
    const std::vector<Row> rows = {
        // Through DDD is shorter in hops but goes back in time (01-10 then 01-02).
        {"via BBB in order", "AAA", "CCC", false, std::nullopt, {"AAA>BBB>CCC [e1,e2] 2023-01-05"}},
        {"strict is the same here", "AAA", "CCC", true, std::nullopt, {"AAA>BBB>CCC [e1,e2] 2023-01-05"}},
        {"--from skips e1; same day chains", "AAA", "CCC", false, CivilDate{2023, 1, 2},
         {"AAA>BBB>CCC [e6,e2] 2023-01-05"}},
        {"--from skips e1; strict cannot chain on one day", "AAA", "CCC", true, CivilDate{2023, 1, 2}, {}},
        {"same day, fewest hops among the earliest", "FFF", "HHH", false, std::nullopt,
         {"FFF>GGG>HHH [f1,f2] 2023-02-01"}},
        {"strict waits for a later event", "FFF", "HHH", true, std::nullopt,
         {"FFF>GGG>HHH [f1,f3] 2023-02-03"}},
        {"unreachable backwards", "CCC", "AAA", false, std::nullopt, {}},
        {"undated events take no part", "CHNGOV", "USAGOV", false, std::nullopt, {}},
    };
    for (const Row& row : rows) {
      CAPTURE(row.name);
      PathOptions o;
      o.direction = Direction::Out;
      o.strict = row.strict;
      o.filter.from = row.start;
      auto r = temporal_paths(*g, A(*g, row.from), A(*g, row.to), o);
      REQUIRE(r.ok());
      CHECK(show(*g, *r) == row.expected);
    }
    PathOptions o;
    o.max_hops = 1;
    auto limited = temporal_paths(*g, A(*g, "AAA"), A(*g, "CCC"), o);
    REQUIRE(limited.ok());
    CHECK(limited->empty());
  }

  TEST_CASE("shortest_paths: direction any takes hops either way, in only against the events") {
    auto g = test::small_graph();
    REQUIRE(g.ok());
    struct Row {
      const char* name;
      Direction direction;
      const char* from;
      const char* to;
      PathWeight weight;
      size_t k;
      std::vector<std::string> expected;
      std::vector<bool> forward;  // of the first path
    };
    const std::vector<Row> rows = {
        {"any goes back along events", Direction::Any, "CCC", "AAA", PathWeight::Hops, 1,
         {"CCC>BBB>AAA [e2,e6]"}, {false, false}},
        {"any, k paths", Direction::Any, "CCC", "AAA", PathWeight::Hops, 5,
         {"CCC>BBB>AAA [e2,e6]", "CCC>DDD>AAA [e4,e3]"}, {false, false}},
        {"out cannot", Direction::Out, "CCC", "AAA", PathWeight::Hops, 1, {}, {}},
        {"in walks against the events", Direction::In, "CCC", "AAA", PathWeight::Hops, 1,
         {"CCC>BBB>AAA [e2,e6]"}, {false, false}},
        {"in cannot go along them", Direction::In, "AAA", "CCC", PathWeight::Hops, 1, {}, {}},
        {"any still goes forward", Direction::Any, "AAA", "CCC", PathWeight::Hops, 1,
         {"AAA>BBB>CCC [e6,e2]"}, {true, true}},
        // A hop over a pair with events both ways: USAGOV -> CHNGOV (u1) and back (u3, undated):
        // the latest dated event stands for it, whichever way it went.
        {"a pair with events both ways", Direction::Any, "CHNGOV", "USAGOV", PathWeight::Hops, 1,
         {"CHNGOV>USAGOV [u1]"}, {false}},
        {"weighted any: most cooperative event of both ways", Direction::Any, "CCC", "AAA",
         PathWeight::Cooperation, 1, {"CCC>DDD>AAA [e4,e3]"}, {false, false}},
        {"mixed ways in one path", Direction::Any, "USAMIL", "USAGOV", PathWeight::Hops, 1,
         {"USAMIL>CHNGOV>USAGOV [u2,u1]"}, {true, false}},
    };
    for (const Row& row : rows) {
      CAPTURE(row.name);
      PathOptions o;
      o.direction = row.direction;
      o.weight = row.weight;
      o.k = row.k;
      auto r = shortest_paths(*g, A(*g, row.from), A(*g, row.to), o);
      REQUIRE(r.ok());
      CHECK(show(*g, *r) == row.expected);
      if (!r->empty()) CHECK((*r)[0].forward == row.forward);
    }
  }

  TEST_CASE("temporal_paths: direction any and in carry a journey against an event") {
    auto g = test::small_graph();
    REQUIRE(g.ok());
    struct Row {
      const char* name;
      Direction direction;
      bool strict;
      std::vector<std::string> expected;
    };
    const std::vector<Row> rows = {
        {"any: same day back over e2 then e6", Direction::Any, false,
         {"CCC>BBB>AAA [e2,e6] 2023-01-05"}},
        {"any, strict: through DDD on a later day", Direction::Any, true,
         {"CCC>DDD>AAA [e4,e3] 2023-01-10"}},
        {"in: the same, against every event", Direction::In, false,
         {"CCC>BBB>AAA [e2,e6] 2023-01-05"}},
        {"out: no way from CCC", Direction::Out, false, {}},
    };
    for (const Row& row : rows) {
      CAPTURE(row.name);
      PathOptions o;
      o.direction = row.direction;
      o.strict = row.strict;
      auto r = temporal_paths(*g, A(*g, "CCC"), A(*g, "AAA"), o);
      REQUIRE(r.ok());
      CHECK(show(*g, *r) == row.expected);
      if (!r->empty()) CHECK((*r)[0].forward == std::vector<bool>{false, false});
    }
  }

  TEST_CASE("parse_direction: any, out, in, anything else is rejected") {
    CHECK(*parse_direction("any") == Direction::Any);
    CHECK(*parse_direction(" OUT ") == Direction::Out);
    CHECK(*parse_direction("in") == Direction::In);
    CHECK(direction_name(Direction::In) == "in");
    auto bad = parse_direction("both");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().code == Errc::InvalidInput);
    CHECK(bad.error().message.find("\"both\" is not any, out or in") != std::string::npos);
  }

  TEST_CASE("timeline: buckets count QuadClasses and Goldstein, gaps are filled") {
    auto g = test::small_graph();
    REQUIRE(g.ok());
    TimelineOptions o;
    const auto a = A(*g, "AAA");
    const auto b = A(*g, "BBB");
    const Timeline dyad = timeline(*g, a, &b, o);
    REQUIRE(dyad.buckets.size() == 1);
    const TimelineBucket& m = dyad.buckets[0];
    CHECK(m.period == "2023-01");
    CHECK(m.count == 2);
    CHECK(m.quad == std::array<int64_t, 4>{1, 0, 0, 1});
    CHECK(m.goldstein_sum == doctest::Approx(-6.0));
    CHECK(m.goldstein_mean == doctest::Approx(-3.0));
    CHECK(m.coop_index == doctest::Approx(0.0));
    CHECK(dyad.events.size() == 2);
    // One actor: both directions and its self-loop once.
    const Timeline c = timeline(*g, A(*g, "CCC"), nullptr, o);
    CHECK(c.events.size() == 3);
    o.by = Period::Day;
    const Timeline days = timeline(*g, A(*g, "CCC"), nullptr, o);
    REQUIRE(days.buckets.size() == 4);  // 01-02 .. 01-05 with 01-04 empty
    CHECK(days.buckets[2].period == "2023-01-04");
    CHECK(days.buckets[2].count == 0);
    // The undated event is listed but not bucketed.
    o.by = Period::Year;
    const auto u = A(*g, "USAGOV");
    const auto ch = A(*g, "CHNGOV");
    const Timeline us = timeline(*g, u, &ch, o);
    CHECK(us.events.size() == 2);
    REQUIRE(us.buckets.size() == 1);
    CHECK(us.buckets[0].count == 1);
    o.filter.quad_classes = {4};
    const Timeline conflict = timeline(*g, a, &b, o);
    REQUIRE(conflict.events.size() == 1);
    CHECK(g->event_id(conflict.events[0]) == "e6");
  }

  TEST_CASE("period_label: ISO weeks, quarters and years") {
    struct Row {
      Period p;
      CivilDate day;
      const char* label;
    };
    const std::vector<Row> rows = {
        {Period::Week, {2021, 1, 1}, "2020-W53"}, {Period::Week, {2023, 1, 2}, "2023-W01"},
        {Period::Week, {2024, 12, 30}, "2025-W01"}, {Period::Quarter, {2023, 8, 29}, "2023-Q3"},
        {Period::Month, {2023, 8, 29}, "2023-08"}, {Period::Year, {2023, 8, 29}, "2023"},
        {Period::Day, {2023, 8, 29}, "2023-08-29"},
    };
    for (const Row& row : rows) {
      CAPTURE(row.label);
      CHECK(period_label(row.p, row.day) == row.label);
    }
    auto bad = parse_period("fortnight");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().code == Errc::InvalidInput);
    CHECK(bad.error().message.find("\"fortnight\"") != std::string::npos);
  }

  TEST_CASE("neighbors: depth and events toward the nearer layer") {
    auto g = test::small_graph();
    REQUIRE(g.ok());
    const auto n1 = neighbors(*g, A(*g, "AAA"), 1, EventFilter{});
    REQUIRE(n1.size() == 2);
    CHECK(g->actor(n1[0].actor).code == "BBB");
    CHECK(n1[0].events == 2);
    CHECK(g->actor(n1[1].actor).code == "DDD");
    const auto n2 = neighbors(*g, A(*g, "AAA"), 2, EventFilter{});
    REQUIRE(n2.size() == 3);
    CHECK(g->actor(n2[2].actor).code == "CCC");
    CHECK(n2[2].depth == 2);
    CHECK(n2[2].events == 2);
    // BBB: AAA -> BBB (e1, e6) and BBB -> CCC (e2).
    auto codes = [&](const std::vector<Neighbor>& ns) {
      std::string s;
      for (const Neighbor& n : ns) s += g->actor(n.actor).code + ":" + std::to_string(n.events) + " ";
      return s;
    };
    CHECK(codes(neighbors(*g, A(*g, "BBB"), 1, EventFilter{}, Direction::Any)) == "AAA:2 CCC:1 ");
    CHECK(codes(neighbors(*g, A(*g, "BBB"), 1, EventFilter{}, Direction::Out)) == "CCC:1 ");
    CHECK(codes(neighbors(*g, A(*g, "BBB"), 1, EventFilter{}, Direction::In)) == "AAA:2 ");
    CHECK(codes(neighbors(*g, A(*g, "BBB"), 2, EventFilter{}, Direction::Out)) == "CCC:1 ");
    CHECK(codes(neighbors(*g, A(*g, "CCC"), 2, EventFilter{}, Direction::In)) ==
          "BBB:1 DDD:1 AAA:3 ");
  }

  TEST_CASE("filters: bad code and QuadClass lists are rejected") {
    auto c = parse_code_list("036, 04");
    REQUIRE(c.ok());
    CHECK(*c == std::vector<std::string>{"036", "04"});
    auto bad = parse_code_list("03x");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().code == Errc::InvalidInput);
    CHECK(bad.error().message.find("\"03x\"") != std::string::npos);
    auto q = parse_quad_list("5");
    REQUIRE_FALSE(q.ok());
    CHECK(q.error().message.find("1, 2, 3 or 4") != std::string::npos);
    auto w = parse_weight("shortest");
    REQUIRE_FALSE(w.ok());
    CHECK(w.error().message.find("hops, cooperation or conflict") != std::string::npos);
  }

  TEST_CASE("graph_stats: counts, dates and top lists") {
    auto g = test::small_graph();
    REQUIRE(g.ok());
    const GraphStats st = graph_stats(*g, 3);
    CHECK(st.events == 15);
    CHECK(st.first_date == "2023-01-01");
    CHECK(st.last_date == "2023-03-02");
    REQUIRE(st.top_actors.size() == 3);
    CHECK(g->actor(st.top_actors[0].actor).code == "AAA");  // 3 events; ties by code order
    CHECK(st.top_actors[0].events == 3);
    CHECK(st.top_actors[0].degree == 2);
  }

  TEST_CASE("queries: answers do not depend on the ingest order") {
    std::vector<std::pair<Document, std::vector<Event>>> batch = {
        {test::story("a", "A"), {test::day_event("a:0:0", "AAA", "BBB", "036", "2023-01-01"),
                                 test::day_event("a:1:0", "BBB", "CCC", "036", "2023-01-03")}},
        {test::story("b", "B"), {test::day_event("b:0:0", "AAA", "DDD", "036", "2023-01-01"),
                                 test::day_event("b:1:0", "DDD", "CCC", "036", "2023-01-02")}},
        {test::story("c", "C"), {test::day_event("c:0:0", "AAA", "BBB", "036", "2023-01-02")}},
    };
    std::vector<std::string> answers;
    for (const auto& order : std::vector<std::vector<size_t>>{{0, 1, 2}, {2, 1, 0}, {1, 2, 0}}) {
      test::TempDir dir;
      auto s = Store::open(dir.file("q.db"));
      REQUIRE(s.ok());
      for (size_t i : order) REQUIRE(s->ingest(batch[i].first, batch[i].second).ok());
      auto g = KnowledgeGraph::load(*s);
      REQUIRE(g.ok());
      PathOptions o;
      o.k = 3;
      std::string answer;
      for (const auto& line : show(*g, *shortest_paths(*g, A(*g, "AAA"), A(*g, "CCC"), o))) answer += line + ";";
      for (const auto& line : show(*g, *temporal_paths(*g, A(*g, "AAA"), A(*g, "CCC"), o))) answer += line + ";";
      answers.push_back(answer);
    }
    CHECK(answers[0] == "AAA>BBB>CCC [a:0:0,a:1:0];AAA>DDD>CCC [b:0:0,b:1:0];AAA>DDD>CCC [b:0:0,b:1:0] 2023-01-02;");
    CHECK(answers[1] == answers[0]);
    CHECK(answers[2] == answers[0]);
  }
}

}  // namespace entente
