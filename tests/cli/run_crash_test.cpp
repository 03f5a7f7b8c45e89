// `rfinv run` killed with SIGKILL in the middle of a scenario and restarted ends with the
// same stock as an uninterrupted run: no movement doubled or lost.
#define BOOST_TEST_MODULE run_crash
#include <signal.h>
#include <sqlite3.h>

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>
#include <set>
#include <thread>

#include "tests/support/cli_db.h"

using namespace rfinv::test;
namespace json = boost::json;

namespace {

// 60 cases arrive at the dock one every half second; cases 21-40 are put on the shelf;
// cases 1-20 leave through the outbound dock at the end. About 40 s of scenario time,
// played ten times faster than real time.
constexpr const char* kScenario = R"({
  "start": "2026-11-23T08:00:00Z", "seed": 99, "report_interval": 0.05,
  "antennas": [{"id": 1, "read_rate": 10, "miss_rate": 0.1, "rssi_mean": -50},
               {"id": 2, "read_rate": 10, "miss_rate": 0.1, "rssi_mean": -50},
               {"id": 3, "read_rate": 4, "miss_rate": 0.2, "rssi_mean": -58}],
  "tags": [{"group": "out", "sgtin96": {"company_prefix": "0614141", "item_reference": "812345", "serial": 1, "count": 20}},
           {"group": "shelved", "sgtin96": {"company_prefix": "0614141", "item_reference": "812345", "serial": 21, "count": 20}},
           {"group": "stay", "sgtin96": {"company_prefix": "0614141", "item_reference": "812345", "serial": 41, "count": 20}}],
  "passes": [{"tags": ["out", "shelved", "stay"], "antenna": 1, "at": 0.5, "duration": 1.5, "stagger": 0.5},
             {"tags": "shelved", "antenna": 3, "at": 22, "duration": 18, "stagger": 0.2},
             {"tags": "out", "antenna": 2, "at": 33, "duration": 1.5, "stagger": 0.2}]
})";

// A node whose dock door and shelf are read by the scenario above.
struct Node : CliDb {
  Node() {
    write("day.json", kScenario);
    ok({"location", "add", "DOCK"});
    ok({"location", "add", "SHELF"});
    ok({"item", "add", "CASE", "--name", "Case", "--gtin", "80614141123458"});
    ok({"reader", "add", "door", "sim://" + dir.file("day.json") + "?speed=10"});
    ok({"readpoint", "add", "--reader", "door", "--antenna", "1", "--location", "DOCK", "--role",
        "dock-in"});
    ok({"readpoint", "add", "--reader", "door", "--antenna", "2", "--location", "DOCK", "--role",
        "dock-out"});
    ok({"readpoint", "add", "--reader", "door", "--antenna", "3", "--location", "SHELF", "--role",
        "shelf"});
  }

  json::array stock() { return ok_json({"stock"}).as_array(); }

  std::int64_t movements() {
    sqlite3* h = nullptr;
    BOOST_REQUIRE(sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(h, "SELECT count(*) FROM movement", -1, &st, nullptr);
    std::int64_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    sqlite3_close(h);
    return n;
  }

  int run_to_end() {
    return run({"run", "--until-idle"}, {{}, {}, std::chrono::seconds(60)}).exit_code;
  }
};

}  // namespace

