// How a node's link to the pool hub stands: the settings it joined with, how far it has
// pulled the hub's log, when it last synced and how that went, and what waits in its outbox.
//
// Threading: like Store, every function runs on the Store's thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "base/clock.h"
#include "base/result.h"
#include "inventory/store/store.h"
#include "sync/node/node.h"

namespace rfinv::sync {

struct SyncStatus {
  NodeSettings settings;
  std::int64_t cursor = 0;  // the last hub log event pulled
  std::optional<Micros> last_sync_at;
  std::optional<std::string> last_error;  // of the last round; none after a good one
  std::size_t pending = 0;                // outbox events not yet acknowledged
};

// not_found when this node has not joined a hub.
Result<SyncStatus> sync_status(inventory::Store& store);

}  // namespace rfinv::sync
