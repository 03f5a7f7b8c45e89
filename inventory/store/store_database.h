// The connection under a Store, for the code that owns tables in the node database: the
// inventory areas and sync/node, which writes its pool tables in the same transactions.
// cli/ and service/ never include this (the boundary test checks): they call the modules.
#pragma once

#include "inventory/store/store.h"
#include "sql/database.h"

namespace rfinv::inventory {

// REQUIRES: the caller is on the Store's thread.
sql::Database& database_of(Store& store);

}  // namespace rfinv::inventory
