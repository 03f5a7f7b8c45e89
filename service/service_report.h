// The service and savings report (`rfinv report service`): over a period, what the pool
// saved against new purchases, how much asset value stands idle, how fast requests to this
// department were handed over, the fill rate, stockout days per item, and loans against
// purchases; each figure with a target checked where the plan this system serves sets one.
// The definitions are in README "Service and savings report".
//
// Threading: the Node's.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "inventory/reports/ledger_figures.h"
#include "service/node.h"

namespace rfinv::service {

// The targets: purchase savings through the pool at least 8%, idle asset value at most 10%,
// requests handed over within an hour (90th percentile).
inline constexpr double kSavingsTarget = 0.08;
inline constexpr double kIdleShareTarget = 0.10;
inline constexpr double kHandoverHoursTarget = 1.0;

struct ServiceReport {
  std::optional<Micros> from;       // none: since the beginning
  Micros to = 0;                    // exclusive; now when not given
  std::optional<std::string> dept;  // this node's pool department, once joined

  // Acquisitions: value received from the pool (transfers, stock, loans) against new
  // purchases (purchase orders, and assets registered here that did not come from the pool).
  std::int64_t pool_filled_cents = 0;
  std::int64_t purchase_orders = 0, purchase_order_cents = 0;
  std::int64_t assets_bought = 0, assets_bought_cents = 0;
  std::int64_t purchased_cents = 0;        // orders + assets bought
  std::optional<double> purchase_savings;  // pool / (pool + purchased); none when both 0
  std::optional<bool> savings_met;

  // Assets owned (not retired), by cost: idle = idle or published to the pool, now.
  std::int64_t asset_cents = 0, idle_asset_cents = 0;
  std::optional<double> idle_share;
  std::optional<bool> idle_met;

  // Requests to this department handed over in the period.
  std::int64_t handovers = 0;
  std::optional<double> median_handover_hours, p90_handover_hours;
  std::optional<bool> handover_met;

  // Units issued against units demanded: issued + turned away, which is the shortfall of issues
  // refused for lack of stock plus this department's pool requests for stock refused or
  // declined.
  std::int64_t units_issued = 0, units_refused = 0, units_unfilled_from_pool = 0;
  std::int64_t units_turned_away = 0;
  std::optional<double> fill_rate;

  std::vector<inventory::StockoutDays> stockouts;

  // Assets borrowed from the pool against new purchases.
  std::int64_t loans = 0, loan_cents = 0;
  std::optional<double> loan_share;  // loans / (loans + purchased), by value
};

// REQUIRES: !from || !to || *from < *to (else invalid_argument).
Result<ServiceReport> service_report(Node& node, std::optional<Micros> from,
                                     std::optional<Micros> to);

// The q-quantile (0 < q <= 1) of ascending `sorted` by nearest rank: the smallest value with at
// least q of the values at or below it; the median averages the two middle values.
double nearest_rank(const std::vector<double>& sorted, double q);
double median(const std::vector<double>& sorted);

}  // namespace rfinv::service
