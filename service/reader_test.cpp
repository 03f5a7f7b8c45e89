#include "service/reader_test.h"

#include <fmt/format.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <csignal>

namespace rfinv::service {
namespace {

namespace asio = boost::asio;

// How long a reader may take to report `stopped` after stop() before we give up on it.
constexpr auto kStopGrace = std::chrono::seconds(5);

std::string epc_hex(const drivers::EpcBytes& epc) {
  std::string out;
  out.reserve(epc.size() * 2);
  for (auto b : epc) fmt::format_to(std::back_inserter(out), "{:02X}", b);
  return out;
}

}  // namespace

void ReadStats::add(const drivers::TagRead& read, const std::string& epc) {
  auto& a = antennas[read.antenna];
  a.reads += read.seen_count;
  a.tags.insert(epc);
  tags.insert(epc);
  reads += read.seen_count;
  first = std::min(first.value_or(read.first_seen), read.first_seen);
  last = std::max(last.value_or(read.last_seen), read.last_seen);
}

std::optional<double> ReadStats::rate() const {
  if (seconds() < 0.001) return std::nullopt;
  return double(reads) / seconds();
}

Result<ReadStats> test_reader(Node& node, const std::string& name,
                              std::optional<std::chrono::microseconds> run_for,
                              ReaderTestObserver& observer) {
  auto record = node.get_reader(name);
  if (!record) return record.error();
  asio::io_context io;
  auto reader = drivers::open_reader(io, name, record->uri);
  if (!reader) return reader.error();

  ReadStats stats;
  bool stop_requested = false;
  bool stopped = false;
  asio::signal_set signals(io, SIGINT, SIGTERM);
  asio::steady_timer deadline(io);
  asio::steady_timer grace(io);
  auto request_stop = [&] {
    if (stop_requested || stopped) return;
    stop_requested = true;
    // A reader that never reports `stopped` must not hang the test. Armed before stop(),
    // which may report `stopped` (and so cancel it) before returning.
    grace.expires_after(kStopGrace);
    grace.async_wait([&](const boost::system::error_code& ec) {
      if (ec) return;
      observer.on_problem(
          fmt::format("reader {} did not stop within {} s", name, kStopGrace.count()));
      io.stop();
    });
    (*reader)->stop();
  };
  signals.async_wait([&](const boost::system::error_code& ec, int) {
    if (!ec) request_stop();
  });
  if (run_for) {
    deadline.expires_after(*run_for);
    deadline.async_wait([&](const boost::system::error_code& ec) {
      if (!ec) request_stop();
    });
  }

  std::string epc;
  (*reader)->start(
      [&](std::span<const drivers::TagRead> batch) {
        for (const drivers::TagRead& read : batch) {
          epc = epc_hex(read.epc);
          stats.add(read, epc);
          observer.on_read(read, epc);
        }
      },
      [&](const drivers::StateChange& change) {
        observer.on_state(change);
        if (change.state == drivers::ReaderState::online) stats.came_online = true;
        if (change.state == drivers::ReaderState::lost) stats.last_reason = change.reason;
        // `reader list` shows the last state seen by whoever ran the reader last.
        auto recorded = node.record_reader_state(
            name, std::string(drivers::to_string(change.state)), change.reason);
        if (!recorded) observer.on_problem(recorded.error().message);
        if (change.state == drivers::ReaderState::stopped) {
          stopped = true;
          signals.cancel();
          deadline.cancel();
          grace.cancel();
        }
      });
  io.run();
  if (!stopped) observer.on_problem(fmt::format("reader {} was abandoned without stopping", name));
  return stats;
}

}  // namespace rfinv::service
