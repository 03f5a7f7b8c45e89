// The alert tables: one open alert per scope, and the notice outbox for the alert command.
// A part never changes once shipped: a change is a new part with the next version.
#include "inventory/store/internal/schema_parts.h"

namespace rfinv::inventory {
namespace {

constexpr sql::SchemaPart kParts[] = {
    {1, R"sql(
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
)sql"},
    {6, R"sql(
-- A notice is claimed (in a write transaction) by the one process that runs the alert command
-- for it, until claimed_until; only the oldest undelivered notice may be claimed, so notices
-- go out one at a time, in order, each once.
ALTER TABLE alert_notice ADD COLUMN claimed_by TEXT;
ALTER TABLE alert_notice ADD COLUMN claimed_until INTEGER;
)sql"},
    {13, R"sql(
-- The movement path's CHECKs without IN lists. SQLite tests a CHECK's IN list of more than two
-- values by building a temporary b-tree each time a statement runs; a movement ran four of
-- them (its row, its alert, a notice, a filled order), a third of its cost. The equivalent
-- OR chains compare in place. Every stored row already satisfies them and the file's format is
-- unchanged, the case SQLite documents for editing a table's SQL in place
-- (https://sqlite.org/lang_altertable.html, "Making Other Kinds Of Table Schema Changes");
-- RESET makes this connection read the new text, and others read it when they next open.
PRAGMA writable_schema=ON;
UPDATE sqlite_schema SET sql = replace(sql,
    'CHECK (kind IN (''receive'', ''issue'', ''transfer'', ''adjust''))',
    'CHECK (kind = ''receive'' OR kind = ''issue'' OR kind = ''transfer'' OR kind = ''adjust'')')
  WHERE type = 'table' AND name = 'movement';
UPDATE sqlite_schema SET sql = replace(sql,
    'CHECK (status IN (''open'', ''closed'', ''cancelled''))',
    'CHECK (status = ''open'' OR status = ''closed'' OR status = ''cancelled'')')
  WHERE type = 'table' AND name = 'purchase_order';
UPDATE sqlite_schema SET sql = replace(sql,
    'CHECK (kind IN (''reorder'', ''safety'', ''stockout''))',
    'CHECK (kind = ''reorder'' OR kind = ''safety'' OR kind = ''stockout'')')
  WHERE type = 'table' AND name = 'alert';
UPDATE sqlite_schema SET sql = replace(sql,
    'CHECK (event IN (''raise'', ''escalate'', ''clear''))',
    'CHECK (event = ''raise'' OR event = ''escalate'' OR event = ''clear'')')
  WHERE type = 'table' AND name = 'alert_notice';
PRAGMA writable_schema=RESET;
)sql"},
};

}  // namespace

std::span<const sql::SchemaPart> alerts_schema_parts() { return kParts; }

}  // namespace rfinv::inventory
