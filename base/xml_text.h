// Text made safe for XML and HTML: inside an element or a double-quoted attribute.
#pragma once

#include <string>
#include <string_view>

namespace rfinv {

// & < > " ' as entities; everything else as it is.
std::string xml_escape(std::string_view text);

}  // namespace rfinv
