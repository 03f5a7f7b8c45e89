// The pool workflow on a department node: publish and withdraw assets, offer surplus stock,
// request (reserved or refused at the hub, synchronously), approve, decline, hand over,
// receive, return and cancel; the node's view of the pool; alerts.
//
// Every workflow step except a request is an event in the outbox: it takes effect on
// this node's assets and ledger when it comes back in the hub's log (apply_pool_effects),
// so what a node shows never disagrees with the hub's decision. Commands check the local
// view first so obvious mistakes fail at once.
//
// Threading: like Store, every function runs on the Store's thread.
#pragma once

#include <boost/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "inventory/store/store.h"

namespace rfinv::sync {

struct PoolAsset {
  std::string code, owner, holder;
  std::optional<std::string> sku, epc, location, request;
  std::int64_t cost_cents = 0;
  std::string status;  // pooled, reserved, off (not in the pool), lent
};

struct PoolOffer {
  std::string id, owner, sku, location, status;  // open, withdrawn
  std::int64_t qty = 0, reserved = 0, unit_cost_cents = 0;
};

struct PoolRequest {
  std::string id;
  std::optional<std::string> asset, offer;
  std::int64_t qty = 1;
  std::string from_dept, to_dept, kind, reason, status;
  std::optional<Micros> until;
  std::int64_t value_cents = 0;
  std::optional<std::string> receive_location;
  Micros created_at = 0;
  std::optional<Micros> approved_at, handed_at, completed_at, returned_at;
  // What went wrong with it here, if anything: this node's last step the hub refused (unless
  // a later one of the same kind went through), or an event of it that could not be applied
  // here (an open apply_failed alert).
  std::optional<std::string> problem;
};

struct PoolAlert {
  std::string subject, kind, message;
  Micros raised_at = 0;
  std::optional<Micros> cleared_at;
};

Result<std::vector<PoolAsset>> list_pool_assets(inventory::Store& store,
                                                const std::optional<std::string>& sku);
Result<std::vector<PoolOffer>> list_pool_offers(inventory::Store& store,
                                                const std::optional<std::string>& sku);
Result<std::vector<PoolRequest>> list_pool_requests(inventory::Store& store);
// Stored pool alerts, loans overdue at `now` whose alert the next sync round will raise, and
// this node's events the hub refused ("refused", cleared once a later event of the same kind
// for the same subject went through).
Result<std::vector<PoolAlert>> list_pool_alerts(inventory::Store& store, bool open_only,
                                                Micros now);

// What a pool id names: an asset (its code) or a stock offer (an id offer_stock made).
enum class PoolTarget { asset, offer };
PoolTarget pool_target(std::string_view id);

// Outbox steps; each returns the outbox sequence number.
Result<std::int64_t> publish_asset(inventory::Store& store, const std::string& code);
Result<std::int64_t> withdraw_asset(inventory::Store& store, const std::string& code);
// Holds `qty` of the stock at `from_location` for the offer (refused beyond the free stock)
// and queues it, in one transaction; the hold is released when the hub refuses or withdraws
// the offer, and drawn down by its hand-overs.
struct QueuedOffer {
  std::string id;
  std::int64_t seq = 0;
};
Result<QueuedOffer> offer_stock(inventory::Store& store, const std::string& sku, std::int64_t qty,
                                const std::string& from_location);
// The ledger hold (inventory/ledger/holds.h) that keeps an offer's stock.
std::string offer_hold_key(const std::string& offer_id);

// The steps of a request this node may take; each is queued as its EventType.
enum class RequestStep { approve, decline, handover, receive, give_back, cancel };
// `location`: where a receive puts the asset or stock (required for stock). A hand-over of
// stock is refused unless this node's ledger can issue it now.
Result<std::int64_t> request_step(inventory::Store& store, RequestStep step,
                                  const std::string& request_id,
                                  const std::optional<std::string>& location = std::nullopt);

// Asks the hub now (synchronously) and records its answer: status reserved or refused.
// `until` makes it a loan. Retried with the same id after a lost answer.
Result<PoolRequest> request_asset(inventory::Store& store, const std::string& asset,
                                  const std::string& reason, std::optional<Micros> until);
Result<PoolRequest> request_offer(inventory::Store& store, const std::string& offer,
                                  std::int64_t qty, const std::string& reason);
// Why the hub refused request `r`, from the pool view its answer refreshed: "only 30 of
// offer O are available (40 asked)", "asset A is reserved".
std::string refusal_reason(inventory::Store& store, const PoolRequest& r);

// What a log event does to this node's own assets and ledger (`dept` is this node's).
// Idempotent: a replayed event changes nothing.
Status apply_pool_effects(inventory::Store& store, const std::string& dept,
                          const boost::json::object& event);

// Raises an "overdue" alert for every loan this department gave or took that is past
// its date and not returned; clears it once returned.
Status raise_overdue_alerts(inventory::Store& store, const std::string& dept, Micros now);

// The read service's hook when this department's dock reader sees an asset's tag: queues
// the receive of a hand-over to this department, or the end of a loan of this
// department's asset coming back. Returns what it queued ("receive R", "return R") or
// nothing. Repeated sightings queue it once.
Result<std::optional<std::string>> on_asset_seen_at_dock(inventory::Store& store,
                                                         const std::string& asset_code,
                                                         const std::string& location_code,
                                                         Micros at);

}  // namespace rfinv::sync
