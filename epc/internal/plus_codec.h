// The TDS 2.x "+" EPC schemes (SGTIN+, DSGTIN+, SSCC+, SGLN+, GRAI+, GIAI+: TDS 14.6) and the
// +AIDC data that may follow them (TDS 15.3), with the encoding methods of TDS 14.5. These
// schemes are not partitioned by company prefix: the EPC is its GS1 element string in binary.
// Private to the codec; callers use epc.h and epc/tag_gs1_data.h.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "epc/epc.h"
#include "epc/gs1_element_string.h"

namespace rfinv::epc::detail {

struct PlusLayout {
  Scheme scheme;
  Family family;
  std::uint8_t header;
  std::string_view name;     // "sgtin+"
  std::string_view key_ai;   // the GS1 key: "01", "00", "414", "8003", "8004"
  std::string_view tail_ai;  // the serial component: "21", "254", or empty
};

const PlusLayout* plus_layout_for_header(std::uint8_t header);
const PlusLayout* plus_layout(Scheme scheme);  // nullptr for the older schemes and raw

struct PlusContent {
  Scheme scheme = Scheme::raw;
  int filter = 0;
  bool aidc_toggle = false;
  // The key's elements, the DSGTIN+ date, then the +AIDC data, in binary order; unchecked
  // (make_gs1_data checks the values).
  std::vector<AiElement> elements;
};

// Decodes EPC memory that starts with a "+" header. Bits after the last element must be
// zero (padding to 16-bit words).
Result<PlusContent> decode_plus(std::span<const std::uint8_t> bytes);

// decode_plus, then every value checked as make_gs1_data does (check digits, dates against
// the system clock's today): what decode() and validate() run for a "+" header.
Result<PlusContent> checked_plus(std::span<const std::uint8_t> bytes);

// The elements of a "+" EPC that decode() accepted (empty if its bytes were altered since).
std::vector<AiElement> plus_elements(const Epc& epc);

// Encodes a "+" EPC: `elements` holds the scheme's key elements, for DSGTIN+ the date element
// `date_ai` (empty: the first of 17, 15, 16, 11, 13, 7006 present), and anything else, which
// becomes +AIDC data in the given order. The result is padded with zeros to 16-bit words.
Result<std::vector<std::uint8_t>> encode_plus(Scheme scheme, int filter,
                                              const std::vector<AiElement>& elements,
                                              std::string_view date_ai);

}  // namespace rfinv::epc::detail
