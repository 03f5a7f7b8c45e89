#include "sync/node/pool.h"

#include "inventory/assets/assets.h"
#include "inventory/catalog/catalog.h"
#include "inventory/ledger/carried_lots.h"
#include "inventory/ledger/holds.h"
#include "inventory/ledger/ledger.h"
#include "inventory/store/store_database.h"
#include "sync/node/node.h"
#include "sync/protocol/crypto.h"
#include "sync/protocol/events.h"
#include "sync/protocol/handover_lots.h"
#include "sync/protocol/json_fields.h"
#include "sync/protocol/requests.h"

namespace rfinv::sync {
namespace json = boost::json;
using inventory::AssetStatus;
using inventory::Store;

namespace {

// Offer ids are "O-DEPT-HEX": an id that starts so names an offer, any other an asset.
constexpr std::string_view kOfferPrefix = "O-";

constexpr const char* kRequestColumns =
    "id, asset, offer, qty, from_dept, to_dept, kind, until, reason, status, value_cents, "
    "receive_location, created_at, approved_at, handed_at, completed_at, returned_at";

PoolRequest read_request(sql::Statement& st) {
  PoolRequest r;
  r.id = st.text(0);
  r.asset = st.optional_text(1);
  r.offer = st.optional_text(2);
  r.qty = st.int64(3);
  r.from_dept = st.text(4);
  r.to_dept = st.text(5);
  r.kind = st.text(6);
  r.until = st.optional_int64(7);
  r.reason = st.text(8);
  r.status = st.text(9);
  r.value_cents = st.int64(10);
  r.receive_location = st.optional_text(11);
  r.created_at = st.int64(12);
  r.approved_at = st.optional_int64(13);
  r.handed_at = st.optional_int64(14);
  r.completed_at = st.optional_int64(15);
  r.returned_at = st.optional_int64(16);
  return r;
}

Result<PoolRequest> find_request(Store& store, const std::string& id) {
  return sql::guarded("node database", [&]() -> Result<PoolRequest> {
    auto st = database_of(store).prepare(
        fmt::format("SELECT {} FROM pool_request WHERE id = ?", kRequestColumns));
    st.bind(1, id);
    if (!st.step())
      return make_error(Errc::not_found, "no request {} here (run rfinv sync to refresh)", id);
    return read_request(st);
  });
}

EventType event_type(RequestStep step) {
  switch (step) {
    case RequestStep::approve:
      return EventType::approve;
    case RequestStep::decline:
      return EventType::decline;
    case RequestStep::handover:
      return EventType::handover;
    case RequestStep::receive:
      return EventType::receive;
    case RequestStep::give_back:
      return EventType::give_back;
    case RequestStep::cancel:
      return EventType::cancel;
  }
  return EventType::approve;
}

// The hub's rules (transition()) checked against this node's copy of the request, so an
// obvious mistake fails at once instead of coming back refused; worded for this node's user.
Status check_step(const PoolRequest& r, EventType event, const std::string& me) {
  // A status this node does not know (from a newer hub) is one no step starts from, as is
  // refused; a kind it does not know is not a loan.
  RequestStatus from = parse_request_status(r.status).value_or(RequestStatus::refused);
  RequestKind kind = parse_request_kind(r.kind).value_or(RequestKind::transfer);
  Verdict verdict = transition(from, event, Sides{r.to_dept == me, r.from_dept == me}, kind);
  if (verdict) return {};
  const auto party = step_party(event);
  switch (verdict.refusal) {
    case Refusal::not_a_loan:
      return make_error(Errc::refused, "request {} is not a loan", r.id);
    case Refusal::wrong_party:
      if (party == Party::either)
        return make_error(Errc::refused, "request {} is not {}'s", r.id, me);
      return make_error(Errc::refused, "request {} is for {} to {}, not {}", r.id,
                        party == Party::owner ? "the owner" : "the requester", to_wire(event), me);
    case Refusal::not_a_step:
    case Refusal::wrong_status:
      break;
  }
  if (event == EventType::give_back)
    return make_error(Errc::refused, "request {} is {}; only a loan in use can be returned", r.id,
                      r.status);
  return make_error(Errc::refused, "request {} is {}; cannot {}", r.id, r.status, to_wire(event));
}

Result<std::int64_t> enqueue_for(Store& store, EventType type, json::object data,
                                 const std::optional<std::string>& subject) {
  return enqueue_event(store, std::string(to_wire(type)), data, subject);
}

// A stock hand-over is issued from the owner's ledger when the hub's log brings it back; it
// is refused now, before anything moves, unless that issue can be made (the offer's held
// units are still on hand). Returns the lots the issue takes (first expiry first out; none
// for an untracked item): the hand-over carries them to the receiver, and the issue takes
// exactly these.
Result<std::vector<HandoverLot>> plan_stock_handover(Store& store, const PoolRequest& r) {
  auto offer = sql::guarded("node database", [&]() -> Result<std::pair<std::string, std::string>> {
    auto st = database_of(store).prepare("SELECT sku, location FROM pool_offer WHERE id = ?");
    st.bind(1, *r.offer);
    if (!st.step())
      return make_error(Errc::not_found, "no offer {} here (run rfinv sync to refresh)", *r.offer);
    return std::pair{st.text(0), st.text(1)};
  });
  if (!offer) return offer.error();
  const auto& [sku, location] = *offer;
  auto available = inventory::available_stock(store, sku, location, offer_hold_key(*r.offer));
  if (!available) return available.error();
  if (*available < r.qty)
    return make_error(Errc::refused,
                      "request {} needs {} of {} from {}, but only {} can be issued there; "
                      "nothing was handed over",
                      r.id, r.qty, sku, location, *available);
  inventory::MovementRequest issue;
  issue.kind = inventory::MovementKind::issue;
  issue.sku = sku;
  issue.qty = r.qty;
  issue.from = location;
  issue.hold = offer_hold_key(*r.offer);
  issue.actor = "pool";
  auto planned = inventory::plan_movement_lots(store, issue);
  if (!planned)
    return make_error(planned.error().code, "request {}: {}; nothing was handed over", r.id,
                      planned.error().message);
  std::vector<HandoverLot> lots;
  for (auto& l : *planned) lots.push_back({std::move(l.lot), std::move(l.expiry), l.qty});
  return lots;
}

Result<PoolRequest> ask_hub(Store& store, json::object body) {
  auto settings = load_settings(store);
  if (!settings) return settings.error();
  auto suffix = random_hex(5);
  if (!suffix) return suffix.error();
  body["id"] = fmt::format("R-{}-{}", settings->dept, *suffix);
  auto client = connect_hub(*settings);
  if (!client) return client.error();
  auto reply = (*client)->post("/v1/requests", body);
  if (!reply) return reply.error();
  auto obj = as_object(*reply, "the request reply");
  if (!obj) return obj.error();
  auto it = (*obj)->find("request");
  if (it == (*obj)->end() || !it->value().is_object())
    return make_error(Errc::corrupt, "the hub's request reply has no request");
  // The request and the asset or offer as the hub left them, shown at once rather than
  // after the next pull brings the same snapshots.
  auto stored = sql::guarded("node database", [&]() -> Status {
    store_pool_snapshots(database_of(store), **obj);
    return {};
  });
  if (!stored) return stored.error();
  return find_request(store, std::string(body["id"].as_string()));
}

}  // namespace

Result<std::vector<PoolAsset>> list_pool_assets(Store& store,
                                                const std::optional<std::string>& sku) {
  return sql::guarded("node database", [&]() -> Result<std::vector<PoolAsset>> {
    auto st = database_of(store).prepare(
        "SELECT code, owner, holder, sku, epc, location, request_id, cost_cents, status "
        "FROM pool_asset WHERE (?1 IS NULL OR sku = ?1) ORDER BY code");
    st.bind(1, sku);
    std::vector<PoolAsset> out;
    while (st.step())
      out.push_back({st.text(0), st.text(1), st.text(2), st.optional_text(3), st.optional_text(4),
                     st.optional_text(5), st.optional_text(6), st.int64(7), st.text(8)});
    return out;
  });
}

Result<std::vector<PoolOffer>> list_pool_offers(Store& store,
                                                const std::optional<std::string>& sku) {
  return sql::guarded("node database", [&]() -> Result<std::vector<PoolOffer>> {
    auto st = database_of(store).prepare(
        "SELECT id, owner, sku, location, status, qty, reserved, unit_cost_cents FROM pool_offer "
        "WHERE (?1 IS NULL OR sku = ?1) ORDER BY id");
    st.bind(1, sku);
    std::vector<PoolOffer> out;
    while (st.step())
      out.push_back({st.text(0), st.text(1), st.text(2), st.text(3), st.text(4), st.int64(5),
                     st.int64(6), st.int64(7)});
    return out;
  });
}

Result<std::vector<PoolRequest>> list_pool_requests(Store& store) {
  return sql::guarded("node database", [&]() -> Result<std::vector<PoolRequest>> {
    auto st = database_of(store).prepare(fmt::format(
        "SELECT {}, COALESCE("
        "(SELECT 'refused by the hub: ' || o.type || ': ' || o.error FROM sync_outbox o "
        " WHERE o.subject = r.id AND o.error IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "
        " sync_outbox l WHERE l.subject = o.subject AND l.type = o.type AND l.seq > o.seq AND "
        " l.acked_at IS NOT NULL AND l.error IS NULL) ORDER BY o.seq DESC LIMIT 1), "
        "(SELECT 'not applied here: ' || a.message FROM pool_alert a WHERE a.request = r.id AND "
        " a.kind = 'apply_failed' AND a.cleared_at IS NULL ORDER BY a.raised_at DESC LIMIT 1)) "
        "FROM pool_request r ORDER BY created_at, id",
        kRequestColumns));
    std::vector<PoolRequest> out;
    while (st.step()) {
      out.push_back(read_request(st));
      out.back().problem = st.optional_text(17);
    }
    return out;
  });
}

Result<std::vector<PoolAlert>> list_pool_alerts(Store& store, bool open_only, Micros now) {
  auto settings = load_settings(store);
  std::optional<std::string> dept;
  if (settings)
    dept = settings->dept;
  else if (settings.error().code != Errc::not_found)
    return settings.error();
  return sql::guarded("node database", [&]() -> Result<std::vector<PoolAlert>> {
    // A loan that fell due since the last sync round raised its alert shows as open from its
    // due date, without a write here: listing never changes the database.
    auto st = database_of(store).prepare(
        "SELECT subject, kind, message, raised_at, cleared_at FROM pool_alert "
        "WHERE (?1 = 0 OR cleared_at IS NULL) "
        "UNION ALL SELECT id, 'overdue', 'loan of ' || asset || ' from ' || to_dept || ' to ' || "
        "from_dept || ' is overdue', until, NULL FROM pool_request r WHERE kind = 'loan' AND "
        "status = 'completed' AND until < ?2 AND (from_dept = ?3 OR to_dept = ?3) AND NOT EXISTS "
        "(SELECT 1 FROM pool_alert a WHERE a.subject = r.id AND a.kind = 'overdue') "
        "UNION ALL SELECT 'seq ' || seq, 'refused', type || ' ' || COALESCE(subject, '') || "
        "': ' || error, acked_at, (SELECT MIN(l.acked_at) FROM sync_outbox l WHERE l.subject = "
        "o.subject AND l.type = o.type AND l.seq > o.seq AND l.acked_at IS NOT NULL AND l.error "
        "IS NULL) AS cleared FROM sync_outbox o WHERE error IS NOT NULL AND (?1 = 0 OR NOT EXISTS "
        "(SELECT 1 FROM sync_outbox l WHERE l.subject = o.subject AND l.type = o.type AND "
        "l.seq > o.seq AND l.acked_at IS NOT NULL AND l.error IS NULL)) "
        "ORDER BY 4, 1");
    st.bind(1, open_only ? 1 : 0).bind(2, now).bind(3, dept);
    std::vector<PoolAlert> out;
    while (st.step())
      out.push_back({st.text(0), st.text(1), st.text(2), st.int64(3), st.optional_int64(4)});
    return out;
  });
}

Result<std::int64_t> publish_asset(Store& store, const std::string& code) {
  auto settings = load_settings(store);
  if (!settings) return settings.error();
  auto asset = inventory::get_asset(store, code);
  if (!asset) return asset.error();
  if (asset->dept != settings->dept)
    return make_error(Errc::refused, "asset {} belongs to {}, not {}", code, asset->dept,
                      settings->dept);
  if (asset->holder_dept != settings->dept)
    return make_error(Errc::refused, "asset {} is held by {}", code, asset->holder_dept);
  if (asset->status != AssetStatus::in_use && asset->status != AssetStatus::idle &&
      asset->status != AssetStatus::pooled)
    return make_error(Errc::refused,
                      "asset {} is {}; only an asset in use or idle can be published", code,
                      inventory::to_string(asset->status));
  json::object data{{"asset", code},
                    {"sku", asset->sku ? json::value(*asset->sku) : nullptr},
                    {"epc", asset->epc ? json::value(*asset->epc) : nullptr},
                    {"cost_cents", asset->cost_cents},
                    {"location", asset->location ? json::value(*asset->location) : nullptr}};
  return enqueue_for(store, EventType::publish, std::move(data), code);
}

Result<std::int64_t> withdraw_asset(Store& store, const std::string& code) {
  auto settings = load_settings(store);
  if (!settings) return settings.error();
  auto asset = inventory::get_asset(store, code);
  if (!asset) return asset.error();
  if (asset->dept != settings->dept)
    return make_error(Errc::refused, "asset {} belongs to {}", code, asset->dept);
  if (asset->status != AssetStatus::pooled)
    return make_error(Errc::refused, "asset {} is {}, not pooled", code,
                      inventory::to_string(asset->status));
  return enqueue_for(store, EventType::withdraw, json::object{{"asset", code}}, code);
}

PoolTarget pool_target(std::string_view id) {
  return id.starts_with(kOfferPrefix) ? PoolTarget::offer : PoolTarget::asset;
}

std::string offer_hold_key(const std::string& offer_id) { return "pool:" + offer_id; }

Result<QueuedOffer> offer_stock(Store& store, const std::string& sku, std::int64_t qty,
                                const std::string& from_location) {
  auto settings = load_settings(store);
  if (!settings) return settings.error();
  if (qty <= 0) return make_error(Errc::invalid_argument, "QTY must be positive");
  auto item = inventory::get_item(store, sku);
  if (!item) return item.error();
  auto suffix = random_hex(4);
  if (!suffix) return suffix.error();
  std::string id = fmt::format("{}{}-{}", kOfferPrefix, settings->dept, *suffix);
  return sql::guarded("node database", [&]() -> Result<QueuedOffer> {
    sql::Transaction tx(database_of(store));
    // Offered stock stays on hand but is held: issue and transfer cannot take it, and two
    // offers never promise the same units.
    if (auto held = inventory::place_hold(tx, offer_hold_key(id), sku, from_location, qty); !held)
      return held.error();
    auto seq = enqueue_for(store, EventType::offer,
                           json::object{{"offer", id},
                                        {"sku", sku},
                                        {"qty", qty},
                                        {"location", from_location},
                                        {"unit_cost_cents", item->fields.unit_cost_cents}},
                           id);
    if (!seq) return seq.error();
    tx.commit();
    return QueuedOffer{id, *seq};
  });
}

Result<std::int64_t> request_step(Store& store, RequestStep step, const std::string& request_id,
                                  const std::optional<std::string>& location) {
  auto settings = load_settings(store);
  if (!settings) return settings.error();
  auto r = find_request(store, request_id);
  if (!r) return r.error();
  const std::string& me = settings->dept;
  const EventType event = event_type(step);
  if (auto ok = check_step(*r, event, me); !ok) return ok.error();
  json::object data{{"request", request_id}};
  if (step == RequestStep::handover && r->offer) {
    auto lots = plan_stock_handover(store, *r);
    if (!lots) return lots.error();
    if (!lots->empty()) data["lots"] = to_json(*lots);
  }
  if (step == RequestStep::receive) {
    if (r->offer && !location)
      return make_error(Errc::invalid_argument, "receiving stock needs --to LOCATION");
    if (location) {
      if (auto found = inventory::get_location(store, *location); !found) return found.error();
      data["location"] = *location;
    }
  }
  return enqueue_for(store, event, std::move(data), request_id);
}

Result<PoolRequest> request_asset(Store& store, const std::string& asset, const std::string& reason,
                                  std::optional<Micros> until) {
  json::object body{{"asset", asset}, {"reason", reason}};
  if (until) body["until"] = format_utc(*until);
  return ask_hub(store, std::move(body));
}

Result<PoolRequest> request_offer(Store& store, const std::string& offer, std::int64_t qty,
                                  const std::string& reason) {
  if (qty <= 0) return make_error(Errc::invalid_argument, "--qty must be positive");
  return ask_hub(store, json::object{{"offer", offer}, {"qty", qty}, {"reason", reason}});
}

std::string refusal_reason(Store& store, const PoolRequest& r) {
  auto reason = sql::guarded("node database", [&]() -> Result<std::string> {
    auto& db = database_of(store);
    if (r.offer) {
      auto st = db.prepare("SELECT qty - reserved, status FROM pool_offer WHERE id = ?");
      st.bind(1, *r.offer);
      if (!st.step()) return fmt::format("offer {} is unknown", *r.offer);
      if (st.text(1) != "open") return fmt::format("offer {} is {}", *r.offer, st.text(1));
      return fmt::format("only {} of offer {} available ({} asked)", st.int64(0), *r.offer, r.qty);
    }
    auto st = db.prepare("SELECT status FROM pool_asset WHERE code = ?");
    st.bind(1, r.asset.value_or(""));
    if (!st.step()) return fmt::format("asset {} is not in the pool", r.asset.value_or("?"));
    return fmt::format("asset {} is taken ({})", *r.asset, st.text(0));
  });
  return reason ? *reason : reason.error().message;
}

Status raise_overdue_alerts(Store& store, const std::string& dept, Micros now) {
  return sql::guarded("node database", [&]() -> Status {
    auto& db = database_of(store);
    sql::Transaction tx(db);
    db.prepare(
          "INSERT OR IGNORE INTO pool_alert(subject, kind, raised_at, message) "
          "SELECT id, 'overdue', ?1, 'loan of ' || asset || ' from ' || to_dept || ' to ' || "
          "from_dept || ' is overdue' FROM pool_request WHERE kind = 'loan' AND "
          "status = 'completed' AND until < ?1 AND (from_dept = ?2 OR to_dept = ?2)")
        .bind(1, now)
        .bind(2, dept)
        .run();
    db.prepare(
          "UPDATE pool_alert SET cleared_at = ?1 WHERE kind = 'overdue' AND cleared_at IS NULL "
          "AND subject IN (SELECT id FROM pool_request WHERE status = 'returned')")
        .bind(1, now)
        .run();
    tx.commit();
    return {};
  });
}

Result<std::optional<std::string>> on_asset_seen_at_dock(Store& store,
                                                         const std::string& asset_code,
                                                         const std::string& location_code,
                                                         Micros at) {
  auto settings = load_settings(store);
  if (!settings) return settings.error();
  struct Found {
    std::string id;
    EventType type;
  };
  auto found = sql::guarded("node database", [&]() -> Result<std::optional<Found>> {
    auto st = database_of(store).prepare(
        "SELECT id, status "
        "FROM pool_request WHERE asset = ?1 AND ((status = 'in_transit' AND from_dept = ?2) OR "
        "(kind = 'loan' AND status = 'completed' AND to_dept = ?2)) ORDER BY created_at DESC "
        "LIMIT 1");
    st.bind(1, asset_code).bind(2, settings->dept);
    if (!st.step()) return std::optional<Found>{};
    // In transit to us: we receive it; otherwise it is our loan coming back.
    Found f{st.text(0), parse_request_status(st.text(1)) == RequestStatus::in_transit
                            ? EventType::receive
                            : EventType::give_back};
    auto queued = database_of(store).prepare(
        "SELECT 1 FROM sync_outbox WHERE subject = ? AND type = ? AND "
        "(acked_at IS NULL OR error IS NULL)");
    queued.bind(1, f.id).bind(2, to_wire(f.type));
    if (queued.step()) return std::optional<Found>{};
    return std::optional<Found>(f);
  });
  if (!found) return found.error();
  if (!*found) return std::optional<std::string>{};
  json::object data{{"request", (*found)->id}, {"seen_at", format_utc(at)}};
  if ((*found)->type == EventType::receive) data["location"] = location_code;
  auto seq = enqueue_for(store, (*found)->type, std::move(data), (*found)->id);
  if (!seq) return seq.error();
  return std::optional<std::string>(fmt::format("{} {}", to_wire((*found)->type), (*found)->id));
}

}  // namespace rfinv::sync
