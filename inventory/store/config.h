// Node settings kept in the database (`rfinv config set KEY VALUE`). Only known keys are
// accepted, each with a check of its value, so a typo is an error rather than a silent no-op.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/result.h"
#include "inventory/store/store.h"

namespace rfinv::inventory {

struct ConfigKey {
  std::string name;
  std::string description;
};

// alert.command: shell command run with each alert notice as JSON on stdin.
// alert.timeout_seconds: how long the alert command may run (default 10).
// alert.retry_seconds: first retry delay after a failure, doubling up to an hour (default 30).
// asset.idle_days: whole days (1-36500) without movement before an in_use asset is idle.
// asset.auto_publish: "true" or "false"; the pool publishes idle assets when true.
// web.session_idle_minutes: 1-1440; a web session unused this long ends (default 30).
// plan.*: demand planning (inventory/planning/plan.h): bucket (week), service_level and
// service_level.A/B/C (0.5-0.999), order_weeks (1-52), order_cost, holding_rate (0.01-1),
// auto_apply (true or false).
// database.synchronous: "full" (default) or "normal", applied by Store::open (store.h).
const std::vector<ConfigKey>& config_keys();

Status set_config(Store& store, const std::string& key, const std::string& value);
Status unset_config(Store& store, const std::string& key);
Result<std::optional<std::string>> get_config(Store& store, const std::string& key);
Result<std::vector<std::pair<std::string, std::string>>> list_config(Store& store);

}  // namespace rfinv::inventory
