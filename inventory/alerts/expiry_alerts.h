// Lots near or past their expiry date (inventory/ledger/lots.h): the list behind `rfinv
// expiring`, and the `expiring` alert, raised once per lot when the lot enters its item's
// expiry horizon with stock on hand, marked `expired` when the date passes, and cleared when
// none of the lot is left. An alert is never raised twice for one lot.
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

struct ExpiringLot {
  std::string sku, name, unit, lot;
  std::string expiry;  // YYYY-MM-DD
  std::string location;
  std::int64_t qty = 0;
  std::int64_t days_left = 0;  // negative once expired
  bool expired = false;        // past its expiry date on the day asked about
  bool held = false;           // the lot is held (quarantine)
  bool quarantine = false;     // at a quarantine location
};

// Stock of lots whose expiry is at most `within_days` after the UTC date of `at` (default:
// each item's horizon), expired ones included, by expiry, SKU, lot and location.
// invalid_argument for a negative or larger than 36500 `within_days`.
Result<std::vector<ExpiringLot>> expiring_lots(Store& store,
                                               std::optional<std::int64_t> within_days, Micros at);

struct ExpiryAlert {
  std::int64_t id = 0;
  std::string sku, name, lot, expiry;
  std::string kind;          // "expiring", then "expired"
  std::int64_t on_hand = 0;  // of the lot, everywhere, when raised or last changed
  Micros raised_at = 0;
  std::optional<Micros> expired_at, cleared_at;
};

// Raises the alerts of lots that entered their horizon, marks those expired whose date passed
// and clears those with nothing left, as of `at`; one transaction. Returns the alerts raised or
// marked expired now.
Result<std::vector<ExpiryAlert>> update_expiry_alerts(Store& store, Micros at);
// Open ones (all with include_cleared), newest first.
Result<std::vector<ExpiryAlert>> list_expiry_alerts(Store& store, bool include_cleared);

}  // namespace rfinv::inventory
