#include "cli/commands.h"

namespace rfinv::cli {

// `rfinv tag ...`: EPC decode/encode, commissioning, unknown tags. (Filled in by the EPC work.)
void add_tag_commands(CLI::App&, Context&) {}

}  // namespace rfinv::cli
