// The hub's own SQLite schema (hub.db), separate from a node's rfinv database.
#pragma once

#include "sql/schema.h"

namespace rfinv::sync {

const sql::Schema& hub_schema();

}  // namespace rfinv::sync
