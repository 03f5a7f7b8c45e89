// hub_store_bench: the hub on PostgreSQL with one and with three `rfinv hub serve` processes,
// beside the SQLite hub, in the same run. For each setup, 50 nodes (one thread and one
// keep-alive connection each, spread evenly over the processes) measure
//  1. pool events per second: every node pushes its publications in batches, all at once;
//     events the hub logged / wall time;
//  2. request-to-reservation latency: every node asks for assets another department published
//     (each request reserves: no two nodes ask for the same asset); median and p99.
// PostgreSQL is a throwaway server (tests/support/postgres_server.h) with its durable defaults;
// the SQLite hub commits with synchronous=FULL: both sync every commit to disk.
//
// Usage: hub_store_bench [EVENTS_PER_NODE (200)] [REQUESTS_PER_NODE (20)]
#include <fmt/format.h>
#include <signal.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <latch>
#include <optional>
#include <sstream>
#include <thread>
#include <vector>

#include "base/subprocess.h"
#include "bench/scratch_dir.h"
#include "sync/node/http_client.h"
#include "tests/support/postgres_server.h"

using namespace rfinv;
namespace json = boost::json;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

namespace {

constexpr int kNodes = 50;
constexpr int kBatch = 20;  // events per push

[[noreturn]] void die(const std::string& what) {
  fmt::print(stderr, "hub_store_bench: {}\n", what);
  std::exit(1);
}

template <class T>
T must(Result<T> r, const std::string& what) {
  if (!r) die(fmt::format("{}: {}", what, r.error().message));
  return std::move(r.value());
}

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

// rfinv ARGS..., to its end; its stdout (exits on failure).
std::string run_rfinv(const std::vector<std::string>& args) {
  SpawnOptions spawn;
  spawn.argv = {RFINV_BINARY};
  spawn.argv.insert(spawn.argv.end(), args.begin(), args.end());
  auto child = must(Subprocess::spawn(spawn), "rfinv");
  auto done = child.finish("", 60s);
  if (done.timed_out || done.status.code != 0)
    die(fmt::format("rfinv {}: {} {}", args.front(), done.status.describe(), done.err));
  return done.out;
}

struct Setup {
  std::string name;
  bool postgresql = false;
  int processes = 1;
};

struct Figures {
  double events_per_second = 0;
  double median_ms = 0;
  double p99_ms = 0;
};

// One hub directory, its departments, and its `hub serve` processes (stopped at the end).
class Hub {
 public:
  Hub(const std::string& dir, const std::optional<std::string>& store, int processes) {
    std::vector<std::string> init{"hub", "init", "--dir", dir};
    if (store) init.insert(init.end(), {"--store", *store});
    run_rfinv(init);
    for (int n = 0; n < kNodes; ++n)
      tokens_.push_back(
          run_rfinv({"hub", "dept", "add", fmt::format("D{}", n), "--dir", dir}).substr(0, 64));
    std::ifstream in(dir + "/hub.crt");
    std::stringstream pem;
    pem << in.rdbuf();
    ca_ = pem.str();
    for (int p = 0; p < processes; ++p) {
      SpawnOptions spawn;
      spawn.argv = {RFINV_BINARY, "hub", "serve", "--dir", dir, "--listen", "127.0.0.1:0"};
      spawn.err = Stdio::inherit;
      spawn.die_with_parent = true;
      servers_.push_back(must(Subprocess::spawn(spawn), "hub serve"));
      auto line = servers_.back().read_line(20s);
      if (!line || line->rfind("listening ", 0) != 0) die("hub serve did not start");
      urls_.push_back("https://" + line->substr(std::string("listening ").size()));
    }
  }
  ~Hub() {
    for (auto& s : servers_) s.signal(SIGTERM);
    for (auto& s : servers_) s.wait(10s);
  }
  // Node n's connection, to process n % processes.
  std::unique_ptr<sync::HubClient> client(int n) const {
    return must(sync::HubClient::connect({urls_[n % urls_.size()], tokens_[n], ca_}), "connect");
  }

