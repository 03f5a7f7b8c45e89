// The read pipeline's tables: readers, read points, tagged units, business events and
// anomalies.
// A part never changes once shipped: a change is a new part with the next version.
#include "inventory/store/internal/schema_parts.h"

namespace rfinv::inventory {
namespace {

constexpr sql::SchemaPart kParts[] = {
    {1, R"sql(
CREATE TABLE reader(
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  uri TEXT NOT NULL,
  added_at INTEGER NOT NULL,
  -- Last state reported by the running service (rfinv run), for `rfinv reader list`.
  state TEXT,
  state_reason TEXT,
  state_at INTEGER);
)sql"},
    {4, R"sql(
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
)sql"},
    {7, R"sql(
-- A removed read point (or one of a removed reader) is kept for the history that names it.
ALTER TABLE read_point ADD COLUMN removed_at INTEGER;
)sql"},
};

}  // namespace

std::span<const sql::SchemaPart> pipeline_schema_parts() { return kParts; }

}  // namespace rfinv::inventory
