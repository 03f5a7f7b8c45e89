// What the ledger says about service over a period, for the service and savings report
// (service/service_report.h): units issued and refused, purchase orders placed, stockout days.
//
// Threading: the Store's thread. Each function reads in one statement (one snapshot).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "inventory/store/store.h"

namespace rfinv::inventory {

// [from, to): at >= from and at < to.
struct Period {
  Micros from = 0, to = 0;
};

// Units issued (movements of kind issue, hand-overs to the pool included) in the period.
Result<std::int64_t> units_issued(Store& store, const Period& period);

// Units short in issues refused for lack of stock in the period (the shortfall the planning
// area records: inventory/planning/history.h record_refused_issue).
Result<std::int64_t> units_refused(Store& store, const Period& period);

// Purchase orders placed in the period, valued at the item's unit cost now: an order counts
// what it asked for, a cancelled one only what it received.
struct Purchases {
  std::int64_t orders = 0, units = 0, value_cents = 0;
};
Result<Purchases> purchases(Store& store, const Period& period);

// Days (UTC) in the period on which an item's stock was 0 for some time, once it had been
// stocked: site-wide (location empty: the item's on hand over every location), and at each
// location with its own levels for the item (its stock and everything below it). Rows with no
// such day are left out; sorted by days, most first, then SKU and location.
struct StockoutDays {
  std::string sku;
  std::string location;  // "" for the item site-wide
  std::int64_t days = 0;
};
Result<std::vector<StockoutDays>> stockout_days(Store& store, const Period& period);

}  // namespace rfinv::inventory
