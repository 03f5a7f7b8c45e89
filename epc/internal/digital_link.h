// GS1 Digital Link URI syntax (path and query of https://id.gs1.org/01/.../10/...?17=...).
// Private to the codec: callers use parse_gs1 / to_digital_link (epc/gs1_element_string.h).
#pragma once

#include <string_view>
#include <vector>

#include "base/result.h"
#include "epc/gs1_element_string.h"

namespace rfinv::epc::detail {

// True when `text` starts with an http or https scheme (any case), i.e. is meant as a URI.
bool looks_like_uri(std::string_view text);

// The elements a Digital Link URI carries: the primary key, its qualifiers in path order,
// then the query's data attributes in their order. Checks the URI's syntax and the order of
// the path; the values themselves are checked by make_gs1_data.
Result<std::vector<AiElement>> parse_digital_link(std::string_view uri);

}  // namespace rfinv::epc::detail
