// The ICEWS, Phoenix, GDELT and Neo4j layouts (issue 17 item 4) on a hand-made graph: every
// column's name against tests/data/fixtures/export/dataset_columns.tsv, every column's value
// against a table here, and the error paths.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "entente/export.h"
#include "entente/lexicon.h"
#include "graph_fixtures.h"

namespace entente {

namespace {

std::vector<std::string> split(const std::string& line, char sep) {
  std::vector<std::string> out(1);
  for (char c : line) {
    if (c == sep) {
      out.emplace_back();
    } else {
      out.back() += c;
    }
  }
  return out;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

// format -> column names in order, from the fixture (the facts of the reference table).
std::map<std::string, std::vector<std::string>> fixture_columns() {
  std::map<std::string, std::vector<std::string>> out;
  std::ifstream f(std::string(ENTENTE_TEST_DATA) + "/fixtures/export/dataset_columns.tsv");
  REQUIRE(f);
  for (std::string l; std::getline(f, l);) {
    if (l.empty() || l[0] == '#') continue;
    const auto parts = split(l, '\t');
    REQUIRE(parts.size() == 3);
    auto& cols = out[parts[0]];
    CHECK(std::to_string(cols.size()) == parts[1]);
    cols.push_back(parts[2]);
  }
  return out;
}

std::shared_ptr<const DatasetTables> builtin_tables() {
  auto lex = Lexicon::load({});
  REQUIRE(lex.ok());
  auto t = load_dataset_tables(*lex.value());
  REQUIRE(t.ok());
  return std::make_shared<const DatasetTables>(std::move(t.value()));
}

// USAGOV -> FRA (036, 2023-03-05, sentence 7 of story-a.txt), IGOUNOSC -> USAGOV (112 on
// 2023-12-31, sentence 0 of story-b.txt, two sources), FRA -> USAGOV (010, undated).
Result<KnowledgeGraph> dataset_graph() {
  std::vector<StoredActor> actors = {test::stored_actor("FRA", "France"),
                                     test::stored_actor("IGOUNOSC", "UN Security Council"),
                                     test::stored_actor("USAGOV", "Joe Biden")};
  actors[1].type = "igo";
  auto e1 = test::stored_event("story-a.txt:7:0", "USAGOV", "FRA", "036", "2023-03-05", 4.0, 1);
  auto e2 =
      test::stored_event("story-b.txt:0:1", "IGOUNOSC", "USAGOV", "112", "2023-12-31", -2.0, 3);
  e2.count = 2;
  auto e3 = test::stored_event("story-c.txt:2:0", "FRA", "USAGOV", "010", "", 0.0, 1);
  return KnowledgeGraph::build(actors, {e1, e2, e3});
}

std::string render(const KnowledgeGraph& g, ExportFormat f,
                   std::shared_ptr<const DatasetTables> tables) {
  ExportOptions o;
  o.format = f;
  o.datasets = std::move(tables);
  std::ostringstream out;
  auto r = write_export(g, o, out);
  REQUIRE(r.ok());
  return out.str();
}

// The graph's rows in `format` and the fixture's column names of `name`.
struct Rendered {
  std::vector<std::string> cols;
  std::vector<std::string> lines;
};
Rendered render_dataset(ExportFormat format, const std::string& name) {
  auto g = dataset_graph();
  REQUIRE(g.ok());
  return {fixture_columns().at(name), lines_of(render(*g, format, builtin_tables()))};
}

// Checks that `row` holds, column by column, the `want` value of every name in `names`; a
// column missing from `want` fails (every column is checked).
void check_row(const std::vector<std::string>& names, const std::vector<std::string>& row,
               const std::map<std::string, std::string>& want) {
  REQUIRE(row.size() == names.size());
  for (size_t i = 0; i < names.size(); ++i) {
    CAPTURE(names[i]);
    auto it = want.find(names[i]);
    REQUIRE_MESSAGE(it != want.end(), "no expected value for this column");
    CHECK(row[i] == it->second);
  }
}

}  // namespace

TEST_SUITE("export") {
  TEST_CASE("Dataset layouts: the built-in columns are the datasets' names in their order") {
    const auto want = fixture_columns();
    const auto t = builtin_tables();
    for (const char* f : {"icews", "phoenix", "gdelt"}) {
      CAPTURE(f);
      const DatasetLayout* l = t->find(f);
      REQUIRE(l != nullptr);
      REQUIRE(want.count(f) == 1);
      std::vector<std::string> names;
      for (const auto& c : l->columns) names.push_back(c.name);
      CHECK(names == want.at(f));
      CHECK(l->separator == '\t');
      CHECK(l->header == (std::string(f) == "icews"));
    }
    CHECK(want.at("icews").size() == 20);
    CHECK(want.at("phoenix").size() == 26);
    CHECK(want.at("gdelt").size() == 61);
  }

  TEST_CASE("ICEWS: header, then every column of an event as ICEWS writes it") {
    const auto [cols, lines] = render_dataset(ExportFormat::Icews, "icews");
    REQUIRE(lines.size() == 4);
    CHECK(split(lines[0], '\t') == cols);
    // Graph order: dated events by day, the undated one last.
    check_row(cols, split(lines[1], '\t'),
              {{"Event ID", "story-a.txt:7:0"},
               {"Event Date", "2023-03-05"},
               {"Source Name", "Joe Biden"},
               {"Source Sectors", "Government"},
               {"Source Country", "United States"},
               {"Event Text", "label of 036"},
               {"CAMEO Code", "036"},
               {"Intensity", "4"},
               {"Target Name", "France"},
               {"Target Sectors", ""},
               {"Target Country", "France"},
               {"Story ID", "story-a.txt"},
               {"Sentence Number", "8"},
               {"Publisher", ""},
               {"City", ""},
               {"District", ""},
               {"Province", ""},
               {"Country", ""},
               {"Latitude", ""},
               {"Longitude", ""}});
    const auto igo = split(lines[2], '\t');
    CHECK(igo[3] == "International Government Organizations");  // an IGO's "sector"
    CHECK(igo[4] == "");                                        // and no country
    const auto undated = split(lines[3], '\t');
    CHECK(undated[1] == "");
  }

  TEST_CASE("Phoenix: no header, ids, date parts, actor parts and PentaClass") {
    const auto [cols, lines] = render_dataset(ExportFormat::Phoenix, "phoenix");
    REQUIRE(lines.size() == 3);
    std::map<std::string, std::string> want = {{"EventID", "2_entente"},
                                               {"Date", "20231231"},
                                               {"Year", "2023"},
                                               {"Month", "12"},
                                               {"Day", "31"},
                                               {"SourceActorFull", "IGOUNOSC"},
                                               {"SourceActorEntity/Role (root)", "IGO"},
                                               {"SourceActorRole/Entity (agent)", ""},
                                               {"SourceActorAttribute", "UNO;SC"},
                                               {"TargetActorFull", "USAGOV"},
                                               {"TargetActorRoot", "USA"},
                                               {"TargetActorAgent", "GOV"},
                                               {"TargetActorAttribute", ""},
                                               {"EventCode", "112"},
                                               {"EventRootCode", "11"},
                                               {"QuadClass/PentaClass", "3"},
                                               {"GoldsteinScore", "-2"},
                                               {"Issues", ""},
                                               {"Lat", ""},
                                               {"Lon", ""},
                                               {"LocationName", ""},
                                               {"StateName", ""},
                                               {"CountryCode", ""},
                                               {"SentenceID", "story-b.txt_0"},
                                               {"URLs", ""},
                                               {"NewsSources", ""}};
    check_row(cols, split(lines[1], '\t'), want);
    const auto statement = split(lines[2], '\t');
    CHECK(statement[15] == "0");  // root 01 is Phoenix's neutral class
    CHECK(statement[1] == "");    // undated
  }

  TEST_CASE("GDELT: 61 columns, no header, missing geography as GDELT writes it") {
    const auto [cols, lines] = render_dataset(ExportFormat::Gdelt, "gdelt");
    REQUIRE(lines.size() == 3);
    std::map<std::string, std::string> want = {{"GLOBALEVENTID", "2"},
                                               {"SQLDATE", "20231231"},
                                               {"MonthYear", "202312"},
                                               {"Year", "2023"},
                                               {"FractionDate", "2023.9973"},
                                               {"Actor1Code", "IGOUNOSC"},
                                               {"Actor1Name", "UN Security Council"},
                                               {"Actor1CountryCode", ""},
                                               {"Actor1KnownGroupCode", "UNO"},
                                               {"Actor1Type1Code", ""},
                                               {"Actor2Code", "USAGOV"},
                                               {"Actor2Name", "Joe Biden"},
                                               {"Actor2CountryCode", "USA"},
                                               {"Actor2KnownGroupCode", ""},
                                               {"Actor2Type1Code", "GOV"},
                                               {"IsRootEvent", "1"},
                                               {"EventCode", "112"},
                                               {"EventBaseCode", "112"},
                                               {"EventRootCode", "11"},
                                               {"QuadClass", "3"},
                                               {"GoldsteinScale", "-2"},
                                               {"NumMentions", "2"},
                                               {"NumSources", "2"},
                                               {"NumArticles", "2"},
                                               {"AvgTone", ""},
                                               {"DATEADDED", ""},
                                               {"SOURCEURL", "story-b.txt"}};
    for (const char* actor : {"Actor1", "Actor2"})
      for (const char* f :
           {"EthnicCode", "Religion1Code", "Religion2Code", "Type2Code", "Type3Code"})
        want[std::string(actor) + f] = "";
    for (const char* geo : {"Actor1Geo", "Actor2Geo", "ActionGeo"}) {
      want[std::string(geo) + "_Type"] = "0";
      for (const char* f :
           {"FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID"})
        want[std::string(geo) + "_" + f] = "";
    }
    check_row(cols, split(lines[1], '\t'), want);
    const auto first = split(lines[0], '\t');
    CHECK(first[4] == "2023.1726");  // March 5: day 64 of 365
    CHECK(first[25] == "0");         // sentence 7 is past the lead
  }

  TEST_CASE("Neo4j: relationships and nodes files with neo4j-admin's typed headers") {
    auto g = dataset_graph();
    REQUIRE(g.ok());
    const auto dir = std::filesystem::temp_directory_path() / "entente_neo4j_test";
    std::filesystem::create_directories(dir);
    ExportOptions o;
    o.format = ExportFormat::Neo4j;
    o.datasets = builtin_tables();
    const std::string path = (dir / "events.csv").string();
    REQUIRE(export_to_file(*g, o, path).ok());
    std::ifstream rf(path), nf(dir / "events.nodes.csv");
    std::stringstream rs, ns;
    rs << rf.rdbuf();
    ns << nf.rdbuf();
    const auto rels = lines_of(rs.str()), nodes = lines_of(ns.str());
    REQUIRE(rels.size() == 4);
    REQUIRE(nodes.size() == 4);
    CHECK(nodes[0] == "code:ID(Actor),name,country,sector,type,events:long,:LABEL");
    CHECK(nodes[1] == "FRA,France,FRA,,country,2,Actor");
    CHECK(rels[0] ==
          ":START_ID(Actor),:END_ID(Actor),:TYPE,event_id,date,date_begin:date,date_end:date,code,"
          "root,label,goldstein:double,quad_class:int,sources:long,negated:boolean,story_id,"
          "sentence:int");
    CHECK(rels[1] ==
          "USAGOV,FRA,EVENT,story-a.txt:7:0,2023-03-05,2023-03-05,2023-03-05,036,03,label of "
          "036,4,1,1,false,story-a.txt,7");
    // Undated: empty fields, which neo4j-admin leaves out as properties.
    CHECK(rels[3] ==
          "FRA,USAGOV,EVENT,story-c.txt:2:0,,,,010,01,label of 010,0,1,1,false,"
          "story-c.txt,2");
    std::filesystem::remove_all(dir);
  }

  TEST_CASE("Dataset exports: tabs and line breaks in a value become spaces, not new columns") {
    std::vector<StoredActor> actors = {test::stored_actor("FRA", "Fr\tance\n\"x\""),
                                       test::stored_actor("USAGOV")};
    auto e = test::stored_event("s.txt:1:0", "USAGOV", "FRA", "036", "2023-03-05", 4.0, 1);
    auto g = KnowledgeGraph::build(actors, {e});
    REQUIRE(g.ok());
    const auto lines = lines_of(render(*g, ExportFormat::Icews, builtin_tables()));
    REQUIRE(lines.size() == 2);
    const auto row = split(lines[1], '\t');
    REQUIRE(row.size() == 20);
    CHECK(row[8] == "Fr ance \"x\"");
  }

  TEST_CASE("Dataset exports: missing layouts and neo4j on a stream are errors, not output") {
    auto g = dataset_graph();
    REQUIRE(g.ok());
    std::ostringstream out;
    ExportOptions o;
    o.format = ExportFormat::Gdelt;
    auto r = write_export(*g, o, out);
    REQUIRE(!r.ok());
    CHECK(r.error().code == Errc::InvalidInput);
    CHECK(r.error().message.find("gdelt export needs the dataset layouts") != std::string::npos);
    o.datasets = std::make_shared<const DatasetTables>();
    r = write_export(*g, o, out);
    REQUIRE(!r.ok());
    CHECK(r.error().code == Errc::InvalidData);
    CHECK(r.error().message.find("describes the gdelt layout") != std::string::npos);
    o.format = ExportFormat::Neo4j;
    r = write_export(*g, o, out);
    REQUIRE(!r.ok());
    CHECK(r.error().code == Errc::InvalidInput);
    CHECK(r.error().message.find("two files") != std::string::npos);
    CHECK(out.str().empty());
    CHECK(parse_export_format("icews").value() == ExportFormat::Icews);
    CHECK(parse_export_format("neo4j").value() == ExportFormat::Neo4j);
  }

  TEST_CASE("Dataset layouts: an unknown value or a literal without text names its pointer") {
    const auto dir = std::filesystem::temp_directory_path() / "entente_datasets_bad";
    std::filesystem::create_directories(dir);
    struct Row {
      const char* column;
      const char* message;
      const char* pointer;
    };
    const Row rows[] = {
        {R"({"name": "x", "value": "literal"})", "literal column needs", "#/datasets/0/columns/1"},
        {R"({"name": "x", "value": "event_id"})", "is an event's value", "#/datasets/0"},
        {R"({"name": "x", "value": "source_code"})", "is an event's value", "#/datasets/0"},
    };
    for (const auto& row : rows) {
      CAPTURE(row.column);
      const auto file = dir / "datasets-bad.json";
      std::ofstream(file) << R"({"kind": "datasets", "version": 1, "datasets": [{"format": "x", )"
                          << R"("rows": "actors", "separator": "tab", "header": false, )"
                          << R"("columns": [{"name": "c", "value": "actor_code"}, )" << row.column
                          << "]}]}";
      LexiconOptions lo;
      lo.extra_files.push_back(file.string());
      auto lex = Lexicon::load(lo);
      REQUIRE(lex.ok());
      auto t = load_dataset_tables(*lex.value());
      REQUIRE(!t.ok());
      CHECK(t.error().code == Errc::InvalidData);
      CHECK(t.error().message.find(row.message) != std::string::npos);
      CHECK(t.error().where.find(row.pointer) != std::string::npos);
    }
    std::filesystem::remove_all(dir);
  }
}

}  // namespace entente
