// The asset tables: assets with their tag and custody, and their append-only history.
// A part never changes once shipped: a change is a new part with the next version.
#include "inventory/store/internal/schema_parts.h"

namespace rfinv::inventory {
namespace {

constexpr sql::SchemaPart kParts[] = {
    {2, R"sql(
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
)sql"},
    {3, R"sql(
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
)sql"},
};

}  // namespace

std::span<const sql::SchemaPart> assets_schema_parts() { return kParts; }

}  // namespace rfinv::inventory
