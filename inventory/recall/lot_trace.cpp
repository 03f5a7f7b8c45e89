#include "inventory/recall/lot_trace.h"

#include "inventory/catalog/internal/catalog_rows.h"
#include "inventory/requisitions/internal/requisition_rows.h"
#include "inventory/store/store_database.h"

namespace rfinv::inventory {

Result<LotTrace> trace_lot(Store& store, const std::string& sku, const std::string& lot) {
  return sql::guarded("tracing lot", [&]() -> Result<LotTrace> {
    auto& db = database_of(store);
    auto item = read_item(db, sku);
    if (!item) return make_error(Errc::not_found, "unknown SKU {}", sku);
    LotTrace out{.sku = sku, .name = item->fields.name, .unit = item->fields.unit, .lot = lot};
    std::int64_t lot_id = 0;
    {
      auto st =
          db.prepare("SELECT id, expiry, held_reason FROM lot WHERE item_id = ? AND code = ?");
      if (!st.bind(1, item->id).bind(2, lot).step())
        return make_error(Errc::not_found, "{} has no lot {}", sku, lot);
      lot_id = st.int64(0);
      out.expiry = st.optional_text(1);
      out.held_reason = st.optional_text(2);
    }
    {
      auto st = db.prepare(
          "SELECT l.code, ls.location_id, ls.qty, l.quarantine, r.id, "
          "(SELECT COALESCE(SUM(rl.picked), 0) FROM requisition_lot rl JOIN requisition q ON "
          "q.id = rl.requisition_id WHERE q.status = 'picked' AND q.from_location_id = "
          "ls.location_id AND rl.item_id = ls.item_id AND rl.lot = ?2) "
          "FROM lot_stock ls JOIN location l ON l.id = ls.location_id "
          "LEFT JOIN requisition r ON r.transit_location_id = l.id "
          "WHERE ls.lot_id = ?1 AND ls.qty > 0 ORDER BY l.code");
      st.bind(1, lot_id).bind(2, lot);
      while (st.step())
        out.places.push_back({.location = st.text(0),
                              .dept = ward_dept_code(db, st.int64(1)),
                              .qty = st.int64(2),
                              .held = std::min(st.int64(2), st.int64(5)),
                              .quarantine = st.int64(3) != 0,
                              .requisition = st.optional_int64(4)});
    }
    auto st = db.prepare(
        "SELECT m.id, CASE WHEN m.disposal THEN 'dispose' ELSE m.kind END, ml.qty, f.code, "
        "t.code, COALESCE(m.to_location_id, m.from_location_id), COALESCE(rt.id, rf.id), m.actor, "
        "m.at, m.reason, m.idem_key, "
        "CASE WHEN m.kind = 'adjust' AND rt.id IS NOT NULL THEN 'write-off' "
        "WHEN rt.id IS NOT NULL THEN 'shipment' "
        "WHEN rf.to_location_id = m.to_location_id THEN 'receipt' "
        "WHEN rf.id IS NOT NULL THEN 'return' END "
        "FROM movement_lot ml JOIN movement m ON m.id = ml.movement_id "
        "LEFT JOIN location f ON f.id = m.from_location_id "
        "LEFT JOIN location t ON t.id = m.to_location_id "
        "LEFT JOIN requisition rf ON rf.transit_location_id = m.from_location_id "
        "LEFT JOIN requisition rt ON rt.transit_location_id = m.to_location_id "
        "WHERE ml.lot_id = ? ORDER BY m.id");
    st.bind(1, lot_id);
    while (st.step()) {
      LotMove move{.movement = st.int64(0),
                   .kind = st.text(1),
                   .qty = st.int64(2),
                   .from = st.optional_text(3),
                   .to = st.optional_text(4),
                   .dept = ward_dept_code(db, st.int64(5)),
                   .requisition = st.optional_int64(6),
                   .requisition_leg = st.optional_text(11),
                   .actor = st.text(7),
                   .at = st.int64(8),
                   .reason = st.optional_text(9),
                   .key = st.optional_text(10)};
      // A disposal is stored as a negative adjustment at its location: name it as people do.
      if (move.kind == "dispose") {
        move.qty = -move.qty;
        move.from = move.to;
        move.to.reset();
      }
      out.moves.push_back(std::move(move));
    }
    return out;
  });
}

}  // namespace rfinv::inventory
