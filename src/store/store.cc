#include "entente/store.h"

#include <algorithm>
#include <chrono>
#include <climits>
#include <cstdlib>
#include <cstdio>
#include <map>
#include <set>
#include <thread>
#include <unordered_map>
#include <utility>

#include "store/sql.h"

namespace entente {

using store::Conn;
using store::Dialect;
using store::Query;
using store::Step;

namespace {

// Schema migrations: step i brings user_version i to i + 1. Never edit a shipped step; add one.
constexpr const char* kMigrations[] = {
    // 0 -> 1: stories, actors, raw event sources and merged events.
    R"sql(
CREATE TABLE stories(id TEXT PRIMARY KEY, title TEXT NOT NULL, published TEXT NOT NULL,
  source TEXT NOT NULL, hash TEXT NOT NULL, events INTEGER NOT NULL);
CREATE TABLE actors(code TEXT PRIMARY KEY, name TEXT NOT NULL, country TEXT NOT NULL,
  sector TEXT NOT NULL, type TEXT NOT NULL, events INTEGER NOT NULL);
CREATE TABLE actor_names(code TEXT NOT NULL, name TEXT NOT NULL, count INTEGER NOT NULL,
  PRIMARY KEY(code, name));
CREATE TABLE event_sources(raw_id TEXT PRIMARY KEY, story_id TEXT NOT NULL, grp TEXT NOT NULL,
  event_id TEXT NOT NULL, sentence INTEGER NOT NULL, span_begin INTEGER NOT NULL,
  span_end INTEGER NOT NULL, text TEXT NOT NULL, date TEXT NOT NULL, day_begin INTEGER,
  day_end INTEGER, source TEXT NOT NULL, target TEXT NOT NULL, source_name TEXT NOT NULL,
  target_name TEXT NOT NULL, code TEXT NOT NULL, root TEXT NOT NULL, label TEXT NOT NULL,
  goldstein REAL NOT NULL, quad_class INTEGER NOT NULL, negated INTEGER NOT NULL);
CREATE INDEX event_sources_story ON event_sources(story_id);
CREATE INDEX event_sources_grp ON event_sources(grp);
CREATE INDEX event_sources_event ON event_sources(event_id);
CREATE TABLE events(id TEXT PRIMARY KEY, grp TEXT NOT NULL, date TEXT NOT NULL, day_begin INTEGER,
  day_end INTEGER, source TEXT NOT NULL, target TEXT NOT NULL, code TEXT NOT NULL,
  root TEXT NOT NULL, label TEXT NOT NULL, goldstein REAL NOT NULL, quad_class INTEGER NOT NULL,
  negated INTEGER NOT NULL, count INTEGER NOT NULL);
CREATE INDEX events_grp ON events(grp);
)sql",
    // 1 -> 2: settings the merged events were built with; date index for range reads.
    R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE INDEX events_day ON events(day_begin, id);
)sql",
    // 2 -> 3: snapshots of derived data (the loaded graph), tagged with the store generation.
    R"sql(
CREATE TABLE cache(key TEXT PRIMARY KEY, generation INTEGER NOT NULL, data BLOB NOT NULL);
)sql",
};
static_assert(std::size(kMigrations) == kStoreSchemaVersion);

// The same steps for PostgreSQL: bytewise ("C") collation so that every ORDER BY and comparison
// gives SQLite's order, 64-bit counts, doubles for Goldstein scores, bytea for blobs.
constexpr const char* kPgMigrations[] = {
    R"sql(
CREATE TABLE stories(id TEXT COLLATE "C" PRIMARY KEY, title TEXT COLLATE "C" NOT NULL,
  published TEXT COLLATE "C" NOT NULL, source TEXT COLLATE "C" NOT NULL,
  hash TEXT COLLATE "C" NOT NULL, events BIGINT NOT NULL);
CREATE TABLE actors(code TEXT COLLATE "C" PRIMARY KEY, name TEXT COLLATE "C" NOT NULL,
  country TEXT COLLATE "C" NOT NULL, sector TEXT COLLATE "C" NOT NULL,
  type TEXT COLLATE "C" NOT NULL, events BIGINT NOT NULL);
CREATE TABLE actor_names(code TEXT COLLATE "C" NOT NULL, name TEXT COLLATE "C" NOT NULL,
  count BIGINT NOT NULL, PRIMARY KEY(code, name));
CREATE TABLE event_sources(raw_id TEXT COLLATE "C" PRIMARY KEY,
  story_id TEXT COLLATE "C" NOT NULL, grp TEXT COLLATE "C" NOT NULL,
  event_id TEXT COLLATE "C" NOT NULL, sentence BIGINT NOT NULL, span_begin BIGINT NOT NULL,
  span_end BIGINT NOT NULL, text TEXT COLLATE "C" NOT NULL, date TEXT COLLATE "C" NOT NULL,
  day_begin INTEGER, day_end INTEGER, source TEXT COLLATE "C" NOT NULL,
  target TEXT COLLATE "C" NOT NULL, source_name TEXT COLLATE "C" NOT NULL,
  target_name TEXT COLLATE "C" NOT NULL, code TEXT COLLATE "C" NOT NULL,
  root TEXT COLLATE "C" NOT NULL, label TEXT COLLATE "C" NOT NULL,
  goldstein DOUBLE PRECISION NOT NULL, quad_class INTEGER NOT NULL, negated INTEGER NOT NULL);
CREATE INDEX event_sources_story ON event_sources(story_id);
CREATE INDEX event_sources_grp ON event_sources(grp);
CREATE INDEX event_sources_event ON event_sources(event_id);
CREATE TABLE events(id TEXT COLLATE "C" PRIMARY KEY, grp TEXT COLLATE "C" NOT NULL,
  date TEXT COLLATE "C" NOT NULL, day_begin INTEGER, day_end INTEGER,
  source TEXT COLLATE "C" NOT NULL, target TEXT COLLATE "C" NOT NULL,
  code TEXT COLLATE "C" NOT NULL, root TEXT COLLATE "C" NOT NULL,
  label TEXT COLLATE "C" NOT NULL, goldstein DOUBLE PRECISION NOT NULL,
  quad_class INTEGER NOT NULL, negated INTEGER NOT NULL, count BIGINT NOT NULL);
CREATE INDEX events_grp ON events(grp);
)sql",
    R"sql(
