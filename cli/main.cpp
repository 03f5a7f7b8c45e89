#include <fmt/format.h>
#include <pwd.h>
#include <unistd.h>

#include <cstdlib>

#include "cli/commands.h"

namespace {

std::string login_name() {
  if (const char* user = std::getenv("USER"); user && *user) return user;
  if (const passwd* pw = getpwuid(getuid())) return pw->pw_name;
  return "unknown";
}

}  // namespace

int main(int argc, char** argv) {
  using namespace rfinv::cli;
  Context ctx;
  CLI::App app{"rfinv: RFID warehouse and asset inventory"};
  app.require_subcommand(1);
  // Global options may stand anywhere on the line: subcommands hand unknown options up.
  app.fallthrough();
  app.add_option("--db", ctx.db_path, "SQLite database file (default: $RFINV_DB or ./rfinv.db)");
  app.add_flag("--json", ctx.json, "machine-readable JSON output");
  app.add_option("--actor", ctx.actor, "who does this (default: the login name)");

  add_catalog_commands(app, ctx);
  add_ledger_commands(app, ctx);
  add_alert_commands(app, ctx);
  add_demo_command(app, ctx);
  add_pipeline_commands(app, ctx);
  add_count_commands(app, ctx);
  add_tag_commands(app, ctx);
  add_reader_commands(app, ctx);
  add_hub_commands(app, ctx);
  add_sync_commands(app, ctx);
  add_pool_commands(app, ctx);
  add_asset_commands(app, ctx);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  if (ctx.db_path.empty()) {
    const char* env = std::getenv("RFINV_DB");
    ctx.db_path = env && *env ? env : "rfinv.db";
  }
  if (ctx.actor.empty()) ctx.actor = login_name();
  if (!ctx.action) {
    fmt::print(stderr, "rfinv: choose a command (see rfinv --help)\n");
    return 2;
  }
  try {
    ctx.action();
  } catch (const CliError& e) {
    std::fflush(stdout);
    fmt::print(stderr, "rfinv: {}\n", e.what());
    return e.exit_code();
  }
  return 0;
}
