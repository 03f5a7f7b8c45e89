// rfinv sync [join|status|outbox]: a node's link to the pool hub. `rfinv sync` alone runs
// one round.
#include <fmt/ranges.h>

#include <fstream>
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

}  // namespace

void add_sync_commands(CLI::App& app, Context& ctx) {
  auto* sync_cmd = app.add_subcommand("sync", "sync with the pool hub (alone: one round)")
                       ->require_subcommand(0, 1);

  auto* join = sync_cmd->add_subcommand("join", "join a hub: store its URL, department and token");
  auto s = std::make_shared<sync::NodeSettings>();
  auto ca = std::make_shared<std::string>();
  join->add_option("URL", s->hub_url, "https://HOST:PORT")->required();
  join->add_option("--dept", s->dept, "this node's department code")->required();
  join->add_option("--token", s->token, "the department's token (rfinv hub dept add)")->required();
  join->add_option("--ca", *ca, "the hub's certificate to pin (DIR/hub.crt)");
  on_run(join, ctx, [&ctx, s, ca] {
    auto settings = *s;
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
    auto status = need(ctx.node().sync_status());
    const auto& settings = status.settings;
    const auto& last = status.last_sync_at;
    if (ctx.json)
      return print_json({{"hub", settings.hub_url},
                         {"dept", settings.dept},
                         {"pinned_ca", settings.ca_pem.has_value()},
                         {"cursor", status.cursor},
                         {"pending", status.pending},
                         {"last_sync", last ? boost::json::value(format_utc(*last)) : nullptr},
                         {"last_error", json_or_null(status.last_error)}});
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
           auto entries = need(ctx.node().list_outbox(false));
           if (ctx.json) {
             boost::json::array a;
             for (const auto& e : entries)
               a.push_back({{"seq", e.seq},
                            {"type", e.type},
                            {"data", boost::json::parse(e.data)},
                            {"acked", e.acked},
                            {"event_id", json_or_null(e.event_id)},
                            {"error", json_or_null(e.error)}});
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
