#include "drivers/llrp/internal/client.h"

#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <deque>

#include "base/backoff.h"
#include "base/clock.h"
#include "drivers/llrp/internal/decoder.h"
#include "drivers/llrp/internal/encoder.h"
#include "drivers/llrp/internal/frame_splitter.h"
#include "drivers/llrp/internal/protocol.h"

namespace rfinv::drivers::llrp {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using boost::system::error_code;
using SteadyClock = std::chrono::steady_clock;

namespace {

constexpr std::size_t kReadChunk = 64 * 1024;
constexpr std::uint32_t kRospecId = 1;

enum class Phase {
  idle,            // no connection (backoff, or not started)
  connecting,      // resolve + TCP connect
  awaiting_event,  // connected, waiting for ConnectionAttemptEvent
  setup,           // a setup request is in flight (expected_ says which response)
  running,         // ROSpec started, reports flowing
  closing,         // stop(): STOP_ROSPEC and CLOSE_CONNECTION sent
};

std::string_view attempt_status_text(std::uint16_t status) {
  switch (status) {
    case 1:
      return "a reader-initiated connection already exists";
    case 2:
      return "another client is already connected";
    case 3:
      return "failed for another reason";
    case 4:
      return "another connection was attempted";
    default:
      return "unknown status";
  }
}

std::string_view response_name(std::uint16_t type) {
  switch (type) {
    case msg::kGetReaderCapabilitiesResponse:
      return "GET_READER_CAPABILITIES";
    case msg::kSetReaderConfigResponse:
      return "SET_READER_CONFIG";
    case msg::kDeleteRospecResponse:
      return "DELETE_ROSPEC";
    case msg::kAddRospecResponse:
      return "ADD_ROSPEC";
    case msg::kEnableRospecResponse:
      return "ENABLE_ROSPEC";
    case msg::kStartRospecResponse:
      return "START_ROSPEC";
    default:
      return "request";
  }
}

}  // namespace

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(asio::io_context& io, std::string name, ClientOptions options)
      : strand_(asio::make_strand(io)),
        resolver_(strand_),
        socket_(strand_),
        deadline_(strand_),
        silence_(strand_),
        retry_timer_(strand_),
        name_(std::move(name)),
        options_(std::move(options)),
        splitter_(options_.max_message) {}

  void start(ReadsHandler on_reads, StateHandler on_state) {
    asio::post(strand_, [self = shared_from_this(), r = std::move(on_reads),
                         s = std::move(on_state)]() mutable {
      if (self->started_ || self->stopped_) return;
      self->started_ = true;
      self->on_reads_ = std::move(r);
      self->on_state_ = std::move(s);
      self->report(ReaderState::connecting,
                   fmt::format("{}:{}", self->options_.host, self->options_.port));
      self->do_resolve();
    });
  }

  void stop() {
    asio::post(strand_, [self = shared_from_this()] { self->do_stop(); });
  }

  // From the owner's destructor: no handler may be called after this returns.
  void detach() { detached_ = true; }

 private:
  // ---- connection -------------------------------------------------------------------------
  void do_resolve() {
    phase_ = Phase::connecting;
    arm_deadline(options_.connect_timeout,
                 fmt::format("no connection to {}:{} within {} ms", options_.host, options_.port,
                             options_.connect_timeout.count()));
    resolver_.async_resolve(options_.host, std::to_string(options_.port),
                            [self = shared_from_this(), gen = gen_](
                                error_code ec, tcp::resolver::results_type results) {
                              self->on_resolve(gen, ec, std::move(results));
                            });
  }

  void on_resolve(std::uint64_t gen, error_code ec, tcp::resolver::results_type results) {
    if (gen != gen_) return;
    if (ec) return fail(fmt::format("cannot resolve {}: {}", options_.host, ec.message()));
    asio::async_connect(socket_, results,
                        [self = shared_from_this(), gen](error_code e, const tcp::endpoint&) {
                          self->on_connect(gen, e);
                        });
  }

  void on_connect(std::uint64_t gen, error_code ec) {
    if (gen != gen_) return;
    if (ec)
      return fail(
          fmt::format("cannot connect to {}:{}: {}", options_.host, options_.port, ec.message()));
    error_code ignored;
    socket_.set_option(tcp::no_delay(true), ignored);
    phase_ = Phase::awaiting_event;
    last_rx_ = SteadyClock::now();
    arm_watch();
    do_read();
  }

