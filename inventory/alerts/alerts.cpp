#include "inventory/alerts/alerts.h"

#include "base/backoff.h"
#include "base/subprocess.h"
#include "base/text.h"
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
    auto st = database_of(store).prepare(
        "SELECT i.supplier, i.sku, i.name, i.unit, i.on_hand, i.on_order, i.reorder_point, "
        "a.suggested_qty, i.unit_cost_cents, i.lead_days FROM alert a JOIN item i "
        "ON i.id = a.item_id WHERE a.cleared_at IS NULL AND a.location_id IS NULL "
        "ORDER BY i.supplier, i.sku");
    std::vector<ReorderLine> out;
    while (st.step()) {
      ReorderLine line{st.text(0),  st.text(1),  st.text(2),  st.text(3),  st.int64(4),
                       st.int64(5), st.int64(6), st.int64(7), st.int64(8), st.int64(9)};
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
    // Values were checked by set_config; a hand-edited bad value falls back to the default.
    if (*value) {
      try {
        *field = std::chrono::seconds(std::stoll(**value));
      } catch (const std::exception&) {
      }
    }
  }
  return policy;
}

Result<DeliveryReport> deliver_alert_notices(Store& store, const DeliveryPolicy& policy) {
  auto command = get_config(store, "alert.command");
  if (!command) return command.error();
  return sql::guarded("delivering alert notices", [&]() -> Result<DeliveryReport> {
    auto& db = database_of(store);
    DeliveryReport report;
    if (*command) {
      // Read the due notices first: the command runs outside any transaction.
      struct Due {
        std::int64_t id, attempts;
        std::string payload;
        Micros next_attempt_at;
      };
      std::vector<Due> due;
      auto st = db.prepare(
          "SELECT id, attempts, payload, next_attempt_at FROM alert_notice "
          "WHERE delivered_at IS NULL ORDER BY id LIMIT 100");
      while (st.step()) due.push_back({st.int64(0), st.int64(1), st.text(2), st.int64(3)});
      for (const auto& notice : due) {
        // Notices go out in order: one waiting for its retry holds back the later ones.
        if (notice.next_attempt_at > now_micros()) break;
        auto outcome = run_command(**command, notice.payload + "\n", policy.timeout);
        if (outcome.ok) {
          db.prepare(
                "UPDATE alert_notice SET delivered_at = ?, attempts = attempts + 1 "
                "WHERE id = ?")
              .bind(1, now_micros())
              .bind(2, notice.id)
              .run();
          ++report.delivered;
          continue;
        }
        db.prepare(
              "UPDATE alert_notice SET attempts = attempts + 1, last_error = ?, "
              "next_attempt_at = ? WHERE id = ?")
            .bind(1, outcome.detail)
            .bind(2, now_micros() + retry_delay(policy.retry, notice.attempts))
            .bind(3, notice.id)
            .run();
        ++report.failed;
        break;
      }
    }
    auto left = db.prepare("SELECT count(*) FROM alert_notice WHERE delivered_at IS NULL");
    left.step();
    report.pending = std::size_t(left.int64(0));
    return report;
  });
}

}  // namespace rfinv::inventory
