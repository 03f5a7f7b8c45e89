// The node database schema as the inventory areas contribute it. Versions (PRAGMA
// user_version) so far: 1 catalog, ledger, alerts, readers, configuration; 2 EPC tags and
// assets; 3 asset custody and history; 4 the read pipeline and cycle counts; 5 the node's
// pool sync tables (contributed by sync/node); 6 users, sessions and API tokens (auth/).
#pragma once

#include <cstdint>
#include <vector>

#include "sql/schema.h"

namespace rfinv::inventory {

// PRAGMA application_id of a node database: "RFIV".
inline constexpr std::int32_t kApplicationId = 0x52464956;

// Every inventory area's parts, in the order they are applied within one version.
std::vector<sql::SchemaPart> schema_parts();

// The inventory areas alone (what a Store opens by default).
const sql::Schema& schema();

}  // namespace rfinv::inventory
