#include "service/demand_chart.h"

#include <fmt/format.h>

namespace rfinv::service {
namespace {

struct ChartWords {
  const char* title;  // {} is the SKU, then " @ LOCATION" when there is one
  const char* week;
  const char* units;
  const char* history;
  const char* forecast;
  const char* band80;
  const char* band95;
};

constexpr ChartWords kEnglish{
    "Weekly demand for {}", "week (Monday)", "units", "demand", "forecast", "80% band", "95% band"};
constexpr ChartWords kChinese{"{} 每周需求", "周（周一）", "数量",    "需求",
                              "预测",        "80% 区间",   "95% 区间"};

// Monday's date, "2026-11-30".
std::string week_label(Micros monday) { return format_utc(monday).substr(0, 10); }

}  // namespace

chart::LineChart demand_chart(const inventory::DemandForecast& f, const std::string& lang) {
  const ChartWords& w = lang == "zh-CN" ? kChinese : kEnglish;
  chart::LineChart c;
  std::string subject = f.sku + (f.location ? " @ " + *f.location : "");
  c.title = fmt::format(fmt::runtime(w.title), subject);
  c.x_title = w.week;
  c.y_title = w.units;
  const std::size_t h = f.history.size(), n = h + f.forecast.size();
  for (std::size_t i = 0; i < h; ++i)
    c.categories.push_back(
        week_label(f.first_week + static_cast<Micros>(i) * inventory::kWeekMicros));
  for (std::size_t k = 0; h + k < n; ++k)
    c.categories.push_back(
        week_label(f.forecast_week + static_cast<Micros>(k) * inventory::kWeekMicros));
  // The forecast starts the week after the last one in the history, so both run on one axis.
  if (!f.forecast.empty()) {
    c.bands.push_back({w.band95, h, f.lower95, f.upper95, 0.15});
    c.bands.push_back({w.band80, h, f.lower80, f.upper80, 0.3});
  }
  c.lines.push_back({w.history, 0, f.history, false});
  if (!f.forecast.empty()) c.lines.push_back({w.forecast, h, f.forecast, true});
  return c;
}

Result<std::string> demand_chart_svg(Node& node, const std::string& sku,
                                     const std::optional<std::string>& location, int horizon_weeks,
                                     const std::string& lang) {
  auto forecast = node.demand_forecast(sku, location, horizon_weeks);
  if (!forecast) return forecast.error();
  return chart::render_svg(demand_chart(*forecast, lang));
}

}  // namespace rfinv::service
