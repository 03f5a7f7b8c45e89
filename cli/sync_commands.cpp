// rfinv sync [join|status|outbox]: a node's link to the pool hub. `rfinv sync` alone runs
// one round.
#include <fmt/ranges.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include "base/clock.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "cli/views.h"
#include "service/node.h"

namespace rfinv::cli {
namespace {

void print_round(Context& ctx, const sync::RoundCounts& c) {
  print_rejections(c);
  if (ctx.json)
    return print_json({{"pushed", c.pushed},
                       {"rejected", c.rejected},
                       {"pulled", c.pulled},
                       {"applied", c.applied},
                       {"failed", c.failures.size()},
                       {"pending", c.pending}});
  fmt::print("pushed {} (rejected {}), pulled {}, applied {}, pending {}\n", c.pushed, c.rejected,
             c.pulled, c.applied, c.pending);
}

// The department's token from `file` ("-": standard input), else from $RFINV_TOKEN; never
// from an argument. Surrounding whitespace (the newline a file ends with) is not part of it.
std::string read_token(const std::string& file) {
  std::string token;
  if (file == "-") {
    std::stringstream text;
    text << std::cin.rdbuf();
    token = text.str();
  } else if (!file.empty()) {
    std::ifstream in(file, std::ios::binary);
    if (!in) fail(make_error(Errc::not_found, "cannot read the token file {}", file));
    std::stringstream text;
    text << in.rdbuf();
    token = text.str();
  } else if (const char* env = std::getenv("RFINV_TOKEN")) {
    token = env;
  }
  auto first = token.find_first_not_of(" \t\r\n");
  auto last = token.find_last_not_of(" \t\r\n");
  token = first == std::string::npos ? "" : token.substr(first, last - first + 1);
  if (token.empty())
    fail_input(
        "no token: give the department's token with --token-file FILE, --token-file - "
        "(standard input) or RFINV_TOKEN");
  return token;
}

}  // namespace

void add_sync_commands(CLI::App& app, Context& ctx) {
  auto* sync_cmd = app.add_subcommand("sync", "sync with the pool hub (alone: one round)")
                       ->require_subcommand(0, 1);

  auto* join = sync_cmd->add_subcommand("join", "join a hub: store its URL, department and token");
  auto s = std::make_shared<sync::NodeSettings>();
  auto ca = std::make_shared<std::string>();
  join->add_option("URL", s->hub_url, "https://HOST:PORT")->required();
  join->add_option("--dept", s->dept, "this node's department code")->required();
  auto token_file = std::make_shared<std::string>();
  auto token_argument = std::make_shared<std::string>();
  join->add_option("--token-file", *token_file,
                   "read the department's token (rfinv hub dept add) from FILE, or from standard "
                   "input with '-' (default: $RFINV_TOKEN)");
  // Kept only to refuse it with the way out: an argument is readable by every local user.
  join->add_option("--token", *token_argument)->group("");
  join->add_option("--ca", *ca, "the hub's certificate to pin (DIR/hub.crt)");
  on_run(join, ctx, [&ctx, s, ca, token_file, token_argument] {
    auto settings = *s;
    if (!token_argument->empty())
      fail_input(
          "--token would show the token to every local user (in /proc/PID/cmdline); give "
          "--token-file FILE, --token-file - (standard input) or RFINV_TOKEN instead");
    settings.token = read_token(*token_file);
    if (!ca->empty()) {
      std::ifstream in(*ca, std::ios::binary);
      if (!in) fail(make_error(Errc::not_found, "cannot read {}", *ca));
      std::stringstream text;
      text << in.rdbuf();
      settings.ca_pem = text.str();
    }
    need(ctx.node().join_hub(settings));
    fmt::print("joined {} as {}\n", settings.hub_url, settings.dept);
  });

  on_run(sync_cmd->add_subcommand("status", "show the hub link, cursor and outbox"), ctx, [&ctx] {
    auto status = need(ctx.node_to_read().sync_status());
    const auto& settings = status.settings;
    const auto& last = status.last_sync_at;
    if (ctx.json)
      return print_json({{"hub", settings.hub_url},
                         {"dept", settings.dept},
                         {"pinned_ca", settings.ca_pem.has_value()},
                         {"cursor", status.cursor},
                         {"pending", status.pending},
                         {"last_sync", last ? boost::json::value(format_utc(*last)) : nullptr},
                         {"last_error", or_null(status.last_error)}});
    Table t{{"field", "value"}, {}};
    t.rows = {{"hub", settings.hub_url},
              {"dept", settings.dept},
              {"pinned CA", settings.ca_pem ? "yes" : "no (system roots)"},
              {"cursor", std::to_string(status.cursor)},
              {"pending events", std::to_string(status.pending)},
              {"last sync", last ? format_utc(*last) : "-"},
              {"last error", status.last_error.value_or("-")}};
    print_table(t);
  });

  on_run(sync_cmd->add_subcommand("outbox", "list this node's pushed and pending events"), ctx,
         [&ctx] {
           auto entries = need(ctx.node_to_read().list_outbox(false));
           if (ctx.json) {
             boost::json::array a;
             for (const auto& e : entries)
               a.push_back({{"seq", e.seq},
                            {"type", e.type},
                            {"data", boost::json::parse(e.data)},
                            {"acked", e.acked},
                            {"event_id", or_null(e.event_id)},
                            {"error", or_null(e.error)}});
             return print_json(a);
           }
           Table t{{"seq", "type", "data", "state"}, {}};
           for (const auto& e : entries)
             t.rows.push_back({std::to_string(e.seq), e.type, e.data,
                               !e.acked  ? std::string("pending")
                               : e.error ? "refused: " + *e.error
                                         : "event " + std::to_string(e.event_id.value_or(0))});
           print_table(t);
         });

  // A round that completed but had events refused or not applied is not a success: the exit
  // code says so (4), and the message names them.
  on_run(sync_cmd, ctx, [&ctx] {
    auto round = need(ctx.node().sync_round());
    print_round(ctx, round);
    if (round.rejections.empty() && round.failures.empty()) return;
    std::vector<std::string> names;
    for (const auto& r : round.rejections) names.push_back("seq " + std::to_string(r.seq));
    for (const auto& f : round.failures) names.push_back("event " + std::to_string(f.event_id));
    fail(make_error(Errc::refused, "{} refused by the hub, {} not applied here: {}",
                    round.rejections.size(), round.failures.size(), fmt::join(names, ", ")));
  });
}

}  // namespace rfinv::cli
