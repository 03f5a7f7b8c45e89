#include "drivers/serial/internal/r2000_reader.h"

#include <algorithm>
#include <atomic>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <charconv>
#include <utility>

#include "base/backoff.h"
#include "drivers/serial/internal/r2000_frame.h"

namespace rfinv::drivers::r2000 {

namespace {

constexpr std::string_view kCommonParameters[] = {"protocol",       "address",       "repeat",
                                                  "antennas",       "timeout_ms",    "interval_ms",
                                                  "backoff_min_ms", "backoff_max_ms"};

Result<std::uint64_t> parse_number(const std::string& key, const std::string& text,
                                   std::uint64_t min, std::uint64_t max) {
  std::uint64_t value = 0;
  int base = 10;
  std::string_view digits = text;
  if (digits.starts_with("0x") || digits.starts_with("0X")) {
    base = 16;
    digits.remove_prefix(2);
  }
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value, base);
  if (digits.empty() || ec != std::errc{} || end != digits.data() + digits.size() || value < min ||
      value > max) {
    return make_error(Errc::invalid_argument, "{}={} is not a number from {} to {}", key, text, min,
                      max);
  }
  return value;
}

}  // namespace

Result<PollOptions> parse_poll_options(const ReaderUri& uri,
                                       std::span<const std::string_view> allowed) {
  for (const auto& [key, value] : uri.query) {
    const bool known = std::ranges::find(kCommonParameters, key) != std::end(kCommonParameters) ||
                       std::ranges::find(allowed, key) != allowed.end();
    if (!known) {
      return make_error(Errc::invalid_argument, "{} reader: unknown parameter '{}'", uri.scheme,
                        key);
    }
  }
  PollOptions options;
  const auto& q = uri.query;
  if (auto it = q.find("protocol"); it != q.end() && it->second != "r2000") {
    return make_error(Errc::invalid_argument,
                      "protocol={} is not supported: {} readers speak only protocol=r2000 "
                      "(the 0xA0 frame protocol)",
                      it->second, uri.scheme);
  }
  auto number = [&](const char* key, std::uint64_t min, std::uint64_t max, auto&& store) -> Status {
    auto it = q.find(key);
    if (it == q.end()) return {};
    auto value = parse_number(key, it->second, min, max);
    if (!value) return value.error();
    store(*value);
    return {};
  };
  using std::chrono::milliseconds;
  for (auto status : {
           number("address", 0, 0xFF, [&](auto v) { options.address = std::uint8_t(v); }),
           number("repeat", 1, 0xFF, [&](auto v) { options.repeat = std::uint8_t(v); }),
           number("timeout_ms", 10, 600000,
                  [&](auto v) { options.reply_timeout = milliseconds(v); }),
           number("interval_ms", 0, 600000, [&](auto v) { options.interval = milliseconds(v); }),
           number("backoff_min_ms", 1, 600000,
                  [&](auto v) { options.backoff_min = milliseconds(v); }),
           number("backoff_max_ms", 1, 3600000,
                  [&](auto v) { options.backoff_max = milliseconds(v); }),
       }) {
    if (!status) return status.error();
  }
  if (options.backoff_max < options.backoff_min) options.backoff_max = options.backoff_min;
  if (auto it = q.find("antennas"); it != q.end()) {
    std::string_view rest = it->second;
    while (!rest.empty()) {
      const auto comma = rest.find(',');
      const std::string item(rest.substr(0, comma));
      auto value = parse_number("antennas", item, 1, 4);
      if (!value) {
        return make_error(Errc::invalid_argument,
                          "antennas={}: '{}' is not an antenna port from 1 to 4", it->second, item);
      }
      options.antennas.push_back(static_cast<std::uint8_t>(*value));
      rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    }
    if (options.antennas.empty()) {
      return make_error(Errc::invalid_argument, "antennas= names no antenna");
    }
  }
  return options;
}

namespace {

// One module connection and its polling loop. Everything below runs on `strand_`; the
// callbacks handed to the transport hold a weak_ptr and a generation number, so bytes from
// a link that has since been closed are ignored.
class Engine : public std::enable_shared_from_this<Engine> {
 public:
  Engine(boost::asio::io_context& io, std::string name, PollOptions options,
         TransportFactory make_transport)
      : strand_(boost::asio::make_strand(io)),
        name_(std::move(name)),
        options_(std::move(options)),
        transport_(make_transport(strand_)),
        reply_timer_(strand_),
        pause_timer_(strand_),
        backoff_(options_.backoff_min, options_.backoff_max) {}

  const std::string& name() const { return name_; }

  void start(ReadsHandler on_reads, StateHandler on_state) {
    boost::asio::dispatch(strand_, [self = shared_from_this(), on_reads = std::move(on_reads),
                                    on_state = std::move(on_state)]() mutable {
      self->on_reads_ = std::move(on_reads);
      self->on_state_ = std::move(on_state);
      self->emit(ReaderState::connecting, {});
      self->open();
    });
  }

