#include "inventory/ledger/orders.h"

#include "base/text.h"
#include "inventory/alerts/internal/alert_engine.h"
#include "inventory/catalog/internal/catalog_rows.h"
#include "inventory/catalog/validate.h"
#include "inventory/store/store_database.h"
#include "sql/database.h"

namespace rfinv::inventory {
namespace {

constexpr std::string_view kOrderSelect =
    "SELECT o.id, i.sku, o.qty, o.received, o.status, o.supplier, o.actor, o.placed_at "
    "FROM purchase_order o JOIN item i ON i.id = o.item_id";

std::optional<PurchaseOrder> read_order(sql::Database& db, std::string_view where,
                                        const std::string& arg) {
  auto st = db.prepare(std::string(kOrderSelect) + " WHERE " + std::string(where));
  if (!st.bind(1, arg).step()) return std::nullopt;
  PurchaseOrder o{st.int64(0), st.text(1), st.int64(2), st.int64(3),
                  st.text(4),  st.text(5), st.text(6),  st.int64(7)};
  return o;
}

}  // namespace

Result<PlacedOrder> place_order(Store& store, const std::string& sku, std::int64_t qty,
                                const std::string& actor, const std::optional<std::string>& key) {
  if (qty <= 0) return make_error(Errc::invalid_argument, "quantity must be positive, got {}", qty);
  if (qty > kMaxQuantity)
    return make_error(Errc::invalid_argument,
                      "quantity {} is more than the maximum of {} units per order", qty,
                      kMaxQuantity);
  if (key)
    if (auto ok = check_text("idempotency key", *key, TextKind::name); !ok) return ok.error();
  return sql::guarded("placing order", [&]() -> Result<PlacedOrder> {
    auto& db = database_of(store);
    sql::Transaction tx(db);
    if (key) {
      if (auto earlier = read_order(db, "o.idem_key = ?", *key)) {
        // A key names one order: a retry must repeat it, a different order is a conflict.
        if (earlier->qty != qty || find_item_id(db, earlier->sku) != find_item_id(db, sku))
          return make_error(Errc::conflict,
                            "key {} was used by purchase order {} ({} {}); a retry must repeat "
                            "it exactly",
                            *key, earlier->id, earlier->qty, earlier->sku);
        return PlacedOrder{*earlier, true, {}};
      }
    }
    auto item = read_item(db, sku);
    if (!item) return make_error(Errc::not_found, "unknown SKU {}", sku);
    std::int64_t on_order = 0;
    {
      auto st = db.prepare("SELECT on_order FROM item WHERE id = ?");
      if (st.bind(1, item->id).step()) on_order = st.int64(0);
    }
    auto total = checked_add(fmt::format("on order of {}", sku), on_order, qty);
    if (!total) return total.error();
    Micros now = now_micros();
    db.prepare(
          "INSERT INTO purchase_order(item_id, qty, status, supplier, actor, placed_at, idem_key) "
          "VALUES (?, ?, 'open', ?, ?, ?, ?)")
        .bind(1, item->id)
        .bind(2, qty)
        .bind(3, item->fields.supplier)
        .bind(4, actor)
        .bind(5, now)
        .bind(6, key)
        .run();
    auto id = db.last_insert_id();
    db.prepare("UPDATE item SET on_order = on_order + ? WHERE id = ?")
        .bind(1, qty)
        .bind(2, item->id)
        .run();
    PlacedOrder out{*read_order(db, "o.id = ?", std::to_string(id)), false, {}};
    out.alerts = evaluate_alerts(tx, item->id, {}, false, now);
    tx.commit();
    return out;
  });
}

Result<PlacedOrder> cancel_order(Store& store, std::int64_t id) {
  return sql::guarded("cancelling order", [&]() -> Result<PlacedOrder> {
    auto& db = database_of(store);
    sql::Transaction tx(db);
    auto order = read_order(db, "o.id = ?", std::to_string(id));
    if (!order) return make_error(Errc::not_found, "no purchase order {}", id);
    if (order->status != "open")
      return make_error(Errc::refused, "purchase order {} is {}", id, order->status);
    db.prepare("UPDATE purchase_order SET status = 'cancelled' WHERE id = ?").bind(1, id).run();
    auto item_id = *find_item_id(db, order->sku);
    db.prepare("UPDATE item SET on_order = on_order - ? WHERE id = ?")
        .bind(1, order->qty - order->received)
        .bind(2, item_id)
        .run();
    PlacedOrder out{*read_order(db, "o.id = ?", std::to_string(id)), false, {}};
    out.alerts = evaluate_alerts(tx, item_id, {}, true, now_micros());
    tx.commit();
    return out;
  });
}

Result<std::vector<PurchaseOrder>> list_orders(Store& store, bool include_closed) {
  return sql::guarded("listing orders", [&]() -> Result<std::vector<PurchaseOrder>> {
    auto st = database_of(store).prepare(std::string(kOrderSelect) +
                                         " WHERE ?1 OR o.status = 'open' ORDER BY o.id");
    st.bind(1, include_closed ? 1 : 0);
    std::vector<PurchaseOrder> out;
    while (st.step())
      out.push_back({st.int64(0), st.text(1), st.int64(2), st.int64(3), st.text(4), st.text(5),
                     st.text(6), st.int64(7)});
    return out;
  });
}

}  // namespace rfinv::inventory
