// A recall of one lot: where every unit is now and where units went, from the ledger
// (inventory/recall/lot_trace.h) and the pool's hand-overs (sync/node), which is why it is
// composed here, above both.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "inventory/recall/lot_trace.h"

namespace rfinv::service {

struct RecallMove {
  inventory::LotMove move;
  // What it was: "receipt", "issue", "transfer", "requisition shipment", "requisition
  // receipt", "requisition return", "write-off", "disposal", "adjustment", "pool hand-over",
  // "pool receipt".
  std::string as;
  std::optional<std::string> dept;          // who got the units (or where they were issued)
  std::optional<std::string> pool_request;  // a pool hand-over's or receipt's request
};

struct Recall {
  std::string sku, name, unit, lot;
  std::optional<std::string> expiry, held_reason;
  std::vector<inventory::LotPlace> places;  // on hand now (transit places too)
  std::vector<RecallMove> moves;            // oldest first
  // received (receipts and additions) = on_hand + issued + disposed + handed_over +
  // in_transit, which `balanced` checks.
  std::int64_t received = 0, on_hand = 0, issued = 0, disposed = 0, handed_over = 0, in_transit = 0;
  bool balanced = false;
};

}  // namespace rfinv::service
