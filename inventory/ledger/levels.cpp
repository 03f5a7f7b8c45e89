#include "inventory/ledger/levels.h"

#include "inventory/alerts/internal/alert_engine.h"
#include "inventory/catalog/internal/catalog_rows.h"
#include "inventory/catalog/validate.h"
#include "inventory/store/store_database.h"
#include "sql/database.h"

namespace rfinv::inventory {
namespace {

struct Ids {
  std::int64_t item, location;
};

Result<Ids> resolve(sql::Database& db, const std::string& sku, const std::string& location) {
  auto item = find_item_id(db, sku);
  if (!item) return make_error(Errc::not_found, "unknown SKU {}", sku);
  auto loc = find_location_id(db, location);
  if (!loc) return make_error(Errc::not_found, "unknown location {}", location);
  return Ids{*item, *loc};
}

// The item's own levels (edit_item's lines), changed inside the caller's transaction.
Result<std::vector<AlertChange>> set_item_levels(sql::Transaction& tx, const LevelChanges& c) {
  auto& db = tx.db();
  std::int64_t item = 0, safety = 0, reorder_point = 0, reorder_qty = 0;
  std::optional<std::int64_t> max_level;
  {
    auto st = db.prepare(
        "SELECT id, safety_stock, reorder_point, reorder_qty, max_level FROM item WHERE sku = ?");
    if (!st.bind(1, c.sku).step()) return make_error(Errc::not_found, "unknown SKU {}", c.sku);
    item = st.int64(0);
    safety = c.safety_stock.value_or(st.int64(1));
    reorder_point = c.reorder_point.value_or(st.int64(2));
    reorder_qty = c.reorder_qty.value_or(st.int64(3));
    max_level = st.optional_int64(4);
  }
  if (c.max_level) max_level = c.max_level;
  if (c.clear_max_level) max_level.reset();
  if (auto bad = check_levels(safety, reorder_point, reorder_qty, max_level)) return bad->error;
  db.prepare(
        "UPDATE item SET safety_stock = ?, reorder_point = ?, reorder_qty = ?, max_level = ? "
        "WHERE id = ?")
      .bind(1, safety)
      .bind(2, reorder_point)
      .bind(3, reorder_qty)
      .bind(4, max_level)
      .bind(5, item)
      .run();
  return evaluate_alerts(tx, item, {}, true, now_micros());
}

}  // namespace

Result<std::vector<AlertChange>> set_levels(sql::Transaction& tx, const LevelChanges& c) {
  auto& db = tx.db();
  if (c.location.empty()) return set_item_levels(tx, c);
  auto ids = resolve(db, c.sku, c.location);
  if (!ids) return ids.error();
  LocationLevel level;
  level.sku = c.sku;
  level.location = c.location;
  {
    auto st = db.prepare(
        "SELECT safety_stock, reorder_point, reorder_qty, max_level FROM location_level "
        "WHERE item_id = ? AND location_id = ?");
    if (st.bind(1, ids->item).bind(2, ids->location).step()) {
      level.safety_stock = st.int64(0);
      level.reorder_point = st.int64(1);
      level.reorder_qty = st.int64(2);
      level.max_level = st.optional_int64(3);
    }
  }
  level.safety_stock = c.safety_stock.value_or(level.safety_stock);
  level.reorder_point = c.reorder_point.value_or(level.reorder_point);
  level.reorder_qty = c.reorder_qty.value_or(level.reorder_qty);
  if (c.max_level) level.max_level = c.max_level;
  if (c.clear_max_level) level.max_level.reset();
  if (auto bad =
          check_levels(level.safety_stock, level.reorder_point, level.reorder_qty, level.max_level))
    return bad->error;
  db.prepare(
        "INSERT OR REPLACE INTO location_level(item_id, location_id, safety_stock, "
        "reorder_point, reorder_qty, max_level) VALUES (?,?,?,?,?,?)")
      .bind(1, ids->item)
      .bind(2, ids->location)
      .bind(3, level.safety_stock)
      .bind(4, level.reorder_point)
      .bind(5, level.reorder_qty)
      .bind(6, level.max_level)
      .run();
  StockTouch touched[] = {{ids->location, true}};  // a new line may stand above the stock
  return evaluate_alerts(tx, ids->item, touched, false, now_micros());
}

Result<std::vector<AlertChange>> set_location_level(Store& store, const LevelChanges& c) {
  return sql::guarded("setting location level", [&]() -> Result<std::vector<AlertChange>> {
    sql::Transaction tx(database_of(store));
    auto changes = set_levels(tx, c);
    if (changes) tx.commit();
    return changes;
  });
}

Status clear_location_level(Store& store, const std::string& sku, const std::string& location) {
  return sql::guarded("clearing location level", [&]() -> Status {
    auto& db = database_of(store);
    sql::Transaction tx(db);
    auto ids = resolve(db, sku, location);
    if (!ids) return ids.error();
    db.prepare("DELETE FROM location_level WHERE item_id = ? AND location_id = ?")
        .bind(1, ids->item)
        .bind(2, ids->location)
        .run();
    if (db.changes() == 0)
      return make_error(Errc::not_found, "{} has no level of its own for {}", location, sku);
    db.prepare(
          "UPDATE alert SET cleared_at = ? WHERE item_id = ? AND location_id = ? "
          "AND cleared_at IS NULL")
        .bind(1, now_micros())
        .bind(2, ids->item)
        .bind(3, ids->location)
        .run();
    tx.commit();
    return {};
  });
}

Result<std::vector<LocationLevel>> list_location_levels(Store& store) {
  return sql::guarded("listing location levels", [&]() -> Result<std::vector<LocationLevel>> {
    auto st = database_of(store).prepare(
        "SELECT i.sku, l.code, ll.safety_stock, ll.reorder_point, ll.reorder_qty, ll.max_level "
        "FROM location_level ll JOIN item i ON i.id = ll.item_id "
        "JOIN location l ON l.id = ll.location_id ORDER BY i.sku, l.code");
    std::vector<LocationLevel> out;
    while (st.step())
      out.push_back(
          {st.text(0), st.text(1), st.int64(2), st.int64(3), st.int64(4), st.optional_int64(5)});
    return out;
  });
}

}  // namespace rfinv::inventory
