// Low-stock alerts as procurement sees them, the purchase list, and delivery of alert
// notices to the configured command (config key alert.command).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "inventory/store/store.h"

namespace rfinv::inventory {

struct Alert {
  std::int64_t id = 0;
  std::string sku;
  std::string name;
  std::optional<std::string> location;  // empty: site-wide
  std::string kind;                     // "reorder", "safety", "stockout"
  std::int64_t on_hand = 0;
  std::int64_t on_order = 0;
  std::int64_t suggested_qty = 0;
  Micros raised_at = 0;
  std::optional<Micros> escalated_at, cleared_at;
  std::optional<std::string> acked_by;
  std::optional<Micros> acked_at;
};

// Open alerts, or all of them with `include_cleared`; newest first.
Result<std::vector<Alert>> list_alerts(Store& store, bool include_cleared);
// Records who acknowledged the alert. not_found for an unknown id; acking twice keeps the first.
Result<Alert> ack_alert(Store& store, std::int64_t id, const std::string& by);

struct ReorderLine {
  std::string supplier;
  std::string sku;
  std::string name;
  std::string unit;
  std::int64_t on_hand = 0;
  std::int64_t on_order = 0;
  std::int64_t reorder_point = 0;
  std::int64_t suggested_qty = 0;
  std::int64_t unit_cost_cents = 0;
  std::int64_t lead_days = 0;
  std::int64_t value_cents = 0;  // suggested_qty * unit_cost_cents, checked
};

// What to buy: every item whose site-wide alert is open, grouped by supplier then SKU. Fails
// with refused when a line's value would exceed the largest amount rfinv keeps.
Result<std::vector<ReorderLine>> reorder_list(Store& store);

struct DeliveryReport {
  std::size_t delivered = 0;
  std::size_t failed = 0;   // will be retried later, with backoff
  std::size_t pending = 0;  // still waiting (failed now or not due yet)
};

// Runs the alert command (if configured) once per due notice, oldest first, with the notice
// JSON on its standard input. A failure (non-zero exit, timeout) stops this round and
// schedules a retry with exponential backoff; it never touches the ledger. Without a
// configured command, notices are kept until one is.
struct DeliveryPolicy {
  std::chrono::seconds timeout{10};  // the command is killed after this
  std::chrono::seconds retry{30};    // first retry delay; doubles per attempt, capped at 1 h
};
// The policy configured in the store (alert.timeout_seconds, alert.retry_seconds).
Result<DeliveryPolicy> configured_delivery_policy(Store& store);
Result<DeliveryReport> deliver_alert_notices(Store& store, const DeliveryPolicy& policy);

}  // namespace rfinv::inventory
