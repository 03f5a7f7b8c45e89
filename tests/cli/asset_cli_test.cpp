// End-to-end: the real rfinv binary on a temporary database. Registering commissioned
// GIAI tags, show/list/history in text and JSON, hand and automatic idling (with
// asset.idle_days and a back-dated movement), status changes allowed and refused, and bad
// input refused with a clear message, the right exit code and nothing written.
#define BOOST_TEST_MODULE asset_cli
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>
#include <chrono>

#include "tests/support/cli_db.h"
#include "tests/support/raw_sql.h"

using namespace rfinv::test;
namespace json = boost::json;

namespace {

struct Cli : CliDb {
  Cli() : CliDb({"--actor", "alice"}) {}
  std::vector<std::string> tags;  // commissioned GIAI-96 hex

  void prepare_catalog() {
    ok({"dept", "add", "OPS", "--name", "Operations"});
    ok({"dept", "add", "LAB", "--name", "Laboratory"});
    ok({"location", "add", "WH"});
    ok({"location", "add", "A-01", "--parent", "WH"});
    ok({"item", "add", "LAPTOP", "--name", "Laptop 14in"});
    ok({"config", "prefix", "add", "0614141"});
    auto commissioned = ok_json({"tag", "commission", "--giai", "--count", "4"});
    for (const auto& t : commissioned.as_array())
      tags.emplace_back(t.at("hex").as_string().c_str());
    BOOST_REQUIRE(tags.size() == 4u);
  }
};

std::vector<std::string> kinds(const json::value& history) {
  std::vector<std::string> out;
  for (const auto& e : history.as_array()) out.emplace_back(e.at("kind").as_string().c_str());
  return out;
}

}  // namespace

BOOST_FIXTURE_TEST_CASE(register_show_list_and_history, Cli) {
  prepare_catalog();
  std::string out = ok({"asset", "register", "LAPTOP-0042", "--epc", tags[0], "--sku", "LAPTOP",
                        "--dept", "OPS", "--location", "A-01", "--cost", "1299.00"});
  BOOST_TEST(out.find("LAPTOP-0042 registered") != std::string::npos, out);
  // Lower-case hex is the same tag.
  std::string lower = tags[1];
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  ok({"asset", "register", "SCOPE-7", "--epc", lower, "--dept", "LAB"});

  auto shown = ok_json({"asset", "show", "LAPTOP-0042"}).as_object();
  BOOST_TEST(shown.at("id").as_string() == "LAPTOP-0042");
  BOOST_TEST(shown.at("epc").as_string() == tags[0]);
  BOOST_TEST(shown.at("sku").as_string() == "LAPTOP");
  BOOST_TEST(shown.at("dept").as_string() == "OPS");
  BOOST_TEST(shown.at("holder_dept").as_string() == "OPS");
  BOOST_TEST(shown.at("status").as_string() == "in_use");
  BOOST_TEST(shown.at("location").as_string() == "A-01");
  BOOST_TEST(shown.at("cost").as_string() == "1299.00");
  BOOST_TEST(shown.at("last_seen_at").is_null());
  BOOST_TEST(shown.at("last_seen_location").is_null());
  BOOST_TEST(!shown.at("registered_at").as_string().empty());
  auto scope = ok_json({"asset", "show", "SCOPE-7"}).as_object();
  BOOST_TEST(scope.at("epc").as_string() == tags[1]);
  BOOST_TEST(scope.at("sku").is_null());
  BOOST_TEST(scope.at("location").is_null());

  std::string text = ok({"asset", "show", "LAPTOP-0042"});
  BOOST_TEST(text.find("holder_dept") != std::string::npos, text);
  BOOST_TEST(text.find("1299.00") != std::string::npos, text);

  // The tag resolves to the asset for the rest of rfinv.
  auto assign = run({"tag", "assign", tags[0], "--sku", "LAPTOP"});
  BOOST_TEST(assign.exit_code == 4, assign.err);
  BOOST_TEST(assign.err.find("LAPTOP-0042") != std::string::npos, assign.err);

  auto all = ok_json({"asset", "list"}).as_array();
  BOOST_REQUIRE(all.size() == 2u);
  BOOST_TEST(all[0].at("id").as_string() == "LAPTOP-0042");
  BOOST_TEST(all[1].at("id").as_string() == "SCOPE-7");
  auto lab = ok_json({"asset", "list", "--dept", "LAB"}).as_array();
  BOOST_REQUIRE(lab.size() == 1u);
  BOOST_TEST(lab[0].at("id").as_string() == "SCOPE-7");
  BOOST_TEST(ok_json({"asset", "list", "--status", "idle"}).as_array().empty());
  std::string table = ok({"asset", "list"});
  BOOST_TEST(table.find("LAPTOP-0042") != std::string::npos, table);
  BOOST_TEST(table.find("status") != std::string::npos, table);

  auto history = ok_json({"asset", "history", "LAPTOP-0042"});
  BOOST_REQUIRE(history.as_array().size() == 1u);
  BOOST_TEST(history.as_array()[0].at("kind").as_string() == "registered");
  BOOST_TEST(history.as_array()[0].at("actor").as_string() == "alice");
}

