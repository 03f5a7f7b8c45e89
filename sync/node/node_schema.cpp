// The node's pool sync tables: hub link settings, outbox, applied events and the pool view.
// A part never changes once shipped: a change is a new part with the next version.
#include "sync/node/node_schema.h"

#include "auth/auth_schema.h"
#include "inventory/store/schema.h"

namespace rfinv::sync {
namespace {

constexpr sql::SchemaPart kParts[] = {
    {5, R"sql(
-- cursor: the last hub log id applied here. The token is this node's own credential.
CREATE TABLE sync_settings(
  id INTEGER PRIMARY KEY CHECK (id = 1),
  hub_url TEXT NOT NULL,
  dept TEXT NOT NULL,
  token TEXT NOT NULL,
  ca_pem TEXT,
  cursor INTEGER NOT NULL DEFAULT 0,
  last_sync_at INTEGER,
  last_error TEXT);

-- This node's pool events; seq is the node's own sequence number (AUTOINCREMENT: never
-- reused), which the hub uses with the department to apply a push once.
CREATE TABLE sync_outbox(
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  type TEXT NOT NULL,
  data TEXT NOT NULL,
  subject TEXT,
  created_at INTEGER NOT NULL,
  acked_at INTEGER,
  event_id INTEGER,
  error TEXT);
CREATE INDEX sync_outbox_pending ON sync_outbox(seq) WHERE acked_at IS NULL;
CREATE INDEX sync_outbox_subject ON sync_outbox(subject, type);

CREATE TABLE sync_applied(
  event_id INTEGER PRIMARY KEY,
  applied_at INTEGER NOT NULL);

-- The pool as the hub's log last told this node (copies of the hub's snapshots).
CREATE TABLE pool_asset(
  code TEXT PRIMARY KEY,
  owner TEXT NOT NULL,
  holder TEXT NOT NULL,
  sku TEXT,
  epc TEXT,
  cost_cents INTEGER NOT NULL DEFAULT 0,
  location TEXT,
  status TEXT NOT NULL,
  request_id TEXT) WITHOUT ROWID;

CREATE TABLE pool_offer(
  id TEXT PRIMARY KEY,
  owner TEXT NOT NULL,
  sku TEXT NOT NULL,
  location TEXT NOT NULL,
  qty INTEGER NOT NULL,
  reserved INTEGER NOT NULL,
  unit_cost_cents INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL) WITHOUT ROWID;

CREATE TABLE pool_request(
  id TEXT PRIMARY KEY,
  asset TEXT,
  offer TEXT,
  qty INTEGER NOT NULL DEFAULT 1,
  from_dept TEXT NOT NULL,
  to_dept TEXT NOT NULL,
  kind TEXT NOT NULL,
  until INTEGER,
  reason TEXT NOT NULL,
  status TEXT NOT NULL,
  value_cents INTEGER NOT NULL DEFAULT 0,
  receive_location TEXT,
  created_at INTEGER NOT NULL,
  approved_at INTEGER,
  handed_at INTEGER,
  completed_at INTEGER,
  returned_at INTEGER) WITHOUT ROWID;
CREATE INDEX pool_request_by_asset ON pool_request(asset, status);

-- Overdue loans (both departments raise their own) and log events that could not be
-- applied to this node's assets or ledger.
CREATE TABLE pool_alert(
  subject TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('overdue', 'apply_failed')),
  raised_at INTEGER NOT NULL,
  message TEXT NOT NULL,
  cleared_at INTEGER,
  PRIMARY KEY (subject, kind)) WITHOUT ROWID;
)sql"},
};

}  // namespace

const sql::Schema& node_schema() {
  static const sql::Schema kSchema =
      sql::compose_schema("rfinv", inventory::kApplicationId,
                          {inventory::schema_parts(), kParts, auth::schema_parts()});
  return kSchema;
}

}  // namespace rfinv::sync
