#define BOOST_TEST_MODULE sim_reader
#include <boost/asio/io_context.hpp>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <fstream>
#include <map>
#include <set>
#include <string>

#include "drivers/reader.h"
#include "drivers/sim/internal/scenario.h"
#include "tests/support/temp_dir.h"

using namespace rfinv;
using namespace rfinv::drivers;
using namespace std::chrono_literals;

namespace {

std::string scenario_file(const char* name) { return std::string(RFINV_SCENARIO_DIR) + "/" + name; }

std::string hex(const EpcBytes& epc) {
  std::string out;
  for (auto b : epc) out += fmt::format("{:02X}", b);
  return out;
}

struct Played {
  std::vector<TagRead> reads;
  std::vector<StateChange> states;
  std::size_t reads_after_stopped = 0;
  std::chrono::steady_clock::duration took{};
};

// Plays `uri` to its end (bounded by `limit`); `on_first_batch` may act on the reader.
Played play(const std::string& uri, std::chrono::seconds limit = 60s,
            std::function<void(Reader&)> on_first_batch = {}) {
  boost::asio::io_context io;
  auto opened = open_reader(io, "dock-1", uri);
  BOOST_TEST_REQUIRE(opened.ok(), (opened.ok() ? "" : opened.error().message));
  Reader& reader = **opened;
  Played out;
  bool stopped = false;
  auto began = std::chrono::steady_clock::now();
  reader.start(
      [&](std::span<const TagRead> batch) {
        if (stopped) out.reads_after_stopped += batch.size();
        bool first = out.reads.empty();
        out.reads.insert(out.reads.end(), batch.begin(), batch.end());
        if (first && on_first_batch) on_first_batch(reader);
      },
      [&](const StateChange& change) {
        out.states.push_back(change);
        if (change.state == ReaderState::stopped) stopped = true;
      });
  io.run_for(limit);
  out.took = std::chrono::steady_clock::now() - began;
  BOOST_TEST_REQUIRE(stopped, "the reader did not stop within " << limit.count() << " s");
  return out;
}

std::string write_file(const test::TempDir& dir, const std::string& name, const std::string& text) {
  std::string path = dir.file(name);
  std::ofstream(path) << text;
  return path;
}

}  // namespace

BOOST_AUTO_TEST_CASE(reports_connecting_online_then_scenario_finished) {
  Played p = play("sim://" + scenario_file("dock_door_pallet.json") + "?speed=max");
  BOOST_TEST_REQUIRE(p.states.size() == 3u);
  BOOST_TEST((p.states[0].state == ReaderState::connecting));
  BOOST_TEST((p.states[1].state == ReaderState::online));
  BOOST_TEST((p.states[2].state == ReaderState::stopped));
  BOOST_TEST(p.states[2].reason == "scenario finished");
  BOOST_TEST(p.reads_after_stopped == 0u);
  for (const auto& r : p.reads) BOOST_TEST(r.reader == "dock-1");
}

BOOST_AUTO_TEST_CASE(the_same_seed_gives_the_same_reads_and_another_seed_does_not) {
  std::string uri = "sim://" + scenario_file("dock_door_pallet.json") + "?speed=max";
  Played a = play(uri);
  Played b = play(uri);
  Played c = play(uri + "&seed=43");
  BOOST_TEST_REQUIRE(!a.reads.empty());
  auto same = [](const std::vector<TagRead>& x, const std::vector<TagRead>& y) {
    if (x.size() != y.size()) return false;
    for (std::size_t i = 0; i < x.size(); ++i)
      if (x[i].epc != y[i].epc || x[i].antenna != y[i].antenna || x[i].rssi_dbm != y[i].rssi_dbm ||
          x[i].first_seen != y[i].first_seen)
        return false;
    return true;
  };
  BOOST_TEST(same(a.reads, b.reads));
  BOOST_TEST(!same(a.reads, c.reads));
}

