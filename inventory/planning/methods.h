// The forecast methods a series chooses from (own code, double precision). Each is fitted on
// the first weeks of a series (its smoothing constants chosen from a small grid by the
// in-sample one-step squared error) and then run over the whole series, giving the forecasts
// it would have made from every origin: what the rolling-origin backtest (backtest.h) needs,
// in one pass per method.
//
//   naive           the last week, for every step ahead
//   seasonal_naive  the same week a year (52 weeks) before; only with 104 weeks or more
//   ses             simple exponential smoothing: level l += alpha (y - l)
//   damped_trend    Holt's linear trend, damped by phi (additive damped-trend ETS)
//   croston_sba     Croston's sizes and intervals, Syntetos-Boylan bias correction
//   tsb             Teunter-Syntetos-Babai: sizes and the probability of a demand
//   adida           weeks summed in buckets of ADI weeks (at least 2) ending at the origin,
//                   simple exponential smoothing of the buckets, divided back per week
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace rfinv::inventory {

enum class Method { naive, seasonal_naive, ses, damped_trend, croston_sba, tsb, adida };
inline constexpr Method kMethods[] = {Method::naive,        Method::seasonal_naive, Method::ses,
                                      Method::damped_trend, Method::croston_sba,    Method::tsb,
                                      Method::adida};
std::string_view to_string(Method m);

// Seasonal naive needs two full years: one to copy, one to test the copy on.
inline constexpr std::size_t kSeasonWeeks = 52;
inline constexpr std::size_t kSeasonalMinWeeks = 104;

// Croston's state: the smoothed size of a demand, the smoothed interval between demands, and
// the weeks since the last demand (1 in the week after one).
struct CrostonState {
  double size = 0;
  double interval = 1;
  double since = 1;
};
// One week: with demand y > 0, size += alpha (y - size), interval += alpha (since - interval)
// and since = 1; without, since += 1.
void croston_update(CrostonState& s, double y, double alpha);
// Syntetos-Boylan: (1 - alpha / 2) size / interval.
double sba_forecast(const CrostonState& s, double alpha);

// TSB's state: the smoothed size of a demand and the smoothed probability of one.
struct TsbState {
  double size = 0;
  double probability = 0;
};
// Every week probability += beta ([y > 0] - probability); with demand also size += alpha (y -
// size).
void tsb_update(TsbState& s, double y, double alpha, double beta);
// probability * size.
double tsb_forecast(const TsbState& s);

// A method's forecasts from each origin: after observing weeks [0, origin), for the weeks
// origin, origin + 1, ... origin + horizon - 1.
struct RollingForecasts {
  Method method;
  std::string parameters;  // "alpha=0.2", for the reason shown to the user
  std::size_t first_origin = 0;
  int horizon = 0;
  std::vector<double> values;  // (origin - first_origin) * horizon + step - 1; origins up to
                               // weeks.size() (the last gives the forecast of the future)
  double at(std::size_t origin, int step) const {
    return values[(origin - first_origin) * static_cast<std::size_t>(horizon) +
                  static_cast<std::size_t>(step - 1)];
  }
};

// REQUIRES: 8 <= fit_end <= first_origin <= weeks.size(), horizon >= 1; seasonal_naive also
// weeks.size() >= kSeasonalMinWeeks and first_origin >= kSeasonWeeks. `adi` sets ADIDA's
// bucket. Forecasts are never negative.
RollingForecasts rolling_forecasts(Method m, std::span<const double> weeks, std::size_t fit_end,
                                   std::size_t first_origin, int horizon, double adi);

}  // namespace rfinv::inventory
