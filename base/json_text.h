// JSON text as rfinv prints it (CLI --json, the web API): Boost.JSON's serialization, except
// that a floating-point number is written as a plain decimal, the shortest that reads back as
// the same double (0.25, 1200, 0.0001), never in exponent form (2.5E-1, 1.2E3), which people
// and spreadsheet imports misread. -0 is written 0; NaN and infinities, which JSON cannot hold,
// are written null.
#pragma once

#include <boost/json/value.hpp>
#include <string>

namespace rfinv {

std::string json_text(const boost::json::value& value);

}  // namespace rfinv
