// Safety stock, reorder point, reorder quantity and maximum level from a forecast and its
// backtest error (README "Demand planning" has the worked formulas).
//
//   safety stock  = ceil(k * sigma), sigma = sqrt(sigma_LT^2 + d^2 * sigma_L^2)
//                   intermittent and lumpy demand (skewed): ceil(q - D), q the quantile of a
//                   gamma distribution with the lead-time demand D as mean and sigma^2 as
//                   variance (Wilson-Hilferty: q = D (1 - c + k sqrt(c))^3, c = sigma^2 / (9 D^2))
//   reorder point = safety stock + ceil(forecast demand over the lead time)
//   reorder qty   = ceil(EOQ) = ceil(sqrt(2 * 52 d * order cost / (holding rate * unit cost)))
//                   when an ordering cost and a holding rate are set (and the item has a cost),
//                   else ceil(order weeks * d); at least 1
//   maximum       = reorder point + reorder qty
//
// k: the quantile of the service level, which rfinv defines as the cycle service level (the
// share of replenishment cycles without a stockout: lead-time demand at or below the reorder
// point). sigma_LT is estimated from few errors, so k is Student's t quantile with
// origins / L - 1 degrees of freedom (the independent lead-time windows among the backtest
// origins, less one), not the normal z, which would fall short of the service level.
// sigma_LT: the RMSE of the backtest's lead-time totals; d: the
// mean weekly forecast over the lead time; sigma_L: the standard deviation of the lead time
// in weeks (0 when it comes from lead_days).
#pragma once

#include <cstdint>
#include <optional>
#include <span>

namespace rfinv::inventory {

// The standard normal quantile, REQUIRES 0 < p < 1 (Acklam's rational approximation refined
// by one Halley step: relative error below 1e-12).
double normal_quantile(double p);

// Student's t quantile with `dof` degrees of freedom (>= 1): exact for 1 and 2, else the
// Cornish-Fisher expansion around the normal quantile (Abramowitz and Stegun 26.7.5; within
// 1e-3 from 3 degrees of freedom on, closer with more).
double student_t_quantile(double p, int dof);

struct PolicyInputs {
  double service_level = 0.95;
  int error_dof = 0;    // degrees of freedom of sigma_LT; 0: known (the normal quantile)
  bool skewed = false;  // intermittent or lumpy demand: the gamma quantile
  int lead_weeks = 1;
  double lead_sd_weeks = 0;
  double lead_time_rmse = 0;
  std::span<const double> forecast;  // weekly, at least lead_weeks values
  int order_weeks = 4;
  std::optional<double> order_cost;    // per order, in the item's currency
  std::optional<double> holding_rate;  // per year, a fraction of the unit cost
  double unit_cost = 0;
};

struct Policy {
  double k = 0;  // the safety factor
  double lead_time_demand = 0;
  double weekly_demand = 0;
  bool eoq = false;  // the reorder quantity is the EOQ
  std::int64_t safety_stock = 0, reorder_point = 0, reorder_qty = 0, max_level = 0;
};

Policy compute_policy(const PolicyInputs& in);

}  // namespace rfinv::inventory
