#include "tests/drivers/llrp/llrp_sim.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <deque>
#include <thread>

#include "drivers/llrp/internal/frame_splitter.h"
#include "drivers/llrp/internal/protocol.h"

namespace rfinv::test::llrp {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using boost::system::error_code;
using namespace rfinv::drivers::llrp;

namespace {

void encode_status_response(Bytes& out, std::uint16_t type, std::uint32_t id,
                            std::uint16_t status) {
  Writer w(out);
  auto m = w.begin_message(type, id);
  auto s = w.begin_tlv(param::kLlrpStatus);
  w.u16(status);
  std::string_view text = status ? "refused by the simulator" : "";
  w.u16(static_cast<std::uint16_t>(text.size()));
  w.bytes({reinterpret_cast<const std::uint8_t*>(text.data()), text.size()});
  w.end_tlv(s);
  w.end_message(m);
}

void encode_capabilities(Bytes& out, std::uint32_t id, std::uint16_t status,
                         std::uint16_t max_antennas) {
  Writer w(out);
  auto m = w.begin_message(msg::kGetReaderCapabilitiesResponse, id);
  auto s = w.begin_tlv(param::kLlrpStatus);
  w.u16(status);
  w.u16(0);
  w.end_tlv(s);
  auto g = w.begin_tlv(param::kGeneralDeviceCapabilities);
  w.u16(max_antennas);
  w.u16(0x4000);  // HasUTCClockCapability
  w.u32(25882);
  w.u32(1);
  std::string_view fw = "sim-1.0";
  w.u16(static_cast<std::uint16_t>(fw.size()));
  w.bytes({reinterpret_cast<const std::uint8_t*>(fw.data()), fw.size()});
  w.end_tlv(g);
  w.end_message(m);
}

void encode_connection_event(Bytes& out, std::uint16_t status) {
  Writer w(out);
  auto m = w.begin_message(msg::kReaderEventNotification, 0);
  auto d = w.begin_tlv(param::kReaderEventNotificationData);
  auto t = w.begin_tlv(param::kUtcTimestamp);
  w.u64(static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(
                                       std::chrono::system_clock::now().time_since_epoch())
                                       .count()));
  w.end_tlv(t);
  auto c = w.begin_tlv(param::kConnectionAttemptEvent);
  w.u16(status);
  w.end_tlv(c);
  w.end_tlv(d);
  w.end_message(m);
}

// KeepaliveSpec period from a SET_READER_CONFIG body, 0 when none or Null.
std::uint32_t keepalive_period(std::span<const std::uint8_t> body) {
  if (body.empty()) return 0;
  auto params = body.subspan(1);
  std::size_t pos = 0;
  while (pos + 4 <= params.size()) {
    if (params[pos] & 0x80) return 0;
    std::uint16_t type = get_u16(&params[pos]) & 0x3ff;
    std::uint16_t len = get_u16(&params[pos + 2]);
    if (len < 4 || pos + len > params.size()) return 0;
    if (type == param::kKeepaliveSpec && len >= 9 && params[pos + 4] == 1)
      return get_u32(&params[pos + 5]);
    pos += len;
  }
  return 0;
}

}  // namespace

void encode_report(Bytes& out, std::uint32_t id, const std::vector<SimTag>& tags) {
  Writer w(out);
  auto m = w.begin_message(msg::kRoAccessReport, id);
  for (const auto& t : tags) {
    auto d = w.begin_tlv(param::kTagReportData);
    if (t.epc.size() == 12 && (t.epc_bits == 0 || t.epc_bits == 96)) {
      w.tv(param::kEpc96);
      w.bytes(t.epc);
    } else {
      auto e = w.begin_tlv(param::kEpcData);
      w.u16(t.epc_bits ? t.epc_bits : static_cast<std::uint16_t>(t.epc.size() * 8));
      w.bytes(t.epc);
      w.end_tlv(e);
    }
    w.tv(param::kAntennaId);
    w.u16(t.antenna);
    w.tv(param::kPeakRssi);
    w.u8(static_cast<std::uint8_t>(t.rssi));
    w.tv(param::kFirstSeenUtc);
    w.u64(t.first_seen);
    w.tv(param::kLastSeenUtc);
    w.u64(t.last_seen);
    w.tv(param::kTagSeenCount);
    w.u16(t.seen_count);
    w.end_tlv(d);
  }
  w.end_message(m);
}

