// Private to inventory/: reading catalog rows and resolving codes to ids.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "inventory/catalog/catalog.h"
#include "sql/database.h"

namespace rfinv::inventory {

inline constexpr std::string_view kItemSelect =
    "SELECT id, sku, name, unit, gtin, unit_cost_cents, supplier, safety_stock, reorder_point, "
    "reorder_qty, max_level, lead_days, on_hand, on_order, lot_tracked, expiry_tracked, "
    "expiry_horizon_days FROM item";

Item item_from_row(const sql::Statement& st);
std::optional<Item> read_item(sql::Database& db, const std::string& sku);
std::optional<std::int64_t> find_item_id(sql::Database& db, std::string_view sku);
std::optional<std::int64_t> find_location_id(sql::Database& db, std::string_view code);
std::optional<std::int64_t> find_dept_id(sql::Database& db, std::string_view code);

// What is wrong with an item, and which CSV column it is about.
struct FieldProblem {
  std::string column;
  Error error;
};

// Validates and inserts an item inside the caller's transaction (add and CSV import).
std::optional<FieldProblem> insert_item_in_transaction(sql::Database& db, const std::string& sku,
                                                       ItemFields fields);

}  // namespace rfinv::inventory
