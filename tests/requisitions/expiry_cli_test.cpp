// End-to-end: `rfinv expiring` lists the stock of lots near or past their expiry, and the
// real `rfinv run` raises one `expiring` alert per lot, marks expired ones, and clears an alert
// when its lot is gone.
#define BOOST_TEST_MODULE expiry_cli
#include <algorithm>
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <csignal>
#include <map>
#include <thread>

#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

using namespace rfinv::test;
namespace json = boost::json;

namespace {

// Today plus `days` (UTC) as YYYY-MM-DD.
std::string day(int days) {
  auto t = std::chrono::system_clock::now() + std::chrono::hours(24 * days);
  auto ymd = std::chrono::year_month_day(std::chrono::floor<std::chrono::days>(t));
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", int(ymd.year()), unsigned(ymd.month()),
                unsigned(ymd.day()));
  return text;
}

struct Lots {
  TempDir dir;
  std::string db = dir.file("rfinv.db");

  ProcessResult run(std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", db});
    return run_rfinv(args);
  }
  std::string ok(const std::vector<std::string>& args) {
    auto r = run(args);
    BOOST_REQUIRE_MESSAGE(r.exit_code == 0,
                          "rfinv " << args.at(0) << " failed (" << r.exit_code << "): " << r.err);
    return r.out;
  }
  json::array ok_json(std::vector<std::string> args) {
    args.push_back("--json");
    return json::parse(ok(args)).as_array();
  }
  // The expiry alerts among all alerts, by lot.
  std::map<std::string, json::object> expiry_alerts() {
    std::map<std::string, json::object> out;
    for (const auto& a : ok_json({"alerts", "--all"}))
      if (a.as_object().contains("lot")) out[std::string(a.at("lot").as_string())] = a.as_object();
    return out;
  }
  // Waits (bounded: 30 s) until `done` holds of the expiry alerts; the service looks every 2 s.
  template <class F>
  std::map<std::string, json::object> wait_until(F done, BackgroundProcess& service) {
    for (int i = 0; i < 300; ++i) {
      auto alerts = expiry_alerts();
      if (done(alerts)) return alerts;
      BOOST_REQUIRE_MESSAGE(service.running(), "rfinv run ended: " << service.output());
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    BOOST_FAIL("expiry alerts never got there: " << service.output());
    return {};
  }

  Lots() {
    ok({"location", "add", "STORE"});
    ok({"location", "add", "QUAR", "--quarantine"});
    ok({"dept", "add", "ICU", "--name", "ICU"});
    ok({"location", "add", "ICU-W", "--dept", "ICU"});
    ok({"item", "add", "SYR", "--name", "Syringe", "--lots", "--expiry-tracked"});
    ok({"receive", "SYR", "10", "--to", "STORE", "--lot", "A", "--expiry", day(10)});
    ok({"receive", "SYR", "2", "--to", "ICU-W", "--lot", "A", "--expiry", day(10)});
    ok({"receive", "SYR", "5", "--to", "STORE", "--lot", "B", "--expiry", day(100)});
    ok({"receive", "SYR", "3", "--to", "STORE", "--lot", "OLD", "--expiry", day(-1),
        "--allow-expired"});
  }
};

}  // namespace

BOOST_FIXTURE_TEST_CASE(expiring_lists_lots_within_the_horizon_with_location_and_quantity, Lots) {
  auto lots = ok_json({"expiring"});  // the item's horizon: 30 days
  BOOST_REQUIRE(lots.size() == 3u);
  BOOST_TEST(lots[0].at("lot").as_string() == "OLD");
  BOOST_TEST(lots[0].at("expired").as_bool() == true);
  BOOST_TEST(lots[0].at("days_left").as_int64() == -1);
  BOOST_TEST(lots[1].at("lot").as_string() == "A");
  BOOST_TEST(lots[1].at("location").as_string() == "ICU-W");
  BOOST_TEST(lots[1].at("qty").as_int64() == 2);
  BOOST_TEST(lots[2].at("location").as_string() == "STORE");
  BOOST_TEST(lots[2].at("qty").as_int64() == 10);
  BOOST_TEST(lots[2].at("days_left").as_int64() == 10);
  BOOST_TEST(lots[2].at("expired").as_bool() == false);

  BOOST_TEST(ok_json({"expiring", "--within", "5"}).size() == 1u);  // only the expired one
  BOOST_TEST(ok_json({"expiring", "--within", "200"}).size() == 4u);
  BOOST_TEST(run({"expiring", "--within", "-1"}).exit_code == 2);
  BOOST_TEST(ok({"expiring"}).find("expired") != std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(an_expiring_alert_is_raised_once_per_lot_and_cleared_when_it_is_gone,
                        Lots) {
  BackgroundProcess service({RFINV_BINARY, "--db", db, "run", "--web", "127.0.0.1:0"},
                            dir.file("run.log"));
  auto alerts = wait_until([](auto& a) { return a.size() >= 2; }, service);
  BOOST_REQUIRE(alerts.size() == 2u);  // B is outside its horizon
  BOOST_TEST(alerts["A"].at("kind").as_string() == "expiring");
  BOOST_TEST(alerts["A"].at("on_hand").as_int64() == 12);  // the lot everywhere
  BOOST_TEST(alerts["A"].at("expiry").as_string() == day(10));
  BOOST_TEST(alerts["OLD"].at("kind").as_string() == "expired");

  // More of lot A and a new lot C: C gets its alert, A keeps its one.
  ok({"receive", "SYR", "4", "--to", "STORE", "--lot", "A", "--expiry", day(10)});
  ok({"receive", "SYR", "1", "--to", "STORE", "--lot", "C", "--expiry", day(3)});
  alerts = wait_until([](auto& a) { return a.contains("C"); }, service);
  BOOST_TEST(alerts.size() == 3u);
  auto all = ok_json({"alerts", "--all"});
  BOOST_TEST(std::count_if(all.begin(), all.end(), [](auto& a) {
               return a.as_object().contains("lot") && a.at("lot").as_string() == "A";
             }) == 1);

  // The expired lot goes to quarantine and is disposed of: its alert clears.
  ok({"transfer", "SYR", "3", "--from", "STORE", "--to", "QUAR", "--lot", "OLD"});
  ok({"dispose", "SYR", "3", "--at", "QUAR", "--lot", "OLD", "--reason", "expired"});
  alerts = wait_until([](auto& a) { return !a["OLD"].at("cleared_at").is_null(); }, service);
  auto open = ok_json({"alerts"});
  BOOST_TEST(open.size() == 2u);  // A and C
  BOOST_TEST(ok({"alerts"}).find("lot A (expires " + day(10) + ")") != std::string::npos);

  service.signal(SIGTERM);
  BOOST_TEST(service.wait(std::chrono::seconds(20)) == 0);
  BOOST_TEST(service.output().find("lot C of SYR expires") != std::string::npos);
}
