#define BOOST_TEST_MODULE reader_cli
#include <fmt/format.h>
#include <signal.h>

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "base/clock.h"
#include "tests/support/cli_db.h"

using namespace rfinv;
using namespace rfinv::test;
namespace json = boost::json;

namespace {

struct Fixture : CliDb {};

std::vector<json::object> json_lines(const std::string& out) {
  std::vector<json::object> lines;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) {
    boost::system::error_code ec;
    json::value v = json::parse(line, ec);
    BOOST_TEST_REQUIRE(!ec, "not a JSON line: " << line);
    BOOST_TEST_REQUIRE(v.is_object(), "not a JSON object: " << line);
    lines.push_back(v.as_object());
  }
  return lines;
}

// Two antennas; group "a" (4 tags) sits 2 s at antenna 1, read 5 times a second; group "b"
// (3 tags) passes antenna 2 for 1 s, read 10 times a second; no missed reads. So each tag is
// read exactly rate x duration times, at its own antenna, inside its pass.
constexpr const char* kScenario = R"({
  "start": "2026-11-23T10:00:00Z",
  "seed": 9,
  "antennas": [{"id": 1, "read_rate": 5, "rssi_mean": -50, "rssi_noise": 2},
               {"id": 2, "read_rate": 10, "rssi_mean": -70, "rssi_noise": 1}],
  "tags": [{"group": "a", "hex_range": {"first": "E28011606000020500000001", "count": 4}},
           {"group": "b", "epcs": ["3074257BF7194E4000001A85", "3074257BF7194E4000001A86",
                                   "3074257BF7194E4000001A87"]}],
  "passes": [{"tags": "a", "antenna": 1, "at": 0, "duration": 2},
             {"tags": "b", "antenna": 2, "at": 1.5, "duration": 1}]
})";

struct Expected {
  std::uint16_t antenna;
  double from, to;  // seconds after the start
  double rssi;
  int reads;
};

const std::map<std::string, Expected>& expected_tags() {
  static const std::map<std::string, Expected> tags{
      {"E28011606000020500000001", {1, 0, 2, -50, 10}},
      {"E28011606000020500000002", {1, 0, 2, -50, 10}},
      {"E28011606000020500000003", {1, 0, 2, -50, 10}},
      {"E28011606000020500000004", {1, 0, 2, -50, 10}},
      {"3074257BF7194E4000001A85", {2, 1.5, 2.5, -70, 10}},
      {"3074257BF7194E4000001A86", {2, 1.5, 2.5, -70, 10}},
      {"3074257BF7194E4000001A87", {2, 1.5, 2.5, -70, 10}},
  };
  return tags;
}

}  // namespace

BOOST_FIXTURE_TEST_CASE(add_list_and_remove_readers, Fixture) {
  auto added = run({"reader", "add", "dock-1", "llrp://10.0.0.5:5084?antennas=1,2"});
  BOOST_TEST_REQUIRE(added.exit_code == 0, added.err);
  BOOST_TEST(added.out.find("dock-1") != std::string::npos);
  std::string scenario = write("scenario.json", kScenario);
  BOOST_TEST(run({"reader", "add", "shelf_a", "sim://" + scenario}).exit_code == 0);

  auto duplicate = run({"reader", "add", "dock-1", "serial:///dev/ttyUSB0"});
  BOOST_TEST(duplicate.exit_code == 4);
  BOOST_TEST(duplicate.err.find("already exists") != std::string::npos, duplicate.err);

  auto list = run({"reader", "list", "--json"});
  BOOST_TEST_REQUIRE(list.exit_code == 0, list.err);
  json::array readers = json::parse(list.out).as_array();
  BOOST_TEST_REQUIRE(readers.size() == 2u);
  BOOST_TEST(readers[0].at("name").as_string() == "dock-1");
  BOOST_TEST(readers[0].at("uri").as_string() == "llrp://10.0.0.5:5084?antennas=1,2");
  BOOST_TEST(readers[0].at("state").is_null());
  BOOST_TEST(readers[1].at("name").as_string() == "shelf_a");

  auto table = run({"reader", "list"});
  BOOST_TEST(table.out.find("NAME") != std::string::npos);
  BOOST_TEST(table.out.find("llrp://10.0.0.5:5084?antennas=1,2") != std::string::npos);

  auto removed = run({"reader", "remove", "dock-1"});
  BOOST_TEST(removed.exit_code == 0, removed.err);
  readers = json::parse(run({"--json", "reader", "list"}).out).as_array();
  BOOST_TEST_REQUIRE(readers.size() == 1u);
  BOOST_TEST(readers[0].at("name").as_string() == "shelf_a");

  auto again = run({"reader", "remove", "dock-1"});
  BOOST_TEST(again.exit_code == 3);
  BOOST_TEST(again.err.find("no reader named 'dock-1'") != std::string::npos, again.err);
}

