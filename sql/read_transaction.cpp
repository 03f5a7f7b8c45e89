#include "sql/read_transaction.h"

namespace rfinv::sql {

ReadTransaction::ReadTransaction(Database& db) : db_(db) { db_.prepare("BEGIN").run(); }

ReadTransaction::~ReadTransaction() {
  try {
    // Nothing was written, so ROLLBACK ends the read as COMMIT would.
    db_.prepare("ROLLBACK").run();
  } catch (const DbError&) {
    // The transaction is gone already (SQLite rolled it back on a hard error).
  }
}

}  // namespace rfinv::sql
