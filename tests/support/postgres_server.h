// A throwaway PostgreSQL server for tests and benchmarks: `initdb` into a fresh temporary
// directory, listening only on 127.0.0.1 at a free port (and on a unix socket inside that
// directory), run as `nobody` when we are root (PostgreSQL refuses to run as root, and CI runs
// as root), else as ourselves. The binaries come from /usr/lib/postgresql/*/bin (Debian's
// `postgresql` package; the newest version there).
//
// Everything here throws std::runtime_error, with the server's log, on failure; it does not
// depend on Boost.Test, so benchmarks use it too. One thread at a time.
//
// The server is our child and dies with the thread that started it (SIGKILL), so a test that
// crashes leaves no server running; the destructor stops it and removes the directory.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "base/subprocess.h"

namespace rfinv::test {

struct PostgresOptions {
  // false: fsync, synchronous_commit and full_page_writes off, for tests, whose data need not
  // survive a machine crash. true: PostgreSQL's defaults, for benchmarks.
  bool durable = false;
};

class PostgresServer {
 public:
  // initdb, start, and wait (at most 60 s) until it accepts connections.
  explicit PostgresServer(PostgresOptions options = {});
  // stop(), then the directory is removed. Never throws.
  ~PostgresServer();
  PostgresServer(const PostgresServer&) = delete;
  PostgresServer& operator=(const PostgresServer&) = delete;

  // A new empty database (rfinv_1, rfinv_2, ...); its name.
  std::string create_database();
  // postgresql://rfinv@127.0.0.1:PORT/DATABASE (the superuser `rfinv`, trusted on loopback).
  std::string url(const std::string& database) const;
  // Runs `sql` in `database` with psql; the rows, one a line, columns separated by '|'.
  std::string query(const std::string& database, const std::string& sql) const;

  // Fast shutdown (SIGINT: open sessions are ended, the data is kept), SIGKILL after 10 s.
  // Nothing happens when it is not running.
  void stop();
  // Starts it again on the same directory and port, and waits as the constructor does.
  void start();
  void restart() {
    stop();
    start();
  }
  bool running();
  unsigned short port() const { return port_; }
  // What the server has logged so far.
  std::string log() const;

 private:
  void start_on(unsigned short port);
  std::string bin(const std::string& program) const { return bin_dir_ + "/" + program; }

  PostgresOptions options_;
  std::string bin_dir_;
  std::string dir_;  // temporary: data/ and the unix socket
  unsigned short port_ = 0;
  int databases_ = 0;
  std::optional<Subprocess> server_;
};

// The server shared by every store-parametrised test of this program: started on first use
// (from the test's main thread, with which it dies), stopped and removed at exit.
PostgresServer& shared_postgres_server();

}  // namespace rfinv::test
