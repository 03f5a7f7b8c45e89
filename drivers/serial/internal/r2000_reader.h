// The R2000 reader engine, shared by the serial and USB HID backends: it polls the module with
// real-time inventory over the configured antennas, turns tag reports into TagRead batches,
// watches for silence, and reconnects with capped exponential backoff. The byte transport
// (serial_port, libusb) is a Transport supplied by the backend.
//
// Threading: the engine lives on one strand of the reader's io_context; every Transport call
// is made on that strand and every Transport callback must be delivered on it.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/strand.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "base/result.h"
#include "drivers/reader.h"
#include "drivers/reader_uri.h"

namespace rfinv::drivers::r2000 {

using Strand = boost::asio::strand<boost::asio::io_context::executor_type>;

// Polling settings common to serial and USB URIs (query parameters in brackets).
struct PollOptions {
  std::uint8_t address = 0xFF;  // [address] module address, 0xFF = broadcast. Default: 0xFF
  // [repeat] inventory rounds per 0x89 command; 0xFF asks the module for its shortest round
  // (the vendor's recommendation). Default: 0xFF
  std::uint8_t repeat = 0xFF;
  // [antennas] e.g. "1,2,4": each round sets the work antenna first. Default: empty, which
  // polls whatever antenna the module is set to and sends no 0x74.
  std::vector<std::uint8_t> antennas;
  std::chrono::milliseconds reply_timeout{2000};  // [timeout_ms] silence that means "lost"
  std::chrono::milliseconds interval{0};          // [interval_ms] pause between rounds
  std::chrono::milliseconds backoff_min{250};     // [backoff_min_ms] first reconnect delay
  std::chrono::milliseconds backoff_max{10000};   // [backoff_max_ms] reconnect delay cap
};

// Reads the PollOptions parameters and `protocol` (only "r2000", the default) from a URI.
// Fails with invalid_argument naming the bad parameter. `allowed` lists the backend's own
// extra parameters so an unknown (misspelt) parameter is refused rather than ignored.
Result<PollOptions> parse_poll_options(const ReaderUri& uri,
                                       std::span<const std::string_view> allowed);

// A byte pipe to one module. Not thread-safe: used only on the engine's strand.
class Transport {
 public:
  struct Callbacks {
    std::function<void(std::span<const std::uint8_t> bytes)> on_bytes;
    // The link failed (read/write error, device gone). No more on_bytes for this open.
    std::function<void(std::string reason)> on_failure;
    // The device appeared (USB hotplug); worth retrying now instead of after the backoff.
    std::function<void()> on_arrival;
  };
  virtual ~Transport() = default;
  // Opens the link and starts reading. Stores `callbacks` first, so on_arrival works even
  // when the open fails. Fails with io naming the device and the reason.
  virtual Status open(Callbacks callbacks) = 0;
  // Queues one frame. Errors arrive through on_failure.
  virtual void write(std::vector<std::uint8_t> frame) = 0;
  // Closes the link; no on_bytes/on_failure for this open after it returns.
  virtual void close() = 0;
  // A note for the state reason when the transport runs in a degraded mode (e.g. USB
  // without hotplug); empty otherwise.
  virtual std::string note() const { return {}; }
};

using TransportFactory = std::function<std::shared_ptr<Transport>(const Strand& strand)>;

// The Reader for an R2000 module reached through the transport `make_transport` builds.
std::unique_ptr<Reader> make_r2000_reader(boost::asio::io_context& io, std::string name,
                                          PollOptions options, TransportFactory make_transport);

}  // namespace rfinv::drivers::r2000
