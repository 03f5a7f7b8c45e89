// The hub's store in one SQLite file, DIR/hub.db: the embedded default. A write transaction
// is BEGIN IMMEDIATE, SQLite's one writer at a time; migrations are hub_schema() by
// PRAGMA user_version.
#pragma once

#include <memory>
#include <string>

#include "base/result.h"
#include "sync/hub/store.h"

namespace rfinv::sync::store {

// Opens (creating on first use, migrating forward) `path`; a file from a newer rfinv is
// refused untouched (unsupported).
Result<std::unique_ptr<Store>> open_sqlite_store(const std::string& path);

}  // namespace rfinv::sync::store
