#include "drivers/usb/internal/known_readers.h"

#include <algorithm>
#include <charconv>

namespace rfinv::drivers::usb {

namespace {

// Only VID:PIDs with evidence behind them (PROTOCOLS.md §5.1). 1209:0001 is the pid.codes
// test PID used by our R2000-over-HID module description; the Fongwah readers use their own
// ASCII protocol, so they are listed to be recognised, not driven.
constexpr KnownReader kKnown[] = {
    {{0x1209, 0x0001}, "R2000 HID module (0xA0 frames in 64-byte reports)", true},
    {{0x0e6a, 0x0317}, "Fongwah UHF-U1/U6 desktop reader (vendor protocol, not supported)", false},
};

}  // namespace

std::span<const KnownReader> known_readers() { return kKnown; }

const KnownReader* find_known_reader(UsbId id) {
  const auto* it = std::ranges::find_if(
      kKnown, [&](const KnownReader& k) { return k.id.vid == id.vid && k.id.pid == id.pid; });
  return it == std::end(kKnown) ? nullptr : it;
}

Result<UsbId> parse_usb_id(std::string_view text) {
  const auto colon = text.find(':');
  auto parse = [](std::string_view part, std::uint16_t& out) {
    if (part.empty() || part.size() > 4) return false;
    const auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), out, 16);
    return ec == std::errc{} && end == part.data() + part.size();
  };
  UsbId id;
  if (colon == std::string_view::npos || !parse(text.substr(0, colon), id.vid) ||
      !parse(text.substr(colon + 1), id.pid)) {
    return make_error(Errc::invalid_argument,
                      "usb reader '{}' is not VID:PID in hex (e.g. usb://1209:0001)", text);
  }
  return id;
}

}  // namespace rfinv::drivers::usb
