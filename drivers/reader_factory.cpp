// The single door from a URI to a backend: parse once, then hand the parts to the backend
// that owns the scheme. Backends validate the query parameters they understand.
#include "drivers/internal/backends.h"

namespace rfinv::drivers {

Result<std::unique_ptr<Reader>> open_reader(boost::asio::io_context& io, std::string name,
                                            std::string_view uri_text) {
  auto uri = parse_reader_uri(uri_text);
  if (!uri) return uri.error();
  // parse_reader_uri accepts exactly these four schemes.
  if (uri->scheme == "llrp") return make_llrp_reader(io, std::move(name), *uri);
  if (uri->scheme == "serial") return make_serial_reader(io, std::move(name), *uri);
  if (uri->scheme == "usb") return make_usb_reader(io, std::move(name), *uri);
  return make_sim_reader(io, std::move(name), *uri);
}

}  // namespace rfinv::drivers
