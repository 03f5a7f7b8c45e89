// The read pipeline against the simulated reader: reads from a real sim:// reader on an
// io_context go through smoothing and business events into a real SQLite ledger.
#define BOOST_TEST_MODULE pipeline
#include "inventory/pipeline/pipeline.h"

#include <fmt/format.h>

#include <boost/asio/io_context.hpp>
#include <boost/test/unit_test.hpp>
#include <fstream>
#include <map>

#include "drivers/reader.h"
#include "inventory/catalog/catalog.h"
#include "inventory/ledger/ledger.h"
#include "inventory/pipeline/readers.h"
#include "inventory/pipeline/readpoints.h"
#include "sync/node/node_schema.h"
#include "tests/support/result_text.h"
#include "tests/support/temp_dir.h"

using namespace rfinv;
using namespace rfinv::inventory;

namespace {

// GTIN-14 80614141123458 is the item the SGTIN-96 range 0614141 / 812345 names.
constexpr const char* kCaseGtin = "80614141123458";

struct Bench {
  test::TempDir dir;
  std::unique_ptr<Store> store;

  Bench() {
    auto s = Store::open(dir.file("pipeline.db"), sync::node_schema());
    BOOST_REQUIRE(s.ok());
    store = std::move(s.value());
    for (const char* code : {"DOCK1", "DOCK2", "SHELF-A", "SHELF-B"})
      BOOST_REQUIRE(add_location(*store, {code, code, {}, {}, {}}).ok());
    ItemFields f;
    f.name = "Case of widgets";
    f.gtin = kCaseGtin;
    BOOST_REQUIRE(add_item(*store, "CASE", f).ok());
  }

  std::string scenario(const std::string& name, const std::string& json) {
    auto path = dir.file(name);
    std::ofstream(path) << json;
    return path;
  }

  void reader(const std::string& name, const std::string& scenario_path) {
    BOOST_REQUIRE(add_reader(*store, name, "sim://" + scenario_path + "?speed=max", 0).ok());
  }

  void read_point(const std::string& reader, int antenna, const std::string& location,
                  ReadPointRole role) {
    NewReadPoint rp;
    rp.reader = reader;
    rp.antenna = antenna;
    rp.location = location;
    rp.role = role;
    auto added = add_read_point(*store, rp);
    BOOST_REQUIRE_MESSAGE(added.ok(), test::error_text(added));
  }

  // Plays every configured reader to its end through a fresh pipeline, then lets enough
  // time pass for every tag to leave. Returns the business events by kind.
  std::map<std::string, int> play() {
    auto pipeline = Pipeline::open(*store);
    BOOST_REQUIRE(pipeline.ok());
    boost::asio::io_context io;
    std::vector<std::unique_ptr<drivers::Reader>> readers;
    auto records = list_readers(*store);
    BOOST_REQUIRE(records.ok());
    std::map<std::string, int> kinds;
    auto count = [&](Result<std::vector<BusinessEvent>> events) {
      BOOST_REQUIRE_MESSAGE(events.ok(), test::error_text(events));
      for (const auto& e : *events) ++kinds[e.kind];
    };
    std::size_t running = records->size();
    for (const auto& r : *records) {
      auto reader = drivers::open_reader(io, r.name, r.uri);
      BOOST_REQUIRE_MESSAGE(reader.ok(), test::error_text(reader));
      reader.value()->start(
          [&](std::span<const drivers::TagRead> batch) { count((*pipeline)->ingest(batch)); },
          [&](const drivers::StateChange& c) {
            if (c.state == drivers::ReaderState::stopped && --running == 0) io.stop();
          });
      readers.push_back(std::move(reader.value()));
    }
    io.run_for(std::chrono::seconds(60));
    BOOST_REQUIRE(running == 0);  // every scenario finished within the time limit
    count((*pipeline)->tick(now_micros() + 3600LL * 1000000));
    return kinds;
  }

