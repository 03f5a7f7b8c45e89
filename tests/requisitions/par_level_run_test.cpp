// End-to-end: a ward's par level (its location level) raises a requisition by itself in the
// real `rfinv run`, once per crossing, never twice for the same shortage.
#define BOOST_TEST_MODULE par_level_run
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <csignal>
#include <thread>

#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

using namespace rfinv::test;
namespace json = boost::json;

namespace {

struct Ward {
  TempDir dir;
  std::string db = dir.file("rfinv.db");

  std::string ok(std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", db});
    auto r = run_rfinv(args);
    BOOST_REQUIRE_MESSAGE(r.exit_code == 0,
                          "rfinv " << args.at(2) << " failed (" << r.exit_code << "): " << r.err);
    return r.out;
  }
  json::array requisitions_of(const std::string& sku) {
    json::array out;
    auto all = json::parse(ok({"requisition", "list", "--json"}));
    for (auto& r : all.as_array())
      if (r.at("lines").at(0).at("sku").as_string() == sku) out.push_back(r);
    return out;
  }
  // Waits (bounded: 30 s) until `sku` has `n` requisitions; the service checks every 2 s.
  json::array wait_for(const std::string& sku, std::size_t n, BackgroundProcess& service) {
    for (int i = 0; i < 300; ++i) {
      auto list = requisitions_of(sku);
      if (list.size() >= n) return list;
      BOOST_REQUIRE_MESSAGE(service.running(), "rfinv run ended: " << service.output());
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    BOOST_FAIL("no requisition number " << n << " for " << sku << ": " << service.output());
    return {};
  }
};

}  // namespace

BOOST_FIXTURE_TEST_CASE(a_par_level_raises_one_requisition_per_crossing, Ward) {
  ok({"dept", "add", "ICU", "--name", "Intensive care"});
  ok({"location", "add", "STORE"});
  ok({"location", "add", "ICU-W", "--dept", "ICU"});
  ok({"item", "add", "GLOVE", "--name", "Gloves"});
  ok({"item", "add", "MASK", "--name", "Masks"});
  ok({"receive", "GLOVE", "100", "--to", "STORE"});
  ok({"receive", "GLOVE", "12", "--to", "ICU-W"});
  ok({"receive", "MASK", "12", "--to", "ICU-W"});
  ok({"level", "set", "GLOVE", "--at", "ICU-W", "--reorder-point", "10", "--max", "30"});
  ok({"level", "set", "MASK", "--at", "ICU-W", "--reorder-point", "10", "--reorder-qty", "25"});
  ok({"config", "set", "requisition.store", "STORE"});

  BackgroundProcess service({RFINV_BINARY, "--db", db, "run", "--web", "127.0.0.1:0"},
                            dir.file("run.log"));
  ok({"issue", "GLOVE", "4", "--from", "ICU-W"});  // 8: at or below the reorder point of 10
  auto first = wait_for("GLOVE", 1, service);
  BOOST_TEST(first[0].at("origin").as_string() == "par_level");
  BOOST_TEST(first[0].at("from").as_string() == "STORE");
  BOOST_TEST(first[0].at("to").as_string() == "ICU-W");
  BOOST_TEST(first[0].at("lines").at(0).at("qty").as_int64() == 22);  // up to the maximum of 30

  // Deeper into the same shortage: the open requisition covers it. MASK crossing afterwards
  // shows the service looked at the ward again (one pass looks at every level).
  ok({"issue", "GLOVE", "5", "--from", "ICU-W"});
  ok({"issue", "MASK", "3", "--from", "ICU-W"});
  auto mask = wait_for("MASK", 1, service);
  BOOST_TEST(mask[0].at("lines").at(0).at("qty").as_int64() == 25);  // one reorder quantity
  BOOST_TEST(requisitions_of("GLOVE").size() == 1u);

  // Filled: stock rises above the level; falling below it again is a new crossing.
  auto id = std::to_string(first[0].at("id").as_int64());
  for (const char* step : {"approve", "pick", "ship", "receive"}) ok({"requisition", step, id});
  ok({"issue", "GLOVE", "20", "--from", "ICU-W"});  // 3 + 22 = 25, then 5
  auto second = wait_for("GLOVE", 2, service);
  BOOST_TEST(second[1].at("lines").at(0).at("qty").as_int64() == 25);

  // An earlier one that closed (cancelled here) no longer covers the shortage.
  ok({"requisition", "cancel", std::to_string(second[1].at("id").as_int64())});
  auto third = wait_for("GLOVE", 3, service);
  BOOST_TEST(third[2].at("status").as_string() == "requested");

  service.signal(SIGTERM);
  BOOST_TEST(service.wait(std::chrono::seconds(20)) == 0);
  BOOST_TEST(requisitions_of("GLOVE").size() == 3u);
  BOOST_TEST(service.output().find("raised by a par level") != std::string::npos);
}
