// Simulated reads per second at ?speed=max, the rate the read-pipeline benchmark can be fed
// at: straight from the generator, and through open_reader on an io_context (what rfinv run
// does). The baseline, measured in the same run, copies the same number of ready-made
// TagReads in batches of the same size: the least any producer of TagRead values must do.
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "drivers/reader.h"
#include "drivers/sim/internal/read_generator.h"
#include "drivers/sim/internal/scenario.h"

using namespace rfinv;
using namespace rfinv::drivers;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kTags = 100'000;
constexpr int kReadsPerTag = 50;  // 10 a second for 5 s, no misses

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

std::string scenario_text(double miss_rate) {
  return fmt::format(R"({{
    "start": "2026-11-23T08:00:00Z",
    "antennas": [{{"id": 1, "read_rate": 10, "miss_rate": {}, "rssi_noise": 3}}],
    "tags": [{{"group": "g", "sgtin96": {{"company_prefix": "0614141",
               "item_reference": "812345", "count": {}}}}}],
    "passes": [{{"tags": "g", "antenna": 1, "at": 0, "duration": 5, "stagger": 0.00001}}]}})",
                     miss_rate, kTags);
}

// Copies `total` TagReads in batches of `batch` from a ready-made batch.
double copy_seconds(std::size_t total, std::size_t batch) {
  std::vector<TagRead> source(batch);
  for (std::size_t i = 0; i < batch; ++i) {
    source[i].reader = "bench";
    source[i].antenna = 1;
    source[i].epc.assign(12, static_cast<std::uint8_t>(i));
    source[i].epc_bits = 96;
    source[i].rssi_dbm = -50.0f;
    source[i].first_seen = source[i].last_seen = 1'800'000'000'000'000 + Micros(i);
  }
  std::vector<TagRead> out;
  auto t0 = Clock::now();
  for (std::size_t done = 0; done < total; done += batch) {
    out.clear();
    out.insert(out.end(), source.begin(), source.end());
    asm volatile("" : : "r"(out.data()) : "memory");
  }
  return seconds_since(t0);
}

void print(const char* what, std::size_t reads, double seconds, double copy_s) {
  double rate = double(reads) / seconds, copy_rate = double(reads) / copy_s;
  std::printf("%-44s %7.2f M reads/s | copying as many TagReads %7.2f M/s | ratio %.3f\n", what,
              rate / 1e6, copy_rate / 1e6, rate / copy_rate);
}

}  // namespace

int main() {
  auto scenario = sim::parse_scenario(scenario_text(0));
  if (!scenario) {
    std::fprintf(stderr, "%s\n", scenario.error().message.c_str());
    return 1;
  }
  std::printf("%d tags x %d reads each, report interval %.0f ms\n", kTags, kReadsPerTag,
              double(scenario->report_interval) / 1000);

  {
    sim::ReadGenerator generator(*scenario, 1, "bench", 0);
    std::vector<TagRead> batch;
    std::size_t reads = 0, largest = 0;
    auto t0 = Clock::now();
    while (true) {
      batch.clear();
      if (!generator.next_interval(batch)) break;
      reads += batch.size();
      largest = std::max(largest, batch.size());
    }
    double s = seconds_since(t0);
    print("generator (no misses)", reads, s, copy_seconds(reads, largest));
  }

  auto path = std::filesystem::temp_directory_path() / "rfinv-sim-bench.json";
  for (double miss : {0.0, 0.3}) {
    std::ofstream(path) << scenario_text(miss);
    boost::asio::io_context io;
    auto reader = open_reader(io, "bench", "sim://" + path.string() + "?speed=max");
    if (!reader) {
      std::fprintf(stderr, "%s\n", reader.error().message.c_str());
      return 1;
    }
    std::size_t reads = 0, batches = 0;
    (*reader)->start(
        [&](std::span<const TagRead> batch) {
          reads += batch.size();
          ++batches;
        },
        [](const StateChange&) {});
    auto t0 = Clock::now();
    io.run();
    double s = seconds_since(t0);
    std::string what = fmt::format("open_reader sim ?speed=max, miss_rate {}", miss);
    print(what.c_str(), reads, s, copy_seconds(reads, reads / std::max<std::size_t>(batches, 1)));
  }
  std::filesystem::remove(path);
  return 0;
}
