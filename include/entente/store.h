// entente store: the database that keeps stories, actors and merged events: an embedded SQLite
// file by default, or a shared PostgreSQL database; both give the same answers.
// Pipeline position: after code (events) and io; the graph module loads from it.
// Events from many stories that report the same happening are merged into one event that
// keeps every source; the result does not depend on the order stories are ingested in.
// Thread safety: a Store is one connection; use it from one thread at a time. Several Stores,
// in one process or many, may write the same database at once: writes are serialised.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "entente/code.h"
#include "entente/core.h"
#include "entente/text.h"

namespace entente {

// How the store merges events and opens its file.
struct StoreOptions {
  bool merge_on_root = false;  // merge events with the same CAMEO root, not only the same code
  int merge_window_days = 1;   // day-dated events at most this many days apart merge (0 = same day)
  bool read_only = false;      // open without writing (queries); a missing file is NotFound
  bool keep_stored_merge = false;  // use the merge settings the store was built with instead of
                                   // these (no re-merge); a new store takes these
};

// Schema version written by this build (PRAGMA user_version).
inline constexpr int kStoreSchemaVersion = 3;

// What ingest() did with a story.
enum class IngestOutcome {
  Added,      // a new story id
  Unchanged,  // the same story id with the same content hash: nothing written
  Replaced,   // a known story id with new content: its old events were replaced
};

std::string_view ingest_outcome_name(IngestOutcome outcome);  // "added", "unchanged", "replaced"

struct StoredStory {
  std::string id;
  std::string title;
  std::string published;  // ISO date or empty
  std::string source;
  std::string hash;       // 16 hex digits of the story's content hash
  int64_t events = 0;     // raw events the story contributed
};

struct StoredActor {
  std::string code;     // "USAGOV"
  std::string name;     // the name most events give it (ties: the smallest); may be empty
  std::string country;  // "USA"; empty for IGOs and NGOs
  std::string sector;   // "GOV" or empty
  std::string type;     // "igo", "ngo", "country" (no sector) or "domestic" (country + sector)
  int64_t events = 0;   // merged events where it is source or target
};

// One report of an event: the raw coded event of one story.
struct EventSource {
  std::string raw_id;  // the raw event id "<doc id>:<sentence>:<n>"
  std::string story_id;
  uint32_t sentence = 0;
  Span span;
  std::string text;  // the sentence
};

// A merged event: one happening with all its reports.
struct StoredEvent {
  std::string id;       // the smallest raw id among its sources (stable whatever the order)
  std::string date;     // TIMEX3 value reported most often (ties: smallest); empty = undated
  std::optional<CivilDate> date_begin;  // earliest begin among the sources
  std::optional<CivilDate> date_end;    // latest end among the sources
  std::string source;   // actor codes
  std::string target;
  std::string code;     // CAMEO code reported most often (ties: smallest)
  std::string root;
  std::string label;
  double goldstein = 0;
  int quad_class = 0;
  bool negated = false;
  int64_t count = 0;                 // number of sources
  std::vector<EventSource> sources;  // sorted by raw id; filled only when asked
};

struct StoreStats {
  int64_t stories = 0;
  int64_t events = 0;      // merged events, negated included
  int64_t negated = 0;     // merged events that are negated
  int64_t raw_events = 0;  // sources
  int64_t actors = 0;
  std::string first_date;  // ISO date of the earliest date_begin, empty when none
  std::string last_date;   // ISO date of the latest date_end
};

// Options for reading events back.
struct EventReadOptions {
  bool include_negated = false;  // negated events are skipped unless asked
  bool with_sources = false;     // fill StoredEvent::sources
};

// A compact event row for loading the graph fast (no strings but the id and code).
struct EventRow {
  std::string_view id;
  std::string_view code;
  std::string_view date;
  std::string_view label;  // the code's name
  uint32_t source = 0;  // index into the actors() vector (sorted by code)
  uint32_t target = 0;
  int32_t day_begin = 0;  // CivilDate serial; INT32_MIN when undated
  int32_t day_end = 0;
  double goldstein = 0;
  int quad_class = 0;
  bool negated = false;
  int64_t count = 0;
};

class Store {
 public:
  // Opens or creates the store and migrates an older schema. `path` is a SQLite file (WAL
  // mode) or a PostgreSQL database: a postgresql:// or postgres:// URL or a libpq keyword
  // string ("host=/run/pg dbname=events"). Fails with InvalidData when the database is not an
  // entente store or has a newer schema version than this build, NotFound when read_only and
  // the file is missing, Io otherwise (a server that cannot be reached included).
  [[nodiscard]] static Result<Store> open(const std::string& path, StoreOptions options = {});
  ~Store();
  Store(Store&&) noexcept;
  Store& operator=(Store&&) noexcept;