CREATE TABLE meta(key TEXT COLLATE "C" PRIMARY KEY, value TEXT COLLATE "C" NOT NULL);
CREATE INDEX events_day ON events(day_begin, id);
)sql",
    R"sql(
CREATE TABLE cache(key TEXT COLLATE "C" PRIMARY KEY, generation BIGINT NOT NULL,
  data BYTEA NOT NULL);
)sql",
};
static_assert(std::size(kPgMigrations) == kStoreSchemaVersion);


constexpr std::string_view kOurTables[] = {"actor_names",   "actors", "cache", "entente_schema",
                                           "event_sources", "events", "meta",  "stories"};
constexpr const char* kGenerationSql =
    "COALESCE((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'generation'), 0)";
constexpr const char* kBumpGenerationSql =
    "INSERT INTO meta(key, value) VALUES ('generation', '1') ON CONFLICT(key) DO UPDATE SET "
    "value = CAST(CAST(meta.value AS INTEGER) + 1 AS TEXT)";

std::string hex16(uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

std::string actor_type(std::string_view code, std::string_view country, std::string_view sector) {
  if (code.substr(0, 3) == "IGO") return "igo";
  if (code.substr(0, 3) == "NGO") return "ngo";
  if (country.empty() && sector.empty()) return "other";
  return sector.empty() ? "country" : "domestic";
}

std::string group_key(std::string_view source, std::string_view target, std::string_view root,
                      bool negated) {
  std::string k;
  k.reserve(source.size() + target.size() + root.size() + 4);
  k.append(source).append("\t").append(target).append("\t").append(root).append(negated ? "\t1"
                                                                                        : "\t0");
  return k;
}

struct RawRow {
  std::string raw_id;
  std::string old_event_id;
  std::string date;
  std::optional<int32_t> begin, end;
  std::string code, label;
  double goldstein = 0;
  int quad = 0;
};

// The value reported most often; ties go to the smallest.
template <class Get>
std::string modal(const std::vector<const RawRow*>& rows, Get get) {
  std::map<std::string, int> counts;
  for (const RawRow* r : rows) ++counts[get(*r)];
  std::string best;
  int best_n = -1;
  for (const auto& [value, n] : counts) {
    if (n > best_n) {
      best = value;
      best_n = n;
    }
  }
  return best;
}

}  // namespace

std::string_view ingest_outcome_name(IngestOutcome outcome) {
  switch (outcome) {
    case IngestOutcome::Added: return "added";
    case IngestOutcome::Unchanged: return "unchanged";
    case IngestOutcome::Replaced: return "replaced";
  }
  return "added";
}

std::string story_content_hash(const Document& doc) {
  uint64_t h = 1469598103934665603ull;
  auto mix = [&h](std::string_view s) {
    for (char c : s) {
      h ^= static_cast<unsigned char>(c);
      h *= 1099511628211ull;
    }
  };
  mix(doc.title);
  mix(std::string_view("\x1f", 1));
  mix(doc.text);
  return hex16(h);
}

struct Store::Impl {
  std::unique_ptr<Conn> conn;
  std::string path;  // as given (SQLite) or without its password (PostgreSQL)
  std::string given;  // the store as given to open()
  StoreOptions options;

  Error db_error(std::string_view what) const { return conn->error(what); }
  Result<void> exec(const char* sql) { return conn->exec(sql); }
  // A statement for one use; null when it cannot be prepared.
  std::unique_ptr<Query> prepare(std::string_view sql) const { return conn->prepare(sql); }
  // A prepared statement from the cache, reset; null when it cannot be prepared.
  Query* stmt(const char* sql) { return conn->cached(sql); }
  Error prepare_error() const { return db_error("cannot prepare a store query"); }

  Result<void> open_and_migrate();
  Result<void> migrate(int version);
  Result<void> remerge_group(const std::string& grp, std::set<std::string>* touched_actors);
  Result<void> refresh_actor(const std::string& code);
  // The story as ingest writes it, and where its events came from (for messages).
  struct StoryRecord {
    std::string id, title, published, source, hash, where;
  };
  Result<IngestOutcome> ingest_locked(const StoryRecord& story, const std::vector<Event>& events);
  struct Item {
    const StoryRecord* story;
    const std::vector<Event>* events;
  };
  Result<std::vector<IngestOutcome>> ingest(const std::vector<Item>& items);
};

