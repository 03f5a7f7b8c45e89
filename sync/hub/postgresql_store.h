// The hub's store on PostgreSQL, shared by several `rfinv hub serve` processes.
//
// - A write transaction (store::Access::write) first locks the one row of log_head (SELECT
//   ... FOR UPDATE): writers of every process run one at a time, so the hub's rules read and
//   write as they do on one SQLite file (a reservation is decided once: the second writer
//   waits, then reads the first one's outcome). Under that lock READ COMMITTED gives each
//   statement every commit before it, and nothing can deadlock or fail to serialise.
// - The log's ids come from log_head.last_id, incremented by the insert's trigger while the
//   row is locked, so ids commit in the order they are given: a pull never sees an id that
//   a later commit would fill in below it. (A sequence would hand out ids that commit out
//   of order.) A rolled-back append leaves no gap: the counter rolls back with it.
// - A read (Access::read) is one REPEATABLE READ snapshot and takes no lock.
// - A lost connection (server restart, failover) fails the call under way; the next call
//   reconnects.
//
// Threading: as store.h.
#pragma once

#include <memory>
#include <string>

#include "base/result.h"
#include "sync/hub/store.h"

namespace rfinv::sync::store {

// Connects to `url` and migrates its schema (postgresql_schema.h) under an advisory lock, so
// processes starting together migrate once. A database whose schema is newer than this build
// knows is refused untouched (unsupported); an unreachable one is io.
Result<std::unique_ptr<Store>> open_postgresql_store(const std::string& url);

}  // namespace rfinv::sync::store
