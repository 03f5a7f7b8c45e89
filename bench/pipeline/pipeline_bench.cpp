// The read pipeline at full speed.
//
//   build/bench/pipeline/pipeline_bench [tags] [reads_per_tag]
//
// 1. Raw reads per second from the simulator (speed=max) through smoothing and business
//    events into the SQLite ledger, beside the simulator alone, and beside plain SQLite inserts
//    of the resulting movement rows in the same run.
// 2. Read-to-commit latency: how long each batch of reads takes from delivery to its committed
//    transaction (median, 99th percentile, worst).
// 3. Memory per tracked tag with a million distinct tags in view (smoothing state only).
#include <fmt/format.h>
#include <malloc.h>

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>

#include "bench/scratch_dir.h"
#include "drivers/reader.h"
#include "inventory/catalog/catalog.h"
#include "inventory/pipeline/internal/smoother.h"
#include "inventory/pipeline/pipeline.h"
#include "inventory/pipeline/readers.h"
#include "inventory/pipeline/readpoints.h"
#include "inventory/store/store_database.h"
#include "sync/node/node_schema.h"

using namespace rfinv;
using namespace rfinv::inventory;
using Clock = std::chrono::steady_clock;

namespace {

double since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

template <class T>
T need(Result<T> r) {
  if (!r) {
    fmt::print(stderr, "{}\n", r.error().message);
    std::exit(1);
  }
  return std::move(r.value());
}
void need(Status s) {
  if (!s) {
    fmt::print(stderr, "{}\n", s.error().message);
    std::exit(1);
  }
}

// `tags` cases pass one dock-in antenna, each read `reads` times on average.
std::string scenario(int tags, int reads) {
  double duration = 2.0;
  return fmt::format(R"({{"start": "2026-11-23T08:00:00Z", "seed": 1, "report_interval": 0.05,
    "antennas": [{{"id": 1, "read_rate": {}, "miss_rate": 0.1, "rssi_mean": -50}}],
    "tags": [{{"group": "cases", "sgtin96": {{"company_prefix": "0614141",
              "item_reference": "812345", "serial": 1, "count": {}}}}}],
    "passes": [{{"tags": "cases", "antenna": 1, "at": 0, "duration": {}, "stagger": {}}}]}})",
                     reads / duration / 0.9, tags, duration, 60.0 / tags);
}

struct Played {
  std::size_t reads = 0;
  double seconds = 0;
  std::vector<double> batch_ms;  // delivery to commit, per batch
};

// Plays the reader to its end; with a pipeline, every batch goes through it.
Played play(const std::string& uri, Pipeline* pipeline) {
  boost::asio::io_context io;
  auto reader = need(drivers::open_reader(io, "dock", uri));
  Played out;
  auto start = Clock::now();
  reader->start(
      [&](std::span<const drivers::TagRead> batch) {
        out.reads += batch.size();
        if (!pipeline) return;
        auto t = Clock::now();
        need(pipeline->ingest(batch));
        out.batch_ms.push_back(since(t) * 1e3);
      },
      [&](const drivers::StateChange& c) {
        if (c.state == drivers::ReaderState::stopped) io.stop();
      });
  io.run();
  out.seconds = since(start);
  return out;
}

double plain_inserts(Store& store, std::size_t rows) {
  auto& db = database_of(store);
  db.exec(
      "CREATE TABLE plain(id INTEGER PRIMARY KEY, kind TEXT, item INTEGER, qty INTEGER, "
      "location INTEGER, actor TEXT, at INTEGER, key TEXT UNIQUE)");
  auto start = Clock::now();
  db.exec("BEGIN IMMEDIATE");
  for (std::size_t i = 0; i < rows; ++i)
    db.prepare(
          "INSERT INTO plain(kind, item, qty, location, actor, at, key) VALUES "
          "('receive', 1, 1, 1, 'reader:dock', ?, ?)")
        .bind(1, std::int64_t(i))
        .bind(2, fmt::format("rp1:{:024X}:{}:move", i, i))
        .run();
  db.exec("COMMIT");
  return since(start);
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, std::size_t(p * double(v.size())))];
}

