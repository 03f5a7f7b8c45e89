// Purchase orders: what procurement has ordered and not yet received. Open orders count as
// "on order" for the reorder line; receipts fill them oldest first.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "inventory/ledger/ledger.h"
#include "inventory/store/store.h"

namespace rfinv::inventory {

struct PurchaseOrder {
  std::int64_t id = 0;
  std::string sku;
  std::int64_t qty = 0;
  std::int64_t received = 0;
  std::string status;  // "open", "closed", "cancelled"
  std::string supplier;
  std::string actor;
  Micros placed_at = 0;
};

struct PlacedOrder {
  PurchaseOrder order;
  bool replayed = false;
  std::vector<AlertChange> alerts;  // placing an order can clear a reorder alert
};

// One transaction; a repeated key returns the original order.
Result<PlacedOrder> place_order(Store& store, const std::string& sku, std::int64_t qty,
                                const std::string& actor, const std::optional<std::string>& key);
// Cancels the rest of an open order (what was received stays received).
Result<PlacedOrder> cancel_order(Store& store, std::int64_t id);
Result<std::vector<PurchaseOrder>> list_orders(Store& store, bool include_closed);

}  // namespace rfinv::inventory
