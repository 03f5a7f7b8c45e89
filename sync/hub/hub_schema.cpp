// Ordered migration steps of hub.db. Append new steps; never edit a step that has shipped.
#include "sync/hub/hub_schema.h"

namespace rfinv::sync {

const sql::Schema& hub_schema() {
  static const sql::Schema kSchema{
      "rfinv hub",
      0x52464842,  // "RFHB"
      {
          // 1: departments, the ordered event log, push deduplication, pool state.
          R"sql(
CREATE TABLE admin(
  id INTEGER PRIMARY KEY CHECK (id = 1),
  salt TEXT NOT NULL,
  hash TEXT NOT NULL);

CREATE TABLE dept(
  code TEXT PRIMARY KEY,
  salt TEXT NOT NULL,
  hash TEXT NOT NULL,
  created_at INTEGER NOT NULL) WITHOUT ROWID;

-- The one ordered log every node pulls. AUTOINCREMENT: an id is never reused, so a node's
-- cursor stays valid whatever happens to the table.
CREATE TABLE event_log(
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  dept TEXT NOT NULL,
  node_seq INTEGER,
  type TEXT NOT NULL,
  at INTEGER NOT NULL,
  data TEXT NOT NULL);

-- Every pushed (dept, seq) with its outcome, so a push delivered twice is applied once and
-- answered the same way both times.
CREATE TABLE push_seen(
  dept TEXT NOT NULL,
  seq INTEGER NOT NULL,
  log_id INTEGER,
  error TEXT,
  PRIMARY KEY (dept, seq)) WITHOUT ROWID;

CREATE TABLE pool_asset(
  code TEXT PRIMARY KEY,
  owner TEXT NOT NULL,
  holder TEXT NOT NULL,
  sku TEXT,
  epc TEXT,
  cost_cents INTEGER NOT NULL DEFAULT 0,
  location TEXT,
  status TEXT NOT NULL CHECK (status IN ('pooled', 'reserved', 'off', 'lent')),
  request_id TEXT) WITHOUT ROWID;

CREATE TABLE offer(
  id TEXT PRIMARY KEY,
  owner TEXT NOT NULL,
  sku TEXT NOT NULL,
  location TEXT NOT NULL,
  qty INTEGER NOT NULL CHECK (qty > 0),
  reserved INTEGER NOT NULL DEFAULT 0,
  unit_cost_cents INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL CHECK (status IN ('open', 'withdrawn')),
  CHECK (reserved >= 0 AND reserved <= qty)) WITHOUT ROWID;

CREATE TABLE request(
  id TEXT PRIMARY KEY,
  asset TEXT,
  offer TEXT,
  qty INTEGER NOT NULL DEFAULT 1,
  from_dept TEXT NOT NULL,
  to_dept TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('transfer', 'loan')),
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
)sql",
          // 2: a department's pool number (its range of commissioned asset references), the
          // content digest of each pushed event (a sequence reused for other content is a
          // conflict, not a duplicate), and EPC lookups for the pool's uniqueness rule.
          R"sql(
ALTER TABLE dept ADD COLUMN number INTEGER;
UPDATE dept SET number = (SELECT COUNT(*) FROM dept d WHERE d.created_at < dept.created_at OR
                          (d.created_at = dept.created_at AND d.code <= dept.code));
CREATE UNIQUE INDEX dept_by_number ON dept(number);
ALTER TABLE push_seen ADD COLUMN digest TEXT;
CREATE INDEX pool_asset_by_epc ON pool_asset(epc);
)sql",
          // 3: a lookup key per token (crypto.h token_lookup_key), so a bearer token is
          // checked against one stored hash. Rows from before have none until their token
          // is next accepted (Hub::authenticate fills it in).
          R"sql(
ALTER TABLE admin ADD COLUMN lookup TEXT;
ALTER TABLE dept ADD COLUMN lookup TEXT;
CREATE INDEX dept_by_lookup ON dept(lookup);
)sql",
          // 4: the lots a stock hand-over carries (handover_lots.h), in the giver's order
          // (first expiry first out). A hand-over from a node without lots has none.
          R"sql(
CREATE TABLE request_lot(
  request_id TEXT NOT NULL,
  pos INTEGER NOT NULL,
  lot TEXT NOT NULL,
  expiry TEXT,
  qty INTEGER NOT NULL CHECK (qty > 0),
  PRIMARY KEY (request_id, pos),
  UNIQUE (request_id, lot)) WITHOUT ROWID;
)sql",
      }};
  return kSchema;
}

}  // namespace rfinv::sync
