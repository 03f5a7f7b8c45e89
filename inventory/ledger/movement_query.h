// Movement history across items, filtered by item, location and date: the web app's
// movement list. (movement_history in ledger.h is one item's.)
//
// Threading: the Store's thread.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "inventory/ledger/ledger.h"
#include "inventory/store/store.h"

namespace rfinv::inventory {

struct MovementFilter {
  std::optional<std::string> sku;
  std::optional<std::string> location;  // moved from or to this location (exactly)
  std::optional<Micros> since, until;   // at >= since, at < until
  std::size_t limit = 1000;
};

// Newest first. not_found for an unknown SKU or location.
Result<std::vector<MovementRecord>> list_movements(Store& store, const MovementFilter& filter);

}  // namespace rfinv::inventory
