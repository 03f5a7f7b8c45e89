#include "sql/database.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace rfinv::sql {
namespace {

[[noreturn]] void fail(sqlite3* db, int code, std::string_view context) {
  throw DbError(code,
                fmt::format("{}: {}", context, db ? sqlite3_errmsg(db) : sqlite3_errstr(code)));
}

bool damaged(int sqlite_code) {
  int primary = sqlite_code & 0xff;
  return primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB;
}

// `path` as an SQLite URI filename (https://sqlite.org/uri.html) with `query` appended.
std::string uri(const std::string& path, std::string_view query) {
  std::string out = "file:";
  for (char c : path) {
    if (c == '%' || c == '?' || c == '#')
      out += fmt::format("%{:02X}", static_cast<unsigned char>(c));
    else
      out += c;
  }
  return fmt::format("{}?{}", out, query);
}

Result<sqlite3*> open_connection(const std::string& path, const std::string& name, int flags) {
  // SQLite's memory statistics take a global mutex on every allocation (a movement makes about
  // a hundred); nothing here reads them. Process-wide, so set once, before SQLite starts (later
  // it is refused, harmlessly).
  static const bool no_memory_statistics = [] {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK;
  }();
  (void)no_memory_statistics;
  sqlite3* db = nullptr;
  int rc =
      sqlite3_open_v2(name.c_str(), &db, flags | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close(db);
    return make_error(Errc::io, "cannot open database {}: {}", path, msg);
  }
  sqlite3_extended_result_codes(db, 1);
  return db;
}

// A read-only connection to a WAL database needs the -shm index, which SQLite creates beside
// the file; in a directory the user cannot write it cannot, and the first read fails. Without
// a -wal file every committed transaction is in the database file itself and no writer is
// active (a writer would have created the -wal), so the file is then read as immutable.
Result<sqlite3*> open_read_only(const std::string& path) {
  auto db = open_connection(path, uri(path, "mode=ro"), SQLITE_OPEN_READONLY);
  if (!db) return db;
  int rc = sqlite3_exec(*db, "SELECT count(*) FROM sqlite_schema", nullptr, nullptr, nullptr);
  if ((rc & 0xff) != SQLITE_READONLY && (rc & 0xff) != SQLITE_CANTOPEN) return db;
  struct stat wal {};
  if (::stat((path + "-wal").c_str(), &wal) == 0) return db;  // its reads fail and say why
  sqlite3_close(*db);
  return open_connection(path, uri(path, "immutable=1"), SQLITE_OPEN_READONLY);
}

}  // namespace

DbError::DbError(int sqlite_code, const std::string& what)
    : std::runtime_error(
          damaged(sqlite_code) ? what + " (the database file is damaged: see rfinv check)" : what),
      error_{damaged(sqlite_code) ? Errc::corrupt : Errc::io, std::runtime_error::what()},
      sqlite_code_(sqlite_code) {}

Statement::Statement(Statement&& other) noexcept
    : db_(other.db_), free_(other.free_), stmt_(std::exchange(other.stmt_, nullptr)) {}

Statement::~Statement() {
  if (!stmt_) return;
  rewind();
  free_->push_back(stmt_);
}

void Statement::rewind() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

Statement& Statement::bind(int index, std::int64_t value) {
  if (int rc = sqlite3_bind_int64(stmt_, index, value); rc != SQLITE_OK) fail(db_->db_, rc, "bind");
  return *this;
}

Statement& Statement::bind(int index, double value) {
  if (int rc = sqlite3_bind_double(stmt_, index, value); rc != SQLITE_OK)
    fail(db_->db_, rc, "bind");
  return *this;
}

Statement& Statement::bind(int index, std::string_view text) {
  int rc = sqlite3_bind_text(stmt_, index, text.data(), int(text.size()), SQLITE_TRANSIENT);
  if (rc != SQLITE_OK) fail(db_->db_, rc, "bind");
  return *this;
}

Statement& Statement::bind_blob(int index, const void* data, std::size_t size) {
  int rc = sqlite3_bind_blob(stmt_, index, data, int(size), SQLITE_TRANSIENT);
  if (rc != SQLITE_OK) fail(db_->db_, rc, "bind");
  return *this;
}

Statement& Statement::bind_null(int index) {
  if (int rc = sqlite3_bind_null(stmt_, index); rc != SQLITE_OK) fail(db_->db_, rc, "bind");
  return *this;
}

bool Statement::step() {
  // A write in autocommit mode starts as a read and upgrades to the write lock; the upgrade
  // fails at once with "database is locked" (the busy timeout does not apply) whenever this
  // connection has a read snapshot open, so that case is refused here, every time.
  if (!sqlite3_stmt_busy(stmt_) && !sqlite3_stmt_readonly(stmt_) &&
      sqlite3_get_autocommit(db_->db_))
    db_->require_no_open_read(sqlite3_sql(stmt_));
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  rewind();
  if (rc == SQLITE_DONE) return false;
  fail(db_->db_, rc, "step");
}

void Statement::run() {
  while (step()) {
  }
}

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

