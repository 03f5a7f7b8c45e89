#include "sync/hub/hub_store.h"

#include <filesystem>
#include <optional>

#include "base/clock.h"
#include "inventory/catalog/validate.h"
#include "sql/database.h"
#include "sync/hub/store_location.h"
#include "sync/protocol/crypto.h"
#include "sync/protocol/handover_lots.h"
#include "sync/protocol/json_fields.h"
#include "sync/protocol/pool_assets.h"
#include "sync/protocol/requests.h"

namespace rfinv::sync {
namespace json = boost::json;
namespace {

constexpr std::int64_t kMaxEventsPerPush = 1000;
constexpr std::int64_t kMaxPullLimit = 5000;
// Department numbers are the top 16 bits of a commissioned GIAI asset reference (README,
// "EPC tags"), so there can be this many departments; 0 is a node that never joined.
constexpr std::int64_t kMaxDeptNumber = 65535;

json::value opt(const std::optional<std::string>& v) { return v ? json::value(*v) : nullptr; }
json::value opt(const std::optional<std::int64_t>& v) { return v ? json::value(*v) : nullptr; }

std::optional<json::object> load_asset(store::Store& db, const std::string& code) {
  auto st = db.prepare(
      "SELECT code, owner, holder, sku, epc, cost_cents, location, status, request_id "
      "FROM pool_asset WHERE code = ?");
  st.bind(1, code);
  if (!st.step()) return std::nullopt;
  return json::object{{"code", st.text(0)},
                      {"owner", st.text(1)},
                      {"holder", st.text(2)},
                      {"sku", opt(st.optional_text(3))},
                      {"epc", opt(st.optional_text(4))},
                      {"cost_cents", st.int64(5)},
                      {"location", opt(st.optional_text(6))},
                      {"status", st.text(7)},
                      {"request", opt(st.optional_text(8))}};
}

std::optional<json::object> load_offer(store::Store& db, const std::string& id) {
  auto st = db.prepare(
      "SELECT id, owner, sku, location, qty, reserved, unit_cost_cents, status FROM offer "
      "WHERE id = ?");
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  return json::object{{"id", st.text(0)},
                      {"owner", st.text(1)},
                      {"sku", st.text(2)},
                      {"location", st.text(3)},
                      {"qty", st.int64(4)},
                      {"reserved", st.int64(5)},
                      {"unit_cost_cents", st.int64(6)},
                      {"status", st.text(7)}};
}

std::optional<json::object> load_request(store::Store& db, const std::string& id) {
  auto st = db.prepare(
      "SELECT id, asset, offer, qty, from_dept, to_dept, kind, until, reason, status, "
      "value_cents, receive_location, created_at, approved_at, handed_at, completed_at, "
      "returned_at FROM request WHERE id = ?");
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  json::object out{{"id", st.text(0)},
                   {"asset", opt(st.optional_text(1))},
                   {"offer", opt(st.optional_text(2))},
                   {"qty", st.int64(3)},
                   {"from_dept", st.text(4)},
                   {"to_dept", st.text(5)},
                   {"kind", st.text(6)},
                   {"until", opt(st.optional_int64(7))},
                   {"reason", st.text(8)},
                   {"status", st.text(9)},
                   {"value_cents", st.int64(10)},
                   {"receive_location", opt(st.optional_text(11))},
                   {"created_at", st.int64(12)},
                   {"approved_at", opt(st.optional_int64(13))},
                   {"handed_at", opt(st.optional_int64(14))},
                   {"completed_at", opt(st.optional_int64(15))},
                   {"returned_at", opt(st.optional_int64(16))}};
  // Only a stock hand-over that carried lots has them, so other snapshots stay as they were.
  std::vector<HandoverLot> lots;
  auto lot =
      db.prepare("SELECT lot, expiry, qty FROM request_lot WHERE request_id = ? ORDER BY pos");
  lot.bind(1, id);
  while (lot.step()) lots.push_back({lot.text(0), lot.optional_text(1), lot.int64(2)});
  if (!lots.empty()) out["lots"] = to_json(lots);
  return out;
}

// Appends one event to the log with snapshots of everything it changed, so a node can
// apply it without knowing the hub's rules.
std::int64_t append_event(store::Store& db, const std::string& dept,
                          std::optional<std::int64_t> seq, std::string_view type, Micros at,
                          const std::optional<std::string>& asset,
                          const std::optional<std::string>& offer,
                          const std::optional<std::string>& request) {
  json::object data;
  if (asset)
    if (auto a = load_asset(db, *asset)) data["asset"] = std::move(*a);
  if (offer)
    if (auto o = load_offer(db, *offer)) data["offer"] = std::move(*o);
  if (request)
    if (auto r = load_request(db, *request)) data["request"] = std::move(*r);
  // The id comes from the store: SQLite's AUTOINCREMENT under its one writer, PostgreSQL's
  // log_head counter (postgresql_schema.cpp), so ids commit in the order they are given.
  auto st = db.prepare(
      "INSERT INTO event_log(dept, node_seq, type, at, data) VALUES (?, ?, ?, ?, ?) RETURNING id");
  st.bind(1, dept).bind(2, seq).bind(3, type).bind(4, at).bind(5, json::serialize(data));
  if (!st.step())
    throw sql::DbError(Error{Errc::io, "hub database: the log append returned no id"});
  return st.int64(0);
}

struct Applied {
  std::optional<std::string> asset, offer, request;
};

Result<std::string> code_field(const json::object& data, const char* key) {
  auto v = text_field(data, key, TextKind::code);
  if (!v) return v.error();
  if (!valid_code(*v))
    return make_error(Errc::invalid_argument, "field \"{}\" is not a valid code", key);
  return v;
}

struct RequestRow {
  std::optional<std::string> asset, offer;
  std::int64_t qty = 0;
  std::string from, to;
  RequestKind kind = RequestKind::transfer;
  RequestStatus status = RequestStatus::reserved;
};

Result<RequestRow> find_request(store::Store& db, const std::string& id) {
  auto st = db.prepare(
      "SELECT asset, offer, qty, from_dept, to_dept, kind, status FROM request WHERE id = ?");
  st.bind(1, id);
  if (!st.step()) return make_error(Errc::not_found, "no request {}", id);
  // The hub writes only known kinds and statuses; anything else is a damaged file.
  auto kind = parse_request_kind(st.text(5));
  auto status = parse_request_status(st.text(6));
  if (!kind || !status)
    return make_error(Errc::corrupt, "request {} has kind \"{}\" and status \"{}\"", id, st.text(5),
                      st.text(6));
  return RequestRow{st.optional_text(0),
                    st.optional_text(1),
                    st.int64(2),
                    st.text(3),
                    st.text(4),
                    *kind,
                    *status};
}

// The hub's answer to a pushed step the rules refuse. It is kept in push_seen and replayed
// to a node that pushes the same step again, so its wording never changes.
Error refused_step(Refusal why, EventType event, const std::string& type, const std::string& id,
                   const std::string& dept, RequestStatus status) {
  switch (why) {
    case Refusal::not_a_step:
      break;
    case Refusal::not_a_loan:
      return make_error(Errc::refused, "request {} is a transfer, not a loan", id);
    case Refusal::wrong_party:
      return make_error(Errc::unauthorized, "request {} is not {}'s to {}", id, dept, type);
    case Refusal::wrong_status:
      if (event == EventType::give_back)
        return make_error(Errc::refused, "request {} is {}; only a loan in use can be returned", id,
                          to_wire(status));
      return make_error(Errc::refused, "request {} is {}; cannot {}", id, to_wire(status), type);
  }
  return make_error(Errc::invalid_argument, "\"{}\" is not a request step", type);
}

// Puts back what a reservation held when it ends without a hand-over.
void release(store::Store& db, const RequestRow& r, const std::string& id) {
  if (r.asset)
    db.prepare(
          "UPDATE pool_asset SET status = 'pooled', request_id = NULL "
          "WHERE code = ? AND request_id = ?")
        .bind(1, *r.asset)
        .bind(2, id)
        .run();
  if (r.offer)
    db.prepare("UPDATE offer SET reserved = reserved - ? WHERE id = ?")
        .bind(1, r.qty)
        .bind(2, *r.offer)
        .run();
}

// `event` is one push() let through: a known type other than request.
Result<Applied> apply_request_step(store::Store& db, const std::string& dept,
                                   const std::string& type, EventType event,
                                   const json::object& data, Micros now) {
  auto id = code_field(data, "request");
  if (!id) return id.error();
  auto r = find_request(db, *id);
  if (!r) return r.error();
  Verdict verdict = transition(r->status, event, Sides{r->to == dept, r->from == dept}, r->kind);
  if (!verdict) return refused_step(verdict.refusal, event, type, *id, dept, r->status);
  Applied out{r->asset, r->offer, *id};
  auto set_status = [&](const char* stamp) {
    std::string sql = fmt::format("UPDATE request SET status = ?{} WHERE id = ?",
                                  stamp ? fmt::format(", {} = ?", stamp) : "");
    auto st = db.prepare(sql);
    st.bind(1, to_wire(*verdict.next));
    if (stamp)
      st.bind(2, now).bind(3, *id);
    else
      st.bind(2, *id);
    st.run();
  };
  switch (event) {
    case EventType::approve:
      set_status("approved_at");
      break;
    case EventType::decline:
    case EventType::cancel:
      set_status(nullptr);
      release(db, *r, *id);
      break;
    case EventType::handover: {
      // The lots the giver's issue takes, for the receiver's receipt (none from an old node).
      auto lots = parse_handover_lots(data, r->qty);
      if (!lots) return lots.error();
      if (!lots->empty() && r->asset)
        return make_error(Errc::invalid_argument,
                          "field \"lots\": request {} is for asset {}; only stock carries lots",
                          *id, *r->asset);
      set_status("handed_at");
      for (std::size_t i = 0; i < lots->size(); ++i)
        db.prepare("INSERT INTO request_lot(request_id, pos, lot, expiry, qty) VALUES (?,?,?,?,?)")
            .bind(1, *id)
            .bind(2, static_cast<std::int64_t>(i))
            .bind(3, (*lots)[i].lot)
            .bind(4, (*lots)[i].expiry)
            .bind(5, (*lots)[i].qty)
            .run();
      break;
    }
    case EventType::receive: {
      auto location = optional_text(data, "location", TextKind::code);
      if (!location) return location.error();
      set_status("completed_at");
      db.prepare("UPDATE request SET receive_location = ? WHERE id = ?")
          .bind(1, *location)
          .bind(2, *id)
          .run();
      if (r->asset) {
        bool loan = r->kind == RequestKind::loan;
        db.prepare(
              "UPDATE pool_asset SET status = ?, owner = ?, holder = ?, request_id = ?, "
              "location = ? WHERE code = ?")
            .bind(1, to_wire(loan ? PoolAssetStatus::lent : PoolAssetStatus::off))
            .bind(2, loan ? r->to : r->from)
            .bind(3, r->from)
            .bind(4, loan ? std::optional<std::string>(*id) : std::nullopt)
            .bind(5, *location)
            .bind(6, *r->asset)
            .run();
      }
      break;
    }
    case EventType::give_back:
      set_status("returned_at");
      db.prepare(
            "UPDATE pool_asset SET status = 'off', holder = owner, request_id = NULL "
            "WHERE code = ?")
          .bind(1, *r->asset)
          .run();
      break;
    case EventType::publish:
    case EventType::withdraw:
    case EventType::offer:
    case EventType::offer_withdraw:
    case EventType::request:
      break;  // not steps: transition() refused them above
  }
  return out;
}

Result<Applied> apply_pushed(store::Store& db, const std::string& dept, const std::string& type,
                             const json::object& data, Micros now) {
  const auto event = parse_event_type(type);
  if (event == EventType::publish) {
    auto code = code_field(data, "asset");
    if (!code) return code.error();
    auto sku = optional_text(data, "sku", TextKind::code);
    auto epc = optional_text(data, "epc", TextKind::name);
    auto location = optional_text(data, "location", TextKind::code);
    auto cost = optional_int(data, "cost_cents");
    if (!sku) return sku.error();
    if (!epc) return epc.error();
    if (!location) return location.error();
    if (!cost) return cost.error();
    auto st = db.prepare("SELECT owner, status FROM pool_asset WHERE code = ?");
    st.bind(1, *code);
    if (st.step()) {
      std::string owner = st.text(0), status = st.text(1);
      if (owner != dept)
        return make_error(Errc::unauthorized, "asset {} belongs to {}", *code, owner);
      // A reserved or lent asset is promised to someone: publishing it again would free it.
      auto current = parse_pool_asset_status(status);
      if (current != PoolAssetStatus::off && current != PoolAssetStatus::pooled)
        return make_error(Errc::refused, "asset {} is {}; cannot publish it", *code, status);
    }
    // An EPC names one asset across the pool: a second asset with the same tag would make
    // every reader sighting and every hand-over of it ambiguous.
    if (*epc) {
      auto same = db.prepare("SELECT code, owner FROM pool_asset WHERE epc = ? AND code != ?");
      same.bind(1, **epc).bind(2, *code);
      if (same.step())
        return make_error(Errc::conflict, "EPC {} belongs to asset {} of {}", **epc, same.text(0),
                          same.text(1));
    }
    db.prepare(
          "INSERT INTO pool_asset(code, owner, holder, sku, epc, cost_cents, location, "
          "status) VALUES (?1, ?2, ?2, ?3, ?4, ?5, ?6, 'pooled') ON CONFLICT(code) DO "
          "UPDATE SET sku = ?3, epc = ?4, cost_cents = ?5, location = ?6, "
          "status = 'pooled', request_id = NULL")
        .bind(1, *code)
        .bind(2, dept)
        .bind(3, *sku)
        .bind(4, *epc)
        .bind(5, cost->value_or(0))
        .bind(6, *location)
        .run();
    return Applied{*code, {}, {}};
  }
  if (event == EventType::withdraw) {
    auto code = code_field(data, "asset");
    if (!code) return code.error();
    auto st = db.prepare("SELECT owner, status FROM pool_asset WHERE code = ?");
    st.bind(1, *code);
    if (!st.step()) return make_error(Errc::not_found, "asset {} is not in the pool", *code);
    std::string owner = st.text(0), status = st.text(1);
    if (owner != dept)
      return make_error(Errc::unauthorized, "asset {} belongs to {}", *code, owner);
    if (parse_pool_asset_status(status) != PoolAssetStatus::pooled)
      return make_error(Errc::refused, "asset {} is {}; only a pooled asset can be withdrawn",
                        *code, status);
    db.prepare("UPDATE pool_asset SET status = 'off' WHERE code = ?").bind(1, *code).run();
    return Applied{*code, {}, {}};
  }
  if (event == EventType::offer) {
    auto id = code_field(data, "offer");
    auto sku = code_field(data, "sku");
    auto location = code_field(data, "location");
    auto qty = int_field(data, "qty");
    auto cost = optional_int(data, "unit_cost_cents");
    if (!id) return id.error();
    if (!sku) return sku.error();
    if (!location) return location.error();
    if (!qty) return qty.error();
    if (!cost) return cost.error();
    if (*qty <= 0 || *qty > inventory::kMaxQuantity)
      return make_error(Errc::invalid_argument, "offer quantity must be 1..{}",
                        inventory::kMaxQuantity);
    if (auto value = inventory::checked_mul("the value of offer " + *id, *qty, cost->value_or(0));
        !value)
      return value.error();
    if (load_offer(db, *id)) return make_error(Errc::conflict, "offer {} exists", *id);
    db.prepare(
          "INSERT INTO offer(id, owner, sku, location, qty, unit_cost_cents, status) "
          "VALUES (?, ?, ?, ?, ?, ?, 'open')")
        .bind(1, *id)
        .bind(2, dept)
        .bind(3, *sku)
        .bind(4, *location)
        .bind(5, *qty)
        .bind(6, cost->value_or(0))
        .run();
    return Applied{{}, *id, {}};
  }
  if (event == EventType::offer_withdraw) {
    auto id = code_field(data, "offer");
    if (!id) return id.error();
    auto o = load_offer(db, *id);
    if (!o) return make_error(Errc::not_found, "no offer {}", *id);
    if ((*o)["owner"].as_string() != dept)
      return make_error(Errc::unauthorized, "offer {} is not {}'s", *id, dept);
    db.prepare("UPDATE offer SET status = 'withdrawn' WHERE id = ?").bind(1, *id).run();
    return Applied{{}, *id, {}};
  }
  return apply_request_step(db, dept, type, *event, data, now);
}

bool valid_dept_code(const std::string& code) {
  if (code.empty() || code.size() > 32) return false;
  for (char c : code)
    if (!(std::isupper(static_cast<unsigned char>(c)) ||
          std::isdigit(static_cast<unsigned char>(c)) || c == '_' || c == '-'))
      return false;
  return true;
}

// The hub's store is shared by the server's threads: one body at a time on its connection.
template <class F>
auto locked(std::mutex& mutex, F&& body) -> decltype(body()) {
  std::lock_guard lock(mutex);
  return sql::guarded("hub database", std::forward<F>(body));
}

}  // namespace

Result<std::unique_ptr<Hub>> Hub::open(const std::string& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec))
    return make_error(Errc::not_found, "hub directory {} does not exist (run rfinv hub init)", dir);
  auto url = read_store_url(dir);
  if (!url) return url.error();
  auto store = open_store(dir, *url);
  if (!store) return store.error();
  return std::make_unique<Hub>(std::move(*store));
}