  std::int64_t stock_at(const std::string& location) {
    auto lines = stock_levels(*store, {std::string("CASE"), location, false});
    BOOST_REQUIRE(lines.ok());
    std::int64_t total = 0;
    for (const auto& l : *lines) total += l.qty;
    return total;
  }
};

// `count` cases of CASE as one SGTIN-96 group; passes given by the caller.
std::string cases_scenario(int count, const std::string& antennas, const std::string& passes) {
  return fmt::format(R"({{
    "start": "2026-11-23T08:00:00Z", "seed": 11,
    "antennas": [{}],
    "tags": [{{"group": "cases", "sgtin96": {{"company_prefix": "0614141",
               "item_reference": "812345", "serial": 1000, "count": {}}}}}],
    "passes": [{}]}})",
                     antennas, count, passes);
}

constexpr const char* kDoorAntennas =
    R"({"id": 1, "read_rate": 8, "miss_rate": 0.2, "rssi_mean": -52, "rssi_noise": 3},
       {"id": 2, "read_rate": 8, "miss_rate": 0.2, "rssi_mean": -54, "rssi_noise": 3},
       {"id": 3, "read_rate": 2, "miss_rate": 0.5, "rssi_mean": -80, "rssi_noise": 2})";

}  // namespace

BOOST_FIXTURE_TEST_CASE(a_pallet_of_200_cases_through_a_dock_door_gives_200_receipts, Bench) {
  reader("door1",
         scenario(
             "pallet.json",
             cases_scenario(
                 200, kDoorAntennas,
                 R"({"tags": "cases", "antenna": 1, "at": 1, "duration": 2, "stagger": 0.005})")));
  read_point("door1", 1, "DOCK1", ReadPointRole::dock_in);
  auto kinds = play();
  BOOST_TEST(kinds["receive"] == 200);
  BOOST_TEST(stock_at("DOCK1") == 200);
  // Played again (a reader resending, a restart): the same keys, nothing counted twice, and
  // no other event either (the cases are on hand, yet a replay is not "seen" again).
  auto again = play();
  BOOST_TEST(again.empty());
  BOOST_TEST(stock_at("DOCK1") == 200);
}

