// What a browser fetches to show a page of the web app: the HTML, the stylesheets and scripts
// it names, and every ES module those import, followed statically (import ... from '...').
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "bench/web/http_client.h"

namespace rfinv::bench {

struct Fetched {
  std::string path;
  std::size_t bytes = 0;
  unsigned status = 0;
};

// Fetches `page` and everything it loads through `client`, each file once, in the order found.
std::vector<Fetched> page_closure(HttpClient& client, const std::string& page,
                                  const std::string& cookie);

}  // namespace rfinv::bench
