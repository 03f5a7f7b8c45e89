// Several `rfinv hub serve` processes on one PostgreSQL database, with faults: the database
// decides each reservation exactly once across processes, a process killed mid-push loses and
// duplicates nothing, and nodes ride out a PostgreSQL restart. Real binary, real loopback, a
// throwaway PostgreSQL (tests/support/postgres_server.h); every loop bounded in count and time.
#define BOOST_TEST_MODULE hub_processes
#include <fmt/format.h>

#include <boost/test/unit_test.hpp>
#include <future>
#include <thread>

#include "sync/node/continuous.h"
#include "sync/node/http_client.h"
#include "tests/support/postgres_server.h"
#include "tests/sync/pool_views.h"
#include "tests/sync/sync_support.h"

using namespace rfinv;
using namespace rfinv::test;
using namespace std::chrono_literals;

namespace {

// A hub on PostgreSQL served by three processes on the same directory, each on its own port.
struct ThreeHubProcesses {
  ThreeHubProcesses() : hub(HubStore::postgresql) {
    hub.start();
    second.emplace(hub.dir());
    third.emplace(hub.dir());
  }
  // The URL of process i % 3 (0 is the fixture's own).
  std::string url(std::size_t i) const {
    switch (i % 3) {
      case 0:
        return hub.url();
      case 1:
        return second->url();
      default:
        return third->url();
    }
  }
  std::string query(const std::string& sql) const {
    return shared_postgres_server().query(hub.database(), sql);
  }

  HubFixture hub;
  std::optional<HubProcess> second, third;
};

// Each node runs `args` at once; their exit codes (fails the test after 120 s).
std::vector<int> all_at_once(const std::vector<Node>& nodes, const std::vector<std::string>& args) {
  std::vector<std::future<ProcessResult>> runs;
  for (const auto& n : nodes)
    runs.push_back(std::async(std::launch::async, [&n, args] { return n.run(args); }));
  std::vector<int> codes;
  for (auto& f : runs) {
    BOOST_REQUIRE(f.wait_for(120s) == std::future_status::ready);
    codes.push_back(f.get().exit_code);
  }
  return codes;
}

std::string read_file(const std::string& path) { return run_process({"/bin/cat", path}).out; }

// GET `target` from the hub process at `url` as the holder of `token`.
Result<boost::json::value> get_as(const std::string& url, const std::string& token,
                                  const std::string& ca, const std::string& target) {
  auto client = sync::HubClient::connect({url, token, read_file(ca)});
  if (!client) return client.error();
  return (*client)->get(target);
}

long count_of(const std::vector<int>& codes, int code) {
  return std::count(codes.begin(), codes.end(), code);
}

}  // namespace

BOOST_FIXTURE_TEST_CASE(twenty_nodes_over_three_hub_processes_get_exactly_one_reservation,
                        ThreeHubProcesses) {
  Node ops = make_node(hub, "OPS", url(0));
  ops.run({"item", "add", "LAPTOP", "--name", "Laptop", "--cost", "1200"});
  ops.must({"asset", "register", "LAPTOP-1", "--epc", "3034257BF7194E4000001A87", "--sku", "LAPTOP",
            "--dept", "OPS", "--cost", "1200"});
  ops.must({"pool", "publish", "LAPTOP-1"});
  // Departments are added while the processes serve: each finds the new tokens in the database.
  std::vector<Node> nodes;
  for (std::size_t i = 0; i < 20; ++i)
    nodes.push_back(make_node(hub, "D" + std::to_string(i), url(i)));

  auto codes = all_at_once(nodes, {"pool", "request", "LAPTOP-1", "--reason", "mine"});
  BOOST_TEST(count_of(codes, 0) == 1);
  BOOST_TEST(count_of(codes, 4) == 19);

  auto at_hub = hub_requests(hub);
  BOOST_TEST(at_hub.size() == 20u);
  BOOST_TEST(std::count_if(at_hub.begin(), at_hub.end(),
                           [](const auto& r) { return r.second == "reserved"; }) == 1);
  // Whichever process a node asks, after a sync round it agrees with the hub.
  all_at_once(nodes, {"sync"});
  ops.must({"sync"});
  BOOST_TEST(node_requests(ops) == at_hub);
  for (const auto& n : nodes) BOOST_TEST(node_requests(n) == at_hub, "node " << n.dept);
}

