#include "sql/database.h"

#include <fmt/format.h>
#include <sys/stat.h>

namespace rfinv::sql {
namespace {

[[noreturn]] void fail(sqlite3* db, int code, std::string_view context) {
  throw DbError(code,
                fmt::format("{}: {}", context, db ? sqlite3_errmsg(db) : sqlite3_errstr(code)));
}

}  // namespace

Statement::Statement(sqlite3* db, std::string_view sql) : db_(db) {
  int rc = sqlite3_prepare_v3(db, sql.data(), int(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt_,
                              nullptr);
  if (rc != SQLITE_OK) fail(db, rc, fmt::format("preparing \"{}\"", sql));
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement& Statement::bind(int index, std::int64_t value) {
  if (int rc = sqlite3_bind_int64(stmt_, index, value); rc != SQLITE_OK) fail(db_, rc, "bind");
  return *this;
}

Statement& Statement::bind(int index, double value) {
  if (int rc = sqlite3_bind_double(stmt_, index, value); rc != SQLITE_OK) fail(db_, rc, "bind");
  return *this;
}

Statement& Statement::bind(int index, std::string_view text) {
  int rc = sqlite3_bind_text(stmt_, index, text.data(), int(text.size()), SQLITE_TRANSIENT);
  if (rc != SQLITE_OK) fail(db_, rc, "bind");
  return *this;
}

Statement& Statement::bind_blob(int index, const void* data, std::size_t size) {
  int rc = sqlite3_bind_blob(stmt_, index, data, int(size), SQLITE_TRANSIENT);
  if (rc != SQLITE_OK) fail(db_, rc, "bind");
  return *this;
}

Statement& Statement::bind_null(int index) {
  if (int rc = sqlite3_bind_null(stmt_, index); rc != SQLITE_OK) fail(db_, rc, "bind");
  return *this;
}

bool Statement::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  fail(db_, rc, "step");
}

void Statement::run() {
  while (step()) {
  }
  reset();
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

bool Statement::active() const { return sqlite3_stmt_busy(stmt_) != 0; }

bool Statement::is_null(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}
std::int64_t Statement::int64(int column) const { return sqlite3_column_int64(stmt_, column); }
double Statement::real(int column) const { return sqlite3_column_double(stmt_, column); }
std::string Statement::text(int column) const {
  auto p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  return p ? std::string(p, std::size_t(sqlite3_column_bytes(stmt_, column))) : std::string();
}
std::optional<std::int64_t> Statement::optional_int64(int column) const {
  if (is_null(column)) return std::nullopt;
  return int64(column);
}
std::optional<std::string> Statement::optional_text(int column) const {
  if (is_null(column)) return std::nullopt;
  return text(column);
}
std::vector<std::uint8_t> Statement::blob(int column) const {
  auto p = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt_, column));
  return p ? std::vector<std::uint8_t>(p, p + sqlite3_column_bytes(stmt_, column))
           : std::vector<std::uint8_t>();
}

Result<std::unique_ptr<Database>> Database::open(const std::string& path, bool create) {
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode))
    return make_error(Errc::invalid_argument, "database path {} is a directory", path);
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close(db);
    return make_error(Errc::io, "cannot open database {}: {}", path, msg);
  }
  sqlite3_extended_result_codes(db, 1);
  // Another process (the service, a CLI call) may hold the write lock briefly.
  sqlite3_busy_timeout(db, 10000);
  return std::unique_ptr<Database>(new Database(db, path));
}

Database::~Database() {
  cache_.clear();  // statements must be finalized before the connection closes
  sqlite3_close(db_);
}

Statement& Database::prepare(std::string_view sql) {
  auto it = cache_.find(std::string(sql));
  if (it == cache_.end())
    it = cache_.emplace(std::string(sql), std::make_unique<Statement>(db_, sql)).first;
  it->second->reset();
  return *it->second;
}

void Database::exec(std::string_view sql) {
  std::string text(sql);
  char* err = nullptr;
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    throw DbError(rc, msg);
  }
}

void Database::reset_active() {
  for (auto& [sql, statement] : cache_)
    if (statement->active()) statement->reset();
}

std::int64_t Database::last_insert_id() const { return sqlite3_last_insert_rowid(db_); }
int Database::changes() const { return sqlite3_changes(db_); }

Transaction::Transaction(Database& db) : db_(db) {
  db_.reset_active();
  db_.prepare("BEGIN IMMEDIATE").run();
}

Transaction::~Transaction() {
  if (!done_) {
    try {
      db_.reset_active();
      db_.prepare("ROLLBACK").run();
    } catch (const DbError&) {
      // The transaction is gone already (SQLite rolled it back on a hard error).
    }
  }
}

void Transaction::commit() {
  db_.reset_active();
  db_.prepare("COMMIT").run();
  done_ = true;
}

namespace {

std::int64_t pragma_value(Database& db, const char* pragma) {
  auto& st = db.prepare(pragma);
  std::int64_t v = st.step() ? st.int64(0) : 0;
  st.reset();
  return v;
}

}  // namespace

Result<std::unique_ptr<Database>> open_with_schema(const std::string& path, const Schema& schema) {
  auto opened = Database::open(path, true);
  if (!opened) return opened.error();
  auto db = std::move(opened.value());
  try {
    // Read before writing anything: a foreign or newer file must stay untouched.
    std::int64_t app_id = 0, version = 0, tables = 0;
    try {
      app_id = pragma_value(*db, "PRAGMA application_id");
      version = pragma_value(*db, "PRAGMA user_version");
      tables = pragma_value(*db, "SELECT count(*) FROM sqlite_schema");
    } catch (const DbError& e) {
      if ((e.code() & 0xff) == SQLITE_NOTADB)
        return make_error(Errc::unsupported, "{} is not an {} database (not an SQLite file)", path,
                          schema.name);
      throw;
    }
    bool fresh = app_id == 0 && version == 0 && tables == 0;
    if (!fresh && app_id != schema.application_id)
      return make_error(Errc::unsupported, "{} is not an {} database (application id {})", path,
                        schema.name, app_id);
    auto known = std::int64_t(schema.steps.size());
    if (version > known)
      return make_error(Errc::unsupported,
                        "{} was written by a newer rfinv (schema version {}, this build knows {}); "
                        "it was not modified",
                        path, version, known);
    db->exec("PRAGMA journal_mode=WAL");
    db->exec("PRAGMA synchronous=FULL");
    db->exec("PRAGMA foreign_keys=ON");
    for (auto step = version; step < known; ++step) {
      Transaction tx(*db);
      if (step == 0) db->exec(fmt::format("PRAGMA application_id={}", schema.application_id));
      db->exec(schema.steps[std::size_t(step)]);
      db->exec(fmt::format("PRAGMA user_version={}", step + 1));
      tx.commit();
    }
  } catch (const DbError& e) {
    return make_error(Errc::io, "cannot open {} database {}: {}", schema.name, path, e.what());
  }
  return db;
}

}  // namespace rfinv::sql
