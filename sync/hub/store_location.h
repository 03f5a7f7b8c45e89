// Where a hub directory keeps its state. Without DIR/hub.store it is the SQLite file
// DIR/hub.db; with it, the PostgreSQL database whose libpq connection URL the file holds (one
// line, mode 0600: it may carry a password; it is never printed). The certificate, key and
// nothing else stay in DIR either way.
//
// Threading: any thread; touches only the directory it is given.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "base/result.h"
#include "sync/hub/store.h"

namespace rfinv::sync {

// Whether this rfinv was built with PostgreSQL support (RFINV_WITH_POSTGRESQL).
bool postgresql_supported();

// invalid_argument unless `url` is a postgresql:// (or postgres://) URL this build can use.
Status check_store_url(const std::string& url);

// The URL in DIR/hub.store, or nullopt when the hub is on DIR/hub.db. io when unreadable.
Result<std::optional<std::string>> read_store_url(const std::string& dir);

// Writes DIR/hub.store, created 0600.
Status write_store_url(const std::string& dir, const std::string& url);

// Opens the store `url` names (nullopt: DIR/hub.db), creating and migrating it.
Result<std::unique_ptr<store::Store>> open_store(const std::string& dir,
                                                 const std::optional<std::string>& url);

}  // namespace rfinv::sync