BOOST_FIXTURE_TEST_CASE(cross_reads_from_a_weak_neighbouring_antenna_give_nothing, Bench) {
  // Antenna 3 is door 2's dock-in antenna; it catches the pallet at door 1 weakly.
  reader("door1",
         scenario("pallet.json",
                  cases_scenario(
                      200, kDoorAntennas,
                      R"({"tags": "cases", "antenna": 1, "at": 1, "duration": 2, "stagger": 0.005},
                                             {"tags": "cases", "antenna": 2, "at": 2, "duration": 2, "stagger": 0.005},
                                             {"tags": "cases", "antenna": 3, "at": 1.5, "duration": 2, "stagger": 0.005})")));
  read_point("door1", 1, "DOCK1", ReadPointRole::portal_outer);
  read_point("door1", 2, "DOCK1", ReadPointRole::portal_inner);
  read_point("door1", 3, "DOCK2", ReadPointRole::dock_in);
  auto kinds = play();
  BOOST_TEST(kinds["receive"] == 200);  // all through the portal at door 1
  BOOST_TEST(stock_at("DOCK1") == 200);
  BOOST_TEST(stock_at("DOCK2") == 0);  // none from the neighbour's cross-reads
}

BOOST_FIXTURE_TEST_CASE(a_portal_pass_in_and_out_gives_one_receipt_and_one_issue, Bench) {
  reader("door1",
         scenario("in-out.json",
                  cases_scenario(1, kDoorAntennas,
                                 R"({"tags": "cases", "antenna": 1, "at": 1, "duration": 1.5},
                                             {"tags": "cases", "antenna": 2, "at": 1.8, "duration": 1.5},
                                             {"tags": "cases", "antenna": 2, "at": 30, "duration": 1.5},
                                             {"tags": "cases", "antenna": 1, "at": 30.8, "duration": 1.5})")));
  read_point("door1", 1, "DOCK1", ReadPointRole::portal_outer);
  read_point("door1", 2, "DOCK1", ReadPointRole::portal_inner);
  auto kinds = play();
  BOOST_TEST(kinds["receive"] == 1);
  BOOST_TEST(kinds["issue"] == 1);
  BOOST_TEST(stock_at("DOCK1") == 0);
  auto history = movement_history(*store, "CASE", 10);
  BOOST_REQUIRE(history.ok());
  BOOST_REQUIRE(history->size() == 2u);
  BOOST_TEST((*history)[0].kind == "issue");
  BOOST_TEST((*history)[1].kind == "receive");
}

BOOST_FIXTURE_TEST_CASE(a_shelf_move_gives_one_transfer_and_a_unit_left_alone_stays_counted,
                        Bench) {
  // Three cases come in at the dock, go onto shelf A; one moves to shelf B at 40 s; one is
  // taken off shelf A at 50 s without passing a dock (unobserved, still counted).
  auto json = fmt::format(R"({{
    "start": "2026-11-23T08:00:00Z", "seed": 5,
    "antennas": [{{"id": 1, "read_rate": 10, "rssi_mean": -50}},
                 {{"id": 2, "read_rate": 2, "miss_rate": 0.3, "rssi_mean": -60}},
                 {{"id": 3, "read_rate": 2, "miss_rate": 0.3, "rssi_mean": -60}}],
    "tags": [{{"group": "a", "sgtin96": {{"company_prefix": "0614141", "item_reference": "812345", "serial": 1, "count": 1}}}},
             {{"group": "b", "sgtin96": {{"company_prefix": "0614141", "item_reference": "812345", "serial": 2, "count": 1}}}},
             {{"group": "c", "sgtin96": {{"company_prefix": "0614141", "item_reference": "812345", "serial": 3, "count": 1}}}}],
    "passes": [{{"tags": ["a", "b", "c"], "antenna": 1, "at": 0, "duration": 2}},
               {{"tags": ["a", "c"], "antenna": 2, "at": 10, "duration": 90}},
               {{"tags": "b", "antenna": 2, "at": 10, "duration": 30}},
               {{"tags": "b", "antenna": 3, "at": 42, "duration": 58}}]}})");
  reader("r", scenario("shelves.json", json));
  read_point("r", 1, "DOCK1", ReadPointRole::dock_in);
  read_point("r", 2, "SHELF-A", ReadPointRole::shelf);
  read_point("r", 3, "SHELF-B", ReadPointRole::shelf);
  auto kinds = play();
  BOOST_TEST(kinds["receive"] == 3);
  BOOST_TEST(kinds["transfer"] == 4);  // three dock -> shelf A, then b: shelf A -> shelf B
  BOOST_TEST(stock_at("SHELF-A") == 2);
  BOOST_TEST(stock_at("SHELF-B") == 1);
  BOOST_TEST(stock_at("DOCK1") == 0);
  BOOST_TEST(kinds["unobserved"] == 3);  // after the scenario every tag is gone from view
}

BOOST_FIXTURE_TEST_CASE(tags_that_decode_to_nothing_known_are_recorded_not_dropped, Bench) {
  reader("r", scenario("unknown.json", R"({
    "start": "2026-11-23T08:00:00Z",
    "antennas": [{"id": 1, "read_rate": 10, "rssi_mean": -50}],
    "tags": [{"group": "x", "epcs": ["E2801160600002054E2D79A5", "3034257BF7194E4000000001"]}],
    "passes": [{"tags": "x", "antenna": 1, "at": 0, "duration": 2}]})"));
  read_point("r", 1, "DOCK1", ReadPointRole::dock_in);
  auto kinds = play();
  BOOST_TEST(kinds["unknown"] == 1);  // the E280 tag: no scheme, no item
  BOOST_TEST(kinds["receive"] == 1);  // the SGTIN of CASE
}

BOOST_FIXTURE_TEST_CASE(an_issue_of_a_tag_not_on_hand_is_an_anomaly_not_negative_stock, Bench) {
  reader("r",
         scenario("out.json",
                  cases_scenario(2, R"({"id": 1, "read_rate": 10, "rssi_mean": -50})",
                                 R"({"tags": "cases", "antenna": 1, "at": 0, "duration": 2})")));
  read_point("r", 1, "DOCK1", ReadPointRole::dock_out);
  auto kinds = play();
  BOOST_TEST(kinds["anomaly"] == 2);
  BOOST_TEST(kinds["issue"] == 0);
  BOOST_TEST(stock_at("DOCK1") == 0);
}
