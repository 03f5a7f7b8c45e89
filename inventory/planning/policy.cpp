#include "inventory/planning/policy.h"

#include <algorithm>
#include <cmath>

namespace rfinv::inventory {
namespace {

// Whole units from a computed quantity, rounded up; a hair above a whole number from
// floating-point sums does not add a unit.
std::int64_t whole_units(double x) {
  if (x <= 0) return 0;
  return static_cast<std::int64_t>(std::ceil(x - 1e-9));
}

}  // namespace

double normal_quantile(double p) {
  static constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,
                                 -2.759285104469687e+02, 1.383577518672690e+02,
                                 -3.066479806614716e+01, 2.506628277459239e+00};
  static constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02,
                                 -1.556989798598866e+02, 6.680131188771972e+01,
                                 -1.328068155288572e+01};
  static constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01,
                                 -2.400758277161838e+00, -2.549732539343734e+00,
                                 4.374664141464968e+00,  2.938163982698783e+00};
  static constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01,
                                 2.445134137142996e+00, 3.754408661907416e+00};
  constexpr double low = 0.02425, high = 1 - low;
  double x;
  if (p < low) {
    double q = std::sqrt(-2 * std::log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (p <= high) {
    double q = p - 0.5, r = q * q;
    x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
        (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  } else {
    double q = std::sqrt(-2 * std::log(1 - p));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  // One Halley step against the exact CDF.
  double e = 0.5 * std::erfc(-x / std::sqrt(2.0)) - p;
  double u = e * std::sqrt(2 * M_PI) * std::exp(x * x / 2);
  return x - u / (1 + x * u / 2);
}

double student_t_quantile(double p, int dof) {
  if (dof == 1) return std::tan(M_PI * (p - 0.5));
  if (dof == 2) return (2 * p - 1) / std::sqrt(2 * p * (1 - p));
  double z = normal_quantile(p), v = dof;
  double z2 = z * z, z3 = z2 * z, z5 = z3 * z2, z7 = z5 * z2, z9 = z7 * z2;
  return z + (z3 + z) / 4 / v + (5 * z5 + 16 * z3 + 3 * z) / 96 / (v * v) +
         (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / 384 / (v * v * v) +
         (79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z) / 92160 / (v * v * v * v);
}

Policy compute_policy(const PolicyInputs& in) {
  Policy p;
  p.k = std::max(0.0, in.error_dof > 0 ? student_t_quantile(in.service_level, in.error_dof)
                                       : normal_quantile(in.service_level));
  for (int h = 0; h < in.lead_weeks && h < static_cast<int>(in.forecast.size()); ++h)
    p.lead_time_demand += in.forecast[static_cast<std::size_t>(h)];
  p.weekly_demand = p.lead_time_demand / in.lead_weeks;
  double sigma = std::sqrt(in.lead_time_rmse * in.lead_time_rmse +
                           p.weekly_demand * p.weekly_demand * in.lead_sd_weeks * in.lead_sd_weeks);
  if (in.skewed && p.lead_time_demand > 0) {
    // Demand made of few, uneven orders is skewed: the normal quantile would fall short.
    double c = sigma * sigma / (9 * p.lead_time_demand * p.lead_time_demand);
    double base = std::max(0.0, 1 - c + p.k * std::sqrt(c));
    p.safety_stock = whole_units(p.lead_time_demand * base * base * base - p.lead_time_demand);
  } else {
    p.safety_stock = whole_units(p.k * sigma);
  }
  p.reorder_point = p.safety_stock + whole_units(p.lead_time_demand);
  double annual = 52 * p.weekly_demand;
  if (in.order_cost && in.holding_rate && *in.holding_rate > 0 && in.unit_cost > 0 && annual > 0) {
    p.eoq = true;
    p.reorder_qty =
        whole_units(std::sqrt(2 * annual * *in.order_cost / (*in.holding_rate * in.unit_cost)));
  } else {
    p.reorder_qty = whole_units(in.order_weeks * p.weekly_demand);
  }
  p.reorder_qty = std::max<std::int64_t>(1, p.reorder_qty);
  p.max_level = p.reorder_point + p.reorder_qty;
  return p;
}

}  // namespace rfinv::inventory
