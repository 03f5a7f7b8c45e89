// The catalog's tables: departments, locations (site > zone > bin) and items.
// A part never changes once shipped: a change is a new part with the next version.
#include "inventory/store/internal/schema_parts.h"

namespace rfinv::inventory {
namespace {

constexpr sql::SchemaPart kParts[] = {
    {1, R"sql(
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
)sql"},
};

}  // namespace

std::span<const sql::SchemaPart> catalog_schema_parts() { return kParts; }

}  // namespace rfinv::inventory
