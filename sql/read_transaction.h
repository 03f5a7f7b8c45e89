// A scope object for reads that must agree with each other.
//
// Threading: the Database's.
#pragma once

#include "sql/database.h"

namespace rfinv::sql {

// BEGIN (deferred) in the constructor, ROLLBACK in the destructor: every read in between sees
// one snapshot of the file, taken at the first read (WAL), so figures computed by several
// queries agree even while another connection writes. Writers beside it are not blocked. A
// write through this connection inside it is a mistake; a Transaction begun inside it fails
// (SQLite allows no nested BEGIN).
// REQUIRES: no Transaction of this connection is open.
class ReadTransaction {
 public:
  explicit ReadTransaction(Database& db);
  ~ReadTransaction();
  ReadTransaction(const ReadTransaction&) = delete;
  ReadTransaction& operator=(const ReadTransaction&) = delete;

 private:
  Database& db_;
};

}  // namespace rfinv::sql
