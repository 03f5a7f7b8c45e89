// Movements a person posts (rfinv receive, issue, transfer, adjust) for items that may have
// tagged units.
//
// The rule: an item's stock at a location is its tagged units on hand there (`rfinv units`)
// plus untagged units. A manual movement moves untagged units only, so an issue, a transfer
// or a negative adjustment may take from a location at most its stock less the tagged units
// on hand there; asking for more is refused. Tagged units move by their tags: a dock-out or
// shelf reader, or an applied count. So `stock` and `units` never disagree.
//
// Threading: like Store, every function runs on the Store's thread.
#pragma once

#include "base/result.h"
#include "inventory/ledger/ledger.h"
#include "inventory/store/store.h"

namespace rfinv::inventory {

// post_movement() (one transaction, the same results and errors) under the rule above:
// refused, with nothing written, when the movement would take tagged units.
Result<PostedMovement> post_manual_movement(Store& store, const MovementRequest& request);

}  // namespace rfinv::inventory