BOOST_FIXTURE_TEST_CASE(status_changes_by_hand_follow_the_rules, Cli) {
  prepare_catalog();
  ok({"asset", "register", "DRILL-1", "--epc", tags[0], "--dept", "OPS"});
  std::string out = ok({"asset", "idle", "DRILL-1"});
  BOOST_TEST(out == "DRILL-1: in_use -> idle\n");
  refused({"asset", "idle", "DRILL-1"}, 4, "already idle");
  auto m = ok_json({"asset", "status", "DRILL-1", "maintenance", "--reason", "battery"});
  BOOST_TEST(m.at("status").as_string() == "maintenance");
  // An asset the pool holds (set here as `pool publish` would) cannot go to maintenance.
  ok({"asset", "register", "DRILL-2", "--epc", tags[1], "--dept", "OPS"});
  raw_exec(db, "UPDATE asset SET status = 'pooled' WHERE code = 'DRILL-2'");
  refused({"asset", "status", "DRILL-2", "maintenance"}, 4,
          "DRILL-2 is in the pool; withdraw it first (rfinv pool withdraw DRILL-2)");
  // Nor idle: only the pool takes an asset out of the pool.
  refused({"asset", "idle", "DRILL-2"}, 4, "withdraw it first");
  ok({"asset", "status", "DRILL-1", "in-use"});
  ok({"asset", "status", "DRILL-1", "retired", "--reason", "worn out"});
  refused({"asset", "status", "DRILL-1", "in_use"}, 4, "retired is final");
  refused({"asset", "status", "DRILL-1", "broken"}, 2, "'broken' is not one of");
  refused({"asset", "status", "DRILL-1", "pooled"}, 2, "set by the pool workflow");
  refused({"asset", "status", "NOPE", "idle"}, 3, "no asset NOPE");

  auto history = ok_json({"asset", "history", "DRILL-1"});
  BOOST_TEST(kinds(history) ==
                 (std::vector<std::string>{"registered", "status", "status", "status", "status"}),
             boost::test_tools::per_element());
  const auto& h = history.as_array();
  BOOST_TEST(h[2].at("detail").as_string() == "idle -> maintenance: battery");
  BOOST_TEST(h[4].at("detail").as_string() == "in_use -> retired: worn out");
  BOOST_TEST(h[4].at("actor").as_string() == "alice");
  std::string text = ok({"asset", "history", "DRILL-1"});
  BOOST_TEST(text.find("in_use -> retired: worn out") != std::string::npos, text);
}