struct LlrpSim::Impl : std::enable_shared_from_this<LlrpSim::Impl> {
  struct Conn {
    explicit Conn(asio::io_context& io) : socket(io), gap_timer(io), keepalive(io) {}
    tcp::socket socket;
    asio::steady_timer gap_timer;
    asio::steady_timer keepalive;
    FrameSplitter splitter;
    std::deque<Bytes> pieces;
    bool writing = false;
    bool close_after_write = false;
    int number = 0;
    std::uint32_t keepalive_ms = 0;
  };

  explicit Impl(SimOptions o) : options(o), acceptor(io) {}

  SimOptions options;
  asio::io_context io;
  tcp::acceptor acceptor;
  std::thread thread;
  std::shared_ptr<Conn> conn;
  std::size_t segment = 0;
  std::chrono::milliseconds gap{0};
  bool silent = false;
  std::uint32_t next_id = 1000;
  std::shared_ptr<const Bytes> stream_buf;
  std::size_t stream_left = 0;

  mutable std::mutex mutex;  // guards the observations below
  int accepted = 0;
  bool started = false;
  bool streamed = false;
  std::vector<SimMessage> messages;

  void do_accept() {
    auto c = std::make_shared<Conn>(io);
    acceptor.async_accept(c->socket, [self = shared_from_this(), c](error_code ec) {
      if (ec) return;
      if (self->conn) self->drop(self->conn);
      error_code ignored;
      c->socket.set_option(tcp::no_delay(true), ignored);
      {
        std::lock_guard lock(self->mutex);
        c->number = ++self->accepted;
        self->started = false;
      }
      self->conn = c;
      self->do_read(c);
      auto send_event = [self, c] {
        Bytes ev;
        encode_connection_event(ev, self->options.connection_status);
        self->write(c, std::move(ev));
      };
      if (self->options.event_delay.count() == 0) {
        send_event();
      } else {
        c->gap_timer.expires_after(self->options.event_delay);
        c->gap_timer.async_wait([send_event](error_code e) {
          if (!e) send_event();
        });
      }
      self->do_accept();
    });
  }

  void drop(const std::shared_ptr<Conn>& c) {
    error_code ignored;
    c->socket.close(ignored);
    c->gap_timer.cancel();
    c->keepalive.cancel();
    if (conn == c) conn.reset();
  }

  void do_read(const std::shared_ptr<Conn>& c) {
    auto area = c->splitter.prepare(16384);
    c->socket.async_read_some(asio::buffer(area.data(), area.size()),
                              [self = shared_from_this(), c](error_code ec, std::size_t n) {
                                if (ec) return self->drop(c);
                                self->on_bytes(c, n);
                              });
  }

  void on_bytes(const std::shared_ptr<Conn>& c, std::size_t n) {
    c->splitter.commit(n);
    Message m;
    for (;;) {
      auto more = c->splitter.next(m);
      if (!more) return drop(c);  // the client sent bytes that do not frame
      if (!*more) break;
      Bytes whole(m.body.data() - kHeaderSize, m.body.data() + m.body.size());
      {
        std::lock_guard lock(mutex);
        messages.push_back({c->number, m.header.type, m.header.id, std::move(whole)});
      }
      answer(c, m);
      if (!c->socket.is_open()) return;
    }
    do_read(c);
  }