BOOST_FIXTURE_TEST_CASE(a_hub_process_killed_during_pushes_logs_each_sequence_once,
                        ThreeHubProcesses) {
  constexpr int kPerNode = 200;
  // Two nodes per process; their outboxes filled before any push.
  std::vector<Node> nodes;
  for (std::size_t i = 0; i < 6; ++i) {
    nodes.push_back(make_node(hub, std::string("N") + char('A' + i), url(i)));
    queue_publications(nodes.back(), std::string(1, char('A' + i)), kPerNode);
  }
  // Pushes to all three processes at once; process 1 is killed while they run and restarted on
  // its port, three times at different points of the pushes.
  unsigned short port = second->port();
  int cut = 0;
  for (auto delay : {40ms, 120ms, 300ms}) {
    std::vector<std::unique_ptr<Background>> rounds;
    for (const auto& n : nodes)
      rounds.push_back(std::make_unique<Background>(
          std::vector<std::string>{RFINV_BINARY, "--db", n.db, "sync"}));
    std::this_thread::sleep_for(delay);
    second->kill_hard();
    for (auto& r : rounds) cut += r->wait(60s) != 0;
    second.reset();
    second.emplace(hub.dir(), std::vector<std::string>{}, 0, port);
  }
  BOOST_TEST_MESSAGE("sync rounds that failed on a killed process: " << cut);
  for (const auto& n : nodes) sync_until_done(n);
  for (const auto& n : nodes) n.must({"sync"});

  // In the database itself: each (department, sequence) logged once, none missing.
  BOOST_TEST(query("SELECT dept, node_seq, count(*) FROM event_log WHERE node_seq IS NOT NULL "
                   "GROUP BY dept, node_seq HAVING count(*) > 1") == "");
  for (const auto& n : nodes) {
    BOOST_TEST(query(fmt::format("SELECT count(DISTINCT node_seq) FROM event_log WHERE dept = '{}'",
                                 n.dept)) == fmt::format("{}\n", kPerNode));
    BOOST_TEST(check_log_unique(hub, n.dept) == static_cast<std::size_t>(kPerNode));
  }
  auto pooled = hub_pooled(hub);
  BOOST_TEST(pooled.size() == 6u * kPerNode);
  for (const auto& n : nodes) BOOST_TEST((node_pooled(n) == pooled), "node " << n.dept);
}

BOOST_FIXTURE_TEST_CASE(nodes_ride_out_a_postgresql_restart_and_converge, ThreeHubProcesses) {
  Node ops = make_node(hub, "OPS", url(0));
  Node lab = make_node(hub, "LAB", url(1));
  queue_publications(ops, "P", 300);
  // LAB syncs continuously, as `rfinv run` does, with short intervals and backoff.
  sync::ContinuousOptions options;
  options.interval = 100ms;
  options.min_backoff = 100ms;
  options.max_backoff = 400ms;
  auto continuous = sync::ContinuousSync::create(lab.db, options);
  BOOST_REQUIRE(continuous.ok());
  boost::asio::io_context ioc;
  auto work = boost::asio::make_work_guard(ioc);
  std::thread host([&ioc] { ioc.run(); });
  (*continuous)->start(ioc);

  // PostgreSQL goes down (fast shutdown ends every session) while OPS pushes.
  auto& server = shared_postgres_server();
  {
    Background round({RFINV_BINARY, "--db", ops.db, "sync"});
    std::this_thread::sleep_for(100ms);
    server.stop();
    round.wait(60s);  // cut or finished: either way nothing may be lost
  }
  // While it is down, the load balancer's health check fails on every process, a sync round
  // fails, and the continuous sync backs off.
  for (std::size_t p = 0; p < 3; ++p)
    BOOST_TEST(!get_as(url(p), ops.token, hub.ca(), "/v1/health").ok(), "process " << p);
  BOOST_TEST(ops.run({"sync"}).exit_code != 0);
  for (int i = 0; i < 100 && (*continuous)->state().failures_in_a_row < 2; ++i)
    std::this_thread::sleep_for(50ms);
  BOOST_TEST((*continuous)->state().failures_in_a_row >= 2);

  // Back up on the same port: the same hub processes serve again, the nodes resume.
  server.start();
  for (std::size_t p = 0; p < 3; ++p) {
    auto health = get_as(url(p), ops.token, hub.ca(), "/v1/health");
    BOOST_TEST_REQUIRE(health.ok(),
                       "process " << p << ": " << (health ? "" : health.error().message));
    BOOST_TEST(health->at("status").as_string() == "ok");
  }
  sync_until_done(ops);
  for (int i = 0; i < 200 && (*continuous)->state().failures_in_a_row != 0; ++i)
    std::this_thread::sleep_for(50ms);
  BOOST_TEST((*continuous)->state().failures_in_a_row == 0);
  (*continuous)->stop();
  work.reset();
  host.join();
  lab.must({"sync"});
  BOOST_TEST(check_log_unique(hub, "OPS") == 300u);
  auto pooled = hub_pooled(hub);
  BOOST_TEST(pooled.size() == 300u);
  BOOST_TEST((node_pooled(ops) == pooled));
  BOOST_TEST((node_pooled(lab) == pooled));
}

BOOST_FIXTURE_TEST_CASE(a_token_replaced_through_one_process_is_refused_by_every_process,
                        ThreeHubProcesses) {
  auto old_token = hub.add_dept("OPS");
  // Every process has verified (and remembers) the old token.
  for (std::size_t p = 0; p < 3; ++p)
    BOOST_TEST_REQUIRE(get_as(url(p), old_token, hub.ca(), "/v1/ping").ok());
  auto replaced = run_rfinv({"hub", "dept", "token", "OPS", "--dir", hub.dir()});
  BOOST_TEST_REQUIRE(replaced.exit_code == 0, replaced.err);
  auto new_token = replaced.out.substr(0, replaced.out.find('\n'));
  for (std::size_t p = 0; p < 3; ++p) {
    auto with_old = get_as(url(p), old_token, hub.ca(), "/v1/ping");
    BOOST_TEST(!with_old.ok(), "process " << p << " still takes the old token");
    if (!with_old) BOOST_TEST((with_old.error().code == Errc::unauthorized));
    BOOST_TEST(get_as(url(p), new_token, hub.ca(), "/v1/ping").ok(), "process " << p);
  }
}
