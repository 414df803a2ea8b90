// Exports (entente/export.h, the export module).
#include "entente/export.h"

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "graph_fixtures.h"
#include "store_fixtures.h"
#include "test_skip.h"

#ifndef ENTENTE_SOURCE_DIR
#define ENTENTE_SOURCE_DIR "."
#endif

namespace entente {

namespace {
std::string render(const KnowledgeGraph& g, ExportFormat f, ExportShape s = ExportShape::Events) {
  ExportOptions o;
  o.format = f;
  o.shape = s;
  std::ostringstream out;
  auto r = write_export(g, o, out);
  REQUIRE(r.ok());
  return out.str();
}
bool contains(const std::string& hay, const std::string& needle) {
  return hay.find(needle) != std::string::npos;
}
std::string slurp(const std::string& path) {
  std::ifstream f(path);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}
bool have_python_graph_libs() {
  return std::system("/usr/bin/python3 -c 'import networkx, igraph' >/dev/null 2>&1") == 0;
}
const std::string kShared = std::string(ENTENTE_SOURCE_DIR) + "/../shared/eval/graphml";
}  // namespace

TEST_SUITE("export") {
  TEST_CASE("GraphML: typed keys, escaped text, true/false, full precision, no weight key") {
    std::vector<StoredActor> actors = {
        test::stored_actor("AAA", "Alpha & Co <\"A'> \xC3\xA9t\xC3\xA9"),
        test::stored_actor("BBB")};
    auto e = test::stored_event("doc 1/x:0:0", "AAA", "BBB", "036", "2023-01-01", 0.1 + 0.2, 1);
    auto g = KnowledgeGraph::build(actors, {e});
    REQUIRE(g.ok());
    const std::string x = render(*g, ExportFormat::GraphML);
    CHECK(contains(x, "<node id=\"AAA\">"));
    CHECK(contains(
        x, "<data key=\"n0\">Alpha &amp; Co &lt;&quot;A&apos;&gt; \xC3\xA9t\xC3\xA9</data>"));
    CHECK(contains(x, "<edge id=\"doc_x20_1_x2F_x:0:0\" source=\"AAA\" target=\"BBB\">"));
    CHECK(contains(x, "<data key=\"e3\">doc 1/x:0:0</data>"));
    CHECK(contains(x, "<data key=\"e9\">0.30000000000000004</data>"));
    CHECK(contains(x, "<data key=\"e12\">false</data>"));
    CHECK(contains(x, "<data key=\"e6\">19358</data>"));
    CHECK(contains(x, "<data key=\"e4\">2023-01-01</data>"));
    CHECK(contains(x, "<data key=\"e0\">label of 036</data>"));
    CHECK(
        contains(x, "<key id=\"e9\" for=\"edge\" attr.name=\"goldstein\" attr.type=\"double\"/>"));
    CHECK_FALSE(contains(x, "attr.name=\"weight\""));
    // Every key carries attr.type.
    size_t keys = 0, typed = 0;
    for (size_t p = x.find("<key "); p != std::string::npos; p = x.find("<key ", p + 1)) {
      ++keys;
      const size_t end = x.find("/>", p);
      typed += x.substr(p, end - p).find("attr.type=") != std::string::npos;
    }
    CHECK(keys > 10);
    CHECK(keys == typed);
  }

  TEST_CASE("GraphML: NetworkX and igraph read back the counts and attributes") {
    if (!have_python_graph_libs()) {
      ENTENTE_SKIP("/usr/bin/python3 lacks networkx or igraph (scripts/setup.sh installs them)");
    }
    auto g = test::small_graph();
    REQUIRE(g.ok());
    test::TempDir dir;
    for (const char* shape : {"events", "dyads"}) {
      CAPTURE(shape);
      ExportOptions o;
      o.shape = std::string(shape) == "events" ? ExportShape::Events : ExportShape::Dyads;
      const std::string path = dir.file(std::string(shape) + ".graphml");
      REQUIRE(export_to_file(*g, o, path).ok());
      const std::string script = dir.file("check.py");
      std::ofstream(script)
          << "import sys, networkx as nx, igraph as ig\n"
             "p, shape = sys.argv[1], sys.argv[2]\n"
             "G = nx.read_graphml(p, force_multigraph=True)\n"
             "I = ig.Graph.Read_GraphML(p)\n"
             "edges = 15 if shape == 'events' else 13\n"
             "assert G.number_of_nodes() == 13 and I.vcount() == 13, (G.number_of_nodes(), "
             "I.vcount())\n"
             "assert G.number_of_edges() == edges and I.ecount() == edges, (G.number_of_edges(), "
             "I.ecount())\n"
             "assert G.nodes['AAA']['label'] == 'Alpha & Co <\"A\\'>', G.nodes['AAA']\n"
             "assert I.vs.find(id='AAA')['label'] == 'Alpha & Co <\"A\\'>'\n"
             "if shape == 'events':\n"
             "    e6 = [d for _, _, k, d in G.edges(keys=True, data=True) if k == 'e6'][0]\n"
             "    assert e6['goldstein'] == -10.0 and e6['negated'] is False and e6['date'] == "
             "'2023-01-05', e6\n"
             "    ie = I.es.find(id='e6')\n"
             "    assert ie['goldstein'] == -10.0 and ie['code'] == '190' and ie['negated'] is "
             "False, ie.attributes()\n"
             "else:\n"
             "    ab = [d for u, v, d in G.edges(data=True) if u == 'AAA' and v == 'BBB'][0]\n"
             "    assert ab['events'] == 2 and ab['quad1'] == 1 and ab['quad4'] == 1, ab\n"
             "    assert ab['goldstein_mean'] == -3.0 and ab['date'] == '2023-01-01/2023-01-05', "
             "ab\n";
      const std::string cmd = "/usr/bin/python3 " + script + " " + path + " " + shape;
      CHECK(std::system(cmd.c_str()) == 0);
      if (std::filesystem::exists(kShared + "/check_graphml.py")) {
        const std::string check = "/usr/bin/python3 " + kShared + "/check_graphml.py --quiet " +
                                  path + " date code label > /dev/null";
        CHECK(std::system(check.c_str()) == 0);
      }
    }
  }

  TEST_CASE("GEXF: version 1.3 with spells validates against the schema") {
    auto g = test::small_graph();
    REQUIRE(g.ok());
    const std::string x = render(*g, ExportFormat::Gexf);
    CHECK(contains(x, "version=\"1.3\""));
    CHECK(contains(x, "mode=\"dynamic\""));
    CHECK(contains(x, "<spells><spell start=\"2023-01-05\" end=\"2023-01-05\"/></spells>"));
    CHECK(contains(x, "label=\"Alpha &amp; Co &lt;&quot;A&apos;&gt;\""));
    const std::string xsd = kShared + "/gexf-xsd/gexf.xsd";
    if (!std::filesystem::exists(xsd)) ENTENTE_SKIP("the GEXF schema " + xsd + " is missing");
    if (std::system("xmllint --version >/dev/null 2>&1") != 0) {
      ENTENTE_SKIP("xmllint is not installed (scripts/setup.sh installs libxml2-utils)");
    }
    test::TempDir dir;
    for (ExportShape shape : {ExportShape::Events, ExportShape::Dyads}) {
      ExportOptions o;
      o.format = ExportFormat::Gexf;
      o.shape = shape;
      const std::string path = dir.file("g.gexf");
      REQUIRE(export_to_file(*g, o, path).ok());
      const std::string cmd =
          "xmllint --noout --nonet --schema " + xsd + " " + path + " 2>/dev/null";
      CHECK(std::system(cmd.c_str()) == 0);
    }
  }

  TEST_CASE("JSON, CSV and DOT: Cytoscape elements, quoted fields, escaped labels") {
    auto g = test::small_graph();
    REQUIRE(g.ok());
    const std::string j = render(*g, ExportFormat::Json);
    CHECK(contains(j, "{\"elements\":{\"nodes\":["));
    CHECK(contains(j, "\"label\":\"Alpha & Co <\\\"A'>\""));
    CHECK(contains(j,
                   "\"id\":\"u3\",\"source\":\"CHNGOV\",\"target\":\"USAGOV\",\"label\":\"label of "
                   "036\",\"date\":null"));
    const std::string c = render(*g, ExportFormat::Csv);
    CHECK(c.rfind("event_id,date,year,month,day,source,source_name,", 0) == 0);
    CHECK(contains(c,
                   "\ne1,2023-01-01,2023,1,1,AAA,\"Alpha & Co "
                   "<\"\"A'>\",AAA,,BBB,Beta,BBB,,036,03,1,4,label of 036,1,false\n"));
    const std::string d = render(*g, ExportFormat::Csv, ExportShape::Dyads);
    CHECK(contains(d, "\nAAA,BBB,2,1,0,0,1,-6,-3,2023-01-01,2023-01-05,036\n"));
    const std::string dot = render(*g, ExportFormat::Dot);
    CHECK(contains(dot, "\"AAA\" [label=\"Alpha & Co <\\\"A'>\"];"));
    CHECK(contains(dot, "\"AAA\" -> \"BBB\" [id=\"e1\", label=\"036 2023-01-01\"];"));
  }

  TEST_CASE("Export: a neighbourhood and filters select nodes and edges") {
    auto g = test::small_graph();
    REQUIRE(g.ok());
    ExportOptions o;
    o.format = ExportFormat::Csv;
    o.focus = {*g->find_code("AAA")};
    o.depth = 1;
    std::ostringstream out;
    REQUIRE(write_export(*g, o, out).ok());
    std::ostringstream nodes;
    REQUIRE(write_nodes_csv(*g, o, nodes).ok());
    CHECK(nodes.str() ==
          "code,name,country,sector,type,events\nAAA,\"Alpha & Co <\"\"A'>\",AAA,,country,3\n"
          "BBB,Beta,BBB,,country,2\nDDD,Delta,DDD,,country,1\n");
    o.focus.clear();
    o.filter.quad_classes = {4};
    std::ostringstream q4;
    REQUIRE(write_nodes_csv(*g, o, q4).ok());
    CHECK(q4.str() ==
          "code,name,country,sector,type,events\nAAA,\"Alpha & Co <\"\"A'>\",AAA,,country,1\n"
          "BBB,Beta,BBB,,country,1\nCHNGOV,Li "
          "Qiang,CHN,GOV,domestic,1\nUSAMIL,,USA,MIL,domestic,1\n");
  }

  TEST_CASE("Export: files are written whole or not at all") {
    auto g = test::small_graph();
    REQUIRE(g.ok());
    test::TempDir dir;
    ExportOptions o;
    o.format = ExportFormat::Csv;
    REQUIRE(export_to_file(*g, o, dir.file("g.csv")).ok());
    CHECK(std::filesystem::exists(dir.file("g.nodes.csv")));
    CHECK_FALSE(std::filesystem::exists(dir.file("g.csv.partial")));
    CHECK(slurp(dir.file("g.csv")).rfind("event_id,", 0) == 0);
    auto bad = export_to_file(*g, o, dir.file("no/such/folder/g.csv"));
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().code == Errc::Io);
    CHECK(bad.error().message.find("cannot create") != std::string::npos);
    CHECK(bad.error().where.find("no/such/folder/g.csv") != std::string::npos);
    auto f = parse_export_format("xlsx");
    REQUIRE_FALSE(f.ok());
    CHECK(f.error().code == Errc::InvalidInput);
    CHECK(f.error().message.find(
              "graphml, gexf, json, csv, dot, html, icews, phoenix, gdelt or neo4j") !=
          std::string::npos);
    auto s = parse_export_shape("pairs");
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().message.find("events or dyads") != std::string::npos);
  }

  TEST_CASE("HTML report: chart and network inline, deterministic, nothing to fetch") {
    auto g = test::small_graph();
    REQUIRE(g.ok());
    const std::string h = render(*g, ExportFormat::Html);
    CHECK(h.rfind("<!DOCTYPE html>", 0) == 0);
    CHECK(h == render(*g, ExportFormat::Html));
    CHECK(contains(h, "<svg id=\"timeline\""));
    CHECK(contains(h, "<svg id=\"network\""));
    CHECK(contains(h, "class=\"bar q1\""));
    CHECK(contains(h, "class=\"bar q4\""));
    CHECK(contains(h, "class=\"goldstein\""));
    CHECK(contains(h, "data-code=\"AAA\""));
    CHECK(contains(h, "Alpha &amp; Co &lt;&quot;A&apos;&gt;"));
    CHECK_FALSE(contains(h, "Alpha & Co"));
    CHECK_FALSE(contains(h, " src="));
    CHECK_FALSE(contains(h, "<link"));
    CHECK(contains(h, "2023-01"));
    // The self-loop CCC -> CCC is counted but not drawn; EEE's only event is negated: absent.
    CHECK(contains(h, "data-code=\"CCC\""));
    CHECK_FALSE(contains(h, "data-code=\"EEE\""));
  }

  TEST_CASE("HTML report: a dyad's timeline, a neighbourhood, and a cap on drawn actors") {
    auto g = test::small_graph();
    REQUIRE(g.ok());
    ExportOptions o;
    o.format = ExportFormat::Html;
    o.focus = {*g->find_code("AAA")};
    o.partner = {*g->find_code("BBB")};
    o.by = Period::Day;
    std::ostringstream out;
    REQUIRE(write_export(*g, o, out).ok());
    const std::string h = out.str();
    CHECK(contains(h, "<title>entente report: AAA \xE2\x80\x94 BBB</title>"));
    // AAA-BBB: e1 on 01-01 (QuadClass 1) and e6 on 01-05 (QuadClass 4), gaps filled by day.
    CHECK(contains(h, "2 events; chart: 2 dated, 2023-01-01 to 2023-01-05, by day"));
    CHECK(contains(h, "2023-01-03: 0 events"));
    CHECK(contains(h, "data-code=\"DDD\""));        // AAA's neighbour
    CHECK_FALSE(contains(h, "data-code=\"FFF\""));  // outside the neighbourhood
    o.focus.clear();
    o.partner.clear();
    o.max_nodes = 3;
    o.title = "Cap <3>";
    std::ostringstream capped;
    REQUIRE(write_export(*g, o, capped).ok());
    const std::string c = capped.str();
    CHECK(contains(c, "<title>Cap &lt;3&gt;</title>"));
    CHECK(contains(c, "3 actors, "));
    CHECK(contains(c, "actors with the fewest links are left out"));
    size_t nodes = 0;
    for (size_t p = c.find("class=\"node\""); p != std::string::npos;
         p = c.find("class=\"node\"", p + 1))
      ++nodes;
    CHECK(nodes == 3);
    auto f = parse_export_format("html");
    REQUIRE(f.ok());
    CHECK(*f == ExportFormat::Html);
  }

  TEST_CASE("GraphML and GEXF: names with every XML special and non-ASCII read back intact") {
    // & < > " ' plus accents, CJK, an emoji and a combining mark; ids with spaces and slashes.
    const std::string weird =
        "A&B <C> \"D\" 'E' \xC3\x89lys\xC3\xA9"
        "e \xE6\x9D\xB1\xE4\xBA\xAC \xF0\x9F\x87\xBA\xF0\x9F\x87\xB3 e\xCC\x81";
    std::vector<StoredActor> actors = {test::stored_actor("AAA", weird),
                                       test::stored_actor("BBB", "Plain")};
    auto e =
        test::stored_event("story <1> & \"2\"/x:0:0", "AAA", "BBB", "036", "2023-01-01", 4.0, 1);
    auto g = KnowledgeGraph::build(actors, {e});
    REQUIRE(g.ok());
    test::TempDir dir;
    const std::string expect = dir.file("expect.txt");
    std::ofstream(expect, std::ios::binary) << weird;
    for (ExportShape shape : {ExportShape::Events, ExportShape::Dyads}) {
      CAPTURE(static_cast<int>(shape));
      ExportOptions o;
      o.shape = shape;
      const std::string gml = dir.file("w.graphml"), gexf = dir.file("w.gexf");
      REQUIRE(export_to_file(*g, o, gml).ok());
      o.format = ExportFormat::Gexf;
      REQUIRE(export_to_file(*g, o, gexf).ok());
      const std::string x = slurp(gml);
      CHECK(contains(x, "A&amp;B &lt;C&gt; &quot;D&quot; &apos;E&apos;"));
      if (!have_python_graph_libs()) {
        ENTENTE_SKIP("the read-back: /usr/bin/python3 lacks networkx or igraph");
      }
      const std::string script = dir.file("names.py");
      std::ofstream(script)
          << "import sys, networkx as nx, igraph as ig\n"
             "from lxml import etree\n"
             "gml, gexf, expect, shape = sys.argv[1:5]\n"
             "want = open(expect, encoding='utf-8').read()\n"
             "G = nx.read_graphml(gml, force_multigraph=True)\n"
             "I = ig.Graph.Read_GraphML(gml)\n"
             "assert G.nodes['AAA']['name'] == want and G.nodes['AAA']['label'] == want, "
             "G.nodes['AAA']\n"
             "v = I.vs.find(id='AAA')\n"
             "assert v['name'] == want and v['label'] == want, v.attributes()\n"
             "assert G.number_of_edges() == 1 and I.ecount() == 1\n"
             "if shape == 'events':\n"
             "    (_, _, d), = G.edges(data=True)\n"
             "    assert d['event_id'] == 'story <1> & \"2\"/x:0:0', d\n"
             "    assert I.es[0]['event_id'] == d['event_id']\n"
             "doc = etree.parse(gexf)\n"
             "ns = {'g': 'http://gexf.net/1.3'}\n"
             "n = doc.find(\".//g:node[@id='AAA']\", ns)\n"
             "assert n.get('label') == want, n.get('label')\n"
             "assert n.find(\"g:attvalues/g:attvalue[@for='0']\", ns).get('value') == want\n";
      const std::string cmd = "/usr/bin/python3 " + script + " " + gml + " " + gexf + " " + expect +
                              " " + (shape == ExportShape::Events ? "events" : "dyads");
      CHECK(std::system(cmd.c_str()) == 0);
    }
  }

  TEST_CASE("HTML report: far-off dates do not stretch the chart unless --from/--to ask") {
    std::vector<StoredActor> actors = {test::stored_actor("AAA"), test::stored_actor("BBB")};
    std::vector<StoredEvent> events;
    for (int i = 0; i < 300; ++i) {
      const std::string day = "2023-0" + std::to_string(1 + i % 6) + "-1" + std::to_string(i % 9);
      events.push_back(
          test::stored_event("x" + std::to_string(i), "AAA", "BBB", "036", day, 4.0, 1));
    }
    events.push_back(test::stored_event("old", "BBB", "AAA", "190", "1805-10-21", -10.0, 4));
    auto g = KnowledgeGraph::build(actors, events);
    REQUIRE(g.ok());
    const std::string h = render(*g, ExportFormat::Html);
    CHECK(contains(h, "301 events; chart: "));
    CHECK(contains(h, "far-off dates left out"));
    CHECK_FALSE(contains(h, "1805-10"));
    ExportOptions o;
    o.format = ExportFormat::Html;
    o.by = Period::Year;
    o.filter.from = CivilDate{1800, 1, 1};
    std::ostringstream out;
    REQUIRE(write_export(*g, o, out).ok());
    CHECK(contains(out.str(), "301 events; chart: 301 dated, 1805 to 2023, by year"));
    CHECK_FALSE(contains(out.str(), "far-off dates left out"));
  }
}

}  // namespace entente
