// rfinv reader add|remove|list|test|scan-usb
#include <chrono>
#include <cmath>

#include "base/hex.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "drivers/usb_scan.h"
#include "service/node.h"
#include "service/reader_test.h"

namespace rfinv::cli {
namespace {

using drivers::StateChange;
using drivers::TagRead;

// Two decimals: enough for any reader's resolution, without float noise like -52.29999.
double rounded_dbm(float rssi) { return std::round(double(rssi) * 100) / 100; }

void add(Context& ctx, const std::string& name, const std::string& uri) {
  // Checked first, so a bad URI writes nothing (not even a new database file).
  need(service::check_reader(name, uri));
  need(ctx.node().add_reader(name, uri));
  if (ctx.json) return print_json({{"name", name}, {"uri", uri}});
  fmt::print("reader {} added ({})\n", name, uri);
}

void remove(Context& ctx, const std::string& name) {
  int read_points = need(ctx.node().remove_reader(name));
  if (ctx.json) return print_json({{"removed", name}, {"read_points_removed", read_points}});
  fmt::print("reader {} removed with its {} read point(s)\n", name, read_points);
}

void list(Context& ctx) {
  auto readers = need(ctx.node_to_read().list_readers());
  if (ctx.json) {
    boost::json::array out;
    for (const auto& r : readers)
      out.push_back({{"name", r.name},
                     {"uri", r.uri},
                     {"added_at", format_utc(r.added_at)},
                     {"state", or_null(r.state)},
                     {"reason", or_null(r.state_reason)},
                     {"state_at", time_or_null(r.state_at)}});
    return print_json(out);
  }
  Table table{{"NAME", "URI", "STATE", "REASON", "SINCE"}, {}};
  for (const auto& r : readers)
    table.rows.push_back({r.name, r.uri, r.state.value_or("-"), r.state_reason.value_or(""),
                          r.state_at ? format_utc(*r.state_at) : ""});
  print_table(table);
}

void scan_usb(Context& ctx) {
  auto devices = need(drivers::scan_usb_readers());
  if (ctx.json) {
    boost::json::array out;
    for (const auto& d : devices)
      out.push_back({{"vid", fmt::format("{:04x}", d.vid)},
                     {"pid", fmt::format("{:04x}", d.pid)},
                     {"bus", d.bus},
                     {"address", d.address},
                     {"serial", d.serial},
                     {"manufacturer", d.manufacturer},
                     {"product", d.product},
                     {"model", d.model},
                     {"uri", d.uri}});
    return print_json(out);
  }
  Table table{{"VID:PID", "BUS:ADDR", "SERIAL", "PRODUCT", "MODEL", "URI"}, {}};
  for (const auto& d : devices)
    table.rows.push_back({fmt::format("{:04x}:{:04x}", d.vid, d.pid),
                          fmt::format("{:03}:{:03}", d.bus, d.address), d.serial,
                          d.manufacturer.empty() ? d.product : d.manufacturer + " " + d.product,
                          d.model, d.uri});
  print_table(table);
}

// JSON lines for reads and the summary are written with fmt rather than Boost.JSON, whose
// serializer writes doubles as "-5.23E1"; every value here is a number or a plain hex/time
// string that needs no escaping.
void print_read(Context& ctx, const TagRead& read, const std::string& epc) {
  if (ctx.json) {
    fmt::print("{{\"epc\":\"{}\",\"antenna\":{},\"rssi\":{},\"time\":\"{}\"}}\n", epc, read.antenna,
               read.rssi_dbm ? fmt::format("{}", rounded_dbm(*read.rssi_dbm)) : "null",
               format_utc(read.first_seen));
    return;
  }
  fmt::print("{}  ant {:<2}  {}  {}\n", format_utc(read.first_seen), read.antenna, epc,
             read.rssi_dbm ? fmt::format("{:.1f} dBm", *read.rssi_dbm) : "- dBm");
}

void print_state(Context& ctx, const StateChange& change) {
  std::string state(drivers::to_string(change.state));
  if (ctx.json) return print_json({{"state", state}, {"reason", change.reason}});
  if (change.reason.empty())
    fmt::print("state: {}\n", state);
  else
    fmt::print("state: {} ({})\n", state, change.reason);
}

void print_summary(Context& ctx, const service::ReadStats& stats) {
  auto rate = stats.rate();
  if (ctx.json) {
    std::string antennas;
    for (const auto& [id, a] : stats.antennas)
      antennas += fmt::format("{}{{\"antenna\":{},\"reads\":{},\"tags\":{}}}",
                              antennas.empty() ? "" : ",", id, a.reads, a.tags.size());
    fmt::print(
        "{{\"summary\":{{\"reads\":{},\"tags\":{},\"seconds\":{},\"read_rate\":{},"
        "\"antennas\":[{}]}}}}\n",
        stats.reads, stats.tags.size(), stats.seconds(),
        rate ? fmt::format("{:.1f}", *rate) : "null", antennas);
    return;
  }
  fmt::print("\n{} reads of {} tags over {:.1f} s; read rate {}\n", stats.reads, stats.tags.size(),
             stats.seconds(), rate ? fmt::format("{:.1f} reads/s", *rate) : std::string("n/a"));
  Table table{{"ANTENNA", "READS", "TAGS"}, {}};
  for (const auto& [id, a] : stats.antennas)
    table.rows.push_back(
        {std::to_string(id), std::to_string(a.reads), std::to_string(a.tags.size())});
  print_table(table);
}

// Prints a reader test as it goes: each read and state change on stdout, problems on stderr.
class TestPrinter : public service::ReaderTestObserver {
 public:
  explicit TestPrinter(Context& ctx) : ctx_(ctx) {}
  // Each line goes out as it happens, also into a pipe or a file (`| jq`, a log).
  void on_read(const TagRead& read, const std::string& epc) override {
    print_read(ctx_, read, epc);
    std::fflush(stdout);
  }
  void on_state(const StateChange& change) override {
    print_state(ctx_, change);
    std::fflush(stdout);
  }
  void on_problem(const std::string& text) override {
    std::fflush(stdout);
    fmt::print(stderr, "rfinv: {}\n", text);
  }

