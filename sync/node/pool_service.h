// What the pool did for this node's department over a period, for the service and savings
// report (service/service_report.h): what it received from the pool (bought nothing for),
// how fast it handed over what others asked of it, and the stock it asked for and did not get.
//
// Threading: like Store.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "inventory/reports/ledger_figures.h"
#include "inventory/store/store.h"

namespace rfinv::sync {

struct PoolService {
  std::optional<std::string> dept;  // this node's department; none before `sync join`
  // Requests by this department completed (received) in the period, valued as the hub valued
  // them: assets transferred, units of stock, assets lent.
  std::int64_t transfers_in = 0, transfer_value_cents = 0;
  std::int64_t stock_units_in = 0, stock_value_cents = 0;
  std::int64_t loans_in = 0, loan_value_cents = 0;
  // Requests to this department handed over in the period: hours from request to hand-over,
  // ascending.
  std::vector<double> handover_hours;
  // Units of stock this department asked the pool for, in requests made in the period that
  // ended refused or declined.
  std::int64_t units_turned_away = 0;
  // Every asset any pool request known here names (so an asset that came through the pool is
  // not taken for a purchase).
  std::set<std::string> pool_assets;
};

Result<PoolService> pool_service(inventory::Store& store, const inventory::Period& period);

}  // namespace rfinv::sync
