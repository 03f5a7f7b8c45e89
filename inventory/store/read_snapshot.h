// Reads of the node database that must agree: a report whose figures come from several queries.
//
// Threading: the Store's.
#pragma once

#include <functional>

#include "base/result.h"
#include "inventory/store/store.h"

namespace rfinv::inventory {

// Runs `body` in one read transaction: every read it makes of `store` sees the database as it
// was at its first read, whatever other connections commit meanwhile. Returns what `body`
// returns, or the failure to begin the read. `body` must not write.
// REQUIRES: no write transaction of `store` is open.
Status in_read_snapshot(Store& store, const std::function<Status()>& body);

}  // namespace rfinv::inventory
