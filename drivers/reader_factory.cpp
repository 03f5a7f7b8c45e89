// The single door from a URI to a backend: parse once, then hand the parts to the backend
// that owns the scheme. Backends validate the query parameters they understand.
#include "drivers/backends.h"

namespace rfinv::drivers {

Result<std::unique_ptr<Reader>> open_reader(boost::asio::io_context& io, std::string name,
                                            std::string_view uri_text) {
  auto uri = parse_reader_uri(uri_text);
  if (!uri) return uri.error();
  if (uri->scheme == "sim") return make_sim_reader(io, std::move(name), *uri);
  return make_error(Errc::unsupported, "reader URI scheme '{}' is not supported by this build",
                    uri->scheme);
}

}  // namespace rfinv::drivers