Result<json::object> Hub::health() {
  return locked(mutex_, [&]() -> Result<json::object> {
    return json::object{
        {"status", "ok"}, {"store", db_->kind()}, {"schema_version", db_->schema_version()}};
  });
}

Result<json::object> Hub::ping(const Caller& caller) {
  if (caller.admin()) return json::object{{"dept", ""}, {"admin", true}};
  return locked(mutex_, [&]() -> Result<json::object> {
    auto st = db_->prepare(
        "SELECT number, (SELECT COALESCE(MAX(seq), 0) FROM push_seen WHERE dept = ?1) "
        "FROM dept WHERE code = ?1");
    st.bind(1, caller.dept);
    if (!st.step()) return make_error(Errc::unauthorized, "no department {}", caller.dept);
    return json::object{{"dept", caller.dept},
                        {"admin", false},
                        {"number", st.int64(0)},
                        {"last_seq", st.int64(1)}};
  });
}

Result<bool> Hub::holds_hub() {
  return locked(mutex_,
                [&]() -> Result<bool> { return db_->prepare("SELECT 1 FROM admin").step(); });
}

Result<std::string> Hub::reset_admin_token() {
  auto token = random_hex(32);
  if (!token) return token.error();
  auto hash = hash_token(*token);
  if (!hash) return hash.error();
  return locked(mutex_, [&]() -> Result<std::string> {
    db_->prepare(
           "INSERT INTO admin(id, salt, hash, lookup) VALUES (1, ?, ?, ?) ON CONFLICT(id) DO "
           "UPDATE SET salt = excluded.salt, hash = excluded.hash, lookup = excluded.lookup")
        .bind(1, hash->salt_hex)
        .bind(2, hash->hash_hex)
        .bind(3, token_lookup_key(*token))
        .run();
    return *token;
  });
}

