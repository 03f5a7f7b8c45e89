#include <fmt/format.h>
#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cstdlib>
#include <optional>
#include <string_view>
#include <vector>

#include "base/text.h"
#include "cli/commands.h"

namespace {

using rfinv::Errc;
using rfinv::cli::CliError;

std::string login_name() {
  if (const char* user = std::getenv("USER"); user && *user) return user;
  if (const passwd* pw = getpwuid(getuid())) return pw->pw_name;
  return "unknown";
}

// Whether --json is on the line. Read from argv, not from the parsed option, so that a line
// CLI11 refuses still gets its error as JSON.
bool wants_json(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--") return false;
    if (arg == "--json") return true;
  }
  return false;
}

// Every failure ends here: one line on stderr, or under --json one object
// {"error": MESSAGE, "code": ERRC_NAME}; stdout already printed stays before it.
int report(bool json, const CliError& error) {
  std::fflush(stdout);
  if (json)
    fmt::print(stderr, "{}\n",
               boost::json::serialize(
                   boost::json::object{{"error", error.what()}, {"code", error.code()}}));
  else
    fmt::print(stderr, "rfinv: {}\n", error.what());
  return error.exit_code();
}

// Optimal string alignment distance: edits, with a swap of two neighbours as one edit, so
// "recieve" is one edit from "receive".
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i)
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.size()][b.size()];
}

// An option of `app` or of a parent it falls through to, or null.
const CLI::Option* find_option(CLI::App* app, const std::string& name) {
  for (; app; app = app->get_parent())
    if (const CLI::Option* opt = app->get_option_no_throw(name)) return opt;
  return nullptr;
}

// When the line names a command that does not exist ("rfinv recieve"), says so and suggests
// the nearest known command at that level. Walks the line as CLI11 would: known commands
// descend, options (and the value of an option that takes one) are skipped.
std::optional<std::string> unknown_command(CLI::App& app, int argc, char** argv) {
  CLI::App* current = &app;
  std::string path;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--") return std::nullopt;
    if (arg.size() > 1 && arg[0] == '-') {
      if (arg.find('=') == std::string::npos)
        if (const CLI::Option* opt = find_option(current, arg);
            opt && opt->get_items_expected_max() > 0)
          ++i;
      continue;
    }
    auto subs = current->get_subcommands([](CLI::App*) { return true; });
    if (subs.empty()) return std::nullopt;  // a leaf command's own arguments
    auto known =
        std::find_if(subs.begin(), subs.end(), [&](CLI::App* sub) { return sub->check_name(arg); });
    if (known != subs.end()) {
      current = *known;
      path += current->get_name() + " ";
      continue;
    }
    std::string best;
    std::size_t best_distance = 0;
    for (CLI::App* sub : subs) {
      std::size_t distance = edit_distance(arg, sub->get_name());
      if (best.empty() || distance < best_distance) {
        best = sub->get_name();
        best_distance = distance;
      }
    }
    std::string message = fmt::format("unknown command '{}{}'", path, arg);
    if (!best.empty() && best_distance <= std::max<std::size_t>(2, arg.size() / 3))
      return fmt::format("{}; did you mean '{}{}'?", message, path, best);
    return fmt::format("{} (see rfinv {}--help)", message, path);
  }
  return std::nullopt;
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
  auto* actor =
      app.add_option("--actor", ctx.actor, "who does this (default: the login name; not empty)");

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
  add_user_commands(app, ctx);
  add_database_commands(app, ctx);
  add_requisition_commands(app, ctx);
  add_recall_commands(app, ctx);
  add_plan_commands(app, ctx);
  add_report_commands(app, ctx);
  add_scan_commands(app, ctx);

  const bool json = wants_json(argc, argv);
  // No command at all: the help, on stderr (stdout carries only results), as bad input.
  if (argc <= 1) {
    fmt::print(stderr, "{}", app.help());
    return 2;
  }
  // Every argument follows the rule for text from outside (README "Text"), so nothing rfinv
  // stores or echoes back from the command line can be malformed or a terminal escape.
  for (int i = 1; i < argc; ++i)
    if (auto ok = rfinv::check_text(fmt::format("command-line argument {}", i), argv[i],
                                    rfinv::TextKind::setting);
        !ok)
      return report(json, CliError(Errc::invalid_argument, ok.error().message));
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help (and its like) is success and prints where CLI11 prints it; every other parse
    // error is bad input, exit 2, reported like any other failure.
    if (e.get_exit_code() == 0) return app.exit(e);
    std::string message = unknown_command(app, argc, argv).value_or(e.what());
    return report(json, CliError(Errc::invalid_argument, message));
  }
  if (ctx.db_path.empty()) {
    const char* env = std::getenv("RFINV_DB");
    ctx.db_path = env && *env ? env : "rfinv.db";
  }
  if (actor->count() > 0 && ctx.actor.find_first_not_of(" \t") == std::string::npos)
    return report(json, CliError(Errc::invalid_argument,
                                 "--actor must name someone (leave it out for the login name)"));
  if (ctx.actor.empty()) ctx.actor = login_name();
  if (auto ok = rfinv::check_text("the actor (--actor, else the login name)", ctx.actor,
                                  rfinv::TextKind::name);
      !ok)
    return report(json, CliError(Errc::invalid_argument, ok.error().message));
  if (!ctx.action)
    return report(json, CliError(Errc::invalid_argument, "choose a command (see rfinv --help)"));
  try {
    ctx.action();
  } catch (const CliError& e) {
    return report(json, e);
  }
  return 0;
}
