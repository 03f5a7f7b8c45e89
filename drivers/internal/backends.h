// Private to drivers/: one constructor per backend, reached only through open_reader().
// Each validates the URI parts it needs and fails with invalid_argument naming the bad one.
#pragma once

#include "drivers/reader.h"
#include "drivers/reader_uri.h"

namespace rfinv::drivers {

Result<std::unique_ptr<Reader>> make_llrp_reader(boost::asio::io_context& io, std::string name,
                                                 const ReaderUri& uri);
Result<std::unique_ptr<Reader>> make_serial_reader(boost::asio::io_context& io, std::string name,
                                                   const ReaderUri& uri);
Result<std::unique_ptr<Reader>> make_usb_reader(boost::asio::io_context& io, std::string name,
                                                const ReaderUri& uri);
Result<std::unique_ptr<Reader>> make_sim_reader(boost::asio::io_context& io, std::string name,
                                                const ReaderUri& uri);

}  // namespace rfinv::drivers