// Brings the schema from `version` to kStoreSchemaVersion in one write transaction; another
// process may have done it meanwhile, so the version is read again under the lock.
Result<void> Store::Impl::migrate(int version) {
  if (auto r = conn->begin_write(); !r) return r;
  auto fail = [this](Error e) -> Result<void> {
    conn->rollback();
    return e;
  };
  auto now = conn->schema_version();
  if (!now) return fail(now.error());
  const auto& steps = conn->dialect() == Dialect::Postgres ? kPgMigrations : kMigrations;
  for (int v = std::max(version, *now); v < kStoreSchemaVersion; ++v)
    if (auto r = exec(steps[v]); !r) return fail(r.error());
  if (*now < kStoreSchemaVersion)
    if (auto r = conn->set_schema_version(kStoreSchemaVersion); !r) return fail(r.error());
  return conn->commit();
}

Result<void> Store::Impl::open_and_migrate() {
  auto read_version = conn->schema_version();
  if (!read_version) return read_version.error();
  int version = *read_version;
  if (version < 0)  // found by fuzzing: a negative version indexed kMigrations[-1]
    return make_error(Errc::InvalidData,
                      "is not an entente store (its schema version is " + std::to_string(version) +
                          ")",
                      path);
  if (version > kStoreSchemaVersion)
    return make_error(Errc::InvalidData,
                      "store schema version " + std::to_string(version) +
                          " is newer than this build of entente reads (" +
                          std::to_string(kStoreSchemaVersion) + "); upgrade entente",
                      path);
  if (version == 0) {
    // A database of someone else's must not be taken over.
    auto tables = conn->table_names();
    if (!tables) return tables.error();
    for (const std::string& name : *tables) {
      if (std::find(std::begin(kOurTables), std::end(kOurTables), name) == std::end(kOurTables))
        return make_error(Errc::InvalidData,
                          "is not an entente store (it has a table " + quote_for_message(name) +
                              " and no entente schema version)",
                          path);
    }
  }
  if (version < kStoreSchemaVersion && options.read_only) {
    // A reader migrates through a short-lived writable connection when it may write the file.
    StoreOptions w = options;
    w.read_only = false;
    w.keep_stored_merge = true;
    if (Store::open(given, w).ok()) {
      if (auto again = conn->schema_version()) version = *again;
    }
  }
  if (version < kStoreSchemaVersion) {
    if (options.read_only)
      return make_error(Errc::InvalidData,
                        "store schema version " + std::to_string(version) +
                            " is older than this build's (" + std::to_string(kStoreSchemaVersion) +
                            "); open it once for writing (e.g. `entente ingest`) to migrate it",
                        path);
    if (auto r = migrate(version); !r) return r;
  }
  if (options.read_only) {
    // Merged events were built with the settings in meta; a reader takes them as they are.
    return {};
  }
  // When the merge settings differ from those the events were built with, merge again.
  auto read_meta = [this](std::map<std::string, std::string>& meta) -> Result<void> {
    meta.clear();
    Query* s = stmt("SELECT key, value FROM meta");
    if (!s) return prepare_error();
    Step rc;
    while ((rc = s->step()) == Step::Row) meta[s->str(0)] = s->str(1);
    if (rc != Step::Done) return db_error("cannot read the store settings");
    return {};
  };
  std::map<std::string, std::string> meta;
  if (auto r = read_meta(meta); !r) return r;
  if (options.keep_stored_merge && meta.count("merge_on_root") && meta.count("merge_window_days")) {
    options.merge_on_root = meta["merge_on_root"] == "1";
    options.merge_window_days = std::atoi(meta["merge_window_days"].c_str());
    return {};
  }
  const std::string want_root = options.merge_on_root ? "1" : "0";
  const std::string want_window = std::to_string(options.merge_window_days);
  auto settled = [&] {
    return meta["merge_on_root"] == want_root && meta["merge_window_days"] == want_window;
  };
  if (settled()) return {};
  if (auto r = conn->begin_write(); !r) return r;
  auto fail = [this](Error e) -> Result<void> {
    conn->rollback();
    return e;
  };
  // Another writer may have settled them while this one waited for the lock.
  if (auto r = read_meta(meta); !r) return fail(r.error());
  if (settled()) return conn->commit();
  {
    Query* s = stmt(
        "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = "
        "excluded.value");
    if (!s) return fail(prepare_error());
    for (const auto& [k, v] : {std::pair{"merge_on_root", want_root},
                               std::pair{"merge_window_days", want_window}}) {
      s->reset();
      s->bind(1, k).bind(2, v);
      if (s->step() != Step::Done) return fail(db_error("cannot write the store settings"));
    }
  }
  std::vector<std::string> groups;
  {
    Query* s = stmt("SELECT DISTINCT grp FROM event_sources ORDER BY grp");
    if (!s) return fail(prepare_error());
    while (s->step() == Step::Row) groups.push_back(s->str(0));
  }
  std::set<std::string> touched;
  for (const auto& g : groups)
    if (auto r = remerge_group(g, &touched); !r) return fail(r.error());
  for (const auto& a : touched)
    if (auto r = refresh_actor(a); !r) return fail(r.error());
  if (auto r = exec(kBumpGenerationSql); !r) return fail(r.error());
  return conn->commit();
}

