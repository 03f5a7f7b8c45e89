// The web app's static files: web/ (index.html for /) and /vendor/ from Debian's libjs-*
// packages under /usr/share/javascript. Paths with ".." or a NUL are refused.
//
// Threading: reads files only; any thread.
#pragma once

#include <string>

#include "webapp/http.h"

namespace rfinv::webapp {

Response serve_static(const Request& req, const std::string& web_root,
                      const std::string& vendor_root);

}  // namespace rfinv::webapp
