#include "inventory/store/store.h"

#include "inventory/store/store_database.h"

namespace rfinv::inventory {

Result<std::unique_ptr<Store>> Store::open(const std::string& path, const sql::Schema& schema,
                                           sql::Access access) {
  auto db = sql::open_with_schema(path, schema, access);
  if (!db) return db.error();
  if (access == sql::Access::read_write) {
    // The node may trade the last transactions before a power loss for speed (config.h).
    auto durability = sql::guarded("reading database.synchronous", [&]() -> Status {
      auto st = (*db)->prepare("SELECT value FROM config WHERE key = 'database.synchronous'");
      bool normal = st.step() && st.text(0) == "normal";
      st.run();
      if (normal) (*db)->exec("PRAGMA synchronous=NORMAL");
      return {};
    });
    if (!durability) return durability.error();
  }
  return std::unique_ptr<Store>(new Store(std::move(db.value())));
}

Result<std::unique_ptr<Store>> Store::open_as_is(const std::string& path,
                                                 const sql::Schema& schema) {
  auto db = sql::open_as_is(path, schema);
  if (!db) return db.error();
  return std::unique_ptr<Store>(new Store(std::move(db.value())));
}

Result<std::vector<std::string>> integrity_problems(Store& store, sql::CheckDepth depth) {
  return sql::guarded("checking the database", [&]() -> Result<std::vector<std::string>> {
    return sql::integrity_problems(database_of(store), depth);
  });
}

Status backup(Store& store, const std::string& to) {
  return sql::guarded("backing up the database",
                      [&]() -> Status { return sql::backup_database(database_of(store), to); });
}

sql::Database& database_of(Store& store) { return *store.db_; }

}  // namespace rfinv::inventory
