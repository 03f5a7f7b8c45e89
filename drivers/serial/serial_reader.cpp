// serial:///dev/ttyUSB0?baud=115200&protocol=r2000 — an R2000 module on a UART, a USB-serial
// bridge or a CDC-ACM device (/dev/ttyACM0): all are a tty to Boost.Asio's serial_port.
#include <algorithm>
#include <array>
#include <boost/asio/serial_port.hpp>
#include <boost/asio/write.hpp>
#include <deque>

#include "drivers/internal/backends.h"
#include "drivers/serial/internal/r2000_reader.h"

namespace rfinv::drivers {

namespace {

constexpr unsigned kDefaultBaud = 115200;
constexpr unsigned kBaudRates[] = {9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600};

// Lives on the engine's strand. Handlers hold a shared_ptr to it, so a closed port's
// cancelled operations can complete after the engine has let go.
class SerialTransport final : public r2000::Transport,
                              public std::enable_shared_from_this<SerialTransport> {
 public:
  SerialTransport(const r2000::Strand& strand, std::string device, unsigned baud)
      : strand_(strand), device_(std::move(device)), baud_(baud), port_(strand) {}

  ~SerialTransport() override { close(); }

  Status open(Callbacks callbacks) override {
    callbacks_ = std::move(callbacks);
    boost::system::error_code ec;
    port_.open(device_, ec);  // Asio puts the tty in raw mode
    if (ec) return make_error(Errc::io, "cannot open {}: {}", device_, ec.message());
    using P = boost::asio::serial_port_base;
    const auto fail = [&](const char* what) {
      auto error = make_error(Errc::io, "cannot set {} on {}: {}", what, device_, ec.message());
      boost::system::error_code ignored;
      port_.close(ignored);
      return error;
    };
    port_.set_option(P::baud_rate(baud_), ec);
    if (ec) return fail("baud rate");
    port_.set_option(P::character_size(8), ec);
    if (ec) return fail("8 data bits");
    port_.set_option(P::parity(P::parity::none), ec);
    if (ec) return fail("no parity");
    port_.set_option(P::stop_bits(P::stop_bits::one), ec);
    if (ec) return fail("1 stop bit");
    port_.set_option(P::flow_control(P::flow_control::none), ec);
    if (ec) return fail("no flow control");
    ++generation_;
    writes_.clear();
    writing_ = false;
    do_read();
    return {};
  }

  void write(std::vector<std::uint8_t> frame) override {
    writes_.push_back(std::move(frame));
    if (!writing_) do_write();
  }

  void close() override {
    ++generation_;
    writes_.clear();
    writing_ = false;
    boost::system::error_code ignored;
    if (port_.is_open()) port_.close(ignored);
  }

 private:
  void do_read() {
    port_.async_read_some(
        boost::asio::buffer(read_buffer_),
        [self = shared_from_this(), gen = generation_](
            boost::system::error_code ec, std::size_t n) { self->on_read(gen, ec, n); });
  }

  void on_read(std::uint64_t gen, boost::system::error_code ec, std::size_t n) {
    if (gen != generation_) return;  // from a port closed since
    if (ec) {
      fail(ec == boost::asio::error::eof
               ? fmt::format("{} closed (end of file)", device_)
               : fmt::format("read from {} failed: {}", device_, ec.message()));
      return;
    }
    callbacks_.on_bytes(std::span<const std::uint8_t>(read_buffer_.data(), n));
    if (gen == generation_) do_read();
  }

  void do_write() {
    writing_ = true;
    boost::asio::async_write(
        port_, boost::asio::buffer(writes_.front()),
        [self = shared_from_this(), gen = generation_](boost::system::error_code ec, std::size_t) {
          if (gen != self->generation_) return;
          if (ec) {
            self->fail(fmt::format("write to {} failed: {}", self->device_, ec.message()));
            return;
          }
          self->writes_.pop_front();
          self->writing_ = false;
          if (!self->writes_.empty()) self->do_write();
        });
  }

  void fail(std::string reason) {
    ++generation_;
    if (callbacks_.on_failure) callbacks_.on_failure(std::move(reason));
  }

  r2000::Strand strand_;
  std::string device_;
  unsigned baud_;
  boost::asio::serial_port port_;
  Callbacks callbacks_;
  std::array<std::uint8_t, 512> read_buffer_{};
  std::deque<std::vector<std::uint8_t>> writes_;
  bool writing_ = false;
  std::uint64_t generation_ = 0;
};

}  // namespace

Result<std::unique_ptr<Reader>> make_serial_reader(boost::asio::io_context& io, std::string name,
                                                   const ReaderUri& uri) {
  if (uri.path.empty()) {
    return make_error(Errc::invalid_argument,
                      "serial reader URI names no device (serial:///dev/ttyUSB0?baud=115200)");
  }
  constexpr std::string_view kExtra[] = {"baud"};
  auto options = r2000::parse_poll_options(uri, kExtra);
  if (!options) return options.error();
  unsigned baud = kDefaultBaud;
  if (auto it = uri.query.find("baud"); it != uri.query.end()) {
    const auto known = std::ranges::find_if(
        kBaudRates, [&](unsigned rate) { return std::to_string(rate) == it->second; });
    if (known == std::end(kBaudRates)) {
      return make_error(Errc::invalid_argument,
                        "baud={} is not a supported rate (9600 .. 921600, standard rates only)",
                        it->second);
    }
    baud = *known;
  }
  std::string device = uri.path;
  return r2000::make_r2000_reader(io, std::move(name), std::move(*options),
                                  [device = std::move(device), baud](const r2000::Strand& strand) {
                                    return std::make_shared<SerialTransport>(strand, device, baud);
                                  });
}

}  // namespace rfinv::drivers
