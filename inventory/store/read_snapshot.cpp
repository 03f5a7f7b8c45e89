#include "inventory/store/read_snapshot.h"

#include "inventory/store/store_database.h"
#include "sql/read_transaction.h"

namespace rfinv::inventory {

Status in_read_snapshot(Store& store, const std::function<Status()>& body) {
  return sql::guarded("reading a snapshot", [&]() -> Status {
    sql::ReadTransaction snapshot(database_of(store));
    return body();
  });
}

}  // namespace rfinv::inventory
