// The web app under a large node database: API latency beside a static file, and the bytes a
// browser fetches for the dashboard.
//
//   build-rel/bench/web/web_bench [items] [movements]      (default 100000 1000000)
//
// Setup: a node database with `items` items (imported from CSV through the catalog's import)
// and `movements` movements (through the ledger's batch path, 1000 per transaction), one user
// added with the real binary, then the real `rfinv run --web 127.0.0.1:PORT` (no readers: it
// serves until SIGTERM). 20 sessions log in over HTTP; each runs on its own thread with its own
// keep-alive connection, and per endpoint each session sends a bounded number of requests,
// stopping early when the endpoint's time budget is spent. The static file is measured in the
// same run, before the API endpoints and after them; the ratio is p99(api) / p99(static).
#include <fmt/format.h>
#include <signal.h>
#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <thread>
#include <vector>

#include "base/subprocess.h"
#include "bench/scratch_dir.h"
#include "bench/web/http_client.h"
#include "bench/web/page_bytes.h"
#include "inventory/catalog/catalog.h"
#include "inventory/ledger/ledger.h"
#include "inventory/store/store.h"
#include "inventory/store/store_database.h"
#include "sync/node/node_schema.h"

using namespace rfinv;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kSessions = 20;
constexpr const char* kBins[] = {"A", "B", "C", "D"};
constexpr const char* kWords[] = {"gauze swab", "syringe", "glove nitrile", "catheter", "bandage",
                                  "mask",       "cannula", "suture",        "dressing", "tube"};
// Matches "syringe 1231" and "syringe 12301".."syringe 12391" among 100,000 items.
constexpr const char* kSearch = "syringe%20123";

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::string sku_of(std::int64_t i) { return fmt::format("SKU-{:06}", i); }

// An EAN-13 per item: "40" + nine digits of the item number + the GS1 check digit.
std::string gtin_of(std::int64_t i) {
  auto digits = fmt::format("40{:010}", i);
  int sum = 0;
  for (std::size_t k = 0; k < digits.size(); ++k)
    sum += (digits[digits.size() - 1 - k] - '0') * (k % 2 == 0 ? 3 : 1);
  return digits + char('0' + (10 - sum % 10) % 10);
}

// Items with a GTIN, a reorder point of 10 and safety stock of 5, across ten kinds of supply.
void import_items(inventory::Store& store, const std::string& csv, std::int64_t items) {
  {
    std::ofstream out(csv);
    out << "sku,name,unit,gtin,supplier,safety,reorder_point,reorder_qty,lead_days\n";
    for (std::int64_t i = 0; i < items; ++i)
      out << sku_of(i) << ',' << kWords[i % 10] << ' ' << i << ",each," << gtin_of(i)
          << ",Supplier " << i % 50 << ",5,10,100,7\n";
  }
  auto n = inventory::import_items_csv(store, csv);
  if (!n || std::int64_t(*n) != items) {
    fmt::print(stderr, "web_bench: item import failed: {}\n",
               n ? "short count" : n.error().message);
    std::exit(1);
  }
}

// Ten rounds over every item at its bin: a receipt of 100, then issues and receipts of 10;
// every hundredth item ends with a large issue at 5 on hand (an open safety alert), the
// others at 90. Rounds interleave the items as a day's traffic would.
void post_movements(inventory::Store& store, std::int64_t items, std::int64_t movements) {
  std::int64_t rounds = std::max<std::int64_t>(1, movements / items);
  std::vector<inventory::MovementRequest> batch;
  auto flush = [&] {
    auto done = inventory::post_movements(store, batch);
    if (!done) {
      fmt::print(stderr, "web_bench: batch failed: {}\n", done.error().message);
      std::exit(1);
    }
    for (auto& r : *done)
      if (!r) {
        fmt::print(stderr, "web_bench: movement refused: {}\n", r.error().message);
        std::exit(1);
      }
    batch.clear();
  };
  for (std::int64_t round = 0; round < rounds; ++round)
    for (std::int64_t i = 0; i < items; ++i) {
      inventory::MovementRequest r;
      r.sku = sku_of(i);
      r.actor = "bench";
      bool issue = round % 2 == 1;
      r.kind = issue ? inventory::MovementKind::issue : inventory::MovementKind::receive;
      (issue ? r.from : r.to) = kBins[i % 4];
      r.qty = round == 0 ? 100 : 10;
      if (round == rounds - 1 && issue && i % 100 == 0) r.qty = 95;
      batch.push_back(std::move(r));
      if (batch.size() == 1000) flush();
    }
  if (!batch.empty()) flush();
}

