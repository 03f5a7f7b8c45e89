#include "service/service_report.h"

#include <cmath>

#include "inventory/store/read_snapshot.h"
#include "sync/node/pool_service.h"

namespace rfinv::service {
namespace {

std::optional<double> share(std::int64_t part, std::int64_t whole) {
  if (whole <= 0) return std::nullopt;
  return static_cast<double>(part) / static_cast<double>(whole);
}

}  // namespace

double nearest_rank(const std::vector<double>& sorted, double q) {
  auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(sorted.size())));
  return sorted[rank == 0 ? 0 : rank - 1];
}

double median(const std::vector<double>& sorted) {
  std::size_t n = sorted.size();
  return n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

Result<ServiceReport> service_report(Node& node, std::optional<Micros> from,
                                     std::optional<Micros> to) {
  ServiceReport r;
  r.from = from;
  r.to = to.value_or(now_micros());
  if (from && *from >= r.to)
    return make_error(Errc::invalid_argument, "the period is empty: --from {} is not before {}",
                      format_utc(*from), format_utc(r.to));
  const inventory::Period period{from.value_or(0), r.to};
  auto& store = node.store();
  // One snapshot for every figure, so a movement or a pool request committed while the report
  // runs cannot be counted by one query and missed by the next.
  Status read = inventory::in_read_snapshot(store, [&]() -> Status {
    auto pool = sync::pool_service(store, period);
    if (!pool) return pool.error();
    r.dept = pool->dept;

    auto orders = inventory::purchases(store, period);
    if (!orders) return orders.error();
    r.purchase_orders = orders->orders;
    r.purchase_order_cents = orders->value_cents;

    auto assets = inventory::list_assets(store, std::nullopt, std::nullopt);
    if (!assets) return assets.error();
    for (const auto& a : *assets) {
      // Before joining a hub every asset here is this node's own.
      if (r.dept && a.dept != *r.dept) continue;
      if (a.registered_at >= period.from && a.registered_at < period.to &&
          !pool->pool_assets.count(a.code)) {
        ++r.assets_bought;
        r.assets_bought_cents += a.cost_cents;
      }
      if (a.status == inventory::AssetStatus::retired) continue;
      r.asset_cents += a.cost_cents;
      if (a.status == inventory::AssetStatus::idle || a.status == inventory::AssetStatus::pooled)
        r.idle_asset_cents += a.cost_cents;
    }
    r.purchased_cents = r.purchase_order_cents + r.assets_bought_cents;

    r.pool_filled_cents =
        pool->transfer_value_cents + pool->stock_value_cents + pool->loan_value_cents;
    r.purchase_savings = share(r.pool_filled_cents, r.pool_filled_cents + r.purchased_cents);
    if (r.purchase_savings) r.savings_met = *r.purchase_savings >= kSavingsTarget;
    r.idle_share = share(r.idle_asset_cents, r.asset_cents);
    if (r.idle_share) r.idle_met = *r.idle_share <= kIdleShareTarget;

    const auto& hours = pool->handover_hours;
    r.handovers = static_cast<std::int64_t>(hours.size());
    if (!hours.empty()) {
      r.median_handover_hours = median(hours);
      r.p90_handover_hours = nearest_rank(hours, 0.9);
      r.handover_met = *r.p90_handover_hours <= kHandoverHoursTarget;
    }

    auto issued = inventory::units_issued(store, period);
    if (!issued) return issued.error();
    r.units_issued = *issued;
    auto refused = inventory::units_refused(store, period);
    if (!refused) return refused.error();
    r.units_refused = *refused;
    r.units_unfilled_from_pool = pool->units_turned_away;
    r.units_turned_away = r.units_refused + r.units_unfilled_from_pool;
    r.fill_rate = share(r.units_issued, r.units_issued + r.units_turned_away);

    auto stockouts = inventory::stockout_days(store, period);
    if (!stockouts) return stockouts.error();
    r.stockouts = std::move(*stockouts);

    r.loans = pool->loans_in;
    r.loan_cents = pool->loan_value_cents;
    r.loan_share = share(r.loan_cents, r.loan_cents + r.purchased_cents);
    return {};
  });
  if (!read) return read.error();
  return r;
}

}  // namespace rfinv::service
