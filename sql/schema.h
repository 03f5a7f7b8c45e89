// Schemas as ordered migration steps keyed on PRAGMA user_version, composed from the parts
// each area of a module contributes (the Chromium sql/meta_table habit).
//
// Threading: the open functions use the connection they make; the Schema values are immutable.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "sql/database.h"

namespace rfinv::sql {

// What one area adds to a database at one migration step. `version` is the user_version the
// step reaches (1 for the first step). A shipped part is never edited; new parts get new
// versions.
struct SchemaPart {
  int version;
  std::string_view sql;
};

// One schema: an application id that marks the file as ours, and ordered migration steps.
// Step i (0-based) moves the file from user_version i to i + 1, in one transaction.
struct Schema {
  std::string name;                // "rfinv", "rfinv hub": used in error messages
  std::int32_t application_id;     // PRAGMA application_id
  std::vector<std::string> steps;  // SQL for each migration step
};

// Joins the areas' parts into steps: the parts of one version, in the order the areas are
// given, become one step. Composition stops before the first version no area contributes to,
// so a schema made of some areas only never claims a version it does not fully hold.
Schema compose_schema(std::string name, std::int32_t application_id,
                      std::initializer_list<std::span<const SchemaPart>> areas);

// Opens `path` for `schema`: creates it on first use, refuses a file that is not ours or
// is from a newer version without modifying it, then migrates, enables WAL and foreign keys.
// read_only never creates the file and never writes, except that a file from an older version
// is first migrated through a read-write connection.
Result<std::unique_ptr<Database>> open_with_schema(const std::string& path, const Schema& schema,
                                                   Access access = Access::read_write);

// Opens `path` read-only as it is, to examine it (integrity_problems): refused when missing,
// empty or not ours (not_found, unsupported), never migrated or otherwise written.
Result<std::unique_ptr<Database>> open_as_is(const std::string& path, const Schema& schema);

}  // namespace rfinv::sql
