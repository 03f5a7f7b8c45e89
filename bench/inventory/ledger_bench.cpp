// Ledger throughput and the cost of alert evaluation as the catalog grows.
//
//   build/bench/inventory/ledger_bench [movements]
//   build/bench/inventory/ledger_bench --callgrind ITEMS MOVEMENTS
//
// The second form only posts MOVEMENTS movements (batches of 1000) against a catalog of ITEMS
// items, then the same rows as plain inserts, for an instruction count that a busy machine
// does not disturb:
//   valgrind --tool=callgrind --toggle-collect='*post_batched*' --toggle-collect='*plain_inserts*'
//   \
//     build-rel/bench/inventory/ledger_bench --callgrind 10000 2000
//   callgrind_annotate --inclusive=yes callgrind.out.PID | grep -E 'post_batched|plain_inserts'
//
// Each figure is printed beside a baseline measured in the same run on the same machine:
// plain SQLite inserts of the same movement rows into a bare table in the same kind of file
// (WAL, synchronous=FULL), one transaction each and batched. The catalog-size figures post
// the same movements against a catalog of 10 thousand and of 1 million items.
#include <fmt/format.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "bench/scratch_dir.h"
#include "inventory/catalog/catalog.h"
#include "inventory/ledger/ledger.h"
#include "inventory/store/store.h"
#include "inventory/store/store_database.h"
#include "sync/node/node_schema.h"

using namespace rfinv;
using namespace rfinv::inventory;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::unique_ptr<Store> open_store(const std::string& path) {
  // The node schema, as the rfinv binary opens it.
  auto store = Store::open(path, sync::node_schema());
  if (!store) {
    fmt::print(stderr, "{}\n", store.error().message);
    std::exit(1);
  }
  return std::move(store.value());
}

// A catalog of `items` items (bulk-inserted in one transaction) and two bins.
void make_catalog(Store& store, std::int64_t items) {
  (void)add_location(store, {"WH", "WH", std::nullopt, std::nullopt, std::nullopt});
  (void)add_location(store, {"A", "A", std::nullopt, "WH", std::nullopt});
  (void)add_location(store, {"B", "B", std::nullopt, "WH", std::nullopt});
  auto& db = database_of(store);
  db.exec("BEGIN");
  auto st = db.prepare(
      "INSERT INTO item(sku, name, unit, safety_stock, reorder_point, reorder_qty) "
      "VALUES (?, ?, 'each', 5, 20, 50)");
  for (std::int64_t i = 0; i < items; ++i) {
    auto sku = fmt::format("SKU-{:07}", i);
    st.bind(1, sku).bind(2, sku).run();
  }
  db.exec("COMMIT");
}

// Receipts and issues that keep each item swinging across its reorder point and safety
// stock, so alerts are raised and cleared all the time.
std::vector<MovementRequest> workload(std::int64_t items, std::size_t count, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<MovementRequest> out;
  std::vector<std::int64_t> touched;
  for (std::size_t i = 0; i < count; ++i) {
    std::int64_t item = std::int64_t(rng() % std::uint64_t(std::min<std::int64_t>(items, 5000)));
    auto sku = fmt::format("SKU-{:07}", item * (items / std::min<std::int64_t>(items, 5000)));
    MovementRequest r;
    r.sku = sku;
    r.actor = "bench";
    r.qty = 15;
    if (i % 2 == 0) {
      r.kind = MovementKind::receive;
      r.to = "A";
    } else {
      r.kind = MovementKind::issue;
      r.from = "A";
    }
    // Issue what the matching receipt brought, so stock stays valid: pairs of the same item.
    if (i % 2 == 1) r.sku = out.back().sku;
    out.push_back(std::move(r));
  }
  return out;
}

double post_each(Store& store, const std::vector<MovementRequest>& work) {
  auto start = Clock::now();
  for (const auto& r : work) {
    if (!post_movement(store, r)) {
      fmt::print(stderr, "movement failed\n");
      std::exit(1);
    }
  }
  return seconds_since(start);
}

