#include "inventory/pipeline/events.h"

#include <fmt/format.h>

#include "inventory/catalog/internal/catalog_rows.h"
#include "inventory/store/store_database.h"
#include "inventory/tags/tags.h"
#include "sql/database.h"

namespace rfinv::inventory {

Result<std::vector<EventRecord>> list_events(Store& store, const EventFilter& filter) {
  return sql::guarded("listing business events", [&]() -> Result<std::vector<EventRecord>> {
    auto st = database_of(store).prepare(
        "SELECT e.id, e.key, e.at, e.kind, e.epc, rp.reader, rp.antenna, rp.role, l.code, "
        "i.sku, a.code, e.movement_id, m.kind, m.qty, lf.code, lt.code, e.detail "
        "FROM business_event e "
        "LEFT JOIN read_point rp ON rp.id = e.read_point_id "
        "LEFT JOIN location l ON l.id = e.location_id "
        "LEFT JOIN item i ON i.id = e.item_id "
        "LEFT JOIN asset a ON a.id = e.asset_id "
        "LEFT JOIN movement m ON m.id = e.movement_id "
        "LEFT JOIN location lf ON lf.id = m.from_location_id "
        "LEFT JOIN location lt ON lt.id = m.to_location_id "
        "WHERE (?1 IS NULL OR e.at >= ?1) AND (?2 IS NULL OR e.at < ?2) ORDER BY e.at, e.id");
    st.bind(1, filter.since).bind(2, filter.until);
    std::vector<EventRecord> out;
    while (st.step()) {
      EventRecord e;
      e.id = st.int64(0);
      e.key = st.text(1);
      e.at = st.int64(2);
      e.kind = st.text(3);
      e.epc = st.text(4);
      e.reader = st.optional_text(5);
      e.antenna = st.optional_int64(6);
      e.role = st.optional_text(7);
      e.location = st.optional_text(8);
      e.sku = st.optional_text(9);
      e.asset = st.optional_text(10);
      e.movement_id = st.optional_int64(11);
      e.movement_kind = st.optional_text(12);
      e.movement_qty = st.optional_int64(13);
      e.from_location = st.optional_text(14);
      e.to_location = st.optional_text(15);
      e.detail = st.text(16);
      out.push_back(std::move(e));
    }
    return out;
  });
}

Result<std::vector<Anomaly>> list_anomalies(Store& store, bool include_resolved) {
  return sql::guarded("listing anomalies", [&]() -> Result<std::vector<Anomaly>> {
    auto st = database_of(store).prepare(
        "SELECT an.id, an.at, an.kind, an.epc, i.sku, rp.reader, rp.antenna, l.code, "
        "an.detail, an.resolved_at FROM anomaly an "
        "LEFT JOIN unit u ON u.epc = an.epc LEFT JOIN item i ON i.id = u.item_id "
        "LEFT JOIN read_point rp ON rp.id = an.read_point_id "
        "LEFT JOIN location l ON l.id = an.location_id "
        "WHERE ?1 OR an.resolved_at IS NULL ORDER BY an.at DESC, an.id DESC");
    st.bind(1, include_resolved ? 1 : 0);
    std::vector<Anomaly> out;
    while (st.step())
      out.push_back({st.int64(0), st.int64(1), st.text(2), st.text(3), st.optional_text(4),
                     st.optional_text(5), st.optional_int64(6), st.optional_text(7), st.text(8),
                     st.optional_int64(9)});
    // A tag never booked as a unit (issued or shelved before it was received) still names
    // its item when it resolves.
    for (auto& a : out) {
      if (a.sku) continue;
      auto bytes = epc::parse_hex(a.epc);
      if (!bytes) continue;
      auto id = resolve_tag(store, *bytes);
      if (id && id->kind == TagKind::item) a.sku = id->code;
    }
    return out;
  });
}

Status resolve_anomaly(Store& store, std::int64_t id, Micros at) {
  return sql::guarded("resolving an anomaly", [&]() -> Status {
    auto& db = database_of(store);
    sql::Transaction tx(db);
    auto st = db.prepare("SELECT resolved_at FROM anomaly WHERE id = ?");
    if (!st.bind(1, id).step()) return make_error(Errc::not_found, "no anomaly {}", id);
    auto resolved = st.optional_int64(0);
    if (resolved)
      return make_error(Errc::conflict, "anomaly {} was already resolved at {}", id,
                        format_utc(*resolved));
    db.prepare("UPDATE anomaly SET resolved_at = ? WHERE id = ?").bind(1, at).bind(2, id).run();
    tx.commit();
    return {};
  });
}

Result<std::vector<UnitRecord>> list_units(Store& store, const UnitFilter& filter) {
  return sql::guarded("listing units", [&]() -> Result<std::vector<UnitRecord>> {
    auto& db = database_of(store);
    std::optional<std::int64_t> root;
    if (filter.location) {
      root = find_location_id(db, *filter.location);
      if (!root) return make_error(Errc::not_found, "no location '{}'", *filter.location);
    }
    auto st = db.prepare(
        "WITH RECURSIVE down(id) AS (SELECT ?1 UNION ALL SELECT l.id FROM location l "
        "JOIN down ON l.parent_id = down.id) "
        "SELECT u.epc, i.sku, l.code, u.observed, u.last_seen FROM unit u "
        "JOIN item i ON i.id = u.item_id JOIN location l ON l.id = u.location_id "
        "WHERE u.on_hand = 1 AND (?1 IS NULL OR u.location_id IN (SELECT id FROM down)) "
        "AND (?2 = 0 OR u.observed = 0) ORDER BY l.code, u.epc");
    st.bind(1, root).bind(2, filter.unobserved_only ? 1 : 0);
    std::vector<UnitRecord> out;
    while (st.step())
      out.push_back({st.text(0), st.text(1), st.text(2), st.int64(3) != 0, st.int64(4)});
    return out;
  });
}

}  // namespace rfinv::inventory