void build_database(const std::string& db, const std::string& csv, std::int64_t items,
                    std::int64_t movements) {
  auto store = inventory::Store::open(db, sync::node_schema());
  if (!store) {
    fmt::print(stderr, "web_bench: {}\n", store.error().message);
    std::exit(1);
  }
  (void)inventory::add_location(**store, {"WH", "Warehouse", std::nullopt, std::nullopt, {}});
  for (const char* bin : kBins)
    (void)inventory::add_location(**store, {bin, bin, std::nullopt, "WH", std::nullopt});
  // Joined to a hub that is offline, as a ward's node often is: the dashboard's pool parts
  // answer 404 on a node that never joined one.
  inventory::database_of(**store).exec(
      "INSERT INTO sync_settings(id, hub_url, dept, token) "
      "VALUES (1, 'https://127.0.0.1:1', 'WARD', 'offline')");
  auto start = Clock::now();
  import_items(**store, csv, items);
  fmt::print("  {} items imported from CSV in {:.1f} s\n", items, seconds_since(start));
  start = Clock::now();
  post_movements(**store, items, movements);
  fmt::print("  {} movements posted in batches of 1000 in {:.1f} s\n", movements,
             seconds_since(start));
}

std::uint16_t free_port() {
  boost::asio::io_context ioc;
  boost::asio::ip::tcp::acceptor acceptor(ioc, {boost::asio::ip::make_address("127.0.0.1"), 0});
  return acceptor.local_endpoint().port();
}

// rfinv with `args`, its stdout and stderr into `log_file`; exits the benchmark when it cannot
// start.
Subprocess run_rfinv(std::vector<std::string> args, const std::string& log_file) {
  SpawnOptions options;
  options.argv = {RFINV_BINARY};
  options.argv.insert(options.argv.end(), args.begin(), args.end());
  options.output_file = log_file;
  auto child = Subprocess::spawn(options);
  if (!child) {
    fmt::print(stderr, "web_bench: cannot start rfinv: {}\n", child.error().message);
    std::exit(1);
  }
  return std::move(*child);
}

