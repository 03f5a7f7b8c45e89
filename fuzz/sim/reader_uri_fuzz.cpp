// parse_reader_uri on arbitrary text: never crashes, and whatever it accepts keeps the
// promises backends rely on (known scheme, a host for llrp/usb, a path for serial/sim).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "drivers/reader_uri.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto uri = rfinv::drivers::parse_reader_uri(text);
  if (!uri) {
    if (uri.error().message.empty()) __builtin_trap();
    return 0;
  }
  if (uri->scheme == "llrp" || uri->scheme == "usb") {
    if (uri->host.empty() || !uri->path.empty()) __builtin_trap();
  } else if (uri->scheme == "serial") {
    if (uri->path.empty() || uri->path[0] != '/') __builtin_trap();
  } else if (uri->scheme == "sim") {
    if (uri->path.empty()) __builtin_trap();
  } else {
    __builtin_trap();
  }
  for (const auto& [key, value] : uri->query)
    if (key.empty()) __builtin_trap();
  return 0;
}
