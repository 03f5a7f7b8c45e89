// Private to inventory/: a movement applied inside the caller's transaction, for callers that
// write more in the same transaction (the read pipeline's units and business events, cycle
// count adjustments). Same rules and results as post_movement().
#pragma once

#include "inventory/ledger/ledger.h"
#include "sql/database.h"

namespace rfinv::inventory {

Result<PostedMovement> apply_movement(sql::Transaction& tx, const MovementRequest& request);

// The one availability rule (holds.h), by ids: on hand at the location minus its holds, plus
// what is left of hold `usable`.
std::int64_t available_at(sql::Database& db, std::int64_t item_id, std::int64_t location_id,
                          const std::optional<std::string>& usable);
// Draws `qty` from hold `key` after a movement that named it took its units.
void draw_hold(sql::Database& db, const std::string& key, std::int64_t qty);

}  // namespace rfinv::inventory
