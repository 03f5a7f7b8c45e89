// End-to-end with the real binary and simulated readers: five units come through a dock door,
// one is taken away, a handheld sweeps the shelf during a count, and the count finds exactly
// the one taken away; applied, the stock drops by one, the units list and the event log say
// so, the EPCIS export carries the adjustment, and applying again is refused. Also the
// listing commands and bad input.
#define BOOST_TEST_MODULE count_cli
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include "tests/support/cli_db.h"

using namespace rfinv::test;
namespace json = boost::json;

namespace {

constexpr const char* kTaken = "urn:epc:id:sgtin:0614141.812345.5";

struct Cli : CliDb {
  std::string sim(const std::string& name) { return "sim://" + dir.file(name) + "?speed=max"; }

  // Five WIDGET units received through the dock into SHELF-A.
  void receive_five() {
    ok({"location", "add", "SHELF-A"});
    ok({"item", "add", "WIDGET", "--name", "Widget", "--gtin", "80614141123458"});
    write("dock.json", R"({
      "start": "2026-11-23T08:00:00Z", "seed": 3,
      "antennas": [{"id": 1, "read_rate": 10, "rssi_mean": -50, "rssi_noise": 1}],
      "tags": [{"group": "delivery", "sgtin96": {"company_prefix": "0614141",
                "item_reference": "812345", "serial": 1, "count": 5}}],
      "passes": [{"tags": "delivery", "antenna": 1, "at": 0, "duration": 2}]
    })");
    ok({"reader", "add", "dock", sim("dock.json")});
    ok({"readpoint", "add", "--reader", "dock", "--antenna", "1", "--location", "SHELF-A", "--role",
        "dock-in"});
    ok({"run", "--until-idle"});
    BOOST_REQUIRE_EQUAL(shelf_stock(), 5);
  }

  std::int64_t shelf_stock() {
    auto stock = ok_json({"stock", "--sku", "WIDGET"});
    for (const auto& line : stock.as_array())
      if (line.at("location").as_string() == "SHELF-A") return line.at("qty").as_int64();
    return 0;
  }
};

std::vector<std::string> uris(const json::value& list) {
  std::vector<std::string> out;
  for (const auto& v : list.as_array()) out.emplace_back(v.at("uri").as_string());
  return out;
}

}  // namespace

BOOST_FIXTURE_TEST_CASE(a_handheld_count_finds_exactly_the_unit_taken_away, Cli) {
  receive_five();
  auto started = ok({"count", "start", "--location", "SHELF-A"});
  auto id = std::stoll(started);
  BOOST_REQUIRE(id > 0);

  // Unit 5 was taken off the shelf; the handheld passes over units 1-4.
  write("hand.json", R"({
    "start": "2026-11-23T09:00:00Z",
    "antennas": [{"id": 1, "read_rate": 20, "rssi_mean": -45, "rssi_noise": 1}],
    "tags": [{"group": "shelf", "sgtin96": {"company_prefix": "0614141",
              "item_reference": "812345", "serial": 1, "count": 4}}],
    "passes": [{"tags": "shelf", "antenna": 1, "at": 0, "duration": 1.5, "stagger": 0.5}]
  })");
  ok({"reader", "add", "hand", sim("hand.json")});
  ok({"readpoint", "add", "--reader", "hand", "--antenna", "1", "--location", "SHELF-A", "--role",
      "handheld"});
  // The dock's scenario plays again too: its receipts are replays and add nothing.
  ok({"run", "--until-idle"});
  BOOST_REQUIRE_EQUAL(shelf_stock(), 5);

  auto status = ok_json({"count", "status"}).as_array();
  BOOST_REQUIRE_EQUAL(status.size(), 1u);
  BOOST_TEST(status[0].at("id").as_int64() == id);
  BOOST_TEST(status[0].at("seen").as_int64() == 4);

  auto report = ok_json({"count", "finish", "--location", "SHELF-A", "--apply"});
  BOOST_TEST(uris(report.at("missing")) == std::vector<std::string>{kTaken});
  BOOST_TEST(report.at("missing").at(0).at("sku").as_string() == "WIDGET");
  BOOST_TEST(report.at("missing").at(0).at("applied").as_string() == "adjusted out");
  BOOST_TEST(report.at("expected_seen").as_array().size() == 4u);
  BOOST_TEST(report.at("unexpected").as_array().empty());
  BOOST_TEST(report.at("unknown").as_array().empty());
  BOOST_TEST(report.at("session").at("applied").as_bool());
  BOOST_TEST(shelf_stock() == 4);

  auto units = ok_json({"units", "--location", "SHELF-A"}).as_array();
  BOOST_TEST(units.size() == 4u);
  for (const auto& u : units) BOOST_TEST(u.at("uri").as_string() != kTaken);

  auto adjustments = 0;
  auto events = ok_json({"events"});
  for (const auto& e : events.as_array())
    if (e.at("event").as_string() == "count_adjust") {
      ++adjustments;
      BOOST_TEST(e.at("uri").as_string() == kTaken);
    }
  BOOST_TEST(adjustments == 1);

  auto doc = json::parse(ok({"events", "--epcis"}));
  BOOST_TEST(doc.at("type").as_string() == "EPCISDocument");
  int receipts = 0, counted_out = 0;
  for (const auto& e : doc.at("epcisBody").at("eventList").as_array()) {
    receipts += e.at("bizStep").as_string() == "receiving";
    if (e.at("bizStep").as_string() == "cycle_counting" && e.at("action").as_string() == "DELETE") {
      ++counted_out;
      BOOST_TEST(e.at("epcList").at(0).as_string() == kTaken);
    }
  }
  BOOST_TEST(receipts == 5);
  BOOST_TEST(counted_out == 1);
  auto later = json::parse(ok({"events", "--epcis", "--since", "2026-11-23T09:00:00Z"}));
  for (const auto& e : later.at("epcisBody").at("eventList").as_array())
    BOOST_TEST(e.at("bizStep").as_string() != "receiving");

  // Finished: applying again is refused and changes nothing.
  auto again = run({"count", "finish", "--id", std::to_string(id), "--apply"});
  BOOST_TEST(again.exit_code == 4);
  BOOST_TEST(again.err.find("already finished") != std::string::npos);
  BOOST_TEST(shelf_stock() == 4);
  BOOST_TEST(ok_json({"count", "status"}).as_array().empty());
}

