// Requisitions raised by ward par levels (the location levels of wards), from `rfinv run`.
#include <fmt/format.h>

#include "inventory/catalog/internal/catalog_rows.h"
#include "inventory/requisitions/internal/requisition_rows.h"
#include "inventory/requisitions/requisitions.h"
#include "inventory/store/store_database.h"

namespace rfinv::inventory {
namespace {

struct ParLevel {
  std::int64_t item_id = 0, location_id = 0;
  std::string sku, ward;
  std::int64_t safety = 0, reorder_point = 0, reorder_qty = 0;
  std::optional<std::int64_t> max_level;
  std::int64_t stock = 0;   // at the ward and everything below it
  bool covered = false;     // an open requisition to the ward asks for the item
  std::int64_t raised = 0;  // par-level requisitions of the item to the ward so far
};

// Levels at or below their reorder point, with what covers them. Stock in a requisition's
// transit is counted neither here nor at the store: the open requisition covers it.
std::vector<ParLevel> levels_at_or_below(sql::Database& db) {
  auto st = db.prepare(R"sql(
WITH RECURSIVE below(root, id) AS (
  SELECT location_id, location_id FROM location_level WHERE reorder_point > 0
  UNION SELECT below.root, l.id FROM location l JOIN below ON l.parent_id = below.id)
SELECT * FROM (SELECT ll.item_id, ll.location_id, i.sku, w.code, ll.safety_stock,
  ll.reorder_point, ll.reorder_qty, ll.max_level,
  (SELECT COALESCE(SUM(s.qty), 0) FROM stock s JOIN below b ON b.id = s.location_id
   WHERE b.root = ll.location_id AND s.item_id = ll.item_id) AS ward_stock,
  EXISTS (SELECT 1 FROM requisition r JOIN requisition_line rl ON rl.requisition_id = r.id
   WHERE r.to_location_id = ll.location_id AND rl.item_id = ll.item_id
     AND r.status NOT IN ('received', 'closed', 'cancelled')),
  (SELECT count(*) FROM requisition r JOIN requisition_line rl ON rl.requisition_id = r.id
   WHERE r.to_location_id = ll.location_id AND rl.item_id = ll.item_id
     AND r.origin = 'par_level')
FROM location_level ll JOIN item i ON i.id = ll.item_id JOIN location w ON w.id = ll.location_id
WHERE ll.reorder_point > 0)
WHERE ward_stock <= reorder_point
ORDER BY code, sku)sql");
  std::vector<ParLevel> out;
  while (st.step())
    out.push_back({.item_id = st.int64(0),
                   .location_id = st.int64(1),
                   .sku = st.text(2),
                   .ward = st.text(3),
                   .safety = st.int64(4),
                   .reorder_point = st.int64(5),
                   .reorder_qty = st.int64(6),
                   .max_level = st.optional_int64(7),
                   .stock = st.int64(8),
                   .covered = st.int64(9) != 0,
                   .raised = st.int64(10)});
  return out;
}

// Up to the maximum when there is one; else strictly above the reorder point and to the
// safety stock, in whole reorder quantities when one is set (as the purchase list does).
std::int64_t par_quantity(const ParLevel& l) {
  if (l.max_level) return std::max<std::int64_t>(1, *l.max_level - l.stock);
  std::int64_t need = std::max(l.reorder_point + 1 - l.stock, l.safety - l.stock);
  if (l.reorder_qty > 0) need = (need + l.reorder_qty - 1) / l.reorder_qty * l.reorder_qty;
  return std::max<std::int64_t>(1, need);
}

}  // namespace

Result<std::vector<Requisition>> raise_par_requisitions(Store& store,
                                                        const std::string& store_location) {
  auto levels = sql::guarded("reading par levels", [&]() -> Result<std::vector<ParLevel>> {
    auto& db = database_of(store);
    auto from = find_location_id(db, store_location);
    if (!from) return make_error(Errc::not_found, "unknown location {}", store_location);
    std::vector<ParLevel> out;
    for (auto& l : levels_at_or_below(db))
      if (!l.covered && l.location_id != *from && ward_dept(db, l.location_id))
        out.push_back(std::move(l));
    return out;
  });
  if (!levels) return levels.error();
  std::vector<Requisition> raised;
  for (const auto& l : *levels) {
    // Keyed by the count of earlier ones: two services that see the same crossing at once
    // raise one requisition between them.
    auto done = create_requisition(
        store, {.from = store_location,
                .to = l.ward,
                .lines = {{l.sku, par_quantity(l)}},
                .note = fmt::format("par level: {} at {} is {}, reorder point {}", l.sku, l.ward,
                                    l.stock, l.reorder_point),
                .actor = "rfinv run",
                .key = fmt::format("par:{}:{}:{}", l.ward, l.sku, l.raised + 1),
                .par_level = true});
    if (!done) return done.error();
    if (!done->replayed) raised.push_back(std::move(done->requisition));
  }
  return raised;
}

}  // namespace rfinv::inventory
