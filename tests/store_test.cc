#include "entente/store.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <sqlite3.h>

#include "store_fixtures.h"

namespace entente {
namespace fs = std::filesystem;
using test::day_event;
using test::story;

using test::dump;

TEST_SUITE("store") {
  TEST_CASE("Store: reports of the same event from two stories merge into one with both sources") {
    test::TempDir dir;
    auto s = Store::open(dir.file("a.db"));
    REQUIRE(s.ok());
    auto r1 = s->ingest(story("s1", "text one"),
                        {day_event("s1:0:0", "USAGOV", "CHNGOV", "036", "2023-08-29")});
    REQUIRE(r1.ok());
    CHECK(*r1 == IngestOutcome::Added);
    auto r2 = s->ingest(story("s2", "text two"),
                        {day_event("s2:3:0", "USAGOV", "CHNGOV", "036", "2023-08-30"),
                         day_event("s2:4:0", "USAGOV", "CHNGOV", "036", "2023-09-05"),
                         day_event("s2:5:0", "USAGOV", "CHNGOV", "042", "2023-08-29")});
    REQUIRE(r2.ok());
    auto ev = s->events({false, true});
    REQUIRE(ev.ok());
    REQUIRE(ev->size() == 3);
    CHECK((*ev)[0].id == "s1:0:0");
    CHECK((*ev)[0].count == 2);
    REQUIRE((*ev)[0].sources.size() == 2);
    CHECK((*ev)[0].sources[1].raw_id == "s2:3:0");
    CHECK((*ev)[0].date_begin == CivilDate{2023, 8, 29});
    CHECK((*ev)[0].date_end == CivilDate{2023, 8, 30});
    CHECK((*ev)[1].id == "s2:5:0");  // another code: not merged
    CHECK((*ev)[2].id == "s2:4:0");  // a week later: not merged
    auto st = s->stats();
    REQUIRE(st.ok());
    CHECK(st->stories == 2);
    CHECK(st->events == 3);
    CHECK(st->raw_events == 4);
    CHECK(st->actors == 2);
    CHECK(st->first_date == "2023-08-29");
    CHECK(st->last_date == "2023-09-05");
  }

  TEST_CASE("Store: merge rules follow the window, the granularity and the code family") {
    struct Row {
      const char* name;
      StoreOptions options;
      std::vector<Event> events;
      size_t merged;
    };
    auto month = [](const char* id, const char* code) {
      Event e = day_event(id, "USA", "CHN", code, "2023-08-01");
      e.date = "2023-08";
      e.date_end = CivilDate{2023, 8, 31};
      return e;
    };
    const std::vector<Row> rows = {
        {"window 0 keeps consecutive days apart", {false, 0, false},
         {day_event("a:0:0", "USA", "CHN", "036", "2023-08-01"),
          day_event("b:0:0", "USA", "CHN", "036", "2023-08-02")}, 2},
        {"window 1 merges consecutive days", {false, 1, false},
         {day_event("a:0:0", "USA", "CHN", "036", "2023-08-01"),
          day_event("b:0:0", "USA", "CHN", "036", "2023-08-02")}, 2 - 1},
        {"window 1 chains day after day", {false, 1, false},
         {day_event("a:0:0", "USA", "CHN", "036", "2023-08-01"),
          day_event("b:0:0", "USA", "CHN", "036", "2023-08-02"),
          day_event("c:0:0", "USA", "CHN", "036", "2023-08-03")}, 1},
        {"a month and a day in it stay apart", {false, 1, false},
         {month("a:0:0", "036"), day_event("b:0:0", "USA", "CHN", "036", "2023-08-02")}, 2},
        {"two reports of the same month merge", {false, 1, false},
         {month("a:0:0", "036"), month("b:0:0", "036")}, 1},
        {"codes of one root stay apart by default", {false, 1, false},
         {day_event("a:0:0", "USA", "CHN", "036", "2023-08-01"),
          day_event("b:0:0", "USA", "CHN", "031", "2023-08-01")}, 2},
        {"codes of one root merge on root", {true, 1, false},
         {day_event("a:0:0", "USA", "CHN", "036", "2023-08-01"),
          day_event("b:0:0", "USA", "CHN", "031", "2023-08-01")}, 1},
        {"the reverse dyad is another event", {false, 1, false},
         {day_event("a:0:0", "USA", "CHN", "036", "2023-08-01"),
          day_event("b:0:0", "CHN", "USA", "036", "2023-08-01")}, 2},
        {"a negated report does not merge with a positive one", {false, 1, false},
         {day_event("a:0:0", "USA", "CHN", "036", "2023-08-01"),
          test::negated(day_event("b:0:0", "USA", "CHN", "036", "2023-08-01"))}, 2},
        {"undated reports merge with undated ones only", {false, 1, false},
         {test::undated(day_event("a:0:0", "USA", "CHN", "036", "2023-08-01")),
          test::undated(day_event("b:0:0", "USA", "CHN", "036", "2023-08-01")),
          day_event("c:0:0", "USA", "CHN", "036", "2023-08-01")}, 2},
    };
    for (const Row& row : rows) {
      CAPTURE(row.name);
      test::TempDir dir;
      auto s = Store::open(dir.file("m.db"), row.options);
      REQUIRE(s.ok());
      for (const Event& e : row.events) {
        const std::string doc = e.id.substr(0, e.id.find(':'));
        REQUIRE(s->ingest(story(doc, doc), {e}).ok());
      }
      auto ev = s->events({true, false});
      REQUIRE(ev.ok());
      CHECK(ev->size() == row.merged);
    }
  }

  TEST_CASE("Store: any ingest order gives the same content") {
    std::vector<std::pair<Document, std::vector<Event>>> batch = {
        {story("a", "A"), {day_event("a:0:0", "USAGOV", "CHNGOV", "036", "2023-08-01", "Joe Biden"),
                           day_event("a:1:0", "CHNGOV", "RUSGOV", "042", "2023-08-03")}},
        {story("b", "B"), {day_event("b:0:0", "USAGOV", "CHNGOV", "036", "2023-08-02", "Antony Blinken"),
                           day_event("b:1:0", "RUSGOV", "UKR", "190", "2023-08-10")}},
        {story("c", "C"), {day_event("c:0:0", "USAGOV", "CHNGOV", "036", "2023-08-03", "Joe Biden"),
                           test::negated(day_event("c:1:0", "CHNGOV", "RUSGOV", "042", "2023-08-03"))}},
    };
    std::vector<std::vector<int>> orders = {{0, 1, 2}, {2, 1, 0}, {1, 2, 0}, {1, 0, 2}};
    std::string first;
    for (const auto& order : orders) {
      test::TempDir dir;
      auto s = Store::open(dir.file("o.db"));
      REQUIRE(s.ok());
      for (int i : order) REQUIRE(s->ingest(batch[static_cast<size_t>(i)].first, batch[static_cast<size_t>(i)].second).ok());
      const std::string d = dump(*s);
      if (first.empty()) {
        first = d;
        CHECK(d.find("E a:0:0 2023-08-01 USAGOV>CHNGOV 036 3 [a:0:0,b:0:0,c:0:0,]") != std::string::npos);
        CHECK(d.find("A USAGOV|Joe Biden|USA|GOV|domestic|1") != std::string::npos);
        CHECK(d.find("neg") != std::string::npos);
      } else {
        CHECK(d == first);
      }
    }
  }

  TEST_CASE("Store: re-ingesting a story is idempotent and new content replaces the old") {
    test::TempDir dir;
    auto s = Store::open(dir.file("i.db"));
    REQUIRE(s.ok());
    const std::vector<Event> ev = {day_event("a:0:0", "USA", "CHN", "036", "2023-08-01"),
                                   day_event("a:1:0", "USA", "RUS", "036", "2023-08-01")};
    REQUIRE(*s->ingest(story("a", "same text"), ev) == IngestOutcome::Added);
    const std::string before = dump(*s);
    CHECK(*s->ingest(story("a", "same text"), ev) == IngestOutcome::Unchanged);
    CHECK(dump(*s) == before);
    auto r = s->ingest(story("a", "new text"), {day_event("a:0:0", "USA", "CHN", "036", "2023-08-01")});
    REQUIRE(r.ok());
    CHECK(*r == IngestOutcome::Replaced);
    auto actors = s->actors();
    REQUIRE(actors.ok());
    CHECK(actors->size() == 2);  // RUS is gone with the old version
    auto st = s->stats();
    CHECK(st->events == 1);
    CHECK(st->raw_events == 1);
    // A reopened store keeps what was committed.
    auto again = Store::open(dir.file("i.db"));
    REQUIRE(again.ok());
    CHECK(dump(*again) == dump(*s));
  }

  TEST_CASE("Store: changing the merge settings re-merges what is stored") {
    test::TempDir dir;
    {
      auto s = Store::open(dir.file("r.db"), {false, 0, false});
      REQUIRE(s.ok());
      REQUIRE(s->ingest(story("a", "a"), {day_event("a:0:0", "USA", "CHN", "036", "2023-08-01")}).ok());
      REQUIRE(s->ingest(story("b", "b"), {day_event("b:0:0", "USA", "CHN", "031", "2023-08-02")}).ok());
      CHECK(s->stats()->events == 2);
    }
    auto s = Store::open(dir.file("r.db"), {true, 1, false});
    REQUIRE(s.ok());
    CHECK(s->stats()->events == 1);
    auto ro = Store::open(dir.file("r.db"), {false, 0, true});
    REQUIRE(ro.ok());
    CHECK(ro->stats()->events == 1);  // a reader takes the events as they were merged
    auto keep = Store::open(dir.file("r.db"), {false, 0, false, true});
    REQUIRE(keep.ok());
    CHECK(keep->stats()->events == 1);  // the stored settings stay; no re-merge
    REQUIRE(keep->ingest(story("c", "c"), {day_event("c:0:0", "USA", "CHN", "037", "2023-08-03")}).ok());
    CHECK(keep->stats()->events == 1);  // merged on root within a day, as the store was built
  }

  TEST_CASE("Store: cached bytes are dropped by the next change") {
    test::TempDir dir;
    auto s = Store::open(dir.file("c.db"));
    REQUIRE(s.ok());
    REQUIRE(s->write_cache("k", std::string("a\0b", 3)).ok());
    auto c = s->read_cache("k");
    REQUIRE(c.ok());
    REQUIRE(c->has_value());
    CHECK(**c == std::string("a\0b", 3));
    REQUIRE(s->ingest(story("a", "a"), {day_event("a:0:0", "USA", "CHN", "036", "2023-08-01")}).ok());
    auto stale = s->read_cache("k");
    REQUIRE(stale.ok());
    CHECK_FALSE(stale->has_value());
    REQUIRE(s->write_cache("k", "fresh").ok());
    CHECK(*s->ingest(story("a", "a"), {day_event("a:0:0", "USA", "CHN", "036", "2023-08-01")}) ==
          IngestOutcome::Unchanged);
    CHECK(s->read_cache("k")->value() == "fresh");  // nothing changed
    auto ro = Store::open(dir.file("c.db"), {false, 1, true});
    REQUIRE(ro.ok());
    CHECK(ro->read_cache("k")->value() == "fresh");
    auto w = ro->write_cache("k", "x");
    REQUIRE_FALSE(w.ok());
    CHECK(w.error().code == Errc::InvalidInput);
    CHECK(w.error().message.find("read-only") != std::string::npos);
  }

  TEST_CASE("Store: bad files, future schemas and bad events are reported") {
    test::TempDir dir;
    SUBCASE("a text file is not a store") {
      std::ofstream(dir.file("bad.db")) << "this is not a database, just some text that is long enough\n";
      auto s = Store::open(dir.file("bad.db"));
      REQUIRE_FALSE(s.ok());
      CHECK(s.error().code == Errc::InvalidData);
      CHECK(s.error().message.find("not an entente store") != std::string::npos);
      CHECK(s.error().where == dir.file("bad.db"));
    }
    SUBCASE("a newer schema version") {
      sqlite3* db = nullptr;
      REQUIRE(sqlite3_open(dir.file("new.db").c_str(), &db) == SQLITE_OK);
      sqlite3_exec(db, "PRAGMA user_version = 99", nullptr, nullptr, nullptr);
      sqlite3_close(db);
      auto s = Store::open(dir.file("new.db"));
      REQUIRE_FALSE(s.ok());
      CHECK(s.error().code == Errc::InvalidData);
      CHECK(s.error().message.find("schema version 99 is newer") != std::string::npos);
    }
    SUBCASE("someone else's database") {
      sqlite3* db = nullptr;
      REQUIRE(sqlite3_open(dir.file("other.db").c_str(), &db) == SQLITE_OK);
      sqlite3_exec(db, "CREATE TABLE cats(name TEXT)", nullptr, nullptr, nullptr);
      sqlite3_close(db);
      auto s = Store::open(dir.file("other.db"));
      REQUIRE_FALSE(s.ok());
      CHECK(s.error().code == Errc::InvalidData);
      CHECK(s.error().message.find("\"cats\"") != std::string::npos);
    }
    SUBCASE("an older schema is migrated") {
      sqlite3* db = nullptr;
      REQUIRE(sqlite3_open(dir.file("v1.db").c_str(), &db) == SQLITE_OK);
      sqlite3_close(db);
      {
        auto s = Store::open(dir.file("v1.db"));
        REQUIRE(s.ok());
        REQUIRE(s->ingest(story("a", "a"), {day_event("a:0:0", "USA", "CHN", "036", "2023-08-01")}).ok());
      }
      REQUIRE(sqlite3_open(dir.file("v1.db").c_str(), &db) == SQLITE_OK);
      sqlite3_exec(db, "DROP TABLE meta; DROP TABLE cache; DROP INDEX events_day; PRAGMA user_version = 1", nullptr,
                   nullptr, nullptr);
      sqlite3_close(db);
      std::filesystem::permissions(dir.file("v1.db"), fs::perms::owner_write, fs::perm_options::remove);
      const bool can_still_write = std::ofstream(dir.file("v1.db"), std::ios::app).good();  // root
      if (!can_still_write) {
        auto ro = Store::open(dir.file("v1.db"), {false, 1, true});
        REQUIRE_FALSE(ro.ok());
        CHECK(ro.error().code == Errc::InvalidData);
        CHECK(ro.error().message.find("older") != std::string::npos);
      }
      std::filesystem::permissions(dir.file("v1.db"), fs::perms::owner_write, fs::perm_options::add);
      // A reader that may write the file migrates it on the way.
      auto ro = Store::open(dir.file("v1.db"), {false, 1, true});
      REQUIRE(ro.ok());
      CHECK(ro->stats()->events == 1);
      auto s = Store::open(dir.file("v1.db"));
      REQUIRE(s.ok());
      CHECK(s->stats()->events == 1);
    }
    SUBCASE("a missing store read-only") {
      auto s = Store::open(dir.file("missing.db"), {false, 1, true});
      REQUIRE_FALSE(s.ok());
      CHECK(s.error().code == Errc::NotFound);
      CHECK(s.error().message.find("entente ingest") != std::string::npos);
    }
    SUBCASE("an event without a code, and a duplicate id") {
      auto s = Store::open(dir.file("e.db"));
      REQUIRE(s.ok());
      Event e = day_event("a:0:0", "USA", "CHN", "", "2023-08-01");
      auto r = s->ingest(story("a", "a"), {e});
      REQUIRE_FALSE(r.ok());
      CHECK(r.error().code == Errc::InvalidInput);
      CHECK(r.error().message.find("\"a:0:0\" has no source, target or code") != std::string::npos);
      CHECK(r.error().where == "a.txt");
      auto d = s->ingest(story("a", "a"), {day_event("a:0:0", "USA", "CHN", "036", "2023-08-01"),
                                           day_event("a:0:0", "USA", "CHN", "036", "2023-08-01")});
      REQUIRE_FALSE(d.ok());
      CHECK(d.error().code == Errc::InvalidInput);
      CHECK(d.error().message.find("used twice") != std::string::npos);
      CHECK(s->stats()->stories == 0);  // nothing of a failed story is kept
    }
    SUBCASE("a path with '=' is a file, not a PostgreSQL keyword string") {
      auto s = Store::open(dir.file("a=b.db"));
      REQUIRE(s.ok());
      CHECK(s->path() == dir.file("a=b.db"));
      CHECK(fs::exists(dir.file("a=b.db")));
    }
    SUBCASE("a negative merge window") {
      auto s = Store::open(dir.file("w.db"), {false, -1, false});
      REQUIRE_FALSE(s.ok());
      CHECK(s.error().code == Errc::InvalidInput);
      CHECK(s.error().message.find("merge window") != std::string::npos);
    }
  }
}

}  // namespace entente
