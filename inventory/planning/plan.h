// Proposed stock levels per item (site-wide) and per location with its own levels, from the
// item's demand history: classified, forecast by the method that won the rolling-origin
// backtest, with a safety stock for the service level over the lead time (policy.h).
//
// Settings (rfinv config set): plan.service_level (0.5-0.999, default 0.95), per ABC class
// plan.service_level.A / .B / .C; plan.order_weeks (1-52, default 4); plan.order_cost and
// plan.holding_rate (both set: EOQ); plan.bucket (week, the only bucket); plan.auto_apply.
//
// Lead time: from the item's closed purchase orders (order placed -> the receipt that closed
// it; receipts fill orders oldest first, as the ledger does) once there are kMinOrders of
// them, else lead_days; in whole weeks rounded up, at least 1. A location with its own levels
// is replenished from the store by transfer: its lead time is 1 week.
//
// Threading: like Store, on the Store's thread. Reads only.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "inventory/planning/forecast.h"
#include "inventory/planning/history.h"
#include "inventory/store/store.h"

namespace rfinv::inventory {

inline constexpr std::size_t kMinOrders = 5;
inline constexpr int kDefaultHorizon = 13;
inline constexpr int kMaxHorizon = 104;

struct Levels {
  std::int64_t safety_stock = 0, reorder_point = 0, reorder_qty = 0;
  std::optional<std::int64_t> max_level;
  bool operator==(const Levels&) const = default;
};

struct LeadTime {
  int weeks = 1;
  double mean_weeks = 0;  // before rounding up
  double sd_weeks = 0;
  std::string source;  // "orders" (with `orders`), "lead_days", "transfer"
  std::size_t orders = 0;
};

struct PlanLine {
  DemandForecast forecast;  // sku, location, history, forecast, bands, method, class, reason
  char abc = 'C', xyz = 'Z';
  std::optional<double> rmsse, mase, bias;  // of the chosen method; none when fallback
  LeadTime lead;
  double service_level = 0.95;
  double lead_time_demand = 0;
  bool eoq = false;
  Levels current;
  std::optional<Levels> proposed;  // none when fallback: the hand-set levels stand
};

// The plan.* settings, read once per plan.
struct PlanSettings {
  double service_level = 0.95;
  std::optional<double> service_level_by_class[3];  // A, B, C
  int order_weeks = 4;
  std::optional<double> order_cost, holding_rate;
  double service_level_for(char abc) const;
};
// invalid_argument for a setting that is not valid (as every config read).
Result<PlanSettings> load_plan_settings(Store& store);

// The plan of one series, given its lead time, ABC class and unit cost (no database).
PlanLine plan_series(const DemandSeries& series, const LeadTime& lead, char abc, double unit_cost,
                     const PlanSettings& settings, int horizon);

struct PlanOptions {
  std::optional<std::string> sku;
  int horizon = kDefaultHorizon;  // 1..kMaxHorizon
};

// One line per item (sorted by SKU), each followed by its location levels' lines.
// not_found for an unknown SKU; invalid_argument for a horizon out of range or a plan
// setting that is not valid.
Result<std::vector<PlanLine>> compute_plans(Store& store, const PlanOptions& options,
                                            std::span<const ExternalDemand> external, Micros now);

}  // namespace rfinv::inventory
