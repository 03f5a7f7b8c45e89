#include "cli/commands.h"

namespace rfinv::cli {

void add_catalog_commands(CLI::App& app, Context& ctx) {
  auto* dept = app.add_subcommand("dept", "departments")->require_subcommand(1);
  (void)dept;
  (void)ctx;
}

}  // namespace rfinv::cli