[[gnu::noinline]] double post_batched(Store& store, const std::vector<MovementRequest>& work,
                                      std::size_t batch) {
  auto start = Clock::now();
  for (std::size_t i = 0; i < work.size(); i += batch) {
    auto n = std::min(batch, work.size() - i);
    if (!post_movements(store, std::span(work).subspan(i, n))) std::exit(1);
  }
  return seconds_since(start);
}

// The baseline: the same rows into a bare table of the same shape, nothing else.
[[gnu::noinline]] double plain_inserts(Store& store, const std::vector<MovementRequest>& work,
                                       std::size_t batch) {
  auto& db = database_of(store);
  db.exec(
      "CREATE TABLE IF NOT EXISTS plain(id INTEGER PRIMARY KEY, kind TEXT, sku TEXT, qty INTEGER, "
      "from_loc TEXT, to_loc TEXT, actor TEXT, at INTEGER)");
  auto start = Clock::now();
  for (std::size_t i = 0; i < work.size(); i += batch) {
    db.exec("BEGIN IMMEDIATE");
    for (std::size_t j = i; j < std::min(work.size(), i + batch); ++j) {
      const auto& r = work[j];
      db.prepare(
            "INSERT INTO plain(kind, sku, qty, from_loc, to_loc, actor, at) "
            "VALUES (?,?,?,?,?,?,?)")
          .bind(1, to_string(r.kind))
          .bind(2, r.sku)
          .bind(3, r.qty)
          .bind(4, r.from)
          .bind(5, r.to)
          .bind(6, r.actor)
          .bind(7, now_micros())
          .run();
    }
    db.exec("COMMIT");
  }
  return seconds_since(start);
}

void row(const char* what, std::size_t n, double ours, double base, const char* base_name) {
  fmt::print("{:<44} {:>10.0f}/s   {:<26} {:>10.0f}/s   ratio {:.2f}\n", what, double(n) / ours,
             base_name, double(n) / base, base / ours);
}

// The --callgrind form: one catalog, one batched run and its plain baseline.
int callgrind_run(std::int64_t items, std::size_t n) {
  bench::ScratchDir scratch;
  auto store = open_store(scratch.file("callgrind.db"));
  make_catalog(*store, items);
  auto work = workload(items, n, 3);
  double t = post_batched(*store, work, 1000);
  double plain = plain_inserts(*store, work, 1000);
  fmt::print("{} items: {} movements in {:.3f} s, plain inserts {:.3f} s\n", items, n, t, plain);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 4 && std::string_view(argv[1]) == "--callgrind")
    return callgrind_run(std::atol(argv[2]), std::size_t(std::atol(argv[3])));
  std::size_t n = argc > 1 ? std::size_t(std::atol(argv[1])) : 2000;
  bench::ScratchDir scratch;
  fmt::print("ledger_bench: {} movements per figure (synchronous=FULL, WAL)\n\n", n);
  {
    auto store = open_store(scratch.file("small.db"));
    make_catalog(*store, 1000);
    auto work = workload(1000, n, 1);
    double each = post_each(*store, work);
    double plain_each = plain_inserts(*store, work, 1);
    row("movement, one transaction each", n, each, plain_each, "plain insert, one tx each");
    auto work2 = workload(1000, n * 10, 2);
    double batched = post_batched(*store, work2, 1000);
    double plain_batched = plain_inserts(*store, work2, 1000);
    row("movement, batches of 1000", n * 10, batched, plain_batched, "plain insert, batches 1000");
  }
  fmt::print("\nAlert evaluation against the catalog size (batches of 1000, same workload):\n");
  double per_small = 0;
  for (std::int64_t items : {10'000, 1'000'000}) {
    auto store = open_store(scratch.file(fmt::format("catalog-{}.db", items)));
    auto build = Clock::now();
    make_catalog(*store, items);
    double built = seconds_since(build);
    auto work = workload(items, n * 10, 3);
    double t = post_batched(*store, work, 1000);
    double per = t / double(work.size()) * 1e6;
    if (items == 10'000) per_small = per;
    fmt::print(
        "  {:>9} items (catalog built in {:.1f} s): {:7.2f} us per movement with alert "
        "evaluation; ratio to 10k: {:.2f}\n",
        items, built, per, per / per_small);
  }
  return 0;
}
