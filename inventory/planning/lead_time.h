// Lead times from the ledger: for each closed purchase order, the time from placing it to the
// receipt that closed it. The ledger fills open orders oldest first from every receipt of the
// item; the same filling is replayed here over the receipts in time order (cancelled orders
// are left out, so a receipt that partly filled one before it was cancelled is counted
// against the next).
#pragma once

#include <cstdint>
#include <unordered_map>

#include "base/result.h"
#include "inventory/planning/plan.h"
#include "inventory/store/store.h"

namespace rfinv::inventory {

// Items with at least kMinOrders closed orders: mean and standard deviation of their lead
// times in weeks, rounded up to whole weeks (at least 1) in `weeks`.
Result<std::unordered_map<std::int64_t, LeadTime>> order_lead_times(Store& store);

}  // namespace rfinv::inventory