BOOST_AUTO_TEST_CASE(the_pallet_gives_200_cases_at_the_portal_antennas_in_order) {
  Played p = play("sim://" + scenario_file("dock_door_pallet.json") + "?speed=max");
  std::set<std::string> expected;
  for (std::uint64_t serial = 1000; serial < 1200; ++serial)
    expected.insert(hex(drivers::sim::encode_sgtin96(1, "0614141", "812345", serial).value()));

  const Micros start = parse_utc("2026-11-23T08:00:00Z").value();
  std::map<std::uint16_t, std::set<std::string>> by_antenna;
  std::map<std::uint16_t, std::map<std::string, Micros>> first_seen;
  std::map<std::uint16_t, double> rssi_sum;
  std::map<std::uint16_t, std::size_t> count;
  for (const auto& r : p.reads) {
    std::string epc = hex(r.epc);
    by_antenna[r.antenna].insert(epc);
    first_seen[r.antenna].emplace(epc, r.first_seen);
    rssi_sum[r.antenna] += r.rssi_dbm.value();
    ++count[r.antenna];
    BOOST_TEST(r.first_seen >= start);
    BOOST_TEST(r.first_seen < start + 10'000'000);
  }
  std::set<std::string> all;
  for (const auto& [antenna, epcs] : by_antenna) all.insert(epcs.begin(), epcs.end());
  BOOST_TEST(all.size() == 200u);
  BOOST_TEST((all == expected));
  BOOST_TEST((by_antenna[1] == expected));
  BOOST_TEST((by_antenna[2] == expected));
  BOOST_TEST(by_antenna.size() == 3u);
  // The neighbouring door's antenna cross-reads some cases, weakly.
  BOOST_TEST(by_antenna[3].size() > 0u);
  BOOST_TEST(by_antenna[3].size() < 200u);
  BOOST_TEST(rssi_sum[3] / double(count[3]) < -70);
  BOOST_TEST(rssi_sum[1] / double(count[1]) > -56);
  BOOST_TEST(rssi_sum[1] / double(count[1]) < -48);
  // Outer antenna first: every case is seen at 1 before 2 (the portal's inbound direction).
  for (const auto& epc : expected) BOOST_TEST(first_seen[1][epc] < first_seen[2][epc]);
}

BOOST_AUTO_TEST_CASE(missed_reads_follow_the_configured_rate) {
  test::TempDir dir;
  // 100 tags x 50 interrogations a second x 4 s = 20,000 attempts; with a period that
  // divides the duration, each tag gets exactly 200.
  auto scenario = [&](double miss) {
    return write_file(dir, fmt::format("miss{}.json", miss),
                      fmt::format(R"({{
      "antennas": [{{"id": 1, "read_rate": 50, "miss_rate": {}}}],
      "tags": [{{"group": "g", "hex_range": {{"first": "E2000000000000000000F000", "count": 100}}}}],
      "passes": [{{"tags": "g", "antenna": 1, "at": 0, "duration": 4}}]}})",
                                  miss));
  };
  Played none = play("sim://" + scenario(0) + "?speed=max");
  BOOST_TEST(none.reads.size() == 20'000u);
  std::map<std::string, int> per_tag;
  for (const auto& r : none.reads) ++per_tag[hex(r.epc)];
  BOOST_TEST(per_tag.size() == 100u);
  for (const auto& [epc, n] : per_tag) BOOST_TEST(n == 200, epc);

  // Binomial(20000, 0.7): mean 14,000, deviation 65; 500 is more than seven deviations.
  Played some = play("sim://" + scenario(0.3) + "?speed=max&seed=11");
  BOOST_TEST(some.reads.size() > 13'500u);
  BOOST_TEST(some.reads.size() < 14'500u);
}

BOOST_AUTO_TEST_CASE(speed_max_plays_an_hour_without_waiting_for_it) {
  test::TempDir dir;
  std::string path = write_file(dir, "hour.json", R"({
    "antennas": [{"id": 2, "read_rate": 1}],
    "tags": [{"group": "g", "epc": "E2000000000000000000F001"}],
    "passes": [{"tags": "g", "antenna": 2, "at": 0, "duration": 3600}]})");
  Played p = play("sim://" + path + "?speed=max", 60s);
  BOOST_TEST(p.reads.size() == 3600u);
  BOOST_TEST(p.states.back().reason == "scenario finished");
}

BOOST_AUTO_TEST_CASE(scaled_speed_paces_reads_by_scenario_time) {
  test::TempDir dir;
  std::string path = write_file(dir, "two.json", R"({
    "antennas": [{"id": 1, "read_rate": 10}],
    "tags": [{"group": "g", "epc": "E2000000000000000000F002"}],
    "passes": [{"tags": "g", "antenna": 1, "at": 0, "duration": 2}]})");
  // Two scenario seconds at ten times real time cannot end before 0.2 s of wall time.
  Played p = play("sim://" + path + "?speed=10", 30s);
  BOOST_TEST(p.reads.size() == 20u);
  BOOST_TEST(std::chrono::duration<double>(p.took).count() >= 0.19);
}

