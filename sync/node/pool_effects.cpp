// What a hub log event does to this node's own assets and ledger. Each change goes through
// inventory/assets/assets.h (so the asset's history is written) or post_movement with a key
// derived from the request id, and is skipped when already done, so replays are no-ops.
#include "inventory/assets/assets.h"
#include "inventory/catalog/catalog.h"
#include "inventory/ledger/carried_lots.h"
#include "inventory/ledger/holds.h"
#include "inventory/ledger/ledger.h"
#include "inventory/store/store_database.h"
#include "sync/node/pool.h"
#include "sync/protocol/events.h"
#include "sync/protocol/handover_lots.h"
#include "sync/protocol/requests.h"

namespace rfinv::sync {
namespace json = boost::json;
using inventory::AssetStatus;
using inventory::Store;

namespace {

std::optional<std::string> text(const json::object& o, const char* key) {
  auto it = o.find(key);
  if (it == o.end() || !it->value().is_string()) return std::nullopt;
  return std::string(it->value().as_string());
}
std::optional<std::int64_t> number(const json::object& o, const char* key) {
  auto it = o.find(key);
  if (it == o.end() || !it->value().is_int64()) return std::nullopt;
  return it->value().as_int64();
}
const json::object* child(const json::object& o, const char* key) {
  auto it = o.find(key);
  return it != o.end() && it->value().is_object() ? &it->value().as_object() : nullptr;
}

class Effects {
 public:
  Effects(Store& store, std::string me, std::string actor)
      : store_(store), me_(std::move(me)), actor_(std::move(actor)) {}

  Status ensure_dept(const std::string& code) {
    auto depts = inventory::list_depts(store_);
    if (!depts) return depts.error();
    for (const auto& d : *depts)
      if (d.code == code) return {};
    auto added = inventory::add_dept(store_, code, code);
    if (!added) return added.error();
    return {};
  }

  // Changes the status only when it differs, and only from one of `from` (so an event
  // arriving after the asset moved on does nothing).
  Status status(const std::string& code, AssetStatus to, std::initializer_list<AssetStatus> from,
                const std::string& why) {
    auto asset = inventory::get_asset(store_, code);
    if (!asset) return asset.error().code == Errc::not_found ? Status{} : Status{asset.error()};
    if (asset->status == to) return {};
    bool allowed = from.size() == 0;
    for (auto s : from) allowed = allowed || asset->status == s;
    if (!allowed) return {};
    auto changed = inventory::set_asset_status(store_, code, to, actor_, why);
    if (!changed) return changed.error();
    return {};
  }

  Status owner(const std::string& code, const std::string& dept, const std::string& why) {
    auto asset = inventory::get_asset(store_, code);
    if (!asset) return asset.error();
    if (asset->dept == dept) return {};
    if (auto s = ensure_dept(dept); !s) return s;
    auto changed = inventory::set_asset_owner(store_, code, dept, actor_, why);
    if (!changed) return changed.error();
    return {};
  }

  Status holder(const std::string& code, const std::string& dept, const std::string& why) {
    auto asset = inventory::get_asset(store_, code);
    if (!asset) return asset.error();
    if (asset->holder_dept == dept) return {};
    if (auto s = ensure_dept(dept); !s) return s;
    auto changed = inventory::set_asset_holder(store_, code, dept, actor_, why);
    if (!changed) return changed.error();
    return {};
  }

  // The receiving node learns of the asset from the hub's snapshot: registered as the
  // giver's, then moved through the pool, so its history here shows the whole path.
  Status ensure_registered(const json::object& asset, const std::string& giver) {
    auto code = text(asset, "code");
    if (!code) return make_error(Errc::corrupt, "asset snapshot without code");
    auto existing = inventory::get_asset(store_, *code);
    if (existing) return {};
    if (existing.error().code != Errc::not_found) return existing.error();
    if (auto s = ensure_dept(giver); !s) return s;
    inventory::NewAsset fresh;
    fresh.code = *code;
    fresh.epc = text(asset, "epc").value_or("");
    fresh.sku = text(asset, "sku");
    fresh.dept = giver;
    fresh.cost_cents = number(asset, "cost_cents").value_or(0);
    auto made = inventory::register_asset(store_, fresh, actor_);
    if (!made && made.error().code == Errc::not_found && fresh.sku) {
      // The SKU is not in this node's catalog: the asset is still ours to track.
      fresh.sku.reset();
      made = inventory::register_asset(store_, fresh, actor_);
    }
    if (!made) return made.error();
    return {};
  }

