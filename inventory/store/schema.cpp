// The rfinv database schema, as ordered migration steps keyed on PRAGMA user_version.
// Append new steps; never edit a step that has shipped.
#include "inventory/store/schema.h"

namespace rfinv::inventory {

const sql::Schema& schema() {
  static const sql::Schema kSchema{
      "rfinv",
      0x52464956,  // "RFIV"
      {
          // 1: catalog, ledger, alerts, readers, configuration.
          R"sql(
CREATE TABLE config(key TEXT PRIMARY KEY, value TEXT NOT NULL);

CREATE TABLE dept(
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL);

CREATE TABLE location(
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('site', 'zone', 'bin')),
  parent_id INTEGER REFERENCES location(id),
  dept_id INTEGER REFERENCES dept(id));
CREATE INDEX location_by_parent ON location(parent_id);

-- on_hand and on_order are kept in the same transaction as every movement and order, so
-- alert evaluation reads one row instead of summing the ledger.
CREATE TABLE item(
  id INTEGER PRIMARY KEY,
  sku TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  unit TEXT NOT NULL,
  gtin TEXT UNIQUE,
  unit_cost_cents INTEGER NOT NULL DEFAULT 0,
  supplier TEXT NOT NULL DEFAULT '',
  safety_stock INTEGER NOT NULL DEFAULT 0,
  reorder_point INTEGER NOT NULL DEFAULT 0,
  reorder_qty INTEGER NOT NULL DEFAULT 0,
  max_level INTEGER,
  lead_days INTEGER NOT NULL DEFAULT 0,
  on_hand INTEGER NOT NULL DEFAULT 0 CHECK (on_hand >= 0),
  on_order INTEGER NOT NULL DEFAULT 0 CHECK (on_order >= 0));

CREATE TABLE stock(
  item_id INTEGER NOT NULL REFERENCES item(id),
  location_id INTEGER NOT NULL REFERENCES location(id),
  qty INTEGER NOT NULL CHECK (qty >= 0),
  PRIMARY KEY (item_id, location_id)) WITHOUT ROWID;
CREATE INDEX stock_by_location ON stock(location_id);

-- Append-only. qty is positive except for a negative adjustment.
CREATE TABLE movement(
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('receive', 'issue', 'transfer', 'adjust')),
  item_id INTEGER NOT NULL REFERENCES item(id),
  qty INTEGER NOT NULL,
  from_location_id INTEGER REFERENCES location(id),
  to_location_id INTEGER REFERENCES location(id),
  actor TEXT NOT NULL,
  at INTEGER NOT NULL,
  reason TEXT,
  idem_key TEXT UNIQUE);
CREATE INDEX movement_by_item ON movement(item_id, at);
CREATE TRIGGER movement_append_only_update BEFORE UPDATE ON movement
  BEGIN SELECT RAISE(ABORT, 'movements are append-only'); END;
CREATE TRIGGER movement_append_only_delete BEFORE DELETE ON movement
  BEGIN SELECT RAISE(ABORT, 'movements are append-only'); END;

CREATE TABLE purchase_order(
  id INTEGER PRIMARY KEY,
  item_id INTEGER NOT NULL REFERENCES item(id),
  qty INTEGER NOT NULL CHECK (qty > 0),
  received INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL CHECK (status IN ('open', 'closed', 'cancelled')),
  supplier TEXT NOT NULL,
  actor TEXT NOT NULL,
  placed_at INTEGER NOT NULL,
  idem_key TEXT UNIQUE);
CREATE INDEX purchase_order_open ON purchase_order(item_id, id) WHERE status = 'open';

-- A location's own levels for an item (a ward's store, a line-side bin).
CREATE TABLE location_level(
  item_id INTEGER NOT NULL REFERENCES item(id),
  location_id INTEGER NOT NULL REFERENCES location(id),
  safety_stock INTEGER NOT NULL DEFAULT 0,
  reorder_point INTEGER NOT NULL DEFAULT 0,
  reorder_qty INTEGER NOT NULL DEFAULT 0,
  max_level INTEGER,
  PRIMARY KEY (item_id, location_id)) WITHOUT ROWID;
CREATE INDEX location_level_by_location ON location_level(location_id);

CREATE TABLE alert(
  id INTEGER PRIMARY KEY,
  item_id INTEGER NOT NULL REFERENCES item(id),
  location_id INTEGER REFERENCES location(id),
  kind TEXT NOT NULL CHECK (kind IN ('reorder', 'safety', 'stockout')),
  on_hand INTEGER NOT NULL,
  on_order INTEGER NOT NULL,
  suggested_qty INTEGER NOT NULL,
  raised_at INTEGER NOT NULL,
  escalated_at INTEGER,
  cleared_at INTEGER,
  acked_by TEXT,
  acked_at INTEGER);
-- At most one open alert per item and scope (site-wide = location 0).
CREATE UNIQUE INDEX alert_open ON alert(item_id, ifnull(location_id, 0)) WHERE cleared_at IS NULL;

-- Outbox for the alert command: written in the movement's transaction, delivered after it.
CREATE TABLE alert_notice(
  id INTEGER PRIMARY KEY,
  alert_id INTEGER NOT NULL REFERENCES alert(id),
  event TEXT NOT NULL CHECK (event IN ('raise', 'escalate', 'clear')),
  payload TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  delivered_at INTEGER,
  last_error TEXT);
CREATE INDEX alert_notice_pending ON alert_notice(next_attempt_at) WHERE delivered_at IS NULL;

CREATE TABLE reader(
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  uri TEXT NOT NULL,
  added_at INTEGER NOT NULL,
  -- Last state reported by the running service (rfinv run), for `rfinv reader list`.
  state TEXT,
  state_reason TEXT,
  state_at INTEGER);
)sql",
          // 2: EPC tags: company prefixes, commissioned serials, assets, unknown tags.
          R"sql(
