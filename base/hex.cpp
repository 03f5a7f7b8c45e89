#include "base/hex.h"

namespace rfinv {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

std::string to_hex(std::span<const std::uint8_t> bytes, HexCase letters) {
  const char* digits = letters == HexCase::upper ? "0123456789ABCDEF" : "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (std::uint8_t b : bytes) {
    out.push_back(digits[b >> 4]);
    out.push_back(digits[b & 15]);
  }
  return out;
}

Result<std::vector<std::uint8_t>> parse_hex(std::string_view text) {
  // Every character is checked before the length, so the error names the first thing to fix.
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (hex_digit(text[i]) >= 0) continue;
    auto u = static_cast<unsigned char>(text[i]);
    if (u >= 0x21 && u < 0x7f)
      return make_error(Errc::invalid_argument,
                        "hex: character '{}' at position {} is not a hex digit", text[i], i + 1);
    return make_error(Errc::invalid_argument,
                      "hex: byte 0x{:02X} at position {} is not a hex digit", u, i + 1);
  }
  if (text.size() % 2 != 0)
    return make_error(Errc::invalid_argument,
                      "hex: odd number of digits ({}); a byte is two digits", text.size());
  std::vector<std::uint8_t> out(text.size() / 2);
  for (std::size_t i = 0; i < out.size(); ++i)
    out[i] = static_cast<std::uint8_t>(hex_digit(text[2 * i]) * 16 + hex_digit(text[2 * i + 1]));
  return out;
}

}  // namespace rfinv