BOOST_FIXTURE_TEST_CASE(a_bad_uri_or_name_is_refused_with_nothing_written, Fixture) {
  for (const char* uri : {"ftp://reader", "llrp://host:99999", "usb://zz:1", "serial://ttyUSB0",
                          "llrp://reader?antennas=x", "dock-door-1"}) {
    auto r = run({"reader", "add", "x", uri});
    BOOST_TEST(r.exit_code == 2, uri);
    BOOST_TEST(r.err.find("URI") != std::string::npos, r.err);
  }
  auto unknown = run({"reader", "add", "x", "ftp://reader"});
  BOOST_TEST(unknown.err.find("unknown reader URI scheme 'ftp'") != std::string::npos);
  BOOST_TEST(!std::filesystem::exists(db), "a refused URI created the database");

  ok({"reader", "add", "ok", "llrp://reader"});
  auto bad_name = run({"reader", "add", "dock door", "llrp://reader"});
  BOOST_TEST(bad_name.exit_code == 2);
  BOOST_TEST(bad_name.err.find("reader name 'dock door'") != std::string::npos, bad_name.err);
  BOOST_TEST(run({"reader", "add", "y", "llrp://host:0"}).exit_code == 2);
  auto readers = json::parse(run({"reader", "list", "--json"}).out).as_array();
  BOOST_TEST(readers.size() == 1u);
}

BOOST_FIXTURE_TEST_CASE(reader_test_json_gives_exactly_the_scenario_reads, Fixture) {
  std::string path = write("scenario.json", kScenario);
  ok({"reader", "add", "sim-1", "sim://" + path + "?speed=max"});
  auto tested = run({"reader", "test", "sim-1", "--json"});
  BOOST_TEST_REQUIRE(tested.exit_code == 0, tested.err);

  const Micros start = parse_utc("2026-11-23T10:00:00Z").value();
  std::vector<std::string> states;
  std::map<std::string, int> reads;
  std::optional<json::object> summary;
  for (const auto& line : json_lines(tested.out)) {
    if (line.contains("state")) {
      states.push_back(std::string(line.at("state").as_string()) + "/" +
                       std::string(line.at("reason").as_string()));
      continue;
    }
    if (line.contains("summary")) {
      summary = line.at("summary").as_object();
      continue;
    }
    std::string epc(line.at("epc").as_string());
    auto tag = expected_tags().find(epc);
    BOOST_TEST_REQUIRE((tag != expected_tags().end()), "unexpected EPC " << epc);
    const Expected& e = tag->second;
    ++reads[epc];
    BOOST_TEST(line.at("antenna").to_number<int>() == e.antenna);
    double rssi = line.at("rssi").to_number<double>();
    BOOST_TEST(std::abs(rssi - e.rssi) < 15, epc << " rssi " << rssi);
    auto at = parse_utc(line.at("time").as_string());
    BOOST_TEST_REQUIRE(at.has_value());
    BOOST_TEST(*at >= start + Micros(e.from * 1e6));
    BOOST_TEST(*at < start + Micros(e.to * 1e6));
  }
  BOOST_TEST(
      (states == std::vector<std::string>{"connecting/", "online/", "stopped/scenario finished"}));
  BOOST_TEST(reads.size() == expected_tags().size());
  for (const auto& [epc, e] : expected_tags()) BOOST_TEST(reads[epc] == e.reads, epc);
  BOOST_TEST_REQUIRE(summary.has_value());
  BOOST_TEST(summary->at("reads").to_number<int>() == 70);
  BOOST_TEST(summary->at("tags").to_number<int>() == 7);

  // The same seed replays byte for byte; another seed reads the same tags differently.
  auto replay = run({"reader", "test", "sim-1", "--json"});
  BOOST_TEST(replay.out == tested.out);
  ok({"reader", "add", "sim-2", "sim://" + path + "?speed=max&seed=10"});
  auto other = run({"reader", "test", "sim-2", "--json"});
  BOOST_TEST(other.exit_code == 0);
  BOOST_TEST(other.out != tested.out);
  BOOST_TEST(json_lines(other.out).size() == json_lines(tested.out).size());

  // The last state is kept for `reader list`.
  auto readers = json::parse(run({"reader", "list", "--json"}).out).as_array();
  BOOST_TEST(readers[0].at("state").as_string() == "stopped");
  BOOST_TEST(readers[0].at("reason").as_string() == "scenario finished");
  BOOST_TEST(readers[0].at("state_at").is_string());
}

