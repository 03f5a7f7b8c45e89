// The requisition tables: requisitions from a ward to a store, their lines, what pick set
// aside per lot, and the steps taken (with their idempotency keys); and lots' expiry alerts.
// A part never changes once shipped: a change is a new part with the next version.
#include "inventory/store/internal/schema_parts.h"

namespace rfinv::inventory {
namespace {

constexpr sql::SchemaPart kParts[] = {
    {11, R"sql(
CREATE TABLE requisition(
  id INTEGER PRIMARY KEY,
  from_location_id INTEGER NOT NULL REFERENCES location(id),
  to_location_id INTEGER NOT NULL REFERENCES location(id),
  dept_id INTEGER NOT NULL REFERENCES dept(id),
  status TEXT NOT NULL CHECK (status IN ('requested', 'approved', 'picked', 'shipped',
    'partially_received', 'received', 'closed', 'cancelled')),
  origin TEXT NOT NULL CHECK (origin IN ('manual', 'par_level')),
  note TEXT,
  transit_location_id INTEGER REFERENCES location(id),
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  approved_by TEXT,
  updated_at INTEGER NOT NULL);
CREATE INDEX requisition_by_ward ON requisition(to_location_id, status);

CREATE TABLE requisition_line(
  requisition_id INTEGER NOT NULL REFERENCES requisition(id),
  item_id INTEGER NOT NULL REFERENCES item(id),
  qty INTEGER NOT NULL CHECK (qty > 0),
  picked INTEGER NOT NULL DEFAULT 0,
  shipped INTEGER NOT NULL DEFAULT 0,
  received INTEGER NOT NULL DEFAULT 0,
  closed INTEGER NOT NULL DEFAULT 0,
  shortfall INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (requisition_id, item_id)) WITHOUT ROWID;
CREATE INDEX requisition_line_by_item ON requisition_line(item_id);

-- What pick held per lot ('' for an item not tracked by lot) and what was shipped of each lot
-- (another lot when an issue took units of a picked one: holds are per item and location).
CREATE TABLE requisition_lot(
  requisition_id INTEGER NOT NULL REFERENCES requisition(id),
  item_id INTEGER NOT NULL REFERENCES item(id),
  lot TEXT NOT NULL,
  picked INTEGER NOT NULL CHECK (picked >= 0),
  shipped INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (requisition_id, item_id, lot)) WITHOUT ROWID;

-- Every step taken; a retry with the same key and content changes nothing.
CREATE TABLE requisition_step(
  id INTEGER PRIMARY KEY,
  requisition_id INTEGER NOT NULL REFERENCES requisition(id),
  step TEXT NOT NULL,
  content TEXT NOT NULL,
  actor TEXT NOT NULL,
  at INTEGER NOT NULL,
  idem_key TEXT UNIQUE);
CREATE INDEX requisition_step_by_requisition ON requisition_step(requisition_id);

-- The expiry alert of a lot (inventory/alerts/expiry_alerts.h), in this part so the branch
-- adds one step: at most one per lot, ever (lot_id UNIQUE), so a lot is alerted once.
CREATE TABLE expiry_alert(
  id INTEGER PRIMARY KEY,
  lot_id INTEGER NOT NULL UNIQUE REFERENCES lot(id),
  kind TEXT NOT NULL CHECK (kind IN ('expiring', 'expired')),
  expiry TEXT NOT NULL,
  on_hand INTEGER NOT NULL,
  raised_at INTEGER NOT NULL,
  expired_at INTEGER,
  cleared_at INTEGER);
CREATE INDEX expiry_alert_open ON expiry_alert(expiry) WHERE cleared_at IS NULL;
)sql"},
};

}  // namespace

std::span<const sql::SchemaPart> requisitions_schema_parts() { return kParts; }

}  // namespace rfinv::inventory
