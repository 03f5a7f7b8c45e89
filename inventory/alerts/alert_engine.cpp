#include "inventory/alerts/internal/alert_engine.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "inventory/ledger/internal/pending_totals.h"

namespace rfinv::inventory {
namespace {

enum Severity { kNone = 0, kReorder = 1, kSafety = 2, kStockout = 3 };

const char* kind_name(int severity) {
  switch (severity) {
    case kReorder:
      return "reorder";
    case kSafety:
      return "safety";
    case kStockout:
      return "stockout";
  }
  return "none";
}

int severity_of(std::string_view kind) {
  return kind == "stockout" ? kStockout : kind == "safety" ? kSafety : kReorder;
}

struct Scope {
  std::optional<std::int64_t> location_id;  // empty: site-wide
  bool may_raise = false;
  std::int64_t on_hand = 0, on_order = 0;
  std::int64_t safety = 0, reorder_point = 0, reorder_qty = 0, lead_days = 0;
  std::optional<std::int64_t> max_level;
};

int severity(const Scope& s) {
  if (s.safety <= 0 && s.reorder_point <= 0) return kNone;  // not watched
  if (s.on_hand <= 0) return kStockout;
  if (s.on_hand < s.safety) return kSafety;
  if (s.on_hand + s.on_order <= s.reorder_point) return kReorder;
  return kNone;
}

// The notice's payload is built by SQLite from the alert's row in the statement that stores
// it: reading the row out, building the JSON here and binding it back cost more. Its moments
// are the alert's: raised at `raised_at`, cleared now by a clear (the row says so once it is
// written; they are formatted here, as everywhere).
void write_notice(sql::Database& db, std::int64_t alert_id, std::string_view event, Micros now,
                  Micros raised_at) {
  auto at = format_utc(now);
  db.prepare(
        "INSERT INTO alert_notice(alert_id, event, payload, next_attempt_at) "
        "SELECT a.id, ?2, json_object('event', ?2, 'id', a.id, 'sku', i.sku, 'name', i.name, "
        "'unit', i.unit, 'supplier', i.supplier, 'location', l.code, 'kind', a.kind, "
        "'on_hand', a.on_hand, 'on_order', a.on_order, 'suggested_qty', a.suggested_qty, "
        "'raised_at', ?5, 'cleared_at', ?6, 'at', ?4), ?3 FROM alert a "
        "JOIN item i ON i.id = a.item_id LEFT JOIN location l ON l.id = a.location_id "
        "WHERE a.id = ?1")
      .bind(1, alert_id)
      .bind(2, event)
      .bind(3, now)
      .bind(4, at)
      .bind(5, raised_at == now ? at : format_utc(raised_at))
      .bind(6, event == "clear" ? std::optional(at) : std::nullopt)
      .run();
}

std::optional<std::string> location_code(sql::Database& db, std::optional<std::int64_t> id) {
  if (!id) return std::nullopt;
  auto st = db.prepare("SELECT code FROM location WHERE id = ?");
  if (!st.bind(1, *id).step()) return std::nullopt;
  auto code = st.text(0);
  return code;
}

// A location and every location above it, nearest first (a loop in the tree ends the walk).
std::vector<std::int64_t> self_and_parents(sql::Database& db, std::int64_t location_id) {
  std::vector<std::int64_t> out{location_id};
  auto parent = db.prepare("SELECT parent_id FROM location WHERE id = ?");
  while (parent.bind(1, out.back()).step()) {
    auto up = parent.optional_int64(0);
    parent.run();  // rewinds it for the next level
    if (!up || std::find(out.begin(), out.end(), *up) != out.end()) break;
    out.push_back(*up);
  }
  return out;
}

bool ever_moved(sql::Database& db, std::int64_t item_id) {
  auto st = db.prepare("SELECT 1 FROM movement WHERE item_id = ? LIMIT 1");
  bool moved = st.bind(1, item_id).step();
  return moved;
}

// The columns of alert `a` an OpenAlert is read from, in this order.
constexpr std::string_view kOpenAlertColumns =
    "a.id, a.kind, a.on_hand, a.on_order, a.suggested_qty, a.raised_at";

OpenAlert open_alert_at(const sql::Statement& st, int first) {
  return {st.int64(first), st.text(first + 1),
          AlertFigures{st.int64(first + 2), st.int64(first + 3), st.int64(first + 4)},
          st.int64(first + 5)};
}

std::optional<OpenAlert> open_alert(sql::Database& db, std::int64_t item_id,
                                    std::int64_t location_id) {
  static const std::string sql = fmt::format(
      "SELECT {} FROM alert a WHERE a.item_id = ? AND ifnull(a.location_id, 0) = ? "
      "AND a.cleared_at IS NULL",
      kOpenAlertColumns);
  auto find = db.prepare(sql);
  if (!find.bind(1, item_id).bind(2, location_id).step()) return std::nullopt;
  return open_alert_at(find, 0);
}

// `open`: the scope's open alert; `moved`: the item is known to have moved (else it is
// looked up when it matters); `pending`: where an update of the open alert's figures alone
// waits (evaluate_movement_alerts).
void evaluate_scope(sql::Database& db, std::int64_t item_id, const Scope& scope,
                    const std::optional<OpenAlert>& open, bool moved, Micros now,
                    std::vector<AlertChange>& changes, PendingTotals* pending) {
  int now_severity = severity(scope);
  std::optional<std::int64_t> open_id;
  int open_severity = kNone;
  Micros raised_at = now;
  if (open) {
    open_id = open->id;
    open_severity = severity_of(open->kind);
    raised_at = open->raised_at;
  }
  if (!open_id && (now_severity == kNone || !scope.may_raise)) return;
  // Not stocked yet is not out of stock.
  if (!open_id && !moved && !ever_moved(db, item_id)) return;

  auto suggested = suggested_order_qty(db, item_id, scope.on_hand, scope.on_order, scope.safety,
                                       scope.reorder_point, scope.reorder_qty, scope.max_level,
                                       scope.lead_days, now);
  const char* event = nullptr;
  int kind = std::max(open_severity, now_severity);
  if (!open_id) {
    db.prepare(
          "INSERT INTO alert(item_id, location_id, kind, on_hand, on_order, suggested_qty, "
          "raised_at) VALUES (?,?,?,?,?,?,?)")
        .bind(1, item_id)
        .bind(2, scope.location_id)
        .bind(3, kind_name(kind))
        .bind(4, scope.on_hand)
        .bind(5, scope.on_order)
        .bind(6, suggested)
        .bind(7, now)
        .run();
    open_id = db.last_insert_id();
    event = "raise";
  } else {
    // The alert keeps the worst kind it reached; its figures follow the stock. cleared_at is
    // set only by a clear: a statement that sets it makes SQLite update the open-alert index
    // (alert_open is partial on it) even when the value stays NULL.
    bool clear = now_severity == kNone;
    if (pending && !clear && now_severity <= open_severity) {
      pending->keep_alert(*open_id, open->figures, {scope.on_hand, scope.on_order, suggested});
      return;  // no event: only the figures change
    }
    auto update = db.prepare(clear ? "UPDATE alert SET kind = ?1, on_hand = ?2, on_order = ?3, "
                                     "suggested_qty = ?4, cleared_at = ?5 WHERE id = ?6"
                                   : "UPDATE alert SET kind = ?1, on_hand = ?2, on_order = ?3, "
                                     "suggested_qty = ?4, escalated_at = CASE WHEN ?7 THEN ?5 "
                                     "ELSE escalated_at END WHERE id = ?6");
    update.bind(1, kind_name(kind))
        .bind(2, scope.on_hand)
        .bind(3, scope.on_order)
        .bind(4, suggested)
        .bind(5, now)
        .bind(6, *open_id);
    if (!clear) update.bind(7, now_severity > open_severity ? 1 : 0);
    update.run();
    if (now_severity == kNone)
      event = "clear";
    else if (now_severity > open_severity)
      event = "escalate";
  }
  // The row is newer than what the batch kept or read of it.
  if (pending) pending->alert_written(item_id, *open_id);
  if (!event) return;
  write_notice(db, *open_id, event, now, raised_at);
  changes.push_back({*open_id, event, kind_name(kind), location_code(db, scope.location_id),
                     scope.on_hand, suggested, scope.on_order, scope.safety, scope.reorder_point});
}

}  // namespace

std::int64_t suggested_order_qty(sql::Database& db, std::int64_t item_id, std::int64_t on_hand,
                                 std::int64_t on_order, std::int64_t safety,
                                 std::int64_t reorder_point, std::int64_t reorder_qty,
                                 std::optional<std::int64_t> max_level, std::int64_t lead_days,
                                 Micros now) {
  // The lowest position above every line: on hand > 0, at least the safety stock, and on
  // hand + on order above the reorder point. What is on order already counts towards it.
  std::int64_t position = on_hand + on_order;
  std::int64_t clear_level = std::max({reorder_point + 1, safety, std::int64_t(1)});
  if (position >= clear_level) return 0;  // everything needed is on order
  std::int64_t short_by = clear_level - position;
  if (max_level) return std::max(*max_level, clear_level) - position;
  if (reorder_qty > 0)
    return (short_by / reorder_qty + (short_by % reorder_qty != 0)) * reorder_qty;
  constexpr Micros k30Days = 30LL * 24 * 3600 * 1000000;
  auto st = db.prepare(
      "SELECT ifnull(sum(qty), 0) FROM movement WHERE item_id = ? AND kind = 'issue' AND at >= ?");
  st.bind(1, item_id).bind(2, now - k30Days).step();
  double daily = double(st.int64(0)) / 30.0;
  auto demand = std::int64_t(std::ceil(daily * double(std::max<std::int64_t>(lead_days, 1))));
  return std::max(demand + safety, clear_level) - position;
}

const std::string& item_alert_columns() {
  static const std::string columns = fmt::format(
      "i.on_hand, i.on_order, i.safety_stock, i.reorder_point, i.reorder_qty, i.lead_days, "
      "i.max_level, EXISTS (SELECT 1 FROM location_level WHERE item_id = i.id), {}",
      kOpenAlertColumns);
  return columns;
}

ItemAlertState item_alert_state(const sql::Statement& st, int first) {
  ItemAlertState out;
  out.on_hand = st.int64(first);
  out.on_order = st.int64(first + 1);
  out.safety_stock = st.int64(first + 2);
  out.reorder_point = st.int64(first + 3);
  out.reorder_qty = st.int64(first + 4);
  out.lead_days = st.int64(first + 5);
  out.max_level = st.optional_int64(first + 6);
  out.has_levels = st.int64(first + 7) != 0;
  if (!st.is_null(first + 8)) out.open_alert = open_alert_at(st, first + 8);
  return out;
}

namespace {

std::vector<AlertChange> evaluate_item(sql::Transaction& tx, std::int64_t item_id,
                                       const ItemAlertState& item,
                                       std::span<const StockTouch> touched, bool site_may_raise,
                                       bool moved, Micros now,
                                       std::optional<PositionChange> site_change,
                                       PendingTotals* pending) {
  auto& db = tx.db();
  std::vector<AlertChange> changes;
  Scope site{std::nullopt,       site_may_raise,   item.on_hand,   item.on_order, item.safety_stock,
             item.reorder_point, item.reorder_qty, item.lead_days, item.max_level};
  Scope before = site;
  if (site_change) {
    before.on_hand -= site_change->on_hand;
    before.on_order -= site_change->on_order;
  }
  if (!site_change || severity(before) != kNone || severity(site) != kNone)
    evaluate_scope(db, item_id, site, item.open_alert, moved, now, changes, pending);

  // Location levels on a touched location or any location above it, each scope once. A
  // scope may raise when it lost stock and gained none (a move inside it changes nothing).
  // Most items have no level of their own (ItemAlertState::has_levels), and the location tree
  // is walked only for an item that has some.
  if (!item.has_levels) return changes;
  std::vector<Scope> levels;
  {
    auto st = db.prepare(
        "SELECT location_id, safety_stock, reorder_point, reorder_qty, max_level "
        "FROM location_level WHERE item_id = ? ORDER BY location_id");
    st.bind(1, item_id);
    while (st.step())
      levels.push_back({st.int64(0), false, 0, 0, st.int64(1), st.int64(2), st.int64(3),
                        site.lead_days, st.optional_int64(4)});
  }
  std::vector<std::vector<std::int64_t>> above;  // per touched location: itself and its parents
  for (const auto& touch : touched) above.push_back(self_and_parents(db, touch.location_id));
  for (auto& scope : levels) {
    bool lost = false, gained = false;
    for (std::size_t i = 0; i < touched.size(); ++i)
      if (std::find(above[i].begin(), above[i].end(), *scope.location_id) != above[i].end())
        (touched[i].may_raise ? lost : gained) = true;
    if (!lost && !gained) continue;
    scope.may_raise = lost && !gained;
    auto sum = db.prepare(
        "WITH RECURSIVE down(id) AS (SELECT ?1 UNION ALL SELECT l.id FROM location l "
        "JOIN down ON l.parent_id = down.id) "
        "SELECT ifnull(sum(qty), 0) FROM stock WHERE item_id = ?2 "
        "AND location_id IN (SELECT id FROM down)");
    sum.bind(1, *scope.location_id).bind(2, item_id).step();
    scope.on_hand = sum.int64(0);
    // A location is replenished by transfer from the main store, not by purchase orders,
    // so its on_order stays zero.
    evaluate_scope(db, item_id, scope, open_alert(db, item_id, *scope.location_id), moved, now,
                   changes, nullptr);
  }
  return changes;
}

}  // namespace

std::vector<AlertChange> evaluate_alerts(sql::Transaction& tx, std::int64_t item_id,
                                         std::span<const StockTouch> touched, bool site_may_raise,
                                         Micros now, std::optional<PositionChange> site_change) {
  ItemAlertState item;
  {
    auto st = tx.db().prepare(fmt::format("SELECT {} FROM item i {} WHERE i.id = ?",
                                          item_alert_columns(), kItemAlertJoin));
    st.bind(1, item_id).step();
    item = item_alert_state(st, 0);
  }
  return evaluate_item(tx, item_id, item, touched, site_may_raise, false, now, site_change,
                       nullptr);
}

std::vector<AlertChange> evaluate_movement_alerts(sql::Transaction& tx, std::int64_t item_id,
                                                  const ItemAlertState& after,
                                                  std::span<const StockTouch> touched,
                                                  bool site_may_raise, Micros now,
                                                  PositionChange change, PendingTotals* pending) {
  return evaluate_item(tx, item_id, after, touched, site_may_raise, true, now, change, pending);
}

}  // namespace rfinv::inventory
