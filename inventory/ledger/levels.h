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

namespace rfinv::inventory {

struct LocationLevel {
  std::string sku;
  std::string location;
  std::int64_t safety_stock = 0;
  std::int64_t reorder_point = 0;
  std::int64_t reorder_qty = 0;
  std::optional<std::int64_t> max_level;
};

// Creates or replaces the level and evaluates its alert in the same transaction.
Result<std::vector<AlertChange>> set_location_level(Store& store, const LocationLevel& level);
// Removes the level; its open alert is cleared.
Status clear_location_level(Store& store, const std::string& sku, const std::string& location);
Result<std::vector<LocationLevel>> list_location_levels(Store& store);

}  // namespace rfinv::inventory