// Rebuilds the merged events of one (dyad, root, negated) group from its sources.
Result<void> Store::Impl::remerge_group(const std::string& grp,
                                        std::set<std::string>* touched_actors) {
  std::string source, target, root;
  bool negated = false;
  {
    const size_t a = grp.find('\t');
    const size_t b = grp.find('\t', a + 1);
    const size_t c = grp.find('\t', b + 1);
    source = grp.substr(0, a);
    target = grp.substr(a + 1, b - a - 1);
    root = grp.substr(b + 1, c - b - 1);
    negated = grp.substr(c + 1) == "1";
  }
  std::vector<RawRow> rows;
  {
    Query* s = stmt(
        "SELECT raw_id, event_id, date, day_begin, day_end, code, label, goldstein, quad_class "
        "FROM event_sources WHERE grp = ? ORDER BY raw_id");
    if (!s) return prepare_error();
    s->bind(1, grp);
    Step rc;
    while ((rc = s->step()) == Step::Row) {
      RawRow r;
      r.raw_id = s->str(0);
      r.old_event_id = s->str(1);
      r.date = s->str(2);
      if (!s->is_null(3)) r.begin = static_cast<int32_t>(s->i64(3));
      if (!s->is_null(4)) r.end = static_cast<int32_t>(s->i64(4));
      r.code = s->str(5);
      r.label = s->str(6);
      r.goldstein = s->dbl(7);
      r.quad = s->i32(8);
      rows.push_back(std::move(r));
    }
    if (rc != Step::Done) return db_error("cannot read event sources");
  }
  int64_t removed = 0;
  {
    Query* s = stmt("DELETE FROM events WHERE grp = ?");
    if (!s) return prepare_error();
    s->bind(1, grp);
    if (s->step() != Step::Done) return db_error("cannot delete merged events");
    removed = s->changes();
  }
  // Partition into clusters: family (code, or nothing when merging on root), then date class.
  // Day-dated events chain when at most merge_window_days apart; coarser dates (a month, a
  // year) merge only with the same interval; undated ones with undated ones.
  std::map<std::string, std::vector<const RawRow*>> families;
  for (const RawRow& r : rows) families[options.merge_on_root ? std::string() : r.code].push_back(&r);
  std::vector<std::vector<const RawRow*>> clusters;
  for (auto& [family, members] : families) {
    std::vector<const RawRow*> undated, days;
    std::map<std::pair<int32_t, int32_t>, std::vector<const RawRow*>> coarse;
    for (const RawRow* r : members) {
      if (!r->begin || !r->end)
        undated.push_back(r);
      else if (*r->begin == *r->end)
        days.push_back(r);
      else
        coarse[{*r->begin, *r->end}].push_back(r);
    }
    if (!undated.empty()) clusters.push_back(undated);
    for (auto& [interval, c] : coarse) clusters.push_back(c);
    std::stable_sort(days.begin(), days.end(),
                     [](const RawRow* x, const RawRow* y) { return *x->begin < *y->begin; });
    std::vector<const RawRow*> run;
    for (const RawRow* r : days) {
      if (!run.empty() && *r->begin - *run.back()->begin > options.merge_window_days) {
        clusters.push_back(std::move(run));
        run.clear();
      }
      run.push_back(r);
    }
    if (!run.empty()) clusters.push_back(std::move(run));
  }
  Query* ins = stmt(
      "INSERT INTO events(id, grp, date, day_begin, day_end, source, target, code, root, label, "
      "goldstein, quad_class, negated, count) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  if (!ins) return prepare_error();
  Query* upd = stmt("UPDATE event_sources SET event_id = ? WHERE raw_id = ?");
  if (!upd) return prepare_error();
  for (auto& c : clusters) {
    std::sort(c.begin(), c.end(),
              [](const RawRow* x, const RawRow* y) { return x->raw_id < y->raw_id; });
    const std::string& id = c.front()->raw_id;
    const std::string date = modal(c, [](const RawRow& r) { return r.date; });
    const std::string code = modal(c, [](const RawRow& r) { return r.code; });
    const RawRow* rep = c.front();
    for (const RawRow* r : c)
      if (r->code == code) {
        rep = r;
        break;
      }
    std::optional<int32_t> begin, end;
    for (const RawRow* r : c) {
      if (r->begin) begin = begin ? std::min(*begin, *r->begin) : *r->begin;
      if (r->end) end = end ? std::max(*end, *r->end) : *r->end;
    }
    ins->reset();
    ins->bind(1, id).bind(2, grp).bind(3, date);
    if (begin) ins->bind(4, int64_t{*begin}); else ins->bind_null(4);
    if (end) ins->bind(5, int64_t{*end}); else ins->bind_null(5);
    ins->bind(6, source).bind(7, target).bind(8, code).bind(9, root).bind(10, rep->label);
    ins->bind(11, rep->goldstein).bind(12, rep->quad).bind(13, negated ? 1 : 0);
    ins->bind(14, static_cast<int64_t>(c.size()));
    if (ins->step() != Step::Done) return db_error("cannot write a merged event");
    for (const RawRow* r : c) {
      if (r->old_event_id == id) continue;
      upd->reset();
      upd->bind(1, id).bind(2, r->raw_id);
      if (upd->step() != Step::Done) return db_error("cannot link an event source");
    }
  }
  const int64_t delta = static_cast<int64_t>(clusters.size()) - removed;
  if (delta != 0) {
    Query* s = stmt("UPDATE actors SET events = events + ? WHERE code = ?");
    if (!s) return prepare_error();
    for (const std::string* a : {&source, &target}) {
      if (a == &target && target == source) break;
      s->reset();
      s->bind(1, delta).bind(2, *a);
      if (s->step() != Step::Done) return db_error("cannot update actor counts");
    }
  }
  touched_actors->insert(source);
  touched_actors->insert(target);
  return {};
}

// Sets an actor's name to the one given most often; drops it when nothing refers to it.
Result<void> Store::Impl::refresh_actor(const std::string& code) {
  if (Query* r = stmt("DELETE FROM actor_names WHERE code = ? AND count <= 0"); !r) {
    return prepare_error();
  } else {
    r->bind(1, code);
    if (r->step() != Step::Done) return db_error("cannot update actor names");
  }
  std::string name;
  {
    Query* s = stmt(
        "SELECT name FROM actor_names WHERE code = ? AND name <> '' ORDER BY count DESC, name "
        "LIMIT 1");
    if (!s) return prepare_error();
    s->bind(1, code);
    if (s->step() == Step::Row) name = s->str(0);
  }
  int64_t events = 0;
  std::string country, sector;
  {
    Query* s = stmt("SELECT events, country, sector FROM actors WHERE code = ?");
    if (!s) return prepare_error();
    s->bind(1, code);
    if (s->step() != Step::Row) return {};
    events = s->i64(0);
    country = s->str(1);
    sector = s->str(2);
  }
  int64_t refs = 0;
  {
    Query* s = stmt("SELECT COUNT(*) FROM actor_names WHERE code = ?");
    if (!s) return prepare_error();
    s->bind(1, code);
    if (s->step() == Step::Row) refs = s->i64(0);
  }
  if (events <= 0 && refs == 0) {
    Query* s = stmt("DELETE FROM actors WHERE code = ?");
    if (!s) return prepare_error();
    s->bind(1, code);
    if (s->step() != Step::Done) return db_error("cannot delete an actor");
    return {};
  }
  Query* s = stmt("UPDATE actors SET name = ?, type = ? WHERE code = ?");
  if (!s) return prepare_error();
  s->bind(1, name).bind(2, actor_type(code, country, sector)).bind(3, code);
  if (s->step() != Step::Done) return db_error("cannot update an actor");
  return {};
}

Result<IngestOutcome> Store::Impl::ingest_locked(const StoryRecord& story,
                                                 const std::vector<Event>& events) {
  const std::string& hash = story.hash;
  bool existed = false;
  {
    Query* s = stmt("SELECT hash FROM stories WHERE id = ?");
    if (!s) return prepare_error();
    s->bind(1, story.id);
    if (s->step() == Step::Row) {
      if (s->text(0) == hash) return IngestOutcome::Unchanged;
      existed = true;
    }
  }
  std::set<std::string> groups;
  std::set<std::string> touched_actors;
  Query* name_delta = stmt(
      "INSERT INTO actor_names(code, name, count) VALUES (?, ?, ?) "
      "ON CONFLICT(code, name) DO UPDATE SET count = actor_names.count + excluded.count");
  if (!name_delta) return prepare_error();
  auto add_name = [&](std::string_view code, std::string_view name, int64_t d) -> Result<void> {
    name_delta->reset();
    name_delta->bind(1, code).bind(2, name).bind(3, d);
    if (name_delta->step() != Step::Done) return db_error("cannot count an actor name");
    return {};
  };
  if (existed) {
    // Names are counted per raw event: take this story's counts back.
    std::vector<std::pair<std::string, std::string>> names;
    {
      Query* s = stmt(
          "SELECT grp, source, source_name, target, target_name FROM event_sources WHERE "
          "story_id = ? ORDER BY raw_id");
      if (!s) return prepare_error();
      s->bind(1, story.id);
      while (s->step() == Step::Row) {
        groups.insert(s->str(0));
        names.emplace_back(s->str(1), s->str(2));
        names.emplace_back(s->str(3), s->str(4));
      }
    }
    for (const auto& [code, name] : names) {
      touched_actors.insert(code);
      if (auto r = add_name(code, name, -1); !r) return r.error();
    }
    for (const char* sql : {"DELETE FROM event_sources WHERE story_id = ?",
                            "DELETE FROM stories WHERE id = ?"}) {
      Query* s = stmt(sql);
      if (!s) return prepare_error();
      s->bind(1, story.id);
      if (s->step() != Step::Done) return db_error("cannot remove the old version of a story");
    }
  }
  {
    Query* s = stmt(
        "INSERT INTO stories(id, title, published, source, hash, events) VALUES (?,?,?,?,?,?)");
    if (!s) return prepare_error();
    s->bind(1, story.id).bind(2, story.title).bind(3, story.published);
    s->bind(4, story.source).bind(5, hash).bind(6, static_cast<int64_t>(events.size()));
    if (s->step() != Step::Done) return db_error("cannot write the story");
  }
  Query* ins = stmt(
      "INSERT INTO event_sources(raw_id, story_id, grp, event_id, sentence, span_begin, span_end, "
      "text, date, day_begin, day_end, source, target, code, root, label, goldstein, quad_class, "
      "negated, source_name, target_name) VALUES (?,?,?,'',?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  if (!ins) return prepare_error();
  Query* actor_up = stmt(
      "INSERT INTO actors(code, name, country, sector, type, events) VALUES (?1, '', ?2, ?3, '', 0) "
      "ON CONFLICT(code) DO UPDATE SET "
      "country = CASE WHEN actors.country = '' THEN excluded.country WHEN excluded.country = '' "
      "THEN actors.country ELSE CASE WHEN excluded.country < actors.country THEN excluded.country ELSE "
      "actors.country END END, "
      "sector = CASE WHEN actors.sector = '' THEN excluded.sector WHEN excluded.sector = '' "
      "THEN actors.sector ELSE CASE WHEN excluded.sector < actors.sector THEN excluded.sector ELSE "
      "actors.sector END END");
  if (!actor_up) return prepare_error();
  const std::string& where = story.where;
  for (const Event& e : events) {
    if (e.source.code.empty() || e.target.code.empty() || e.code.empty())
      return make_error(Errc::InvalidInput,
                        "event " + quote_for_message(e.id) + " has no source, target or code",
                        where);
    if (e.id.empty())
      return make_error(Errc::InvalidInput, "an event has no id", where);
    const std::string root = e.root.empty() ? e.code.substr(0, std::min<size_t>(2, e.code.size()))
                                            : e.root;
    const std::string grp = group_key(e.source.code, e.target.code, root, e.negated);
    groups.insert(grp);
    ins->reset();
    ins->bind(1, e.id).bind(2, story.id).bind(3, grp).bind(4, static_cast<int64_t>(e.sentence));
    ins->bind(5, static_cast<int64_t>(e.span.begin)).bind(6, static_cast<int64_t>(e.span.end));
    ins->bind(7, e.text).bind(8, e.date);
    if (e.date_begin && e.date_end) {
      ins->bind(9, int64_t{e.date_begin->serial()}).bind(10, int64_t{e.date_end->serial()});
    } else {
      ins->bind_null(9).bind_null(10);
    }
    ins->bind(11, e.source.code).bind(12, e.target.code).bind(13, e.code).bind(14, root);
    ins->bind(15, e.label).bind(16, e.goldstein).bind(17, e.quad_class).bind(18, e.negated ? 1 : 0);
    ins->bind(19, e.source.name).bind(20, e.target.name);
    const Step rc = ins->step();
    if (rc == Step::Unique)
      return make_error(Errc::InvalidInput,
                        "event id " + quote_for_message(e.id) +
                            " is used twice (by this story or by another story)",
                        where);
    if (rc != Step::Done) return db_error("cannot write an event");
    for (const ActorRef* a : {&e.source, &e.target}) {
      actor_up->reset();
      actor_up->bind(1, a->code).bind(2, a->country).bind(3, a->sector);
      if (actor_up->step() != Step::Done) return db_error("cannot write an actor");
      if (auto r = add_name(a->code, a->name, 1); !r) return r.error();
      touched_actors.insert(a->code);
    }
  }
  for (const auto& g : groups)
    if (auto r = remerge_group(g, &touched_actors); !r) return r.error();
  for (const auto& a : touched_actors)
    if (auto r = refresh_actor(a); !r) return r.error();
  if (auto r = exec(kBumpGenerationSql); !r) return r.error();
  return existed ? IngestOutcome::Replaced : IngestOutcome::Added;
}

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::~Store() = default;
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;

const std::string& Store::path() const { return impl_->path; }

Result<Store> Store::open(const std::string& path, StoreOptions options) {
  auto impl = std::make_unique<Impl>();
  const bool postgres = store::is_postgres_target(path);
  impl->path = postgres ? store::redact_target(path) : path;
  impl->given = path;
  impl->options = options;
  if (options.merge_window_days < 0)
    return make_error(Errc::InvalidInput, "the merge window must be 0 days or more", impl->path);
  auto conn = postgres ? store::open_postgres(path, options.read_only)
                       : store::open_sqlite(path, options.read_only);
  if (!conn) return conn.error();
  impl->conn = std::move(conn).value();
  if (auto r = impl->open_and_migrate(); !r) return r.error();
  if (auto r = impl->conn->settle(); !r) return r.error();
  return Store(std::move(impl));
}

Result<IngestOutcome> Store::ingest(const Document& doc, const std::vector<Event>& events) {
  if (doc.id.empty())
    return make_error(Errc::InvalidInput, "a story without an id cannot be stored", doc.origin);
  const Impl::StoryRecord rec{doc.id,     doc.title, doc.dct ? doc.dct->iso() : std::string(),
                              doc.source, story_content_hash(doc),
                              doc.origin.empty() ? doc.id : doc.origin};
  auto out = impl_->ingest({{&rec, &events}});
  if (!out) return out.error();
  return out->front();
}

namespace {
Error no_id(std::string_view where) {
  return make_error(Errc::InvalidInput, "a story without an id cannot be stored",
                    std::string(where));
}
}  // namespace

Result<IngestOutcome> Store::ingest_record(const StoredStory& story,
                                           const std::vector<Event>& events,
                                           std::string_view where) {
  std::vector<Result<IngestOutcome>> out = ingest_batch({{story, events, std::string(where)}});
  return std::move(out.front());
}

std::vector<Result<IngestOutcome>> Store::ingest_batch(const std::vector<BatchStory>& batch) {
  std::vector<Result<IngestOutcome>> out(batch.size(), Result<IngestOutcome>(IngestOutcome::Added));
  std::vector<Impl::StoryRecord> recs;
  recs.reserve(batch.size());
  std::vector<Impl::Item> items;
  std::vector<size_t> slot;
  for (size_t i = 0; i < batch.size(); ++i) {
    const StoredStory& s = batch[i].story;
    if (s.id.empty()) {
      out[i] = no_id(batch[i].where);
      continue;
    }
    recs.push_back({s.id, s.title, s.published, s.source, s.hash,
                    batch[i].where.empty() ? s.id : batch[i].where});
  }
  for (size_t i = 0, k = 0; i < batch.size(); ++i) {
    if (batch[i].story.id.empty()) continue;
    items.push_back({&recs[k++], &batch[i].events});
    slot.push_back(i);
  }
  if (items.empty()) return out;
  auto all = impl_->ingest(items);
  if (all) {
    for (size_t k = 0; k < items.size(); ++k) out[slot[k]] = (*all)[k];
    return out;
  }
  // A story the store refuses takes the others' transaction down with it: write them one by
  // one so that only it is left out. A write failure is every story's.
  for (size_t k = 0; k < items.size(); ++k) {
    if (all.error().code == Errc::Io) {
      out[slot[k]] = all.error();
      continue;
    }
    auto one = impl_->ingest({items[k]});
    if (one) {
      out[slot[k]] = one->front();
    } else {
      out[slot[k]] = one.error();
    }
  }
  return out;
}

// One transaction for `items`, in order. A transaction that fails for a reason that may pass
// (a lost connection, a serialisation failure) runs again: it either committed whole or left
// nothing.
Result<std::vector<IngestOutcome>> Store::Impl::ingest(const std::vector<Item>& items) {
  if (options.read_only)
    return make_error(Errc::InvalidInput, "the store was opened read-only", path);
  constexpr int kAttempts = 8;
  Result<std::vector<IngestOutcome>> last = make_error(Errc::Internal, "no attempt", path);
  for (int attempt = 1; attempt <= kAttempts; ++attempt) {
    if (attempt > 1) {
      // A server that restarts takes a moment; back off a little more each time.
      std::this_thread::sleep_for(std::chrono::milliseconds(25 * attempt));
      if (auto r = conn->reconnect(); !r) {
        last = r.error();
        continue;
      }
    }
    last = [&]() -> Result<std::vector<IngestOutcome>> {
      if (auto r = conn->begin_write(); !r) return r.error();
      std::vector<IngestOutcome> outcomes;
      outcomes.reserve(items.size());
      for (const Item& item : items) {
        auto out = ingest_locked(*item.story, *item.events);
        if (!out) {
          conn->rollback();
          return out.error();
        }
        outcomes.push_back(*out);
      }
      if (auto r = conn->commit(); !r) {
        conn->rollback();
        return r.error();
      }
      return outcomes;
    }();
    if (last || !conn->retryable()) return last;
  }
  return last;
}

Result<std::vector<StoredStory>> Store::stories() const {
  auto s = impl_->prepare("SELECT id, title, published, source, hash, events FROM stories ORDER BY id");
  if (!s) return impl_->prepare_error();
  std::vector<StoredStory> out;
  Step rc;
  while ((rc = s->step()) == Step::Row)
    out.push_back({s->str(0), s->str(1), s->str(2), s->str(3), s->str(4), s->i64(5)});
  if (rc != Step::Done) return impl_->db_error("cannot read stories");
  return out;
}

Result<std::vector<StoredActor>> Store::actors() const {
  auto s = impl_->prepare("SELECT code, name, country, sector, type, events FROM actors ORDER BY code");
  if (!s) return impl_->prepare_error();
  std::vector<StoredActor> out;
  Step rc;
  while ((rc = s->step()) == Step::Row)
    out.push_back({s->str(0), s->str(1), s->str(2), s->str(3), s->str(4), s->i64(5)});
  if (rc != Step::Done) return impl_->db_error("cannot read actors");
  return out;
}

Result<std::vector<Store::ActorName>> Store::actor_names() const {
  auto s = impl_->prepare(
      "SELECT code, name, count FROM actor_names WHERE count > 0 AND name <> '' ORDER BY code, name");
  if (!s) return impl_->prepare_error();
  std::vector<ActorName> out;
  Step rc;
  while ((rc = s->step()) == Step::Row) out.push_back({s->str(0), s->str(1), s->i64(2)});
  if (rc != Step::Done) return impl_->db_error("cannot read actor names");
  return out;
}

namespace {
std::optional<CivilDate> day_of(const Query& s, int col) {
  if (s.is_null(col)) return std::nullopt;
  return CivilDate::from_serial(static_cast<int32_t>(s.i64(col)));
}

EventSource source_row(const Query& s, int c) {
  EventSource src;
  src.raw_id = s.str(c);
  src.story_id = s.str(c + 1);
  src.sentence = static_cast<uint32_t>(s.i64(c + 2));
  src.span = Span{static_cast<uint32_t>(s.i64(c + 3)), static_cast<uint32_t>(s.i64(c + 4))};
  src.text = s.str(c + 5);
  return src;
}
}  // namespace

Result<std::vector<StoredEvent>> Store::events(EventReadOptions options) const {
  auto s = impl_->prepare(
      "SELECT id, date, day_begin, day_end, source, target, code, root, label, goldstein, "
      "quad_class, negated, count FROM events WHERE negated = 0 OR ?1 <> 0 "
      "ORDER BY day_begin IS NULL, day_begin, id");
  if (!s) return impl_->prepare_error();
  s->bind(1, options.include_negated ? 1 : 0);
  std::vector<StoredEvent> out;
  Step rc;
  while ((rc = s->step()) == Step::Row) {
    StoredEvent e;
    e.id = s->str(0);
    e.date = s->str(1);
    e.date_begin = day_of(*s, 2);
    e.date_end = day_of(*s, 3);
    e.source = s->str(4);
    e.target = s->str(5);
    e.code = s->str(6);
    e.root = s->str(7);
    e.label = s->str(8);
    e.goldstein = s->dbl(9);
    e.quad_class = s->i32(10);
    e.negated = s->i32(11) != 0;
    e.count = s->i64(12);
    out.push_back(std::move(e));
  }
  if (rc != Step::Done) return impl_->db_error("cannot read events");
  if (options.with_sources) {
    std::unordered_map<std::string_view, size_t> index;
    for (size_t i = 0; i < out.size(); ++i) index.emplace(out[i].id, i);
    auto q = impl_->prepare(
        "SELECT event_id, raw_id, story_id, sentence, span_begin, span_end, text FROM "
        "event_sources ORDER BY raw_id");
    if (!q) return impl_->prepare_error();
    while ((rc = q->step()) == Step::Row) {
      auto it = index.find(q->text(0));
      if (it != index.end()) out[it->second].sources.push_back(source_row(*q, 1));
    }
    if (rc != Step::Done) return impl_->db_error("cannot read event sources");
  }
  return out;
}

Result<std::vector<EventSource>> Store::sources_of(std::string_view event_id) const {
  auto s = impl_->prepare(
      "SELECT raw_id, story_id, sentence, span_begin, span_end, text FROM event_sources WHERE "
      "event_id = ? ORDER BY raw_id");
  if (!s) return impl_->prepare_error();
  s->bind(1, event_id);
  std::vector<EventSource> out;
  Step rc;
  while ((rc = s->step()) == Step::Row) out.push_back(source_row(*s, 0));
  if (rc != Step::Done) return impl_->db_error("cannot read event sources");
  if (out.empty())
    return make_error(Errc::NotFound, "no event with id " + quote_for_message(event_id),
                      impl_->path);
  return out;
}

Result<void> Store::scan_events(const std::function<void(const EventRow&)>& fn,
                                bool include_negated) const {
  std::unordered_map<std::string, uint32_t> actor_index;
  {
    auto s = impl_->prepare("SELECT code FROM actors ORDER BY code");
    if (!s) return impl_->prepare_error();
    uint32_t i = 0;
    while (s->step() == Step::Row) actor_index.emplace(s->str(0), i++);
  }
  auto s = impl_->prepare(
      "SELECT id, code, date, source, target, day_begin, day_end, goldstein, quad_class, negated, "
      "count, label FROM events WHERE negated = 0 OR ?1 <> 0");
  if (!s) return impl_->prepare_error();
  s->bind(1, include_negated ? 1 : 0);
  Step rc;
  std::string last_src, last_tgt;
  uint32_t src_i = 0, tgt_i = 0;
  while ((rc = s->step()) == Step::Row) {
    EventRow row;
    row.id = s->text(0);
    row.code = s->text(1);
    row.date = s->text(2);
    const std::string_view src = s->text(3);
    const std::string_view tgt = s->text(4);
    if (src != last_src) {
      auto it = actor_index.find(std::string(src));
      if (it == actor_index.end())
        return make_error(Errc::InvalidData, "event " + quote_for_message(row.id) +
                                                 " names an actor missing from the actors table",
                          impl_->path);
      last_src = src;
      src_i = it->second;
    }
    if (tgt != last_tgt) {
      auto it = actor_index.find(std::string(tgt));
      if (it == actor_index.end())
        return make_error(Errc::InvalidData, "event " + quote_for_message(row.id) +
                                                 " names an actor missing from the actors table",
                          impl_->path);
      last_tgt = tgt;
      tgt_i = it->second;
    }
    row.source = src_i;
    row.target = tgt_i;
    row.day_begin = s->is_null(5) ? INT32_MIN : static_cast<int32_t>(s->i64(5));
    row.day_end = s->is_null(6) ? INT32_MIN : static_cast<int32_t>(s->i64(6));
    row.goldstein = s->dbl(7);
    row.quad_class = s->i32(8);
    row.negated = s->i32(9) != 0;
    row.count = s->i64(10);
    row.label = s->text(11);
    fn(row);
  }
  if (rc != Step::Done) return impl_->db_error("cannot read events");
  return {};
}

Result<StoreStats> Store::stats() const {
  auto s = impl_->prepare(
      "SELECT (SELECT COUNT(*) FROM stories), (SELECT COUNT(*) FROM events), "
      "(SELECT COUNT(*) FROM events WHERE negated <> 0), (SELECT COUNT(*) FROM event_sources), "
      "(SELECT COUNT(*) FROM actors), (SELECT MIN(day_begin) FROM events), "
      "(SELECT MAX(day_end) FROM events)");
  if (!s) return impl_->prepare_error();
  if (s->step() != Step::Row) return impl_->db_error("cannot read store counts");
  StoreStats st;
  st.stories = s->i64(0);
  st.events = s->i64(1);
  st.negated = s->i64(2);
  st.raw_events = s->i64(3);
  st.actors = s->i64(4);
  if (auto d = day_of(*s, 5)) st.first_date = d->iso();
  if (auto d = day_of(*s, 6)) st.last_date = d->iso();
  return st;
}

Result<std::optional<std::string>> Store::read_cache(std::string_view key) const {
  auto s = impl_->prepare(std::string("SELECT data FROM cache WHERE key = ? AND generation = ") +
                          kGenerationSql);
  if (!s) return impl_->prepare_error();
  s->bind(1, key);
  const Step rc = s->step();
  if (rc == Step::Done) return std::optional<std::string>();
  if (rc != Step::Row) return impl_->db_error("cannot read the cache");
  return std::optional<std::string>(s->blob(0));
}

Result<void> Store::write_cache(std::string_view key, std::string_view bytes) {
  if (impl_->options.read_only)
    return make_error(Errc::InvalidInput, "the store was opened read-only", impl_->path);
  auto s = impl_->prepare(std::string("INSERT INTO cache(key, generation, data) VALUES (?, ") +
                          kGenerationSql +
                          ", ?) ON CONFLICT(key) DO UPDATE SET generation = excluded.generation, "
                          "data = excluded.data");
  if (!s) return impl_->prepare_error();
  s->bind(1, key);
  s->bind_blob(2, bytes);
  if (s->step() != Step::Done) return impl_->db_error("cannot write the cache");
  impl_->conn->after_write();
  return {};
}

}  // namespace entente
