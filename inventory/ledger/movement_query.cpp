#include "inventory/ledger/movement_query.h"

#include "inventory/ledger/internal/ledger_apply.h"
#include "inventory/ledger/internal/lot_moves.h"
#include "inventory/store/store_database.h"
#include "sql/database.h"

namespace rfinv::inventory {

Result<std::vector<MovementRecord>> list_movements(Store& store, const MovementFilter& filter) {
  return sql::guarded("listing movements", [&]() -> Result<std::vector<MovementRecord>> {
    auto& db = database_of(store);
    auto exists = [&](const char* sql, const std::string& code) {
      return db.prepare(sql).bind(1, code).step();
    };
    if (filter.sku && !exists("SELECT 1 FROM item WHERE sku = ?", *filter.sku))
      return make_error(Errc::not_found, "unknown SKU {}", *filter.sku);
    if (filter.location && !exists("SELECT 1 FROM location WHERE code = ?", *filter.location))
      return make_error(Errc::not_found, "unknown location {}", *filter.location);
    // Unset filters bind NULL and match everything.
    auto st = db.prepare(fmt::format(
        "SELECT m.id, {}, i.sku, m.actor, m.at, m.reason, m.idem_key "
        "FROM movement m JOIN item i ON i.id = m.item_id "
        "LEFT JOIN location f ON f.id = m.from_location_id "
        "LEFT JOIN location t ON t.id = m.to_location_id "
        "WHERE (?1 IS NULL OR i.sku = ?1) AND (?2 IS NULL OR f.code = ?2 OR t.code = ?2) "
        "AND (?3 IS NULL OR m.at >= ?3) AND (?4 IS NULL OR m.at < ?4) "
        "ORDER BY m.id DESC LIMIT ?5",
        kMovementAsNamed));
    st.bind(1, filter.sku)
        .bind(2, filter.location)
        .bind(3, filter.since)
        .bind(4, filter.until)
        .bind(5, std::int64_t(filter.limit));
    std::vector<MovementRecord> out;
    while (st.step())
      out.push_back({st.int64(0),
                     st.text(1),
                     st.text(5),
                     st.int64(2),
                     st.optional_text(3),
                     st.optional_text(4),
                     st.text(6),
                     st.int64(7),
                     st.optional_text(8),
                     st.optional_text(9),
                     {}});
    for (auto& m : out) m.lots = movement_lots(db, m.id);
    return out;
  });
}

}  // namespace rfinv::inventory
