#include "inventory/pipeline/manual_movement.h"

#include <fmt/format.h>

#include "inventory/ledger/internal/ledger_apply.h"
#include "inventory/store/store_database.h"
#include "sql/database.h"

namespace rfinv::inventory {
namespace {

// The location a movement takes stock from, if it takes any.
std::optional<std::string> taken_from(const MovementRequest& r) {
  switch (r.kind) {
    case MovementKind::issue:
    case MovementKind::transfer:
    case MovementKind::dispose:
      return r.from;
    case MovementKind::adjust:
      return r.qty < 0 ? r.to : std::nullopt;
    case MovementKind::receive:
      return std::nullopt;
  }
  return std::nullopt;
}

struct Position {
  std::int64_t stock = 0;
  std::int64_t tagged = 0;
  std::string unit;
};

Position position(sql::Database& db, const std::string& sku, const std::string& location) {
  auto st = db.prepare(
      "SELECT coalesce((SELECT s.qty FROM stock s WHERE s.item_id = i.id AND s.location_id = "
      "l.id), 0), (SELECT count(*) FROM unit u WHERE u.item_id = i.id AND u.location_id = l.id "
      "AND u.on_hand = 1), i.unit FROM item i, location l WHERE i.sku = ? AND l.code = ?");
  if (!st.bind(1, sku).bind(2, location).step()) return {};
  return {st.int64(0), st.int64(1), st.text(2)};
}

}  // namespace

Result<PostedMovement> post_manual_movement(Store& store, const MovementRequest& request) {
  return sql::guarded("posting movement", [&]() -> Result<PostedMovement> {
    auto& db = database_of(store);
    sql::Transaction tx(db);
    auto posted = apply_movement(tx, request);
    if (!posted) return posted;  // the destructor rolls back
    // Checked after the ledger's own rules, so its refusals (unknown SKU, not enough stock)
    // come first and read the same as always.
    if (auto from = taken_from(request); from && !posted->replayed) {
      auto after = position(db, request.sku, *from);
      if (after.stock < after.tagged) {
        std::int64_t qty = request.qty < 0 ? -request.qty : request.qty;
        std::int64_t untagged = after.stock + qty - after.tagged;
        return make_error(Errc::refused,
                          "only {} untagged {} of {} at {} ({} requested); {} more are tagged "
                          "units, which move by their tags (a dock-out or shelf reader, or an "
                          "applied count)",
                          untagged, after.unit, request.sku, *from, qty, after.tagged);
      }
    }
    tx.commit();
    return posted;
  });
}

}  // namespace rfinv::inventory
