#include "drivers/backends.h"
#include "drivers/llrp/client_options.h"

namespace rfinv::drivers {

Result<std::unique_ptr<Reader>> make_llrp_reader(boost::asio::io_context& io, std::string name,
                                                 const ReaderUri& uri) {
  (void)io;
  (void)name;
  auto options = llrp::options_from_uri(uri);
  if (!options) return options.error();
  return make_error(Errc::unsupported, "llrp reader: client not built yet");
}

}  // namespace rfinv::drivers
