// The rfinv database: one SQLite file per node, created on first use.
//
// Threading: a Store (and its connection) belongs to one thread or strand. Open another
// Store on the same file for another thread; SQLite's WAL mode lets readers run beside
// the one writer, and every business operation is one IMMEDIATE transaction.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "base/result.h"
#include "sql/database.h"
#include "sql/maintenance.h"
#include "sql/schema.h"

namespace rfinv::inventory {

class Store {
 public:
  // Opens or creates the database at `path` and brings it up to `schema`: a node's database is
  // sync::node_schema() (sync/node/node_schema.h); inventory::schema() holds the inventory
  // areas alone, for tests and benchmarks of them. A file that is not an rfinv database, or
  // one written by a newer version, is refused untouched.
  // read_only never writes (for commands that only read: the file and its directory may be
  // read-only to the user); it also never creates the file (not_found).
  static Result<std::unique_ptr<Store>> open(const std::string& path, const sql::Schema& schema,
                                             sql::Access access = sql::Access::read_write);
  // Opens an existing database read-only as it is, never migrated, to examine it
  // (integrity_problems); refused when missing, empty or not an rfinv database.
  static Result<std::unique_ptr<Store>> open_as_is(const std::string& path,
                                                   const sql::Schema& schema);

  const std::string& path() const { return db_->path(); }

 private:
  friend sql::Database& database_of(Store& store);
  explicit Store(std::unique_ptr<sql::Database> db) : db_(std::move(db)) {}
  std::unique_ptr<sql::Database> db_;
};

// What SQLite's integrity check finds wrong with the file, one line per problem; empty when it
// is sound. Reads only. `quick` skips comparing indexes with their tables.
Result<std::vector<std::string>> integrity_problems(Store& store, sql::CheckDepth depth);

// A consistent copy of the whole database in a new file `to` (0600), taken with SQLite's online
// backup while others may go on writing. An existing `to` is refused (conflict), untouched.
Status backup(Store& store, const std::string& to);

}  // namespace rfinv::inventory
