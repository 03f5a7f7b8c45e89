#include "inventory/planning/methods.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace rfinv::inventory {

std::string_view to_string(Method m) {
  switch (m) {
    case Method::naive:
      return "naive";
    case Method::seasonal_naive:
      return "seasonal_naive";
    case Method::ses:
      return "ses";
    case Method::damped_trend:
      return "damped_trend";
    case Method::croston_sba:
      return "croston_sba";
    case Method::tsb:
      return "tsb";
    case Method::adida:
      return "adida";
  }
  return "naive";
}

void croston_update(CrostonState& s, double y, double alpha) {
  if (y > 0) {
    s.size += alpha * (y - s.size);
    s.interval += alpha * (s.since - s.interval);
    s.since = 1;
  } else {
    s.since += 1;
  }
}

double sba_forecast(const CrostonState& s, double alpha) {
  return (1 - alpha / 2) * s.size / s.interval;
}

void tsb_update(TsbState& s, double y, double alpha, double beta) {
  s.probability += beta * ((y > 0 ? 1.0 : 0.0) - s.probability);
  if (y > 0) s.size += alpha * (y - s.size);
}

double tsb_forecast(const TsbState& s) { return s.probability * s.size; }

namespace {

// Weeks whose one-step error does not count while fitting: the initial states are still
// settling.
constexpr std::size_t kWarmUp = 4;

double mean_of(std::span<const double> y) {
  double sum = 0;
  for (double v : y) sum += v;
  return y.empty() ? 0 : sum / static_cast<double>(y.size());
}

// Mean size and mean interval of the non-zero weeks of the fitting window: the initial state
// of the intermittent methods.
struct DemandShape {
  double size = 0, interval = 1, probability = 0;
};
DemandShape shape_of(std::span<const double> y) {
  DemandShape s;
  double n = 0, sum = 0;
  for (double v : y)
    if (v > 0) {
      n += 1;
      sum += v;
    }
  if (n > 0) {
    s.size = sum / n;
    s.interval = static_cast<double>(y.size()) / n;
    s.probability = n / static_cast<double>(y.size());
  }
  return s;
}

struct Ses {
  struct Params {
    double alpha;
  };
  static std::vector<Params> grid() { return {{0.05}, {0.1}, {0.2}, {0.3}, {0.5}, {0.8}}; }
  static std::string describe(const Params& p) { return fmt::format("alpha={}", p.alpha); }
  Ses(const Params& p, std::span<const double> fit) : p_(p) {
    level_ = mean_of(fit.first(std::min<std::size_t>(fit.size(), 8)));
  }
  void update(double y) { level_ += p_.alpha * (y - level_); }
  double forecast(int) const { return level_; }
  Params p_;
  double level_ = 0;
};

struct DampedTrend {
  struct Params {
    double alpha, beta, phi;
  };
  static std::vector<Params> grid() {
    std::vector<Params> g;
    for (double a : {0.1, 0.2, 0.3, 0.5})
      for (double b : {0.02, 0.05, 0.1, 0.2})
        for (double phi : {0.9, 0.95, 0.98}) g.push_back({a, b, phi});
    return g;
  }
  static std::string describe(const Params& p) {
    return fmt::format("alpha={} beta={} phi={}", p.alpha, p.beta, p.phi);
  }
  DampedTrend(const Params& p, std::span<const double> fit) : p_(p) {
    std::size_t k = std::min<std::size_t>(fit.size() / 2, 4);
    double first = mean_of(fit.first(k)), second = mean_of(fit.subspan(k, k));
    trend_ = k > 0 ? (second - first) / static_cast<double>(k) : 0;
    // `first` is the level in the middle of the first k weeks; the state is the week before.
    level_ = first - trend_ * ((static_cast<double>(k) - 1) / 2 + 1);
  }
  void update(double y) {
    double previous = level_;
    level_ = p_.alpha * y + (1 - p_.alpha) * (level_ + p_.phi * trend_);
    trend_ = p_.beta * (level_ - previous) + (1 - p_.beta) * p_.phi * trend_;
  }
  double forecast(int h) const {
    double damp = 0, power = 1;
    for (int i = 1; i <= h; ++i) {
      power *= p_.phi;
      damp += power;
    }
    return level_ + damp * trend_;
  }
  Params p_;
  double level_ = 0, trend_ = 0;
};

struct CrostonSba {
  struct Params {
    double alpha;
  };
  static std::vector<Params> grid() { return {{0.05}, {0.1}, {0.2}, {0.3}}; }
  static std::string describe(const Params& p) { return fmt::format("alpha={}", p.alpha); }
  CrostonSba(const Params& p, std::span<const double> fit) : p_(p) {
    auto s = shape_of(fit);
    state_.size = s.size;
    state_.interval = s.interval;
  }
  void update(double y) { croston_update(state_, y, p_.alpha); }
  double forecast(int) const { return sba_forecast(state_, p_.alpha); }
  Params p_;
  CrostonState state_;
};

struct Tsb {
  struct Params {
    double alpha, beta;
  };
  static std::vector<Params> grid() {
    std::vector<Params> g;
    for (double a : {0.05, 0.1, 0.2, 0.3})
      for (double b : {0.02, 0.05, 0.1, 0.2}) g.push_back({a, b});
    return g;
  }
  static std::string describe(const Params& p) {
    return fmt::format("alpha={} beta={}", p.alpha, p.beta);
  }
  Tsb(const Params& p, std::span<const double> fit) : p_(p) {
    auto s = shape_of(fit);
    state_.size = s.size;
    state_.probability = s.probability;
  }
  void update(double y) { tsb_update(state_, y, p_.alpha, p_.beta); }
  double forecast(int) const { return tsb_forecast(state_); }
  Params p_;
  TsbState state_;
};

template <class Model>
double one_step_sse(const typename Model::Params& p, std::span<const double> fit) {
  Model m(p, fit);
  double sse = 0;
  for (std::size_t t = 0; t < fit.size(); ++t) {
    if (t >= kWarmUp) {
      double e = fit[t] - m.forecast(1);
      sse += e * e;
    }
    m.update(fit[t]);
  }
  return sse;
}

template <class Model>
RollingForecasts run_model(Method method, std::span<const double> y, std::size_t fit_end,
                           std::size_t first_origin, int horizon) {
  auto fit = y.first(fit_end);
  auto grid = Model::grid();
  auto best = grid.front();
  double best_sse = std::numeric_limits<double>::infinity();
  for (const auto& p : grid)
    if (double sse = one_step_sse<Model>(p, fit); sse < best_sse) {
      best_sse = sse;
      best = p;
    }
  RollingForecasts out{method, Model::describe(best), first_origin, horizon, {}};
  out.values.reserve((y.size() - first_origin + 1) * static_cast<std::size_t>(horizon));
  Model m(best, fit);
  for (std::size_t t = 0; t <= y.size(); ++t) {
    if (t >= first_origin)
      for (int h = 1; h <= horizon; ++h) out.values.push_back(std::max(0.0, m.forecast(h)));
    if (t < y.size()) m.update(y[t]);
  }
  return out;
}

RollingForecasts run_naive(std::span<const double> y, std::size_t first_origin, int horizon) {
  RollingForecasts out{Method::naive, "", first_origin, horizon, {}};
  for (std::size_t t = first_origin; t <= y.size(); ++t)
    for (int h = 1; h <= horizon; ++h) out.values.push_back(y[t - 1]);
  return out;
}

RollingForecasts run_seasonal_naive(std::span<const double> y, std::size_t first_origin,
                                    int horizon) {
  RollingForecasts out{Method::seasonal_naive, "52 weeks", first_origin, horizon, {}};
  for (std::size_t t = first_origin; t <= y.size(); ++t)
    for (int h = 1; h <= horizon; ++h) {
      std::size_t back =
          kSeasonWeeks * ((static_cast<std::size_t>(h) + kSeasonWeeks - 1) / kSeasonWeeks);
      out.values.push_back(y[t - 1 + static_cast<std::size_t>(h) - back]);
    }
  return out;
}

// The buckets of `k` weeks ending at `origin`, oldest first (a partial oldest one dropped).
std::vector<double> buckets_before(std::span<const double> y, std::size_t origin, std::size_t k) {
  std::vector<double> b(origin / k);
  for (std::size_t j = 0; j < b.size(); ++j) {
    std::size_t end = origin - (b.size() - 1 - j) * k;
    double sum = 0;
    for (std::size_t t = end - k; t < end; ++t) sum += y[t];
    b[j] = sum;
  }
  return b;
}

RollingForecasts run_adida(std::span<const double> y, std::size_t fit_end, std::size_t first_origin,
                           int horizon, double adi) {
  double bucket = std::isfinite(adi) ? std::ceil(adi) : 2;
  auto k = static_cast<std::size_t>(std::clamp(bucket, 2.0, 13.0));
  auto fit_buckets = buckets_before(y, fit_end, k);
  auto grid = Ses::grid();
  auto best = grid.front();
  double best_sse = std::numeric_limits<double>::infinity();
  for (const auto& p : grid)
    if (double sse = one_step_sse<Ses>(p, fit_buckets); sse < best_sse) {
      best_sse = sse;
      best = p;
    }
  RollingForecasts out{
      Method::adida, fmt::format("bucket={} alpha={}", k, best.alpha), first_origin, horizon, {}};
  for (std::size_t t = first_origin; t <= y.size(); ++t) {
    auto b = buckets_before(y, t, k);
    Ses m(best, b);
    for (double v : b) m.update(v);
    double per_week = std::max(0.0, m.forecast(1) / static_cast<double>(k));
    for (int h = 1; h <= horizon; ++h) out.values.push_back(per_week);
  }
  return out;
}

}  // namespace

RollingForecasts rolling_forecasts(Method m, std::span<const double> weeks, std::size_t fit_end,
                                   std::size_t first_origin, int horizon, double adi) {
  switch (m) {
    case Method::naive:
      return run_naive(weeks, first_origin, horizon);
    case Method::seasonal_naive:
      return run_seasonal_naive(weeks, first_origin, horizon);
    case Method::ses:
      return run_model<Ses>(m, weeks, fit_end, first_origin, horizon);
    case Method::damped_trend:
      return run_model<DampedTrend>(m, weeks, fit_end, first_origin, horizon);
    case Method::croston_sba:
      return run_model<CrostonSba>(m, weeks, fit_end, first_origin, horizon);
    case Method::tsb:
      return run_model<Tsb>(m, weeks, fit_end, first_origin, horizon);
    case Method::adida:
      return run_adida(weeks, fit_end, first_origin, horizon, adi);
  }
  return run_naive(weeks, first_origin, horizon);
}

}  // namespace rfinv::inventory