  // ---- reader loop ------------------------------------------------------------------------
  void do_read() {
    auto area = splitter_.prepare(kReadChunk);
    socket_.async_read_some(asio::buffer(area.data(), area.size()),
                            [self = shared_from_this(), gen = gen_](error_code ec, std::size_t n) {
                              self->on_read(gen, ec, n);
                            });
  }

  void on_read(std::uint64_t gen, error_code ec, std::size_t n) {
    if (gen != gen_) return;
    if (ec) {
      if (ec == asio::error::eof) return fail("the reader closed the connection");
      return fail(fmt::format("read failed: {}", ec.message()));
    }
    splitter_.commit(n);
    last_rx_ = SteadyClock::now();
    Message m;
    for (;;) {
      auto more = splitter_.next(m);
      if (!more) return fail(fmt::format("dropped the connection: {}", more.error().message));
      if (!*more) break;
      handle_message(m);
      if (gen != gen_) return;  // the message ended this connection
    }
    do_read();
  }

  void handle_message(const Message& m) {
    switch (m.header.type) {
      case msg::kRoAccessReport:
        return on_report(m);
      case msg::kKeepalive: {
        auto out = std::make_shared<Bytes>();
        encode_keepalive_ack(*out, m.header.id);
        return enqueue(std::move(out));
      }
      case msg::kReaderEventNotification:
        return on_event(m);
      case msg::kErrorMessage: {
        auto st = decode_status(m.body);
        return fail(fmt::format("the reader sent ERROR_MESSAGE: {}",
                                st ? st->to_string() : st.error().message));
      }
      case msg::kCloseConnectionResponse:
        if (phase_ == Phase::closing) return finish_stop("stopped");
        return;
      default:
        if (phase_ == Phase::setup && m.header.type == expected_) return on_response(m);
        return;  // responses to nothing we wait for, and messages we do not use
    }
  }

  void on_report(const Message& m) {
    batch_.clear();
    ReportContext ctx{name_, now_micros(), uptime_to_utc_};
    if (auto st = decode_ro_access_report(m.body, ctx, batch_); !st)
      return fail(
          fmt::format("dropped the connection: message {}: {}", m.header.id, st.error().message));
    if (!batch_.empty() && on_reads_ && !detached_) on_reads_(batch_.view());
  }

  void on_event(const Message& m) {
    auto ev = decode_reader_event(m.body);
    if (!ev) return fail(fmt::format("dropped the connection: {}", ev.error().message));
    if (ev->uptime && !ev->utc) uptime_to_utc_ = now_micros() - static_cast<Micros>(*ev->uptime);
    if (ev->connection_attempt) {
      if (*ev->connection_attempt != 0)
        return fail(fmt::format("the reader refused the connection: status {} ({})",
                                *ev->connection_attempt,
                                attempt_status_text(*ev->connection_attempt)));
      if (phase_ == Phase::awaiting_event) {
        auto out = std::make_shared<Bytes>();
        encode_get_reader_capabilities(*out, ++next_id_);
        send_request(std::move(out), msg::kGetReaderCapabilitiesResponse);
      }
    }
    if (ev->connection_close) {
      if (phase_ == Phase::closing) return finish_stop("stopped");
      return fail("the reader announced that it closes the connection");
    }
  }

  // ---- session setup ----------------------------------------------------------------------
  void send_request(std::shared_ptr<Bytes> bytes, std::uint16_t expected) {
    phase_ = Phase::setup;
    expected_ = expected;
    arm_deadline(options_.response_timeout,
                 fmt::format("no {} response within {} ms", response_name(expected),
                             options_.response_timeout.count()));
    enqueue(std::move(bytes));
  }