  // `hold`: the offer's held units the issue takes (holds.h). `lots`: the lots the hand-over
  // carries; the giver's issue takes exactly these and the receiver's receipt adds them.
  Status movement(inventory::MovementKind kind, const std::string& sku, std::int64_t qty,
                  const std::string& location, const std::string& key, const std::string& why,
                  const std::vector<HandoverLot>& lots,
                  const std::optional<std::string>& hold = std::nullopt) {
    inventory::MovementRequest m;
    m.kind = kind;
    m.sku = sku;
    m.qty = qty;
    if (kind == inventory::MovementKind::issue)
      m.from = location;
    else
      m.to = location;
    m.actor = actor_;
    m.reason = why;
    m.key = key;
    m.hold = hold;
    // Units already on their way are booked as they arrive: a lot that expired in transit is
    // received, and shows expired (not available) until it is disposed of.
    m.allow_expired = kind == inventory::MovementKind::receive;
    std::vector<inventory::LotQty> carried;
    for (const auto& l : lots) carried.push_back({l.lot, l.expiry, l.qty});
    auto posted = inventory::post_movement_of_lots(store_, m, carried);
    if (!posted) return posted.error();
    return {};
  }

  // The lots of a stock request's snapshot; a snapshot the hub could not have written is
  // refused (the node records it as apply_failed).
  static Result<std::vector<HandoverLot>> carried_lots(const json::object& request,
                                                       const std::string& id) {
    auto lots = parse_handover_lots(request, number(request, "qty").value_or(0));
    if (!lots)
      return make_error(Errc::corrupt, "request {} snapshot: {}", id, lots.error().message);
    return lots;
  }

