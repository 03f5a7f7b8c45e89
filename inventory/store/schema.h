// The node database schema as the inventory areas contribute it. Versions (PRAGMA
// user_version) so far: 1 catalog, ledger, alerts, readers, configuration; 2 EPC tags and
// assets; 3 asset custody and history; 4 the read pipeline and cycle counts; 5 the node's
// pool sync tables (contributed by sync/node); 6 users, sessions and API tokens (auth/);
// 10 demand planning (refused issues, imported history, applied plans).
#pragma once

#include <cstdint>
#include <vector>

#include "sql/schema.h"

namespace rfinv::inventory {

// PRAGMA application_id of a node database: "RFIV".
inline constexpr std::int32_t kApplicationId = 0x52464956;

// Every inventory area's parts, in the order they are applied within one version.
std::vector<sql::SchemaPart> schema_parts();

// The inventory areas alone (what a Store opens by default). Composition stops before
// version 5, which sync/node contributes, so parts an inventory area adds from version 6 on
// (6: removed read points) are only in sync::node_schema(): code and tests that use them
// open the node's schema.
const sql::Schema& schema();

}  // namespace rfinv::inventory
