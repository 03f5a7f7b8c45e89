// Reader URIs, parsed once and handed to the backend that owns the scheme:
//   llrp://HOST[:PORT][?antennas=1,2]                      (port 5084 by default)
//   serial:///dev/ttyUSB0?baud=115200&protocol=r2000        (also /dev/ttyACM0, CDC-ACM)
//   usb://VID:PID[?serial=S][&protocol=r2000]               (hex VID:PID, e.g. 1209:0001)
//   sim://PATH/scenario.json[?seed=N][&speed=X|max]        (sim:///abs/path or sim://rel/path;
//                                                          speed 1 = real time, the default)
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "base/result.h"

namespace rfinv::drivers {

struct ReaderUri {
  std::string scheme;  // "llrp", "serial", "usb", "sim"
  std::string host;    // llrp: name or address (IPv6 unbracketed); usb: "vvvv:pppp" lowercase hex
  std::uint16_t port = 0;                    // llrp only; 0 when not given
  std::string path;                          // serial: device path; sim: scenario file
  std::map<std::string, std::string> query;  // decoded query parameters
};

// Fails with invalid_argument naming what is wrong (unknown scheme, bad port, empty path...).
Result<ReaderUri> parse_reader_uri(std::string_view text);

}  // namespace rfinv::drivers