  Status apply(EventType type, const json::object& data) {
    const json::object* asset = child(data, "asset");
    const json::object* offer = child(data, "offer");
    const json::object* request = child(data, "request");
    if (type == EventType::publish || type == EventType::withdraw) {
      if (!asset || text(*asset, "owner") != me_) return {};
      auto code = text(*asset, "code");
      if (!code)
        return make_error(Errc::corrupt, "{} event: asset snapshot without code", to_wire(type));
      if (type == EventType::publish)
        return status(*code, AssetStatus::pooled, {AssetStatus::in_use, AssetStatus::idle},
                      "published to the pool");
      return status(*code, AssetStatus::idle, {AssetStatus::pooled}, "withdrawn from the pool");
    }
    if (type == EventType::offer_withdraw) {
      if (!offer || text(*offer, "owner") != me_) return {};
      // What was not handed over is free stock again.
      auto id = text(*offer, "id");
      if (!id) return make_error(Errc::corrupt, "offer_withdraw event: offer snapshot without id");
      return sql::guarded("node database", [&]() -> Status {
        sql::Transaction tx(database_of(store_));
        inventory::release_hold(tx, offer_hold_key(*id));
        tx.commit();
        return {};
      });
    }
    if (!request) return {};
    std::string id = text(*request, "id").value_or("?");
    std::string from = text(*request, "from_dept").value_or("");
    std::string to = text(*request, "to_dept").value_or("");
    RequestKind kind =
        parse_request_kind(text(*request, "kind").value_or("")).value_or(RequestKind::transfer);
    bool loan = kind == RequestKind::loan;
    auto rstatus = parse_request_status(text(*request, "status").value_or(""));
    auto code = text(*request, "asset");
    bool giver = to == me_, taker = from == me_;
    if (!giver && !taker) return {};
    // The snapshot is taken just after the hub applied the event, so it shows the request
    // where the step leads. A request the hub could not reserve has nothing to follow here;
    // any other step whose snapshot disagrees is not what the hub writes, and is refused (the
    // node records it as apply_failed) rather than skipped without a word.
    auto outcome = step_outcome(type);
    if (!outcome) return {};
    if (rstatus != outcome) {
      if (type == EventType::request) return {};
      return make_error(Errc::corrupt, "{} event for request {}: its snapshot is {}, not {}",
                        to_wire(type), id, text(*request, "status").value_or("missing"),
                        to_wire(*outcome));
    }
    std::string why =
        fmt::format("pool {} {}: {} {} -> {}", to_wire(type), id, to_wire(kind), to, from);

    switch (type) {
      case EventType::request:
        if (giver && code) return status(*code, AssetStatus::reserved, {AssetStatus::pooled}, why);
        return {};
      case EventType::decline:
      case EventType::cancel:
        if (giver && code) return status(*code, AssetStatus::pooled, {AssetStatus::reserved}, why);
        return {};
      case EventType::handover:
        if (!giver) return {};
        if (code) return status(*code, AssetStatus::in_transit, {AssetStatus::reserved}, why);
        if (offer) {
          auto lots = carried_lots(*request, id);
          if (!lots) return lots.error();
          return movement(inventory::MovementKind::issue, text(*offer, "sku").value_or(""),
                          number(*request, "qty").value_or(0),
                          text(*offer, "location").value_or(""), "pool:" + id + ":issue", why,
                          *lots, offer_hold_key(text(*offer, "id").value_or("")));
        }
        return {};
      case EventType::receive:
        if (!code) {
          if (!taker || !offer) return {};
          auto lots = carried_lots(*request, id);
          if (!lots) return lots.error();
          return movement(inventory::MovementKind::receive, text(*offer, "sku").value_or(""),
                          number(*request, "qty").value_or(0),
                          text(*request, "receive_location").value_or(""),
                          "pool:" + id + ":receipt", why, *lots);
        }
        if (taker) {
          if (!asset) return make_error(Errc::corrupt, "receive event without the asset");
          if (auto s = ensure_registered(*asset, to); !s) return s;
          auto local = inventory::get_asset(store_, *code);
          if (!local) return local.error();
          bool done = local->holder_dept == me_ && (loan || local->dept == me_);
          if (!done)
            if (auto s = status(*code, AssetStatus::in_transit,
                                {AssetStatus::in_use, AssetStatus::idle}, why);
                !s)
              return s;
        }
        if (!loan)
          if (auto s = owner(*code, from, why); !s) return s;
        if (auto s = holder(*code, from, why); !s) return s;
        // The receiver's location (receive --to, or its dock) is one of its own.
        if (auto where = text(*request, "receive_location"); taker && where) {
          auto moved = inventory::set_asset_location(store_, *code, *where, actor_, why);
          if (!moved) return moved.error();
        }
        return status(*code, AssetStatus::in_use, {AssetStatus::in_transit}, why);
      case EventType::give_back:
        if (!code) return {};
        return holder(*code, to, why);
      case EventType::approve:
      case EventType::publish:
      case EventType::withdraw:
      case EventType::offer:
      case EventType::offer_withdraw:
        return {};  // nothing local: the pool view's snapshots are all they change
    }
    return {};
  }

 private:
  Store& store_;
  std::string me_;
  std::string actor_;
};

}  // namespace

Status apply_pool_effects(Store& store, const std::string& dept, const json::object& event) {
  auto type = text(event, "type");
  const json::object* data = child(event, "data");
  if (!type || !data) return make_error(Errc::corrupt, "log event without type or data");
  // A type this node does not know (from a newer hub) has no local effects.
  auto known = parse_event_type(*type);
  if (!known) return {};
  Effects effects(store, dept, "pool:" + text(event, "dept").value_or("hub"));
  return effects.apply(*known, *data);
}

}  // namespace rfinv::sync
