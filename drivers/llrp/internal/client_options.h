// Tunables of the LLRP client, with their defaults, and their parsing from a reader URI:
//   llrp://HOST[:PORT]?antennas=1,2&keepalive_ms=10000&silence_ms=30000&connect_timeout_ms=5000
//        &response_timeout_ms=5000&stop_timeout_ms=1000&backoff_min_ms=500&backoff_max_ms=30000
//        &report_every=1&max_message=16777216
// Threading: plain values.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "base/result.h"
#include "drivers/reader_uri.h"

namespace rfinv::drivers::llrp {

using Millis = std::chrono::milliseconds;

// A reader without keepalives may legitimately be quiet for hours (no tags in the field).
inline constexpr Millis kNoSilenceWatch{24LL * 3600 * 1000};

struct ClientOptions {
  std::string host;
  std::uint16_t port = 5084;
  std::vector<std::uint16_t> antennas;  // empty = all antennas. Default: all
  Millis keepalive{10000};              // KeepaliveSpec period asked of the reader. Default: 10 s
  // No message for this long = lost. Default: 3 x keepalive, or kNoSilenceWatch when
  // keepalive_ms=0 and silence_ms is not given.
  Millis silence{30000};
  Millis connect_timeout{5000};    // resolve + TCP connect + connection event. Default: 5 s
  Millis response_timeout{5000};   // each request until its response. Default: 5 s
  Millis stop_timeout{1000};       // stop(): wait for CLOSE_CONNECTION_RESPONSE. Default: 1 s
  Millis backoff_min{500};         // first reconnect delay, doubled per failure. Default: 0.5 s
  Millis backoff_max{30000};       // cap of the reconnect delay. Default: 30 s
  std::uint16_t report_every = 1;  // ROReportSpec N (tags per RO_ACCESS_REPORT). Default: 1
  std::size_t max_message = 16u * 1024 * 1024;  // longer messages drop the connection
  std::size_t max_queued = 64;                  // outbound messages waiting to be written
};

// Validates host, port and the query; fails with invalid_argument naming the bad part.
// silence defaults to 3 x keepalive (see ClientOptions::silence).
Result<ClientOptions> options_from_uri(const ReaderUri& uri);

}  // namespace rfinv::drivers::llrp