  void on_response(const Message& m) {
    std::uint16_t type = m.header.type;
    LlrpStatus status;
    std::optional<Capabilities> caps;
    if (type == msg::kGetReaderCapabilitiesResponse) {
      auto r = decode_capabilities(m.body);
      if (!r)
        return fail(fmt::format("bad GET_READER_CAPABILITIES_RESPONSE: {}", r.error().message));
      status = std::move(r->status);
      caps = std::move(r->general);
    } else {
      auto r = decode_status(m.body);
      if (!r)
        return fail(fmt::format("bad {} response: {}", response_name(type), r.error().message));
      status = std::move(*r);
    }
    if (!status.ok())
      return fail(
          fmt::format("the reader refused {}: {}", response_name(type), status.to_string()));

    auto out = std::make_shared<Bytes>();
    switch (type) {
      case msg::kGetReaderCapabilitiesResponse:
        if (caps && caps->max_antennas > 0) {
          for (auto a : options_.antennas)
            if (a > caps->max_antennas)
              return finish_stop(fmt::format("antenna {} was asked for but the reader has {}", a,
                                             caps->max_antennas));
        }
        encode_set_reader_config(*out, ++next_id_,
                                 static_cast<std::uint32_t>(options_.keepalive.count()));
        return send_request(std::move(out), msg::kSetReaderConfigResponse);
      case msg::kSetReaderConfigResponse:
        encode_delete_rospec(*out, ++next_id_, 0);
        return send_request(std::move(out), msg::kDeleteRospecResponse);
      case msg::kDeleteRospecResponse:
        encode_add_rospec(*out, ++next_id_,
                          RospecParams{kRospecId, options_.antennas, options_.report_every});
        return send_request(std::move(out), msg::kAddRospecResponse);
      case msg::kAddRospecResponse:
        rospec_added_ = true;
        encode_enable_rospec(*out, ++next_id_, kRospecId);
        return send_request(std::move(out), msg::kEnableRospecResponse);
      case msg::kEnableRospecResponse:
        encode_start_rospec(*out, ++next_id_, kRospecId);
        return send_request(std::move(out), msg::kStartRospecResponse);
      case msg::kStartRospecResponse:
        phase_ = Phase::running;
        expected_ = 0;
        cancel_deadline();
        backoff_.reset();
        return report(ReaderState::online, "");
      default:
        return;
    }
  }

  // ---- writer loop ------------------------------------------------------------------------
  void enqueue(std::shared_ptr<Bytes> bytes) {
    if (stopped_ || phase_ == Phase::idle || phase_ == Phase::connecting) return;
    if (outq_.size() >= options_.max_queued)
      return fail(
          fmt::format("{} messages wait to be written: the reader is not reading", outq_.size()));
    outq_.push_back(std::move(bytes));
    if (!writing_) do_write();
  }

  void do_write() {
    writing_ = true;
    write_started_ = SteadyClock::now();
    if (write_started_ + options_.response_timeout < silence_.expiry()) arm_watch();
    auto buf = outq_.front();
    asio::async_write(socket_, asio::buffer(*buf),
                      [self = shared_from_this(), gen = gen_, buf](error_code ec, std::size_t) {
                        self->on_write(gen, ec);
                      });
  }

  void on_write(std::uint64_t gen, error_code ec) {
    if (gen != gen_) return;
    if (ec) return fail(fmt::format("write failed: {}", ec.message()));
    outq_.pop_front();
    if (outq_.empty())
      writing_ = false;
    else
      do_write();
  }

  // ---- timers -----------------------------------------------------------------------------
  void arm_deadline(Millis after, std::string reason) {
    deadline_reason_ = std::move(reason);
    deadline_.expires_after(after);
    deadline_.async_wait([self = shared_from_this(), gen = gen_, seq = ++deadline_seq_](
                             error_code ec) { self->on_deadline(gen, seq, ec); });
  }

  void cancel_deadline() {
    ++deadline_seq_;
    deadline_.cancel();
  }

  void on_deadline(std::uint64_t gen, std::uint64_t seq, error_code ec) {
    if (ec || gen != gen_ || seq != deadline_seq_) return;
    if (phase_ == Phase::closing)
      return finish_stop("stopped (the reader did not confirm the close)");
    fail(deadline_reason_);
  }

  // One timer watches both directions: the reader must say something within `silence`, and
  // a started write must complete within `response_timeout` (a reader that stops reading
  // would otherwise stall the writer loop unnoticed).
  void arm_watch() {
    auto at = last_rx_ + options_.silence;
    if (writing_) at = std::min(at, write_started_ + options_.response_timeout);
    silence_.expires_at(at);
    silence_.async_wait(
        [self = shared_from_this(), gen = gen_](error_code ec) { self->on_watch(gen, ec); });
  }

  void on_watch(std::uint64_t gen, error_code ec) {
    if (ec || gen != gen_) return;
    auto now = SteadyClock::now();
    if (writing_ && now - write_started_ >= options_.response_timeout)
      return fail(fmt::format("a write to the reader did not complete within {} ms",
                              options_.response_timeout.count()));
    if (now - last_rx_ >= options_.silence)
      return fail(fmt::format("no message from the reader for {} ms", options_.silence.count()));
    arm_watch();
  }

