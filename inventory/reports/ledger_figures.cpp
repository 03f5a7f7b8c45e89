#include "inventory/reports/ledger_figures.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "inventory/store/store_database.h"
#include "sql/database.h"

namespace rfinv::inventory {
namespace {

constexpr Micros kDay = 86'400'000'000;

Micros day_of(Micros at) { return at >= 0 ? at / kDay : (at - kDay + 1) / kDay; }

// The stock of one scope (an item site-wide, or at a location with levels) replayed in time
// order, counting the days of the period it spent at 0 after it was first stocked.
struct Scope {
  std::int64_t qty = 0;
  bool stocked = false;
  std::optional<Micros> zero_since;  // stock has been 0 since then
  std::int64_t days = 0;
  std::optional<Micros> last_day;  // the last day already counted

  // The zero interval [zero_since, until) ends: its days within the period count once.
  void close(Micros until, const Period& p) {
    if (!zero_since) return;
    Micros a = std::max(*zero_since, p.from), b = std::min(until, p.to);
    zero_since.reset();
    if (a >= b) return;
    Micros first = day_of(a), last = day_of(b - 1);
    if (last_day && first <= *last_day) first = *last_day + 1;
    if (first <= last) days += last - first + 1;
    last_day = std::max(last_day.value_or(last), last);
  }
  void change(std::int64_t delta, Micros at, const Period& p) {
    qty += delta;
    if (qty > 0) {
      stocked = true;
      close(at, p);
    } else if (stocked && !zero_since) {
      zero_since = at;
    }
  }
};

}  // namespace

Result<std::int64_t> units_issued(Store& store, const Period& p) {
  return sql::guarded("reading the ledger", [&]() -> Result<std::int64_t> {
    auto st = database_of(store).prepare(
        "SELECT coalesce(sum(qty), 0) FROM movement WHERE kind = 'issue' AND at >= ? AND at < ?");
    st.bind(1, p.from).bind(2, p.to).step();
    return st.int64(0);
  });
}

Result<std::int64_t> units_refused(Store& store, const Period& p) {
  return sql::guarded("reading refused issues", [&]() -> Result<std::int64_t> {
    auto st = database_of(store).prepare(
        "SELECT coalesce(sum(qty), 0) FROM demand_refusal WHERE at >= ? AND at < ?");
    st.bind(1, p.from).bind(2, p.to).step();
    return st.int64(0);
  });
}

Result<Purchases> purchases(Store& store, const Period& p) {
  return sql::guarded("reading purchase orders", [&]() -> Result<Purchases> {
    auto st = database_of(store).prepare(
        "SELECT count(*), coalesce(sum(u.n), 0), coalesce(sum(u.n * u.cost), 0) FROM ("
        "SELECT CASE o.status WHEN 'cancelled' THEN o.received ELSE o.qty END AS n, "
        "i.unit_cost_cents AS cost FROM purchase_order o JOIN item i ON i.id = o.item_id "
        "WHERE o.placed_at >= ? AND o.placed_at < ?) u WHERE u.n > 0");
    st.bind(1, p.from).bind(2, p.to).step();
    return Purchases{st.int64(0), st.int64(1), st.int64(2)};
  });
}

Result<std::vector<StockoutDays>> stockout_days(Store& store, const Period& p) {
  return sql::guarded("reading the ledger", [&]() -> Result<std::vector<StockoutDays>> {
    auto& db = database_of(store);
    std::map<std::int64_t, std::optional<std::int64_t>> parent;
    std::map<std::int64_t, std::string> location_code;
    {
      auto st = db.prepare("SELECT id, parent_id, code FROM location");
      while (st.step()) {
        parent[st.int64(0)] = st.optional_int64(1);
        location_code[st.int64(0)] = st.text(2);
      }
    }
    std::set<std::pair<std::int64_t, std::int64_t>> levels;  // (item, location)
    {
      auto st = db.prepare("SELECT item_id, location_id FROM location_level");
      while (st.step()) levels.insert({st.int64(0), st.int64(1)});
    }
    std::map<std::int64_t, std::string> sku;
    {
      auto st = db.prepare("SELECT id, sku FROM item");
      while (st.step()) sku[st.int64(0)] = st.text(1);
    }
    // Scope key: (item, location id), location 0 for the item site-wide.
    std::map<std::pair<std::int64_t, std::int64_t>, Scope> scopes;
    auto apply = [&](std::int64_t item, std::optional<std::int64_t> at_location, std::int64_t delta,
                     Micros at) {
      scopes[{item, 0}].change(delta, at, p);
      // The location and every location above it that keeps levels for the item.
      for (auto loc = at_location; loc; loc = parent[*loc])
        if (levels.count({item, *loc})) scopes[{item, *loc}].change(delta, at, p);
    };
    auto st = db.prepare(
        "SELECT item_id, from_location_id, to_location_id, qty, at FROM movement "
        "WHERE at < ? ORDER BY at, id");
    st.bind(1, p.to);
    while (st.step()) {
      std::int64_t item = st.int64(0), qty = st.int64(3);
      Micros at = st.int64(4);
      // A transfer leaves the item's on hand as it is; an adjustment carries its own sign.
      if (auto from = st.optional_int64(1)) apply(item, from, -qty, at);
      if (auto to = st.optional_int64(2)) apply(item, to, qty, at);
    }
    std::vector<StockoutDays> out;
    for (auto& [key, scope] : scopes) {
      scope.close(p.to, p);
      if (scope.days == 0) continue;
      out.push_back({sku[key.first], key.second ? location_code[key.second] : "", scope.days});
    }
    std::sort(out.begin(), out.end(), [](const StockoutDays& a, const StockoutDays& b) {
      if (a.days != b.days) return a.days > b.days;
      return std::tie(a.sku, a.location) < std::tie(b.sku, b.location);
    });
    return out;
  });
}

}  // namespace rfinv::inventory
