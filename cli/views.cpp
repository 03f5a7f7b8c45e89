#include "cli/views.h"

#include <fmt/format.h>

#include "cli/output.h"

namespace rfinv::cli {

namespace {

const char* past_tense(const std::string& event) {
  return event == "raise" ? "raised" : event == "escalate" ? "escalated" : "cleared";
}

}  // namespace

boost::json::object alert_change_json(const inventory::AlertChange& c) {
  return {{"id", c.alert_id},
          {"event", c.event},
          {"kind", c.kind},
          {"location", or_null(c.location)},
          {"on_hand", c.on_hand},
          {"on_order", c.on_order},
          {"safety_stock", c.safety_stock},
          {"reorder_point", c.reorder_point},
          {"suggested_qty", c.suggested_qty}};
}

void print_alert_change(const inventory::AlertChange& c, const std::string& sku) {
  auto where = c.location ? " at " + *c.location : std::string();
  if (c.event == "clear") {
    // Only claim "back above its levels" when on hand alone is; an open order can clear a
    // reorder alert while on hand is still at or below the reorder point.
    if (c.on_order > 0 && c.on_hand <= c.reorder_point) {
      fmt::print(
          "alert {} cleared: {}{} is covered by what is on order (on hand {} + on order {} = {}, "
          "above the reorder point {})\n",
          c.alert_id, sku, where, c.on_hand, c.on_order, c.on_hand + c.on_order, c.reorder_point);
      return;
    }
    fmt::print("alert {} cleared: {}{} is back above its levels (on hand {}{}{})\n", c.alert_id,
               sku, where, c.on_hand,
               c.safety_stock > 0 ? fmt::format(", safety stock {}", c.safety_stock) : "",
               c.reorder_point > 0 ? fmt::format(", reorder point {}", c.reorder_point) : "");
    return;
  }
  fmt::print("alert {} {}: {} for {}{}, on hand {}, suggested order {}\n", c.alert_id,
             past_tense(c.event), c.kind, sku, where, c.on_hand, c.suggested_qty);
}

boost::json::object business_event_json(const inventory::BusinessEvent& e) {
  boost::json::array alerts;
  for (const auto& c : e.alerts) alerts.push_back(alert_change_json(c));
  return {{"event", e.kind},
          {"at", format_utc(e.at)},
          {"epc", e.epc},
          {"reader", e.reader},
          {"antenna", e.antenna},
          {"role", inventory::to_string(e.role)},
          {"location", e.location},
          {"sku", or_null(e.sku)},
          {"asset", or_null(e.asset)},
          {"movement", or_null(e.movement_id)},
          {"detail", e.detail},
          {"alerts", std::move(alerts)}};
}

void print_business_event(const inventory::BusinessEvent& e, bool json) {
  if (json) return print_json(business_event_json(e));
  std::string what = e.sku ? *e.sku : e.asset ? "asset " + *e.asset : std::string("?");
  fmt::print("{} {:<10} {:<12} {} {}{}\n", format_utc(e.at), e.kind, what, e.epc, e.detail,
             e.movement_id ? fmt::format(" (movement {})", *e.movement_id) : std::string());
  for (const auto& c : e.alerts) print_alert_change(c, e.sku.value_or(""));
}

void print_rejections(const sync::RoundCounts& round) {
  for (const auto& r : round.rejections)
    fmt::print(stderr, "rfinv: hub refused {}\n", r.describe());
  for (const auto& f : round.failures)
    fmt::print(stderr, "rfinv: could not apply {} here\n", f.describe());
}

}  // namespace rfinv::cli
