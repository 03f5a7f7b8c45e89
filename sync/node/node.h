// A department node's side of sync: its settings (hub URL, department, token, pinned CA),
// its outbox of pool events with the node's own sequence numbers, and one sync round: push
// the outbox from the last acknowledged sequence, then pull the hub's log from the cursor
// and apply each event at most once.
//
// Threading: like Store, every function runs on the Store's thread; HubClient calls block
// that thread for at most the client's timeout per call.
#pragma once

#include <boost/json.hpp>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "inventory/store/store.h"
#include "sql/database.h"
#include "sync/node/http_client.h"

namespace rfinv::sync {

struct NodeSettings {
  std::string hub_url;
  std::string dept;
  std::string token;
  std::optional<std::string> ca_pem;
  // The department's number at the hub (learnt at join; none for a node joined before
  // numbers existed): its range of commissioned asset references.
  std::optional<std::int64_t> dept_number;
};

// Checks the hub (TLS against the CA, then GET /v1/ping must name `settings.dept`) and
// stores the settings with the department's number. The department must exist in the local
// catalog or is added. A node belongs to one department: joining as another is refused. The
// outbox resumes after the last sequence the hub holds from the department, so a recreated
// database never reuses a sequence number.
Status join_hub(inventory::Store& store, const NodeSettings& settings);
// not_found when this node has not joined a hub.
Result<NodeSettings> load_settings(inventory::Store& store);
Result<std::unique_ptr<HubClient>> connect_hub(const NodeSettings& settings);

// Appends one event to the outbox (with the asset, offer or request it is about, when
// given) in one write, and returns its sequence number.
Result<std::int64_t> enqueue_event(inventory::Store& store, const std::string& type,
                                   const boost::json::object& data,
                                   const std::optional<std::string>& subject);

// An outbox event the hub's rules refused; it stays in the outbox with the hub's reason.
struct Rejection {
  std::int64_t seq = 0;
  std::string type;    // the outbox event's type; "?" when its row is gone
  std::string reason;  // the hub's words
  // "seq N (type): reason", how a refusal is shown to the user.
  std::string describe() const;
};

// A log event this node could not apply to its own assets or ledger (kept as an
// apply_failed alert).
struct ApplyFailure {
  std::int64_t event_id = 0;
  std::string type;
  std::optional<std::int64_t> own_seq;  // this node's outbox seq when it pushed the event
  std::string message;
  // "event N (type): message", how a failure is shown to the user.
  std::string describe() const;
};

struct RoundCounts {
  int pushed = 0;                     // outbox events the hub acknowledged this round
  int rejected = 0;                   // of those, refused by the hub's rules (kept with the reason)
  int pulled = 0;                     // log events received
  int applied = 0;                    // log events applied here for the first time
  int pending = 0;                    // outbox events still waiting after the round
  std::vector<Rejection> rejections;  // in the order the hub answered
  std::vector<ApplyFailure> failures;  // pulled events that could not be applied here
};

// One round. `client` may be reused across rounds; when null a connection is made.
Result<RoundCounts> sync_round(inventory::Store& store, HubClient* client = nullptr);

// Applies pulled log events (the "events" array of GET /v1/events) that were not applied
// before; the pool view, the applied ids and the cursor change in one transaction per
// batch. Exposed for tests and the benchmark. Events whose effects failed are appended to
// `failures` when given.
Result<int> apply_log_events(inventory::Store& store, const std::string& dept,
                             const boost::json::array& events,
                             std::vector<ApplyFailure>* failures = nullptr);

// Replaces this node's copies of the hub's snapshots in `data` ("asset", "offer",
// "request"); idempotent. Runs in the caller's transaction or alone.
void store_pool_snapshots(sql::Database& db, const boost::json::object& data);

struct OutboxEntry {
  std::int64_t seq = 0;
  std::string type;
  std::string data;
  std::optional<std::int64_t> event_id;
  std::optional<std::string> error;
  bool acked = false;
};
Result<std::vector<OutboxEntry>> list_outbox(inventory::Store& store, bool pending_only);

}  // namespace rfinv::sync