Result<std::string> Hub::add_dept(const std::string& code) {
  if (!valid_dept_code(code))
    return make_error(Errc::invalid_argument,
                      "department code \"{}\" must be 1-32 of A-Z, 0-9, '_' and '-'", code);
  auto token = random_hex(32);
  if (!token) return token.error();
  auto hash = hash_token(*token);
  if (!hash) return hash.error();
  return locked(mutex_, [&]() -> Result<std::string> {
    store::Transaction tx(*db_, store::Access::write);
    auto st = db_->prepare("SELECT 1 FROM dept WHERE code = ?");
    st.bind(1, code);
    if (st.step()) return make_error(Errc::conflict, "department {} exists", code);
    auto last = db_->prepare("SELECT COALESCE(MAX(number), 0) FROM dept");
    last.step();
    if (last.int64(0) >= kMaxDeptNumber)
      return make_error(Errc::refused, "the hub has its maximum of {} departments", kMaxDeptNumber);
    db_->prepare(
           "INSERT INTO dept(code, salt, hash, created_at, number, lookup) VALUES (?, ?, ?, ?, ?, "
           "?)")
        .bind(1, code)
        .bind(2, hash->salt_hex)
        .bind(3, hash->hash_hex)
        .bind(4, now_micros())
        .bind(5, last.int64(0) + 1)
        .bind(6, token_lookup_key(*token))
        .run();
    tx.commit();
    return *token;
  });
}