  // ---- failure, reconnect and stop --------------------------------------------------------
  // Ends the current connection; every handler of it becomes stale.
  void close_connection() {
    ++gen_;
    error_code ignored;
    resolver_.cancel();
    socket_.shutdown(tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
    cancel_deadline();
    silence_.cancel();
    outq_.clear();
    writing_ = false;
    splitter_.reset();
    phase_ = Phase::idle;
    expected_ = 0;
    rospec_added_ = false;
  }

  void fail(std::string reason) {
    if (stopped_) return;
    if (stopping_) return finish_stop("stopped (" + reason + ")");
    close_connection();
    report(ReaderState::lost, reason);
    Millis delay = backoff_.fail();
    report(ReaderState::reconnecting,
           fmt::format("retry in {} ms (attempt {})", delay.count(), backoff_.failures() + 1));
    retry_timer_.expires_after(delay);
    retry_timer_.async_wait([self = shared_from_this(), gen = gen_](error_code ec) {
      if (ec || gen != self->gen_ || self->stopping_) return;
      self->report(ReaderState::connecting,
                   fmt::format("attempt {}", self->backoff_.failures() + 1));
      self->do_resolve();
    });
  }

  void do_stop() {
    if (stopping_ || stopped_) return;
    stopping_ = true;
    if (!started_) return finish_stop("stopped");
    if (phase_ == Phase::setup || phase_ == Phase::running) {
      phase_ = Phase::closing;
      if (rospec_added_) {
        auto stop = std::make_shared<Bytes>();
        encode_stop_rospec(*stop, ++next_id_, kRospecId);
        enqueue(std::move(stop));
        if (stopped_) return;  // the queue was full
      }
      auto close = std::make_shared<Bytes>();
      encode_close_connection(*close, ++next_id_);
      enqueue(std::move(close));
      if (stopped_) return;  // the queue was full
      arm_deadline(options_.stop_timeout, "stop");
      return;
    }
    finish_stop("stopped");
  }

  void finish_stop(std::string reason) {
    if (stopped_) return;
    stopped_ = true;
    stopping_ = true;
    close_connection();
    retry_timer_.cancel();
    report(ReaderState::stopped, std::move(reason));
  }

  void report(ReaderState state, std::string reason) {
    if (on_state_ && !detached_) on_state_(StateChange{state, std::move(reason)});
  }

  asio::strand<asio::io_context::executor_type> strand_;
  tcp::resolver resolver_;
  tcp::socket socket_;
  asio::steady_timer deadline_;
  asio::steady_timer silence_;
  asio::steady_timer retry_timer_;

  std::string name_;
  ClientOptions options_;
  ReadsHandler on_reads_;
  StateHandler on_state_;
  std::atomic<bool> detached_{false};

  FrameSplitter splitter_;
  TagBatch batch_;
  std::deque<std::shared_ptr<Bytes>> outq_;
  bool writing_ = false;

  Phase phase_ = Phase::idle;
  std::uint16_t expected_ = 0;  // response type the setup step waits for
  bool rospec_added_ = false;
  bool started_ = false;
  bool stopping_ = false;
  bool stopped_ = false;
  std::uint64_t gen_ = 0;           // connection generation; stale handlers compare it
  std::uint64_t deadline_seq_ = 0;  // arming number of the step deadline
  std::string deadline_reason_;
  std::uint32_t next_id_ = 0;
  Backoff backoff_{options_.backoff_min, options_.backoff_max};  // reset once online
  SteadyClock::time_point last_rx_{};
  SteadyClock::time_point write_started_{};
  std::optional<Micros> uptime_to_utc_;
};

LlrpReader::LlrpReader(asio::io_context& io, std::string name, ClientOptions options)
    : name_(name), session_(std::make_shared<Session>(io, std::move(name), std::move(options))) {}

LlrpReader::~LlrpReader() {
  session_->detach();
  session_->stop();
}

void LlrpReader::start(ReadsHandler on_reads, StateHandler on_state) {
  session_->start(std::move(on_reads), std::move(on_state));
}

void LlrpReader::stop() { session_->stop(); }

}  // namespace rfinv::drivers::llrp
