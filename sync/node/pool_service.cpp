#include "sync/node/pool_service.h"

#include <algorithm>

#include "inventory/store/store_database.h"
#include "sync/node/node.h"
#include "sync/protocol/requests.h"

namespace rfinv::sync {

Result<PoolService> pool_service(inventory::Store& store, const inventory::Period& p) {
  PoolService out;
  if (auto settings = load_settings(store))
    out.dept = settings->dept;
  else if (settings.error().code != Errc::not_found)
    return settings.error();
  auto in_period = [&](std::optional<Micros> at) { return at && *at >= p.from && *at < p.to; };
  return sql::guarded("reading pool requests", [&]() -> Result<PoolService> {
    auto st = inventory::database_of(store).prepare(
        "SELECT asset, from_dept, to_dept, kind, qty, value_cents, status, created_at, "
        "handed_at, completed_at FROM pool_request");
    while (st.step()) {
      auto asset = st.optional_text(0);
      if (asset) out.pool_assets.insert(*asset);
      if (!out.dept) continue;
      bool mine = st.text(1) == *out.dept, to_me = st.text(2) == *out.dept;
      bool loan = parse_request_kind(st.text(3)) == RequestKind::loan;
      std::int64_t qty = st.int64(4), value = st.int64(5);
      auto status = parse_request_status(st.text(6));
      Micros created = st.int64(7);
      auto handed = st.optional_int64(8), completed = st.optional_int64(9);
      if (to_me && in_period(handed))
        out.handover_hours.push_back(static_cast<double>(*handed - created) / 3.6e9);
      if (!mine) continue;
      if (!asset && in_period(created) &&
          (status == RequestStatus::refused || status == RequestStatus::declined))
        out.units_turned_away += qty;
      if (!in_period(completed)) continue;
      if (!asset) {
        out.stock_units_in += qty;
        out.stock_value_cents += value;
      } else if (loan) {
        ++out.loans_in;
        out.loan_value_cents += value;
      } else {
        ++out.transfers_in;
        out.transfer_value_cents += value;
      }
    }
    std::sort(out.handover_hours.begin(), out.handover_hours.end());
    return out;
  });
}

}  // namespace rfinv::sync
