// Header values, bit layouts and partition tables of the supported TDS binary schemes
// (TDS section 14; cross-checked against the GS1 Tag Data Translation 2.0 definitions).
// Private to the codec.
#pragma once

#include <cstdint>

#include "epc/epc.h"

namespace rfinv::epc::detail {

// What follows the company prefix and reference in the binary encoding.
enum class Tail : std::uint8_t {
  none,      // GIAI: the asset reference is the last field
  integer,   // SGTIN-96 / GRAI-96 serial, SGLN-96 extension
  text,      // 7-bit characters: SGTIN-198, SGLN-195, GRAI-170 serial/extension
  zero_pad,  // SSCC-96: 24 unallocated bits that must be zero
};

struct Layout {
  Scheme scheme;
  Family family;
  std::uint8_t header;
  std::uint16_t bits;
  const char* name;                // tag URI scheme name, "sgtin-96"
  const char* reference_name;      // for messages: "item reference", ...
  const char* tail_name;           // "serial", "extension" or ""
  std::uint8_t reference_bits[7];  // by partition value
  std::int8_t reference_digits0;   // digits of the reference at partition 0 (+1 per step);
                                   // -1: an integer printed without padding (GIAI-96)
  bool reference_is_text;          // GIAI-202
  Tail tail;
  std::uint8_t tail_bits;
  std::uint8_t tail_chars;  // longest text tail
};

// Company prefix bits by partition value; its digits are 12 - partition.
inline constexpr std::uint8_t kPrefixBits[7] = {40, 37, 34, 30, 27, 24, 20};

// nullptr for a header no supported scheme uses.
const Layout* layout_for_header(std::uint8_t header);
const Layout& layout_for(Scheme scheme);  // REQUIRES: scheme != raw

inline constexpr std::uint64_t kPow10[20] = {1ull,
                                             10ull,
                                             100ull,
                                             1000ull,
                                             10000ull,
                                             100000ull,
                                             1000000ull,
                                             10000000ull,
                                             100000000ull,
                                             1000000000ull,
                                             10000000000ull,
                                             100000000000ull,
                                             1000000000000ull,
                                             10000000000000ull,
                                             100000000000000ull,
                                             1000000000000000ull,
                                             10000000000000000ull,
                                             100000000000000000ull,
                                             1000000000000000000ull,
                                             10000000000000000000ull};

// Longest GIAI-202 asset reference (characters) for a partition: GIAI is at most 30
// characters, company prefix included.
inline int giai_text_limit(int partition) { return 30 - (12 - partition); }

}  // namespace rfinv::epc::detail