  void stop() {
    boost::asio::dispatch(strand_, [self = shared_from_this()] { self->do_stop(); });
  }

  // After the owning Reader is gone its handlers may refer to destroyed objects.
  void detach() { detached_ = true; }

 private:
  enum class Phase { idle, switching, inventorying, pausing };

  void open() {
    if (stopped_) return;
    ++generation_;
    const auto gen = generation_;
    std::weak_ptr<Engine> weak = weak_from_this();
    Transport::Callbacks callbacks;
    callbacks.on_bytes = [weak, gen](std::span<const std::uint8_t> bytes) {
      if (auto self = weak.lock(); self && self->generation_ == gen) self->on_bytes(bytes);
    };
    callbacks.on_failure = [weak, gen](std::string reason) {
      if (auto self = weak.lock(); self && self->generation_ == gen) {
        self->lose(std::move(reason));
      }
    };
    callbacks.on_arrival = [weak] {
      if (auto self = weak.lock()) self->on_arrival();
    };
    decoder_ = StreamDecoder{};
    auto status = transport_->open(std::move(callbacks));
    if (!status) {
      link_open_ = false;
      lose(status.error().message);
      return;
    }
    link_open_ = true;
    antenna_index_ = 0;
    begin_round();
  }

  void begin_round() {
    if (options_.antennas.empty()) {
      send(Phase::inventorying, encode_real_time_inventory(options_.address, options_.repeat));
    } else {
      send(Phase::switching,
           encode_set_work_antenna(options_.address, options_.antennas[antenna_index_]));
    }
  }

  void send(Phase phase, std::vector<std::uint8_t> frame) {
    phase_ = phase;
    transport_->write(std::move(frame));
    arm_reply_timer();
  }

  void arm_reply_timer() {
    const auto seq = ++reply_seq_;
    reply_timer_.expires_after(options_.reply_timeout);
    reply_timer_.async_wait([self = shared_from_this(), seq](boost::system::error_code ec) {
      if (ec || seq != self->reply_seq_ || self->stopped_ || !self->link_open_) return;
      self->on_reply_timeout();
    });
  }

  void on_reply_timeout() {
    // A garbage 0xA0 can hold the decoder waiting for a frame that will never complete;
    // give the bytes behind it a chance before declaring the module gone.
    bool progressed = false;
    while (decoder_.has_partial() && !progressed) {
      decoder_.abandon_partial();
      progressed = drain_frames();
    }
    flush_batch();
    if (progressed) {
      if (phase_ != Phase::pausing && link_open_) arm_reply_timer();
      return;
    }
    lose(fmt::format("no reply from the module within {} ms", options_.reply_timeout.count()));
  }

  void on_bytes(std::span<const std::uint8_t> bytes) {
    decoder_.feed(bytes);
    if (drain_frames() && phase_ != Phase::pausing && link_open_) arm_reply_timer();
    flush_batch();
  }

  // Handles every complete frame; true when at least one valid frame arrived.
  bool drain_frames() {
    bool any = false;
    while (link_open_) {
      auto frame = decoder_.next();
      if (!frame) break;
      any = true;
      if (state_ != ReaderState::online) {
        backoff_.reset();
        emit(ReaderState::online, transport_->note());
      }
      auto message = interpret(*frame);
      if (!message) {
        note_problem(message.error().message);
        continue;
      }
      std::visit([this](auto& m) { handle(m); }, *message);
    }
    return any;
  }

  void handle(TagReport& tag) {
    if (phase_ != Phase::inventorying) return;
    TagRead read;
    read.reader = name_;
    read.antenna = tag.antenna;
    read.epc = std::move(tag.epc);
    read.epc_bits = static_cast<std::uint16_t>(read.epc.size() * 8);
    read.rssi_dbm = tag.rssi_dbm;
    read.first_seen = read.last_seen = now_micros();
    batch_.push_back(std::move(read));
  }

  void handle(const RoundSummary&) {
    if (phase_ == Phase::inventorying) end_round();
  }

  void handle(const ErrorReply& error) {
    const auto text =
        fmt::format("module error {} (0x{:02X}) to command 0x{:02X}{}", error_name(error.code),
                    error.code, error.command, current_antenna_text());
    note_problem(text);
    if ((phase_ == Phase::switching && error.command == cmd::kSetWorkAntenna) ||
        (phase_ == Phase::inventorying && error.command == cmd::kRealTimeInventory)) {
      end_round();
    }
  }

  void handle(const CommandReply& reply) {
    if (phase_ == Phase::switching && reply.command == cmd::kSetWorkAntenna) {
      send(Phase::inventorying, encode_real_time_inventory(options_.address, options_.repeat));
    }
  }

  std::string current_antenna_text() const {
    if (options_.antennas.empty()) return {};
    return fmt::format(" on antenna {}", options_.antennas[antenna_index_]);
  }

