// The throwaway PostgreSQL server the hub's tests run on (tests/support/postgres_server.h):
// it listens on loopback only, runs as an unprivileged user, keeps its data across a restart
// on the same port, and leaves neither a process nor a directory behind.
#define BOOST_TEST_MODULE postgres_server
#include "tests/support/postgres_server.h"

#include <sys/stat.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <stdexcept>

using namespace rfinv::test;

namespace {

std::string one_value(const std::string& rows) { return rows.substr(0, rows.find('\n')); }

uid_t owner_of_process(const std::string& pid) {
  struct stat st {};
  BOOST_REQUIRE_EQUAL(stat(("/proc/" + pid).c_str(), &st), 0);
  return st.st_uid;
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_server_listens_on_loopback_only_not_as_root_with_new_databases) {
  PostgresServer server;
  auto db = server.create_database();
  BOOST_TEST(server.url(db) ==
             "postgresql://rfinv@127.0.0.1:" + std::to_string(server.port()) + "/" + db);
  BOOST_TEST(one_value(server.query(db, "SELECT current_database()")) == db);
  BOOST_TEST(one_value(server.query(db, "SHOW listen_addresses")) == "127.0.0.1");
  // The server runs as nobody under root, else as ourselves. Its postmaster is asked, not the
  // backend that served a query: that one ends with its connection, before it could be looked at.
  std::ifstream pid_file(one_value(server.query(db, "SHOW data_directory")) + "/postmaster.pid");
  std::string postmaster;
  BOOST_REQUIRE(std::getline(pid_file, postmaster));
  auto uid = owner_of_process(postmaster);
  BOOST_TEST(uid != 0u);
  if (geteuid() != 0) BOOST_TEST(uid == geteuid());
  // Each database is new and empty.
  server.query(db, "CREATE TABLE t(x int)");
  auto second = server.create_database();
  BOOST_TEST(second != db);
  BOOST_TEST(server.query(second, "SELECT count(*) FROM pg_tables WHERE tablename = 't'") == "0\n");
}

BOOST_AUTO_TEST_CASE(data_survives_a_restart_on_the_same_port_and_queries_fail_while_it_is_down) {
  PostgresServer server;
  auto db = server.create_database();
  server.query(db, "CREATE TABLE t(x int); INSERT INTO t VALUES (1), (2)");
  auto port = server.port();
  server.stop();
  BOOST_TEST(!server.running());
  BOOST_CHECK_THROW(server.query(db, "SELECT 1"), std::runtime_error);
  server.start();
  BOOST_TEST(server.running());
  BOOST_TEST(server.port() == port);
  BOOST_TEST(server.query(db, "SELECT sum(x) FROM t") == "3\n");
  server.restart();
  BOOST_TEST(server.query(db, "SELECT count(*) FROM t") == "2\n");
}

BOOST_AUTO_TEST_CASE(a_stopped_server_leaves_no_process_and_no_directory) {
  std::filesystem::path data;
  std::string backend;
  {
    PostgresServer server;
    data = one_value(server.query("postgres", "SHOW data_directory"));
    backend = one_value(server.query("postgres", "SELECT pg_backend_pid()"));
    BOOST_TEST(std::filesystem::exists(data));
  }
  BOOST_TEST(!std::filesystem::exists(data.parent_path()));
  // The postmaster ended its backends before it exited.
  BOOST_TEST(!std::filesystem::exists("/proc/" + backend));
}
