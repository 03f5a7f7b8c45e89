// Builds an Epc from the text of its fields, checking each against the scheme's rules, so
// that URI parsing and GS1-key construction report the same errors. Private to the codec.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/result.h"
#include "epc/epc.h"

namespace rfinv::epc::detail {

struct FieldText {
  int filter = 0;
  std::string_view company_prefix;
  std::string_view reference;
  std::string_view tail;  // serial or extension; unused for SSCC and GIAI
  bool escaped = false;   // alphanumeric fields are URI-escaped (true) or plain (false)
};

Result<Epc> build_epc(Scheme scheme, const FieldText& fields);

// Appends `value` in decimal, zero-padded to `width` digits. Hand-rolled because URI text is
// made for every new tag a reader reports.
void append_number(std::string& out, std::uint64_t value, int width = 0);

// Appends the reference as printed in a URI (zero-padded, or escaped text for GIAI-202).
void append_reference(const Epc& epc, std::string& out, bool escape);
// Appends the serial or extension as printed in a URI.
void append_tail(const Epc& epc, std::string& out, bool escape);

}  // namespace rfinv::epc::detail
