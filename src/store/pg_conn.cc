// The PostgreSQL backend of the store connection (libpq). Writers serialise on one advisory
// lock, as SQLite's BEGIN IMMEDIATE does, so that merges from many
// processes on many machines give exactly the result of one process; readers never wait
// (MVCC). Parameters travel as text, doubles in shortest round-trip form, so values read back
// are the ones written.
#include <libpq-fe.h>

#include <charconv>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "store/sql.h"

namespace entente::store {
namespace {

// Every entente writer holds this lock ("entente" in ASCII) for its transaction. It is taken
// before BEGIN, not inside: a transaction that began before another writer's schema change
// committed would still see the old catalog.
constexpr const char* kLockSql = "SELECT pg_advisory_lock(28539473486025829)";
constexpr const char* kUnlockSql = "SELECT pg_advisory_unlock_all()";

// Turns `?N` into `$N` and each bare `?` into the next `$k`, outside quoted text.
std::string to_dollar(std::string_view sql, int* nparams) {
  std::string out;
  out.reserve(sql.size() + 16);
  int next = 0, most = 0;
  bool quoted = false;
  for (size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    if (c == '\'') quoted = !quoted;
    if (c != '?' || quoted) {
      out += c;
      continue;
    }
    int n = 0;
    size_t j = i + 1;
    while (j < sql.size() && sql[j] >= '0' && sql[j] <= '9') n = n * 10 + (sql[j++] - '0');
    if (j == i + 1) n = ++next;
    i = j - 1;
    most = std::max(most, n);
    out += '$';
    out += std::to_string(n);
  }
  *nparams = most;
  return out;
}

class PgConn;

class PgQuery final : public Query {
 public:
  // `name` empty: a one-shot statement sent with its text.
  PgQuery(PgConn* conn, std::string name, std::string sql, int nparams)
      : conn_(conn),
        name_(std::move(name)),
        sql_(std::move(sql)),
        values_(static_cast<size_t>(nparams)),
        null_(static_cast<size_t>(nparams), 1),
        formats_(static_cast<size_t>(nparams), 0) {}
  ~PgQuery() override { clear(); }
  PgQuery(const PgQuery&) = delete;
  PgQuery& operator=(const PgQuery&) = delete;

  Step step() override;
  void reset() override {
    clear();
    std::fill(null_.begin(), null_.end(), char{1});
    std::fill(formats_.begin(), formats_.end(), 0);
  }
  std::string_view text(int col) const override {
    if (res_ == nullptr || row_ < 0 || row_ >= rows_) return {};
    return {PQgetvalue(res_, row_, col), static_cast<size_t>(PQgetlength(res_, row_, col))};
  }
  int64_t i64(int col) const override {
    const std::string_view t = text(col);
    int64_t v = 0;
    std::from_chars(t.data(), t.data() + t.size(), v);
    return v;
  }
  double dbl(int col) const override {
    const std::string_view t = text(col);
    double v = 0;
    std::from_chars(t.data(), t.data() + t.size(), v);
    return v;
  }
  bool is_null(int col) const override {
    return res_ == nullptr || row_ < 0 || row_ >= rows_ || PQgetisnull(res_, row_, col) != 0;
  }
  std::string blob(int col) const override {
    if (is_null(col)) return {};
    size_t n = 0;
    unsigned char* p =
        PQunescapeBytea(reinterpret_cast<const unsigned char*>(PQgetvalue(res_, row_, col)), &n);
    if (p == nullptr) return {};
    std::string out(reinterpret_cast<const char*>(p), n);
    PQfreemem(p);
    return out;
  }
  int64_t changes() const override { return changes_; }

 protected:
  Query& set_text(int i, std::string_view v) override { return set(i, std::string(v), 0); }
  Query& set_int(int i, int64_t v) override { return set(i, std::to_string(v), 0); }
  Query& set_double(int i, double v) override {
    char buf[32];
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    return set(i, std::string(buf, r.ptr), 0);
  }
  Query& set_null(int i) override {
    if (i >= 1 && static_cast<size_t>(i) <= values_.size()) null_[static_cast<size_t>(i - 1)] = 1;
    return *this;
  }
  Query& set_blob(int i, std::string_view bytes) override { return set(i, std::string(bytes), 1); }

 private:
  Query& set(int i, std::string v, int format) {
    if (i < 1 || static_cast<size_t>(i) > values_.size()) return *this;
    const auto k = static_cast<size_t>(i - 1);
    values_[k] = std::move(v);
    null_[k] = 0;
    formats_[k] = format;
    return *this;
  }
  void clear() {
    if (res_ != nullptr) PQclear(res_);
    res_ = nullptr;
    row_ = -1;
    rows_ = 0;
    changes_ = 0;
  }

