// The store's own table: configuration settings.
// A part never changes once shipped: a change is a new part with the next version.
#include "inventory/store/internal/schema_parts.h"

namespace rfinv::inventory {
namespace {

constexpr sql::SchemaPart kParts[] = {
    {1, R"sql(
CREATE TABLE config(key TEXT PRIMARY KEY, value TEXT NOT NULL);
)sql"},
};

}  // namespace

std::span<const sql::SchemaPart> store_schema_parts() { return kParts; }

}  // namespace rfinv::inventory
