// The rfinv database: one SQLite file per node, created on first use.
//
// Threading: a Store (and its connection) belongs to one thread or strand. Open another
// Store on the same file for another thread; SQLite's WAL mode lets readers run beside
// the one writer, and every business operation is one IMMEDIATE transaction.
#pragma once

#include <memory>
#include <string>

#include "base/result.h"
#include "sql/database.h"
#include "sql/schema.h"

namespace rfinv::inventory {

class Store {
 public:
  // Opens or creates the database at `path` and brings it up to `schema`: a node's database is
  // sync::node_schema() (sync/node/node_schema.h); inventory::schema() holds the inventory
  // areas alone, for tests and benchmarks of them. A file that is not an rfinv database, or
  // one written by a newer version, is refused untouched.
  static Result<std::unique_ptr<Store>> open(const std::string& path, const sql::Schema& schema);

  const std::string& path() const { return db_->path(); }

 private:
  friend sql::Database& database_of(Store& store);
  explicit Store(std::unique_ptr<sql::Database> db) : db_(std::move(db)) {}
  std::unique_ptr<sql::Database> db_;
};

}  // namespace rfinv::inventory