BOOST_FIXTURE_TEST_CASE(finishing_without_apply_is_a_preview_that_can_be_applied_later, Cli) {
  receive_five();
  ok({"count", "start", "--location", "SHELF-A"});
  auto text = ok({"count", "finish"});
  BOOST_TEST(
      text.find("(preview, still open): 0 expected and seen, 5 missing") != std::string::npos,
      text);
  BOOST_TEST(text.find("nothing posted") != std::string::npos, text);
  BOOST_TEST(shelf_stock() == 5);
  BOOST_TEST(ok_json({"units", "--location", "SHELF-A"}).as_array().size() == 5u);
  BOOST_TEST(ok_json({"count", "status"}).as_array().size() == 1u);  // still open
  // Previewed twice, the same; then applied.
  BOOST_TEST(ok({"count", "finish"}) == text);
  auto applied = ok_json({"count", "finish", "--apply"});
  BOOST_TEST(applied.at("missing").as_array().size() == 5u);
  BOOST_TEST(applied.at("session").at("applied").as_bool());
  BOOST_TEST(shelf_stock() == 0);
  BOOST_TEST(ok_json({"count", "status"}).as_array().empty());
}

BOOST_FIXTURE_TEST_CASE(a_discarded_count_posts_nothing_and_is_closed, Cli) {
  receive_five();
  ok({"count", "start", "--location", "SHELF-A"});
  auto text = ok({"count", "discard", "--location", "SHELF-A"});
  BOOST_TEST(text.find("discarded: 0 expected and seen, 5 missing") != std::string::npos, text);
  BOOST_TEST(shelf_stock() == 5);
  BOOST_TEST(ok_json({"count", "status"}).as_array().empty());
  auto apply = run({"count", "finish", "--id", "1", "--apply"});
  BOOST_TEST(apply.exit_code == 4, apply.err);
  BOOST_TEST(shelf_stock() == 5);
}

BOOST_FIXTURE_TEST_CASE(a_case_taken_off_the_shelf_during_a_count_is_reported_missing, Cli) {
  receive_five();
  auto id = std::stoll(ok({"count", "start", "--location", "SHELF-A"}));
  // The shelf reader sees all five when the service starts; case 5 is taken away after 3 s,
  // cases 1-4 stay in view.
  write("shelf.json", R"({
    "start": "2026-11-23T09:00:00Z", "seed": 5,
    "antennas": [{"id": 1, "read_rate": 10, "rssi_mean": -50, "rssi_noise": 1}],
    "tags": [{"group": "stay", "sgtin96": {"company_prefix": "0614141",
              "item_reference": "812345", "serial": 1, "count": 4}},
             {"group": "taken", "sgtin96": {"company_prefix": "0614141",
              "item_reference": "812345", "serial": 5, "count": 1}}],
    "passes": [{"tags": "stay", "antenna": 1, "at": 0, "duration": 30},
               {"tags": "taken", "antenna": 1, "at": 0, "duration": 3}]
  })");
  ok({"reader", "add", "shelf", sim("shelf.json")});
  ok({"readpoint", "add", "--reader", "shelf", "--antenna", "1", "--location", "SHELF-A", "--role",
      "shelf"});
  ok({"run", "--until-idle"});
  auto report = ok_json({"count", "finish", "--id", std::to_string(id)});
  BOOST_TEST(report.at("expected_seen").as_array().size() == 4u, report);
  BOOST_TEST(uris(report.at("missing")) == std::vector<std::string>{kTaken}, report);
}

