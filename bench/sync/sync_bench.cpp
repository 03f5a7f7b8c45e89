// sync_bench: runs a hub in this process on 127.0.0.1 (port 0) and measures
//  1. pool events per second replicated from the hub into a node database (one sync
//     round pulling every event), beside the same number of rows inserted into a plain
//     SQLite table in batches of the same size;
//  2. request-to-reservation latency (POST /v1/requests) with 50 nodes at once, each on
//     its own keep-alive connection, beside a trivial authenticated GET /v1/ping.
#include <signal.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <thread>

#include "inventory/catalog/catalog.h"
#include "sync/hub/hub_server.h"
#include "sync/hub/hub_store.h"
#include "sync/node/node.h"
#include "sync/node/node_schema.h"
#include "sync/protocol/crypto.h"

using namespace rfinv;
namespace json = boost::json;
using Clock = std::chrono::steady_clock;

namespace {

[[noreturn]] void die(const std::string& what) {
  fmt::print(stderr, "sync_bench: {}\n", what);
  std::exit(1);
}

template <class T>
T must(Result<T> r, const char* what) {
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

void write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path) << text;
  chmod(path.c_str(), 0600);
}

double plain_sqlite_rows_per_second(const std::string& path, int rows, int batch) {
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_exec(db, "PRAGMA journal_mode=WAL; CREATE TABLE t(id INTEGER PRIMARY KEY, data TEXT)",
               nullptr, nullptr, nullptr);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, "INSERT INTO t(id, data) VALUES (?, ?)", -1, &st, nullptr);
  std::string data(200, 'x');
  auto start = Clock::now();
  for (int i = 0; i < rows; i += batch) {
    sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
    for (int j = i; j < std::min(rows, i + batch); ++j) {
      sqlite3_bind_int(st, 1, j + 1);
      sqlite3_bind_text(st, 2, data.c_str(), static_cast<int>(data.size()), SQLITE_STATIC);
      sqlite3_step(st);
      sqlite3_reset(st);
    }
    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  }
  double secs = seconds_since(start);
  sqlite3_finalize(st);
  sqlite3_close(db);
  return rows / secs;
}

}  // namespace

int main(int argc, char** argv) {
  int events = argc > 1 ? std::atoi(argv[1]) : 20000;
  constexpr int kNodes = 50;
  constexpr int kRequestsPerNode = 20;
  auto dir = std::filesystem::temp_directory_path() / fmt::format("rfinv-sync-bench-{}", getpid());
  std::filesystem::create_directories(dir / "hub");
  auto cert = must(sync::make_self_signed({}), "certificate");
  write_file(dir / "hub" / "hub.crt", cert.cert_pem);
  write_file(dir / "hub" / "hub.key", cert.key_pem);
  std::vector<std::string> tokens;
  {
    auto hub = must(sync::Hub::open((dir / "hub").string()), "hub");
    for (int i = 0; i <= kNodes; ++i)
      tokens.push_back(must(hub->add_dept(fmt::format("D{}", i)), "dept"));
  }

  std::promise<std::string> bound;
  sync::ServeOptions options;
  options.dir = (dir / "hub").string();
  options.listen = "127.0.0.1:0";
  options.threads = 2;
  std::thread server([&] {
    auto served = sync::serve_hub(options, [&](const std::string& at) { bound.set_value(at); });
    if (!served) die(served.error().message);
  });
  std::string url = "https://" + bound.get_future().get();

  // D0 owns everything: `events` publications pushed in batches of 1000.
  auto owner = must(sync::HubClient::connect({url, tokens[0], cert.cert_pem}), "client");
  for (int i = 0; i < events; i += 1000) {
    json::array batch;
    for (int j = i; j < std::min(events, i + 1000); ++j)
      batch.push_back(json::object{
          {"seq", j + 1},
          {"type", "publish"},
          {"data", json::object{{"asset", fmt::format("A-{:06}", j)}, {"cost_cents", 100}}}});
    must(owner->post("/v1/push", json::object{{"events", std::move(batch)}}), "push");
  }

  // 1. Replication into a node.
  auto store =
      must(inventory::Store::open((dir / "node.db").string(), sync::node_schema()), "node db");
  sync::NodeSettings settings{url, "D1", tokens[1], cert.cert_pem};
  if (auto s = sync::join_hub(*store, settings); !s) die(s.error().message);
  auto start = Clock::now();
  auto counts = must(sync::sync_round(*store), "sync round");
  double replicated = counts.applied / seconds_since(start);
  double baseline = plain_sqlite_rows_per_second((dir / "plain.db").string(), counts.applied, 2000);
  fmt::print("replication: {} events applied in one round: {:.0f} events/s\n", counts.applied,
             replicated);
  fmt::print("  baseline plain SQLite inserts (same rows, batches of 2000): {:.0f} rows/s\n",
             baseline);
  fmt::print("  ratio replication/baseline: {:.3f}\n", replicated / baseline);

  // 2. Latency with 50 nodes at once.
  auto measure = [&](bool request) {
    std::vector<std::future<std::vector<double>>> runs;
    for (int n = 1; n <= kNodes; ++n)
      runs.push_back(std::async(std::launch::async, [&, n] {
        auto client = must(sync::HubClient::connect({url, tokens[n], cert.cert_pem}), "client");
        must(client->get("/v1/ping"), "warm-up");  // connection and handshake made
        std::vector<double> ms;
        for (int i = 0; i < kRequestsPerNode; ++i) {
          auto t0 = Clock::now();
          if (request) {
            json::object body{{"id", fmt::format("R-{}-{}", n, i)},
                              {"asset", fmt::format("A-{:06}", (n * 7919 + i * 104729) % events)},
                              {"reason", "bench"}};
            must(client->post("/v1/requests", body), "request");
          } else {
            must(client->get("/v1/ping"), "ping");
          }
          ms.push_back(seconds_since(t0) * 1000);
        }
        return ms;
      }));
    std::vector<double> all;
    for (auto& r : runs) {
      auto v = r.get();
      all.insert(all.end(), v.begin(), v.end());
    }
    return all;
  };
  auto ping = measure(false);
  auto requests = measure(true);
  fmt::print("request-to-reservation, {} nodes x {} requests: median {:.2f} ms, p99 {:.2f} ms\n",
             kNodes, kRequestsPerNode, percentile(requests, 0.5), percentile(requests, 0.99));
  fmt::print("  baseline authenticated GET /v1/ping, same nodes: median {:.2f} ms, p99 {:.2f} ms\n",
             percentile(ping, 0.5), percentile(ping, 0.99));
  fmt::print("  ratio request/ping: median {:.2f}, p99 {:.2f}\n",
             percentile(requests, 0.5) / percentile(ping, 0.5),
             percentile(requests, 0.99) / percentile(ping, 0.99));

  kill(getpid(), SIGTERM);  // the server's signal_set stops it
  server.join();
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  return 0;
}
