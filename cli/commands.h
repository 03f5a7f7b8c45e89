// Each command group registers its subcommands on the app. Handlers parse, call one module
// function, and print through cli/output.h; failures throw CliError (see context.h).
#pragma once

#include <CLI/CLI.hpp>

#include "cli/context.h"

namespace rfinv::cli {

// Makes `fn` the command's action when `sub` is chosen.
inline void on_run(CLI::App* sub, Context& ctx, std::function<void()> fn) {
  sub->callback([&ctx, fn = std::move(fn)] { ctx.action = fn; });
}

void add_catalog_commands(CLI::App& app, Context& ctx);
void add_tag_commands(CLI::App& app, Context& ctx);
void add_reader_commands(CLI::App& app, Context& ctx);

}  // namespace rfinv::cli
