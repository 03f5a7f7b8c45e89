// Private to inventory/ledger: a tracked item's movement per lot, inside the movement's
// transaction. Untracked items never come here, so their movements cost nothing more.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "inventory/ledger/ledger.h"
#include "sql/database.h"

namespace rfinv::inventory {

// How an item is tracked (item.lot_tracked, item.expiry_tracked).
struct Tracking {
  bool lots = false;
  bool expiry = false;
  bool any() const { return lots || expiry; }
};

// Units of one lot, by id.
struct LotTake {
  std::int64_t lot_id = 0;
  std::int64_t qty = 0;
};

// Checks the request's lot and expiry fields against the item's tracking, without the
// database: invalid_argument naming the field. `exact_lots`: the movement names its lots
// itself (apply_movement's `lots`), so a receipt needs no lot or expiry of its own.
Status check_lot_fields(const MovementRequest& r, Tracking tracking, bool exact_lots);

// The lot a receipt or positive adjustment adds to, created when new. invalid_argument for a
// missing lot or expiry, or an expiry in the past on a receipt without allow_expired; conflict
// when the lot is known with another expiry; not_found for an adjustment into an unknown lot
// without an expiry to create it with.
Result<std::int64_t> lot_to_add(sql::Database& db, std::int64_t item_id, Tracking tracking,
                                const MovementRequest& r, Micros at);

// Which lots a movement takes `qty` units from at `location_id`: the named lot (or the lot of
// the hold it names), else first-expiry-first-out (then the lot received first), only units no
// hold on their lot keeps (an adjustment excepted). `any_state` lets it take expired and held
// lots (a disposal, an adjustment, a transfer to a quarantine location); `limit` is what the
// location can give in all (available_at). refused (saying what is available and how much more
// is held or unusable), not_found for an unknown lot, invalid_argument for a lot other than the
// named hold's.
Result<std::vector<LotTake>> lots_to_take(sql::Database& db, std::int64_t item_id,
                                          std::int64_t location_id, const MovementRequest& r,
                                          std::int64_t qty, bool any_state, std::int64_t limit,
                                          const std::string& unit, const std::string& location,
                                          Micros at);

// Moves the lots' stock: out of `from`, into `to` (either may be absent), and records them
// for movement `movement_id` with the movement's sign.
void write_lot_moves(sql::Database& db, std::int64_t item_id, std::optional<std::int64_t> from,
                     std::optional<std::int64_t> to, const std::vector<LotTake>& lots,
                     std::int64_t movement_id, int sign);

// The lots of a movement, as LotQty (lot code and expiry).
std::vector<LotQty> movement_lots(sql::Database& db, std::int64_t movement_id);

}  // namespace rfinv::inventory
