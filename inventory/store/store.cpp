#include "inventory/store/store.h"

#include "inventory/store/store_database.h"

namespace rfinv::inventory {

Result<std::unique_ptr<Store>> Store::open(const std::string& path, const sql::Schema& schema) {
  auto db = sql::open_with_schema(path, schema);
  if (!db) return db.error();
  return std::unique_ptr<Store>(new Store(std::move(db.value())));
}

sql::Database& database_of(Store& store) { return *store.db_; }

}  // namespace rfinv::inventory
