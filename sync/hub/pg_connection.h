// A thin RAII layer over libpq, PostgreSQL's C client: a connection, parameterised statements
// (PQexecParams, parameters as text with their types) and their results.
//
// Errors are thrown as sql::DbError carrying Errc::io and a message that names PostgreSQL's
// SQLSTATE but never the connection URL (it may hold a password).
//
// Threading: one Connection is used by one thread at a time.
#pragma once

#include <libpq-fe.h>

#include <memory>
#include <string>
#include <vector>

#include "base/result.h"
#include "sync/hub/store.h"

namespace rfinv::sync::pg {

struct ResultDeleter {
  void operator()(PGresult* result) const { PQclear(result); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

class Connection {
 public:
  // Connects to `url` (a postgresql:// URL; what it leaves out comes from libpq's environment
  // variables, ~/.pgpass or PGPASSFILE, and service files). A connection attempt gives up
  // after 10 s unless the URL says otherwise (connect_timeout). io when it fails.
  static Result<std::unique_ptr<Connection>> open(const std::string& url);
  ~Connection() { PQfinish(conn_); }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs one statement; parameters are $1..$n. Throws DbError when it fails.
  ResultPtr execute(const std::string& sql, const std::vector<store::Param>& params);
  // Runs statements without parameters (schema steps). Throws DbError when one fails.
  void execute_script(const std::string& sql);
  // Reconnects when the connection was lost (a server restart, a failover); throws DbError
  // when the server cannot be reached. REQUIRES: no transaction of the caller is open.
  void reconnect_if_lost();
  bool lost() const { return PQstatus(conn_) != CONNECTION_OK; }

 private:
  explicit Connection(PGconn* conn) : conn_(conn) {}
  ResultPtr check(PGresult* result, const std::string& sql);

  PGconn* conn_;
};

// `sql` with SQLite's placeholders (`?N`, and `?` for one more than the highest so far)
// written as PostgreSQL's `$N`; quoted text is left as it is.
std::string dollar_placeholders(const std::string& sql);

}  // namespace rfinv::sync::pg
