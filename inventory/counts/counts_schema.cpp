// The cycle count tables: count sessions and the tags seen in each.
// A part never changes once shipped: a change is a new part with the next version.
#include "inventory/store/internal/schema_parts.h"

namespace rfinv::inventory {
namespace {

constexpr sql::SchemaPart kParts[] = {
    {4, R"sql(
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
)sql"},
};

}  // namespace

std::span<const sql::SchemaPart> counts_schema_parts() { return kParts; }

}  // namespace rfinv::inventory