  void note_problem(std::string text) {
    problems_in_cycle_ = true;
    emit(state_, std::move(text));
  }

  void end_round() {
    const bool cycle_done =
        options_.antennas.empty() || antenna_index_ + 1 == options_.antennas.size();
    antenna_index_ =
        options_.antennas.empty() ? 0 : (antenna_index_ + 1) % options_.antennas.size();
    if (cycle_done) {
      // A full clean cycle clears a module error shown in the state reason.
      if (!problems_in_cycle_ && !reason_.empty() && reason_ != transport_->note()) {
        emit(ReaderState::online, transport_->note());
      }
      problems_in_cycle_ = false;
    }
    ++reply_seq_;  // the reply arrived: disarm the timeout
    reply_timer_.cancel();
    if (options_.interval.count() == 0 || !cycle_done) {
      begin_round();
      return;
    }
    phase_ = Phase::pausing;
    pause_timer_.expires_after(options_.interval);
    pause_timer_.async_wait(
        [self = shared_from_this(), gen = generation_](boost::system::error_code ec) {
          if (ec || self->stopped_ || gen != self->generation_ || !self->link_open_) return;
          self->begin_round();
        });
  }

  void flush_batch() {
    if (batch_.empty()) return;
    if (on_reads_ && !detached_) on_reads_(batch_);
    batch_.clear();
  }

  // The module or its link is gone: close, say why, and try again after the backoff.
  void lose(std::string reason) {
    if (stopped_) return;
    flush_batch();
    ++generation_;
    ++reply_seq_;
    reply_timer_.cancel();
    pause_timer_.cancel();
    if (link_open_) transport_->close();
    link_open_ = false;
    phase_ = Phase::idle;
    emit(ReaderState::lost, std::move(reason));
    const auto delay = backoff_.fail();
    if (auto note = transport_->note(); !note.empty()) {
      emit(ReaderState::reconnecting, note);
    } else {
      emit(ReaderState::reconnecting, fmt::format("next attempt in {} ms", delay.count()));
    }
    const auto gen = generation_;
    pause_timer_.expires_after(delay);
    pause_timer_.async_wait([self = shared_from_this(), gen](boost::system::error_code ec) {
      if (ec || self->stopped_ || gen != self->generation_) return;
      self->open();
    });
  }

  void on_arrival() {
    if (stopped_ || link_open_ || state_ != ReaderState::reconnecting) return;
    ++generation_;  // the pending backoff wait must not open a second time
    pause_timer_.cancel();
    open();
  }

  void do_stop() {
    if (stopped_) return;
    flush_batch();
    stopped_ = true;
    ++generation_;
    ++reply_seq_;
    reply_timer_.cancel();
    pause_timer_.cancel();
    if (link_open_) transport_->close();
    link_open_ = false;
    emit(ReaderState::stopped, {});
    on_reads_ = nullptr;
    on_state_ = nullptr;
  }

  void emit(ReaderState state, std::string reason) {
    if (state == state_ && reason == reason_ && announced_) return;
    announced_ = true;
    state_ = state;
    reason_ = std::move(reason);
    if (on_state_ && !detached_) on_state_(StateChange{state_, reason_});
  }

  Strand strand_;
  std::string name_;
  PollOptions options_;
  std::shared_ptr<Transport> transport_;
  boost::asio::steady_timer reply_timer_;
  boost::asio::steady_timer pause_timer_;  // between rounds, and the reconnect backoff
  Backoff backoff_;                        // reconnect delays, reset once the module answers
  ReadsHandler on_reads_;
  StateHandler on_state_;
  std::atomic<bool> detached_{false};
  StreamDecoder decoder_;
  std::vector<TagRead> batch_;
  Phase phase_ = Phase::idle;
  std::size_t antenna_index_ = 0;
  std::uint64_t generation_ = 0;
  std::uint64_t reply_seq_ = 0;
  bool link_open_ = false;
  bool stopped_ = false;
  bool problems_in_cycle_ = false;
  bool announced_ = false;
  ReaderState state_ = ReaderState::connecting;
  std::string reason_;
};

class R2000Reader final : public Reader {
 public:
  explicit R2000Reader(std::shared_ptr<Engine> engine) : engine_(std::move(engine)) {}
  ~R2000Reader() override {
    engine_->detach();
    engine_->stop();
  }
  void start(ReadsHandler on_reads, StateHandler on_state) override {
    engine_->start(std::move(on_reads), std::move(on_state));
  }
  void stop() override { engine_->stop(); }
  const std::string& name() const override { return engine_->name(); }

 private:
  std::shared_ptr<Engine> engine_;
};

}  // namespace

std::unique_ptr<Reader> make_r2000_reader(boost::asio::io_context& io, std::string name,
                                          PollOptions options, TransportFactory make_transport) {
  return std::make_unique<R2000Reader>(
      std::make_shared<Engine>(io, std::move(name), std::move(options), std::move(make_transport)));
}

}  // namespace rfinv::drivers::r2000
