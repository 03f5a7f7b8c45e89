#include "inventory/ledger/holds.h"

#include "inventory/catalog/internal/catalog_rows.h"
#include "inventory/ledger/internal/ledger_apply.h"
#include "inventory/ledger/lots.h"
#include "inventory/store/store_database.h"

namespace rfinv::inventory {

namespace {

// What the holds on lot_stock row s's lot keep of it at its location, but hold `usable`'s, at
// most its stock (a count may have found less than is held).
std::string lot_held_sql(std::string_view usable) {
  return fmt::format(
      "MIN(s.qty, COALESCE((SELECT SUM(h.qty) FROM stock_hold h WHERE h.lot_id = s.lot_id AND "
      "h.location_id = s.location_id AND ({0} IS NULL OR h.hold_key != {0})), 0))",
      usable);
}

}  // namespace

std::string free_stock_sql(std::string_view item, std::string_view location,
                           std::string_view usable, std::string_view today) {
  // The stock, less the holds without a lot, less per lot what is not free: all of an unusable
  // lot, the held part of another. The lots' part is an indexed lookup that finds nothing for
  // an untracked item.
  return fmt::format(
      "(COALESCE((SELECT qty FROM stock WHERE item_id = {0} AND location_id = {1}), 0) - "
      "COALESCE((SELECT SUM(qty) FROM stock_hold WHERE item_id = {0} AND location_id = {1} AND "
      "lot_id IS NULL AND ({2} IS NULL OR hold_key != {2})), 0) - "
      "COALESCE((SELECT SUM(CASE WHEN {3} IS NOT NULL AND (l.held_at IS NOT NULL OR l.expiry < "
      "{3}) THEN s.qty ELSE {4} END) FROM lot_stock s JOIN lot l ON l.id = s.lot_id "
      "WHERE s.item_id = {0} AND s.location_id = {1}), 0))",
      item, location, usable, today, lot_held_sql(usable));
}

std::int64_t free_stock_at(sql::Database& db, std::int64_t item_id, std::int64_t location_id,
                           const std::optional<std::string>& usable,
                           const std::optional<std::string>& today) {
  static const std::string kSql = fmt::format("SELECT {}", free_stock_sql("?1", "?2", "?3", "?4"));
  auto st = db.prepare(kSql);
  st.bind(1, item_id).bind(2, location_id).bind(3, usable).bind(4, today);
  st.step();
  return st.int64(0);
}

std::int64_t available_at(sql::Database& db, std::int64_t item_id, std::int64_t location_id,
                          const std::optional<std::string>& usable,
                          const std::optional<std::string>& today) {
  return std::max<std::int64_t>(0, free_stock_at(db, item_id, location_id, usable, today));
}

std::vector<LotAt> lots_at(sql::Database& db, std::int64_t item_id, std::int64_t location_id,
                           const std::optional<std::string>& usable) {
  static const std::string kSql = fmt::format(
      "SELECT s.lot_id, l.code, l.expiry, l.held_reason, l.held_at IS NOT NULL, s.qty, {} "
      "FROM lot_stock s JOIN lot l ON l.id = s.lot_id WHERE s.item_id = ?1 AND "
      "s.location_id = ?2 AND s.qty > 0 ORDER BY l.expiry IS NULL, l.expiry, l.id",
      lot_held_sql("?3"));
  auto st = db.prepare(kSql);
  st.bind(1, item_id).bind(2, location_id).bind(3, usable);
  std::vector<LotAt> out;
  while (st.step())
    out.push_back({st.int64(0), st.text(1), st.optional_text(2), st.optional_text(3),
                   st.int64(4) != 0, st.int64(5), st.int64(6)});
  return out;
}

std::optional<std::int64_t> hold_lot(sql::Database& db, const std::string& key) {
  auto st = db.prepare("SELECT lot_id FROM stock_hold WHERE hold_key = ?");
  if (!st.bind(1, key).step()) return std::nullopt;
  return st.optional_int64(0);
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

namespace {

// The lot `code` of the item, by id, or why a hold cannot name it.
Result<std::int64_t> lot_to_hold(sql::Database& db, std::int64_t item_id, const std::string& sku,
                                 const std::string& code) {
  auto tracked = db.prepare("SELECT lot_tracked OR expiry_tracked FROM item WHERE id = ?");
  if (!tracked.bind(1, item_id).step() || tracked.int64(0) == 0)
    return make_error(Errc::invalid_argument, "lot: {} tracks neither lots nor expiry", sku);
  auto st = db.prepare("SELECT id FROM lot WHERE item_id = ? AND code = ?");
  if (!st.bind(1, item_id).bind(2, code).step())
    return make_error(Errc::not_found, "{} has no lot {}", sku, code);
  return st.int64(0);
}

}  // namespace

Status place_hold(sql::Transaction& tx, const std::string& key, const std::string& sku,
                  const std::string& location, std::int64_t qty,
                  const std::optional<std::string>& lot) {
  auto& db = tx.db();
  if (qty <= 0) return make_error(Errc::invalid_argument, "a hold must be positive, got {}", qty);
  auto item = find_item_id(db, sku);
  if (!item) return make_error(Errc::not_found, "unknown SKU {}", sku);
  auto where = find_location_id(db, location);
  if (!where) return make_error(Errc::not_found, "unknown location {}", location);
  std::optional<std::int64_t> lot_id;
  if (lot) {
    auto id = lot_to_hold(db, *item, sku, *lot);
    if (!id) return id.error();
    lot_id = *id;
  }
  auto taken = db.prepare("SELECT 1 FROM stock_hold WHERE hold_key = ?");
  if (taken.bind(1, key).step()) return make_error(Errc::conflict, "hold {} exists", key);
  Micros now = now_micros();
  std::int64_t free = available_at(db, *item, *where, std::nullopt, utc_date(now));
  if (lot_id) {
    // A hold on a lot takes free units of that lot, which must be usable.
    std::int64_t of_lot = 0;
    for (const auto& at : lots_at(db, *item, *where, std::nullopt))
      if (at.lot_id == *lot_id && !at.quarantined && !is_expired(at.expiry, now))
        of_lot = at.free();
    free = std::min(free, of_lot);
  }
  if (free < qty)
    return make_error(Errc::refused, "only {} of {}{} free at {} ({} asked; the rest is held{})",
                      free, sku, lot ? " lot " + *lot : std::string(), location, qty,
                      lot ? ", expired or in quarantine" : "");
  db.prepare(
        "INSERT INTO stock_hold(hold_key, item_id, location_id, qty, lot_id) VALUES (?, ?, ?, ?, "
        "?)")
      .bind(1, key)
      .bind(2, *item)
      .bind(3, *where)
      .bind(4, qty)
      .bind(5, lot_id)
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
