#include "drivers/internal/backends.h"
#include "drivers/llrp/internal/client.h"
#include "drivers/llrp/internal/client_options.h"

namespace rfinv::drivers {

Result<std::unique_ptr<Reader>> make_llrp_reader(boost::asio::io_context& io, std::string name,
                                                 const ReaderUri& uri) {
  auto options = llrp::options_from_uri(uri);
  if (!options) return options.error();
  return std::unique_ptr<Reader>(
      std::make_unique<llrp::LlrpReader>(io, std::move(name), std::move(*options)));
}

}  // namespace rfinv::drivers
