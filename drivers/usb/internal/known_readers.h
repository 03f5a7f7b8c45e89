// USB readers rfinv recognises, and the "VID:PID" notation of usb:// URIs. Private to
// drivers/usb.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "base/result.h"

namespace rfinv::drivers::usb {

struct UsbId {
  std::uint16_t vid = 0;
  std::uint16_t pid = 0;
};

struct KnownReader {
  UsbId id;
  std::string_view model;
  bool supported;  // false: recognised, but it speaks a protocol rfinv does not implement
};

std::span<const KnownReader> known_readers();
const KnownReader* find_known_reader(UsbId id);

// "1209:0001" (hex, 1-4 digits each). Fails with invalid_argument naming the text.
Result<UsbId> parse_usb_id(std::string_view text);

}  // namespace rfinv::drivers::usb
