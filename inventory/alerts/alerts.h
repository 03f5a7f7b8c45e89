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

// What is still to buy: every item whose site-wide alert is open and whose open orders do not
// already cover it, with the quantity still to order (suggested_order_qty, computed from the
// current figures), grouped by supplier then SKU. Fails with refused when a line's value would
// exceed the largest amount rfinv keeps.
Result<std::vector<ReorderLine>> reorder_list(Store& store);

struct DeliveryReport {
  std::size_t delivered = 0;
  std::size_t failed = 0;   // will be retried later, with backoff
  std::size_t pending = 0;  // still waiting (failed now or before, not due yet, or claimed)
  std::string last_error;   // why the oldest waiting notice failed last, if it did
};

struct DeliveryPolicy {
  std::chrono::seconds timeout{10};  // the command is killed after this
  std::chrono::seconds retry{30};    // first retry delay; doubles per attempt, capped at 1 h
};
// The policy configured in the store (alert.timeout_seconds, alert.retry_seconds).
Result<DeliveryPolicy> configured_delivery_policy(Store& store);

struct DeliveryMode {
  bool retry_now = false;        // a notice waiting for its retry is tried at once
  bool wait_for_others = false;  // wait while another process delivers, then go on
};

// Runs the alert command (if configured) once per due notice, oldest first, with the notice
// JSON (its payload plus "notice": its id) on its standard input. Safe from any number of
// processes at once: each notice is claimed in a write transaction before its command runs
// and recorded in another after it, the command running outside both, and only the oldest
// undelivered notice may be claimed, so each is delivered once and in order (a process that
// dies between running the command and recording it leaves the notice to be run again when
// its claim lapses: the "notice" id lets a receiver see the repeat). A failure (non-zero exit,
// timeout) stops this round and schedules a retry with exponential backoff; it never touches
// the ledger. Without a configured command, notices are kept until one is. When another
// process is delivering, this one returns at once (it goes on with the later notices) unless
// `mode.wait_for_others`.
Result<DeliveryReport> deliver_alert_notices(Store& store, const DeliveryPolicy& policy,
                                             const DeliveryMode& mode);

// The outbox at a glance, without running anything.
struct NoticeBacklog {
  std::size_t pending = 0;  // not delivered yet
  std::size_t failing = 0;  // of those, tried and failed at least once
  bool due = false;         // the oldest one may be delivered now (due, and nobody is on it)
  std::string last_error;   // why the oldest one failed last, if it did
};
Result<NoticeBacklog> alert_notice_backlog(Store& store);

}  // namespace rfinv::inventory
