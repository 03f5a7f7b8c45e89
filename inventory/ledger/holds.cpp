#include "inventory/ledger/holds.h"

#include "inventory/catalog/internal/catalog_rows.h"
#include "inventory/ledger/internal/ledger_apply.h"
#include "inventory/ledger/lots.h"
#include "inventory/store/store_database.h"

namespace rfinv::inventory {

std::int64_t available_at(sql::Database& db, std::int64_t item_id, std::int64_t location_id,
                          const std::optional<std::string>& usable,
                          const std::optional<std::string>& today) {
  // The lots' part is an indexed lookup that finds nothing for an untracked item.
  auto st = db.prepare(
      "SELECT COALESCE((SELECT qty FROM stock WHERE item_id = ?1 AND location_id = ?2), 0) - "
      "COALESCE((SELECT SUM(qty) FROM stock_hold WHERE item_id = ?1 AND location_id = ?2 AND "
      "(?3 IS NULL OR hold_key != ?3)), 0) - "
      "(CASE WHEN ?4 IS NULL THEN 0 ELSE (SELECT COALESCE(SUM(s.qty), 0) FROM lot_stock s "
      "JOIN lot l ON l.id = s.lot_id WHERE s.item_id = ?1 AND s.location_id = ?2 AND "
      "(l.held_at IS NOT NULL OR l.expiry < ?4)) END)");
  st.bind(1, item_id).bind(2, location_id).bind(3, usable).bind(4, today);
  st.step();
  return std::max<std::int64_t>(0, st.int64(0));
}

void draw_hold(sql::Database& db, const std::string& key, std::int64_t qty) {
  // A hold drawn to nothing is deleted before any update: stock_hold keeps positive holds only,
  // so setting it to 0 first would fail its CHECK.
  db.prepare("DELETE FROM stock_hold WHERE hold_key = ? AND qty <= ?")
      .bind(1, key)
      .bind(2, qty)
      .run();
  db.prepare("UPDATE stock_hold SET qty = qty - ? WHERE hold_key = ?")
      .bind(1, qty)
      .bind(2, key)
      .run();
}

Status place_hold(sql::Transaction& tx, const std::string& key, const std::string& sku,
                  const std::string& location, std::int64_t qty) {
  auto& db = tx.db();
  if (qty <= 0) return make_error(Errc::invalid_argument, "a hold must be positive, got {}", qty);
  auto item = find_item_id(db, sku);
  if (!item) return make_error(Errc::not_found, "unknown SKU {}", sku);
  auto where = find_location_id(db, location);
  if (!where) return make_error(Errc::not_found, "unknown location {}", location);
  auto taken = db.prepare("SELECT 1 FROM stock_hold WHERE hold_key = ?");
  if (taken.bind(1, key).step()) return make_error(Errc::conflict, "hold {} exists", key);
  std::int64_t free = available_at(db, *item, *where, std::nullopt, utc_date(now_micros()));
  if (free < qty)
    return make_error(Errc::refused, "only {} of {} free at {} ({} asked; the rest is held)", free,
                      sku, location, qty);
  db.prepare("INSERT INTO stock_hold(hold_key, item_id, location_id, qty) VALUES (?, ?, ?, ?)")
      .bind(1, key)
      .bind(2, *item)
      .bind(3, *where)
      .bind(4, qty)
      .run();
  return {};
}

void release_hold(sql::Transaction& tx, const std::string& key) {
  tx.db().prepare("DELETE FROM stock_hold WHERE hold_key = ?").bind(1, key).run();
}

Result<std::int64_t> available_stock(Store& store, const std::string& sku,
                                     const std::string& location,
                                     const std::optional<std::string>& usable) {
  return sql::guarded("reading free stock", [&]() -> Result<std::int64_t> {
    auto& db = database_of(store);
    auto item = find_item_id(db, sku);
    if (!item) return make_error(Errc::not_found, "unknown SKU {}", sku);
    auto where = find_location_id(db, location);
    if (!where) return make_error(Errc::not_found, "unknown location {}", location);
    return available_at(db, *item, *where, usable, utc_date(now_micros()));
  });
}

}  // namespace rfinv::inventory
