#pragma once

#include "sql/database.h"

namespace rfinv::inventory {

// The rfinv node database schema (catalog, ledger, alerts, readers, ...).
const sql::Schema& schema();

}  // namespace rfinv::inventory