 private:
  Context& ctx_;
};

void test(Context& ctx, const std::string& name, std::optional<double> for_seconds) {
  if (for_seconds && !(*for_seconds > 0 && *for_seconds <= 1e7))
    fail_input("--for must be a number of seconds above 0");
  std::optional<std::chrono::microseconds> run_for;
  if (for_seconds) run_for = std::chrono::microseconds(std::llround(*for_seconds * 1e6));
  TestPrinter printer(ctx);
  auto stats = need(service::test_reader(ctx.node(), name, run_for, printer));
  std::fflush(stdout);
  print_summary(ctx, stats);
  // No reads because nothing could be reached is a failure, not a quiet field.
  if (!stats.came_online)
    fail(make_error(Errc::io, "reader {} never came online{}", name,
                    stats.last_reason.empty() ? "" : ": " + stats.last_reason));
}

}  // namespace

void add_reader_commands(CLI::App& app, Context& ctx) {
  CLI::App* reader = group(app, "reader", "RFID readers: add, list, test, scan USB");

  auto names = std::make_shared<std::pair<std::string, std::string>>();
  auto* add_cmd = reader->add_subcommand("add", "register a reader under a name");
  add_cmd->add_option("NAME", names->first, "reader name (letters, digits, . - _)")->required();
  add_cmd
      ->add_option("URI", names->second,
                   "llrp://HOST[:PORT][?antennas=1,2], serial:///dev/ttyUSB0?baud=115200, "
                   "usb://VID:PID[?serial=S], sim://PATH/scenario.json[?seed=N&speed=10|max]")
      ->required();
  on_run(add_cmd, ctx, [&ctx, names] { add(ctx, names->first, names->second); });

  auto* remove_cmd = reader->add_subcommand("remove", "forget a reader");
  remove_cmd->add_option("NAME", names->first, "reader name")->required();
  on_run(remove_cmd, ctx, [&ctx, names] { remove(ctx, names->first); });

  auto* list_cmd = reader->add_subcommand("list", "readers with their last reported state");
  on_run(list_cmd, ctx, [&ctx] { list(ctx); });

  auto for_seconds = std::make_shared<std::optional<double>>();
  auto* test_cmd = reader->add_subcommand(
      "test", "run a reader and print its reads live, then per-antenna counts and the read rate");
  test_cmd->add_option("NAME", names->first, "reader name")->required();
  test_cmd->add_option("--for", *for_seconds,
                       "stop after this many seconds (default: until the reader stops or Ctrl-C)");
  on_run(test_cmd, ctx, [&ctx, names, for_seconds] { test(ctx, names->first, *for_seconds); });

  auto* scan_cmd =
      reader->add_subcommand("scan-usb", "list connected USB devices that are known readers");
  on_run(scan_cmd, ctx, [&ctx] { scan_usb(ctx); });
}

}  // namespace rfinv::cli