Result<std::string> Hub::replace_dept_token(const std::string& code) {
  auto token = random_hex(32);
  if (!token) return token.error();
  auto hash = hash_token(*token);
  if (!hash) return hash.error();
  return locked(mutex_, [&]() -> Result<std::string> {
    store::Transaction tx(*db_, store::Access::write);
    auto changed = db_->prepare("UPDATE dept SET salt = ?, hash = ?, lookup = ? WHERE code = ?")
                       .bind(1, hash->salt_hex)
                       .bind(2, hash->hash_hex)
                       .bind(3, token_lookup_key(*token))
                       .bind(4, code)
                       .run();
    if (changed != 1) return make_error(Errc::not_found, "no department {}", code);
    tx.commit();
    return *token;
  });
}

Result<Caller> Hub::authenticate(const std::string& token) {
  struct Row {
    std::string dept;
    TokenHash hash;
  };
  const std::string key = sha256_hex(token);
  const std::string lookup = token_lookup_key(token);
  struct Candidates {
    std::vector<Row> rows;
    bool legacy = false;  // rows stored before lookup keys, tried one by one
  };
  // Read on every call, cached or not: the cache spares the PBKDF2, never this check that the
  // row still holds the hash (another process may have replaced the token since).
  auto candidates = locked(mutex_, [&]() -> Result<Candidates> {
    Candidates out;
    auto read = [&](const char* sql, bool bind_lookup) {
      auto st = db_->prepare(sql);
      if (bind_lookup) st.bind(1, lookup);
      while (st.step()) out.rows.push_back({st.text(0), {st.text(1), st.text(2)}});
    };
    read(
        "SELECT '', salt, hash FROM admin WHERE lookup = ?1 "
        "UNION ALL SELECT code, salt, hash FROM dept WHERE lookup = ?1",
        true);
    if (out.rows.empty()) {
      read(
          "SELECT '', salt, hash FROM admin WHERE lookup IS NULL "
          "UNION ALL SELECT code, salt, hash FROM dept WHERE lookup IS NULL",
          false);
      out.legacy = true;
    }
    return out;
  });
  if (!candidates) return candidates.error();
  {
    std::lock_guard lock(mutex_);
    if (auto it = verified_.find(key); it != verified_.end()) {
      for (const auto& row : candidates->rows)
        if (row.dept == it->second.caller.dept && row.hash.hash_hex == it->second.hash_hex)
          return it->second.caller;
      verified_.erase(it);
    }
  }
  const Row* found = nullptr;
  for (const auto& row : candidates->rows)
    if (!found && token_matches(token, row.hash)) found = &row;
  // An unknown token costs one hash, as a known one does, however many departments exist.
  if (candidates->rows.empty()) spend_one_token_hash(token);
  if (!found) return make_error(Errc::unauthorized, "unknown token");
  Caller caller{found->dept};
  if (candidates->legacy) {
    auto stored = locked(mutex_, [&]() -> Status {
      if (caller.admin())
        db_->prepare("UPDATE admin SET lookup = ? WHERE id = 1").bind(1, lookup).run();
      else
        db_->prepare("UPDATE dept SET lookup = ? WHERE code = ?")
            .bind(1, lookup)
            .bind(2, caller.dept)
            .run();
      return {};
    });
    if (!stored) return stored.error();
  }
  std::lock_guard lock(mutex_);
  verified_.insert_or_assign(key, Verified{caller, found->hash.hash_hex});
  return caller;
}

