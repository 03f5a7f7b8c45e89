#include "inventory/store/schema.h"

#include "inventory/store/internal/schema_parts.h"

namespace rfinv::inventory {

std::vector<sql::SchemaPart> schema_parts() {
  std::vector<sql::SchemaPart> parts;
  // Within a version, parts apply in this order (each area's tables before the next's).
  for (auto area :
       {store_schema_parts(), catalog_schema_parts(), ledger_schema_parts(), alerts_schema_parts(),
        tags_schema_parts(), assets_schema_parts(), pipeline_schema_parts(), counts_schema_parts(),
        requisitions_schema_parts(), planning_schema_parts()})
    parts.insert(parts.end(), area.begin(), area.end());
  return parts;
}

const sql::Schema& schema() {
  static const sql::Schema kSchema = sql::compose_schema("rfinv", kApplicationId, {schema_parts()});
  return kSchema;
}

}  // namespace rfinv::inventory