  PgConn* conn_;
  std::string name_, sql_;
  std::vector<std::string> values_;
  std::vector<char> null_;
  std::vector<int> formats_;
  PGresult* res_ = nullptr;
  int row_ = -1, rows_ = 0;
  int64_t changes_ = 0;
};

void ignore_notice(void*, const char*) {}

class PgConn final : public Conn {
 public:
  PgConn(std::string target, bool read_only)
      : target_(std::move(target)), shown_(redact_target(target_)), read_only_(read_only) {}
  ~PgConn() override {
    cache_.clear();
    if (pg_ != nullptr) PQfinish(pg_);
  }

  Result<void> connect() {
    pg_ = PQconnectdb(target_.c_str());
    if (pg_ == nullptr || PQstatus(pg_) != CONNECTION_OK) {
      note_failure(nullptr);
      return make_error(Errc::Io, "cannot connect to PostgreSQL: " + message_, shown_);
    }
    return session();
  }

  Dialect dialect() const override { return Dialect::Postgres; }

  Result<void> exec(std::string_view sql) override {
    PGresult* r = PQexec(pg_, std::string(sql).c_str());
    const bool ok = r != nullptr &&
                    (PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK);
    if (!ok) {
      note_failure(r);
      PQclear(r);
      return error("store");
    }
    PQclear(r);
    return {};
  }

  Query* cached(const char* sql) override {
    auto it = cache_.find(sql);
    if (it == cache_.end()) {
      int n = 0;
      const std::string text = to_dollar(sql, &n);
      const std::string name = "entente_" + std::to_string(cache_.size());
      PGresult* r = PQprepare(pg_, name.c_str(), text.c_str(), 0, nullptr);
      const bool ok = r != nullptr && PQresultStatus(r) == PGRES_COMMAND_OK;
      if (!ok) note_failure(r);
      PQclear(r);
      if (!ok) return nullptr;
      it = cache_.emplace(sql, std::make_unique<PgQuery>(this, name, text, n)).first;
    }
    it->second->reset();
    return it->second.get();
  }

  std::unique_ptr<Query> prepare(std::string_view sql) override {
    int n = 0;
    std::string text = to_dollar(sql, &n);
    return std::make_unique<PgQuery>(this, std::string(), std::move(text), n);
  }

  Error error(std::string_view what) const override {
    return make_error(Errc::Io, std::string(what) + ": " + message_, shown_);
  }

  Result<void> begin_write() override {
    // Two round trips: in one query string the lock would share the transaction.
    if (auto r = exec(kLockSql); !r) return r;
    if (auto r = exec("BEGIN"); !r) {
      rollback();
      return r;
    }
    return {};
  }
  Result<void> commit() override {
    PGresult* r = PQexec(pg_, "COMMIT");
    // COMMIT of a transaction that failed answers ROLLBACK without an error.
    const bool ok = r != nullptr && PQresultStatus(r) == PGRES_COMMAND_OK &&
                    std::strcmp(PQcmdStatus(r), "COMMIT") == 0;
    if (!ok) {
      note_failure(r);
      if (message_.empty()) message_ = "the transaction was rolled back";
    }
    PQclear(r);
    if (!ok) return error("cannot commit");
    PQclear(PQexec(pg_, kUnlockSql));
    return {};
  }
  void rollback() override {
    PQclear(PQexec(pg_, "ROLLBACK"));
    PQclear(PQexec(pg_, kUnlockSql));
  }
  bool retryable() const override { return lost_ || sqlstate_ == "40001" || sqlstate_ == "40P01"; }
  Result<void> reconnect() override {
    if (PQstatus(pg_) == CONNECTION_OK && !lost_) return {};
    cache_.clear();
    PQreset(pg_);
    if (PQstatus(pg_) != CONNECTION_OK) {
      note_failure(nullptr);
      return make_error(Errc::Io, "cannot connect to PostgreSQL again: " + message_, shown_);
    }
    lost_ = false;
    return session();
  }

  Result<int> schema_version() override {
    auto q = prepare("SELECT to_regclass('entente_schema') IS NOT NULL");
    if (q->step() != Step::Row) return error("cannot read the store");
    if (q->text(0) != "t") return 0;
    auto v = prepare("SELECT MAX(version) FROM entente_schema");
    if (v->step() != Step::Row) return error("cannot read the store");
    return v->i32(0);
  }
  Result<void> set_schema_version(int version) override {
    return exec(
        "CREATE TABLE IF NOT EXISTS entente_schema(version INTEGER NOT NULL); "
        "DELETE FROM entente_schema; INSERT INTO entente_schema(version) VALUES (" +
        std::to_string(version) + ")");
  }
  Result<std::vector<std::string>> table_names() override {
    auto q = prepare(
        "SELECT table_name::text FROM information_schema.tables WHERE table_schema = "
        "current_schema() ORDER BY 1");
    std::vector<std::string> out;
    Step s;
    while ((s = q->step()) == Step::Row) out.push_back(q->str(0));
    if (s != Step::Done) return error("cannot read the store");
    return out;
  }
  Result<void> settle() override { return {}; }
  void after_write() override {}

