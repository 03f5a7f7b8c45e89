// Private to inventory/: a movement applied inside the caller's transaction, for callers that
// write more in the same transaction (the read pipeline's units and business events, cycle
// count adjustments). Same rules and results as post_movement().
#pragma once

#include "inventory/ledger/ledger.h"
#include "sql/database.h"

namespace rfinv::inventory {

Result<PostedMovement> apply_movement(sql::Transaction& tx, const MovementRequest& request);

}  // namespace rfinv::inventory
