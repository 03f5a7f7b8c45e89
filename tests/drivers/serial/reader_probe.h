// Test helper: runs a Reader on its own io_context thread and records what it delivers, with
// bounded waits. Handlers run on the reader's strand; the test thread reads under the mutex.
#pragma once

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "drivers/reader.h"

namespace rfinv::test {

// How long a test waits for an event that must come. Generous: CI runs on two loaded cores,
// and the deadline is reached only when the test fails anyway, so it costs nothing.
inline constexpr std::chrono::seconds kEventWait{30};

class ReaderProbe {
 public:
  using Clock = std::chrono::steady_clock;

  // Starts `reader` and runs io on a thread. No work guard: once the reader has stopped and
  // has nothing pending, io.run() returns, which is how finished() proves a clean stop.
  void start(drivers::Reader& reader) {
    reader.start(
        [this](std::span<const drivers::TagRead> batch) {
          std::lock_guard lock(mutex_);
          reads_.insert(reads_.end(), batch.begin(), batch.end());
          if (stopped_seen_) reads_after_stop_ += batch.size();
          changed_.notify_all();
        },
        [this](const drivers::StateChange& change) {
          std::lock_guard lock(mutex_);
          states_.push_back(change);
          if (change.state == drivers::ReaderState::stopped) stopped_seen_ = true;
          changed_.notify_all();
        });
    runner_ = std::async(std::launch::async, [this] { io.run(); });
  }

  ~ReaderProbe() {
    io.stop();
    if (runner_.valid()) runner_.wait();
  }

  // Waits until pred() holds (checked under the lock) or `limit` passes.
  bool wait_for(const std::function<bool()>& pred, std::chrono::milliseconds limit) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, limit, pred);
  }

  bool wait_for_state(drivers::ReaderState state, std::chrono::milliseconds limit,
                      std::size_t from = 0) {
    return wait_for([&] { return find_state(state, from) != npos; }, limit);
  }

  // Waits for a state change whose reason contains `part`.
  bool wait_for_reason(const std::string& part, std::chrono::milliseconds limit) {
    return wait_for(
        [&] {
          for (const auto& s : states_)
            if (s.reason.find(part) != std::string::npos) return true;
          return false;
        },
        limit);
  }

  bool wait_for_reads(std::size_t count, std::chrono::milliseconds limit) {
    return wait_for([&] { return reads_.size() >= count; }, limit);
  }

  // True when io.run() returned within `limit`.
  bool finished(std::chrono::milliseconds limit) {
    return runner_.wait_for(limit) == std::future_status::ready;
  }

  std::size_t read_count() {
    std::lock_guard lock(mutex_);
    return reads_.size();
  }
  std::vector<drivers::TagRead> reads() {
    std::lock_guard lock(mutex_);
    return reads_;
  }
  std::vector<drivers::StateChange> states() {
    std::lock_guard lock(mutex_);
    return states_;
  }
  std::size_t state_count() {
    std::lock_guard lock(mutex_);
    return states_.size();
  }
  std::size_t reads_after_stop() {
    std::lock_guard lock(mutex_);
    return reads_after_stop_;
  }

  static constexpr std::size_t npos = static_cast<std::size_t>(-1);
  // Index of the first `state` at or after `from`; npos when absent. REQUIRES: lock held or
  // called through wait_for.
  std::size_t find_state(drivers::ReaderState state, std::size_t from = 0) const {
    for (std::size_t i = from; i < states_.size(); ++i) {
      if (states_[i].state == state) return i;
    }
    return npos;
  }

  std::string describe_states() {
    std::lock_guard lock(mutex_);
    std::string out;
    for (const auto& s : states_) {
      out += std::string(drivers::to_string(s.state)) + (s.reason.empty() ? "" : ": " + s.reason) +
             "\n";
    }
    return out;
  }

  boost::asio::io_context io;

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<drivers::TagRead> reads_;
  std::vector<drivers::StateChange> states_;
  bool stopped_seen_ = false;
  std::size_t reads_after_stop_ = 0;
  std::future<void> runner_;
};

}  // namespace rfinv::test