BOOST_FIXTURE_TEST_CASE(reader_test_prints_reads_and_per_antenna_counts, Fixture) {
  std::string path = write("scenario.json", kScenario);
  ok({"reader", "add", "sim-1", "sim://" + path + "?speed=max"});
  auto tested = run({"reader", "test", "sim-1"});
  BOOST_TEST_REQUIRE(tested.exit_code == 0, tested.err);
  std::map<std::string, int> lines_per_antenna;
  std::istringstream in(tested.out);
  for (std::string line; std::getline(in, line);)
    if (line.starts_with("2026-11-23T10:00:0") && line.find(" dBm") != std::string::npos)
      ++lines_per_antenna[line.substr(line.find("ant "), 6)];
  BOOST_TEST(lines_per_antenna["ant 1 "] == 40);
  BOOST_TEST(lines_per_antenna["ant 2 "] == 30);
  BOOST_TEST(tested.out.find("state: stopped (scenario finished)") != std::string::npos,
             tested.out);
  BOOST_TEST(tested.out.find("70 reads of 7 tags") != std::string::npos, tested.out);
  BOOST_TEST(tested.out.find("ANTENNA  READS  TAGS\n1        40     4\n2        30     3\n") !=
                 std::string::npos,
             tested.out);
}

BOOST_FIXTURE_TEST_CASE(reader_test_stops_after_for_seconds_and_on_sigterm, Fixture) {
  std::string path = write("hour.json", R"({
    "antennas": [{"id": 1, "read_rate": 20}],
    "tags": [{"group": "g", "epc": "E2000000000000000000F001"}],
    "passes": [{"tags": "g", "antenna": 1, "at": 0, "duration": 3600}]})");
  ok({"reader", "add", "slow", "sim://" + path});

  auto timed = run({"reader", "test", "slow", "--for", "0.5", "--json"});
  BOOST_TEST_REQUIRE(timed.exit_code == 0, timed.err);
  auto lines = json_lines(timed.out);
  BOOST_TEST_REQUIRE(lines.size() >= 2u);
  BOOST_TEST(lines[lines.size() - 2].at("state").as_string() == "stopped");
  BOOST_TEST(lines.back().contains("summary"));

  {
    // Signalled once it is reading (waiting on that, not on a guess at the machine's speed).
    BackgroundProcess test({RFINV_BINARY, "--db", db, "reader", "test", "slow"},
                           dir.file("signalled.out"));
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (test.output().find(" ant 1 ") == std::string::npos && test.running() &&
           std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    test.signal(SIGTERM);
    BOOST_TEST(test.wait(std::chrono::seconds(60)) == 0, test.output());
    BOOST_TEST(test.output().find("state: stopped") != std::string::npos, test.output());
    BOOST_TEST(test.output().find("ANTENNA") != std::string::npos, test.output());
  }

  auto bad_for = run({"reader", "test", "slow", "--for", "-1"});
  BOOST_TEST(bad_for.exit_code == 2);
  auto unknown = run({"reader", "test", "nope"});
  BOOST_TEST(unknown.exit_code == 3);
  BOOST_TEST(unknown.err.find("no reader named 'nope'") != std::string::npos, unknown.err);
}

BOOST_FIXTURE_TEST_CASE(a_broken_scenario_is_refused_at_add_and_at_test, Fixture) {
  std::string path = write("scenario.json", R"({"antennas": [{"id": 1, "rssi_mean": "loud"}]})");
  auto add = run({"reader", "add", "broken", "sim://" + path});
  BOOST_TEST(add.exit_code == 2);
  BOOST_TEST(add.err.find("antennas[0].rssi_mean: must be a number") != std::string::npos, add.err);
  BOOST_TEST(!std::filesystem::exists(db), "a refused scenario created the database");

  // The file can go bad after the reader was added; `reader test` says what is wrong.
  write("scenario.json", kScenario);
  ok({"reader", "add", "later", "sim://" + path});
  write("scenario.json", R"({"antennas": [{"id": 1}], "tags": [], "passes": []})");
  auto tested = run({"reader", "test", "later"});
  BOOST_TEST(tested.exit_code == 2);
  BOOST_TEST(tested.err.find("scenario tags: must be a non-empty array") != std::string::npos,
             tested.err);
}

BOOST_FIXTURE_TEST_CASE(backend_options_are_checked_at_add, Fixture) {
  std::string path = write("scenario.json", kScenario);
  auto speed = run({"reader", "add", "x", "sim://" + path + "?speed=warp"});
  BOOST_TEST(speed.exit_code == 2);
  BOOST_TEST(speed.err.find("speed 'warp'") != std::string::npos, speed.err);
  auto missing = run({"reader", "add", "x", "sim://" + dir.file("absent.json")});
  BOOST_TEST(missing.exit_code != 0);
  BOOST_TEST(missing.err.find("absent.json") != std::string::npos, missing.err);
  BOOST_TEST(!std::filesystem::exists(db));
}

