#include "inventory/alerts/alerts.h"

#include <unistd.h>

#include <boost/json.hpp>
#include <thread>

#include "base/backoff.h"
#include "base/subprocess.h"
#include "base/text.h"
#include "inventory/alerts/internal/alert_engine.h"
#include "inventory/catalog/validate.h"
#include "inventory/store/config.h"
#include "inventory/store/store_database.h"
#include "sql/database.h"

namespace rfinv::inventory {
namespace {

constexpr std::string_view kAlertSelect =
    "SELECT a.id, i.sku, i.name, l.code, a.kind, a.on_hand, a.on_order, a.suggested_qty, "
    "a.raised_at, a.escalated_at, a.cleared_at, a.acked_by, a.acked_at FROM alert a "
    "JOIN item i ON i.id = a.item_id LEFT JOIN location l ON l.id = a.location_id";

Alert alert_from_row(const sql::Statement& st) {
  return {st.int64(0),
          st.text(1),
          st.text(2),
          st.optional_text(3),
          st.text(4),
          st.int64(5),
          st.int64(6),
          st.int64(7),
          st.int64(8),
          st.optional_int64(9),
          st.optional_int64(10),
          st.optional_text(11),
          st.optional_int64(12)};
}

// base, 2 x base, 4 x base, ... capped at one hour; `attempts` failed before this failure.
Micros retry_delay(std::chrono::seconds base, std::int64_t attempts) {
  Backoff backoff(base, std::chrono::hours(1));
  return Micros(backoff.delay(attempts + 1).count()) * 1000;
}

}  // namespace

Result<std::vector<Alert>> list_alerts(Store& store, bool include_cleared) {
  return sql::guarded("listing alerts", [&]() -> Result<std::vector<Alert>> {
    auto st = database_of(store).prepare(std::string(kAlertSelect) +
                                         " WHERE ?1 OR a.cleared_at IS NULL ORDER BY a.id DESC");
    st.bind(1, include_cleared ? 1 : 0);
    std::vector<Alert> out;
    while (st.step()) out.push_back(alert_from_row(st));
    return out;
  });
}

Result<Alert> ack_alert(Store& store, std::int64_t id, const std::string& by) {
  if (by.empty()) return make_error(Errc::invalid_argument, "who acknowledges the alert (--by)?");
  if (auto ok = check_text("--by", by, TextKind::name); !ok) return ok.error();
  return sql::guarded("acknowledging alert", [&]() -> Result<Alert> {
    auto& db = database_of(store);
    sql::Transaction tx(db);
    db.prepare("UPDATE alert SET acked_by = ?, acked_at = ? WHERE id = ? AND acked_by IS NULL")
        .bind(1, by)
        .bind(2, now_micros())
        .bind(3, id)
        .run();
    auto st = db.prepare(std::string(kAlertSelect) + " WHERE a.id = ?");
    if (!st.bind(1, id).step()) return make_error(Errc::not_found, "no alert {}", id);
    auto alert = alert_from_row(st);
    tx.commit();
    return alert;
  });
}

Result<std::vector<ReorderLine>> reorder_list(Store& store) {
  return sql::guarded("building the purchase list", [&]() -> Result<std::vector<ReorderLine>> {
    auto& db = database_of(store);
    auto st = db.prepare(
        "SELECT i.supplier, i.sku, i.name, i.unit, i.on_hand, i.on_order, i.reorder_point, "
        "i.unit_cost_cents, i.lead_days, i.id, i.safety_stock, i.reorder_qty, i.max_level "
        "FROM alert a JOIN item i ON i.id = a.item_id "
        "WHERE a.cleared_at IS NULL AND a.location_id IS NULL ORDER BY i.supplier, i.sku");
    std::vector<ReorderLine> out;
    auto now = now_micros();
    while (st.step()) {
      ReorderLine line{st.text(0),  st.text(1),  st.text(2), st.text(3),  st.int64(4),
                       st.int64(5), st.int64(6), 0,          st.int64(7), st.int64(8)};
      // Computed now, from the current figures: what is on order is never bought twice.
      line.suggested_qty = suggested_order_qty(db, st.int64(9), line.on_hand, line.on_order,
                                               st.int64(10), line.reorder_point, st.int64(11),
                                               st.optional_int64(12), line.lead_days, now);
      if (line.suggested_qty == 0) continue;  // open (e.g. below safety) but covered by orders
      auto value = checked_mul(fmt::format("the value of the suggested order for {}", line.sku),
                               line.suggested_qty, line.unit_cost_cents);
      if (!value) return value.error();
      line.value_cents = *value;
      out.push_back(std::move(line));
    }
    return out;
  });
}

Result<DeliveryPolicy> configured_delivery_policy(Store& store) {
  DeliveryPolicy policy;
  for (auto [key, field] : {std::pair{"alert.timeout_seconds", &policy.timeout},
                            std::pair{"alert.retry_seconds", &policy.retry}}) {
    auto value = get_config(store, key);
    if (!value) return value.error();
    // get_config has checked the value is a whole number of seconds in range.
    if (*value) *field = std::chrono::seconds(std::stoll(**value));
  }
  return policy;
}

namespace {

// Who holds a claim: this process, told apart from a later one with the same pid by when it
// started delivering.
std::string claimant() { return fmt::format("{}:{}", getpid(), now_micros()); }

struct Claimed {
  std::int64_t id = 0, attempts = 0;
  std::string payload;
};

enum class Head { claimed, none_due, busy, empty };

// In one write transaction: the oldest undelivered notice, claimed for `who` when it is free
// and due. Only the oldest may be claimed, so one process at a time delivers, in order.
Head claim_head(sql::Database& db, const std::string& who, const DeliveryPolicy& policy,
                bool retry_now, Claimed& out) {
  sql::Transaction tx(db);
  auto now = now_micros();
  {
    auto st = db.prepare(
        "SELECT id, attempts, payload, next_attempt_at, ifnull(claimed_until, 0) "
        "FROM alert_notice WHERE delivered_at IS NULL ORDER BY id LIMIT 1");
    if (!st.step()) return Head::empty;
    out = {st.int64(0), st.int64(1), st.text(2)};
    if (st.int64(4) > now) return Head::busy;  // another process runs the command for it
    if (st.int64(3) > now && !retry_now) return Head::none_due;
  }
  // The claim outlives the command's timeout, so it lapses only when its holder died.
  Micros lease =
      std::chrono::duration_cast<std::chrono::microseconds>(policy.timeout).count() + 30'000'000;
  db.prepare("UPDATE alert_notice SET claimed_by = ?, claimed_until = ? WHERE id = ?")
      .bind(1, who)
      .bind(2, now + lease)
      .bind(3, out.id)
      .run();
  tx.commit();
  return Head::claimed;
}

// The notice as the command receives it: its payload with its own id, so a receiver can tell
// a notice repeated after a crash (between running the command and recording it) from a new one.
std::string with_notice_id(std::int64_t id, const std::string& payload) {
  auto o = boost::json::parse(payload).as_object();
  o["notice"] = id;
  return boost::json::serialize(o);
}

void record_outcome(sql::Database& db, const std::string& who, const Claimed& notice,
                    const CommandOutcome& outcome, const DeliveryPolicy& policy) {
  sql::Transaction tx(db);
  auto now = now_micros();
  if (outcome.ok) {
    db.prepare(
          "UPDATE alert_notice SET delivered_at = ?, attempts = attempts + 1, claimed_by = NULL, "
          "claimed_until = NULL WHERE id = ? AND claimed_by = ?")
        .bind(1, now)
        .bind(2, notice.id)
        .bind(3, who)
        .run();
  } else {
    db.prepare(
          "UPDATE alert_notice SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?, "
          "claimed_by = NULL, claimed_until = NULL WHERE id = ? AND claimed_by = ?")
        .bind(1, outcome.detail)
        .bind(2, now + retry_delay(policy.retry, notice.attempts))
        .bind(3, notice.id)
        .bind(4, who)
        .run();
  }
  tx.commit();
}

NoticeBacklog notice_backlog(sql::Database& db) {
  NoticeBacklog out;
  {
    auto st = db.prepare(
        "SELECT count(*), ifnull(sum(attempts > 0), 0) FROM alert_notice "
        "WHERE delivered_at IS NULL");
    st.step();
    out.pending = std::size_t(st.int64(0));
    out.failing = std::size_t(st.int64(1));
  }
  auto head = db.prepare(
      "SELECT next_attempt_at <= ?1 AND ifnull(claimed_until, 0) <= ?1, last_error "
      "FROM alert_notice WHERE delivered_at IS NULL ORDER BY id LIMIT 1");
  if (head.bind(1, now_micros()).step()) {
    out.due = head.int64(0) != 0;
    out.last_error = head.optional_text(1).value_or("");
  }
  return out;
}

}  // namespace

Result<DeliveryReport> deliver_alert_notices(Store& store, const DeliveryPolicy& policy,
                                             const DeliveryMode& mode) {
  auto command = get_config(store, "alert.command");
  if (!command) return command.error();
  return sql::guarded("delivering alert notices", [&]() -> Result<DeliveryReport> {
    auto& db = database_of(store);
    DeliveryReport report;
    const std::string who = claimant();
    // Bounded: each round delivers one notice, waits for another process's, or stops.
    for (int round = 0; *command && round < 100'000; ++round) {
      Claimed notice;
      auto head = claim_head(db, who, policy, mode.retry_now, notice);
      if (head == Head::empty || head == Head::none_due) break;
      if (head == Head::busy) {
        if (!mode.wait_for_others) break;  // its holder goes on with the ones after it
        // Sleep in short steps: the holder records its outcome within its claim.
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        continue;
      }
      // The command runs outside any transaction: other processes write meanwhile.
      auto outcome =
          run_command(**command, with_notice_id(notice.id, notice.payload) + "\n", policy.timeout);
      record_outcome(db, who, notice, outcome, policy);
      if (!outcome.ok) {
        ++report.failed;
        report.last_error = outcome.detail;
        break;  // notices go out in order: a failed one holds back the later ones
      }
      ++report.delivered;
    }
    auto backlog = notice_backlog(db);
    report.pending = backlog.pending;
    if (report.last_error.empty()) report.last_error = backlog.last_error;
    return report;
  });
}

Result<NoticeBacklog> alert_notice_backlog(Store& store) {
  return sql::guarded("reading the alert notice outbox", [&]() -> Result<NoticeBacklog> {
    return notice_backlog(database_of(store));
  });
}

}  // namespace rfinv::inventory
