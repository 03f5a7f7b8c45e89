// Private to inventory/: alert evaluation inside the caller's transaction.
//
// An item is watched when it (or a location level) has a safety stock or a reorder point.
// Severity, from worst: stockout (on hand is zero), safety (on hand below safety stock),
// reorder (on hand + on order at or below the reorder point). A scope (the item site-wide,
// or one location level) has at most one open alert: raised when severity leaves "none",
// escalated (with a notice) when it gets worse than the alert has been, cleared when it
// returns to "none". Each change writes a notice for the alert command to the outbox.
// An item that has never moved is not alerted: not stocked yet is not out of stock. A
// receipt never raises an alert (a delivery arriving case by case is no news to procurement).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "inventory/ledger/ledger.h"
#include "sql/database.h"

namespace rfinv::inventory {

// A location whose stock of the item changed; `may_raise` when it lost stock (or its line
// moved): only a change downward can cross a line downward and raise an alert.
struct StockTouch {
  std::int64_t location_id;
  bool may_raise;
};

// Re-evaluates the item's site-wide alert and the alerts of every location level that
// contains one of `touched` locations (a level covers its location and all below it).
// `site_may_raise` when the site-wide position went down or the item's levels changed.
// Any evaluation may escalate or clear an open alert; only a downward change raises one.
// A movement passes how it changed the site-wide position (`site_change`): when the position
// was above every line before and still is, no site-wide alert can be open (the evaluation
// that put it there cleared any) or raised, and it is not looked up.
struct PositionChange {
  std::int64_t on_hand = 0, on_order = 0;
};
std::vector<AlertChange> evaluate_alerts(sql::Transaction& tx, std::int64_t item_id,
                                         std::span<const StockTouch> touched, bool site_may_raise,
                                         Micros now,
                                         std::optional<PositionChange> site_change = std::nullopt);

class PendingTotals;

// What an open alert shows between its events.
struct AlertFigures {
  std::int64_t on_hand = 0, on_order = 0, suggested_qty = 0;
  bool operator==(const AlertFigures&) const = default;
};

// A scope's open alert, as its row stores it.
struct OpenAlert {
  std::int64_t id = 0;
  std::string kind;  // the worst it reached: "reorder", "safety" or "stockout"
  AlertFigures figures;
  Micros raised_at = 0;
};

// What an evaluation reads of an item: its site-wide position and lines, its open site-wide
// alert, and whether it has location levels. A movement reads it in the statement that reads
// its item (item_alert_columns(), kItemAlertJoin), so the evaluation reads none of it again.
struct ItemAlertState {
  std::int64_t on_hand = 0, on_order = 0;
  std::int64_t safety_stock = 0, reorder_point = 0, reorder_qty = 0, lead_days = 0;
  std::optional<std::int64_t> max_level;
  std::optional<OpenAlert> open_alert;  // the open site-wide alert, if any
  bool has_levels = false;
};
// The columns of item `i` (with kItemAlertJoin in the FROM clause) that item_alert_state()
// reads, in this order.
const std::string& item_alert_columns();
inline constexpr std::string_view kItemAlertJoin =
    "LEFT JOIN alert a ON a.item_id = i.id AND ifnull(a.location_id, 0) = 0 "
    "AND a.cleared_at IS NULL";
ItemAlertState item_alert_state(const sql::Statement& st, int first_column);

// evaluate_alerts() for a movement that has just been written: `after` is the item's state
// read before it, with its position changed by `change`. The movement's row exists, so the
// item has moved. With `pending` (a batch's, for an item without location levels), the open
// site-wide alert's figures, when no event changes it, wait there (pending_totals.h).
std::vector<AlertChange> evaluate_movement_alerts(sql::Transaction& tx, std::int64_t item_id,
                                                  const ItemAlertState& after,
                                                  std::span<const StockTouch> touched,
                                                  bool site_may_raise, Micros now,
                                                  PositionChange change, PendingTotals* pending);

// What is still to order for a scope, so that on hand + on order ends strictly above the
// reorder point, at least at the safety stock and above zero (every line the alert watches),
// and at the target: up to the maximum level when one is set; else that shortfall rounded up to
// whole reorder quantities; else the last 30 days' usage over the lead time plus the safety
// stock. What is already on order counts: 0 when it covers the shortfall.
std::int64_t suggested_order_qty(sql::Database& db, std::int64_t item_id, std::int64_t on_hand,
                                 std::int64_t on_order, std::int64_t safety,
                                 std::int64_t reorder_point, std::int64_t reorder_qty,
                                 std::optional<std::int64_t> max_level, std::int64_t lead_days,
                                 Micros now);

}  // namespace rfinv::inventory
