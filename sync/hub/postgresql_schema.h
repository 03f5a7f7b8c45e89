// The hub's PostgreSQL schema: ordered steps, step N bringing the database to version N
// (kept in rfinv_hub_schema). Append new steps; never edit a step that has shipped.
#pragma once

#include <string>
#include <vector>

namespace rfinv::sync {

const std::vector<std::string>& postgresql_hub_schema();

}  // namespace rfinv::sync
