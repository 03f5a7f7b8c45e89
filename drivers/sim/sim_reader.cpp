// The simulated reader: plays a scenario (drivers/sim/internal/scenario.h) through the Reader
// interface, in real time, scaled (?speed=10) or as fast as possible (?speed=max).
//
// Threading: all state lives in Core and is touched only on Core's strand; the Reader facade
// posts to it. Handlers (asynchronous operations) hold the Core alive through shared_ptr.
#include <atomic>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <charconv>
#include <chrono>
#include <cmath>

#include "drivers/internal/backends.h"
#include "drivers/sim/internal/read_generator.h"
#include "drivers/sim/internal/scenario.h"

namespace rfinv::drivers {
namespace {

namespace asio = boost::asio;
using sim::ReadGenerator;
using sim::Scenario;

// At full speed, intervals are gathered into batches of about this many reads, so a handler
// call carries enough work to be worth it and stop() can still interleave between batches.
constexpr std::size_t kMaxSpeedBatch = 4096;

class Core : public std::enable_shared_from_this<Core> {
 public:
  Core(asio::io_context& io, std::string name, Scenario scenario, std::uint64_t seed,
       std::optional<double> speed, Micros start)
      : strand_(asio::make_strand(io)),
        timer_(strand_),
        name_(std::move(name)),
        scenario_(std::move(scenario)),
        generator_(scenario_, seed, name_, start),
        speed_(speed) {}

  void start(ReadsHandler on_reads, StateHandler on_state) {
    asio::post(strand_, [self = shared_from_this(), on_reads = std::move(on_reads),
                         on_state = std::move(on_state)]() mutable {
      if (self->stopped_) return;
      self->on_reads_ = std::move(on_reads);
      self->on_state_ = std::move(on_state);
      self->report(ReaderState::connecting, "");
      // "Connected" on the next turn, so a caller sees the same order as with real readers.
      asio::post(self->strand_, [self] {
        if (self->stopped_) return;
        self->report(ReaderState::online, "");
        self->origin_ = std::chrono::steady_clock::now();
        self->play();
      });
    });
  }

  void stop() {
    asio::post(strand_, [self = shared_from_this()] { self->finish(""); });
  }

  // The facade is going away: never call the owner's handlers again.
  void detach() {
    detached_ = true;
    stop();
  }

 private:
  // Generates the next batch and delivers it when its scenario time comes.
  void play() {
    if (stopped_) return;
    try {
      batch_.clear();
      bool more = generator_.next_interval(batch_);
      while (more && !speed_ && batch_.size() < kMaxSpeedBatch)
        more = generator_.next_interval(batch_);
      if (!speed_) {
        deliver();
        if (!more) return finish("scenario finished");
        asio::post(strand_, [self = shared_from_this()] { self->play(); });
        return;
      }
      if (!more) return finish("scenario finished");
      auto due = origin_ + std::chrono::microseconds(
                               std::llround(double(generator_.interval_end()) / *speed_));
      timer_.expires_at(due);
      timer_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
        if (ec || self->stopped_) return;  // cancelled by stop()
        try {
          self->deliver();
        } catch (const std::exception& e) {
          return self->finish(fmt::format("simulator failed: {}", e.what()));
        }
        self->play();
      });
    } catch (const std::exception& e) {
      finish(fmt::format("simulator failed: {}", e.what()));
    }
  }

  void deliver() {
    if (!batch_.empty() && on_reads_ && !detached_) on_reads_(batch_);
  }

  void report(ReaderState state, std::string reason) {
    if (!on_state_ || detached_) return;
    try {
      on_state_(StateChange{state, std::move(reason)});
    } catch (...) {
      // A throwing handler is the owner's bug; the reader's state machine must go on.
    }
  }

  void finish(std::string reason) {
    if (stopped_) return;
    stopped_ = true;
    timer_.cancel();
    report(ReaderState::stopped, std::move(reason));
    on_reads_ = nullptr;
    on_state_ = nullptr;
    batch_ = {};
  }

  asio::strand<asio::io_context::executor_type> strand_;
  asio::steady_timer timer_;
  std::string name_;
  Scenario scenario_;  // generator_ keeps a reference: declared before it
  ReadGenerator generator_;
  std::optional<double> speed_;  // scenario seconds per wall second; nullopt = as fast as possible
  std::chrono::steady_clock::time_point origin_;
  std::vector<TagRead> batch_;
  ReadsHandler on_reads_;
  StateHandler on_state_;
  bool stopped_ = false;
  std::atomic<bool> detached_ = false;
};

class SimReader final : public Reader {
 public:
  SimReader(std::string name, std::shared_ptr<Core> core)
      : name_(std::move(name)), core_(std::move(core)) {}
  // REQUIRES: destroyed on the io_context's thread or after the reader reported `stopped`.
  ~SimReader() override { core_->detach(); }

  void start(ReadsHandler on_reads, StateHandler on_state) override {
    core_->start(std::move(on_reads), std::move(on_state));
  }
  void stop() override { core_->stop(); }
  const std::string& name() const override { return name_; }

 private:
  std::string name_;
  std::shared_ptr<Core> core_;
};

Result<std::optional<double>> parse_speed(const std::string& text) {
  if (text == "max") return std::optional<double>();
  double speed = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), speed);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || !(speed > 0) ||
      speed > 1e6)
    return make_error(Errc::invalid_argument,
                      "sim URI speed '{}' must be 'max' or a number above 0 (1 = real time)", text);
  return std::optional<double>(speed);
}

}  // namespace

Result<std::unique_ptr<Reader>> make_sim_reader(boost::asio::io_context& io, std::string name,
                                                const ReaderUri& uri) {
  std::optional<double> speed = 1.0;
  std::optional<std::uint64_t> seed;
  for (const auto& [key, value] : uri.query) {
    if (key == "speed") {
      auto parsed = parse_speed(value);
      if (!parsed) return parsed.error();
      speed = *parsed;
    } else if (key == "seed") {
      std::uint64_t n = 0;
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
      if (value.empty() || ec != std::errc() || end != value.data() + value.size())
        return make_error(Errc::invalid_argument,
                          "sim URI seed '{}' must be a whole number from 0 to 2^64-1", value);
      seed = n;
    } else {
      return make_error(Errc::invalid_argument,
                        "sim URI has unknown query parameter '{}' (known: seed, speed)", key);
    }
  }
  auto scenario = sim::load_scenario(uri.path);
  if (!scenario) return scenario.error();
  std::uint64_t chosen_seed = seed.value_or(scenario->seed);
  Micros start = scenario->start.value_or(now_micros());
  auto core = std::make_shared<Core>(io, name, std::move(*scenario), chosen_seed, speed, start);
  return std::unique_ptr<Reader>(std::make_unique<SimReader>(std::move(name), std::move(core)));
}

}  // namespace rfinv::drivers
