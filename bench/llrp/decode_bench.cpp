// Tag reports decoded per second by the LLRP decoder, beside memcpy of the same bytes in the
// same run. Two shapes: many TagReportData in one RO_ACCESS_REPORT (report_every > 1), and one
// tag per RO_ACCESS_REPORT framed from a stream (report_every = 1, what most readers send).
#include <chrono>
#include <cstdio>
#include <cstring>
#include <random>

#include "drivers/llrp/internal/decoder.h"
#include "drivers/llrp/internal/frame_splitter.h"
#include "drivers/llrp/internal/protocol.h"
#include "tests/drivers/llrp/llrp_sim.h"

using namespace rfinv::drivers::llrp;
using rfinv::test::llrp::encode_report;
using rfinv::test::llrp::SimTag;
using Clock = std::chrono::steady_clock;

namespace {

std::vector<SimTag> make_tags(std::size_t n) {
  std::mt19937 rng(42);
  std::vector<SimTag> tags(n);
  for (auto& t : tags) {
    t.epc.resize(12);
    for (auto& b : t.epc) b = static_cast<std::uint8_t>(rng());
    t.antenna = static_cast<std::uint16_t>(1 + rng() % 4);
    t.rssi = static_cast<std::int8_t>(-40 - static_cast<int>(rng() % 40));
    t.first_seen = 1700000000000000 + rng() % 1000000;
    t.last_seen = t.first_seen + rng() % 1000;
    t.seen_count = static_cast<std::uint16_t>(1 + rng() % 5);
  }
  return tags;
}

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

// Copies `bytes` `rounds` times; the barrier and the sink keep the compiler from dropping it.
double memcpy_seconds(const Bytes& bytes, std::size_t rounds) {
  std::vector<std::uint8_t> dst(bytes.size());
  volatile std::uint8_t sink = 0;
  auto t0 = Clock::now();
  for (std::size_t r = 0; r < rounds; ++r) {
    std::memcpy(dst.data(), bytes.data(), bytes.size());
    asm volatile("" : : "r"(dst.data()) : "memory");  // the copy must really happen each round
    sink = sink + dst[r % dst.size()];
  }
  return seconds_since(t0);
}

void print(const char* shape, std::size_t tags, std::size_t bytes, double decode_s, double copy_s) {
  double decode_rate = static_cast<double>(tags) / decode_s;
  double copy_rate = static_cast<double>(tags) / copy_s;
  std::printf(
      "%-34s decode %6.2f M tag reports/s (%7.1f MB/s) | memcpy of the same bytes "
      "%8.2f M/s (%7.1f MB/s) | decode/memcpy = %.3f\n",
      shape, decode_rate / 1e6, static_cast<double>(bytes) / decode_s / 1e6, copy_rate / 1e6,
      static_cast<double>(bytes) / copy_s / 1e6, decode_rate / copy_rate);
}

}  // namespace

int main() {
  const std::size_t kTagsPerReport = 1000;
  const std::size_t kRounds = 5000;  // 5 million tags
  ReportContext ctx{"dock-door-1", 1700000000000000, std::nullopt};

  {  // One report of 1000 tags, decoded 5000 times.
    Bytes msg;
    encode_report(msg, 1, make_tags(kTagsPerReport));
    std::span<const std::uint8_t> body(msg.data() + kHeaderSize, msg.size() - kHeaderSize);
    TagBatch batch;
    std::size_t decoded = 0;
    auto t0 = Clock::now();
    for (std::size_t r = 0; r < kRounds; ++r) {
      batch.clear();
      if (!decode_ro_access_report(body, ctx, batch).ok()) return 1;
      decoded += batch.size();
    }
    double decode_s = seconds_since(t0);
    print("1000 tags per RO_ACCESS_REPORT:", decoded, msg.size() * kRounds, decode_s,
          memcpy_seconds(msg, kRounds));
  }
  {  // 1000 single-tag reports in one stream buffer, framed and decoded 5000 times.
    Bytes stream;
    auto tags = make_tags(kTagsPerReport);
    for (std::size_t i = 0; i < tags.size(); ++i)
      encode_report(stream, static_cast<std::uint32_t>(i), {tags[i]});
    FrameSplitter splitter;
    TagBatch batch;
    std::size_t decoded = 0;
    auto t0 = Clock::now();
    for (std::size_t r = 0; r < kRounds; ++r) {
      splitter.append(stream);
      Message m;
      for (;;) {
        auto more = splitter.next(m);
        if (!more.ok()) return 1;
        if (!*more) break;
        batch.clear();
        if (!decode_ro_access_report(m.body, ctx, batch).ok()) return 1;
        decoded += batch.size();
      }
    }
    double decode_s = seconds_since(t0);
    print("1 tag per RO_ACCESS_REPORT (framed):", decoded, stream.size() * kRounds, decode_s,
          memcpy_seconds(stream, kRounds));
  }
  return 0;
}
