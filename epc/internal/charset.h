// The character rules of alphanumeric EPC fields (TDS Appendix A, "GS1 AI encodable
// character set 82"): which characters a serial may hold, and how the URI escapes them.
// Private to the codec.
#pragma once

#include <string>
#include <string_view>

#include "base/result.h"

namespace rfinv::epc::detail {

// True for the 82 characters of the set: A-Z a-z 0-9 and ! " % & ' ( ) * + , - . / : ; < = > ? _
bool is_encodable(char c);
// "'#'" for a printable character, "byte 0x07" otherwise: for error messages.
std::string describe_char(char c);
// Appends `text` to `out` with the characters the URI syntax reserves (" % & / < > ?)
// written as %HH escapes.
void append_escaped(std::string_view text, std::string& out);
// Undoes URI escaping and checks every character; `field` names the field in errors.
Result<std::string> unescape_field(std::string_view text, std::string_view field);

}  // namespace rfinv::epc::detail
