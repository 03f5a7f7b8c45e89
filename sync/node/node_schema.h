// The schema of a node's database: the inventory areas' parts and the pool sync tables, in
// one file so that a pool effect and its ledger movement commit together.
#pragma once

#include "sql/schema.h"

namespace rfinv::sync {

const sql::Schema& node_schema();

}  // namespace rfinv::sync
