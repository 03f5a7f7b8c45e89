#include "inventory/catalog/catalog.h"

#include <tuple>

#include "base/text.h"
#include "inventory/alerts/internal/alert_engine.h"
#include "inventory/catalog/internal/catalog_rows.h"
#include "inventory/catalog/validate.h"
#include "inventory/store/store_database.h"
#include "sql/database.h"

namespace rfinv::inventory {
namespace {

int kind_rank(const std::string& kind) { return kind == "site" ? 0 : kind == "zone" ? 1 : 2; }

// Checks the fields that do not need the database; the problem names the CSV column too.
std::optional<FieldProblem> check_fields(ItemFields& f) {
  auto problem = [](std::string_view column, Error e) {
    return FieldProblem{std::string(column), std::move(e)};
  };
  if (f.name.empty())
    return problem("name", make_error(Errc::invalid_argument, "item name is empty"));
  if (f.unit.empty()) return problem("unit", make_error(Errc::invalid_argument, "unit is empty"));
  for (auto [column, field, value] :
       {std::tuple{"name", "item name", &f.name}, std::tuple{"unit", "unit", &f.unit},
        std::tuple{"supplier", "supplier", &f.supplier}})
    if (auto ok = check_text(field, *value, TextKind::name); !ok)
      return problem(column, ok.error());
  if (f.gtin) {
    auto gtin = normalize_gtin(*f.gtin);
    if (!gtin) return problem("gtin", gtin.error());
    f.gtin = *gtin;
  }
  if (f.unit_cost_cents < 0)
    return problem("cost", make_error(Errc::invalid_argument, "unit cost must not be negative"));
  if (f.lead_days < 0)
    return problem("lead_days",
                   make_error(Errc::invalid_argument, "lead time must not be negative"));
  if (auto bad = check_levels(f.safety_stock, f.reorder_point, f.reorder_qty, f.max_level))
    return problem(bad->field, std::move(bad->error));
  if (f.expiry_horizon_days < 1 || f.expiry_horizon_days > 3650)
    return problem("expiry_horizon", make_error(Errc::invalid_argument,
                                                "expiry horizon must be 1 to 3650 days, got {}",
                                                f.expiry_horizon_days));
  return std::nullopt;
}

}  // namespace

std::optional<FieldProblem> insert_item_in_transaction(sql::Database& db, const std::string& sku,
                                                       ItemFields fields) {
  if (auto ok = check_code("SKU", sku); !ok) return FieldProblem{"sku", ok.error()};
  if (auto problem = check_fields(fields)) return problem;
  if (find_item_id(db, sku))
    return FieldProblem{"sku", make_error(Errc::conflict, "SKU {} already exists", sku)};
  if (fields.gtin) {
    auto st = db.prepare("SELECT sku FROM item WHERE gtin = ?");
    if (st.bind(1, *fields.gtin).step())
      return FieldProblem{"gtin", make_error(Errc::conflict, "GTIN {} already belongs to SKU {}",
                                             *fields.gtin, st.text(0))};
  }
  db.prepare(
        "INSERT INTO item(sku, name, unit, gtin, unit_cost_cents, supplier, safety_stock, "
        "reorder_point, reorder_qty, max_level, lead_days, lot_tracked, expiry_tracked, "
        "expiry_horizon_days) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
      .bind(1, sku)
      .bind(2, fields.name)
      .bind(3, fields.unit)
      .bind(4, fields.gtin)
      .bind(5, fields.unit_cost_cents)
      .bind(6, fields.supplier)
      .bind(7, fields.safety_stock)
      .bind(8, fields.reorder_point)
      .bind(9, fields.reorder_qty)
      .bind(10, fields.max_level)
      .bind(11, fields.lead_days)
      .bind(12, fields.lot_tracked ? 1 : 0)
      .bind(13, fields.expiry_tracked ? 1 : 0)
      .bind(14, fields.expiry_horizon_days)
      .run();
  return std::nullopt;
}

Result<Dept> add_dept(Store& store, const std::string& code, const std::string& name) {
  return sql::guarded("adding department", [&]() -> Result<Dept> {
    if (auto ok = check_code("department code", code); !ok) return ok.error();
    if (auto ok = check_text("department name", name, TextKind::name); !ok) return ok.error();
    auto& db = database_of(store);
    sql::Transaction tx(db);
    if (find_dept_id(db, code))
      return make_error(Errc::conflict, "department {} already exists", code);
    db.prepare("INSERT INTO dept(code, name) VALUES (?, ?)")
        .bind(1, code)
        .bind(2, name.empty() ? code : name)
        .run();
    Dept dept{db.last_insert_id(), code, name.empty() ? code : name};
    tx.commit();
    return dept;
  });
}

Result<std::vector<Dept>> list_depts(Store& store) {
  return sql::guarded("listing departments", [&]() -> Result<std::vector<Dept>> {
    std::vector<Dept> out;
    auto st = database_of(store).prepare("SELECT id, code, name FROM dept ORDER BY code");
    while (st.step()) out.push_back({st.int64(0), st.text(1), st.text(2)});
    return out;
  });
}

Result<Location> add_location(Store& store, const NewLocation& spec) {
  return sql::guarded("adding location", [&]() -> Result<Location> {
    if (auto ok = check_code("location code", spec.code); !ok) return ok.error();
    if (auto ok = check_text("location name", spec.name, TextKind::name); !ok) return ok.error();
    auto& db = database_of(store);
    sql::Transaction tx(db);
    if (find_location_id(db, spec.code))
      return make_error(Errc::conflict, "location {} already exists", spec.code);
    std::optional<std::int64_t> parent_id, dept_id;
    std::string parent_kind;
    if (spec.parent) {
      auto st = db.prepare("SELECT id, kind FROM location WHERE code = ?");
      if (!st.bind(1, *spec.parent).step())
        return make_error(Errc::not_found, "parent location {} does not exist", *spec.parent);
      parent_id = st.int64(0);
      parent_kind = st.text(1);
    }
    std::string kind = spec.kind.value_or(!spec.parent            ? "site"
                                          : parent_kind == "site" ? "zone"
                                                                  : "bin");
    if (kind != "site" && kind != "zone" && kind != "bin")
      return make_error(Errc::invalid_argument, "location kind '{}' must be site, zone or bin",
                        kind);
    if (kind == "site" && spec.parent)
      return make_error(Errc::invalid_argument, "a site has no parent location");
    if (kind != "site" && !spec.parent)
      return make_error(Errc::invalid_argument, "a {} needs a parent location (--parent)", kind);
    if (spec.parent && kind_rank(parent_kind) >= kind_rank(kind))
      return make_error(Errc::invalid_argument, "a {} cannot be inside a {} ({})", kind,
                        parent_kind, *spec.parent);
    if (spec.dept) {
      dept_id = find_dept_id(db, *spec.dept);
      if (!dept_id) return make_error(Errc::not_found, "department {} does not exist", *spec.dept);
    }
    std::string name = spec.name.empty() ? spec.code : spec.name;
    db.prepare(
          "INSERT INTO location(code, name, kind, parent_id, dept_id, quarantine) "
          "VALUES (?,?,?,?,?,?)")
        .bind(1, spec.code)
        .bind(2, name)
        .bind(3, kind)
        .bind(4, parent_id)
        .bind(5, dept_id)
        .bind(6, spec.quarantine ? 1 : 0)
        .run();
    Location loc{db.last_insert_id(), spec.code, name,           kind,
                 spec.parent,         spec.dept, spec.quarantine};
    tx.commit();
    return loc;
  });
}

namespace {

// The columns location_from_row reads, after which a query adds its WHERE and ORDER BY.
constexpr std::string_view kLocationSelect =
    "SELECT l.id, l.code, l.name, l.kind, p.code, d.code, l.quarantine FROM location l "
    "LEFT JOIN location p ON p.id = l.parent_id LEFT JOIN dept d ON d.id = l.dept_id";

Location location_from_row(const sql::Statement& st) {
  return {st.int64(0),         st.text(1),          st.text(2),      st.text(3),
          st.optional_text(4), st.optional_text(5), st.int64(6) != 0};
}

}  // namespace

Result<std::vector<Location>> list_locations(Store& store) {
  return sql::guarded("listing locations", [&]() -> Result<std::vector<Location>> {
    std::vector<Location> out;
    auto st = database_of(store).prepare(std::string(kLocationSelect) + " ORDER BY l.code");
    while (st.step()) out.push_back(location_from_row(st));
    return out;
  });
}

Result<Location> get_location(Store& store, const std::string& code) {
  return sql::guarded("reading location", [&]() -> Result<Location> {
    auto st = database_of(store).prepare(std::string(kLocationSelect) + " WHERE l.code = ?");
    st.bind(1, code);
    if (!st.step()) return make_error(Errc::not_found, "unknown location {}", code);
    return location_from_row(st);
  });
}

Result<Location> set_location_quarantine(Store& store, const std::string& code, bool quarantine) {
  return sql::guarded("editing location", [&]() -> Result<Location> {
    auto& db = database_of(store);
    sql::Transaction tx(db);
    auto id = find_location_id(db, code);
    if (!id) return make_error(Errc::not_found, "unknown location {}", code);
    db.prepare("UPDATE location SET quarantine = ? WHERE id = ?")
        .bind(1, quarantine ? 1 : 0)
        .bind(2, *id)
        .run();
    auto st = db.prepare(std::string(kLocationSelect) + " WHERE l.id = ?");
    st.bind(1, *id).step();
    auto location = location_from_row(st);
    tx.commit();
    return location;
  });
}

Result<Item> add_item(Store& store, const std::string& sku, const ItemFields& fields) {
  return sql::guarded("adding item", [&]() -> Result<Item> {
    auto& db = database_of(store);
    sql::Transaction tx(db);
    if (auto problem = insert_item_in_transaction(db, sku, fields)) return problem->error;
    auto item = read_item(db, sku);
    tx.commit();
    return std::move(*item);
  });
}

Result<Item> edit_item(Store& store, const std::string& sku, const ItemChanges& c) {
  return sql::guarded("editing item", [&]() -> Result<Item> {
    auto& db = database_of(store);
    sql::Transaction tx(db);
    auto item = read_item(db, sku);
    if (!item) return make_error(Errc::not_found, "unknown SKU {}", sku);
    // Stock and orders are counted in the unit: changing it would silently turn 30 boxes into
    // 30 each. Issue, adjust or cancel to zero first.
    if (c.unit && *c.unit != item->fields.unit && (item->on_hand != 0 || item->on_order != 0))
      return make_error(Errc::refused,
                        "{} has {} {} on hand and {} on order: its unit cannot change while "
                        "there is stock or an open order",
                        sku, item->on_hand, item->fields.unit, item->on_order);
    bool tracking_changes = (c.lot_tracked && *c.lot_tracked != item->fields.lot_tracked) ||
                            (c.expiry_tracked && *c.expiry_tracked != item->fields.expiry_tracked);
    if (tracking_changes && item->on_hand != 0)
      return make_error(Errc::refused,
                        "{} has {} {} on hand: its lot or expiry tracking cannot change while "
                        "there is stock (it would be stock without lots)",
                        sku, item->on_hand, item->fields.unit);
    ItemFields f = item->fields;
    if (c.lot_tracked) f.lot_tracked = *c.lot_tracked;
    if (c.expiry_tracked) f.expiry_tracked = *c.expiry_tracked;
    if (c.expiry_horizon_days) f.expiry_horizon_days = *c.expiry_horizon_days;
    if (c.name) f.name = *c.name;
    if (c.unit) f.unit = *c.unit;
    if (c.supplier) f.supplier = *c.supplier;
    if (c.unit_cost_cents) f.unit_cost_cents = *c.unit_cost_cents;
    if (c.safety_stock) f.safety_stock = *c.safety_stock;
    if (c.reorder_point) f.reorder_point = *c.reorder_point;
    if (c.reorder_qty) f.reorder_qty = *c.reorder_qty;
    if (c.max_level) f.max_level = *c.max_level;
    if (c.clear_max_level) f.max_level.reset();
    if (c.lead_days) f.lead_days = *c.lead_days;
    if (c.clear_gtin) f.gtin.reset();
    if (c.gtin) f.gtin = *c.gtin;
    if (auto problem = check_fields(f)) return problem->error;
    if (f.gtin) {
      auto st = db.prepare("SELECT sku FROM item WHERE gtin = ? AND sku <> ?");
      if (st.bind(1, *f.gtin).bind(2, sku).step())
        return make_error(Errc::conflict, "GTIN {} already belongs to SKU {}", *f.gtin, st.text(0));
    }
    db.prepare(
          "UPDATE item SET name=?, unit=?, gtin=?, unit_cost_cents=?, supplier=?, "
          "safety_stock=?, reorder_point=?, reorder_qty=?, max_level=?, lead_days=?, "
          "lot_tracked=?, expiry_tracked=?, expiry_horizon_days=? WHERE id=?")
        .bind(1, f.name)
        .bind(2, f.unit)
        .bind(3, f.gtin)
        .bind(4, f.unit_cost_cents)
        .bind(5, f.supplier)
        .bind(6, f.safety_stock)
        .bind(7, f.reorder_point)
        .bind(8, f.reorder_qty)
        .bind(9, f.max_level)
        .bind(10, f.lead_days)
        .bind(11, f.lot_tracked ? 1 : 0)
        .bind(12, f.expiry_tracked ? 1 : 0)
        .bind(13, f.expiry_horizon_days)
        .bind(14, item->id)
        .run();
    evaluate_alerts(tx, item->id, {}, true, now_micros());
    auto updated = read_item(db, sku);
    tx.commit();
    return std::move(*updated);
  });
}

Result<Item> get_item(Store& store, const std::string& sku) {
  return sql::guarded("reading item", [&]() -> Result<Item> {
    auto item = read_item(database_of(store), sku);
    if (!item) return make_error(Errc::not_found, "unknown SKU {}", sku);
    return std::move(*item);
  });
}

Result<std::vector<Item>> list_items(Store& store) {
  return sql::guarded("listing items", [&]() -> Result<std::vector<Item>> {
    std::vector<Item> out;
    auto st = database_of(store).prepare(std::string(kItemSelect) + " ORDER BY sku");
    while (st.step()) out.push_back(item_from_row(st));
    return out;
  });
}

Result<std::vector<Item>> search_items(Store& store, const std::string& text) {
  return sql::guarded("searching items", [&]() -> Result<std::vector<Item>> {
    std::vector<Item> out;
    // instr, not LIKE: the text is matched literally, '%' and '_' included.
    auto st = database_of(store).prepare(
        std::string(kItemSelect) +
        " WHERE instr(lower(sku), lower(?1)) > 0 OR instr(lower(name), lower(?1)) > 0"
        " OR instr(ifnull(gtin, ''), ?1) > 0 ORDER BY sku");
    st.bind(1, text);
    while (st.step()) out.push_back(item_from_row(st));
    return out;
  });
}

Result<Item> get_item_by_gtin(Store& store, const std::string& gtin) {
  return sql::guarded("reading item", [&]() -> Result<Item> {
    auto st = database_of(store).prepare(std::string(kItemSelect) + " WHERE gtin = ?");
    if (!st.bind(1, gtin).step()) return make_error(Errc::not_found, "no item has GTIN {}", gtin);
    return item_from_row(st);
  });
}

}  // namespace rfinv::inventory
