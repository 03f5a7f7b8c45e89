// Weekly demand per item (site-wide) and per location that has its own levels: issues, plus
// demand turned away for lack of stock (refused issues, unfilled pool requests) and history
// imported from the system a store used before, so that stockouts do not hide demand.
//
// Buckets are weeks from Monday 00:00 UTC (plan.bucket = week, the only bucket). A series
// starts at the week of the item's first movement or first demand record, whichever is
// earlier, and ends with the last complete week before `now`.
//
// Threading: like Store, on the Store's thread.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "inventory/ledger/ledger.h"
#include "inventory/store/store.h"

namespace rfinv::inventory {

inline constexpr Micros kWeekMicros = 7LL * 24 * 3600 * 1'000'000;
// Monday 00:00 UTC of the week holding `at`.
Micros week_start(Micros at);

// Site-wide demand turned away outside this node's ledger (an unfilled pool request); the
// service collects these from the pool and hands them in.
struct ExternalDemand {
  std::string sku;
  Micros at = 0;
  std::int64_t qty = 0;
};

struct DemandSeries {
  std::int64_t item_id = 0;
  std::string sku;
  std::optional<std::string> location;  // none: site-wide
  Micros first_week = 0;                // Monday of weeks[0]
  std::vector<double> weeks;            // demand per week, oldest first
};

// Which series to load: every item's site-wide series and every location level's, or those of
// one SKU (and, with `location`, only that location's).
struct SeriesSelection {
  std::optional<std::string> sku;
  std::optional<std::string> location;
  bool location_levels = true;  // also the series of locations with their own levels
};

// not_found for an unknown SKU or location.
Result<std::vector<DemandSeries>> load_demand_series(Store& store, const SeriesSelection& which,
                                                     std::span<const ExternalDemand> external,
                                                     Micros now);

// Records an issue refused for lack of free stock, in its own transaction after the refusal:
// the shortfall (requested less what was free at the location) is demand turned away. A
// refusal with an idempotency key is recorded once per key; without one, the same refusal
// (item, location, quantity, actor) within one hour counts once, so retries do not inflate
// demand. Returns whether a record was written: nothing when the issue was not short of stock
// (refused for another reason) or the refusal was already recorded.
Result<bool> record_refused_issue(Store& store, const MovementRequest& issue, Micros now);

// `rfinv history import FILE.csv`: rows `date,sku,location,qty[,kind]` (README "Demand
// planning"). All or nothing; an error names line and column. Rows are demand, never stock.
// Rows with the same date, SKU, location and kind are summed into one daily total; a total an
// earlier import wrote is replaced by the file's (so importing a file again changes nothing,
// and a corrected file replaces its days).
struct HistoryImport {
  std::size_t rows = 0;       // data rows read
  std::size_t added = 0;      // daily totals new to the database
  std::size_t changed = 0;    // daily totals that replaced a different earlier one
  std::size_t unchanged = 0;  // daily totals the database already held
};
Result<HistoryImport> import_demand_history(Store& store, const std::string& path, Micros now);

}  // namespace rfinv::inventory