BOOST_FIXTURE_TEST_CASE(a_manual_movement_takes_untagged_units_only, Cli) {
  receive_five();  // five tagged units on SHELF-A
  ok({"location", "add", "SHELF-B"});
  ok({"receive", "WIDGET", "3", "--to", "SHELF-A"});  // three untagged
  BOOST_REQUIRE_EQUAL(shelf_stock(), 8);
  auto too_many = run({"issue", "WIDGET", "4", "--from", "SHELF-A"});
  BOOST_TEST(too_many.exit_code == 4);
  BOOST_TEST(too_many.err.find("only 3 untagged each of WIDGET at SHELF-A (4 requested); 5 more "
                               "are tagged units") != std::string::npos,
             too_many.err);
  for (std::vector<std::string> args :
       {std::vector<std::string>{"transfer", "WIDGET", "4", "--from", "SHELF-A", "--to", "SHELF-B"},
        {"adjust", "WIDGET", "-4", "--at", "SHELF-A", "--reason", "damaged"}}) {
    auto refused = run(args);
    BOOST_TEST(refused.exit_code == 4, args.front() << ": " << refused.err);
  }
  BOOST_TEST(shelf_stock() == 8);
  ok({"issue", "WIDGET", "2", "--from", "SHELF-A"});
  ok({"transfer", "WIDGET", "1", "--from", "SHELF-A", "--to", "SHELF-B"});
  // What stock says and what units lists agree: five tagged units, none untagged left.
  BOOST_TEST(shelf_stock() == 5);
  BOOST_TEST(ok_json({"units", "--location", "SHELF-A"}).as_array().size() == 5u);
  BOOST_TEST(run({"issue", "WIDGET", "1", "--from", "SHELF-A"}).exit_code == 4);
}

BOOST_FIXTURE_TEST_CASE(bad_input_is_refused_clearly, Cli) {
  ok({"location", "add", "SHELF-A"});
  auto nowhere = run({"count", "start", "--location", "NOWHERE"});
  BOOST_TEST(nowhere.exit_code == 3);
  BOOST_TEST(nowhere.err.find("NOWHERE") != std::string::npos);
  ok({"count", "start", "--location", "SHELF-A"});
  auto twice = run({"count", "start", "--location", "SHELF-A"});
  BOOST_TEST(twice.exit_code == 4);
  auto both = run({"count", "finish", "--location", "SHELF-A", "--id", "1"});
  BOOST_TEST(both.exit_code == 2);
  auto bad_time = run({"events", "--since", "yesterday"});
  BOOST_TEST(bad_time.exit_code == 2);
  BOOST_TEST(bad_time.err.find("yesterday") != std::string::npos);
  auto no_anomaly = run({"anomalies", "resolve", "42"});
  BOOST_TEST(no_anomaly.exit_code == 3);
  auto units = run({"units", "--location", "NOWHERE"});
  BOOST_TEST(units.exit_code == 3);
  BOOST_TEST(ok_json({"anomalies"}).as_array().empty());
}

BOOST_FIXTURE_TEST_CASE(an_issue_of_a_unit_not_on_hand_is_listed_and_resolvable, Cli) {
  receive_five();
  ok({"location", "add", "OUT"});
  // Unit 9 was never received; it leaves through the outbound door.
  write("out.json", R"({
    "start": "2026-11-23T10:00:00Z",
    "antennas": [{"id": 1, "read_rate": 10, "rssi_mean": -50, "rssi_noise": 1}],
    "tags": [{"group": "stray", "sgtin96": {"company_prefix": "0614141",
              "item_reference": "812345", "serial": 9, "count": 1}}],
    "passes": [{"tags": "stray", "antenna": 1, "at": 0, "duration": 2}]
  })");
  ok({"reader", "add", "out", sim("out.json")});
  ok({"readpoint", "add", "--reader", "out", "--antenna", "1", "--location", "OUT", "--role",
      "dock-out"});
  ok({"run", "--until-idle"});
  auto open = ok_json({"anomalies"}).as_array();
  BOOST_REQUIRE_EQUAL(open.size(), 1u);
  BOOST_TEST(open[0].at("kind").as_string() == "issued_not_on_hand");
  BOOST_TEST(open[0].at("sku").as_string() == "WIDGET");
  auto anomaly = open[0].at("id").as_int64();
  ok({"anomalies", "resolve", std::to_string(anomaly)});
  BOOST_TEST(ok_json({"anomalies"}).as_array().empty());
  auto all = ok_json({"anomalies", "--all"}).as_array();
  BOOST_REQUIRE_EQUAL(all.size(), 1u);
  BOOST_TEST(!all[0].at("resolved_at").is_null());
  BOOST_TEST(run({"anomalies", "resolve", std::to_string(anomaly)}).exit_code == 4);
  BOOST_TEST(shelf_stock() == 5);
}
