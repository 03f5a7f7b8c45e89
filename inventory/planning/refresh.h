// The weekly plan refresh of `rfinv run`: due once per week (Monday 00:00 UTC), recorded
// after it ran so a failed refresh is tried again.
#pragma once

#include "base/clock.h"
#include "base/result.h"
#include "inventory/store/store.h"

namespace rfinv::inventory {

// Whether no refresh has been recorded for the week of `now`.
Result<bool> plan_refresh_due(Store& store, Micros now);
// Records the refresh of the week of `now`.
Status record_plan_refresh(Store& store, Micros now);

}  // namespace rfinv::inventory
