// The catalog: departments, locations (site > zone > bin) and items with their stock levels.
//
// Every function is one transaction on the Store's connection (same thread rule as Store).
// Failures are values: invalid_argument names the field and why, not_found names the missing
// code, conflict names the duplicate; on failure nothing is written.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "inventory/store/store.h"

namespace rfinv::inventory {

struct Dept {
  std::int64_t id = 0;
  std::string code;
  std::string name;
};

struct Location {
  std::int64_t id = 0;
  std::string code;
  std::string name;
  std::string kind;                   // "site", "zone" or "bin"
  std::optional<std::string> parent;  // parent location code
  std::optional<std::string> dept;    // owning department code
  bool quarantine = false;            // expired or held lots may be transferred here (ledger.h)
};

struct NewLocation {
  std::string code;
  std::string name;                 // Default: the code
  std::optional<std::string> kind;  // Default: site without a parent, else one below the parent
  std::optional<std::string> parent;
  std::optional<std::string> dept;
  bool quarantine = false;
};

// The editable fields of an item. In ItemChanges every field is optional (unset = unchanged).
struct ItemFields {
  std::string name;
  std::string unit = "each";
  std::optional<std::string> gtin;  // GTIN-14 (shorter GTINs are padded); check digit validated
  std::int64_t unit_cost_cents = 0;
  std::string supplier;
  std::int64_t safety_stock = 0;
  std::int64_t reorder_point = 0;
  std::int64_t reorder_qty = 0;
  std::optional<std::int64_t> max_level;
  std::int64_t lead_days = 0;
  // Lots (inventory/ledger/lots.h): receipts name a lot, give an expiry date. The horizon is
  // how many days before its expiry a lot counts as expiring (1..3650).
  bool lot_tracked = false;
  bool expiry_tracked = false;
  std::int64_t expiry_horizon_days = 30;
};

struct Item {
  std::int64_t id = 0;
  std::string sku;
  ItemFields fields;
  std::int64_t on_hand = 0;   // all locations
  std::int64_t on_order = 0;  // open purchase orders
};

struct ItemChanges {
  std::optional<std::string> name, unit, gtin, supplier;
  std::optional<std::int64_t> unit_cost_cents, safety_stock, reorder_point, reorder_qty, max_level,
      lead_days;
  bool clear_gtin = false, clear_max_level = false;
  std::optional<bool> lot_tracked, expiry_tracked;
  std::optional<std::int64_t> expiry_horizon_days;
};

Result<Dept> add_dept(Store& store, const std::string& code, const std::string& name);
Result<std::vector<Dept>> list_depts(Store& store);

Result<Location> add_location(Store& store, const NewLocation& location);
Result<std::vector<Location>> list_locations(Store& store);
// not_found ("unknown location CODE") when there is no such location.
Result<Location> get_location(Store& store, const std::string& code);
// Makes a location a quarantine location or an ordinary one. not_found for an unknown code.
Result<Location> set_location_quarantine(Store& store, const std::string& code, bool quarantine);

Result<Item> add_item(Store& store, const std::string& sku, const ItemFields& fields);
// Changes only what `changes` gives. Level changes re-evaluate the item's alerts in the same
// transaction. refused when the unit would change while the item has stock on hand or on order
// (they are counted in it), or its lot or expiry tracking while it has stock on hand (its
// stock would be without lots); invalid_argument for lines check_levels refuses.
Result<Item> edit_item(Store& store, const std::string& sku, const ItemChanges& changes);
Result<Item> get_item(Store& store, const std::string& sku);
Result<std::vector<Item>> list_items(Store& store);
// Items whose SKU or name contains `text` (ASCII letters in any case) or whose GTIN contains
// it, by SKU. SQLite compares the rows: the catalog is not loaded to search it.
Result<std::vector<Item>> search_items(Store& store, const std::string& text);
// The item with this GTIN-14 (its unique index); not_found when there is none.
Result<Item> get_item_by_gtin(Store& store, const std::string& gtin);

// Imports items from a CSV file with a header row naming columns among: sku, name, unit, gtin,
// cost, supplier, safety, reorder_point, reorder_qty, max, lead_days (sku and name required).
// All or nothing: on any error nothing is written and the error names line and column.
// Returns the number of items imported.
Result<std::size_t> import_items_csv(Store& store, const std::string& path);

}  // namespace rfinv::inventory
