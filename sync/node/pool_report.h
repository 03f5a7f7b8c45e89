// Savings through the pool, per department, for a period: what each department received
// (transfers and loans) and their value (purchases avoided), what it gave, the share of
// its assets idle (known only for this node's own department), and the median time from
// request to hand-over of the requests made to it.
//
// Threading: like Store.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "inventory/store/store.h"

namespace rfinv::sync {

struct DeptSavings {
  std::string dept;
  std::int64_t transfers_in = 0, transfer_value_cents = 0;
  std::int64_t loans_in = 0, loan_value_cents = 0;
  std::int64_t stock_in = 0, stock_value_cents = 0;  // stock requests (units received)
  std::int64_t purchases_avoided_cents = 0;  // transfers, loans and stock received, by value
  std::int64_t given = 0, given_value_cents = 0;
  std::optional<double> idle_share;  // 0..1
  std::optional<double> median_handover_hours;
};

struct PoolReport {
  std::optional<Micros> from, to;  // completed_at in [from, to)
  std::vector<DeptSavings> depts;
};

Result<PoolReport> pool_report(inventory::Store& store, std::optional<Micros> from,
                               std::optional<Micros> to);

}  // namespace rfinv::sync
