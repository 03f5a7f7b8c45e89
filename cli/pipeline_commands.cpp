// rfinv readpoint add|list|remove, rfinv run
#include "cli/commands.h"
#include "cli/output.h"
#include "cli/run_printer.h"
#include "cli/views.h"
#include "service/node.h"
#include "webapp/server.h"

namespace rfinv::cli {
namespace {

using namespace inventory;

boost::json::object read_point_json(const ReadPoint& rp) {
  const auto& s = rp.smoothing;
  return {{"id", rp.id},
          {"reader", rp.reader},
          {"antenna", rp.antenna},
          {"location", rp.location},
          {"role", to_string(rp.role)},
          {"enter_reads", s.enter_reads},
          {"window_ms", s.window / 1000},
          {"leave_after_ms", s.leave_after / 1000},
          {"rssi_floor",
           s.rssi_floor ? boost::json::value(*s.rssi_floor) : boost::json::value(nullptr)}};
}

void add_readpoint_commands(CLI::App& app, Context& ctx) {
  auto* readpoint = group(app, "readpoint", "reader antennas at locations, with a role");
  struct Options {
    NewReadPoint rp;
    std::string role;
    double window_s = 2, leave_s = 10;
    std::optional<double> rssi_floor;
  };
  auto o = std::make_shared<Options>();
  auto* add = readpoint->add_subcommand("add", "add a read point");
  add->add_option("--reader", o->rp.reader, "reader name")->required();
  add->add_option("--antenna", o->rp.antenna, "antenna port (1-based)")->required();
  add->add_option("--location", o->rp.location, "where the antenna looks")->required();
  add->add_option("--role", o->role,
                  "dock-in, dock-out, portal-outer, portal-inner, shelf or handheld")
      ->required();
  add->add_option("--enter-reads", o->rp.smoothing.enter_reads,
                  "reads within the window before a tag counts as present (2)");
  add->add_option("--window", o->window_s, "seconds for those reads (2)");
  add->add_option("--leave-after", o->leave_s, "seconds unseen before a tag has left (10)");
  add->add_option("--rssi-floor", o->rssi_floor, "ignore reads weaker than this, dBm (-70)");
  add->add_flag("--no-rssi-floor", o->rp.no_rssi_floor, "keep reads of any strength");
  on_run(add, ctx, [&ctx, o] {
    auto role = parse_read_point_role(o->role);
    if (!role) fail_input(fmt::format("unknown role '{}'", o->role));
    NewReadPoint rp = o->rp;
    rp.role = *role;
    if (o->window_s <= 0 || o->leave_s <= 0)
      fail_input("--window and --leave-after must be positive");
    rp.smoothing.window = Micros(o->window_s * 1e6);
    rp.smoothing.leave_after = Micros(o->leave_s * 1e6);
    if (o->rssi_floor) rp.smoothing.rssi_floor = float(*o->rssi_floor);
    auto added = need(ctx.node().add_read_point(rp));
    if (ctx.json) return print_json(read_point_json(added));
    fmt::print("read point {}: {} antenna {} at {} ({})\n", added.id, added.reader, added.antenna,
               added.location, to_string(added.role));
  });
  auto* remove = readpoint->add_subcommand("remove", "remove a read point");
  remove->add_option("--reader", o->rp.reader, "reader name")->required();
  remove->add_option("--antenna", o->rp.antenna, "antenna port")->required();
  on_run(remove, ctx, [&ctx, o] {
    need(ctx.node().remove_read_point(o->rp.reader, o->rp.antenna));
    if (ctx.json) return print_json({{"removed", true}});
    fmt::print("read point removed\n");
  });
  on_run(readpoint->add_subcommand("list", "list read points"), ctx, [&ctx] {
    auto points = need(ctx.node_to_read().list_read_points());
    if (ctx.json) {
      boost::json::array a;
      for (const auto& rp : points) a.push_back(read_point_json(rp));
      return print_json(a);
    }
    Table t{{"id", "reader", "antenna", "location", "role", "enter", "window", "leave", "floor"},
            {}};
    for (const auto& rp : points)
      t.rows.push_back(
          {std::to_string(rp.id), rp.reader, std::to_string(rp.antenna), rp.location,
           std::string(to_string(rp.role)), std::to_string(rp.smoothing.enter_reads),
           fmt::format("{}s", double(rp.smoothing.window) / 1e6),
           fmt::format("{}s", double(rp.smoothing.leave_after) / 1e6),
           rp.smoothing.rssi_floor ? fmt::format("{} dBm", *rp.smoothing.rssi_floor) : "-"});
    print_table(t);
  });
}

// Prints what the node reports and sends its business events and reader states to the web
// app's event stream.
class WebRunPrinter : public RunPrinter {
 public:
  WebRunPrinter(bool json, webapp::WebServer& web) : RunPrinter(json), web_(web) {}
  void on_event(const inventory::BusinessEvent& event) override {
    RunPrinter::on_event(event);
    web_.publish("read", business_event_json(event));
  }
  void on_reader_state(const std::string& reader, const std::string& state,
                       const std::string& reason) override {
    web_.publish("reader", {{"name", reader}, {"state", state}, {"reason", reason}});
  }

 private:
  webapp::WebServer& web_;
};

void add_run_command(CLI::App& app, Context& ctx) {
  struct Options {
    bool until_idle = false, no_web = false;
    webapp::WebOptions web;
  };
  auto o = std::make_shared<Options>();
  o->web.web_root = RFINV_WEB_ROOT;
  auto* run = app.add_subcommand(
      "run", "run the readers and turn their reads into stock; serve the web app and API");
  run->add_flag("--until-idle", o->until_idle, "exit when every reader has stopped");
  auto* web_option =
      run->add_option("--web", o->web.listen,
                      "web app and API address (default 127.0.0.1:8080; TLS unless loopback)");
  run->add_flag("--no-web", o->no_web, "do not serve the web app");
  run->add_option("--web-root", o->web.web_root, "directory of the web app's static files");
  run->add_option("--cert", o->web.cert, "TLS certificate chain (PEM) for the web app");
  run->add_option("--key", o->web.key, "TLS private key (PEM) for the web app");
  on_run(run, ctx, [&ctx, o, web_option] {
    service::RunOptions options;
    options.until_idle = o->until_idle;
    if (o->no_web) {
      RunPrinter printer(ctx.json);
      return run_node(ctx.node(), options, printer);
    }
    auto& node = ctx.node();
    auto web = webapp::WebServer::start(node.path(), o->web);
    // An address asked for must be served; the default one may be taken (another node on
    // this machine), and then the readers run without the web app.
    if (!web && web_option->count() > 0) fail(web.error());
    if (!web) {
      RunPrinter printer(ctx.json);
      printer.on_note("web app not started: " + web.error().message);
      return run_node(node, options, printer);
    }
    options.without_readers = true;
    WebRunPrinter printer(ctx.json, **web);
    printer.on_note("web app at " + (*web)->url());
    run_node(node, options, printer);
  });
}

}  // namespace

void add_pipeline_commands(CLI::App& app, Context& ctx) {
  add_readpoint_commands(app, ctx);
  add_run_command(app, ctx);
}

}  // namespace rfinv::cli
