#include "base/json_text.h"

#include <boost/json/serialize.hpp>
#include <charconv>
#include <cmath>

namespace rfinv {
namespace {

void append_number(std::string& out, double x) {
  if (!std::isfinite(x)) {
    out += "null";
    return;
  }
  if (x == 0) x = 0;  // -0 as 0
  // Fixed notation at the shortest round-trip precision: at most 309 digits before the point
  // (DBL_MAX) or 324 after it (the smallest subnormal), a sign and the point.
  char buffer[400];
  auto end = std::to_chars(buffer, buffer + sizeof buffer, x, std::chars_format::fixed).ptr;
  out.append(buffer, end);
}

void append(std::string& out, const boost::json::value& value) {
  switch (value.kind()) {
    case boost::json::kind::object: {
      out += '{';
      bool first = true;
      for (const auto& member : value.get_object()) {
        if (!first) out += ',';
        first = false;
        out += boost::json::serialize(member.key());
        out += ':';
        append(out, member.value());
      }
      out += '}';
      return;
    }
    case boost::json::kind::array: {
      out += '[';
      bool first = true;
      for (const auto& element : value.get_array()) {
        if (!first) out += ',';
        first = false;
        append(out, element);
      }
      out += ']';
      return;
    }
    case boost::json::kind::double_:
      return append_number(out, value.get_double());
    default:  // strings, whole numbers, booleans and null as Boost.JSON writes them
      out += boost::json::serialize(value);
  }
}

}  // namespace

std::string json_text(const boost::json::value& value) {
  std::string out;
  append(out, value);
  return out;
}

}  // namespace rfinv
