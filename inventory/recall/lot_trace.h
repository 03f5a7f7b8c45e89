// Where one lot of an item is and how its units moved, from the ledger alone (the movements'
// lots, inventory/ledger/lots.h), with the requisitions whose transit its units passed
// through. Pool hand-overs are recognised by the caller (service/), which knows the pool.
//
// Threading: like Store.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "inventory/store/store.h"

namespace rfinv::inventory {

// Units of the lot at one location now.
struct LotPlace {
  std::string location;
  std::optional<std::string> dept;  // the location's department (a ward's), if any
  std::int64_t qty = 0;
  std::int64_t held = 0;                    // of those, picked for requisitions and not shipped yet
  bool quarantine = false;                  // a quarantine location
  std::optional<std::int64_t> requisition;  // in transit on this requisition
};

// One movement of the lot's units.
struct LotMove {
  std::int64_t movement = 0;
  std::string kind;      // receive, issue, transfer, adjust, dispose
  std::int64_t qty = 0;  // units of this lot; negative only for an adjustment that removed some
  std::optional<std::string> from, to;
  std::optional<std::string> dept;          // of the location the units went to (issue: issued at)
  std::optional<std::int64_t> requisition;  // a movement into or out of its transit
  // Which: "shipment" (into transit), "receipt" (to its ward), "return" (back to a store),
  // "write-off" (closed short).
  std::optional<std::string> requisition_leg;
  std::string actor;
  Micros at = 0;
  std::optional<std::string> reason, key;
};

struct LotTrace {
  std::string sku, name, unit, lot;
  std::optional<std::string> expiry;
  std::optional<std::string> held_reason;  // the lot is held (quarantine) when set
  std::vector<LotPlace> places;            // where its units are now, by location
  std::vector<LotMove> moves;              // oldest first
};

// not_found for an unknown SKU or a lot the item does not have.
Result<LotTrace> trace_lot(Store& store, const std::string& sku, const std::string& lot);

}  // namespace rfinv::inventory
