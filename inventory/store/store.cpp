#include "inventory/store/store.h"

#include "inventory/store/schema.h"

namespace rfinv::inventory {

Result<std::unique_ptr<Store>> Store::open(const std::string& path) {
  auto db = sql::open_with_schema(path, schema());
  if (!db) return db.error();
  return std::unique_ptr<Store>(new Store(std::move(db.value())));
}

}  // namespace rfinv::inventory
