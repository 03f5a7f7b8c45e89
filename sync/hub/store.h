// The hub's store: the one interface its rules (hub_store.cpp) run on, with an SQLite
// implementation (DIR/hub.db, sqlite_store.h) and a PostgreSQL one (postgresql_store.h).
// The rules are written once against it, so both stores give the same answers; what differs
// is the connection, how a write transaction is made exclusive, and the migrations.
//
// SQL is written in the dialect both accept, with SQLite's placeholders (`?` and `?N`); the
// PostgreSQL store renumbers them `$N`. Integers are 64-bit, text is UTF-8.
//
// Errors: every call throws sql::DbError (Errc io, corrupt or unsupported, with a message that
// never holds a password); the Hub's public functions turn it into a Result (sql::guarded).
//
// Threading: one Store, and every Query and Transaction made from it, is used by one thread at
// a time (the Hub's mutex).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "base/result.h"

namespace rfinv::sync::store {

using Param = std::variant<std::monostate, std::int64_t, std::string>;

// The rows of one executed statement, read forward once.
class Rows {
 public:
  virtual ~Rows() = default;
  // True while a row is available.
  virtual bool next() = 0;
  virtual bool is_null(int column) const = 0;
  virtual std::int64_t int64(int column) const = 0;
  virtual std::string text(int column) const = 0;
  // Rows an INSERT, UPDATE or DELETE changed; valid once next() returned false.
  virtual std::int64_t changes() const = 0;
};

class Store;

// One statement: bind (1-based, chainable), then step() through its rows or run() it.
class Query {
 public:
  Query(Store& store, std::string sql) : store_(store), sql_(std::move(sql)) {}

  Query& bind(int index, std::int64_t value) { return set(index, value); }
  Query& bind(int index, int value) { return set(index, std::int64_t{value}); }
  Query& bind(int index, std::string_view value) { return set(index, std::string(value)); }
  Query& bind(int index, const std::string& value) { return set(index, value); }
  Query& bind(int index, const char* value) { return set(index, std::string(value)); }
  Query& bind_null(int index) { return set(index, std::monostate{}); }
  template <class T>
  Query& bind(int index, const std::optional<T>& value) {
    return value ? bind(index, *value) : bind_null(index);
  }

  // Runs the statement on the first call; true while a row is available.
  bool step();
  // Runs a statement whose rows (if any) are not wanted; returns the rows it changed.
  std::int64_t run();

  bool is_null(int column) const { return rows_->is_null(column); }
  std::int64_t int64(int column) const { return rows_->int64(column); }
  std::string text(int column) const { return rows_->text(column); }
  std::optional<std::int64_t> optional_int64(int column) const;
  std::optional<std::string> optional_text(int column) const;

 private:
  Query& set(int index, Param value);

  Store& store_;
  std::string sql_;
  std::vector<Param> params_;
  std::unique_ptr<Rows> rows_;
};

enum class Access {
  // Exclusive among every writer of the store, in every process, from its first statement to
  // its commit: the rules read and then write, as on one SQLite file.
  write,
  // One consistent snapshot for every statement, no locks held.
  read,
};

class Store {
 public:
  virtual ~Store() = default;
  // "sqlite" or "postgresql", as /v1/health names it.
  virtual std::string_view kind() const = 0;
  // The schema version the database holds now (asks it: a health check).
  virtual std::int64_t schema_version() = 0;
  // Runs one statement with its parameters.
  virtual std::unique_ptr<Rows> execute(const std::string& sql,
                                        const std::vector<Param>& params) = 0;
  virtual void begin(Access access) = 0;
  virtual void commit() = 0;
  // Never throws: called from destructors, also after the connection was lost.
  virtual void rollback() noexcept = 0;

  Query prepare(std::string sql) { return Query(*this, std::move(sql)); }
  void exec(const std::string& sql) { prepare(sql).run(); }
};

// Scope object: begin() in the constructor, rollback in the destructor unless commit() ran.
class Transaction {
 public:
  Transaction(Store& store, Access access) : store_(store) { store_.begin(access); }
  ~Transaction() {
    if (!done_) store_.rollback();
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit() {
    store_.commit();
    done_ = true;
  }
  Store& store() { return store_; }

 private:
  Store& store_;
  bool done_ = false;
};

// Scope object inside a transaction: release() keeps what was done since, the destructor
// otherwise rolls back to the savepoint (the transaction goes on).
class Savepoint {
 public:
  // `name` is an SQL identifier chosen by the code, never user input.
  Savepoint(Transaction& tx, std::string name);
  ~Savepoint();
  Savepoint(const Savepoint&) = delete;
  Savepoint& operator=(const Savepoint&) = delete;
  void release();

 private:
  Store& store_;
  std::string name_;
  bool done_ = false;
};

}  // namespace rfinv::sync::store