Result<json::object> Hub::push(const Caller& caller, const json::value& body) {
  if (caller.admin()) return make_error(Errc::unauthorized, "the admin token cannot push events");
  auto obj = as_object(body, "the push body");
  if (!obj) return obj.error();
  auto it = (*obj)->find("events");
  if (it == (*obj)->end() || !it->value().is_array())
    return make_error(Errc::invalid_argument, "field \"events\" must be an array");
  const auto& events = it->value().as_array();
  if (static_cast<std::int64_t>(events.size()) > kMaxEventsPerPush)
    return make_error(Errc::invalid_argument, "at most {} events per push", kMaxEventsPerPush);
  // The whole body is checked before anything is written.
  struct Pushed {
    std::int64_t seq;
    std::string type;
    const json::object* data;
    std::string digest;  // of type and data: what "the same event" means for a duplicate
  };
  std::vector<Pushed> pushed;
  for (const auto& e : events) {
    auto eo = as_object(e, "an event");
    if (!eo) return eo.error();
    auto seq = int_field(**eo, "seq");
    auto type = text_field(**eo, "type", TextKind::code);
    if (!seq) return seq.error();
    if (!type) return type.error();
    if (*seq <= 0) return make_error(Errc::invalid_argument, "event seq must be positive");
    // A type this hub cannot apply is a client it does not speak with, not a step its rules
    // refuse: the push is refused whole and nothing is acknowledged, so the event stays in
    // the node's outbox until one of the two is upgraded.
    auto event = parse_event_type(*type);
    if (!event || *event == EventType::request)
      return make_error(Errc::invalid_argument, "event {}: unknown event type \"{}\"", *seq, *type);
    auto data = (*eo)->find("data");
    if (data == (*eo)->end() || !data->value().is_object())
      return make_error(Errc::invalid_argument, "event {}: field \"data\" must be an object", *seq);
    pushed.push_back({*seq, *type, &data->value().as_object(),
                      sha256_hex(*type + "\n" + json::serialize(data->value()))});
  }
  return locked(mutex_, [&]() -> Result<json::object> {
    store::Transaction tx(*db_, store::Access::write);
    json::array results;
    std::int64_t acked = 0;
    Micros now = now_micros();
    for (const auto& p : pushed) {
      json::object result{{"seq", p.seq}};
      auto seen =
          db_->prepare("SELECT log_id, error, digest FROM push_seen WHERE dept = ? AND seq = ?");
      seen.bind(1, caller.dept).bind(2, p.seq);
      if (seen.step()) {
        // Pushes stored before digests have none: they count as the same event.
        auto digest = seen.optional_text(2);
        if (digest && *digest != p.digest) {
          result["error"] = fmt::format(
              "conflict: {}'s sequence {} is already another event at the hub (a recreated or "
              "second node database for {}? run rfinv sync join again to resume numbering)",
              caller.dept, p.seq, caller.dept);
        } else {
          result["duplicate"] = true;
          if (auto error = seen.optional_text(1))
            result["error"] = *error;
          else
            result["event_id"] = seen.int64(0);
        }
      } else {
        auto applied = [&] {
          // A savepoint per event: a refused event leaves nothing behind.
          store::Savepoint event(tx, "ev");
          auto outcome = apply_pushed(*db_, caller.dept, p.type, *p.data, now);
          if (outcome) event.release();
          return outcome;
        }();
        std::optional<std::int64_t> log_id;
        if (applied) {
          log_id = append_event(*db_, caller.dept, p.seq, p.type, now, applied->asset,
                                applied->offer, applied->request);
          result["event_id"] = *log_id;
        } else {
          result["error"] = applied.error().message;
        }
        db_->prepare(
               "INSERT INTO push_seen(dept, seq, log_id, error, digest) VALUES (?, ?, ?, ?, ?)")
            .bind(1, caller.dept)
            .bind(2, p.seq)
            .bind(3, log_id)
            .bind(4, applied ? std::nullopt : std::optional<std::string>(applied.error().message))
            .bind(5, p.digest)
            .run();
      }
      acked = std::max(acked, p.seq);
      results.push_back(std::move(result));
    }
    tx.commit();
    return json::object{{"acked", acked}, {"results", std::move(results)}};
  });
}