  // Ingests one story and its coded events in one transaction (on PostgreSQL run again after
  // a lost connection or a serialisation failure). `events` may be in any order;
  // their doc_* fields are ignored in favour of `doc`. Events of unknown date merge only
  // with undated events. Fails with InvalidInput on an event without actor codes or code,
  // Io on a write failure (nothing of the story is then kept).
  [[nodiscard]] Result<IngestOutcome> ingest(const Document& doc, const std::vector<Event>& events);

  // Ingests a story given by its record (id, title, published, source and content hash; its
  // `events` field is ignored), as `ingest --events` does with events printed elsewhere.
  // `where` names the input for messages. Same guarantees and failures as ingest().
  [[nodiscard]] Result<IngestOutcome> ingest_record(const StoredStory& story,
                                                    const std::vector<Event>& events,
                                                    std::string_view where = {});

  // A story for ingest_batch(): its record, its events, and its input for messages.
  struct BatchStory {
    StoredStory story;
    std::vector<Event> events;
    std::string where;
  };
  // Ingests whole stories in one transaction (fewer commits and round trips than one
  // transaction each), in order; one outcome per story. A story the store refuses is left
  // out alone (the others are then written one by one); a write failure is every story's.
  [[nodiscard]] std::vector<Result<IngestOutcome>> ingest_batch(
      const std::vector<BatchStory>& batch);

  // Every story, sorted by id.
  [[nodiscard]] Result<std::vector<StoredStory>> stories() const;
  // Every actor, sorted by code.
  [[nodiscard]] Result<std::vector<StoredActor>> actors() const;
  // Every name an actor code was given, with its count, sorted by (code, name).
  struct ActorName {
    std::string code;
    std::string name;
    int64_t count = 0;
  };
  [[nodiscard]] Result<std::vector<ActorName>> actor_names() const;
  // Merged events sorted by (date_begin, id); undated ones last.
  [[nodiscard]] Result<std::vector<StoredEvent>> events(EventReadOptions options = {}) const;
  // The sources of one merged event, sorted by raw id. NotFound for an unknown id.
  [[nodiscard]] Result<std::vector<EventSource>> sources_of(std::string_view event_id) const;
  // Calls `fn` for each merged event in (date_begin, id) order with actor indexes into
  // actors(); views in the row are valid only during the call.
  [[nodiscard]] Result<void> scan_events(const std::function<void(const EventRow&)>& fn,
                                         bool include_negated = false) const;
  [[nodiscard]] Result<StoreStats> stats() const;

  // Derived data kept beside the events (the graph module's snapshot for fast loading).
  // read_cache returns the bytes stored under `key` only if no ingest changed the store since
  // they were written, else nullopt. write_cache fails with InvalidInput on a read-only store.
  [[nodiscard]] Result<std::optional<std::string>> read_cache(std::string_view key) const;
  [[nodiscard]] Result<void> write_cache(std::string_view key, std::string_view bytes);

  // The store as given to open(), without a PostgreSQL password.
  const std::string& path() const;

 private:
  struct Impl;
  explicit Store(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// A 64-bit FNV-1a hash of the story's text and title as 16 lower-case hex digits.
std::string story_content_hash(const Document& doc);

}  // namespace entente
