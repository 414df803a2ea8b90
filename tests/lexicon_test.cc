// The lexicon module alone: the built-in data and schemas, a data folder, --lexicon files, and
// every parse and schema problem reported with its file and JSON pointer.
#include "entente/lexicon.h"

#include <doctest/doctest.h>
#include <rapidjson/document.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <system_error>
#include <vector>

namespace entente {
namespace {

namespace fs = std::filesystem;

// A folder of its own under the system's temporary folder, removed at the end.
class Folder {
 public:
  Folder() {
    for (int i = 0;; ++i) {
      path_ = fs::temp_directory_path() /
              ("entente_lexicon_test_" + std::to_string(reinterpret_cast<uintptr_t>(this)) + "_" +
               std::to_string(i));
      std::error_code ec;
      if (fs::create_directory(path_, ec)) break;
    }
  }
  ~Folder() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  Folder(const Folder&) = delete;
  Folder& operator=(const Folder&) = delete;

  // Writes `bytes` to `name` (sub-folders made as needed); returns the path.
  std::string write(const std::string& name, const std::string& bytes) const {
    const fs::path p = path_ / name;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << bytes;
    return p.string();
  }
  std::string path() const { return path_.string(); }

 private:
  fs::path path_;
};

std::string bad_data(const std::string& name) {
  std::ifstream in(std::string(ENTENTE_TEST_DATA) + "/bad_data/" + name, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), "missing test file bad_data/" << name);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A small actors file that passes the schema.
const std::string kActors =
    R"({"kind": "actors", "version": 1, "entries": [
  {"id": "TEST.ZZA", "type": "country", "code": "ZZA", "name": "Zedland", "aliases": ["Zedland"]}
]})";

}  // namespace

