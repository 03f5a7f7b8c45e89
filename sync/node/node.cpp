#include "sync/node/node.h"

#include <algorithm>

#include "base/clock.h"
#include "inventory/catalog/catalog.h"
#include "inventory/ledger/holds.h"
#include "inventory/store/store_database.h"
#include "sync/node/pool.h"
#include "sync/protocol/events.h"
#include "sync/protocol/json_fields.h"

namespace rfinv::sync {
namespace json = boost::json;
using inventory::Store;

namespace {

constexpr std::int64_t kPushBatch = 500;
constexpr std::int64_t kPullBatch = 2000;
// A round never loops forever, whatever the hub answers.
constexpr int kMaxBatchesPerRound = 10000;

std::optional<std::string> opt_text(const json::object& o, const char* key) {
  auto it = o.find(key);
  if (it == o.end() || !it->value().is_string()) return std::nullopt;
  return std::string(it->value().as_string());
}
std::optional<std::int64_t> opt_int(const json::object& o, const char* key) {
  auto it = o.find(key);
  if (it == o.end() || !it->value().is_int64()) return std::nullopt;
  return it->value().as_int64();
}
std::int64_t int_or(const json::object& o, const char* key, std::int64_t fallback) {
  return opt_int(o, key).value_or(fallback);
}
std::string text_or(const json::object& o, const char* key) {
  return opt_text(o, key).value_or("");
}

}  // namespace

// The pool view is a copy of the hub's snapshots: replacing a row with a later snapshot
// is idempotent, so applying the same event again changes nothing.
void store_pool_snapshots(sql::Database& db, const json::object& data) {
  if (auto it = data.find("asset"); it != data.end() && it->value().is_object()) {
    const auto& a = it->value().as_object();
    db.prepare(
          "INSERT OR REPLACE INTO pool_asset(code, owner, holder, sku, epc, cost_cents, "
          "location, status, request_id) VALUES (?,?,?,?,?,?,?,?,?)")
        .bind(1, text_or(a, "code"))
        .bind(2, text_or(a, "owner"))
        .bind(3, text_or(a, "holder"))
        .bind(4, opt_text(a, "sku"))
        .bind(5, opt_text(a, "epc"))
        .bind(6, int_or(a, "cost_cents", 0))
        .bind(7, opt_text(a, "location"))
        .bind(8, text_or(a, "status"))
        .bind(9, opt_text(a, "request"))
        .run();
  }
  if (auto it = data.find("offer"); it != data.end() && it->value().is_object()) {
    const auto& o = it->value().as_object();
    db.prepare(
          "INSERT OR REPLACE INTO pool_offer(id, owner, sku, location, qty, reserved, "
          "unit_cost_cents, status) VALUES (?,?,?,?,?,?,?,?)")
        .bind(1, text_or(o, "id"))
        .bind(2, text_or(o, "owner"))
        .bind(3, text_or(o, "sku"))
        .bind(4, text_or(o, "location"))
        .bind(5, int_or(o, "qty", 0))
        .bind(6, int_or(o, "reserved", 0))
        .bind(7, int_or(o, "unit_cost_cents", 0))
        .bind(8, text_or(o, "status"))
        .run();
  }
  if (auto it = data.find("request"); it != data.end() && it->value().is_object()) {
    const auto& r = it->value().as_object();
    db.prepare(
          "INSERT OR REPLACE INTO pool_request(id, asset, offer, qty, from_dept, to_dept, "
          "kind, until, reason, status, value_cents, receive_location, created_at, "
          "approved_at, handed_at, completed_at, returned_at) "
          "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
        .bind(1, text_or(r, "id"))
        .bind(2, opt_text(r, "asset"))
        .bind(3, opt_text(r, "offer"))
        .bind(4, int_or(r, "qty", 1))
        .bind(5, text_or(r, "from_dept"))
        .bind(6, text_or(r, "to_dept"))
        .bind(7, text_or(r, "kind"))
        .bind(8, opt_int(r, "until"))
        .bind(9, text_or(r, "reason"))
        .bind(10, text_or(r, "status"))
        .bind(11, int_or(r, "value_cents", 0))
        .bind(12, opt_text(r, "receive_location"))
        .bind(13, int_or(r, "created_at", 0))
        .bind(14, opt_int(r, "approved_at"))
        .bind(15, opt_int(r, "handed_at"))
        .bind(16, opt_int(r, "completed_at"))
        .bind(17, opt_int(r, "returned_at"))
        .run();
  }
}

namespace {

// What this node did locally for an outbox event the hub refused is undone: an offer's
// stock is no longer held for it.
void undo_refused(sql::Transaction& tx, std::int64_t seq) {
  auto st = tx.db().prepare("SELECT type, data FROM sync_outbox WHERE seq = ?");
  st.bind(1, seq);
  if (!st.step() || parse_event_type(st.text(0)) != EventType::offer) return;
  boost::system::error_code ec;
  auto data = json::parse(st.text(1), ec);
  if (ec || !data.is_object()) return;  // an unreadable row holds nothing to release
  if (auto id = opt_text(data.as_object(), "offer"))
    inventory::release_hold(tx, offer_hold_key(*id));
}

Status push_outbox(Store& store, HubClient& client, RoundCounts& counts) {
  auto& db = database_of(store);
  for (int batch = 0; batch < kMaxBatchesPerRound; ++batch) {
    json::array events;
    auto st = db.prepare(
        "SELECT seq, type, data FROM sync_outbox WHERE acked_at IS NULL ORDER BY seq LIMIT ?");
    st.bind(1, kPushBatch);
    while (st.step())
      events.push_back(json::object{
          {"seq", st.int64(0)}, {"type", st.text(1)}, {"data", json::parse(st.text(2))}});
    if (events.empty()) return {};
    auto reply = client.post("/v1/push", json::object{{"events", std::move(events)}});
    if (!reply) return reply.error();
    auto obj = as_object(*reply, "the push reply");
    if (!obj) return obj.error();
    auto results = (*obj)->find("results");
    if (results == (*obj)->end() || !results->value().is_array())
      return make_error(Errc::corrupt, "the push reply has no results");
    sql::Transaction tx(db);
    Micros now = now_micros();
    for (const auto& r : results->value().as_array()) {
      if (!r.is_object()) continue;
      const auto& ro = r.as_object();
      auto seq = opt_int(ro, "seq");
      if (!seq) continue;
      auto error = opt_text(ro, "error");
      db.prepare(
            "UPDATE sync_outbox SET acked_at = ?, event_id = ?, error = ? "
            "WHERE seq = ? AND acked_at IS NULL")
          .bind(1, now)
          .bind(2, opt_int(ro, "event_id"))
          .bind(3, error)
          .bind(4, *seq)
          .run();
      if (db.changes() == 0) continue;
      ++counts.pushed;
      if (error) {
        ++counts.rejected;
        undo_refused(tx, *seq);
        auto type = db.prepare("SELECT type FROM sync_outbox WHERE seq = ?");
        type.bind(1, *seq);
        counts.rejections.push_back({*seq, type.step() ? type.text(0) : "?", *error});
      }
    }
    tx.commit();
  }
  return {};
}

Status pull_log(Store& store, const std::string& dept, HubClient& client, RoundCounts& counts) {
  auto& db = database_of(store);
  for (int batch = 0; batch < kMaxBatchesPerRound; ++batch) {
    std::int64_t cursor = 0;
    {
      // Finished before the writes below: an open read would turn them into lock upgrades.
      auto st = db.prepare("SELECT cursor FROM sync_settings WHERE id = 1");
      if (st.step()) cursor = st.int64(0);
    }
    auto reply = client.get(fmt::format("/v1/events?after={}&limit={}", cursor, kPullBatch));
    if (!reply) return reply.error();
    auto obj = as_object(*reply, "the events reply");
    if (!obj) return obj.error();
    auto events = (*obj)->find("events");
    if (events == (*obj)->end() || !events->value().is_array())
      return make_error(Errc::corrupt, "the events reply has no events");
    const auto& list = events->value().as_array();
    counts.pulled += static_cast<int>(list.size());
    auto applied = apply_log_events(store, dept, list, &counts.failures);
    if (!applied) return applied.error();
    counts.applied += *applied;
    if (static_cast<std::int64_t>(list.size()) < kPullBatch) return {};
  }
  return {};
}

}  // namespace

std::string Rejection::describe() const {
  return fmt::format("seq {} ({}): {}", seq, type, reason);
}

std::string ApplyFailure::describe() const {
  return fmt::format("event {} ({}): {}", event_id, type, message);
}

Result<NodeSettings> load_settings(Store& store) {
  return sql::guarded("node database", [&]() -> Result<NodeSettings> {
    auto st = database_of(store).prepare(
        "SELECT hub_url, dept, token, ca_pem, dept_number FROM sync_settings WHERE id = 1");
    if (!st.step())
      return make_error(
          Errc::not_found,
          "this node has not joined a hub (run rfinv sync join URL --dept D --token-file FILE)");
    return NodeSettings{st.text(0), st.text(1), st.text(2), st.optional_text(3),
                        st.optional_int64(4)};
  });
}

Result<std::unique_ptr<HubClient>> connect_hub(const NodeSettings& settings) {
  return HubClient::connect(HubEndpoint{settings.hub_url, settings.token, settings.ca_pem});
}

Status join_hub(Store& store, const NodeSettings& settings) {
  auto client = connect_hub(settings);
  if (!client) return client.error();
  auto ping = (*client)->get("/v1/ping");
  if (!ping) return ping.error();
  auto obj = as_object(*ping, "the ping reply");
  if (!obj) return obj.error();
  auto dept = text_field(**obj, "dept", TextKind::code);
  if (!dept) return dept.error();
  if (*dept != settings.dept)
    return make_error(Errc::unauthorized, "the token belongs to department \"{}\", not \"{}\"",
                      *dept, settings.dept);
  auto number = int_field(**obj, "number");
  auto last_seq = int_field(**obj, "last_seq");
  if (!number) return number.error();
  if (!last_seq) return last_seq.error();
  // A node's assets, ledger and outbox are one department's: another department starts
  // from its own database.
  if (auto joined = load_settings(store); joined && joined->dept != settings.dept)
    return make_error(Errc::refused,
                      "this node is department {}'s; it cannot join as {} (use a new database)",
                      joined->dept, settings.dept);
  else if (!joined && joined.error().code != Errc::not_found)
    return joined.error();
  auto known = inventory::list_depts(store);
  if (!known) return known.error();
  bool have = false;
  for (const auto& d : *known) have = have || d.code == settings.dept;
  if (!have)
    if (auto added = inventory::add_dept(store, settings.dept, settings.dept); !added)
      return added.error();
  return sql::guarded("node database", [&]() -> Status {
    auto& db = database_of(store);
    sql::Transaction tx(db);
    // Re-joining keeps the cursor and outbox: only the connection details change.
    db.prepare(
          "INSERT INTO sync_settings(id, hub_url, dept, token, ca_pem, dept_number) "
          "VALUES (1,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET hub_url = excluded.hub_url, "
          "dept = excluded.dept, token = excluded.token, ca_pem = excluded.ca_pem, "
          "dept_number = excluded.dept_number")
        .bind(1, settings.hub_url)
        .bind(2, settings.dept)
        .bind(3, settings.token)
        .bind(4, settings.ca_pem)
        .bind(5, *number)
        .run();
    // The next outbox sequence follows the last one the hub holds from the department (a
    // recreated database would otherwise start again at 1 and its events be taken for the
    // old ones). sqlite_sequence holds the AUTOINCREMENT counter of sync_outbox.
    db.prepare("UPDATE sqlite_sequence SET seq = MAX(seq, ?) WHERE name = 'sync_outbox'")
        .bind(1, *last_seq)
        .run();
    if (db.changes() == 0)
      db.prepare("INSERT INTO sqlite_sequence(name, seq) VALUES ('sync_outbox', ?)")
          .bind(1, *last_seq)
          .run();
    tx.commit();
    return {};
  });
}

Result<std::int64_t> enqueue_event(Store& store, const std::string& type, const json::object& data,
                                   const std::optional<std::string>& subject) {
  return sql::guarded("node database", [&]() -> Result<std::int64_t> {
    database_of(store)
        .prepare("INSERT INTO sync_outbox(type, data, created_at, subject) VALUES (?, ?, ?, ?)")
        .bind(1, type)
        .bind(2, json::serialize(data))
        .bind(3, now_micros())
        .bind(4, subject)
        .run();
    return database_of(store).last_insert_id();
  });
}

Result<int> apply_log_events(Store& store, const std::string& dept, const json::array& events,
                             std::vector<ApplyFailure>* failed) {
  return sql::guarded("node database", [&]() -> Result<int> {
    auto& db = database_of(store);
    std::vector<const json::object*> fresh;
    std::int64_t last = 0;
    for (const auto& e : events) {
      if (!e.is_object()) return make_error(Errc::corrupt, "a log event is not an object");
      const auto& o = e.as_object();
      auto id = opt_int(o, "id");
      if (!id) return make_error(Errc::corrupt, "a log event has no id");
      last = std::max(last, *id);
      auto seen = db.prepare("SELECT 1 FROM sync_applied WHERE event_id = ?");
      seen.bind(1, *id);
      if (!seen.step()) fresh.push_back(&o);
    }
    // Effects on assets and the ledger are idempotent (state checks, idempotency keys), so
    // running them before the batch commits is safe if the batch is replayed after a crash.
    std::vector<ApplyFailure> failures;
    for (const auto* o : fresh)
      if (auto s = apply_pool_effects(store, dept, *o); !s) {
        std::optional<std::int64_t> own;
        if (opt_text(*o, "dept") == dept) own = opt_int(*o, "seq");
        failures.push_back({*opt_int(*o, "id"), text_or(*o, "type"), own, s.error().message});
      }
    sql::Transaction tx(db);
    Micros now = now_micros();
    for (const auto* o : fresh) {
      auto data = o->find("data");
      if (data != o->end() && data->value().is_object())
        store_pool_snapshots(db, data->value().as_object());
      db.prepare("INSERT OR IGNORE INTO sync_applied(event_id, applied_at) VALUES (?, ?)")
          .bind(1, *opt_int(*o, "id"))
          .bind(2, now)
          .run();
    }
    for (const auto* o : fresh) {
      auto id = *opt_int(*o, "id");
      auto failure = std::find_if(failures.begin(), failures.end(),
                                  [&](const ApplyFailure& f) { return f.event_id == id; });
      if (failure == failures.end()) continue;
      std::optional<std::string> request;
      if (auto data = o->find("data"); data != o->end() && data->value().is_object())
        if (auto r = data->value().as_object().find("request");
            r != data->value().as_object().end() && r->value().is_object())
          request = opt_text(r->value().as_object(), "id");
      db.prepare(
            "INSERT OR IGNORE INTO pool_alert(subject, kind, raised_at, message, request) "
            "VALUES (?, 'apply_failed', ?, ?, ?)")
          .bind(1, fmt::format("event {}", id))
          .bind(2, now)
          .bind(3, fmt::format("{}: {}", failure->type, failure->message))
          .bind(4, request)
          .run();
    }
    db.prepare("UPDATE sync_settings SET cursor = MAX(cursor, ?) WHERE id = 1").bind(1, last).run();
    tx.commit();
    if (failed) failed->insert(failed->end(), failures.begin(), failures.end());
    return static_cast<int>(fresh.size());
  });
}

Result<RoundCounts> sync_round(Store& store, HubClient* client) {
  auto settings = load_settings(store);
  if (!settings) return settings.error();
  std::unique_ptr<HubClient> own;
  if (!client) {
    auto made = connect_hub(*settings);
    if (!made) return made.error();
    own = std::move(*made);
    client = own.get();
  }
  RoundCounts counts;
  auto status = sql::guarded("node database", [&]() -> Status {
    if (auto s = push_outbox(store, *client, counts); !s) return s;
    if (auto s = pull_log(store, settings->dept, *client, counts); !s) return s;
    return {};
  });
  auto outcome = sql::guarded("node database", [&]() -> Status {
    database_of(store)
        .prepare("UPDATE sync_settings SET last_sync_at = ?, last_error = ? WHERE id = 1")
        .bind(1, now_micros())
        .bind(2, status ? std::nullopt : std::optional<std::string>(status.error().message))
        .run();
    auto pending =
        database_of(store).prepare("SELECT COUNT(*) FROM sync_outbox WHERE acked_at IS NULL");
    pending.step();
    counts.pending = static_cast<int>(pending.int64(0));
    return {};
  });
  if (!status) return status.error();
  if (!outcome) return outcome.error();
  if (auto s = raise_overdue_alerts(store, settings->dept, now_micros()); !s) return s.error();
  return counts;
}

Result<std::vector<OutboxEntry>> list_outbox(Store& store, bool pending_only) {
  return sql::guarded("node database", [&]() -> Result<std::vector<OutboxEntry>> {
    auto st = database_of(store).prepare(
        pending_only ? "SELECT seq, type, data, event_id, error, acked_at FROM sync_outbox "
                       "WHERE acked_at IS NULL ORDER BY seq"
                     : "SELECT seq, type, data, event_id, error, acked_at FROM sync_outbox "
                       "ORDER BY seq");
    std::vector<OutboxEntry> out;
    while (st.step())
      out.push_back({st.int64(0), st.text(1), st.text(2), st.optional_int64(3), st.optional_text(4),
                     !st.is_null(5)});
    return out;
  });
}

}  // namespace rfinv::sync