void memory_per_tag(std::size_t tags) {
  pipeline::Smoother smoother;
  std::vector<Smoothing> settings{Smoothing{}};
  std::vector<pipeline::Presence> out;
  drivers::TagRead read;
  read.reader = "dock";
  read.antenna = 1;
  read.rssi_dbm = -50;
  auto heap_now = [] {
    auto m = mallinfo2();
    return m.uordblks + m.hblkhd;
  };  // small + mmapped
  auto before = heap_now();
  for (std::size_t i = 0; i < tags; ++i) {
    read.epc.assign(12, 0);
    for (int b = 0; b < 8; ++b) read.epc[11 - std::size_t(b)] = std::uint8_t(i >> (8 * b));
    read.first_seen = read.last_seen = Micros(i);
    for (int r = 0; r < 2; ++r) smoother.on_read(0, settings[0], read, out);
    out.clear();
  }
  auto after = heap_now();
  double heap = double(after - before) / double(tags);
  fmt::print(
      "memory: {} distinct tags in view: {:.0f} bytes per tag on the heap "
      "(table {:.0f} bytes per tag; goal 128; a TagRead alone is {} bytes)\n",
      smoother.tracked(), heap, double(smoother.memory_bytes()) / double(tags),
      sizeof(drivers::TagRead));
}

}  // namespace

int main(int argc, char** argv) {
  int tags = argc > 1 ? std::atoi(argv[1]) : 20000;
  int reads = argc > 2 ? std::atoi(argv[2]) : 50;
  bench::ScratchDir scratch;
  std::ofstream(scratch.file("pass.json")) << scenario(tags, reads);
  std::string uri = "sim://" + scratch.file("pass.json") + "?speed=max";

  auto store = need(Store::open(scratch.file("bench.db"), sync::node_schema()));
  need(add_location(*store, {"DOCK", "DOCK", {}, {}, {}}));
  ItemFields f;
  f.name = "Case";
  f.gtin = "80614141123458";
  need(add_item(*store, "CASE", f));
  need(add_reader(*store, "dock", uri, 0));
  NewReadPoint rp;
  rp.reader = "dock";
  rp.antenna = 1;
  rp.location = "DOCK";
  rp.role = ReadPointRole::dock_in;
  need(add_read_point(*store, rp));

  auto alone = play(uri, nullptr);
  auto pipeline = need(Pipeline::open(*store));
  auto through = play(uri, pipeline.get());
  const auto& s = pipeline->stats();
  auto plain_store = need(Store::open(scratch.file("plain.db"), sync::node_schema()));
  double plain = plain_inserts(*plain_store, s.movements);

  fmt::print("pipeline_bench: {} tags, {} reads ({:.0f} per tag), {} receipts\n\n", tags,
             through.reads, double(through.reads) / tags, s.movements);
  fmt::print("{:<52} {:>12.0f} reads/s\n", "simulator alone (speed=max)",
             double(alone.reads) / alone.seconds);
  fmt::print("{:<52} {:>12.0f} reads/s   ratio to simulator alone {:.2f}\n",
             "simulator -> smoothing -> events -> ledger", double(through.reads) / through.seconds,
             alone.seconds / through.seconds);
  fmt::print("{:<52} {:>12.0f} rows/s\n", "plain SQLite inserts of the movement rows (one tx)",
             double(s.movements) / plain);
  fmt::print("{:<52} {:>12.0f} movements/s   ratio to plain inserts {:.3f}\n",
             "movements committed by the pipeline", double(s.movements) / through.seconds,
             plain / through.seconds);
  fmt::print(
      "read -> committed movement, per batch: median {:.2f} ms, p99 {:.2f} ms, worst "
      "{:.2f} ms ({} batches; goal 100 ms)\n\n",
      percentile(through.batch_ms, 0.5), percentile(through.batch_ms, 0.99),
      percentile(through.batch_ms, 1.0), through.batch_ms.size());
  memory_per_tag(1'000'000);
  return 0;
}
