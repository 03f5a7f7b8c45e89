// Each inventory area's contribution to the node database schema, in migration order.
#pragma once

#include <span>

#include "sql/schema.h"

namespace rfinv::inventory {

std::span<const sql::SchemaPart> store_schema_parts();
std::span<const sql::SchemaPart> catalog_schema_parts();
std::span<const sql::SchemaPart> ledger_schema_parts();
std::span<const sql::SchemaPart> alerts_schema_parts();
std::span<const sql::SchemaPart> tags_schema_parts();
std::span<const sql::SchemaPart> assets_schema_parts();
std::span<const sql::SchemaPart> pipeline_schema_parts();
std::span<const sql::SchemaPart> counts_schema_parts();
std::span<const sql::SchemaPart> requisitions_schema_parts();
std::span<const sql::SchemaPart> planning_schema_parts();

}  // namespace rfinv::inventory
