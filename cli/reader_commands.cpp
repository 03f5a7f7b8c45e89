#include "cli/commands.h"

namespace rfinv::cli {

// `rfinv reader ...`: add, list, test, scan-usb. (Filled in by the driver work.)
void add_reader_commands(CLI::App&, Context&) {}

}  // namespace rfinv::cli