BOOST_FIXTURE_TEST_CASE(scan_usb_prints_a_json_array, Fixture) {
  auto scan = run({"reader", "scan-usb", "--json"});
  BOOST_TEST_REQUIRE(scan.exit_code == 0, scan.err);
  boost::system::error_code ec;
  json::value v = json::parse(scan.out, ec);
  BOOST_TEST_REQUIRE(!ec, scan.out);
  BOOST_TEST(v.is_array());
}

BOOST_FIXTURE_TEST_CASE(testing_a_reader_that_never_comes_online_fails, Fixture) {
  // Nothing listens on the port of a socket just closed: every connection is refused.
  BOOST_TEST_REQUIRE(
      run({"reader", "add", "far", "llrp://127.0.0.1:1?connect_timeout_ms=300&backoff_min_ms=100"})
          .exit_code == 0);
  auto text = run({"reader", "test", "far", "--for", "1"});
  BOOST_TEST(text.exit_code == 5, text.out << text.err);
  BOOST_TEST(text.err.find("reader far never came online: cannot connect to 127.0.0.1:1") !=
                 std::string::npos,
             text.err);
  BOOST_TEST(text.out.find("0 reads of 0 tags") != std::string::npos, text.out);
  auto json_run = run({"--json", "reader", "test", "far", "--for", "1"});
  BOOST_TEST(json_run.exit_code == 5);
  auto error = json::parse(json_run.err).as_object();
  BOOST_TEST(error.at("code").as_string() == "io");
}

BOOST_FIXTURE_TEST_CASE(removing_a_reader_removes_its_read_points, Fixture) {
  std::string path = write("s.json", R"({
    "antennas": [{"id": 1, "read_rate": 20}],
    "tags": [{"group": "g", "epc": "E2000000000000000000F001"}],
    "passes": [{"tags": "g", "antenna": 1, "at": 0, "duration": 1}]})");
  ok({"location", "add", "L1"});
  ok({"reader", "add", "door", "sim://" + path});
  for (const char* antenna : {"1", "2"})
    BOOST_TEST_REQUIRE(run({"readpoint", "add", "--reader", "door", "--antenna", antenna,
                            "--location", "L1", "--role", "shelf"})
                           .exit_code == 0);
  // It has history: an unknown tag seen there refers to its read point.
  ok({"run", "--until-idle"});
  auto removed = run({"reader", "remove", "door"});
  BOOST_TEST(removed.exit_code == 0, removed.err);
  BOOST_TEST(removed.out == "reader door removed with its 2 read point(s)\n", removed.out);
  BOOST_TEST(json::parse(run({"--json", "readpoint", "list"}).out).as_array().empty());
  // A new reader of the same name starts with no read points; its antenna can be set up anew.
  ok({"reader", "add", "door", "sim://" + path});
  BOOST_TEST(json::parse(run({"--json", "readpoint", "list"}).out).as_array().empty());
  auto again = run({"readpoint", "add", "--reader", "door", "--antenna", "1", "--location", "L1",
                    "--role", "dock-in"});
  BOOST_TEST(again.exit_code == 0, again.err);
  auto points = json::parse(run({"--json", "readpoint", "list"}).out).as_array();
  BOOST_TEST_REQUIRE(points.size() == 1u);
  BOOST_TEST(points[0].at("role").as_string() == "dock-in");
  // The events seen before keep their history.
  auto events = json::parse(run({"--json", "events"}).out).as_array();
  BOOST_TEST(!events.empty());
}

BOOST_FIXTURE_TEST_CASE(a_read_point_with_history_can_be_removed, Fixture) {
  std::string path = write("s.json", R"({
    "antennas": [{"id": 1, "read_rate": 20}],
    "tags": [{"group": "g", "epc": "E2000000000000000000F001"}],
    "passes": [{"tags": "g", "antenna": 1, "at": 0, "duration": 1}]})");
  ok({"location", "add", "L1"});
  ok({"reader", "add", "door", "sim://" + path});
  BOOST_TEST_REQUIRE(run({"readpoint", "add", "--reader", "door", "--antenna", "1", "--location",
                          "L1", "--role", "shelf"})
                         .exit_code == 0);
  ok({"run", "--until-idle"});
  auto removed = run({"readpoint", "remove", "--reader", "door", "--antenna", "1"});
  BOOST_TEST(removed.exit_code == 0, removed.err);
  BOOST_TEST(json::parse(run({"--json", "readpoint", "list"}).out).as_array().empty());
  auto events = json::parse(run({"--json", "events"}).out).as_array();
  BOOST_TEST_REQUIRE(!events.empty());
  BOOST_TEST(events[0].at("reader").as_string() == "door");
}