BOOST_AUTO_TEST_CASE(stop_ends_a_real_time_scenario_with_no_reads_after_stopped) {
  test::TempDir dir;
  std::string path = write_file(dir, "long.json", R"({
    "antennas": [{"id": 1, "read_rate": 100}],
    "tags": [{"group": "g", "epc": "E2000000000000000000F003"}],
    "passes": [{"tags": "g", "antenna": 1, "at": 0, "duration": 3600}]})");
  Played p = play("sim://" + path, 30s, [](Reader& reader) {
    reader.stop();
    reader.stop();  // twice is harmless
  });
  BOOST_TEST_REQUIRE(!p.states.empty());
  BOOST_TEST((p.states.back().state == ReaderState::stopped));
  BOOST_TEST(p.states.back().reason.empty());
  BOOST_TEST(p.reads_after_stopped == 0u);
  int stops = 0;
  for (const auto& s : p.states) stops += s.state == ReaderState::stopped;
  BOOST_TEST(stops == 1);
  BOOST_TEST(p.reads.size() < 100u);
}

BOOST_AUTO_TEST_CASE(the_shelf_scenario_moves_one_item_and_loses_another) {
  Played p = play("sim://" + scenario_file("shelf_and_handheld.json") + "?speed=max");
  const Micros start = parse_utc("2026-11-23T09:00:00Z").value();
  auto at = [&](double seconds) { return start + Micros(seconds * 1e6); };
  std::set<std::string> handheld;
  for (const auto& r : p.reads) {
    std::string epc = hex(r.epc);
    if (epc == "3034257BF400B7800004CB30") {  // taken off shelf A at 20 s
      BOOST_TEST(r.antenna == 1);
      BOOST_TEST(r.first_seen < at(20));
    }
    if (epc == "3034257BF400B7800004CB2F") {  // moved from shelf A to shelf B
      if (r.antenna == 1) BOOST_TEST(r.first_seen < at(30));
      if (r.antenna == 2) BOOST_TEST(r.first_seen >= at(35));
      BOOST_TEST(r.antenna != 3);
    }
    if (r.antenna == 3) {
      handheld.insert(epc);
      BOOST_TEST(r.first_seen >= at(60));
      BOOST_TEST(r.first_seen < at(60 + 23 * 0.5 + 1.5));
    }
  }
  auto scenario = drivers::sim::load_scenario(scenario_file("shelf_and_handheld.json"));
  BOOST_TEST_REQUIRE(scenario.ok());
  std::set<std::string> shelf_a;
  for (auto i : scenario->groups.at("shelf-a")) shelf_a.insert(hex(scenario->tags[i]));
  BOOST_TEST(shelf_a.size() == 24u);
  BOOST_TEST((handheld == shelf_a));
}

BOOST_AUTO_TEST_CASE(bad_sim_uris_and_scenarios_are_refused_at_open) {
  test::TempDir dir;
  std::string good = scenario_file("dock_door_pallet.json");
  std::string broken = write_file(dir, "broken.json", R"({"antennas": [{"id": 1}], "tags": 3})");
  boost::asio::io_context io;
  struct Case {
    std::string uri;
    const char* says;
  };
  const Case cases[] = {
      {"sim://" + good + "?speed=0", "speed '0'"},
      {"sim://" + good + "?speed=fast", "speed 'fast'"},
      {"sim://" + good + "?seed=-1", "seed '-1'"},
      {"sim://" + good + "?seed=1x", "seed '1x'"},
      {"sim://" + good + "?loop=1", "unknown query parameter 'loop'"},
      {"sim://" + dir.file("absent.json"), "cannot read scenario file"},
      {"sim://" + broken, "broken.json: scenario tags: must be a non-empty array"},
  };
  for (const Case& c : cases) {
    auto reader = open_reader(io, "x", c.uri);
    BOOST_TEST_CONTEXT(c.uri) {
      BOOST_TEST_REQUIRE(!reader.ok());
      BOOST_TEST(reader.error().message.find(c.says) != std::string::npos, reader.error().message);
    }
  }
}
