#include "tests/support/postgres_server.h"

#include <arpa/inet.h>
#include <grp.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

namespace rfinv::test {
namespace {
using namespace std::chrono_literals;
namespace fs = std::filesystem;

// The newest /usr/lib/postgresql/VERSION/bin that holds a server.
std::string find_bin_dir() {
  std::vector<std::pair<int, std::string>> found;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator("/usr/lib/postgresql", ec)) {
    auto bin = entry.path() / "bin";
    if (!fs::exists(bin / "initdb") || !fs::exists(bin / "postgres")) continue;
    found.emplace_back(std::atoi(entry.path().filename().c_str()), bin.string());
  }
  if (found.empty())
    throw std::runtime_error(
        "PostgreSQL not found in /usr/lib/postgresql/*/bin (scripts/setup.sh --tests installs it)");
  return std::max_element(found.begin(), found.end())->second;
}

bool root() { return geteuid() == 0; }

// PostgreSQL will not run as root: as root, run the server's programs as `nobody`, and keep the
// parent-death signal, which changing the user would otherwise clear.
std::vector<std::string> as_server_user(std::vector<std::string> argv) {
  if (root())
    argv.insert(argv.begin(), {"/usr/bin/setpriv", "--reuid=nobody", "--regid=nogroup",
                               "--clear-groups", "--pdeathsig=KILL"});
  return argv;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Runs a short program to its end; its stdout, or throws with its stderr.
std::string run(const std::vector<std::string>& argv, std::chrono::seconds timeout) {
  SpawnOptions spawn;
  spawn.argv = argv;
  spawn.die_with_parent = true;
  auto child = Subprocess::spawn(spawn);
  if (!child) throw std::runtime_error(argv.front() + ": " + child.error().message);
  auto done = child->finish("", timeout);
  if (done.timed_out || done.status.code != 0)
    throw std::runtime_error(argv.front() + ": " +
                             (done.timed_out ? "timed out" : done.status.describe()) + ": " +
                             done.err);
  return done.out;
}

// A loopback port nobody listens on now. Another process may take it before the server binds
// it; the caller then tries another.
unsigned short free_loopback_port() {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    if (fd >= 0) close(fd);
    throw std::runtime_error("no free loopback port");
  }
  close(fd);
  return ntohs(addr.sin_port);
}

// mkdtemp, owned by the user the server runs as.
std::string make_server_dir() {
  std::string pattern = (fs::temp_directory_path() / "rfinv-pg-XXXXXX").string();
  if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed for " + pattern);
  if (root()) {
    const passwd* nobody = getpwnam("nobody");
    const group* nogroup = getgrnam("nogroup");
    if (!nobody || !nogroup || chown(pattern.c_str(), nobody->pw_uid, nogroup->gr_gid) != 0) {
      fs::remove_all(pattern);
      throw std::runtime_error("cannot give " + pattern + " to nobody:nogroup");
    }
  }
  return pattern;
}

const char* kAddressInUse = "Address already in use";

}  // namespace

PostgresServer::PostgresServer(PostgresOptions options)
    : options_(options), bin_dir_(find_bin_dir()), dir_(make_server_dir()) {
  try {
    run(as_server_user({bin("initdb"), "--pgdata=" + dir_ + "/data", "--username=rfinv",
                        "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync"}),
        120s);
    // A port taken between our probe and the server's bind: try another, a few times.
    for (int attempt = 1;; ++attempt) {
      try {
        start_on(free_loopback_port());
        break;
      } catch (const std::runtime_error& e) {
        if (attempt == 3 || std::string(e.what()).find(kAddressInUse) == std::string::npos) throw;
      }
    }
  } catch (...) {
    stop();
    std::error_code ec;
    fs::remove_all(dir_, ec);
    throw;
  }
}

PostgresServer::~PostgresServer() {
  try {
    stop();
  } catch (...) {
    // The Subprocess kills what is left; nothing may escape a destructor.
  }
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

void PostgresServer::start_on(unsigned short port) {
  std::vector<std::string> argv{bin("postgres"),
                                "-D",
                                dir_ + "/data",
                                "-p",
                                std::to_string(port),
                                "-c",
                                "listen_addresses=127.0.0.1",
                                "-c",
                                "unix_socket_directories=" + dir_,
                                "-c",
                                "max_connections=200",
                                "-c",
                                "shared_buffers=32MB"};
  if (!options_.durable)
    for (const char* setting : {"fsync=off", "synchronous_commit=off", "full_page_writes=off"})
      argv.insert(argv.end(), {"-c", setting});
  SpawnOptions spawn;
  spawn.argv = as_server_user(argv);
  spawn.output_file = dir_ + "/server.log";
  spawn.die_with_parent = true;
  auto child = Subprocess::spawn(spawn);
  if (!child) throw std::runtime_error("postgres: " + child.error().message);
  server_.emplace(std::move(*child));
  port_ = port;

  auto deadline = std::chrono::steady_clock::now() + 60s;
  while (true) {
    if (auto exited = server_->wait(0ms)) {
      server_.reset();
      throw std::runtime_error("postgres " + exited->describe() + ":\n" + log());
    }
    SpawnOptions probe;
    probe.argv = {bin("pg_isready"), "--host=127.0.0.1", "--port=" + std::to_string(port),
                  "--timeout=2", "--quiet"};
    if (auto ready = Subprocess::spawn(probe); ready && ready->finish("", 10s).status.code == 0)
      return;
    if (std::chrono::steady_clock::now() > deadline) {
      stop();
      throw std::runtime_error("postgres did not accept connections within 60 s:\n" + log());
    }
    std::this_thread::sleep_for(100ms);
  }
}

void PostgresServer::start() {
  if (!running()) start_on(port_);
}

void PostgresServer::stop() {
  if (!server_) return;
  server_->signal(SIGINT);
  if (!server_->wait(10s)) {
    server_->signal(SIGKILL);
    server_->wait(10s);
  }
  server_.reset();
}

bool PostgresServer::running() { return server_ && !server_->wait(0ms); }

std::string PostgresServer::log() const { return read_file(dir_ + "/server.log"); }

std::string PostgresServer::url(const std::string& database) const {
  return "postgresql://rfinv@127.0.0.1:" + std::to_string(port_) + "/" + database;
}

std::string PostgresServer::create_database() {
  std::string name = "rfinv_" + std::to_string(++databases_);
  query("postgres", "CREATE DATABASE " + name);
  return name;
}

std::string PostgresServer::query(const std::string& database, const std::string& sql) const {
  return run(
      {bin("psql"), "--no-psqlrc", "--quiet", "--no-align", "--tuples-only", "--field-separator=|",
       "--set=ON_ERROR_STOP=1", "--host=127.0.0.1", "--port=" + std::to_string(port_),
       "--username=rfinv", "--dbname=" + database, "--command=" + sql},
      60s);
}

PostgresServer& shared_postgres_server() {
  static PostgresServer server;
  return server;
}

}  // namespace rfinv::test
