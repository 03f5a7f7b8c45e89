// rfinv reader add|remove|list|test|scan-usb
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cmath>
#include <csignal>
#include <map>
#include <set>

#include "cli/commands.h"
#include "cli/output.h"
#include "drivers/reader.h"
#include "drivers/reader_uri.h"
#include "drivers/usb_scan.h"
#include "service/node.h"

namespace rfinv::cli {
namespace {

namespace asio = boost::asio;
using drivers::ReaderState;
using drivers::StateChange;
using drivers::TagRead;

// How long a reader may take to report `stopped` after stop() before we give up on it.
constexpr auto kStopGrace = std::chrono::seconds(5);

std::string epc_hex(const drivers::EpcBytes& epc) {
  std::string out;
  out.reserve(epc.size() * 2);
  for (auto b : epc) fmt::format_to(std::back_inserter(out), "{:02X}", b);
  return out;
}

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
  need(ctx.node().remove_reader(name));
  if (ctx.json) return print_json({{"removed", name}});
  fmt::print("reader {} removed\n", name);
}

void list(Context& ctx) {
  auto readers = need(ctx.node().list_readers());
  if (ctx.json) {
    boost::json::array out;
    for (const auto& r : readers)
      out.push_back({{"name", r.name},
                     {"uri", r.uri},
                     {"added_at", format_utc(r.added_at)},
                     {"state", json_or_null(r.state)},
                     {"reason", json_or_null(r.state_reason)},
                     {"state_at", json_time_or_null(r.state_at)}});
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

// What `reader test` has seen, for the closing summary.
struct ReadStats {
  struct PerAntenna {
    std::uint64_t reads = 0;
    std::set<std::string> tags;
  };
  std::map<std::uint16_t, PerAntenna> antennas;
  std::set<std::string> tags;
  std::uint64_t reads = 0;
  std::optional<Micros> first, last;

  void add(const TagRead& read, const std::string& epc) {
    auto& a = antennas[read.antenna];
    a.reads += read.seen_count;
    a.tags.insert(epc);
    tags.insert(epc);
    reads += read.seen_count;
    first = std::min(first.value_or(read.first_seen), read.first_seen);
    last = std::max(last.value_or(read.last_seen), read.last_seen);
  }
  // Seconds between the first and the last read's own timestamps: the reader's clock (for
  // the simulator, scenario time), so the rate does not depend on playback speed.
  double seconds() const { return first ? double(*last - *first) / 1e6 : 0; }
  std::optional<double> rate() const {
    if (seconds() < 0.001) return std::nullopt;
    return double(reads) / seconds();
  }
};

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

void print_summary(Context& ctx, const ReadStats& stats) {
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

// Plays one configured reader until it stops by itself, --for runs out, or SIGINT/SIGTERM.
void test(Context& ctx, const std::string& name, std::optional<double> for_seconds) {
  if (for_seconds && !(*for_seconds > 0 && *for_seconds <= 1e7))
    fail_input("--for must be a number of seconds above 0");
  auto& node = ctx.node();
  auto record = need(node.get_reader(name));
  asio::io_context io;
  auto reader = need(drivers::open_reader(io, name, record.uri));

  ReadStats stats;
  bool stop_requested = false;
  bool stopped = false;
  asio::signal_set signals(io, SIGINT, SIGTERM);
  asio::steady_timer deadline(io);
  asio::steady_timer grace(io);
  auto request_stop = [&] {
    if (stop_requested || stopped) return;
    stop_requested = true;
    // A reader that never reports `stopped` must not hang the command. Armed before stop(),
    // which may report `stopped` (and so cancel it) before returning.
    grace.expires_after(kStopGrace);
    grace.async_wait([&](const boost::system::error_code& ec) {
      if (ec) return;
      fmt::print(stderr, "rfinv: reader {} did not stop within {} s\n", name, kStopGrace.count());
      io.stop();
    });
    reader->stop();
  };
  signals.async_wait([&](const boost::system::error_code& ec, int) {
    if (!ec) request_stop();
  });
  if (for_seconds) {
    deadline.expires_after(std::chrono::microseconds(std::llround(*for_seconds * 1e6)));
    deadline.async_wait([&](const boost::system::error_code& ec) {
      if (!ec) request_stop();
    });
  }

  std::string epc;
  reader->start(
      [&](std::span<const TagRead> batch) {
        for (const TagRead& read : batch) {
          epc = epc_hex(read.epc);
          stats.add(read, epc);
          print_read(ctx, read, epc);
        }
      },
      [&](const StateChange& change) {
        print_state(ctx, change);
        // `reader list` shows the last state seen by whoever ran the reader last.
        auto recorded = node.record_reader_state(
            name, std::string(drivers::to_string(change.state)), change.reason);
        if (!recorded) fmt::print(stderr, "rfinv: {}\n", recorded.error().message);
        if (change.state == ReaderState::stopped) {
          stopped = true;
          signals.cancel();
          deadline.cancel();
          grace.cancel();
        }
      });
  io.run();
  std::fflush(stdout);
  if (!stopped) fmt::print(stderr, "rfinv: reader {} was abandoned without stopping\n", name);
  print_summary(ctx, stats);
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