Result<json::object> Hub::pull(std::int64_t after, std::int64_t limit) {
  if (after < 0) return make_error(Errc::invalid_argument, "after must be >= 0");
  if (limit <= 0 || limit > kMaxPullLimit)
    return make_error(Errc::invalid_argument, "limit must be 1..{}", kMaxPullLimit);
  return locked(mutex_, [&]() -> Result<json::object> {
    store::Transaction snapshot(*db_, store::Access::read);  // head and events agree
    auto st = db_->prepare(
        "SELECT id, dept, node_seq, type, at, data FROM event_log WHERE id > ? ORDER BY id "
        "LIMIT ?");
    st.bind(1, after).bind(2, limit);
    json::array events;
    std::int64_t last = after;
    while (st.step()) {
      last = st.int64(0);
      events.push_back(json::object{{"id", last},
                                    {"dept", st.text(1)},
                                    {"seq", opt(st.optional_int64(2))},
                                    {"type", st.text(3)},
                                    {"at", st.int64(4)},
                                    {"data", json::parse(st.text(5))}});
    }
    auto head = db_->prepare("SELECT COALESCE(MAX(id), 0) FROM event_log");
    head.step();
    return json::object{{"events", std::move(events)}, {"last", last}, {"head", head.int64(0)}};
  });
}

