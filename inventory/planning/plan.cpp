#include "inventory/planning/plan.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "inventory/planning/abc.h"
#include "inventory/planning/backtest.h"
#include "inventory/planning/classify.h"
#include "inventory/planning/lead_time.h"
#include "inventory/planning/policy.h"
#include "inventory/store/config.h"
#include "inventory/store/store_database.h"
#include "sql/database.h"

namespace rfinv::inventory {
namespace {

constexpr double kZ80 = 1.2815515655446004, kZ95 = 1.959963984540054;

Result<std::optional<double>> number_setting(Store& store, const std::string& key) {
  auto value = get_config(store, key);
  if (!value) return value.error();
  if (!*value) return std::optional<double>();
  return std::optional<double>(std::stod(**value));  // get_config checked it is a number
}

void set_bands(DemandForecast& f, const std::vector<double>& step_rmse) {
  for (std::size_t h = 0; h < f.forecast.size(); ++h) {
    double s = step_rmse[h];
    f.lower80.push_back(std::max(0.0, f.forecast[h] - kZ80 * s));
    f.upper80.push_back(f.forecast[h] + kZ80 * s);
    f.lower95.push_back(std::max(0.0, f.forecast[h] - kZ95 * s));
    f.upper95.push_back(f.forecast[h] + kZ95 * s);
  }
}

struct ItemRow {
  double unit_cost = 0;
  std::int64_t lead_days = 0;
  Levels levels;
};

}  // namespace

double PlanSettings::service_level_for(char abc) const {
  int i = abc == 'A' ? 0 : abc == 'B' ? 1 : 2;
  return service_level_by_class[i].value_or(service_level);
}

Result<PlanSettings> load_plan_settings(Store& store) {
  PlanSettings s;
  auto level = number_setting(store, "plan.service_level");
  if (!level) return level.error();
  s.service_level = level->value_or(0.95);
  const char* classes[] = {"A", "B", "C"};
  for (int i = 0; i < 3; ++i) {
    auto v = number_setting(store, std::string("plan.service_level.") + classes[i]);
    if (!v) return v.error();
    s.service_level_by_class[i] = *v;
  }
  auto weeks = number_setting(store, "plan.order_weeks");
  if (!weeks) return weeks.error();
  s.order_weeks = static_cast<int>(weeks->value_or(4));
  auto cost = number_setting(store, "plan.order_cost");
  if (!cost) return cost.error();
  s.order_cost = *cost;
  auto rate = number_setting(store, "plan.holding_rate");
  if (!rate) return rate.error();
  s.holding_rate = *rate;
  auto bucket = get_config(store, "plan.bucket");  // checked: "week" is the only bucket
  if (!bucket) return bucket.error();
  return s;
}

PlanLine plan_series(const DemandSeries& series, const LeadTime& lead, char abc, double unit_cost,
                     const PlanSettings& settings, int horizon) {
  PlanLine line;
  auto& f = line.forecast;
  f.sku = series.sku;
  f.location = series.location;
  f.first_week = series.first_week;
  f.history = series.weeks;
  f.forecast_week = series.first_week + static_cast<Micros>(series.weeks.size()) * kWeekMicros;
  line.abc = abc;
  line.lead = lead;
  line.service_level = settings.service_level_for(abc);
  auto c = classify(series.weeks);
  f.demand_class = std::string(to_string(c.demand_class));
  f.method = "none";
  const std::size_t n = series.weeks.size();
  bool any = std::any_of(series.weeks.begin(), series.weeks.end(), [](double y) { return y > 0; });
  if (!any) {
    f.fallback = true;
    f.reason = fmt::format("no demand recorded in {} weeks: the hand-set levels stand", n);
    return line;
  }
  auto origins = backtest_origins(n, lead.weeks);
  if (!origins) {
    f.fallback = true;
    f.reason = fmt::format(
        "short history: {} weeks, {} needed ({} to fit, {} backtest origins, lead time {} "
        "weeks): the hand-set levels stand",
        n, kMinFitWeeks + kMinOrigins + static_cast<std::size_t>(lead.weeks) - 1, kMinFitWeeks,
        kMinOrigins, lead.weeks);
    return line;
  }
  auto candidates = backtest_methods(series.weeks, lead.weeks, horizon, c.adi);
  const auto& best = choose(candidates);
  f.method = std::string(to_string(best.method));
  line.rmsse = best.rmsse;
  line.mase = best.mase;
  line.bias = best.bias;
  f.forecast.assign(best.forecast.begin(), best.forecast.begin() + horizon);
  set_bands(f, best.step_rmse);
  const Backtest* runner_up = nullptr;
  for (const auto& b : candidates)
    if (&b != &best && (!runner_up || b.rmsse < runner_up->rmsse)) runner_up = &b;
  f.reason = fmt::format(
      "{} demand (ADI {:.2f}, CV2 {:.2f}); {}{} had the lowest RMSSE of {} "
      "methods over {} backtest origins{}",
      f.demand_class, c.adi, c.cv2, f.method,
      best.parameters.empty() ? "" : " (" + best.parameters + ")", candidates.size(), *origins,
      runner_up ? fmt::format(" (next: {} {:.3f})", to_string(runner_up->method), runner_up->rmsse)
                : "");
  PolicyInputs in;
  in.service_level = line.service_level;
  in.lead_weeks = lead.weeks;
  in.lead_sd_weeks = lead.sd_weeks;
  in.lead_time_rmse = best.lead_time_rmse;
  in.error_dof = std::max(1, static_cast<int>(*origins) / lead.weeks - 1);
  in.skewed = c.demand_class == DemandClass::intermittent || c.demand_class == DemandClass::lumpy;
  in.forecast = best.forecast;
  in.order_weeks = settings.order_weeks;
  // Transfers from the store cost no order: a location's quantity is by order period.
  if (!series.location) {
    in.order_cost = settings.order_cost;
    in.holding_rate = settings.holding_rate;
  }
  in.unit_cost = unit_cost;
  auto p = compute_policy(in);
  line.lead_time_demand = p.lead_time_demand;
  line.eoq = p.eoq;
  line.proposed = Levels{p.safety_stock, p.reorder_point, p.reorder_qty, p.max_level};
  return line;
}

Result<std::vector<PlanLine>> compute_plans(Store& store, const PlanOptions& options,
                                            std::span<const ExternalDemand> external, Micros now) {
  if (options.horizon < 1 || options.horizon > kMaxHorizon)
    return make_error(Errc::invalid_argument, "the horizon must be 1 to {} weeks, not {}",
                      kMaxHorizon, options.horizon);
  auto settings = load_plan_settings(store);
  if (!settings) return settings.error();
  // ABC classes need every item's consumption, whichever item is planned.
  SeriesSelection all;
  all.location_levels = !options.sku;
  auto series = load_demand_series(store, all, external, now);
  if (!series) return series.error();
  auto abc = abc_from_series(store, *series);
  if (!abc) return abc.error();
  if (options.sku) {
    SeriesSelection one;
    one.sku = options.sku;
    auto mine = load_demand_series(store, one, external, now);
    if (!mine) return mine.error();
    series = std::move(mine);
  }
  std::unordered_map<std::string, char> abc_of;
  for (const auto& a : *abc) abc_of[a.sku] = a.abc;
  std::unordered_map<std::string, char> xyz_of;
  for (const auto& a : *abc) xyz_of[a.sku] = a.xyz;
  auto leads = order_lead_times(store);
  if (!leads) return leads.error();
  return sql::guarded("planning", [&]() -> Result<std::vector<PlanLine>> {
    auto& db = database_of(store);
    std::vector<PlanLine> out;
    for (const auto& s : *series) {
      ItemRow item;
      if (s.location) {
        auto st = db.prepare(
            "SELECT i.unit_cost_cents, ll.safety_stock, ll.reorder_point, ll.reorder_qty, "
            "ll.max_level FROM location_level ll JOIN item i ON i.id = ll.item_id JOIN location l "
            "ON l.id = ll.location_id WHERE ll.item_id = ? AND l.code = ?");
        if (!st.bind(1, s.item_id).bind(2, *s.location).step()) continue;
        item.unit_cost = static_cast<double>(st.int64(0)) / 100;
        item.levels = {st.int64(1), st.int64(2), st.int64(3), st.optional_int64(4)};
      } else {
        auto st = db.prepare(
            "SELECT unit_cost_cents, lead_days, safety_stock, reorder_point, reorder_qty, "
            "max_level FROM item WHERE id = ?");
        if (!st.bind(1, s.item_id).step()) continue;
        item.unit_cost = static_cast<double>(st.int64(0)) / 100;
        item.lead_days = st.int64(1);
        item.levels = {st.int64(2), st.int64(3), st.int64(4), st.optional_int64(5)};
      }
      LeadTime lead;
      if (s.location) {
        lead.source = "transfer";
        lead.mean_weeks = 1;
      } else if (auto it = leads->find(s.item_id); it != leads->end()) {
        lead = it->second;
      } else {
        lead.source = "lead_days";
        lead.mean_weeks = static_cast<double>(item.lead_days) / 7;
        lead.weeks = std::max(1, static_cast<int>(std::ceil(lead.mean_weeks - 1e-9)));
      }
      char abc_class = abc_of.count(s.sku) ? abc_of[s.sku] : 'C';
      auto line = plan_series(s, lead, abc_class, item.unit_cost, *settings, options.horizon);
      line.xyz = xyz_of.count(s.sku) ? xyz_of[s.sku] : 'Z';
      line.current = item.levels;
      out.push_back(std::move(line));
    }
    return out;
  });
}

Result<DemandForecast> demand_forecast(Store& store, const std::string& sku,
                                       const std::optional<std::string>& location,
                                       int horizon_weeks, std::span<const ExternalDemand> external,
                                       Micros now) {
  auto lines = compute_plans(store, {sku, horizon_weeks}, external, now);
  if (!lines) return lines.error();
  for (auto& line : *lines)
    if (line.forecast.location == location) return std::move(line.forecast);
  return make_error(Errc::not_found, "{} has no level of its own for {}", location.value_or("-"),
                    sku);
}

}  // namespace rfinv::inventory
