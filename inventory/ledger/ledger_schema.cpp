// The ledger's tables: stock per item and location, movements (append-only), purchase
// orders and location levels.
// A part never changes once shipped: a change is a new part with the next version.
#include "inventory/store/internal/schema_parts.h"

namespace rfinv::inventory {
namespace {

constexpr sql::SchemaPart kParts[] = {
    {1, R"sql(
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
)sql"},
    // Version 5 is the pool's (sync/node/node_schema.cpp); this comment only lets a schema of
    // the inventory's areas alone (tests, tools) reach the versions after it.
    {5, R"sql(
-- nothing for the ledger at version 5
)sql"},
    {8, R"sql(
-- Stock set aside at a location (a pool offer): issue and transfer take only what no hold
-- covers, unless they name the hold (inventory/ledger/holds.h).
CREATE TABLE stock_hold(
  hold_key TEXT PRIMARY KEY,
  item_id INTEGER NOT NULL REFERENCES item(id),
  location_id INTEGER NOT NULL REFERENCES location(id),
  qty INTEGER NOT NULL CHECK (qty > 0));
CREATE INDEX stock_hold_at ON stock_hold(item_id, location_id);
)sql"},
    // Version 9 is the users' (auth/auth_schema.cpp); as at version 5, this only lets a schema of
    // the inventory's areas alone reach the versions after it.
    {9, R"sql(
-- nothing for the ledger at version 9
)sql"},
    {10, R"sql(
-- Lots and expiry. One part for the catalog flags it needs too, so the step stands alone.
-- An item may be lot-tracked (receipts name a lot) and/or expiry-tracked (receipts give an
-- expiry date); the horizon is how many days ahead its lots count as expiring.
ALTER TABLE item ADD COLUMN lot_tracked INTEGER NOT NULL DEFAULT 0;
ALTER TABLE item ADD COLUMN expiry_tracked INTEGER NOT NULL DEFAULT 0;
ALTER TABLE item ADD COLUMN expiry_horizon_days INTEGER NOT NULL DEFAULT 30;
-- Expired or held stock may be transferred only to a quarantine location.
ALTER TABLE location ADD COLUMN quarantine INTEGER NOT NULL DEFAULT 0;

-- A lot of an item: its code (an expiry-only item's lots are named by their expiry date), its
-- expiry (YYYY-MM-DD, NULL when not known) and a hold (quarantine) while held_at is set.
CREATE TABLE lot(
  id INTEGER PRIMARY KEY,
  item_id INTEGER NOT NULL REFERENCES item(id),
  code TEXT NOT NULL,
  expiry TEXT,
  held_reason TEXT,
  held_by TEXT,
  held_at INTEGER,
  created_at INTEGER NOT NULL,
  UNIQUE (item_id, code));
CREATE INDEX lot_by_expiry ON lot(expiry) WHERE expiry IS NOT NULL;

-- Stock of a tracked item per location and lot. stock(item, location) stays the total over
-- the lots (what alerts, levels and listings read); an untracked item has no rows here.
CREATE TABLE lot_stock(
  item_id INTEGER NOT NULL REFERENCES item(id),
  location_id INTEGER NOT NULL REFERENCES location(id),
  lot_id INTEGER NOT NULL REFERENCES lot(id),
  qty INTEGER NOT NULL CHECK (qty >= 0),
  PRIMARY KEY (item_id, location_id, lot_id)) WITHOUT ROWID;
CREATE INDEX lot_stock_by_lot ON lot_stock(lot_id);

-- A disposal (expired or held stock taken out; not demand) is a negative adjustment marked
-- here: the kinds' CHECK cannot change without rebuilding the table, which foreign keys from
-- the business events forbid in a migration.
ALTER TABLE movement ADD COLUMN disposal INTEGER NOT NULL DEFAULT 0;

-- The lots a movement of a tracked item moved, with the movement's sign (append-only). One
-- issue may take several lots; an untracked item's movements have no rows here.
CREATE TABLE movement_lot(
  movement_id INTEGER NOT NULL REFERENCES movement(id),
  lot_id INTEGER NOT NULL REFERENCES lot(id),
  qty INTEGER NOT NULL,
  PRIMARY KEY (movement_id, lot_id)) WITHOUT ROWID;
CREATE INDEX movement_lot_by_lot ON movement_lot(lot_id);
CREATE TRIGGER movement_lot_append_only_update BEFORE UPDATE ON movement_lot
  BEGIN SELECT RAISE(ABORT, 'movements are append-only'); END;
CREATE TRIGGER movement_lot_append_only_delete BEFORE DELETE ON movement_lot
  BEGIN SELECT RAISE(ABORT, 'movements are append-only'); END;
)sql"},
    {14, R"sql(
-- A hold may name a lot (a requisition's pick holds the lots it picked): it then keeps those
-- units of that lot, and an issue of free stock takes no unit of it. A hold without one (a pool
-- offer, an item not tracked by lot, every hold placed before version 14) keeps units of the
-- item's free stock at its location, whatever their lot.
ALTER TABLE stock_hold ADD COLUMN lot_id INTEGER REFERENCES lot(id);
CREATE INDEX stock_hold_by_lot ON stock_hold(lot_id, location_id) WHERE lot_id IS NOT NULL;
)sql"},
};

}  // namespace

std::span<const sql::SchemaPart> ledger_schema_parts() { return kParts; }

}  // namespace rfinv::inventory