Result<std::unique_ptr<Database>> Database::open(const std::string& path, Access access) {
  struct stat st {};
  bool exists = ::stat(path.c_str(), &st) == 0;
  if (exists && S_ISDIR(st.st_mode))
    return make_error(Errc::invalid_argument, "database path {} is a directory", path);
  // Two processes creating the same database at the same instant could see each other's
  // empty file here; a new database is created once, so that race is accepted.
  if (exists && st.st_size == 0)
    return make_error(Errc::unsupported,
                      "{} is an empty file, not a database; it was not modified (remove it, or "
                      "name a new file, to start a new database)",
                      path);
  if (!exists && access == Access::read_only)
    return make_error(Errc::not_found, "there is no database {} (a command that writes creates it)",
                      path);
  if (!exists) {
    // Created here rather than by SQLite, which would make it 0644 (less the umask).
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0 && errno != EEXIST)
      return make_error(Errc::io, "cannot create database {}: {}", path, std::strerror(errno));
    if (fd >= 0) ::close(fd);
  }
  auto db = access == Access::read_only
                ? open_read_only(path)
                : open_connection(path, uri(path, "mode=rw"), SQLITE_OPEN_READWRITE);
  if (!db) return db.error();
  // Another process (the service, a CLI call) may hold the write lock briefly.
  sqlite3_busy_timeout(*db, 10000);
  // Sets a flag on the connection only; it touches no file, so it cannot fail usefully.
  sqlite3_exec(*db, "PRAGMA cell_size_check=ON", nullptr, nullptr, nullptr);
  return std::unique_ptr<Database>(new Database(*db, path));
}

Database::~Database() {
  // Statements must be finalized before the connection closes.
  for (auto& [sql, statements] : free_)
    for (sqlite3_stmt* stmt : statements) sqlite3_finalize(stmt);
  sqlite3_close(db_);
}

std::size_t Database::TextHash::operator()(std::string_view s) const {
  constexpr std::size_t kSamples = 16;
  char sample[kSamples + sizeof(std::size_t)] = {};
  std::size_t n = std::min(s.size(), kSamples);
  // Evenly spaced bytes, the last one included: statements share their first words.
  for (std::size_t i = 0; i < n; ++i) sample[i] = s[n == 1 ? 0 : i * (s.size() - 1) / (n - 1)];
  std::size_t size = s.size();
  std::memcpy(sample + kSamples, &size, sizeof size);
  return std::hash<std::string_view>{}(std::string_view(sample, sizeof sample));
}

Statement Database::prepare(std::string_view sql) {
  auto it = free_.find(sql);
  if (it == free_.end()) it = free_.emplace(std::string(sql), std::vector<sqlite3_stmt*>{}).first;
  auto& statements = it->second;
  sqlite3_stmt* stmt = nullptr;
  if (!statements.empty()) {
    stmt = statements.back();
    statements.pop_back();
  } else {
    int rc = sqlite3_prepare_v3(db_, sql.data(), int(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt,
                                nullptr);
    if (rc != SQLITE_OK) fail(db_, rc, fmt::format("preparing \"{}\"", sql));
  }
  return Statement(this, &statements, stmt);
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

void Database::require_no_open_read(std::string_view writer) const {
  for (sqlite3_stmt* s = sqlite3_next_stmt(db_, nullptr); s; s = sqlite3_next_stmt(db_, s))
    if (sqlite3_stmt_busy(s) && sqlite3_stmt_readonly(s))
      throw DbError(SQLITE_MISUSE,
                    fmt::format("\"{}\" would upgrade the open read of \"{}\" to a write; finish "
                                "the read first or do both in one IMMEDIATE transaction",
                                writer, sqlite3_sql(s)));
}

std::int64_t Database::last_insert_id() const { return sqlite3_last_insert_rowid(db_); }
int Database::changes() const { return sqlite3_changes(db_); }

Transaction::Transaction(Database& db) : db_(db) {
  db_.require_no_open_read("BEGIN IMMEDIATE");
  db_.prepare("BEGIN IMMEDIATE").run();
}

Transaction::~Transaction() {
  if (done_) return;
  try {
    db_.prepare("ROLLBACK").run();
  } catch (const DbError&) {
    // The transaction is gone already (SQLite rolled it back on a hard error).
  }
}

void Transaction::commit() {
  db_.prepare("COMMIT").run();
  done_ = true;
}

// Savepoint names are fixed per call site, so the cached statements are reused.
Savepoint::Savepoint(Transaction& tx, std::string name) : db_(tx.db()), name_(std::move(name)) {
  db_.prepare("SAVEPOINT " + name_).run();
}

Savepoint::~Savepoint() {
  if (done_) return;
  try {
    db_.prepare("ROLLBACK TO " + name_).run();
    db_.prepare("RELEASE " + name_).run();
  } catch (const DbError&) {
    // A hard error already ended the transaction, and the savepoint with it.
  }
}

void Savepoint::release() {
  db_.prepare("RELEASE " + name_).run();
  done_ = true;
}

}  // namespace rfinv::sql
