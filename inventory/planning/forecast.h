// An item's weekly demand and its forecast with a band, for charts and reports (the figures
// `rfinv plan` uses). This is the planning area's stable view for front ends: the weekly
// history, the forecast for a horizon and its 80% and 95% bands from the backtest error.
//
// Threading: like Store, on the Store's thread. Reads only.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "inventory/planning/history.h"
#include "inventory/store/store.h"

namespace rfinv::inventory {

struct DemandForecast {
  std::string sku;
  std::optional<std::string> location;  // a location with its own levels; none: site-wide
  Micros first_week = 0;                // Monday 00:00 UTC of history[0]
  // Weekly demand (issues, demand turned away, imported history), oldest first; the last
  // element is the last complete week before `now`.
  std::vector<double> history;
  Micros forecast_week = 0;  // Monday 00:00 UTC of forecast[0]: the week after the last complete
  // The forecast for the horizon, one value per week, and its bands (same length, lower >= 0),
  // from the rolling-origin backtest error of the chosen method at each step ahead. All empty
  // when `fallback`.
  std::vector<double> forecast, lower80, upper80, lower95, upper95;
  std::string method;        // "naive", "seasonal_naive", "ses", "damped_trend", "croston_sba",
                             // "tsb", "adida"; "none" when `fallback`
  std::string demand_class;  // "smooth", "erratic", "intermittent", "lumpy"
  bool fallback = false;     // history too short to forecast: the hand-set levels stand
  std::string reason;        // why this method (or why none), in words
};

// The site-wide demand of `sku` (or, with `location`, the demand at that location and below
// it) in weekly buckets up to the last complete week before `now`, and its forecast for
// `horizon_weeks` (1..104) weeks. not_found for an unknown SKU or location; invalid_argument
// for a horizon out of range. `external`: demand turned away outside the ledger (history.h).
Result<DemandForecast> demand_forecast(Store& store, const std::string& sku,
                                       const std::optional<std::string>& location,
                                       int horizon_weeks, std::span<const ExternalDemand> external,
                                       Micros now);

}  // namespace rfinv::inventory
