#include "inventory/alerts/expiry_alerts.h"

#include "inventory/store/store_database.h"

namespace rfinv::inventory {
namespace {

// The UTC date of `at` as SQLite writes it (YYYY-MM-DD), which is how lots keep expiries.
std::string utc_day(sql::Database& db, Micros at) {
  auto st = db.prepare("SELECT date(?, 'unixepoch')");
  st.bind(1, at / 1'000'000).step();
  return st.text(0);
}

constexpr std::string_view kAlertSelect =
    "SELECT a.id, i.sku, i.name, lt.code, a.expiry, a.kind, a.on_hand, a.raised_at, "
    "a.expired_at, a.cleared_at FROM expiry_alert a JOIN lot lt ON lt.id = a.lot_id "
    "JOIN item i ON i.id = lt.item_id";

ExpiryAlert alert_from_row(const sql::Statement& st) {
  return {.id = st.int64(0),
          .sku = st.text(1),
          .name = st.text(2),
          .lot = st.text(3),
          .expiry = st.text(4),
          .kind = st.text(5),
          .on_hand = st.int64(6),
          .raised_at = st.int64(7),
          .expired_at = st.optional_int64(8),
          .cleared_at = st.optional_int64(9)};
}

}  // namespace

Result<std::vector<ExpiringLot>> expiring_lots(Store& store,
                                               std::optional<std::int64_t> within_days, Micros at) {
  if (within_days && (*within_days < 0 || *within_days > 36500))
    return make_error(Errc::invalid_argument, "--within must be 0 to 36500 days, got {}",
                      *within_days);
  return sql::guarded("listing expiring lots", [&]() -> Result<std::vector<ExpiringLot>> {
    auto& db = database_of(store);
    std::string today = utc_day(db, at);
    auto st = db.prepare(
        "SELECT i.sku, i.name, i.unit, lt.code, lt.expiry, l.code, ls.qty, "
        "CAST(julianday(lt.expiry) - julianday(?1) AS INTEGER), lt.expiry < ?1, "
        "lt.held_at IS NOT NULL, l.quarantine "
        "FROM lot_stock ls JOIN lot lt ON lt.id = ls.lot_id JOIN item i ON i.id = ls.item_id "
        "JOIN location l ON l.id = ls.location_id "
        "WHERE ls.qty > 0 AND lt.expiry IS NOT NULL "
        "AND lt.expiry <= date(?1, '+' || COALESCE(?2, i.expiry_horizon_days) || ' days') "
        "ORDER BY lt.expiry, i.sku, lt.code, l.code");
    st.bind(1, today).bind(2, within_days);
    std::vector<ExpiringLot> out;
    while (st.step())
      out.push_back({.sku = st.text(0),
                     .name = st.text(1),
                     .unit = st.text(2),
                     .lot = st.text(3),
                     .expiry = st.text(4),
                     .location = st.text(5),
                     .qty = st.int64(6),
                     .days_left = st.int64(7),
                     .expired = st.int64(8) != 0,
                     .held = st.int64(9) != 0,
                     .quarantine = st.int64(10) != 0});
    return out;
  });
}

Result<std::vector<ExpiryAlert>> update_expiry_alerts(Store& store, Micros at) {
  return sql::guarded("updating expiry alerts", [&]() -> Result<std::vector<ExpiryAlert>> {
    auto& db = database_of(store);
    sql::Transaction tx(db);
    std::string today = utc_day(db, at);
    std::vector<std::int64_t> changed;
    {
      // Open alerts whose lot's date passed since: marked expired.
      auto st = db.prepare(
          "SELECT id FROM expiry_alert WHERE cleared_at IS NULL AND kind = 'expiring' AND "
          "expiry < ?");
      st.bind(1, today);
      while (st.step()) changed.push_back(st.int64(0));
    }
    db.prepare(
          "UPDATE expiry_alert SET kind = 'expired', expired_at = ?1 WHERE cleared_at IS NULL "
          "AND kind = 'expiring' AND expiry < ?2")
        .bind(1, at)
        .bind(2, today)
        .run();
    db.prepare(
          "UPDATE expiry_alert SET cleared_at = ?1, on_hand = 0 WHERE cleared_at IS NULL AND "
          "NOT EXISTS (SELECT 1 FROM lot_stock s WHERE s.lot_id = expiry_alert.lot_id AND "
          "s.qty > 0)")
        .bind(1, at)
        .run();
    std::int64_t last = 0;
    {
      auto st = db.prepare("SELECT COALESCE(MAX(id), 0) FROM expiry_alert");
      st.step();
      last = st.int64(0);
    }
    // Lots with stock that entered their item's horizon and never had an alert.
    db.prepare(
          "INSERT INTO expiry_alert(lot_id, kind, expiry, on_hand, raised_at, expired_at) "
          "SELECT lt.id, CASE WHEN lt.expiry < ?1 THEN 'expired' ELSE 'expiring' END, "
          "lt.expiry, SUM(s.qty), ?2, CASE WHEN lt.expiry < ?1 THEN ?2 END "
          "FROM lot lt JOIN item i ON i.id = lt.item_id JOIN lot_stock s ON s.lot_id = lt.id "
          "WHERE lt.expiry IS NOT NULL "
          "AND lt.expiry <= date(?1, '+' || i.expiry_horizon_days || ' days') "
          "AND NOT EXISTS (SELECT 1 FROM expiry_alert a WHERE a.lot_id = lt.id) "
          "GROUP BY lt.id HAVING SUM(s.qty) > 0 ORDER BY lt.expiry, lt.id")
        .bind(1, today)
        .bind(2, at)
        .run();
    {
      auto st = db.prepare("SELECT id FROM expiry_alert WHERE id > ? ORDER BY id");
      st.bind(1, last);
      while (st.step()) changed.push_back(st.int64(0));
    }
    std::vector<ExpiryAlert> out;
    for (auto id : changed) {
      auto st = db.prepare(std::string(kAlertSelect) + " WHERE a.id = ?");
      if (st.bind(1, id).step()) out.push_back(alert_from_row(st));
    }
    tx.commit();
    return out;
  });
}

Result<std::vector<ExpiryAlert>> list_expiry_alerts(Store& store, bool include_cleared) {
  return sql::guarded("listing expiry alerts", [&]() -> Result<std::vector<ExpiryAlert>> {
    auto st = database_of(store).prepare(std::string(kAlertSelect) +
                                         " WHERE ?1 OR a.cleared_at IS NULL ORDER BY a.id DESC");
    st.bind(1, include_cleared ? 1 : 0);
    std::vector<ExpiryAlert> out;
    while (st.step()) out.push_back(alert_from_row(st));
    return out;
  });
}

}  // namespace rfinv::inventory