TEST_SUITE("lexicon") {
  TEST_CASE("Lexicon: the built-in data loads, every file with a kind that has a schema") {
    auto lex = Lexicon::load({});
    REQUIRE_MESSAGE(lex.ok(), lex.error().to_string());
    const auto& files = lex.value()->all_files();
    const auto names = builtin_data_files();
    REQUIRE(files.size() == names.size());
    CHECK(std::is_sorted(names.begin(), names.end()));
    std::set<std::string> kinds;
    for (const auto& f : files) {
      CAPTURE(f.path);
      CHECK(f.path.rfind("builtin:data/", 0) == 0);
      CHECK(std::find(names.begin(), names.end(), f.path.substr(8)) != names.end());
      CHECK_FALSE(f.bytes.empty());
      CHECK_FALSE(builtin_schema(f.kind).empty());
      kinds.insert(f.kind);
    }
    // The kinds the stages read are all there.
    for (const char* kind : {"actors", "actions", "ontology", "abbreviations"}) {
      CAPTURE(kind);
      CHECK(kinds.count(kind) == 1);
      CHECK_FALSE(lex.value()->files(kind).empty());
    }
    CHECK(lex.value()->files("no such kind").empty());
  }

  TEST_CASE("Lexicon: every built-in schema is JSON with a title or description") {
    auto lex = Lexicon::load({});
    REQUIRE(lex.ok());
    std::set<std::string> kinds;
    for (const auto& f : lex.value()->all_files()) kinds.insert(f.kind);
    for (const auto& kind : kinds) {
      CAPTURE(kind);
      const std::string_view text = builtin_schema(kind);
      rapidjson::Document d;
      d.Parse(text.data(), text.size());
      REQUIRE_FALSE(d.HasParseError());
      REQUIRE(d.IsObject());
      CHECK((d.HasMember("title") || d.HasMember("description")));
    }
    CHECK(builtin_schema("spells").empty());
    CHECK(builtin_schema("").empty());
  }

  TEST_CASE("Lexicon: a data folder is read in path order, then --lexicon files") {
    Folder dir;
    dir.write("b/actors-b.json", kActors);
    dir.write("a/actors-a.json", kActors);
    dir.write("a/notes.txt", "not data");  // only .json files are data
    Folder extra;
    const std::string more = extra.write("more.json", kActors);
    LexiconOptions o;
    o.data_dir = dir.path();
    o.extra_files = {more};
    auto lex = Lexicon::load(o);
    REQUIRE_MESSAGE(lex.ok(), lex.error().to_string());
    const auto files = lex.value()->files("actors");
    REQUIRE(files.size() == 3);
    CHECK(fs::path(files[0]->path).filename() == "actors-a.json");
    CHECK(fs::path(files[1]->path).filename() == "actors-b.json");
    CHECK(files[2]->path == more);  // an override comes last
    CHECK(files[2]->kind == "actors");
    CHECK(lex.value()->all_files().size() == 3);
  }

  TEST_CASE("Lexicon: a missing folder or file is NotFound naming it") {
    LexiconOptions o;
    o.data_dir = "/nonexistent/entente-data";
    auto lex = Lexicon::load(o);
    REQUIRE_FALSE(lex.ok());
    CHECK(lex.error().code == Errc::NotFound);
    CHECK(lex.error().where == "/nonexistent/entente-data");

    LexiconOptions e;
    e.extra_files = {"/nonexistent/extra.json"};
    auto lex2 = Lexicon::load(e);
    REQUIRE_FALSE(lex2.ok());
    CHECK(lex2.error().code == Errc::NotFound);
    CHECK(lex2.error().where == "/nonexistent/extra.json");
  }

  TEST_CASE("Lexicon: each problem names its file and JSON pointer, load_all reports them all") {
    struct Row {
      const char* file;     // under tests/data/bad_data
      const char* pointer;  // what follows the path in Error::where
      const char* message;  // a part of the message
    };
    const std::vector<Row> rows = {
        {"actors-misspelled-key.json", "#/entries/0/alias", "unknown key"},
        {"actions-bad-code-format.json", "#/patterns/0/code",
         "does not match the actions schema (keyword \"pattern\""},
        {"actors-truncated.json", "", "JSON syntax error at byte 67"},
        {"unknown-kind.json", "#/kind", "unknown data kind \"spells\""},
    };
    Folder dir;
    dir.write("good/actors.json", kActors);
    for (const auto& row : rows) {
      CAPTURE(row.file);
      const std::string path = dir.write(std::string("bad/") + row.file, bad_data(row.file));
      LexiconOptions one;
      one.extra_files = {path};
      auto lex = Lexicon::load(one);
      REQUIRE_FALSE(lex.ok());
      CHECK(lex.error().code == Errc::InvalidData);
      CHECK(lex.error().where == path + row.pointer);
      CHECK_MESSAGE(lex.error().message.find(row.message) != std::string::npos,
                    lex.error().message);
    }
    // A file without a kind, and one whose bytes are not UTF-8 (in a key).
    dir.write("bad/no-kind.json", R"({"version": 1, "entries": []})");
    dir.write("bad/latin1.json", "{\"kind\": \"actors\", \"caf\xe9\": 1}");
    LexiconOptions all;
    all.data_dir = dir.path();
    std::vector<Error> problems;
    auto lex = Lexicon::load_all(all, problems);
    CHECK(problems.size() == rows.size() + 2);
    for (const auto& p : problems) {
      CAPTURE(p.to_string());
      CHECK(p.code == Errc::InvalidData);
      CHECK(p.where.rfind((fs::path(dir.path()) / "bad").string(), 0) == 0);
    }
    const auto has = [&](const std::string& where, const std::string& part) {
      return std::any_of(problems.begin(), problems.end(), [&](const Error& e) {
        return e.where == where && e.message.find(part) != std::string::npos;
      });
    };
    CHECK(has((fs::path(dir.path()) / "bad/no-kind.json").string() + "#/kind", "missing \"kind\""));
    CHECK(has((fs::path(dir.path()) / "bad/latin1.json").string(), "JSON syntax error"));
    // What passed is still loaded.
    REQUIRE(lex != nullptr);
    REQUIRE(lex->files("actors").size() == 1);
    CHECK(fs::path(lex->files("actors")[0]->path).filename() == "actors.json");
    // load() stops at the first problem in path order.
    auto first = Lexicon::load(all);
    REQUIRE_FALSE(first.ok());
    CHECK(first.error().where ==
          (fs::path(dir.path()) / "bad/actions-bad-code-format.json").string() +
              "#/patterns/0/code");
  }

  TEST_CASE("Lexicon: a schema-valid file with semantic problems still loads here") {
    // Duplicate ids are the actor tables' check (ActorMatcher::create), not the loader's.
    Folder dir;
    const std::string path = dir.write("dup.json", bad_data("actors-duplicate-id.json"));
    LexiconOptions o;
    o.extra_files = {path};
    auto lex = Lexicon::load(o);
    REQUIRE_MESSAGE(lex.ok(), lex.error().to_string());
    CHECK(lex.value()->files("actors").back()->path == path);
  }
}

}  // namespace entente
