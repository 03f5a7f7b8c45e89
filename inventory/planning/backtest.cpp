#include "inventory/planning/backtest.h"

#include <algorithm>
#include <cmath>

namespace rfinv::inventory {
namespace {

// Steps ahead measured on fewer origins than this take their error from the last step that
// was measured on enough.
constexpr std::size_t kMinStepOrigins = 5;

struct Scale {
  double mse = 1, mae = 1;
};

// The in-sample one-step naive errors of the fitting weeks; a flat fitting window scales by
// the level instead (or by 1 for a series of zeros), so the scores stay finite.
Scale naive_scale(std::span<const double> fit) {
  double se = 0, ae = 0, level2 = 0, level = 0;
  for (std::size_t t = 1; t < fit.size(); ++t) {
    double d = fit[t] - fit[t - 1];
    se += d * d;
    ae += std::abs(d);
  }
  for (double y : fit) {
    level2 += y * y;
    level += std::abs(y);
  }
  double n = static_cast<double>(fit.size());
  Scale s;
  if (se > 0) {
    s.mse = se / (n - 1);
    s.mae = ae / (n - 1);
  } else if (level > 0) {
    s.mse = level2 / n;
    s.mae = level / n;
  }
  return s;
}

}  // namespace

std::optional<std::size_t> backtest_origins(std::size_t weeks, int lead_weeks) {
  auto lead = static_cast<std::size_t>(lead_weeks);
  if (weeks < kMinFitWeeks + lead) return std::nullopt;
  std::size_t origins = std::min(kMaxOrigins, weeks - lead - kMinFitWeeks + 1);
  if (origins < kMinOrigins) return std::nullopt;
  return origins;
}

std::vector<Backtest> backtest_methods(std::span<const double> y, int lead_weeks, int horizon,
                                       double adi) {
  const std::size_t n = y.size();
  const auto lead = static_cast<std::size_t>(lead_weeks);
  const std::size_t origins = *backtest_origins(n, lead_weeks);
  const std::size_t first = n - lead - origins + 1;
  const int steps = std::max(lead_weeks, horizon);
  const Scale scale = naive_scale(y.first(first));
  std::vector<Backtest> out;
  for (Method m : kMethods) {
    if (m == Method::seasonal_naive && (n < kSeasonalMinWeeks || first < kSeasonWeeks)) continue;
    auto f = rolling_forecasts(m, y, first, first, steps, adi);
    Backtest b;
    b.method = m;
    b.parameters = f.parameters;
    double se = 0, ae = 0, sum = 0, count = 0, lt_se = 0;
    for (std::size_t t = first; t + lead <= n; ++t) {
      double total = 0;
      for (int h = 1; h <= lead_weeks; ++h) {
        double e = f.at(t, h) - y[t + static_cast<std::size_t>(h) - 1];
        se += e * e;
        ae += std::abs(e);
        sum += e;
        count += 1;
        total += e;
      }
      b.lead_time_errors.push_back(-total);
      lt_se += total * total;
    }
    b.rmsse = std::sqrt(se / count / scale.mse);
    b.mase = ae / count / scale.mae;
    b.bias = sum / count;
    b.lead_time_rmse = std::sqrt(lt_se / static_cast<double>(b.lead_time_errors.size()));
    for (int h = 1; h <= horizon; ++h) {
      double step_se = 0, step_n = 0;
      for (std::size_t t = first; t + static_cast<std::size_t>(h) <= n; ++t) {
        double e = f.at(t, h) - y[t + static_cast<std::size_t>(h) - 1];
        step_se += e * e;
        step_n += 1;
      }
      if (step_n >= kMinStepOrigins) {
        b.step_rmse.push_back(std::sqrt(step_se / step_n));
      } else {
        auto last = static_cast<double>(b.step_rmse.size());
        b.step_rmse.push_back(b.step_rmse.back() * std::sqrt(h / last));
      }
    }
    for (int h = 1; h <= steps; ++h) b.forecast.push_back(f.at(n, h));
    out.push_back(std::move(b));
  }
  return out;
}

const Backtest& choose(const std::vector<Backtest>& candidates) {
  const Backtest* best = &candidates.front();
  for (const auto& b : candidates)
    if (b.rmsse < best->rmsse) best = &b;
  return *best;
}

}  // namespace rfinv::inventory
