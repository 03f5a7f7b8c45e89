// A thin RAII layer over the SQLite C API: connections, scoped statements, transactions and
// savepoints.
//
// Threading: one Database, and every Statement, Transaction and Savepoint made from it, is
// used by one thread (or one Asio strand) at a time.
//
// Statements are prepared once per SQL text and reused, as Chromium's GetCachedStatement does:
// prepare() lends a cached statement out as a move-only handle, and the handle rewinds it and
// clears its bindings when it goes out of scope, so no statement stays mid-result (holding a
// read snapshot open) after the code that stepped it is done. Preparing the same SQL while an
// earlier handle is still stepping it gives a second statement, never a rewind of the first.
//
// Errors inside this layer are thrown as DbError; a module's public function wraps its body in
// guarded(), so no exception leaves a module and every failure keeps its Errc.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/result.h"

namespace rfinv::sql {

// A failure inside a database operation. `sqlite_code` is SQLite's (extended) result code, or
// 0 for a business refusal thrown to abandon a transaction (the Error then travels unchanged).
// SQLite's codes for a damaged file are Errc::corrupt; its other failures are Errc::io.
class DbError : public std::runtime_error {
 public:
  DbError(int sqlite_code, const std::string& what);
  explicit DbError(Error error)
      : std::runtime_error(error.message), error_(std::move(error)), sqlite_code_(0) {}
  int sqlite_code() const { return sqlite_code_; }
  const Error& error() const { return error_; }

 private:
  Error error_;
  int sqlite_code_;
};

class Database;

// How a connection uses its file.
enum class Access {
  read_write,  // creates the file when it is missing, readable and writable by its owner only
  read_only,   // never writes, so the file and its directory may be read-only to the user
};

// A prepared statement lent out by Database::prepare(). Move-only; rewinds itself and clears its
// bindings when destroyed, and returns the statement to the connection's cache.
class Statement {
 public:
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) = delete;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  // Binding is 1-based, as in SQLite. Chainable.
  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, int value) { return bind(index, std::int64_t{value}); }
  Statement& bind(int index, double value);
  Statement& bind(int index, std::string_view text);
  Statement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
  Statement& bind(int index, const std::string& text) {
    return bind(index, std::string_view(text));
  }
  Statement& bind_blob(int index, const void* data, std::size_t size);
  Statement& bind_null(int index);
  template <class T>
  Statement& bind(int index, const std::optional<T>& value) {
    return value ? bind(index, *value) : bind_null(index);
  }

  // True while a row is available. When the rows are exhausted the statement is rewound and
  // its bindings cleared, so the same handle may be bound and run again. Throws DbError.
  bool step();
  // Runs a statement that returns no rows (or ignores them); leaves it rewound.
  void run();

  bool is_null(int column) const;
  std::int64_t int64(int column) const;
  double real(int column) const;
  std::string text(int column) const;
  std::optional<std::int64_t> optional_int64(int column) const;
  std::optional<std::string> optional_text(int column) const;
  std::vector<std::uint8_t> blob(int column) const;

 private:
  friend class Database;
  Statement(Database* db, std::vector<sqlite3_stmt*>* free, sqlite3_stmt* stmt)
      : db_(db), free_(free), stmt_(stmt) {}
  void rewind();

  Database* db_;
  // The free list of its SQL text in the connection's cache, which it returns to: map nodes are
  // stable and never erased before ~Database, so the text is hashed once per prepare().
  std::vector<sqlite3_stmt*>* free_;
  sqlite3_stmt* stmt_;
};

class Database {
 public:
  // Opens the file at `path`; does not touch the schema. Refused: a directory
  // (invalid_argument), a missing file when read_only (not_found), and an existing empty file
  // (unsupported), which SQLite would silently take for an empty database. read_write creates
  // a missing file with mode 0600 (its -wal and -shm files take the same mode): a node's
  // database holds its hub token. Every connection checks each b-tree cell as it reads it
  // (PRAGMA cell_size_check), so more damage fails as Errc::corrupt instead of reading short.
  static Result<std::unique_ptr<Database>> open(const std::string& path, Access access);
  // REQUIRES: no Statement of this connection is still alive.
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // A statement for this SQL text: a cached one when one is free, else a newly prepared one.
  Statement prepare(std::string_view sql);
  // Runs one or more statements with no parameters (schema steps, pragmas).
  void exec(std::string_view sql);
  std::int64_t last_insert_id() const;
  int changes() const;
  const std::string& path() const { return path_; }
  // The raw connection, for code that reads it with the C API (test snapshots).
  sqlite3* handle() const { return db_; }

 private:
  friend class Statement;
  friend class Transaction;
  // Throws DbError (SQLITE_MISUSE) when a read statement of this connection is still stepping:
  // taking the write lock then is an upgrade, which fails at once under contention.
  void require_no_open_read(std::string_view writer) const;
  // Hashes the text's length and a few bytes spread over it, not all of it: a lookup compares
  // the whole text anyway, and hashing every byte of each statement cost more than its bind
  // calls. Texts that sample alike only share a bucket.
  struct TextHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const;
  };
  Database(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}

  sqlite3* db_;
  std::string path_;
  // Free statements per SQL text; a statement in use is held by its Statement handle.
  std::unordered_map<std::string, std::vector<sqlite3_stmt*>, TextHash, std::equal_to<>> free_;
};

// Scope object: BEGIN IMMEDIATE in the constructor (writers take the lock up front, so two
// writers never deadlock upgrading), ROLLBACK in the destructor unless commit() ran. A function
// that must run inside a write transaction takes one as its parameter, so its type says so.
class Transaction {
 public:
  explicit Transaction(Database& db);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit();
  Database& db() { return db_; }

 private:
  Database& db_;
  bool done_ = false;
};

// Scope object inside a transaction: SAVEPOINT in the constructor; release() keeps what was
// done since, the destructor otherwise rolls back to the savepoint (the transaction goes on).
class Savepoint {
 public:
  // `name` is an SQL identifier chosen by the code, never user input.
  Savepoint(Transaction& tx, std::string name);
  ~Savepoint();
  Savepoint(const Savepoint&) = delete;
  Savepoint& operator=(const Savepoint&) = delete;
  void release();

 private:
  Database& db_;
  std::string name_;
  bool done_ = false;
};

// Runs `body` (returning a Result) and turns an exception into an Error value at a module's
// boundary: a DbError keeps its Errc and message (SQLite failures are io or corrupt, prefixed
// with `what`); any other exception (a malformed JSON value read inside the body) is corrupt.
template <class F>
auto guarded(std::string_view what, F&& body) -> decltype(body()) {
  try {
    return body();
  } catch (const DbError& e) {
    if (e.sqlite_code() == 0) return e.error();
    return make_error(e.error().code, "{}: database error: {}", what, e.what());
  } catch (const std::exception& e) {
    return make_error(Errc::corrupt, "{}: {}", what, e.what());
  }
}

}  // namespace rfinv::sql
