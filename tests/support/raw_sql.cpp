#include "tests/support/raw_sql.h"

#include <sqlite3.h>

#include <boost/test/unit_test.hpp>

namespace rfinv::test {

void raw_exec(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  BOOST_REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  // A running rfinv may hold the write lock for a moment.
  sqlite3_busy_timeout(db, 10000);
  char* err = nullptr;
  int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
  std::string message = err ? err : "";
  sqlite3_free(err);
  sqlite3_close(db);
  BOOST_REQUIRE_MESSAGE(rc == SQLITE_OK, "raw SQL on " << path << ": " << message);
}

}  // namespace rfinv::test