  PGconn* pg() const { return pg_; }
  // Records why `r` (or the connection) failed; the SQLSTATE decides Unique and retries.
  void note_failure(const PGresult* r) {
    const char* state = r != nullptr ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
    sqlstate_ = state != nullptr ? state : "";
    const char* msg = r != nullptr ? PQresultErrorMessage(r) : nullptr;
    if (msg == nullptr || *msg == '\0') msg = PQerrorMessage(pg_);
    message_ = msg != nullptr ? msg : "";
    while (!message_.empty() && (message_.back() == '\n' || message_.back() == ' '))
      message_.pop_back();
    if (message_.empty()) message_ = "unknown PostgreSQL error";
    // A terminated backend says so (57P01) before libpq sees the socket close.
    lost_ = pg_ == nullptr || PQstatus(pg_) != CONNECTION_OK || sqlstate_.rfind("08", 0) == 0 ||
            sqlstate_.rfind("57P", 0) == 0;
  }

 private:
  Result<void> session() {
    PQsetNoticeProcessor(pg_, ignore_notice, nullptr);
    // Shortest exact doubles, UTF-8, and no writes from a reader.
    std::string sql = "SET extra_float_digits = 3; SET client_encoding = 'UTF8'";
    if (read_only_) sql += "; SET default_transaction_read_only = on";
    return exec(sql);
  }

  std::string target_, shown_;
  bool read_only_;
  PGconn* pg_ = nullptr;
  std::string message_, sqlstate_;
  bool lost_ = false;
  std::map<std::string, std::unique_ptr<PgQuery>> cache_;
};

Step PgQuery::step() {
  if (res_ == nullptr) {
    std::vector<const char*> values(values_.size());
    std::vector<int> lengths(values_.size());
    for (size_t i = 0; i < values_.size(); ++i) {
      values[i] = null_[i] != 0 ? nullptr : values_[i].c_str();
      lengths[i] = static_cast<int>(values_[i].size());
    }
    const int n = static_cast<int>(values_.size());
    res_ = name_.empty() ? PQexecParams(conn_->pg(), sql_.c_str(), n, nullptr, values.data(),
                                        lengths.data(), formats_.data(), 0)
                         : PQexecPrepared(conn_->pg(), name_.c_str(), n, values.data(),
                                          lengths.data(), formats_.data(), 0);
    const ExecStatusType st = res_ != nullptr ? PQresultStatus(res_) : PGRES_FATAL_ERROR;
    if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
      conn_->note_failure(res_);
      const char* state = res_ != nullptr ? PQresultErrorField(res_, PG_DIAG_SQLSTATE) : nullptr;
      const bool unique = state != nullptr && std::strcmp(state, "23505") == 0;
      clear();
      return unique ? Step::Unique : Step::Error;
    }
    rows_ = PQntuples(res_);
    const char* changed = PQcmdTuples(res_);
    changes_ = changed != nullptr ? std::atoll(changed) : 0;
    row_ = -1;
  }
  if (row_ < rows_) ++row_;
  return row_ < rows_ ? Step::Row : Step::Done;
}

}  // namespace

bool is_postgres_target(std::string_view target) {
  if (target.rfind("postgresql://", 0) == 0 || target.rfind("postgres://", 0) == 0) return true;
  if (target.find('=') == std::string_view::npos) return false;
  char* err = nullptr;
  PQconninfoOption* opts = PQconninfoParse(std::string(target).c_str(), &err);
  if (err != nullptr) PQfreemem(err);
  if (opts == nullptr) return false;
  PQconninfoFree(opts);
  return true;
}

std::string redact_target(std::string_view target) {
  std::string out(target);
  const size_t scheme = out.find("://");
  if (scheme != std::string::npos) {
    const size_t start = scheme + 3;
    const size_t at = out.find('@', start);
    const size_t slash = out.find('/', start);
    if (at != std::string::npos && (slash == std::string::npos || at < slash)) {
      const size_t colon = out.find(':', start);
      if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
    }
  }
  for (size_t p = out.find("password="); p != std::string::npos; p = out.find("password=", p + 1)) {
    const size_t v = p + 9;
    size_t e = out.find_first_of(" &", v);
    if (e == std::string::npos) e = out.size();
    out.replace(v, e - v, "***");
  }
  return out;
}

Result<std::unique_ptr<Conn>> open_postgres(const std::string& target, bool read_only) {
  auto conn = std::make_unique<PgConn>(target, read_only);
  if (auto r = conn->connect(); !r) return r.error();
  return std::unique_ptr<Conn>(std::move(conn));
}

}  // namespace entente::store
