#include "inventory/planning/history.h"

#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>

#include "inventory/catalog/internal/catalog_rows.h"
#include "inventory/ledger/holds.h"
#include "inventory/store/store_database.h"
#include "sql/database.h"

namespace rfinv::inventory {
namespace {

// 1970-01-01 was a Thursday: Mondays fall 4 days after a multiple of 7 days from the epoch.
constexpr Micros kMondayOffset = 4LL * 24 * 3600 * 1'000'000;

std::int64_t week_index(Micros at) {
  Micros shifted = at - kMondayOffset;
  return shifted >= 0 ? shifted / kWeekMicros : -((-shifted + kWeekMicros - 1) / kWeekMicros);
}

// The week index of `at` as SQL, for grouping rows by week inside SQLite (times are after
// 1970-01-05, so integer division is the floor).
std::string sql_week(std::string_view column) {
  return fmt::format("(({} - {}) / {})", column, kMondayOffset, kWeekMicros);
}

// Weekly totals per item (and its first week) gathered from every source, then laid out.
// (week index, demand) pairs, several for one week when several sources have it: a vector,
// not a map, as 100,000 items of 3 years make millions of them.
struct Accumulator {
  std::int64_t first = INT64_MAX;
  std::vector<std::pair<std::int64_t, double>> weeks;
};

// The location `root` and every location below it, as an SQL list of ids.
std::string subtree_ids(sql::Database& db, std::int64_t root) {
  auto st = db.prepare(
      "WITH RECURSIVE below(id) AS (SELECT ?1 UNION ALL "
      "SELECT l.id FROM location l JOIN below b ON l.parent_id = b.id) SELECT id FROM below");
  st.bind(1, root);
  std::string ids;
  while (st.step()) ids += (ids.empty() ? "" : ",") + std::to_string(st.int64(0));
  return ids;
}

// Adds the rows (item_id, week index, qty) of `sql` to the accumulators of items in `keep`
// (all items when `keep` is empty).
void add_weeks(sql::Database& db, const std::string& sql,
               std::unordered_map<std::int64_t, Accumulator>& acc, bool only_known) {
  auto st = db.prepare(sql);
  while (st.step()) {
    auto item = st.int64(0);
    auto it = acc.find(item);
    if (it == acc.end()) {
      if (only_known) continue;
      it = acc.emplace(item, Accumulator{}).first;
    }
    auto week = st.int64(1);
    double qty = st.real(2);
    it->second.first = std::min(it->second.first, week);
    if (qty != 0) it->second.weeks.emplace_back(week, qty);
  }
}

// The demand sources, each as (item_id, week, qty) rows, restricted by `where_item` and, for
// a location's series, to the locations `location_ids`.
void gather(sql::Database& db, const std::string& where_item,
            const std::optional<std::string>& location_ids,
            std::unordered_map<std::int64_t, Accumulator>& acc) {
  auto at_location = [&](std::string_view column) {
    return location_ids ? fmt::format(" AND {} IN ({})", column, *location_ids) : std::string();
  };
  // First movements start the series (an item stocked long before its first issue has had
  // weeks without demand); they add nothing.
  add_weeks(db,
            fmt::format("SELECT item_id, {}, 0.0 FROM movement m WHERE 1 {} GROUP BY item_id",
                        sql_week("min(at)"), where_item),
            acc, false);
  // Issues, except those reversed since (a mistaken issue was no demand).
  add_weeks(db,
            fmt::format("SELECT item_id, {} AS w, sum(qty) * 1.0 FROM movement m "
                        "WHERE kind = 'issue' {}{} AND NOT EXISTS (SELECT 1 FROM movement r "
                        "WHERE r.idem_key = 'reversal of movement ' || m.id) GROUP BY item_id, w",
                        sql_week("at"), where_item, at_location("from_location_id")),
            acc, false);
  add_weeks(db,
            fmt::format("SELECT item_id, {} AS w, sum(qty) * 1.0 FROM demand_refusal m "
                        "WHERE 1 {}{} GROUP BY item_id, w",
                        sql_week("at"), where_item, at_location("location_id")),
            acc, false);
  add_weeks(db,
            fmt::format("SELECT item_id, {} AS w, sum(qty) * 1.0 FROM demand_import m "
                        "WHERE 1 {}{} GROUP BY item_id, w",
                        sql_week("day"), where_item, at_location("location_id")),
            acc, false);
}

}  // namespace

Micros week_start(Micros at) { return week_index(at) * kWeekMicros + kMondayOffset; }

Result<std::vector<DemandSeries>> load_demand_series(Store& store, const SeriesSelection& which,
                                                     std::span<const ExternalDemand> external,
                                                     Micros now) {
  return sql::guarded("reading demand history", [&]() -> Result<std::vector<DemandSeries>> {
    auto& db = database_of(store);
    std::optional<std::int64_t> only_item, only_location;
    if (which.sku) {
      only_item = find_item_id(db, *which.sku);
      if (!only_item) return make_error(Errc::not_found, "unknown SKU {}", *which.sku);
    }
    if (which.location) {
      only_location = find_location_id(db, *which.location);
      if (!only_location)
        return make_error(Errc::not_found, "unknown location {}", *which.location);
    }
    const std::int64_t last_week = week_index(now) - 1;  // the last complete week
    std::unordered_map<std::int64_t, std::string> skus;
    {
      auto st = db.prepare("SELECT id, sku FROM item WHERE ?1 IS NULL OR id = ?1 ORDER BY sku");
      st.bind(1, only_item);
      while (st.step()) skus.emplace(st.int64(0), st.text(1));
    }
    auto lay_out = [&](std::int64_t item, const std::optional<std::string>& location,
                       const Accumulator& a) {
      DemandSeries s;
      s.item_id = item;
      s.sku = skus[item];
      s.location = location;
      std::int64_t first = std::min(a.first, last_week + 1);
      s.first_week = first * kWeekMicros + kMondayOffset;
      s.weeks.assign(static_cast<std::size_t>(last_week + 1 - first), 0.0);
      for (auto [week, qty] : a.weeks)
        if (week >= first && week <= last_week)
          s.weeks[static_cast<std::size_t>(week - first)] += qty;
      return s;
    };
    std::vector<DemandSeries> out;
    std::string where_item = only_item ? fmt::format(" AND m.item_id = {}", *only_item) : "";
    if (!only_location) {
      std::unordered_map<std::int64_t, Accumulator> acc;
      gather(db, where_item, std::nullopt, acc);
      for (const auto& e : external) {
        auto item = find_item_id(db, e.sku);
        if (!item || (only_item && *item != *only_item)) continue;
        auto& a = acc[*item];
        a.first = std::min(a.first, week_index(e.at));
        a.weeks.emplace_back(week_index(e.at), static_cast<double>(e.qty));
      }
      for (const auto& [id, sku] : skus) {
        auto it = acc.find(id);
        out.push_back(lay_out(id, std::nullopt, it == acc.end() ? Accumulator{} : it->second));
      }
    }
    if (which.location_levels || only_location) {
      auto st = db.prepare(
          "SELECT ll.item_id, ll.location_id, l.code FROM location_level ll "
          "JOIN location l ON l.id = ll.location_id WHERE (?1 IS NULL OR ll.item_id = ?1) "
          "AND (?2 IS NULL OR ll.location_id = ?2) ORDER BY ll.item_id, l.code");
      st.bind(1, only_item).bind(2, only_location);
      std::vector<std::tuple<std::int64_t, std::int64_t, std::string>> levels;
      while (st.step()) levels.emplace_back(st.int64(0), st.int64(1), st.text(2));
      if (only_location && levels.empty())
        return make_error(Errc::not_found, "{} has no level of its own for {}", *which.location,
                          which.sku.value_or("any item"));
      for (const auto& [item, location, code] : levels) {
        std::unordered_map<std::int64_t, Accumulator> acc;
        acc.emplace(item, Accumulator{});
        gather(db, fmt::format(" AND m.item_id = {}", item), subtree_ids(db, location), acc);
        out.push_back(lay_out(item, code, acc[item]));
      }
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const DemandSeries& a, const DemandSeries& b) { return a.sku < b.sku; });
    return out;
  });
}

