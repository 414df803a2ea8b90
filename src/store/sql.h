// Private to the store: the SQL connection that the store's logic runs on. Two backends
// implement it, SQLite (sqlite_conn.cc) and PostgreSQL (pg_conn.cc). Statements are written
// once with `?` / `?N` placeholders in the SQL both dialects share; the PostgreSQL side turns
// them into `$N`. Thread safety: a connection and its queries belong to one thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "entente/core.h"

namespace entente::store {

enum class Dialect {
  Sqlite,    // the embedded file
  Postgres,  // a PostgreSQL server through libpq
};

enum class Step {
  Row,     // a row is ready
  Done,    // no more rows (or a write finished)
  Unique,  // the write broke a UNIQUE or PRIMARY KEY constraint
  Error,   // anything else; Conn::error() tells what
};

// A prepared statement. Bind parameters (1-based), step() through the rows, reset() to reuse.
// Views returned by text() are valid until the next step() or reset().
class Query {
 public:
  virtual ~Query() = default;

  Query& bind(int i, std::string_view v) { return set_text(i, v); }
  Query& bind(int i, int64_t v) { return set_int(i, v); }
  Query& bind(int i, int v) { return set_int(i, v); }
  Query& bind(int i, double v) { return set_double(i, v); }
  Query& bind_null(int i) { return set_null(i); }
  Query& bind_blob(int i, std::string_view bytes) { return set_blob(i, bytes); }

  [[nodiscard]] virtual Step step() = 0;
  virtual void reset() = 0;

  virtual std::string_view text(int col) const = 0;
  std::string str(int col) const { return std::string(text(col)); }
  virtual int64_t i64(int col) const = 0;
  int i32(int col) const { return static_cast<int>(i64(col)); }
  virtual double dbl(int col) const = 0;
  virtual bool is_null(int col) const = 0;
  virtual std::string blob(int col) const = 0;
  // Rows the last write changed.
  virtual int64_t changes() const = 0;

 protected:
  virtual Query& set_text(int i, std::string_view v) = 0;
  virtual Query& set_int(int i, int64_t v) = 0;
  virtual Query& set_double(int i, double v) = 0;
  virtual Query& set_null(int i) = 0;
  virtual Query& set_blob(int i, std::string_view bytes) = 0;
};

// One connection to a store database.
class Conn {
 public:
  virtual ~Conn() = default;
  virtual Dialect dialect() const = 0;
  // Runs statements without parameters (several may be separated by ';').
  [[nodiscard]] virtual Result<void> exec(std::string_view sql) = 0;
  // A statement prepared once per connection and reset for reuse; null when it cannot be
  // prepared (error() says why). The pointer stays valid until reconnect().
  virtual Query* cached(const char* sql) = 0;
  // A statement for one use; null when it cannot be prepared.
  virtual std::unique_ptr<Query> prepare(std::string_view sql) = 0;
  // The last failure as an Error naming `what` and the store.
  virtual Error error(std::string_view what) const = 0;
  // Starts the one write transaction that may run at a time (readers go on meanwhile).
  [[nodiscard]] virtual Result<void> begin_write() = 0;
  [[nodiscard]] virtual Result<void> commit() = 0;
  virtual void rollback() = 0;
  // True when the last failure may pass if the transaction runs again (a serialisation
  // failure, a deadlock, a dropped connection); reconnect() first when it returns true.
  virtual bool retryable() const = 0;
  // The schema version stored in the database (0 for a new one). SQLite: InvalidData when the
  // file is not a SQLite database.
  [[nodiscard]] virtual Result<int> schema_version() = 0;
  // REQUIRES: inside begin_write().
  [[nodiscard]] virtual Result<void> set_schema_version(int version) = 0;
  // The tables of the store's schema (for SQLite the file; for PostgreSQL the current schema).
  [[nodiscard]] virtual Result<std::vector<std::string>> table_names() = 0;
  // Settings applied once the database is known to be a store of ours.
  [[nodiscard]] virtual Result<void> settle() = 0;
  // Housekeeping after a large write outside a transaction; failures are harmless.
  virtual void after_write() = 0;
  // Opens the connection again if it was lost; drops cached statements.
  [[nodiscard]] virtual Result<void> reconnect() = 0;
};

// Opens a SQLite file. `read_only`: no writes; a missing file is NotFound.
[[nodiscard]] Result<std::unique_ptr<Conn>> open_sqlite(const std::string& path, bool read_only);

// True when `target` names a PostgreSQL database: a postgresql:// or postgres:// URL or a
// libpq keyword string ("host=/tmp dbname=events").
bool is_postgres_target(std::string_view target);

// Connects to PostgreSQL. Fails with Io when the server cannot be reached, and with
// InvalidInput when this build has no PostgreSQL support.
[[nodiscard]] Result<std::unique_ptr<Conn>> open_postgres(const std::string& target,
                                                          bool read_only);

// `target` without its password, for messages.
std::string redact_target(std::string_view target);

}  // namespace entente::store
