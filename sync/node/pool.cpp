#include "sync/node/pool.h"

#include "inventory/assets/assets.h"
#include "inventory/catalog/catalog.h"
#include "inventory/catalog/internal/catalog_rows.h"
#include "inventory/ledger/ledger.h"
#include "sync/protocol/crypto.h"
#include "sync/protocol/json_fields.h"
#include "sync/node/node.h"

namespace rfinv::sync {
namespace json = boost::json;
using inventory::AssetStatus;
using inventory::Store;

namespace {

// Offer ids are "O-DEPT-HEX": an id that starts so names an offer, any other an asset.
constexpr std::string_view kOfferPrefix = "O-";

template <class F>
auto guarded(F&& body) -> decltype(body()) {
  try {
    return body();
  } catch (const sql::DbError& e) {
    return make_error(Errc::io, "node database: {}", e.what());
  }
}

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
  return guarded([&]() -> Result<PoolRequest> {
    auto& st = store.db().prepare(
        fmt::format("SELECT {} FROM pool_request WHERE id = ?", kRequestColumns));
    st.bind(1, id);
    if (!st.step())
      return make_error(Errc::not_found, "no request {} here (run rfinv sync to refresh)", id);
    return read_request(st);
  });
}

// The request snapshot the hub answered with, stored at once so `pool requests` shows it
// before the next pull brings the same snapshot again.
void store_request_snapshot(sql::Database& db, const json::object& r) {
  auto text = [&](const char* k) -> std::optional<std::string> {
    auto it = r.find(k);
    return it != r.end() && it->value().is_string()
               ? std::optional<std::string>(std::string(it->value().as_string()))
               : std::nullopt;
  };
  auto num = [&](const char* k) -> std::optional<std::int64_t> {
    auto it = r.find(k);
    return it != r.end() && it->value().is_int64() ? std::optional(it->value().as_int64())
                                                   : std::nullopt;
  };
  db.prepare(fmt::format("INSERT OR REPLACE INTO pool_request({}) VALUES "
                         "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                         kRequestColumns))
      .bind(1, text("id").value_or(""))
      .bind(2, text("asset"))
      .bind(3, text("offer"))
      .bind(4, num("qty").value_or(1))
      .bind(5, text("from_dept").value_or(""))
      .bind(6, text("to_dept").value_or(""))
      .bind(7, text("kind").value_or("transfer"))
      .bind(8, num("until"))
      .bind(9, text("reason").value_or(""))
      .bind(10, text("status").value_or(""))
      .bind(11, num("value_cents").value_or(0))
      .bind(12, text("receive_location"))
      .bind(13, num("created_at").value_or(0))
      .bind(14, num("approved_at"))
      .bind(15, num("handed_at"))
      .bind(16, num("completed_at"))
      .bind(17, num("returned_at"))
      .run();
}

Result<std::int64_t> enqueue_for(Store& store, const std::string& type, json::object data,
                                 const std::optional<std::string>& subject) {
  auto seq = enqueue_event(store, type, data);
  if (!seq) return seq;
  if (subject)
    return guarded([&]() -> Result<std::int64_t> {
      store.db()
          .prepare("UPDATE sync_outbox SET subject = ? WHERE seq = ?")
          .bind(1, *subject)
          .bind(2, *seq)
          .run();
      return *seq;
    });
  return seq;
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
  auto stored = guarded([&]() -> Status {
    store_request_snapshot(store.db(), it->value().as_object());
    return {};
  });
  if (!stored) return stored.error();
  return find_request(store, std::string(body["id"].as_string()));
}

}  // namespace

std::string_view to_string(RequestStep step) {
  switch (step) {
    case RequestStep::approve:
      return "approve";
    case RequestStep::decline:
      return "decline";
    case RequestStep::handover:
      return "handover";
    case RequestStep::receive:
      return "receive";
    case RequestStep::give_back:
      return "return";
    case RequestStep::cancel:
      return "cancel";
  }
  return "?";
}

Result<std::vector<PoolAsset>> list_pool_assets(Store& store,
                                                const std::optional<std::string>& sku) {
  return guarded([&]() -> Result<std::vector<PoolAsset>> {
    auto& st = store.db().prepare(
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
  return guarded([&]() -> Result<std::vector<PoolOffer>> {
    auto& st = store.db().prepare(
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
  return guarded([&]() -> Result<std::vector<PoolRequest>> {
    auto& st = store.db().prepare(
        fmt::format("SELECT {} FROM pool_request ORDER BY created_at, id", kRequestColumns));
    std::vector<PoolRequest> out;
    while (st.step()) out.push_back(read_request(st));
    return out;
  });
}

Result<std::vector<PoolAlert>> list_pool_alerts(Store& store, bool open_only) {
  return guarded([&]() -> Result<std::vector<PoolAlert>> {
    auto& st = store.db().prepare(
        "SELECT subject, kind, message, raised_at, cleared_at FROM pool_alert "
        "WHERE (?1 = 0 OR cleared_at IS NULL) ORDER BY raised_at, subject");
    st.bind(1, open_only ? 1 : 0);
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
  return enqueue_for(store, "publish", std::move(data), code);
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
  return enqueue_for(store, "withdraw", json::object{{"asset", code}}, code);
}

PoolTarget pool_target(std::string_view id) {
  return id.starts_with(kOfferPrefix) ? PoolTarget::offer : PoolTarget::asset;
}

Result<std::string> offer_stock(Store& store, const std::string& sku, std::int64_t qty,
                                const std::string& from_location) {
  auto settings = load_settings(store);
  if (!settings) return settings.error();
  if (qty <= 0) return make_error(Errc::invalid_argument, "QTY must be positive");
  auto item = inventory::get_item(store, sku);
  if (!item) return item.error();
  auto levels = inventory::stock_levels(store, {sku, from_location, false});
  if (!levels) return levels.error();
  std::int64_t at_location = 0;
  for (const auto& line : *levels)
    if (line.location == from_location) at_location += line.qty;
  if (at_location < qty)
    return make_error(Errc::refused, "only {} of {} on hand at {}", at_location, sku,
                      from_location);
  auto suffix = random_hex(4);
  if (!suffix) return suffix.error();
  std::string id = fmt::format("{}{}-{}", kOfferPrefix, settings->dept, *suffix);
  auto seq = enqueue_for(store, "offer",
                         json::object{{"offer", id},
                                      {"sku", sku},
                                      {"qty", qty},
                                      {"location", from_location},
                                      {"unit_cost_cents", item->fields.unit_cost_cents}},
                         id);
  if (!seq) return seq.error();
  return id;
}

Result<std::int64_t> request_step(Store& store, RequestStep step, const std::string& request_id,
                                  const std::optional<std::string>& location) {
  auto settings = load_settings(store);
  if (!settings) return settings.error();
  auto r = find_request(store, request_id);
  if (!r) return r.error();
  const std::string& me = settings->dept;
  auto expect = [&](bool owner_side, std::initializer_list<const char*> states) -> Status {
    const std::string& side = owner_side ? r->to_dept : r->from_dept;
    if (side != me)
      return make_error(Errc::refused, "request {} is for {} to {}, not {}", request_id,
                        owner_side ? "the owner" : "the requester", to_string(step), me);
    for (const char* s : states)
      if (r->status == s) return {};
    return make_error(Errc::refused, "request {} is {}; cannot {}", request_id, r->status,
                      to_string(step));
  };
  Status ok;
  json::object data{{"request", request_id}};
  switch (step) {
    case RequestStep::approve:
      ok = expect(true, {"reserved"});
      break;
    case RequestStep::decline:
      ok = expect(true, {"reserved", "approved"});
      break;
    case RequestStep::handover:
      ok = expect(true, {"approved"});
      break;
    case RequestStep::cancel:
      ok = expect(false, {"reserved", "approved"});
      break;
    case RequestStep::receive:
      ok = expect(false, {"in_transit"});
      if (ok && r->offer && !location)
        ok = make_error(Errc::invalid_argument, "receiving stock needs --to LOCATION");
      if (ok && location) {
        auto found = guarded([&]() -> Status {
          if (!inventory::find_location_id(store.db(), *location))
            return make_error(Errc::not_found, "unknown location {}", *location);
          return {};
        });
        ok = found;
        data["location"] = *location;
      }
      break;
    case RequestStep::give_back:
      if (r->kind != "loan")
        ok = make_error(Errc::refused, "request {} is not a loan", request_id);
      else if (r->from_dept != me && r->to_dept != me)
        ok = make_error(Errc::refused, "request {} is not {}'s", request_id, me);
      else if (r->status != "completed")
        ok = make_error(Errc::refused, "request {} is {}; only a loan in use can be returned",
                        request_id, r->status);
      break;
  }
  if (!ok) return ok.error();
  return enqueue_for(store, std::string(to_string(step)), std::move(data), request_id);
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

Status raise_overdue_alerts(Store& store, const std::string& dept, Micros now) {
  return guarded([&]() -> Status {
    auto& db = store.db();
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
    std::string type;
  };
  auto found = guarded([&]() -> Result<std::optional<Found>> {
    auto& st = store.db().prepare(
        "SELECT id, CASE WHEN status = 'in_transit' THEN 'receive' ELSE 'return' END "
        "FROM pool_request WHERE asset = ?1 AND ((status = 'in_transit' AND from_dept = ?2) OR "
        "(kind = 'loan' AND status = 'completed' AND to_dept = ?2)) ORDER BY created_at DESC "
        "LIMIT 1");
    st.bind(1, asset_code).bind(2, settings->dept);
    if (!st.step()) return std::optional<Found>{};
    Found f{st.text(0), st.text(1)};
    st.reset();
    auto& queued = store.db().prepare(
        "SELECT 1 FROM sync_outbox WHERE subject = ? AND type = ? AND "
        "(acked_at IS NULL OR error IS NULL)");
    queued.bind(1, f.id).bind(2, f.type);
    if (queued.step()) return std::optional<Found>{};
    return std::optional<Found>(f);
  });
  if (!found) return found.error();
  if (!*found) return std::optional<std::string>{};
  json::object data{{"request", (*found)->id}, {"seen_at", format_utc(at)}};
  if ((*found)->type == "receive") data["location"] = location_code;
  auto seq = enqueue_for(store, (*found)->type, std::move(data), (*found)->id);
  if (!seq) return seq.error();
  return std::optional<std::string>((*found)->type + " " + (*found)->id);
}

}  // namespace rfinv::sync
