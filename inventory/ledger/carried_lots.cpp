#include "inventory/ledger/carried_lots.h"

#include "inventory/catalog/validate.h"
#include "inventory/ledger/internal/ledger_apply.h"
#include "inventory/store/store_database.h"
#include "sql/database.h"

namespace rfinv::inventory {

Result<PostedMovement> post_movement_of_lots(Store& store, const MovementRequest& r,
                                             const std::vector<LotQty>& lots) {
  if (lots.empty()) return post_movement(store, r);
  if (r.lot || r.expiry)
    return make_error(Errc::invalid_argument, "a movement of given lots names no lot of its own");
  std::int64_t total = 0;
  for (const auto& lot : lots) {
    if (lot.qty <= 0 || lot.qty > kMaxQuantity)
      return make_error(Errc::invalid_argument, "lot {}: quantity must be 1..{}, got {}", lot.lot,
                        kMaxQuantity, lot.qty);
    total += lot.qty;
    if (total > kMaxQuantity) break;  // already more than any movement
  }
  if (total != r.qty)
    return make_error(Errc::invalid_argument, "the lots add up to {}, the movement is {}", total,
                      r.qty);
  return sql::guarded("posting movement", [&]() -> Result<PostedMovement> {
    sql::Transaction tx(database_of(store));
    // An item that tracks neither lots nor expiry ignores them (apply_movement).
    auto posted = apply_movement(tx, r, &lots);
    if (!posted) return posted;  // the destructor rolls back
    tx.commit();
    return posted;
  });
}

Result<std::vector<LotQty>> plan_movement_lots(Store& store, const MovementRequest& r) {
  return sql::guarded("planning movement", [&]() -> Result<std::vector<LotQty>> {
    sql::Transaction tx(database_of(store));
    MovementRequest trial = r;
    trial.key.reset();  // a trial is never a replay of a movement posted under the key
    auto posted = apply_movement(tx, trial);
    if (!posted) return posted.error();
    return std::move(posted->lots);  // the destructor rolls the trial back
  });
}

}  // namespace rfinv::inventory
