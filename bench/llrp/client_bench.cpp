// Reads per second from the loopback LLRP reader simulator through the real client (framing,
// decoding, one handler call per RO_ACCESS_REPORT), beside a plain socket read loop that
// receives the same byte stream from the same simulator in the same run.
#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <thread>

#include "drivers/reader.h"
#include "tests/drivers/llrp/llrp_sim.h"

using namespace rfinv;
using namespace rfinv::drivers;
using namespace rfinv::test::llrp;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

namespace {

std::shared_ptr<const Bytes> make_stream(std::size_t reports, std::size_t tags_per_report) {
  std::mt19937 rng(7);
  auto out = std::make_shared<Bytes>();
  for (std::size_t r = 0; r < reports; ++r) {
    std::vector<SimTag> tags(tags_per_report);
    for (auto& t : tags) {
      t.epc.resize(12);
      for (auto& b : t.epc) b = static_cast<std::uint8_t>(rng());
      t.antenna = static_cast<std::uint16_t>(1 + rng() % 4);
      t.first_seen = t.last_seen = 1700000000000000 + r;
    }
    encode_report(*out, static_cast<std::uint32_t>(r), tags);
  }
  return out;
}

// Seconds for the client to deliver `total` reads after the simulator starts streaming.
double client_seconds(const std::shared_ptr<const Bytes>& chunk, std::size_t times,
                      std::size_t total) {
  LlrpSim sim;
  boost::asio::io_context io;
  auto r = open_reader(io, "bench", "llrp://127.0.0.1:" + std::to_string(sim.port()));
  if (!r.ok()) return -1;
  auto reader = std::move(*r);
  std::atomic<bool> online{false};
  std::atomic<std::size_t> reads{0};
  Clock::time_point done;
  reader->start(
      [&](std::span<const TagRead> batch) {
        if (reads.fetch_add(batch.size()) + batch.size() == total) done = Clock::now();
      },
      [&](const StateChange& c) {
        if (c.state == ReaderState::online) online = true;
      });
  std::thread runner([&] { io.run(); });
  auto deadline = Clock::now() + 10s;
  while (!online && Clock::now() < deadline) std::this_thread::sleep_for(1ms);
  auto t0 = Clock::now();
  sim.stream(chunk, times);
  deadline = Clock::now() + 120s;
  while (reads < total && Clock::now() < deadline) std::this_thread::sleep_for(1ms);
  double s = reads == total ? std::chrono::duration<double>(done - t0).count() : -1;
  reader->stop();
  deadline = Clock::now() + 5s;
  while (!io.stopped() && Clock::now() < deadline) std::this_thread::sleep_for(1ms);
  io.stop();
  runner.join();
  return s;
}

// Seconds for a plain blocking socket read loop to receive the same bytes.
double raw_seconds(const std::shared_ptr<const Bytes>& chunk, std::size_t times) {
  LlrpSim sim;
  boost::asio::io_context io;
  boost::asio::ip::tcp::socket s(io);
  s.connect({boost::asio::ip::make_address("127.0.0.1"), sim.port()});
  std::vector<std::uint8_t> buf(64 * 1024);
  // The connection event arrives first; then the stream is started.
  std::size_t event = 0;
  boost::system::error_code ec;
  event += s.read_some(boost::asio::buffer(buf), ec);
  if (ec) return -1;
  auto t0 = Clock::now();
  sim.stream(chunk, times);
  std::size_t want = chunk->size() * times, got = 0;
  while (got < want) {
    got += s.read_some(boost::asio::buffer(buf), ec);
    if (ec) return -1;
  }
  (void)event;
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

void run(const char* shape, std::size_t reports, std::size_t tags_per_report, std::size_t times) {
  auto chunk = make_stream(reports, tags_per_report);
  std::size_t total = reports * tags_per_report * times;
  double client_s = client_seconds(chunk, times, total);
  double raw_s = raw_seconds(chunk, times);
  if (client_s <= 0 || raw_s <= 0) {
    std::printf("%s: run failed\n", shape);
    return;
  }
  double bytes = static_cast<double>(chunk->size() * times);
  double client_rate = static_cast<double>(total) / client_s;
  double raw_rate = static_cast<double>(total) / raw_s;  // reads/s the raw byte rate carries
  std::printf(
      "%-28s client %7.0f k reads/s (%6.1f MB/s) | plain socket read loop %7.1f MB/s "
      "(= %7.0f k reads/s) | client/raw = %.3f\n",
      shape, client_rate / 1e3, bytes / client_s / 1e6, bytes / raw_s / 1e6, raw_rate / 1e3,
      client_rate / raw_rate);
}

}  // namespace

int main() {
  run("1 tag per report:", 1000, 1, 2000);     // 2 million reads
  run("100 tags per report:", 10, 100, 2000);  // 2 million reads
  return 0;
}