Result<bool> record_refused_issue(Store& store, const MovementRequest& issue, Micros now) {
  if (issue.kind != MovementKind::issue || !issue.from || issue.qty <= 0) return false;
  auto free = available_stock(store, issue.sku, *issue.from, issue.hold);
  if (!free) return free.error().code == Errc::not_found ? Result<bool>(false) : free.error();
  if (*free >= issue.qty) return false;  // refused for another reason than stock
  return sql::guarded("recording a refused issue", [&]() -> Result<bool> {
    auto& db = database_of(store);
    sql::Transaction tx(db);
    auto item = find_item_id(db, issue.sku);
    auto location = find_location_id(db, *issue.from);
    if (!item || !location) return false;
    std::string key = issue.key ? "key:" + *issue.key
                                : fmt::format("{}|{}|{}|{}|{}", *item, *location, issue.qty,
                                              issue.actor, now / (3600LL * 1'000'000));
    db.prepare(
          "INSERT OR IGNORE INTO demand_refusal(item_id, location_id, qty, requested, actor, at, "
          "dedupe_key) VALUES (?, ?, ?, ?, ?, ?, ?)")
        .bind(1, *item)
        .bind(2, *location)
        .bind(3, issue.qty - std::max<std::int64_t>(0, *free))
        .bind(4, issue.qty)
        .bind(5, issue.actor)
        .bind(6, now)
        .bind(7, key)
        .run();
    bool written = db.changes() > 0;
    tx.commit();
    return written;
  });
}

}  // namespace rfinv::inventory