 private:
  std::vector<std::string> tokens_;
  std::string ca_;
  std::vector<Subprocess> servers_;
  std::vector<std::string> urls_;
};

std::string asset(int node, int i) { return fmt::format("A-{}-{:05}", node, i); }

// Every node runs `work(n, client)` at once, starting together once all are connected.
template <class Work>
void all_nodes(const Hub& hub, Work work) {
  std::latch ready(kNodes + 1);
  std::vector<std::thread> threads;
  for (int n = 0; n < kNodes; ++n)
    threads.emplace_back([&, n] {
      auto client = hub.client(n);
      must(client->get("/v1/ping"), "warm-up");  // connection and handshake made
      ready.arrive_and_wait();
      work(n, *client);
    });
  ready.arrive_and_wait();
  for (auto& t : threads) t.join();
}

Figures measure(const Hub& hub, int events_per_node, int requests_per_node) {
  Figures f;
  auto start = Clock::now();
  all_nodes(hub, [&](int n, sync::HubClient& client) {
    for (int i = 0; i < events_per_node; i += kBatch) {
      json::array batch;
      for (int j = i; j < std::min(events_per_node, i + kBatch); ++j)
        batch.push_back(
            json::object{{"seq", j + 1},
                         {"type", "publish"},
                         {"data", json::object{{"asset", asset(n, j)}, {"cost_cents", 100}}}});
      must(client.post("/v1/push", json::object{{"events", std::move(batch)}}), "push");
    }
  });
  f.events_per_second = kNodes * events_per_node / seconds_since(start);

  std::vector<std::vector<double>> ms(kNodes);
  all_nodes(hub, [&](int n, sync::HubClient& client) {
    for (int i = 0; i < requests_per_node; ++i) {
      json::object body{{"id", fmt::format("R-{}-{}", n, i)},
                        {"asset", asset((n + 1) % kNodes, i)},
                        {"reason", "bench"}};
      auto t0 = Clock::now();
      auto reply = must(client.post("/v1/requests", body), "request");
      ms[n].push_back(seconds_since(t0) * 1000);
      if (reply.at("request").at("status").as_string() != "reserved")
        die(fmt::format("request R-{}-{} not reserved: {}", n, i, json::serialize(reply)));
    }
  });
  std::vector<double> all;
  for (const auto& v : ms) all.insert(all.end(), v.begin(), v.end());
  f.median_ms = percentile(all, 0.5);
  f.p99_ms = percentile(all, 0.99);
  return f;
}

}  // namespace

int main(int argc, char** argv) {
  int events_per_node = argc > 1 ? std::atoi(argv[1]) : 200;
  int requests_per_node = argc > 2 ? std::atoi(argv[2]) : 20;
  if (events_per_node < requests_per_node || requests_per_node < 1)
    die("EVENTS_PER_NODE must be at least REQUESTS_PER_NODE, which must be positive");
  bench::ScratchDir scratch;
  test::PostgresServer postgres({.durable = true});

  const std::vector<Setup> setups{{"SQLite hub", false, 1},
                                  {"PostgreSQL, 1 process", true, 1},
                                  {"PostgreSQL, 3 processes", true, 3}};
  std::vector<Figures> figures;
  for (const auto& setup : setups) {
    std::optional<std::string> store;
    if (setup.postgresql) store = postgres.url(postgres.create_database());
    Hub hub(scratch.file(fmt::format("hub{}", figures.size())), store, setup.processes);
    figures.push_back(measure(hub, events_per_node, requests_per_node));
  }

  fmt::print("{} nodes; {} events each in pushes of {}; {} requests each\n", kNodes,
             events_per_node, kBatch, requests_per_node);
  fmt::print("{:<26} {:>10} {:>7} {:>12} {:>10} {:>7}\n", "hub", "events/s", "ratio", "request p50",
             "p99", "ratio");
  const Figures& base = figures.front();
  for (std::size_t i = 0; i < setups.size(); ++i)
    fmt::print("{:<26} {:>10.0f} {:>7.2f} {:>9.2f} ms {:>7.2f} ms {:>7.2f}\n", setups[i].name,
               figures[i].events_per_second, figures[i].events_per_second / base.events_per_second,
               figures[i].median_ms, figures[i].p99_ms, figures[i].p99_ms / base.p99_ms);
  return 0;
}
