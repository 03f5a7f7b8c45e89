#include "base/text.h"

#include <cstdint>

namespace rfinv {
namespace {

// The code point starting at text[at], advancing `at` past it; -1 when the bytes there are not
// a well-formed UTF-8 sequence (RFC 3629: shortest form, no surrogates, at most U+10FFFF).
std::int32_t next_code_point(std::string_view text, std::size_t& at) {
  auto byte = [&](std::size_t i) { return static_cast<std::uint8_t>(text[i]); };
  std::uint8_t lead = byte(at);
  int length = lead < 0x80             ? 1
               : (lead & 0xE0) == 0xC0 ? 2
               : (lead & 0xF0) == 0xE0 ? 3
               : (lead & 0xF8) == 0xF0 ? 4
                                       : 0;
  if (length == 0 || at + std::size_t(length) > text.size()) return -1;
  std::int32_t cp = length == 1 ? lead : lead & (0x7F >> length);
  for (int i = 1; i < length; ++i) {
    std::uint8_t next = byte(at + std::size_t(i));
    if ((next & 0xC0) != 0x80) return -1;
    cp = (cp << 6) | (next & 0x3F);
  }
  static constexpr std::int32_t kSmallest[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kSmallest[length] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return -1;
  at += std::size_t(length);
  return cp;
}

}  // namespace

std::size_t max_chars(TextKind kind) {
  switch (kind) {
    case TextKind::code:
      return 64;
    case TextKind::name:
      return 200;
    case TextKind::note:
      return 1000;
    case TextKind::setting:
      return 4096;
  }
  return 0;
}

Status check_text(std::string_view field, std::string_view text, TextKind kind) {
  std::size_t chars = 0;
  for (std::size_t at = 0; at < text.size();) {
    std::size_t start = at;
    std::int32_t cp = next_code_point(text, at);
    if (cp < 0)
      return make_error(Errc::invalid_argument,
                        "{} is not valid UTF-8 (byte 0x{:02X} at offset {})", field,
                        static_cast<std::uint8_t>(text[start]), start);
    ++chars;
    if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F))
      return make_error(Errc::invalid_argument,
                        "{} contains the control character U+{:04X} (character {})", field, cp,
                        chars);
  }
  if (chars > max_chars(kind))
    return make_error(Errc::invalid_argument, "{} has {} characters; at most {} are allowed", field,
                      chars, max_chars(kind));
  return {};
}

}  // namespace rfinv
