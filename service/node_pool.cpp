// The node's link to the pool hub and the pool workflow as a department sees it.
#include "service/node.h"
#include "service/refusal.h"

namespace rfinv::service {

Status Node::join_hub(const sync::NodeSettings& settings) {
  return sync::join_hub(*store_, settings);
}
Result<sync::SyncStatus> Node::sync_status() { return sync::sync_status(*store_); }
Result<std::vector<sync::OutboxEntry>> Node::list_outbox(bool pending_only) {
  return sync::list_outbox(*store_, pending_only);
}
Result<sync::RoundCounts> Node::sync_round() { return sync::sync_round(*store_); }

Result<PoolListing> Node::pool_listing(const std::optional<std::string>& sku) {
  auto assets = sync::list_pool_assets(*store_, sku);
  if (!assets) return assets.error();
  auto offers = sync::list_pool_offers(*store_, sku);
  if (!offers) return offers.error();
  // What can still be asked for: assets in the pool (reserved ones show who is ahead) and
  // offers not withdrawn.
  PoolListing listing;
  for (auto& a : *assets)
    if (a.status == "pooled" || a.status == "reserved") listing.assets.push_back(std::move(a));
  for (auto& o : *offers)
    if (o.status == "open") listing.offers.push_back(std::move(o));
  return listing;
}

Result<SentStep> Node::send(Result<std::int64_t> queued, bool offline) {
  if (!queued) return queued.error();
  SentStep step{*queued, false, std::nullopt};
  if (offline) return step;
  auto round = sync::sync_round(*store_);
  if (!round) {
    step.hub_unreachable = round.error().message;
    return step;
  }
  if (auto refusal = refusal_for(*round, step.seq))
    return make_error(Errc::refused, "{}", *refusal);
  step.sent = true;
  return step;
}

Result<SentStep> Node::publish_asset(const std::string& code, bool offline) {
  return send(sync::publish_asset(*store_, code), offline);
}
Result<SentStep> Node::withdraw_asset(const std::string& code, bool offline) {
  return send(sync::withdraw_asset(*store_, code), offline);
}
Result<SentStep> Node::request_step(sync::RequestStep step, const std::string& request_id,
                                    const std::optional<std::string>& location, bool offline) {
  return send(sync::request_step(*store_, step, request_id, location), offline);
}

Result<SentOffer> Node::offer_stock(const std::string& sku, std::int64_t qty,
                                    const std::string& from_location, bool offline) {
  auto queued = sync::offer_stock(*store_, sku, qty, from_location);
  if (!queued) return queued.error();
  SentOffer offer{std::move(queued->id), std::nullopt, std::nullopt};
  if (offline) return offer;
  auto round = sync::sync_round(*store_);
  if (!round) {
    offer.hub_unreachable = round.error().message;
    return offer;
  }
  if (auto refusal = refusal_for(*round, queued->seq))
    return make_error(Errc::refused, "offer {}: {}", offer.id, *refusal);
  offer.round = std::move(*round);
  return offer;
}

Result<sync::PoolRequest> Node::request_from_pool(const std::string& target,
                                                  std::optional<std::int64_t> qty,
                                                  const std::string& reason,
                                                  std::optional<Micros> until) {
  // The rules a user meets first, checked before the hub is asked: an offer needs a positive
  // --qty and cannot be lent; an asset is one unit, and only it can be lent.
  auto r = [&]() -> Result<sync::PoolRequest> {
    if (sync::pool_target(target) == sync::PoolTarget::offer) {
      if (!qty)
        return make_error(Errc::invalid_argument, "requesting offer {} needs --qty N", target);
      if (*qty <= 0)
        return make_error(Errc::invalid_argument, "--qty must be positive, got {}", *qty);
      if (until)
        return make_error(Errc::invalid_argument,
                          "stock offers cannot be lent; --until is for assets");
      return sync::request_offer(*store_, target, *qty, reason);
    }
    if (qty)
      return make_error(Errc::invalid_argument,
                        "{} is an asset: a request is for the asset itself; --qty is for offers",
                        target);
    return sync::request_asset(*store_, target, reason, until);
  }();
  if (r && r->status == "refused") r->problem = sync::refusal_reason(*store_, *r);
  return r;
}

Result<std::vector<sync::PoolRequest>> Node::pool_requests(bool all) {
  auto requests = sync::list_pool_requests(*store_);
  if (!requests) return requests.error();
  if (all) return requests;
  // A node that has not joined has no department of its own: it has no requests to show.
  auto settings = sync::load_settings(*store_);
  if (!settings) return settings.error();
  std::erase_if(*requests, [&](const sync::PoolRequest& r) {
    return r.from_dept != settings->dept && r.to_dept != settings->dept;
  });
  return requests;
}

Result<std::vector<sync::PoolAlert>> Node::pool_alerts(bool open_only) {
  return sync::list_pool_alerts(*store_, open_only, now_micros());
}

Result<sync::PoolReport> Node::pool_report(std::optional<Micros> from, std::optional<Micros> to) {
  return sync::pool_report(*store_, from, to);
}

}  // namespace rfinv::service
