// End-to-end: a dock reader (the simulator, through the real rfinv binary and `rfinv run`)
// receives DSGTIN+ tags, whose EPCs carry a lot and an expiry date; the receipts record them,
// and a handheld count adjusts a missing unit out of its own lot.
#define BOOST_TEST_MODULE lots_pipeline
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <fstream>
#include <map>

#include "epc/epc.h"
#include "epc/gs1_element_string.h"
#include "epc/tag_gs1_data.h"
#include "tests/support/process.h"
#include "tests/support/result_text.h"
#include "tests/support/temp_dir.h"

using namespace rfinv::test;
namespace json = boost::json;
using namespace std::chrono;

namespace {

constexpr year_month_day kScenarioDay{year(2026), month(11), day(23)};

// A DSGTIN+ tag's EPC hex for this element string.
std::string dsgtin_plus(const std::string& element_string) {
  auto scan = rfinv::epc::parse_gs1(element_string, kScenarioDay);
  BOOST_REQUIRE_MESSAGE(scan.ok(), element_string << ": " << error_text(scan));
  auto e = rfinv::epc::plus_epc(rfinv::epc::Scheme::dsgtin_plus, 1, scan->data);
  BOOST_REQUIRE_MESSAGE(e.ok(), element_string << ": " << error_text(e));
  return *rfinv::epc::encode_hex(*e);
}

struct Cli {
  TempDir dir;
  std::string db = dir.file("rfinv.db");

  std::string ok(std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", db});
    auto r = run_rfinv(args);
    BOOST_REQUIRE_MESSAGE(r.exit_code == 0,
                          "rfinv " << args[2] << " failed (" << r.exit_code << "): " << r.err);
    return r.out;
  }
  json::value ok_json(std::vector<std::string> args) {
    args.push_back("--json");
    return json::parse(ok(args));
  }
};

}  // namespace

BOOST_FIXTURE_TEST_CASE(a_dock_reader_receiving_dsgtin_plus_tags_records_their_lots_and_expiry,
                        Cli) {
  ok({"location", "add", "DOCK"});
  ok({"item", "add", "SYR", "--name", "Syringe", "--gtin", "09506000134352", "--lots",
      "--expiry-tracked"});
  ok({"item", "add", "GLOVE", "--name", "Gloves", "--gtin", "80614141123458"});  // untracked
  std::vector<std::string> epcs;
  for (int serial = 1; serial <= 3; ++serial)
    epcs.push_back(
        dsgtin_plus("(01)09506000134352(21)A" + std::to_string(serial) + "(17)300131(10)LOT-A"));
  for (int serial = 1; serial <= 2; ++serial)
    epcs.push_back(
        dsgtin_plus("(01)09506000134352(21)B" + std::to_string(serial) + "(17)290630(10)LOT-B"));
  // A lot on an item that does not track lots is not the tag's fault: received without it.
  epcs.push_back(dsgtin_plus("(01)80614141123458(21)G1(17)300131(10)LOT-G"));
  std::string list;
  for (const auto& e : epcs) list += (list.empty() ? "\"" : ", \"") + e + "\"";
  std::ofstream(dir.file("dock.json")) << R"({
    "start": "2026-11-23T08:00:00Z", "seed": 5,
    "antennas": [{"id": 1, "read_rate": 10, "rssi_mean": -50, "rssi_noise": 1}],
    "tags": [{"group": "delivery", "epcs": [)" +
                                              list + R"(]}],
    "passes": [{"tags": "delivery", "antenna": 1, "at": 0, "duration": 2}]
  })";
  ok({"reader", "add", "dock", "sim://" + dir.file("dock.json") + "?speed=max"});
  ok({"readpoint", "add", "--reader", "dock", "--antenna", "1", "--location", "DOCK", "--role",
      "dock-in"});
  ok({"run", "--until-idle"});

  std::map<std::string, std::pair<std::string, std::int64_t>> lots;  // lot -> expiry, qty
  auto lines = ok_json({"stock", "--lots", "--sku", "SYR"});
  for (const auto& line : lines.as_array())
    lots[std::string(line.at("lot").as_string())] = {std::string(line.at("expiry").as_string()),
                                                     line.at("qty").as_int64()};
  BOOST_TEST(lots.size() == 2u);
  BOOST_TEST((lots["LOT-A"] == std::pair<std::string, std::int64_t>{"2030-01-31", 3}));
  BOOST_TEST((lots["LOT-B"] == std::pair<std::string, std::int64_t>{"2029-06-30", 2}));
  // Each receipt carries its tag's lot.
  auto history = ok_json({"history", "SYR"}).as_array();
  BOOST_TEST(history.size() == 5u);
  for (const auto& m : history) {
    BOOST_TEST(m.at("kind").as_string() == "receive");
    BOOST_TEST(m.at("lots").as_array().size() == 1u);
  }
  auto gloves = ok_json({"stock", "--lots", "--sku", "GLOVE"}).as_array();
  BOOST_REQUIRE(gloves.size() == 1u);
  BOOST_TEST(gloves[0].at("qty").as_int64() == 1);
  BOOST_TEST(gloves[0].at("lot").is_null());
  // Replaying the same reads adds nothing.
  ok({"run", "--until-idle"});
  BOOST_TEST(ok_json({"item", "show", "SYR"}).at("on_hand").as_int64() == 5);

  // A count whose handheld misses one LOT-A unit: it is adjusted out of LOT-A, not out of
  // LOT-B, which first expiry first would take.
  ok({"count", "start", "--location", "DOCK"});
  std::string seen;
  for (std::size_t i = 1; i < epcs.size(); ++i)
    seen += (seen.empty() ? "\"" : ", \"") + epcs[i] + "\"";
  std::ofstream(dir.file("hand.json")) << R"({
    "start": "2026-11-23T09:00:00Z",
    "antennas": [{"id": 1, "read_rate": 20, "rssi_mean": -45, "rssi_noise": 1}],
    "tags": [{"group": "shelf", "epcs": [)" + seen +
                                              R"(]}],
    "passes": [{"tags": "shelf", "antenna": 1, "at": 0, "duration": 1.5}]
  })";
  ok({"reader", "add", "hand", "sim://" + dir.file("hand.json") + "?speed=max"});
  ok({"readpoint", "add", "--reader", "hand", "--antenna", "1", "--location", "DOCK", "--role",
      "handheld"});
  ok({"run", "--until-idle"});
  auto report = ok_json({"count", "finish", "--location", "DOCK", "--apply"});
  BOOST_REQUIRE(report.at("missing").as_array().size() == 1u);
  BOOST_TEST(report.at("missing").at(0).at("applied").as_string() == "adjusted out");
  lots.clear();
  auto after = ok_json({"stock", "--lots", "--sku", "SYR"});
  for (const auto& line : after.as_array())
    lots[std::string(line.at("lot").as_string())] = {std::string(line.at("expiry").as_string()),
                                                     line.at("qty").as_int64()};
  BOOST_TEST((lots["LOT-A"] == std::pair<std::string, std::int64_t>{"2030-01-31", 2}));
  BOOST_TEST((lots["LOT-B"] == std::pair<std::string, std::int64_t>{"2029-06-30", 2}));
}