CREATE TABLE epc_prefix(company_prefix TEXT PRIMARY KEY) WITHOUT ROWID;

-- The next serial to commission per GTIN-14 (SGTIN) and per company prefix (GIAI asset
-- references); only ever increases, so a serial is never handed out twice.
CREATE TABLE epc_serial(
  key_kind TEXT NOT NULL CHECK (key_kind IN ('gtin', 'giai')),
  key TEXT NOT NULL,
  next_serial INTEGER NOT NULL CHECK (next_serial >= 1),
  PRIMARY KEY (key_kind, key)) WITHOUT ROWID;

CREATE TABLE asset(
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  epc TEXT UNIQUE,
  item_id INTEGER REFERENCES item(id),
  dept_id INTEGER REFERENCES dept(id),
  location_id INTEGER REFERENCES location(id),
  status TEXT NOT NULL DEFAULT 'in_use',
  cost_cents INTEGER NOT NULL DEFAULT 0,
  registered_at INTEGER NOT NULL,
  last_seen_at INTEGER,
  last_seen_location_id INTEGER REFERENCES location(id));

-- Individual tags assigned to an item by hand (a tag whose EPC does not name the item's GTIN).
CREATE TABLE tag_item(
  epc TEXT PRIMARY KEY,
  item_id INTEGER NOT NULL REFERENCES item(id),
  assigned_at INTEGER NOT NULL) WITHOUT ROWID;

CREATE TABLE tag_unknown(
  epc TEXT PRIMARY KEY,
  first_seen INTEGER NOT NULL,
  last_seen INTEGER NOT NULL,
  reader TEXT,
  location_id INTEGER REFERENCES location(id),
  seen_count INTEGER NOT NULL DEFAULT 1,
  resolved_item_id INTEGER REFERENCES item(id),
  resolved_asset_id INTEGER REFERENCES asset(id)) WITHOUT ROWID;
CREATE INDEX tag_unknown_open ON tag_unknown(last_seen)
  WHERE resolved_item_id IS NULL AND resolved_asset_id IS NULL;
)sql",
          // 3: asset custody (holder during a loan), last movement, and history.
          R"sql(
-- NULL in both means "as dept_id" / "as registered_at" (a bare asset made by tag assignment).
ALTER TABLE asset ADD COLUMN holder_dept_id INTEGER REFERENCES dept(id);
ALTER TABLE asset ADD COLUMN last_moved_at INTEGER;
UPDATE asset SET holder_dept_id = dept_id, last_moved_at = registered_at;
CREATE INDEX asset_by_dept ON asset(dept_id, status);
CREATE INDEX asset_by_status ON asset(status);

