#include "cli/views.h"

#include <fmt/format.h>

#include "cli/output.h"

namespace rfinv::cli {

namespace {

boost::json::value time_or_null(const std::optional<Micros>& at) {
  return at ? boost::json::value(format_utc(*at)) : boost::json::value(nullptr);
}

const char* past_tense(const std::string& event) {
  return event == "raise" ? "raised" : event == "escalate" ? "escalated" : "cleared";
}

}  // namespace

boost::json::object alert_json(const inventory::Alert& a) {
  return {{"id", a.id},
          {"sku", a.sku},
          {"name", a.name},
          {"location", json_or_null(a.location)},
          {"kind", a.kind},
          {"on_hand", a.on_hand},
          {"on_order", a.on_order},
          {"suggested_qty", a.suggested_qty},
          {"raised_at", format_utc(a.raised_at)},
          {"escalated_at", time_or_null(a.escalated_at)},
          {"cleared_at", time_or_null(a.cleared_at)},
          {"acked_by", json_or_null(a.acked_by)},
          {"acked_at", time_or_null(a.acked_at)}};
}

boost::json::object alert_change_json(const inventory::AlertChange& c) {
  return {{"id", c.alert_id},         {"event", c.event},
          {"kind", c.kind},           {"location", json_or_null(c.location)},
          {"on_hand", c.on_hand},     {"suggested_qty", c.suggested_qty}};
}

void print_alert_change(const inventory::AlertChange& c, const std::string& sku) {
  if (c.event == "clear") {
    fmt::print("alert {} cleared: {}{} is back above its levels (on hand {})\n", c.alert_id, sku,
               c.location ? " at " + *c.location : std::string(), c.on_hand);
    return;
  }
  fmt::print("alert {} {}: {} for {}{}, on hand {}, suggested order {}\n", c.alert_id,
             past_tense(c.event), c.kind, sku, c.location ? " at " + *c.location : std::string(),
             c.on_hand, c.suggested_qty);
}

}  // namespace rfinv::cli