BOOST_FIXTURE_TEST_CASE(idle_scan_uses_the_configured_days, Cli) {
  prepare_catalog();
  ok({"asset", "register", "OLD-1", "--epc", tags[0], "--dept", "OPS"});
  ok({"asset", "register", "NEW-1", "--epc", tags[1], "--dept", "OPS"});
  auto r = run({"asset", "idle-scan"});
  BOOST_TEST(r.exit_code == 0, r.err);
  BOOST_TEST(r.out == "0 assets marked idle\n");
  BOOST_TEST(r.err.find("asset.idle_days is not set") != std::string::npos, r.err);

  refused({"config", "set", "asset.idle_days", "soon"}, 2, "asset.idle_days");
  refused({"config", "set", "asset.auto_publish", "maybe"}, 2, "true or false");
  ok({"config", "set", "asset.idle_days", "30"});
  ok({"config", "set", "asset.auto_publish", "true"});
  auto now = std::chrono::duration_cast<std::chrono::microseconds>(
                 std::chrono::system_clock::now().time_since_epoch())
                 .count();
  raw_exec(db, "UPDATE asset SET last_moved_at = " + std::to_string(now - 31LL * 86'400'000'000LL) +
                   " WHERE code = 'OLD-1'");

  BOOST_TEST(ok({"asset", "idle-scan"}) == "OLD-1: in_use -> idle\n1 asset marked idle\n");
  BOOST_TEST(ok_json({"asset", "show", "OLD-1"}).at("status").as_string() == "idle");
  BOOST_TEST(ok_json({"asset", "show", "NEW-1"}).at("status").as_string() == "in_use");
  auto again = ok_json({"asset", "idle-scan"});
  BOOST_TEST(again.at("idle").as_array().empty());
  auto idle = ok_json({"asset", "list", "--status", "idle"}).as_array();
  BOOST_REQUIRE(idle.size() == 1u);
  BOOST_TEST(idle[0].at("id").as_string() == "OLD-1");
  auto history = ok_json({"asset", "history", "OLD-1"}).as_array();
  BOOST_REQUIRE(history.size() == 2u);
  BOOST_TEST(history[1].at("actor").as_string() == "idle-scan");
  BOOST_TEST(history[1].at("detail").as_string() == "in_use -> idle: not moved for 30 days");
}

BOOST_FIXTURE_TEST_CASE(bad_input_is_refused_and_nothing_is_written, Cli) {
  prepare_catalog();
  ok({"asset", "register", "TAKEN", "--epc", tags[0], "--dept", "OPS"});
  refused({"asset", "register", "X-1", "--epc", tags[1], "--dept", "NOPE"}, 3,
          "department NOPE does not exist");
  refused({"asset", "register", "TAKEN", "--epc", tags[1], "--dept", "OPS"}, 4,
          "asset TAKEN already exists");
  refused({"asset", "register", "X-1", "--epc", tags[0], "--dept", "OPS"}, 4,
          "belongs to asset TAKEN");
  refused({"asset", "register", "X-1", "--epc", "not-hex!", "--dept", "OPS"}, 2,
          "is not a hex digit");
  refused({"asset", "register", "X-1", "--epc", tags[1], "--dept", "OPS", "--location", "B-9"}, 3,
          "location B-9 does not exist");
  refused({"asset", "register", "X-1", "--epc", tags[1], "--dept", "OPS", "--sku", "NOSUCH"}, 3,
          "no item with SKU NOSUCH");
  refused({"asset", "register", "X-1", "--epc", tags[1], "--dept", "OPS", "--cost", "12.345"}, 2,
          "--cost");
  refused({"asset", "register", "X-1", "--epc", tags[1]}, 2, "--dept is required");  // #27
  refused({"asset", "list", "--status", "lost"}, 2, "'lost' is not one of");
  refused({"asset", "list", "--dept", "NOPE"}, 3, "department NOPE does not exist");
  refused({"asset", "show", "NOPE"}, 3, "no asset NOPE");
  refused({"asset", "history", "NOPE"}, 3, "no asset NOPE");
}
