// Ends every statement left mid-result on a connection. A cached statement stepped for
// one row stays active until its next use and keeps its read snapshot open, so a
// long-lived connection (the hub, continuous sync) would stop seeing other writers.
//
// Threading: the connection's own thread.
#pragma once

#include "sql/database.h"

namespace rfinv::sync {

inline void release_statements(sql::Database& db) {
  for (sqlite3_stmt* st = sqlite3_next_stmt(db.handle(), nullptr); st;
       st = sqlite3_next_stmt(db.handle(), st))
    if (sqlite3_stmt_busy(st)) sqlite3_reset(st);
}

}  // namespace rfinv::sync
