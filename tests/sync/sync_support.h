// Helpers for the sync tests: a background process (the real hub), a hub fixture that
// starts, kills and restarts it on loopback, node databases driven through the real rfinv
// binary, and a TCP proxy on loopback that can cut a connection after N bytes.
#pragma once

#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "base/subprocess.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

namespace rfinv::test {

// A child process whose stdout is read line by line; killed (SIGKILL) and reaped on
// destruction if still running.
class Background {
 public:
  explicit Background(const std::vector<std::string>& argv);
  ~Background();
  Background(const Background&) = delete;
  Background& operator=(const Background&) = delete;
  // The next stdout line, or nullopt after `timeout` or at end of output.
  std::optional<std::string> read_line(std::chrono::milliseconds timeout);
  void signal(int sig);
  pid_t pid() const { return process_->pid(); }
  // Exit status after waiting up to `timeout`; -1 if killed by a signal or still running.
  int wait(std::chrono::milliseconds timeout);

 private:
  std::optional<Subprocess> process_;
};

// The hub store a suite runs on: SQLite, or PostgreSQL when the environment says
// RFINV_TEST_HUB_STORE=postgresql (ctest registers each hub suite twice: NAME, and
// NAME_postgresql with that variable). Any other value fails the test.
enum class HubStore { sqlite, postgresql };
HubStore hub_store_under_test();

// One `rfinv hub serve --dir DIR --listen 127.0.0.1:PORT` process. Several may serve one
// directory whose store is PostgreSQL, each on its own port.
class HubProcess {
 public:
  // Starts it on `port` (0: any) with more `hub serve` options and waits (20 s) for its
  // "listening" line; when max_open_files > 0, with that RLIMIT_NOFILE (set by the shell that
  // then execs the hub, so pid() is the hub's).
  explicit HubProcess(const std::string& dir, const std::vector<std::string>& serve_args = {},
                      int max_open_files = 0, unsigned short port = 0);
  pid_t pid() const { return proc_->pid(); }
  unsigned short port() const { return port_; }
  std::string url() const { return "https://127.0.0.1:" + std::to_string(port_); }
  void kill_hard();   // SIGKILL
  void stop_clean();  // SIGTERM, must exit 0

 private:
  std::unique_ptr<Background> proc_;
  unsigned short port_ = 0;
};

class HubFixture {
 public:
  // hub init in a fresh directory, on `store` (for PostgreSQL: a new database on
  // shared_postgres_server()).
  explicit HubFixture(HubStore store = hub_store_under_test());
  // Starts `rfinv hub serve` on `port` (0: any) and waits for its "listening" line.
  void start(unsigned short port = 0);
  // The same with more `hub serve` options and, when max_open_files > 0, that RLIMIT_NOFILE.
  void start_with(const std::vector<std::string>& serve_args, int max_open_files = 0,
                  unsigned short port = 0);
  pid_t pid() const { return proc_->pid(); }
  void kill_hard();                               // SIGKILL
  void stop_clean();                              // SIGTERM, must exit 0
  std::string add_dept(const std::string& code);  // the token
  std::string url() const { return "https://127.0.0.1:" + std::to_string(port_); }
  unsigned short port() const { return port_; }
  std::string ca() const { return dir_.file("hub/hub.crt"); }
  std::string dir() const { return dir_.file("hub"); }
  const std::string& admin_token() const { return admin_; }
  // GET /v1/pool or /v1/events with the admin token.
  boost::json::value admin_get(const std::string& target) const;
  TempDir& temp() { return dir_; }
  HubStore store() const { return store_; }
  // PostgreSQL only: the hub's database on shared_postgres_server().
  const std::string& database() const { return database_; }

 private:
  TempDir dir_;
  HubStore store_;
  std::string database_;
  std::string admin_;
  unsigned short port_ = 0;
  std::unique_ptr<HubProcess> proc_;
};

// One department node: its own database, joined to the hub.
struct Node {
  std::string dept;
  std::string db;
  std::string token;
  ProcessResult run(std::vector<std::string> args) const;   // rfinv --db DB ARGS...
  ProcessResult must(std::vector<std::string> args) const;  // fails the test unless exit 0
  // rfinv sync join URL --dept DEPT --ca CA --token-file -, with `token` on standard input.
  ProcessResult join(const std::string& url, const std::string& as_dept, const std::string& with,
                     const std::string& ca) const;
};

Node make_node(HubFixture& hub, const std::string& dept, const std::string& url = "");

// Relays 127.0.0.1:port() to 127.0.0.1:upstream; while cut_after > 0, each connection is
// closed after that many bytes from upstream have been relayed to the client.
class CuttingProxy {
 public:
  explicit CuttingProxy(unsigned short upstream);
  ~CuttingProxy();
  unsigned short port() const { return port_; }
  std::atomic<long> cut_after{0};
  std::atomic<int> cuts{0};

 private:
  void run();
  unsigned short upstream_;
  unsigned short port_ = 0;
  int listen_fd_ = -1;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace rfinv::test