-- Append-only history of each asset; detail is human-readable ("in_use -> idle").
CREATE TABLE asset_event(
  id INTEGER PRIMARY KEY,
  asset_id INTEGER NOT NULL REFERENCES asset(id),
  at INTEGER NOT NULL,
  kind TEXT NOT NULL,
  detail TEXT NOT NULL,
  actor TEXT NOT NULL);
CREATE INDEX asset_event_by_asset ON asset_event(asset_id, id);
CREATE TRIGGER asset_event_append_only_update BEFORE UPDATE ON asset_event
  BEGIN SELECT RAISE(ABORT, 'asset events are append-only'); END;
CREATE TRIGGER asset_event_append_only_delete BEFORE DELETE ON asset_event
  BEGIN SELECT RAISE(ABORT, 'asset events are append-only'); END;
)sql",
          // 4: the read pipeline: read points, tagged units, business events, anomalies,
          // cycle counts.
          R"sql(
CREATE TABLE read_point(
  id INTEGER PRIMARY KEY,
  reader TEXT NOT NULL,
  antenna INTEGER NOT NULL CHECK (antenna >= 1),
  location_id INTEGER NOT NULL REFERENCES location(id),
  role TEXT NOT NULL CHECK (role IN ('dock-in', 'dock-out', 'portal-outer', 'portal-inner',
                                     'shelf', 'handheld')),
  enter_reads INTEGER NOT NULL CHECK (enter_reads >= 1),
  window_ms INTEGER NOT NULL CHECK (window_ms >= 1),
  leave_ms INTEGER NOT NULL CHECK (leave_ms >= 1),
  rssi_floor REAL,
  UNIQUE (reader, antenna));

-- One row per tagged unit of an item ever received by the pipeline, keyed by its EPC.
CREATE TABLE unit(
  epc TEXT PRIMARY KEY,
  item_id INTEGER NOT NULL REFERENCES item(id),
  location_id INTEGER REFERENCES location(id),
  on_hand INTEGER NOT NULL CHECK (on_hand IN (0, 1)),
  observed INTEGER NOT NULL DEFAULT 1 CHECK (observed IN (0, 1)),
  last_seen INTEGER NOT NULL) WITHOUT ROWID;
CREATE INDEX unit_on_hand ON unit(location_id) WHERE on_hand = 1;

-- What the pipeline concluded from reads; the source of `rfinv events` and EPCIS export.
CREATE TABLE business_event(
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,  -- read point, EPC, entry time and kind: a replay adds nothing
  at INTEGER NOT NULL,
  kind TEXT NOT NULL,  -- receive, issue, transfer, seen, unobserved, anomaly, unknown, asset_seen, count_adjust
  epc TEXT NOT NULL,
  read_point_id INTEGER REFERENCES read_point(id),
  location_id INTEGER REFERENCES location(id),
  item_id INTEGER REFERENCES item(id),
  asset_id INTEGER REFERENCES asset(id),
  movement_id INTEGER REFERENCES movement(id),
  detail TEXT NOT NULL DEFAULT '');
CREATE INDEX business_event_by_time ON business_event(at);

CREATE TABLE anomaly(
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  kind TEXT NOT NULL,
  epc TEXT NOT NULL,
  read_point_id INTEGER REFERENCES read_point(id),
  location_id INTEGER REFERENCES location(id),
  detail TEXT NOT NULL,
  resolved_at INTEGER,
  UNIQUE (kind, epc, read_point_id, at));

CREATE TABLE count_session(
  id INTEGER PRIMARY KEY,
  location_id INTEGER NOT NULL REFERENCES location(id),
  started_at INTEGER NOT NULL,
  finished_at INTEGER,
  applied INTEGER NOT NULL DEFAULT 0,
  actor TEXT NOT NULL);
CREATE UNIQUE INDEX count_session_open ON count_session(location_id) WHERE finished_at IS NULL;

CREATE TABLE count_seen(
  session_id INTEGER NOT NULL REFERENCES count_session(id),
  epc TEXT NOT NULL,
  first_seen INTEGER NOT NULL,
  read_point_id INTEGER REFERENCES read_point(id),
  PRIMARY KEY (session_id, epc)) WITHOUT ROWID;
)sql",
          // 5: sync with the pool hub: settings, outbox, cursor, applied events, pool view.
          R"sql(
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
)sql",
      }};
  return kSchema;
}

}  // namespace rfinv::inventory
