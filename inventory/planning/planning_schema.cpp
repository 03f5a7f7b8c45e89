// The planning tables: demand the ledger does not hold (issues refused for lack of stock,
// history imported from the system used before) and the audit of levels a plan applied.
// A part never changes once shipped: a change is a new part with the next version.
#include "inventory/store/internal/schema_parts.h"

namespace rfinv::inventory {
namespace {

constexpr sql::SchemaPart kParts[] = {
    {12, R"sql(
-- An issue refused for lack of free stock: qty is the shortfall (requested less free).
-- dedupe_key: the issue's idempotency key, else item|location|qty|actor|hour, so a retried
-- refusal counts once.
CREATE TABLE demand_refusal(
  id INTEGER PRIMARY KEY,
  item_id INTEGER NOT NULL REFERENCES item(id),
  location_id INTEGER NOT NULL REFERENCES location(id),
  qty INTEGER NOT NULL CHECK (qty > 0),
  requested INTEGER NOT NULL CHECK (requested > 0),
  actor TEXT NOT NULL,
  at INTEGER NOT NULL,
  dedupe_key TEXT NOT NULL UNIQUE);
CREATE INDEX demand_refusal_by_item ON demand_refusal(item_id, at);

-- Demand history imported from the system used before (rfinv history import): one total per
-- day, item, location (0: none given) and kind; a re-import replaces a total, never adds.
CREATE TABLE demand_import(
  day INTEGER NOT NULL,
  item_id INTEGER NOT NULL REFERENCES item(id),
  location_id INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('issue', 'refused')),
  qty INTEGER NOT NULL CHECK (qty > 0),
  imported_at INTEGER NOT NULL,
  PRIMARY KEY (item_id, day, location_id, kind)) WITHOUT ROWID;

-- Levels a plan applied: who, when, old -> new, under the apply's idempotency key.
CREATE TABLE plan_level_change(
  id INTEGER PRIMARY KEY,
  apply_key TEXT NOT NULL,
  item_id INTEGER NOT NULL REFERENCES item(id),
  location_id INTEGER REFERENCES location(id),
  actor TEXT NOT NULL,
  at INTEGER NOT NULL,
  old_safety INTEGER NOT NULL, new_safety INTEGER NOT NULL,
  old_reorder_point INTEGER NOT NULL, new_reorder_point INTEGER NOT NULL,
  old_reorder_qty INTEGER NOT NULL, new_reorder_qty INTEGER NOT NULL,
  old_max INTEGER, new_max INTEGER,
  method TEXT NOT NULL);
CREATE INDEX plan_level_change_key ON plan_level_change(apply_key);

-- One row per plan apply (its idempotency key), even when it changed nothing.
CREATE TABLE plan_apply(
  apply_key TEXT PRIMARY KEY,
  actor TEXT NOT NULL,
  at INTEGER NOT NULL,
  changed INTEGER NOT NULL) WITHOUT ROWID;

-- The week `rfinv run` last refreshed the plans for (Monday 00:00 UTC), so it does so weekly.
CREATE TABLE plan_refresh(
  id INTEGER PRIMARY KEY CHECK (id = 1),
  week INTEGER NOT NULL,
  at INTEGER NOT NULL);
)sql"},
};

}  // namespace

std::span<const sql::SchemaPart> planning_schema_parts() { return kParts; }

}  // namespace rfinv::inventory
