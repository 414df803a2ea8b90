// The PostgreSQL store gives the SQLite store's answers. Runs beside a throwaway server:
// ctest's store_postgresql runs this binary through scripts/pg_cluster.sh, which sets
// ENTENTE_TEST_PG_ADMIN; without it every test fails.
#include <doctest/doctest.h>
#include <libpq-fe.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "entente/store.h"
#include "store_fixtures.h"

namespace entente {
using test::day_event;
using test::dump;
using test::story;

namespace {

std::string admin_target() {
  const char* a = std::getenv("ENTENTE_TEST_PG_ADMIN");
  REQUIRE_MESSAGE(a != nullptr,
                  "ENTENTE_TEST_PG_ADMIN is not set: run through scripts/pg_cluster.sh (ctest -R "
                  "store_postgresql)");
  return a;
}

// Runs `sql` on the admin database; returns the first value of the first row, if any.
std::string admin_sql(const std::string& sql) {
  PGconn* c = PQconnectdb(admin_target().c_str());
  REQUIRE_MESSAGE(PQstatus(c) == CONNECTION_OK, PQerrorMessage(c));
  PQsetNoticeProcessor(
      c, [](void*, const char*) {}, nullptr);
  PGresult* r = PQexec(c, sql.c_str());
  const ExecStatusType st = PQresultStatus(r);
  std::string out;
  if (st == PGRES_TUPLES_OK && PQntuples(r) > 0) out = PQgetvalue(r, 0, 0);
  const std::string err = PQresultErrorMessage(r);
  PQclear(r);
  PQfinish(c);
  REQUIRE_MESSAGE((st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK), err);
  return out;
}

// A fresh, empty database named `name`; returns its libpq keyword string.
std::string fresh_db(const std::string& name) {
  admin_sql("DROP DATABASE IF EXISTS " + name);
  admin_sql("CREATE DATABASE " + name);
  return admin_target() + " dbname=" + name;
}

// Runs `sql` in database `target`.
void db_sql(const std::string& target, const std::string& sql) {
  PGconn* c = PQconnectdb(target.c_str());
  REQUIRE_MESSAGE(PQstatus(c) == CONNECTION_OK, PQerrorMessage(c));
  PGresult* r = PQexec(c, sql.c_str());
  const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
  const std::string err = PQresultErrorMessage(r);
  PQclear(r);
  PQfinish(c);
  REQUIRE_MESSAGE(ok, err);
}

using Batch = std::vector<std::pair<Document, std::vector<Event>>>;

Batch sample_batch() {
  return {
      {story("a", "A"),
       {day_event("a:0:0", "USAGOV", "CHNGOV", "036", "2023-08-01", "Joe Biden", 4.0, 1),
        day_event("a:1:0", "CHNGOV", "RUSGOV", "042", "2023-08-03", "", 1.9, 1),
        test::undated(day_event("a:2:0", "IGOUNO", "SYR", "112", "2023-08-03", "", -2.0, 3))}},
      {story("b", "B"),
       {day_event("b:0:0", "USAGOV", "CHNGOV", "036", "2023-08-02", "Antony Blinken", 4.0, 1),
        day_event("b:1:0", "RUSGOV", "UKR", "190", "2023-08-10", "", -10.0, 4),
        day_event("b:2:0", "USAGOV", "CHNGOV", "031", "2023-08-02", "", 5.2, 1)}},
      {story("c", "C"),
       {day_event("c:0:0", "USAGOV", "CHNGOV", "036", "2023-08-03", "Joe Biden", 4.0, 1),
        test::negated(day_event("c:1:0", "CHNGOV", "RUSGOV", "042", "2023-08-03")),
        day_event("c:2:0", "UKR", "RUSGOV", "190", "2023-08-11", "Volodymyr Zelensky", -10.0, 4)}},
  };
}

// `n` stories over a few dyads and days, so that many of them merge.
Batch generated_batch(int n) {
  const char* actors[] = {"USAGOV", "CHNGOV", "RUSGOV", "UKR", "IGOUNO", "FRA"};
  const char* codes[] = {"036", "042", "190", "031", "112"};
  Batch out;
  for (int i = 0; i < n; ++i) {
    const std::string id = "g" + std::to_string(1000 + i);
    std::vector<Event> ev;
    for (int k = 0; k < 3; ++k) {
      const int x = (i * 7 + k * 3) % 6, y = (i * 5 + k + 1) % 6;
      if (x == y) continue;
      const std::string day = "2023-08-" + std::to_string(10 + (i + k) % 9);
      ev.push_back(day_event(id + ":" + std::to_string(k) + ":0", actors[x], actors[y],
                             codes[(i + k) % 5], day, k == 0 ? "Name " + std::to_string(i % 4) : "",
                             0.1 * (i % 13) - 0.6, 1 + (i + k) % 4));
    }
    out.emplace_back(story(id, "text of " + id), std::move(ev));
  }
  return out;
}

std::string ingest_all(Store& s, const Batch& batch) {
  for (const auto& [doc, events] : batch) {
    auto r = s.ingest(doc, events);
    if (!r) return "error: " + r.error().message;
  }
  return dump(s);
}

// The content of a SQLite store holding `batch`.
std::string sqlite_dump(const Batch& batch, StoreOptions options = {}) {
  test::TempDir dir;
  auto s = Store::open(dir.file("ref.db"), options);
  REQUIRE(s.ok());
  return ingest_all(*s, batch);
}

}  // namespace

TEST_SUITE("store_postgresql") {
  TEST_CASE("PgStore: the same stories in any order give the SQLite store's content") {
    const Batch batch = sample_batch();
    const std::string want = sqlite_dump(batch);
    REQUIRE(want.find("E a:0:0 2023-08-01 USAGOV>CHNGOV 036 3 [a:0:0,b:0:0,c:0:0,]") !=
            std::string::npos);
    for (const bool reverse : {false, true}) {
      CAPTURE(reverse);
      auto s = Store::open(fresh_db(reverse ? "order_b" : "order_a"));
      REQUIRE_MESSAGE(s.ok(), s.error().message);
      Batch b = batch;
      if (reverse) std::reverse(b.begin(), b.end());
      CHECK(ingest_all(*s, b) == want);
    }
    // Merging on the root code groups 036 with 031.
    auto root = Store::open(fresh_db("order_root"), {true, 1, false});
    REQUIRE(root.ok());
    CHECK(ingest_all(*root, batch) == sqlite_dump(batch, {true, 1, false}));
  }

  TEST_CASE("PgStore: re-ingest, replacement and new merge settings match SQLite step by step") {
    test::TempDir dir;
    const std::string pg = fresh_db("steps");
    auto check_both = [&](StoreOptions opts, const Document& doc, const std::vector<Event>& ev,
                          IngestOutcome expect) {
      auto a = Store::open(dir.file("steps.db"), opts);
      auto b = Store::open(pg, opts);
      REQUIRE(a.ok());
      REQUIRE_MESSAGE(b.ok(), b.error().message);
      auto ra = a->ingest(doc, ev);
      auto rb = b->ingest(doc, ev);
      REQUIRE(ra.ok());
      REQUIRE_MESSAGE(rb.ok(), rb.error().message);
      CHECK(*ra == expect);
      CHECK(*rb == expect);
      CHECK(dump(*b) == dump(*a));
    };
    const std::vector<Event> ev = {day_event("a:0:0", "USA", "CHN", "036", "2023-08-01", "US"),
                                   day_event("a:1:0", "USA", "RUS", "036", "2023-08-01")};
    check_both({false, 0, false}, story("a", "same text"), ev, IngestOutcome::Added);
    check_both({false, 0, false}, story("a", "same text"), ev, IngestOutcome::Unchanged);
    check_both({false, 0, false}, story("b", "b"),
               {day_event("b:0:0", "USA", "CHN", "031", "2023-08-02")}, IngestOutcome::Added);
    check_both({false, 0, false}, story("a", "new text"),
               {day_event("a:0:0", "USA", "CHN", "036", "2023-08-01", "America")},
               IngestOutcome::Replaced);
    // New settings re-merge what is stored; a reader takes the events as they were merged.
    check_both({true, 1, false}, story("c", "c"),
               {day_event("c:0:0", "USA", "CHN", "037", "2023-08-03")}, IngestOutcome::Added);
    auto ro = Store::open(pg, {false, 0, true});
    REQUIRE(ro.ok());
    auto ref = Store::open(dir.file("steps.db"), {false, 0, true});
    REQUIRE(ref.ok());
    CHECK(dump(*ro) == dump(*ref));
    auto w = ro->ingest(story("d", "d"), {});
    REQUIRE_FALSE(w.ok());
    CHECK(w.error().message.find("read-only") != std::string::npos);
  }

  TEST_CASE("PgStore: cached bytes survive as written and are dropped by the next change") {
    auto s = Store::open(fresh_db("cache"));
    REQUIRE(s.ok());
    std::string bytes("a\0b\xff\x01 \\x", 8);
    REQUIRE(s->write_cache("k", bytes).ok());
    auto c = s->read_cache("k");
    REQUIRE(c.ok());
    REQUIRE(c->has_value());
    CHECK(**c == bytes);
    REQUIRE(
        s->ingest(story("a", "a"), {day_event("a:0:0", "USA", "CHN", "036", "2023-08-01")}).ok());
    auto stale = s->read_cache("k");
    REQUIRE(stale.ok());
    CHECK_FALSE(stale->has_value());
    REQUIRE(s->write_cache("k", "fresh").ok());
    CHECK(*s->ingest(story("a", "a"), {day_event("a:0:0", "USA", "CHN", "036", "2023-08-01")}) ==
          IngestOutcome::Unchanged);
    CHECK(s->read_cache("k")->value() == "fresh");
  }

  TEST_CASE("PgStore: a batch is written as its stories one by one, a refused one stays out") {
    Batch batch = generated_batch(30);
    const std::string want = sqlite_dump(batch);
    // A story with one event id twice is refused; the others of its batch still go in.
    Batch with_bad = batch;
    with_bad.insert(with_bad.begin() + 10,
                    {story("bad", "bad"),
                     {day_event("bad:0:0", "USA", "CHN", "036", "2023-08-01"),
                      day_event("bad:0:0", "USA", "CHN", "036", "2023-08-01")}});
    for (const auto& b : {batch, with_bad}) {
      auto s = Store::open(fresh_db(b.size() == batch.size() ? "batch_ok" : "batch_bad"));
      REQUIRE(s.ok());
      std::vector<Store::BatchStory> items;
      for (const auto& [doc, events] : b)
        items.push_back(
            {{doc.id, doc.title, doc.dct->iso(), doc.source, story_content_hash(doc), 0},
             events,
             doc.origin});
      auto out = s->ingest_batch(items);
      REQUIRE(out.size() == b.size());
      for (size_t i = 0; i < out.size(); ++i) {
        CAPTURE(i);
        if (b[i].first.id == "bad") {
          REQUIRE_FALSE(out[i].ok());
          CHECK(out[i].error().message.find("used twice") != std::string::npos);
          CHECK(out[i].error().where == "bad.txt");
        } else {
          REQUIRE(out[i].ok());
          CHECK(*out[i] == IngestOutcome::Added);
        }
      }
      CHECK(dump(*s) == want);
      auto again = s->ingest_batch(items);
      CHECK((again.back().ok() && *again.back() == IngestOutcome::Unchanged));
    }
  }

  TEST_CASE("PgStore: four writers at once on overlapping stories give the result of one") {
    const Batch batch = generated_batch(80);
    const std::string want = sqlite_dump(batch);
    const std::string pg = fresh_db("writers");
    std::vector<std::thread> threads;
    std::vector<std::string> failures(4);
    for (size_t w = 0; w < 4; ++w) {
      threads.emplace_back([&, w] {
        auto s = Store::open(pg);
        if (!s) {
          failures[w] = s.error().message;
          return;
        }
        // Writer w takes stories [20w, 20w + 40): every story goes to two writers.
        for (size_t i = 20 * w; i < 20 * w + 40; ++i) {
          const auto& [doc, events] = batch[i % batch.size()];
          if (auto r = s->ingest(doc, events); !r) failures[w] = r.error().message;
        }
      });
    }
    for (auto& t : threads) t.join();
    for (const auto& f : failures) CHECK(f == "");
    auto s = Store::open(pg, {false, 1, true});
    REQUIRE(s.ok());
    CHECK(dump(*s) == want);
  }

  TEST_CASE("PgStore: connections dropped during an ingest are reopened, nothing lost or doubled") {
    const Batch batch = generated_batch(150);
    const std::string want = sqlite_dump(batch);
    const std::string pg = fresh_db("dropped");
    auto s = Store::open(pg);
    REQUIRE(s.ok());
    std::atomic<bool> done{false};
    std::atomic<int> kills{0};
    // The killer ends every other connection to the store each time two more stories have
    // committed: at any moment of a transaction, yet never so often that no story gets through.
    std::thread killer([&] {
      PGconn* c = PQconnectdb(pg.c_str());
      int64_t last = 0;
      while (!done && PQstatus(c) == CONNECTION_OK) {
        PGresult* r = PQexec(c, "SELECT COUNT(*) FROM stories");
        const int64_t n =
            PQresultStatus(r) == PGRES_TUPLES_OK ? std::atoll(PQgetvalue(r, 0, 0)) : 0;
        PQclear(r);
        if (n >= last + 2) {
          last = n;
          r = PQexec(c,
                     "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname "
                     "= 'dropped' AND pid <> pg_backend_pid()");
          if (PQresultStatus(r) == PGRES_TUPLES_OK) kills += std::atoi(PQgetvalue(r, 0, 0));
          PQclear(r);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(3));
      }
      PQfinish(c);
    });
    std::string failure;
    for (const auto& [doc, events] : batch)
      if (auto r = s->ingest(doc, events); !r) failure = r.error().message;
    done = true;
    killer.join();
    CHECK(failure == "");
    CHECK(kills >= 10);
    // The ingests that committed before a kill count once, the rest ran again.
    auto after = Store::open(pg, {false, 1, true});
    REQUIRE(after.ok());
    CHECK(dump(*after) == want);
  }

  TEST_CASE("PgStore: bad servers, foreign databases and future schemas are reported") {
    SUBCASE("a server that is not there, password kept out of the message") {
      auto s = Store::open("postgresql://ann:secret@/nodb?host=/nonexistent-dir&port=1");
      REQUIRE_FALSE(s.ok());
      CHECK(s.error().code == Errc::Io);
      CHECK(s.error().message.find("cannot connect to PostgreSQL") != std::string::npos);
      CHECK(s.error().where.find("secret") == std::string::npos);
      CHECK(s.error().where.find("ann:***@") != std::string::npos);
    }
    SUBCASE("someone else's database") {
      const std::string db = fresh_db("foreign_db");
      db_sql(db, "CREATE TABLE cats(name TEXT)");
      auto s = Store::open(db);
      REQUIRE_FALSE(s.ok());
      CHECK(s.error().code == Errc::InvalidData);
      CHECK(s.error().message.find("\"cats\"") != std::string::npos);
    }
    SUBCASE("a newer schema version") {
      const std::string db = fresh_db("future");
      db_sql(db,
             "CREATE TABLE entente_schema(version INTEGER NOT NULL); "
             "INSERT INTO entente_schema VALUES (99)");
      auto s = Store::open(db);
      REQUIRE_FALSE(s.ok());
      CHECK(s.error().code == Errc::InvalidData);
      CHECK(s.error().message.find("schema version 99 is newer") != std::string::npos);
    }
    SUBCASE("a duplicate event id rolls the whole story back") {
      auto s = Store::open(fresh_db("dup"));
      REQUIRE(s.ok());
      auto d = s->ingest(story("a", "a"), {day_event("a:0:0", "USA", "CHN", "036", "2023-08-01"),
                                           day_event("a:0:0", "USA", "CHN", "036", "2023-08-01")});
      REQUIRE_FALSE(d.ok());
      CHECK(d.error().code == Errc::InvalidInput);
      CHECK(d.error().message.find("used twice") != std::string::npos);
      CHECK(s->stats()->stories == 0);
      REQUIRE(
          s->ingest(story("b", "b"), {day_event("b:0:0", "USA", "CHN", "036", "2023-08-01")}).ok());
      CHECK(s->stats()->stories == 1);
    }
  }
}

}  // namespace entente
