#include "inventory/planning/apply.h"

#include <fmt/format.h>

#include "inventory/catalog/internal/catalog_rows.h"
#include "inventory/ledger/levels.h"
#include "inventory/store/store_database.h"
#include "sql/database.h"

namespace rfinv::inventory {
namespace {

// FNV-1a, 64 bits: a digest that is the same in every build (std::hash is not).
std::uint64_t fnv1a(std::string_view text, std::uint64_t h = 1469598103934665603ULL) {
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

Levels read_levels(sql::Database& db, std::int64_t item,
                   const std::optional<std::string>& location) {
  if (location) {
    auto st = db.prepare(
        "SELECT ll.safety_stock, ll.reorder_point, ll.reorder_qty, ll.max_level FROM "
        "location_level ll JOIN location l ON l.id = ll.location_id WHERE ll.item_id = ? AND "
        "l.code = ?");
    if (!st.bind(1, item).bind(2, *location).step()) return {};
    return {st.int64(0), st.int64(1), st.int64(2), st.optional_int64(3)};
  }
  auto st = db.prepare(
      "SELECT safety_stock, reorder_point, reorder_qty, max_level FROM item WHERE id = ?");
  if (!st.bind(1, item).step()) return {};
  return {st.int64(0), st.int64(1), st.int64(2), st.optional_int64(3)};
}

std::vector<LevelChange> recorded_changes(sql::Database& db, const std::string& key) {
  auto st = db.prepare(
      "SELECT i.sku, l.code, c.old_safety, c.old_reorder_point, c.old_reorder_qty, c.old_max, "
      "c.new_safety, c.new_reorder_point, c.new_reorder_qty, c.new_max, c.method "
      "FROM plan_level_change c JOIN item i ON i.id = c.item_id LEFT JOIN location l ON "
      "l.id = c.location_id WHERE c.apply_key = ? ORDER BY c.id");
  st.bind(1, key);
  std::vector<LevelChange> out;
  while (st.step())
    out.push_back({st.text(0),
                   st.optional_text(1),
                   {st.int64(2), st.int64(3), st.int64(4), st.optional_int64(5)},
                   {st.int64(6), st.int64(7), st.int64(8), st.optional_int64(9)},
                   st.text(10)});
  return out;
}

}  // namespace

std::string plan_apply_key(std::span<const PlanLine> lines, Micros now) {
  std::uint64_t h = fnv1a("plan");
  for (const auto& line : lines) {
    if (!line.proposed) continue;
    const auto& p = *line.proposed;
    h = fnv1a(
        fmt::format("{}|{}|{}|{}|{}|{};", line.forecast.sku, line.forecast.location.value_or(""),
                    p.safety_stock, p.reorder_point, p.reorder_qty, p.max_level.value_or(-1)),
        h);
  }
  return fmt::format("plan:{}:{:016x}", format_utc(week_start(now)).substr(0, 10), h);
}

Result<AppliedPlan> apply_plans(Store& store, std::span<const PlanLine> lines,
                                const std::string& actor, const std::optional<std::string>& key,
                                Micros now) {
  return sql::guarded("applying the plan", [&]() -> Result<AppliedPlan> {
    auto& db = database_of(store);
    sql::Transaction tx(db);
    AppliedPlan result;
    result.key = key.value_or(plan_apply_key(lines, now));
    {
      auto st = db.prepare("SELECT 1 FROM plan_apply WHERE apply_key = ?");
      if (st.bind(1, result.key).step()) {
        result.replayed = true;
        result.changed = recorded_changes(db, result.key);
        return result;
      }
    }
    for (const auto& line : lines) {
      const auto& f = line.forecast;
      if (!line.proposed) {
        ++result.kept;
        continue;
      }
      auto item = find_item_id(db, f.sku);
      if (!item) return make_error(Errc::not_found, "unknown SKU {}", f.sku);
      Levels before = read_levels(db, *item, f.location);
      const Levels& after = *line.proposed;
      if (before == after) {
        ++result.unchanged;
        continue;
      }
      LevelChanges c;
      c.sku = f.sku;
      c.location = f.location.value_or("");
      c.safety_stock = after.safety_stock;
      c.reorder_point = after.reorder_point;
      c.reorder_qty = after.reorder_qty;
      c.max_level = after.max_level;
      c.clear_max_level = !after.max_level;
      auto set = set_levels(tx, c);
      if (!set) return set.error();
      std::optional<std::int64_t> location;
      if (f.location) location = find_location_id(db, *f.location);
      db.prepare(
            "INSERT INTO plan_level_change(apply_key, item_id, location_id, actor, at, "
            "old_safety, new_safety, old_reorder_point, new_reorder_point, old_reorder_qty, "
            "new_reorder_qty, old_max, new_max, method) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
          .bind(1, result.key)
          .bind(2, *item)
          .bind(3, location)
          .bind(4, actor)
          .bind(5, now)
          .bind(6, before.safety_stock)
          .bind(7, after.safety_stock)
          .bind(8, before.reorder_point)
          .bind(9, after.reorder_point)
          .bind(10, before.reorder_qty)
          .bind(11, after.reorder_qty)
          .bind(12, before.max_level)
          .bind(13, after.max_level)
          .bind(14, f.method)
          .run();
      result.changed.push_back({f.sku, f.location, before, after, f.method});
    }
    db.prepare("INSERT INTO plan_apply(apply_key, actor, at, changed) VALUES (?, ?, ?, ?)")
        .bind(1, result.key)
        .bind(2, actor)
        .bind(3, now)
        .bind(4, static_cast<std::int64_t>(result.changed.size()))
        .run();
    tx.commit();
    return result;
  });
}

}  // namespace rfinv::inventory
