// Bytes as hexadecimal text and back: EPCs, digests, tokens, wire dumps.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace rfinv {

enum class HexCase { upper, lower };

// The value of one hex digit (either case), or -1 for any other character. For parsers of
// their own formats: percent escapes, addresses.
int hex_digit(char c);

// Two digits per byte, no separators. Upper case unless asked: EPCs are written that way.
std::string to_hex(std::span<const std::uint8_t> bytes, HexCase letters = HexCase::upper);

// Two digits per byte, either case, no separators; empty text is no bytes. Errors
// (invalid_argument): a character that is not a hex digit (named with its position), or an odd
// number of digits.
Result<std::vector<std::uint8_t>> parse_hex(std::string_view text);

}  // namespace rfinv
