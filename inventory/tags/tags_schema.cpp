// The EPC tag tables: company prefixes, commissioned serials, tags assigned by hand and
// unknown tags.
// A part never changes once shipped: a change is a new part with the next version.
#include "inventory/store/internal/schema_parts.h"

namespace rfinv::inventory {
namespace {

constexpr sql::SchemaPart kParts[] = {
    {2, R"sql(
CREATE TABLE epc_prefix(company_prefix TEXT PRIMARY KEY) WITHOUT ROWID;

-- The next serial to commission per GTIN-14 (SGTIN) and per company prefix (GIAI asset
-- references); only ever increases, so a serial is never handed out twice.
CREATE TABLE epc_serial(
  key_kind TEXT NOT NULL CHECK (key_kind IN ('gtin', 'giai')),
  key TEXT NOT NULL,
  next_serial INTEGER NOT NULL CHECK (next_serial >= 1),
  PRIMARY KEY (key_kind, key)) WITHOUT ROWID;

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
)sql"},
};

}  // namespace

std::span<const sql::SchemaPart> tags_schema_parts() { return kParts; }

}  // namespace rfinv::inventory
