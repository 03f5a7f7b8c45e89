// Creating a hub's directory: its database, TLS key and certificate, and the admin token.
//
// Threading: any thread; touches only the directory it is given.
#pragma once

#include <optional>
#include <string>

#include "base/result.h"

namespace rfinv::sync {

struct HubCreated {
  std::string cert_path;    // hub.crt, for nodes to pin (rfinv sync join --ca)
  std::string admin_token;  // shown once; the hub keeps only its salted hash
};

// Creates `dir` if missing, with hub.key (mode 0600, never readable by others even briefly),
// hub.crt (a self-signed certificate), a new admin token, and the store: hub.db, or with
// `store_url` the PostgreSQL database it names (migrated; its URL kept in hub.store, 0600).
// conflict when `dir` or that database already holds a hub; invalid_argument for a URL that
// is not postgresql:// or a build without PostgreSQL; io when a file cannot be written.
Result<HubCreated> init_hub(const std::string& dir,
                            const std::optional<std::string>& store_url = std::nullopt);

}  // namespace rfinv::sync
