// A location's own stock levels for an item (a ward's store, a line-side bin). Its alerts
// watch the stock at that location and everything below it, beside the site-wide alert.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "inventory/ledger/ledger.h"
#include "inventory/store/store.h"
#include "sql/database.h"

namespace rfinv::inventory {

struct LocationLevel {
  std::string sku;
  std::string location;
  std::int64_t safety_stock = 0;
  std::int64_t reorder_point = 0;
  std::int64_t reorder_qty = 0;
  std::optional<std::int64_t> max_level;
};

// A change to a location's levels: unset fields keep their value (0 and no maximum for a level
// that does not exist yet), as `item edit` does.
struct LevelChanges {
  std::string sku;
  std::string location;
  std::optional<std::int64_t> safety_stock, reorder_point, reorder_qty, max_level;
  bool clear_max_level = false;
};

// Creates or changes the level and evaluates its alert in the same transaction.
// invalid_argument for lines check_levels (inventory/catalog/validate.h) refuses.
Result<std::vector<AlertChange>> set_location_level(Store& store, const LevelChanges& changes);
// The same inside the caller's transaction (a plan applying many levels at once). An empty
// `location` changes the item's own, site-wide levels instead, as edit_item does.
Result<std::vector<AlertChange>> set_levels(sql::Transaction& tx, const LevelChanges& changes);
// Removes the level; its open alert is cleared.
Status clear_location_level(Store& store, const std::string& sku, const std::string& location);
Result<std::vector<LocationLevel>> list_location_levels(Store& store);

}  // namespace rfinv::inventory
