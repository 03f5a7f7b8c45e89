#include "inventory/catalog/internal/catalog_rows.h"

namespace rfinv::inventory {

Item item_from_row(const sql::Statement& st) {
  Item item;
  item.id = st.int64(0);
  item.sku = st.text(1);
  item.fields.name = st.text(2);
  item.fields.unit = st.text(3);
  item.fields.gtin = st.optional_text(4);
  item.fields.unit_cost_cents = st.int64(5);
  item.fields.supplier = st.text(6);
  item.fields.safety_stock = st.int64(7);
  item.fields.reorder_point = st.int64(8);
  item.fields.reorder_qty = st.int64(9);
  item.fields.max_level = st.optional_int64(10);
  item.fields.lead_days = st.int64(11);
  item.on_hand = st.int64(12);
  item.on_order = st.int64(13);
  item.fields.lot_tracked = st.int64(14) != 0;
  item.fields.expiry_tracked = st.int64(15) != 0;
  item.fields.expiry_horizon_days = st.int64(16);
  return item;
}

std::optional<Item> read_item(sql::Database& db, const std::string& sku) {
  auto st = db.prepare(std::string(kItemSelect) + " WHERE sku = ?");
  if (!st.bind(1, sku).step()) return std::nullopt;
  auto item = item_from_row(st);
  return item;
}

namespace {

std::optional<std::int64_t> id_by_code(sql::Database& db, const char* sql, std::string_view code) {
  auto st = db.prepare(sql);
  if (!st.bind(1, code).step()) return std::nullopt;
  auto id = st.int64(0);
  return id;
}

}  // namespace

std::optional<std::int64_t> find_item_id(sql::Database& db, std::string_view sku) {
  return id_by_code(db, "SELECT id FROM item WHERE sku = ?", sku);
}
std::optional<std::int64_t> find_location_id(sql::Database& db, std::string_view code) {
  return id_by_code(db, "SELECT id FROM location WHERE code = ?", code);
}
std::optional<std::int64_t> find_dept_id(sql::Database& db, std::string_view code) {
  return id_by_code(db, "SELECT id FROM dept WHERE code = ?", code);
}

}  // namespace rfinv::inventory