  void answer(const std::shared_ptr<Conn>& c, const Message& m) {
    if (silent) return;
    std::uint16_t status = m.header.type == options.refuse_type ? options.refuse_status : 0;
    Bytes out;
    switch (m.header.type) {
      case msg::kGetReaderCapabilities:
        encode_capabilities(out, m.header.id, status, options.max_antennas);
        break;
      case msg::kSetReaderConfig:
        c->keepalive_ms = keepalive_period(m.body);
        encode_status_response(out, msg::kSetReaderConfigResponse, m.header.id, status);
        arm_keepalive(c);
        break;
      case msg::kDeleteRospec:
        encode_status_response(out, msg::kDeleteRospecResponse, m.header.id, status);
        break;
      case msg::kAddRospec:
        encode_status_response(out, msg::kAddRospecResponse, m.header.id, status);
        break;
      case msg::kEnableRospec:
        encode_status_response(out, msg::kEnableRospecResponse, m.header.id, status);
        break;
      case msg::kStartRospec:
        encode_status_response(out, msg::kStartRospecResponse, m.header.id, status);
        if (!status) {
          std::lock_guard lock(mutex);
          started = true;
        }
        break;
      case msg::kStopRospec:
        encode_status_response(out, msg::kStopRospecResponse, m.header.id, status);
        break;
      case msg::kCloseConnection:
        encode_status_response(out, msg::kCloseConnectionResponse, m.header.id, status);
        c->close_after_write = true;
        break;
      default:
        return;
    }
    write(c, std::move(out));
  }

  void arm_keepalive(const std::shared_ptr<Conn>& c) {
    if (c->keepalive_ms == 0) return;
    c->keepalive.expires_after(std::chrono::milliseconds(c->keepalive_ms));
    c->keepalive.async_wait([self = shared_from_this(), c](error_code ec) {
      if (ec || !c->socket.is_open()) return;
      if (!self->silent) self->send_keepalive_now(c);
      self->arm_keepalive(c);
    });
  }

  void send_keepalive_now(const std::shared_ptr<Conn>& c) {
    Bytes k;
    Writer w(k);
    w.end_message(w.begin_message(msg::kKeepalive, next_id++));
    write(c, std::move(k));
  }

  void write(const std::shared_ptr<Conn>& c, Bytes bytes) {
    if (segment == 0 || bytes.size() <= segment) {
      c->pieces.push_back(std::move(bytes));
    } else {
      for (std::size_t pos = 0; pos < bytes.size(); pos += segment)
        c->pieces.emplace_back(
            bytes.begin() + static_cast<long>(pos),
            bytes.begin() + static_cast<long>(std::min(pos + segment, bytes.size())));
    }
    if (!c->writing) do_write(c);
  }

  void do_write(const std::shared_ptr<Conn>& c) {
    if (c->pieces.empty()) {
      if (stream_left > 0 && stream_buf) {
        --stream_left;
        c->writing = true;
        asio::async_write(
            c->socket, asio::buffer(*stream_buf),
            [self = shared_from_this(), c, keep = stream_buf](error_code ec, std::size_t) {
              if (ec) return self->drop(c);
              if (self->stream_left == 0) {
                std::lock_guard lock(self->mutex);
                self->streamed = true;
              }
              self->do_write(c);
            });
        return;
      }
      c->writing = false;
      if (c->close_after_write) drop(c);
      return;
    }
    c->writing = true;
    auto piece = std::make_shared<Bytes>(std::move(c->pieces.front()));
    c->pieces.pop_front();
    asio::async_write(c->socket, asio::buffer(*piece),
                      [self = shared_from_this(), c, piece](error_code ec, std::size_t) {
                        if (ec) return self->drop(c);
                        if (self->gap.count() > 0 && !c->pieces.empty()) {
                          c->gap_timer.expires_after(self->gap);
                          c->gap_timer.async_wait([self, c](error_code e) {
                            if (!e) self->do_write(c);
                          });
                          return;
                        }
                        self->do_write(c);
                      });
  }
};

