#include "epc/internal/charset.h"

#include <fmt/format.h>

#include "base/hex.h"

namespace rfinv::epc::detail {
namespace {

bool must_escape(char c) {
  return c == '"' || c == '%' || c == '&' || c == '/' || c == '<' || c == '>' || c == '?';
}

}  // namespace

std::string describe_char(char c) {
  auto u = static_cast<unsigned char>(c);
  if (u >= 0x20 && u < 0x7f) return fmt::format("'{}'", c);
  return fmt::format("byte 0x{:02X}", u);
}

bool is_encodable(char c) {
  if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) return true;
  switch (c) {
    case '!':
    case '"':
    case '%':
    case '&':
    case '\'':
    case '(':
    case ')':
    case '*':
    case '+':
    case ',':
    case '-':
    case '.':
    case '/':
    case ':':
    case ';':
    case '<':
    case '=':
    case '>':
    case '?':
    case '_':
      return true;
    default:
      return false;
  }
}

void append_escaped(std::string_view text, std::string& out) {
  for (char c : text) {
    if (must_escape(c)) {
      fmt::format_to(std::back_inserter(out), "%{:02X}", static_cast<unsigned char>(c));
    } else {
      out.push_back(c);
    }
  }
}

Result<std::string> unescape_field(std::string_view text, std::string_view field) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size())
        return make_error(Errc::invalid_argument, "{} has a '%' without two hex digits after it",
                          field);
      int hi = hex_digit(text[i + 1]), lo = hex_digit(text[i + 2]);
      if (hi < 0 || lo < 0)
        return make_error(Errc::invalid_argument, "{} has a '%' without two hex digits after it",
                          field);
      char decoded = static_cast<char>(hi * 16 + lo);
      if (!is_encodable(decoded))
        return make_error(Errc::invalid_argument,
                          "{} escapes {}, which the TDS character set does not allow", field,
                          describe_char(decoded));
      out.push_back(decoded);
      i += 2;
      continue;
    }
    if (!is_encodable(c))
      return make_error(Errc::invalid_argument,
                        "{} has character {}, which the TDS character set does not allow", field,
                        describe_char(c));
    if (must_escape(c))
      return make_error(Errc::invalid_argument, "{} has '{}', which a URI must write as %{:02X}",
                        field, c, static_cast<unsigned char>(c));
    out.push_back(c);
  }
  return out;
}

}  // namespace rfinv::epc::detail
