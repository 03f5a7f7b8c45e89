// Creating a hub's directory: its database, TLS key and certificate, and the admin token.
//
// Threading: any thread; touches only the directory it is given.
#pragma once

#include <string>

#include "base/result.h"

namespace rfinv::sync {

struct HubCreated {
  std::string cert_path;    // hub.crt, for nodes to pin (rfinv sync join --ca)
  std::string admin_token;  // shown once; the hub keeps only its salted hash
};

// Creates `dir` if missing, with hub.db, hub.key (mode 0600, never readable by others even
// briefly), hub.crt (a self-signed certificate) and a new admin token. conflict when `dir`
// already holds a hub; io when a file cannot be written.
Result<HubCreated> init_hub(const std::string& dir);

}  // namespace rfinv::sync
