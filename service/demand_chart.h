// An item's demand chart: weekly demand history, its forecast, and the forecast's 80% and 95%
// bands (inventory/planning/forecast.h), as an SVG (base/chart). One drawing for both front
// ends: `rfinv plan --item SKU --svg FILE` and the web app's stock card.
//
// Threading: the Node's.
#pragma once

#include <optional>
#include <string>

#include "base/chart/chart.h"
#include "base/result.h"
#include "inventory/planning/forecast.h"
#include "service/node.h"

namespace rfinv::service {

// The chart's words are English ("en") or Simplified Chinese ("zh-CN"); anything else is
// English.
chart::LineChart demand_chart(const inventory::DemandForecast& forecast, const std::string& lang);

// The SVG of the demand chart of `sku` (site-wide, or at `location`) for `horizon_weeks`.
// Errors as Node::demand_forecast (not_found, invalid_argument).
Result<std::string> demand_chart_svg(Node& node, const std::string& sku,
                                     const std::optional<std::string>& location, int horizon_weeks,
                                     const std::string& lang);

}  // namespace rfinv::service
