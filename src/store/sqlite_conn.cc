// The SQLite backend of the store connection: one database file in WAL mode.
#include <unistd.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "store/sql.h"
#include "store/sqlite_util.h"

namespace entente::store {
namespace {

class SqliteQuery final : public Query {
 public:
  SqliteQuery(sqlite3* db, std::string_view sql) : db_(db), stmt_(db, sql) {}
  bool ok() const { return stmt_.ok(); }

  Step step() override {
    const int rc = stmt_.step();
    if (rc == SQLITE_ROW) return Step::Row;
    if (rc == SQLITE_DONE) return Step::Done;
    if (rc == SQLITE_CONSTRAINT &&
        std::string_view(sqlite3_errmsg(db_)).find("UNIQUE") != std::string_view::npos)
      return Step::Unique;
    return Step::Error;
  }
  void reset() override { stmt_.reset(); }
  std::string_view text(int col) const override { return stmt_.text(col); }
  int64_t i64(int col) const override { return stmt_.i64(col); }
  double dbl(int col) const override { return stmt_.dbl(col); }
  bool is_null(int col) const override { return stmt_.is_null(col); }
  std::string blob(int col) const override {
    const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt_.get(), col));
    const auto n = static_cast<size_t>(sqlite3_column_bytes(stmt_.get(), col));
    return std::string(p != nullptr ? p : "", n);
  }
  int64_t changes() const override { return sqlite3_changes(db_); }

 protected:
  Query& set_text(int i, std::string_view v) override {
    stmt_.bind(i, v);
    return *this;
  }
  Query& set_int(int i, int64_t v) override {
    stmt_.bind(i, v);
    return *this;
  }
  Query& set_double(int i, double v) override {
    stmt_.bind(i, v);
    return *this;
  }
  Query& set_null(int i) override {
    stmt_.bind_null(i);
    return *this;
  }
  Query& set_blob(int i, std::string_view bytes) override {
    sqlite3_bind_blob64(stmt_.get(), i, bytes.data(), bytes.size(), SQLITE_TRANSIENT);
    return *this;
  }

 private:
  sqlite3* db_;
  Stmt stmt_;
};

class SqliteConn final : public Conn {
 public:
  explicit SqliteConn(std::string path) : path_(std::move(path)) {}
  ~SqliteConn() override {
    cache_.clear();
    if (db_ != nullptr) sqlite3_close_v2(db_);
  }

  Result<void> open(bool read_only) {
    // A reader of a store whose writer was killed must be able to replay the write-ahead log,
    // which needs write access to the file: readers open read-write when they may and promise
    // not to write (PRAGMA query_only), and fall back to a plain read-only open.
    const bool can_write = ::access(path_.c_str(), W_OK) == 0;
    const int flags = read_only ? (can_write ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY)
                                : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    const int rc = sqlite3_open_v2(path_.c_str(), &db_, flags | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
      if (read_only && rc == SQLITE_CANTOPEN)
        return make_error(Errc::NotFound,
                          "no store here; build one with `entente ingest FILE...` or give --store",
                          path_);
      return error("cannot open the store");
    }
    sqlite3_extended_result_codes(db_, 0);
    sqlite3_busy_timeout(db_, 5000);
    query_only_ = read_only && can_write;
    writer_ = !read_only;
    return {};
  }
  Result<int> schema_version() override {
    Stmt s(db_, "PRAGMA user_version");
    if (!s.ok() || s.step() != SQLITE_ROW) {
      const int code = sqlite3_errcode(db_);
      if (code == SQLITE_NOTADB || code == SQLITE_CORRUPT)
        return make_error(Errc::InvalidData,
                          "is not an entente store (not a SQLite database); give another --store "
                          "path or remove the file",
                          path_);
      return error("cannot read the store");
    }
    return s.i32(0);
  }
  Result<void> set_schema_version(int version) override {
    return exec("PRAGMA user_version = " + std::to_string(version));
  }
  Result<std::vector<std::string>> table_names() override {
    Stmt s(db_, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
    if (!s.ok()) return error("cannot read the store");
    std::vector<std::string> out;
    while (s.step() == SQLITE_ROW) out.push_back(s.str(0));
    return out;
  }
  void after_write() override {
    // Readers open faster on a store whose log is folded back into the database file; readers
    // that are busy now keep theirs, so failure here is harmless.
    (void)exec("PRAGMA wal_checkpoint(TRUNCATE)");
  }

  Result<void> settle() override {
    if (query_only_)
      if (auto r = exec("PRAGMA query_only = 1"); !r) return r;
    if (writer_) {
      if (auto r = exec("PRAGMA journal_mode = WAL"); !r) return r;
      if (auto r = exec("PRAGMA synchronous = NORMAL"); !r) return r;
    }
    // A large page cache keeps the event indexes in memory while big stores are built.
    (void)exec("PRAGMA cache_size = -262144");
    return {};
  }

  Dialect dialect() const override { return Dialect::Sqlite; }

  Result<void> exec(std::string_view sql) override {
    char* msg = nullptr;
    const std::string s(sql);
    if (sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &msg) != SQLITE_OK) {
      std::string m = msg != nullptr ? msg : "unknown error";
      sqlite3_free(msg);
      Error e = error("store");
      e.message = "store: " + m;
      return e;
    }
    return {};
  }

  Query* cached(const char* sql) override {
    auto it = cache_.find(sql);
    if (it == cache_.end()) {
      auto fresh = std::make_unique<SqliteQuery>(db_, sql);
      if (!fresh->ok()) return nullptr;
      it = cache_.emplace(sql, std::move(fresh)).first;
    }
    it->second->reset();
    return it->second.get();
  }

  std::unique_ptr<Query> prepare(std::string_view sql) override {
    auto q = std::make_unique<SqliteQuery>(db_, sql);
    if (!q->ok()) return nullptr;
    return q;
  }

  Error error(std::string_view what) const override {
    const int code = sqlite3_errcode(db_);
    const Errc errc =
        (code == SQLITE_NOTADB || code == SQLITE_CORRUPT) ? Errc::InvalidData : Errc::Io;
    return make_error(errc, std::string(what) + ": " + sqlite3_errmsg(db_), path_);
  }

  Result<void> begin_write() override { return exec("BEGIN IMMEDIATE"); }
  Result<void> commit() override { return exec("COMMIT"); }
  void rollback() override { (void)exec("ROLLBACK"); }
  bool retryable() const override { return false; }
  Result<void> reconnect() override { return {}; }

  sqlite3* db() const { return db_; }

 private:
  std::string path_;
  sqlite3* db_ = nullptr;
  bool query_only_ = false;
  bool writer_ = false;
  std::map<std::string, std::unique_ptr<SqliteQuery>> cache_;
};

}  // namespace

Result<std::unique_ptr<Conn>> open_sqlite(const std::string& path, bool read_only) {
  auto conn = std::make_unique<SqliteConn>(path);
  if (auto r = conn->open(read_only); !r) return r.error();
  return std::unique_ptr<Conn>(std::move(conn));
}

}  // namespace entente::store
