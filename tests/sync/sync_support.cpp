#include "tests/sync/sync_support.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include "sync/node/http_client.h"
#include "tests/support/postgres_server.h"

namespace rfinv::test {
using namespace std::chrono_literals;

Background::Background(const std::vector<std::string>& argv) {
  SpawnOptions spawn;
  spawn.argv = argv;
  spawn.err = Stdio::inherit;
  spawn.die_with_parent = true;  // a test that crashes must not leave a hub behind
  auto child = Subprocess::spawn(spawn);
  if (!child) throw std::runtime_error(child.error().message);
  process_.emplace(std::move(*child));
}

// The Subprocess kills and reaps it.
Background::~Background() = default;

std::optional<std::string> Background::read_line(std::chrono::milliseconds timeout) {
  return process_->read_line(timeout);
}

void Background::signal(int sig) { process_->signal(sig); }

int Background::wait(std::chrono::milliseconds timeout) {
  auto status = process_->wait(timeout);
  return status ? status->code : -1;
}

HubStore hub_store_under_test() {
  const char* store = std::getenv("RFINV_TEST_HUB_STORE");
  std::string name = store ? store : "sqlite";
  if (name == "postgresql") return HubStore::postgresql;
  BOOST_REQUIRE_MESSAGE(name == "sqlite", "RFINV_TEST_HUB_STORE: unknown store " << name);
  return HubStore::sqlite;
}

HubProcess::HubProcess(const std::string& dir, const std::vector<std::string>& serve_args,
                       int max_open_files, unsigned short port) {
  std::vector<std::string> argv;
  if (max_open_files > 0)
    argv = {"/bin/sh", "-c", "ulimit -n " + std::to_string(max_open_files) + " && exec \"$@\"",
            "sh"};
  for (const auto& a :
       {std::string(RFINV_BINARY), std::string("hub"), std::string("serve"), std::string("--dir"),
        dir, std::string("--listen"), "127.0.0.1:" + std::to_string(port)})
    argv.push_back(a);
  argv.insert(argv.end(), serve_args.begin(), serve_args.end());
  proc_ = std::make_unique<Background>(argv);
  auto line = proc_->read_line(20s);
  BOOST_REQUIRE_MESSAGE(line && line->rfind("listening 127.0.0.1:", 0) == 0,
                        "hub did not start: " << line.value_or("(nothing)"));
  port_ = static_cast<unsigned short>(std::stoi(line->substr(line->rfind(':') + 1)));
}

void HubProcess::kill_hard() {
  proc_->signal(SIGKILL);
  proc_->wait(10s);
}

void HubProcess::stop_clean() {
  proc_->signal(SIGTERM);
  BOOST_CHECK_EQUAL(proc_->wait(10s), 0);
}

HubFixture::HubFixture(HubStore store) : store_(store) {
  std::vector<std::string> init{"hub", "init", "--dir", dir_.file("hub")};
  if (store == HubStore::postgresql) {
    auto& server = shared_postgres_server();
    database_ = server.create_database();
    init.insert(init.end(), {"--store", server.url(database_)});
  }
  auto made = run_rfinv(init);
  BOOST_REQUIRE_MESSAGE(made.exit_code == 0, "hub init failed: " << made.err);
  auto at = made.out.find("admin token (shown once): ");
  BOOST_REQUIRE(at != std::string::npos);
  admin_ = made.out.substr(at + std::strlen("admin token (shown once): "));
  admin_ = admin_.substr(0, admin_.find('\n'));
  struct stat key {};
  BOOST_REQUIRE_EQUAL(stat(dir_.file("hub/hub.key").c_str(), &key), 0);
  BOOST_CHECK_EQUAL(key.st_mode & 0777, 0600u);  // the private key is the hub's alone
}

void HubFixture::start(unsigned short port) { start_with({}, 0, port); }

void HubFixture::start_with(const std::vector<std::string>& serve_args, int max_open_files,
                            unsigned short port) {
  proc_.reset();
  proc_ = std::make_unique<HubProcess>(dir(), serve_args, max_open_files, port);
  port_ = proc_->port();
}

void HubFixture::kill_hard() { proc_->kill_hard(); }

void HubFixture::stop_clean() { proc_->stop_clean(); }

std::string HubFixture::add_dept(const std::string& code) {
  auto r = run_rfinv({"hub", "dept", "add", code, "--dir", dir()});
  BOOST_REQUIRE_MESSAGE(r.exit_code == 0, "hub dept add failed: " << r.err);
  BOOST_REQUIRE_EQUAL(r.out.size(), 65u);  // 64 hex digits and a newline, nothing else
  return r.out.substr(0, 64);
}

boost::json::value HubFixture::admin_get(const std::string& target) const {
  std::ifstream in(ca());
  std::stringstream pem;
  pem << in.rdbuf();
  auto client = sync::HubClient::connect({url(), admin_, pem.str()});
  BOOST_REQUIRE(client.ok());
  auto reply = (*client)->get(target);
  BOOST_REQUIRE_MESSAGE(
      reply.ok(), "GET " << target << ": " << (reply.ok() ? std::string() : reply.error().message));
  return *reply;
}

ProcessResult Node::run(std::vector<std::string> args) const {
  args.insert(args.begin(), {"--db", db, "--actor", "test"});
  return run_rfinv(args);
}

ProcessResult Node::must(std::vector<std::string> args) const {
  auto r = run(args);
  std::string line;
  for (const auto& a : args) line += a + " ";
  BOOST_REQUIRE_MESSAGE(r.exit_code == 0,
                        "rfinv " << line << "failed (" << r.exit_code << "): " << r.err);
  return r;
}

ProcessResult Node::join(const std::string& url, const std::string& as_dept,
                         const std::string& with, const std::string& ca) const {
  ProcessOptions options;
  options.stdin_text = with + "\n";
  return run_rfinv({"--db", db, "--actor", "test", "sync", "join", url, "--dept", as_dept, "--ca",
                    ca, "--token-file", "-"},
                   options);
}

Node make_node(HubFixture& hub, const std::string& dept, const std::string& url) {
  Node node{dept, hub.temp().file(dept + ".db"), hub.add_dept(dept)};
  auto joined = node.join(url.empty() ? hub.url() : url, dept, node.token, hub.ca());
  BOOST_REQUIRE_MESSAGE(joined.exit_code == 0,
                        "rfinv sync join failed (" << joined.exit_code << "): " << joined.err);
  return node;
}

CuttingProxy::CuttingProxy(unsigned short upstream) : upstream_(upstream) {
  listen_fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  if (bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      listen(listen_fd_, 16) != 0)
    throw std::runtime_error("proxy: cannot listen");
  socklen_t len = sizeof addr;
  getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  thread_ = std::thread([this] { run(); });
}

CuttingProxy::~CuttingProxy() {
  stop_ = true;
  thread_.join();
  close(listen_fd_);
}

// One connection at a time is enough for a node's sync round.
void CuttingProxy::run() {
  while (!stop_) {
    pollfd lp{listen_fd_, POLLIN, 0};
    if (poll(&lp, 1, 50) <= 0) continue;
    int client = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (client < 0) continue;
    int up = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(upstream_);
    if (connect(up, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      close(client);
      close(up);
      continue;
    }
    long relayed = 0;
    auto deadline = std::chrono::steady_clock::now() + 30s;
    while (!stop_ && std::chrono::steady_clock::now() < deadline) {
      pollfd p[2] = {{client, POLLIN, 0}, {up, POLLIN, 0}};
      if (poll(p, 2, 50) <= 0) continue;
      char buf[16384];
      if (p[0].revents) {
        ssize_t n = read(client, buf, sizeof buf);
        if (n <= 0 || write(up, buf, static_cast<std::size_t>(n)) != n) break;
      }
      if (p[1].revents) {
        ssize_t n = read(up, buf, sizeof buf);
        if (n <= 0) break;
        long limit = cut_after.load();
        if (limit > 0 && relayed + n >= limit) {
          // Part of the answer, then the line goes dead.
          ssize_t part = limit - relayed;
          if (part > 0 && write(client, buf, static_cast<std::size_t>(part)) != part) break;
          ++cuts;
          break;
        }
        if (write(client, buf, static_cast<std::size_t>(n)) != n) break;
        relayed += n;
      }
    }
    close(client);
    close(up);
  }
}

}  // namespace rfinv::test
