// Rolling-origin backtest: each candidate method forecasts from each of the last origins
// (13 to 52 of them) over the lead time, and is scored on what then happened. The method with
// the lowest RMSSE is chosen; its errors give the forecast bands and the safety stock.
//
// A series of n weeks with a lead time of L weeks: origins t = n - L - O + 1 .. n - L (O
// origins, O = min(52, n - L - 25)); the methods are fitted on the weeks before the first
// origin (at least 26). Fewer than 13 origins is a short history (kMinOrigins). Up to a year
// of origins, not half of one: the safety stock rests on the spread of the lead-time errors,
// and 26 of them underestimate it for lumpy demand (the generated-series test falls short of
// the service level with 26).
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "inventory/planning/methods.h"

namespace rfinv::inventory {

inline constexpr std::size_t kMinFitWeeks = 26;
inline constexpr std::size_t kMinOrigins = 13;
inline constexpr std::size_t kMaxOrigins = 52;

struct Backtest {
  Method method = Method::naive;
  std::string parameters;
  // Over steps 1..L from every origin. RMSSE: root mean squared error over the mean squared
  // one-step change of the fitting weeks (in-sample naive); MASE: mean absolute error over
  // the mean absolute one-step change; bias: mean of forecast - actual (above 0: too high).
  double rmsse = 0, mase = 0, bias = 0;
  // Lead-time totals: actual - forecast of the L weeks after each origin, and their RMSE.
  std::vector<double> lead_time_errors;
  double lead_time_rmse = 0;
  // RMSE of the h-step-ahead errors for h = 1..horizon (steps with fewer than 5 origins
  // behind them grow from the last measured one with the square root of h).
  std::vector<double> step_rmse;
  // The forecast from the end of the series, steps 1..max(L, horizon).
  std::vector<double> forecast;
};

// The weeks the backtest needs: none (nullopt) when the series is too short for kMinOrigins
// origins after kMinFitWeeks fitting weeks.
std::optional<std::size_t> backtest_origins(std::size_t weeks, int lead_weeks);

// Every candidate method the series allows (seasonal naive only with kSeasonalMinWeeks), in
// kMethods order. REQUIRES: backtest_origins(weeks.size(), lead_weeks) has a value;
// lead_weeks >= 1; horizon >= 1.
std::vector<Backtest> backtest_methods(std::span<const double> weeks, int lead_weeks, int horizon,
                                       double adi);
// The lowest RMSSE (the earlier method in kMethods on a tie).
const Backtest& choose(const std::vector<Backtest>& candidates);

}  // namespace rfinv::inventory