bool wait_until_serving(std::uint16_t port) {
  auto start = Clock::now();
  while (seconds_since(start) < 60) {
    try {
      bench::HttpClient probe(port);
      if (probe.get("/index.html").status == 200) return true;
    } catch (const std::exception&) {
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  fmt::print(stderr, "web_bench: the server did not answer within 60 s\n");
  return false;
}

// "rfinv_session=VALUE" from a Set-Cookie header.
std::string cookie_pair(const std::string& set_cookie) {
  return set_cookie.substr(0, set_cookie.find(';'));
}

struct Figures {
  std::string what;
  std::size_t requests = 0, failed = 0, bytes = 0;
  double p50_ms = 0, p99_ms = 0, wall_s = 0;
};

// Every session sends up to `per_session` GETs of `target`, none started after `budget_s`.
Figures measure(const std::string& what, const std::string& target, std::uint16_t port,
                const std::vector<std::string>& cookies, int per_session, double budget_s) {
  std::vector<std::vector<double>> latencies(cookies.size());
  std::atomic<std::size_t> failed{0}, bytes{0};
  auto start = Clock::now();
  std::vector<std::thread> threads;
  for (std::size_t s = 0; s < cookies.size(); ++s)
    threads.emplace_back([&, s] {
      bench::HttpClient client(port);
      for (int i = 0; i < per_session && seconds_since(start) < budget_s; ++i) {
        auto sent = Clock::now();
        try {
          auto reply = client.get(target, cookies[s]);
          latencies[s].push_back(seconds_since(sent) * 1e3);
          if (reply.status != 200) ++failed;
          bytes = reply.body.size();
        } catch (const std::exception&) {
          ++failed;  // the server is gone: this session stops
          return;
        }
      }
    });
  for (auto& t : threads) t.join();
  Figures f{what};
  f.wall_s = seconds_since(start);
  std::vector<double> all;
  for (auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
  std::sort(all.begin(), all.end());
  f.requests = all.size();
  f.failed = failed;
  f.bytes = bytes;
  if (!all.empty()) {
    f.p50_ms = all[all.size() / 2];
    f.p99_ms = all[std::min(all.size() - 1, std::size_t(double(all.size()) * 0.99))];
  }
  return f;
}

void print_row(const Figures& f, double static_p99) {
  fmt::print("{:<34} {:>6} {:>6} {:>10.2f} {:>10.2f} {:>9.1f} {:>11} {:>9.1f}\n", f.what,
             f.requests, f.failed, f.p50_ms, f.p99_ms, double(f.requests) / f.wall_s, f.bytes,
             f.p99_ms / static_p99);
}

}  // namespace

int main(int argc, char** argv) {
  std::int64_t items = argc > 1 ? std::atoll(argv[1]) : 100'000;
  std::int64_t movements = argc > 2 ? std::atoll(argv[2]) : 1'000'000;
  bench::ScratchDir scratch;
  auto db = scratch.file("node.db");
  auto log = scratch.file("rfinv.log");
  fmt::print("web_bench: {} items, {} movements, {} sessions\n", items, movements, kSessions);

  auto setup = Clock::now();
  build_database(db, scratch.file("items.csv"), items, movements);
  std::ofstream(scratch.file("password")) << "bench-password-1\n";
  auto added = run_rfinv({"--db", db, "user", "add", "bench", "--role", "storekeeper",
                          "--password-file", scratch.file("password")},
                         scratch.file("user-add.log"))
                   .finish("", std::chrono::seconds(60));
  if (added.timed_out || added.status.code != 0) {
    fmt::print(stderr, "web_bench: rfinv user add failed ({})\n", added.status.describe());
    return 1;
  }
  auto port = free_port();
  // The destructor kills the server (SIGKILL) on every early return.
  auto server = run_rfinv({"--db", db, "run", "--web", fmt::format("127.0.0.1:{}", port)}, log);
  if (!wait_until_serving(port)) return 1;
  fmt::print("  database built and server answering in {:.1f} s\n", seconds_since(setup));

  auto login = Clock::now();
  std::vector<std::string> cookies;
  bench::HttpClient client(port);
  for (int i = 0; i < kSessions; ++i) {
    auto reply = client.request(boost::beast::http::verb::post, "/api/v1/session", {},
                                R"({"user":"bench","password":"bench-password-1"})");
    if (reply.status != 200) {
      fmt::print(stderr, "web_bench: login refused ({}): {}\n", reply.status, reply.body);
      return 1;
    }
    cookies.push_back(cookie_pair(reply.set_cookie));
  }
  fmt::print("  {} sessions logged in one after another in {:.1f} s\n\n", kSessions,
             seconds_since(login));

  std::vector<Figures> rows;
  rows.push_back(measure("static GET /js/app.js (before)", "/js/app.js", port, cookies, 50, 60));
  rows.push_back(measure("GET /api/v1/dashboard", "/api/v1/dashboard", port, cookies, 5, 120));
  rows.push_back(measure(fmt::format("GET /api/v1/items?q={}", kSearch),
                         fmt::format("/api/v1/items?q={}", kSearch), port, cookies, 5, 120));
  auto lookup = fmt::format("/api/v1/lookup?code={}", gtin_of(items * 54321 / 100'000));
  rows.push_back(measure("GET /api/v1/lookup?code=GTIN", lookup, port, cookies, 5, 120));
  rows.push_back(measure("GET /api/v1/stock", "/api/v1/stock", port, cookies, 2, 120));
  rows.push_back(measure("static GET /js/app.js (after)", "/js/app.js", port, cookies, 50, 60));
  double static_p99 = std::max(rows.front().p99_ms, rows.back().p99_ms);

  fmt::print("{:<34} {:>6} {:>6} {:>10} {:>10} {:>9} {:>11} {:>9}\n", "request", "sent", "non200",
             "p50 ms", "p99 ms", "req/s", "body bytes", "p99/stat");
  for (const auto& f : rows) print_row(f, static_p99);
  fmt::print("(p99/stat: against the worse of the two static p99s, {:.2f} ms)\n\n", static_p99);

  std::size_t total = 0, vendor = 0;
  auto files = bench::page_closure(client, "/index.html", cookies.front());
  // Fetched by i18n.js at start, and the dashboard's own API calls.
  for (const char* runtime : {"/i18n/en.json", "/api/v1/session", "/api/v1/dashboard"}) {
    auto reply = client.get(runtime, cookies.front());
    files.push_back({runtime, reply.body.size(), reply.status});
  }
  fmt::print("The dashboard in a browser (bodies, uncompressed):\n");
  for (const auto& f : files) {
    fmt::print("  {:<44} {:>9} bytes{}\n", f.path, f.bytes,
               f.status == 200 ? "" : fmt::format("  (status {})", f.status));
    total += f.bytes;
    if (f.path.starts_with("/vendor/")) vendor += f.bytes;
  }
  fmt::print("  {} requests, {} bytes in all, of which {} from /vendor/\n", files.size(), total,
             vendor);

  server.signal(SIGTERM);
  server.wait(std::chrono::seconds(60));
  return 0;
}
