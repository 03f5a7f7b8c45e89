// Demand planning use cases: history import, plans, applying them, ABC/XYZ, forecasts.
#include <algorithm>

#include "inventory/planning/refresh.h"
#include "service/node.h"
#include "sync/node/node.h"
#include "sync/node/pool.h"

namespace rfinv::service {

std::vector<inventory::ExternalDemand> Node::unfilled_pool_demand() {
  std::vector<inventory::ExternalDemand> out;
  auto settings = sync::load_settings(*store_);
  if (!settings) return out;  // a node that never joined a hub has no pool requests
  auto requests = sync::list_pool_requests(*store_);
  auto offers = sync::list_pool_offers(*store_, std::nullopt);
  if (!requests || !offers) return out;
  for (const auto& r : *requests) {
    if (r.from_dept != settings->dept || !r.offer) continue;
    if (r.status != "refused" && r.status != "declined") continue;
    auto offer = std::find_if(offers->begin(), offers->end(),
                              [&](const sync::PoolOffer& o) { return o.id == *r.offer; });
    if (offer == offers->end()) continue;
    out.push_back({offer->sku, r.created_at, r.qty});
  }
  return out;
}

Result<inventory::HistoryImport> Node::import_demand_history(const std::string& path) {
  return inventory::import_demand_history(*store_, path, now_micros());
}

Result<std::vector<inventory::PlanLine>> Node::plan(const inventory::PlanOptions& options) {
  auto external = unfilled_pool_demand();
  return inventory::compute_plans(*store_, options, external, now_micros());
}

Result<inventory::AppliedPlan> Node::apply_plan(const PlanSelection& which,
                                                const std::string& actor,
                                                const std::optional<std::string>& key) {
  if (which.abc_class && *which.abc_class != 'A' && *which.abc_class != 'B' &&
      *which.abc_class != 'C')
    return make_error(Errc::invalid_argument, "the class must be A, B or C, not {}",
                      *which.abc_class);
  inventory::PlanOptions options;
  options.sku = which.sku;
  auto lines = plan(options);
  if (!lines) return lines.error();
  if (which.abc_class)
    std::erase_if(*lines, [&](const inventory::PlanLine& l) { return l.abc != *which.abc_class; });
  auto applied = inventory::apply_plans(*store_, *lines, actor, key, now_micros());
  if (applied && !applied->changed.empty()) after_stock_change();
  return applied;
}

Result<std::vector<inventory::AbcLine>> Node::abc_report() {
  auto external = unfilled_pool_demand();
  return inventory::abc_report(*store_, external, now_micros());
}

Result<std::optional<Node::PlanRefresh>> Node::refresh_plans_if_due(const std::string& actor) {
  auto due = inventory::plan_refresh_due(*store_, now_micros());
  if (!due) return due.error();
  if (!*due) return std::optional<PlanRefresh>();
  auto auto_apply = inventory::get_config(*store_, "plan.auto_apply");
  if (!auto_apply) return auto_apply.error();
  auto lines = plan({});
  if (!lines) return lines.error();
  PlanRefresh refresh;
  refresh.lines = lines->size();
  refresh.proposals = static_cast<std::size_t>(std::count_if(
      lines->begin(), lines->end(), [](const inventory::PlanLine& l) { return l.proposed; }));
  if (*auto_apply && **auto_apply == "true") {
    auto applied = inventory::apply_plans(*store_, *lines, actor, std::nullopt, now_micros());
    if (!applied) return applied.error();
    if (!applied->changed.empty()) after_stock_change();
    refresh.applied = std::move(*applied);
  }
  if (auto ok = inventory::record_plan_refresh(*store_, now_micros()); !ok) return ok.error();
  return std::optional<PlanRefresh>(std::move(refresh));
}

Result<inventory::DemandForecast> Node::demand_forecast(const std::string& sku,
                                                        const std::optional<std::string>& location,
                                                        int horizon_weeks) {
  auto external = unfilled_pool_demand();
  return inventory::demand_forecast(*store_, sku, location, horizon_weeks, external, now_micros());
}

}  // namespace rfinv::service
