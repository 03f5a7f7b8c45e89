// Movements of exactly given lots, and the lots a movement would take: what a pool stock
// hand-over needs to carry lots from the giving department's ledger to the receiving one's
// (sync/protocol/handover_lots.h). Lots themselves, and the rule for expired ones: lots.h.
//
// Threading: like Store; each function is one transaction on the Store's connection.
#pragma once

#include <vector>

#include "base/result.h"
#include "inventory/ledger/ledger.h"
#include "inventory/store/store.h"

namespace rfinv::inventory {

// Posts `request` moving exactly `lots`, in one transaction (a pool hand-over carries its lots
// from the giving ledger to the receiving one): an issue or transfer takes these units of
// these lots, a receipt adds them, each lot with its expiry as add_carried_lot gives it (an
// expiry-only item's lot is its expiry date; a new lot is created). For an item that tracks
// neither lots nor expiry the lots are ignored; empty `lots` is post_movement(). The lots add
// up to request.qty and request names no lot or expiry of its own (invalid_argument). Replays
// and errors as post_movement().
Result<PostedMovement> post_movement_of_lots(Store& store, const MovementRequest& request,
                                             const std::vector<LotQty>& lots);

// The lots post_movement(request) would take now (an issue or transfer: first expiry first
// out, or request.lot), found by posting it and rolling back, so the rules cannot differ;
// writes nothing. Empty for an item that tracks neither lots nor expiry; errors as
// post_movement().
Result<std::vector<LotQty>> plan_movement_lots(Store& store, const MovementRequest& request);

}  // namespace rfinv::inventory