BOOST_AUTO_TEST_CASE(a_killed_and_restarted_service_ends_with_the_stock_of_an_uninterrupted_run) {
  Node whole;
  BOOST_REQUIRE(whole.run_to_end() == 0);
  auto expected = whole.stock();
  // The scenario's own story: 20 stay at the dock, 20 are on the shelf, 20 were issued.
  BOOST_REQUIRE(expected.size() == 2u);
  BOOST_TEST(expected[0].at("location").as_string() == "DOCK");
  BOOST_TEST(expected[0].at("qty").as_int64() == 20);
  BOOST_TEST(expected[1].at("location").as_string() == "SHELF");
  BOOST_TEST(expected[1].at("qty").as_int64() == 20);
  BOOST_TEST(whole.movements() == 60 + 20 + 20);

  Node crashed;
  {
    BackgroundProcess service({RFINV_BINARY, "--db", crashed.db, "run"},
                              crashed.dir.file("run.log"));
    // Kill it once some, but not all, of the day's movements are in.
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (crashed.movements() < 30 && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    service.signal(SIGKILL);
    service.wait(std::chrono::seconds(5));
  }
  auto before_restart = crashed.movements();
  BOOST_TEST(before_restart >= 30);
  BOOST_TEST(before_restart < 100);  // really killed in the middle

  BOOST_REQUIRE(crashed.run_to_end() == 0);
  BOOST_TEST(crashed.stock() == expected);
  BOOST_TEST(crashed.movements() == whole.movements());
}

BOOST_AUTO_TEST_CASE(sigterm_stops_the_service_cleanly) {
  Node node;
  BackgroundProcess service({RFINV_BINARY, "--db", node.db, "run"}, node.dir.file("run.log"));
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (node.movements() < 5 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  service.signal(SIGTERM);
  BOOST_TEST(service.wait(std::chrono::seconds(10)) == 0);
  auto log = service.output();
  BOOST_TEST(log.find("stopping (signal)") != std::string::npos, log);
  BOOST_TEST(log.find("reader door stopped") != std::string::npos, log);
}

// Another process holds the write lock for longer than the busy timeout (10 s) while the
// service is receiving: the batches it could not write are kept and retried, and every
// receipt ends in the ledger.
BOOST_AUTO_TEST_CASE(batches_blocked_by_another_writer_are_retried_until_written) {
  Node node;
  sqlite3* other = nullptr;
  BOOST_REQUIRE(sqlite3_open(node.db.c_str(), &other) == SQLITE_OK);
  sqlite3_busy_timeout(other, 60'000);
  {
    BackgroundProcess service({RFINV_BINARY, "--db", node.db, "run", "--until-idle"},
                              node.dir.file("run.log"));
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (node.movements() < 5 && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    BOOST_REQUIRE(node.movements() >= 5);
    BOOST_REQUIRE(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK);
    auto locked_at = node.movements();
    // Held past the service's busy timeout; the scenario ends meanwhile.
    std::this_thread::sleep_for(std::chrono::seconds(12));
    BOOST_REQUIRE(sqlite3_exec(other, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK);
    BOOST_TEST(service.wait(std::chrono::seconds(120)) == 0, service.output());
    auto log = service.output();
    BOOST_TEST(locked_at < 100);  // the lock really came in the middle
    BOOST_TEST(log.find("database not written") != std::string::npos, log);
    BOOST_TEST(log.find("database written again") != std::string::npos, log);
  }
  sqlite3_close(other);
  BOOST_TEST(node.movements() == 60 + 20 + 20);
  auto stock = node.stock();
  BOOST_REQUIRE(stock.size() == 2u);
  BOOST_TEST(stock[0].at("qty").as_int64() == 20);
  BOOST_TEST(stock[1].at("qty").as_int64() == 20);
}

namespace {

// Each tagged unit on hand, as "EPC@location".
std::set<std::string> units(const std::string& json_text) {
  std::set<std::string> out;
  auto list = json::parse(json_text);
  for (const auto& u : list.as_array())
    out.insert(std::string(u.at("epc").as_string()) + "@" +
               std::string(u.at("location").as_string()));
  return out;
}

}  // namespace

// The demo's readers played again change nothing: each reader keeps its own clock, so one
// scenario's time never makes another's tags leave and enter anew under new keys.
BOOST_AUTO_TEST_CASE(replaying_the_demo_readers_changes_nothing) {
  CliDb node;
  const ProcessOptions slow{{}, {}, std::chrono::seconds(120)};
  node.ok({"demo"}, slow);
  auto stock_before = node.ok({"stock", "--json"});
  auto units_before = node.ok({"units", "--json"});
  auto replay = node.ok({"run", "--until-idle"}, slow);
  BOOST_TEST(replay.find(" 0 movements (") != std::string::npos, replay);
  BOOST_TEST(node.ok({"stock", "--json"}) == stock_before);
  BOOST_TEST(units(node.ok({"units", "--json"})) == units(units_before));
}
