// A thin RAII layer over the SQLite C API.
//
// Threading: one Database is used by one thread (or one Asio strand) at a time.
// Statements are prepared once per SQL text and reused (reset and rebound on each use),
// as Chromium's GetCachedStatement does. Errors inside this layer are thrown as DbError;
// module public functions catch it and return a Result, so no exception leaves a module.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/result.h"

namespace rfinv::sql {

class DbError : public std::runtime_error {
 public:
  DbError(int code, const std::string& what) : std::runtime_error(what), code_(code) {}
  int code() const { return code_; }

 private:
  int code_;
};

class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

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

  // Returns true while a row is available. Throws DbError on failure.
  bool step();
  // Runs a statement that returns no rows (or ignores them) and resets it.
  void run();
  // Clears bindings and rewinds; done automatically by Database::prepare.
  void reset();
  bool active() const;

  bool is_null(int column) const;
  std::int64_t int64(int column) const;
  double real(int column) const;
  std::string text(int column) const;
  std::optional<std::int64_t> optional_int64(int column) const;
  std::optional<std::string> optional_text(int column) const;
  std::vector<std::uint8_t> blob(int column) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

class Database {
 public:
  // Opens (creating when `create` is true) the file at `path`. Does not touch the schema.
  static Result<std::unique_ptr<Database>> open(const std::string& path, bool create);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // The cached statement for this SQL text, reset and with bindings cleared.
  Statement& prepare(std::string_view sql);
  void exec(std::string_view sql);
  // Resets every cached statement still holding a row. A statement left mid-result keeps a
  // read snapshot open, and a later write on this connection would then fail with "database
  // is locked" once another connection has written; transactions call this at each edge.
  void reset_active();
  std::int64_t last_insert_id() const;
  int changes() const;
  sqlite3* handle() const { return db_; }
  const std::string& path() const { return path_; }

 private:
  Database(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  sqlite3* db_;
  std::string path_;
  std::unordered_map<std::string, std::unique_ptr<Statement>> cache_;
};

// Scope object: BEGIN IMMEDIATE in the constructor (writers take the lock up front, so two
// writers never deadlock upgrading), ROLLBACK in the destructor unless commit() ran.
class Transaction {
 public:
  explicit Transaction(Database& db);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit();

 private:
  Database& db_;
  bool done_ = false;
};

// One schema: an application id that marks the file as ours, and ordered migration steps.
// Step i (0-based) moves the file from user_version i to i + 1, in one transaction.
struct Schema {
  std::string name;                // "rfinv", "rfinv hub": used in error messages
  std::int32_t application_id;     // PRAGMA application_id
  std::vector<std::string> steps;  // SQL for each migration step
};

// Opens `path` for `schema`: creates it on first use, refuses a file that is not ours or
// is from a newer version without modifying it, then migrates, enables WAL and foreign keys.
Result<std::unique_ptr<Database>> open_with_schema(const std::string& path, const Schema& schema);

}  // namespace rfinv::sql