LlrpSim::LlrpSim(SimOptions options) : impl_(std::make_shared<Impl>(options)) {
  tcp::endpoint ep(asio::ip::make_address("127.0.0.1"), 0);
  impl_->acceptor.open(ep.protocol());
  impl_->acceptor.set_option(tcp::acceptor::reuse_address(true));
  impl_->acceptor.bind(ep);
  impl_->acceptor.listen();
  impl_->do_accept();
  impl_->thread = std::thread([impl = impl_] { impl->io.run(); });
}

LlrpSim::~LlrpSim() {
  // Closing everything lets every pending handler finish, so run() returns by itself and no
  // handler (each holds the Impl) is left behind in the io_context.
  asio::post(impl_->io, [impl = impl_] {
    error_code ignored;
    impl->acceptor.close(ignored);
    impl->stream_left = 0;
    if (impl->conn) impl->drop(impl->conn);
  });
  impl_->thread.join();
}

std::uint16_t LlrpSim::port() const { return impl_->acceptor.local_endpoint().port(); }

void LlrpSim::send_report(std::vector<SimTag> tags) {
  asio::post(impl_->io, [impl = impl_, tags = std::move(tags)] {
    if (!impl->conn) return;
    Bytes out;
    encode_report(out, impl->next_id++, tags);
    impl->write(impl->conn, std::move(out));
  });
}

void LlrpSim::send_coalesced(std::vector<Bytes> messages) {
  asio::post(impl_->io, [impl = impl_, messages = std::move(messages)] {
    if (!impl->conn) return;
    Bytes out;
    for (const auto& m : messages) out.insert(out.end(), m.begin(), m.end());
    impl->write(impl->conn, std::move(out));
  });
}

void LlrpSim::send_keepalive() {
  asio::post(impl_->io, [impl = impl_] {
    if (impl->conn) impl->send_keepalive_now(impl->conn);
  });
}

void LlrpSim::send_raw(Bytes bytes) {
  asio::post(impl_->io, [impl = impl_, bytes = std::move(bytes)]() mutable {
    if (impl->conn) impl->write(impl->conn, std::move(bytes));
  });
}

void LlrpSim::stream(std::shared_ptr<const Bytes> bytes, std::size_t times) {
  asio::post(impl_->io, [impl = impl_, bytes = std::move(bytes), times] {
    impl->stream_buf = bytes;
    impl->stream_left = times;
    {
      std::lock_guard lock(impl->mutex);
      impl->streamed = times == 0;
    }
    if (impl->conn && !impl->conn->writing) impl->do_write(impl->conn);
  });
}

void LlrpSim::set_segments(std::size_t bytes, std::chrono::milliseconds gap) {
  asio::post(impl_->io, [impl = impl_, bytes, gap] {
    impl->segment = bytes;
    impl->gap = gap;
  });
}

void LlrpSim::set_silent(bool silent) {
  asio::post(impl_->io, [impl = impl_, silent] { impl->silent = silent; });
}

void LlrpSim::close_client() {
  asio::post(impl_->io, [impl = impl_] {
    if (impl->conn) impl->drop(impl->conn);
  });
}

int LlrpSim::connections() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->accepted;
}

bool LlrpSim::session_started() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->started;
}

bool LlrpSim::stream_done() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->streamed;
}

std::vector<SimMessage> LlrpSim::received() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->messages;
}

std::vector<std::uint16_t> LlrpSim::received_types(int connection) const {
  std::lock_guard lock(impl_->mutex);
  std::vector<std::uint16_t> out;
  for (const auto& m : impl_->messages)
    if (m.connection == connection) out.push_back(m.type);
  return out;
}

std::size_t LlrpSim::count(std::uint16_t type) const {
  std::lock_guard lock(impl_->mutex);
  std::size_t n = 0;
  for (const auto& m : impl_->messages) n += m.type == type;
  return n;
}

bool LlrpSim::wait_for(const std::function<bool()>& pred, std::chrono::milliseconds timeout) const {
  auto until = std::chrono::steady_clock::now() + timeout;
  while (!pred()) {
    if (std::chrono::steady_clock::now() >= until) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return true;
}

}  // namespace rfinv::test::llrp