Result<json::object> Hub::request(const Caller& caller, const json::value& body) {
  if (caller.admin()) return make_error(Errc::unauthorized, "the admin token cannot request");
  auto obj = as_object(body, "the request body");
  if (!obj) return obj.error();
  const json::object& o = **obj;
  auto id = code_field(o, "id");
  auto asset = optional_text(o, "asset", TextKind::code);
  auto offer = optional_text(o, "offer", TextKind::code);
  auto qty = optional_int(o, "qty");
  auto reason = text_field(o, "reason", TextKind::note);
  auto until_text = optional_text(o, "until", TextKind::name);
  if (!id) return id.error();
  if (!asset) return asset.error();
  if (!offer) return offer.error();
  if (!qty) return qty.error();
  if (!reason) return reason.error();
  if (!until_text) return until_text.error();
  if (reason->empty())
    return make_error(Errc::invalid_argument, "reason must be 1..1000 characters");
  if (asset->has_value() == offer->has_value())
    return make_error(Errc::invalid_argument, "give exactly one of \"asset\" and \"offer\"");
  std::optional<Micros> until;
  if (*until_text) {
    until = parse_utc(**until_text);
    if (!until)
      return make_error(Errc::invalid_argument, "until \"{}\" is not a date", **until_text);
    if (offer->has_value())
      return make_error(Errc::invalid_argument, "stock offers cannot be lent");
    if (*until <= now_micros())
      return make_error(Errc::invalid_argument, "until {} is not in the future", **until_text);
  }
  std::int64_t want = qty->value_or(1);
  if (want <= 0) return make_error(Errc::invalid_argument, "qty must be positive");
  if (asset->has_value() && want != 1)
    return make_error(Errc::invalid_argument, "an asset request is for one asset");

  return locked(mutex_, [&]() -> Result<json::object> {
    store::Transaction tx(*db_, store::Access::write);
    if (auto existing = load_request(*db_, *id)) {
      // A retried request (the first answer was lost) gets the first answer.
      if ((*existing)["from_dept"].as_string() != caller.dept)
        return make_error(Errc::conflict, "request id {} is taken", *id);
      return json::object{{"request", std::move(*existing)}, {"replayed", true}};
    }
    std::string owner;
    std::int64_t value = 0;
    bool won = false;
    Micros now = now_micros();
    if (asset->has_value()) {
      auto st = db_->prepare("SELECT owner, cost_cents FROM pool_asset WHERE code = ?");
      st.bind(1, **asset);
      if (!st.step()) return make_error(Errc::not_found, "asset {} is not in the pool", **asset);
      owner = st.text(0);
      value = st.int64(1);
      if (owner == caller.dept)
        return make_error(Errc::conflict, "asset {} already belongs to {}", **asset, owner);
      won = db_->prepare(
                   "UPDATE pool_asset SET status = 'reserved', request_id = ? "
                   "WHERE code = ? AND status = 'pooled'")
                .bind(1, *id)
                .bind(2, **asset)
                .run() == 1;
    } else {
      auto st = db_->prepare("SELECT owner, unit_cost_cents FROM offer WHERE id = ?");
      st.bind(1, **offer);
      if (!st.step()) return make_error(Errc::not_found, "no offer {}", **offer);
      owner = st.text(0);
      auto total = inventory::checked_mul("the value of the request", st.int64(1), want);
      if (!total) return total.error();
      value = *total;
      if (owner == caller.dept)
        return make_error(Errc::conflict, "offer {} is {}'s own", **offer, owner);
      won = db_->prepare(
                   "UPDATE offer SET reserved = reserved + ?1 "
                   "WHERE id = ?2 AND status = 'open' AND reserved + ?1 <= qty")
                .bind(1, want)
                .bind(2, **offer)
                .run() == 1;
    }
    db_->prepare(
           "INSERT INTO request(id, asset, offer, qty, from_dept, to_dept, kind, until, "
           "reason, status, value_cents, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)")
        .bind(1, *id)
        .bind(2, *asset)
        .bind(3, *offer)
        .bind(4, want)
        .bind(5, caller.dept)
        .bind(6, owner)
        .bind(7, to_wire(until ? RequestKind::loan : RequestKind::transfer))
        .bind(8, until)
        .bind(9, *reason)
        .bind(10, to_wire(won ? RequestStatus::reserved : RequestStatus::refused))
        .bind(11, value)
        .bind(12, now)
        .run();
    std::int64_t event_id = append_event(*db_, caller.dept, std::nullopt,
                                         to_wire(EventType::request), now, *asset, *offer, *id);
    // The asset or offer as it is now, so the requester can say what is still available.
    json::object reply{{"request", *load_request(*db_, *id)}, {"event_id", event_id}};
    if (*asset) reply["asset"] = *load_asset(*db_, **asset);
    if (*offer) reply["offer"] = *load_offer(*db_, **offer);
    tx.commit();
    return reply;
  });
}

Result<json::object> Hub::state() {
  return locked(mutex_, [&]() -> Result<json::object> {
    store::Transaction snapshot(*db_, store::Access::read);  // one moment's pool
    json::array assets, offers, requests;
    std::vector<std::string> ids;
    auto a = db_->prepare("SELECT code FROM pool_asset ORDER BY code");
    while (a.step()) ids.push_back(a.text(0));
    for (const auto& id : ids) assets.push_back(*load_asset(*db_, id));
    ids.clear();
    auto o = db_->prepare("SELECT id FROM offer ORDER BY id");
    while (o.step()) ids.push_back(o.text(0));
    for (const auto& id : ids) offers.push_back(*load_offer(*db_, id));
    ids.clear();
    auto r = db_->prepare("SELECT id FROM request ORDER BY id");
    while (r.step()) ids.push_back(r.text(0));
    for (const auto& id : ids) requests.push_back(*load_request(*db_, id));
    return json::object{{"assets", std::move(assets)},
                        {"offers", std::move(offers)},
                        {"requests", std::move(requests)}};
  });
}

}  // namespace rfinv::sync
