#include "sync/node/pool_report.h"

#include <algorithm>
#include <map>

#include "inventory/assets/assets.h"
#include "inventory/store/store_database.h"
#include "sync/node/node.h"
#include "sync/protocol/requests.h"

namespace rfinv::sync {
using inventory::Store;

Result<PoolReport> pool_report(Store& store, std::optional<Micros> from, std::optional<Micros> to) {
  PoolReport report{from, to, {}};
  std::map<std::string, DeptSavings> by_dept;
  std::map<std::string, std::vector<double>> handover_hours;
  auto in_period = [&](std::optional<Micros> at) {
    return at && (!from || *at >= *from) && (!to || *at < *to);
  };
  try {
    auto st = database_of(store).prepare(
        "SELECT from_dept, to_dept, kind, asset IS NULL, qty, value_cents, created_at, "
        "handed_at, completed_at FROM pool_request");
    while (st.step()) {
      std::string taker = st.text(0), giver = st.text(1);
      bool loan = parse_request_kind(st.text(2)) == RequestKind::loan;
      bool stock = st.int64(3) != 0;
      std::int64_t qty = st.int64(4), value = st.int64(5);
      auto handed = st.optional_int64(7);
      auto completed = st.optional_int64(8);
      auto& t = by_dept[taker];
      auto& g = by_dept[giver];
      t.dept = taker;
      g.dept = giver;
      if (in_period(handed))
        handover_hours[giver].push_back(static_cast<double>(*handed - st.int64(6)) / 3.6e9);
      if (!in_period(completed)) continue;
      if (stock) {
        t.stock_in += qty;
        t.stock_value_cents += value;
      } else if (loan) {
        ++t.loans_in;
        t.loan_value_cents += value;
      } else {
        ++t.transfers_in;
        t.transfer_value_cents += value;
      }
      ++g.given;
      g.given_value_cents += value;
    }
  } catch (const sql::DbError& e) {
    return make_error(Errc::io, "node database: {}", e.what());
  }
  for (auto& [dept, hours] : handover_hours) {
    std::sort(hours.begin(), hours.end());
    std::size_t n = hours.size();
    by_dept[dept].median_handover_hours =
        n % 2 ? hours[n / 2] : (hours[n / 2 - 1] + hours[n / 2]) / 2;
  }
  if (auto settings = load_settings(store)) {
    auto assets = inventory::list_assets(store, settings->dept, std::nullopt);
    if (assets) {
      std::int64_t owned = 0, idle = 0;
      for (const auto& a : *assets) {
        if (a.dept != settings->dept || a.status == inventory::AssetStatus::retired) continue;
        ++owned;
        if (a.status == inventory::AssetStatus::idle || a.status == inventory::AssetStatus::pooled)
          ++idle;
      }
      auto& mine = by_dept[settings->dept];
      mine.dept = settings->dept;
      if (owned) mine.idle_share = static_cast<double>(idle) / static_cast<double>(owned);
    }
  }
  for (auto& [dept, savings] : by_dept) {
    savings.purchases_avoided_cents =
        savings.transfer_value_cents + savings.loan_value_cents + savings.stock_value_cents;
    report.depts.push_back(savings);
  }
  return report;
}

}  // namespace rfinv::sync
