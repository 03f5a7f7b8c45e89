// Demand planning through the real binary: history import (all or nothing, line and column in
// errors, a re-import changes nothing), `plan --json` fields, `plan apply` twice changing
// nothing the second time, refused issues counted as demand, `report abc`, and `rfinv run`
// applying the weekly plan only with plan.auto_apply on.
#define BOOST_TEST_MODULE plan_cli
#include <sqlite3.h>

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>
#include <sstream>

#include "base/clock.h"
#include "tests/support/cli_db.h"

using namespace rfinv::test;
namespace json = boost::json;

namespace {

constexpr rfinv::Micros kDay = 24LL * 3600 * 1'000'000;

std::string day_text(rfinv::Micros at) { return rfinv::format_utc(at).substr(0, 10); }

struct Cli : CliDb {
  std::int64_t count(const std::string& sql) {
    sqlite3* h = nullptr;
    BOOST_REQUIRE(sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    BOOST_REQUIRE_MESSAGE(sqlite3_prepare_v2(h, sql.c_str(), -1, &st, nullptr) == SQLITE_OK,
                          sqlite3_errmsg(h));
    std::int64_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    sqlite3_close(h);
    return n;
  }

  // A store, and GLOVE with hand-set levels, a week's lead time and a cost.
  void catalog() {
    ok({"location", "add", "WH"});
    ok({"item", "add", "GLOVE", "--name", "Gloves", "--cost", "2.00", "--safety", "5",
        "--reorder-point", "10", "--reorder-qty", "20", "--lead-days", "7"});
  }
  // `weeks` weeks of history, one row a week (on the Wednesday), ending last week: steady
  // demand around 20 with a little variation.
  std::string history_csv(int weeks) {
    std::ostringstream csv;
    csv << "date,sku,location,qty\n";
    rfinv::Micros now = rfinv::now_micros();
    for (int k = weeks; k >= 1; --k)
      csv << day_text(now - k * 7 * kDay) << ",GLOVE,WH," << 18 + (k * 5) % 7 << "\n";
    return write("history.csv", csv.str());
  }
  json::object glove_plan() {
    auto plan = ok_json({"plan", "--item", "GLOVE"}).as_array();
    BOOST_REQUIRE_EQUAL(plan.size(), 1u);
    return plan[0].as_object();
  }
};

}  // namespace

BOOST_FIXTURE_TEST_CASE(history_import_is_all_or_nothing_and_names_line_and_column, Cli) {
  catalog();
  auto bad_qty = write("bad.csv",
                       "2026-01-05,GLOVE,WH,4\n2026-01-06,GLOVE,WH,5\n"
                       "2026-01-07,GLOVE,WH,lots\n");
  auto r = run({"history", "import", bad_qty});
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(r.err.find("bad.csv: line 3, column qty:") != std::string::npos, r.err);
  BOOST_TEST(count("SELECT count(*) FROM demand_import") == 0);  // the good rows too

  auto unknown = write("unknown.csv",
                       "date,sku,location,qty,kind\n2026-01-05,GLOVE,WH,4,issue\n"
                       "2026-01-06,NOPE,WH,5,issue\n");
  r = run({"history", "import", unknown});
  BOOST_TEST(r.exit_code == 3);
  BOOST_TEST(r.err.find("unknown.csv: line 3, column sku: unknown SKU NOPE") != std::string::npos,
             r.err);
  auto bad_date = write("date.csv", "2026-13-05,GLOVE,WH,4\n");
  r = run({"history", "import", bad_date, "--json"});
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(r.err.find("line 1, column date") != std::string::npos, r.err);
  auto bad_kind = write("kind.csv", "2026-01-05,GLOVE,,4,sold\n");
  r = run({"history", "import", bad_kind});
  BOOST_TEST(r.err.find("line 1, column kind") != std::string::npos, r.err);
  BOOST_TEST(count("SELECT count(*) FROM demand_import") == 0);
  // `history SKU` still lists movements.
  BOOST_TEST(run({"history", "GLOVE"}).exit_code == 0);
  BOOST_TEST(run({"history"}).exit_code == 2);
}

BOOST_FIXTURE_TEST_CASE(history_import_again_changes_nothing, Cli) {
  catalog();
  auto file = history_csv(60);
  auto first = ok_json({"history", "import", file}).as_object();
  BOOST_TEST(first.at("rows").as_int64() == 60);
  BOOST_TEST(first.at("added").as_int64() == 60);
  auto again = ok_json({"history", "import", file}).as_object();
  BOOST_TEST(again.at("added").as_int64() == 0);
  BOOST_TEST(again.at("changed").as_int64() == 0);
  BOOST_TEST(again.at("unchanged").as_int64() == 60);
  BOOST_TEST(count("SELECT count(*) FROM demand_import") == 60);
  // Imported history is demand, not stock.
  BOOST_TEST(count("SELECT count(*) FROM movement") == 0);
}

BOOST_FIXTURE_TEST_CASE(plan_json_has_the_forecast_and_levels_of_each_item, Cli) {
  catalog();
  ok({"history", "import", history_csv(60)});
  auto plans = ok_json({"plan", "--horizon", "8"}).as_array();
  BOOST_REQUIRE_EQUAL(plans.size(), 1u);
  auto p = plans[0].as_object();
  for (const char* key : {"sku", "class", "method", "rmsse", "forecast", "safety_stock",
                          "reorder_point", "reorder_qty", "current"})
    BOOST_TEST(p.contains(key), key);
  BOOST_TEST(p.at("sku").as_string() == "GLOVE");
  BOOST_TEST(p.at("class").as_string() == "smooth");
  BOOST_TEST(p.at("fallback").as_bool() == false);
  BOOST_TEST(p.at("rmsse").is_number());
  BOOST_TEST(p.at("forecast").as_array().size() == 8u);
  // The forecast starts with the week after the last complete one: this week's Monday.
  auto monday = rfinv::now_micros();
  while (rfinv::format_utc(monday).substr(0, 10) != p.at("forecast_week").as_string() &&
         monday > rfinv::now_micros() - 8 * kDay)
    monday -= kDay;
  BOOST_TEST(rfinv::now_micros() - monday < 7 * kDay, p.at("forecast_week"));
  auto current = p.at("current").as_object();
  BOOST_TEST(current.at("safety_stock").as_int64() == 5);
  BOOST_TEST(current.at("reorder_point").as_int64() == 10);
  // About 21 a week over a week's lead time: a reorder point above that, safety stock below.
  auto rp = p.at("reorder_point").as_int64();
  auto ss = p.at("safety_stock").as_int64();
  BOOST_TEST(ss > 0);
  BOOST_TEST(rp > 18 + ss);
  BOOST_TEST(rp < 30 + ss);
  BOOST_TEST(p.at("reorder_qty").as_int64() > 60);  // 4 weeks of demand
  // A short history falls back to the hand-set levels and says so.
  ok({"item", "add", "NEW", "--name", "New item", "--safety", "3", "--reorder-point", "6"});
  ok({"receive", "NEW", "10", "--to", "WH"});
  auto fresh = ok_json({"plan", "--item", "NEW"}).as_array()[0].as_object();
  BOOST_TEST(fresh.at("fallback").as_bool());
  BOOST_TEST(fresh.at("method").as_string() == "none");
  BOOST_TEST(fresh.at("reorder_point").as_int64() == 6);
  BOOST_TEST(fresh.at("proposed").is_null());
  // The CSV has a header and one line per item.
  auto csv = ok({"plan", "--csv"});
  BOOST_TEST(csv.find("sku,location,abc,xyz,class,method,rmsse") == 0u, csv);
  BOOST_TEST(run({"plan", "--horizon", "0"}).exit_code == 2);
  BOOST_TEST(run({"plan", "--item", "NOPE"}).exit_code == 3);
}

BOOST_FIXTURE_TEST_CASE(plan_apply_twice_changes_nothing_the_second_time, Cli) {
  catalog();
  ok({"history", "import", history_csv(60)});
  auto proposed = glove_plan();
  auto first = ok_json({"plan", "apply", "--actor", "buyer1"}).as_object();
  BOOST_TEST(first.at("replayed").as_bool() == false);
  BOOST_REQUIRE_EQUAL(first.at("changed").as_array().size(), 1u);
  auto change = first.at("changed").as_array()[0].as_object();
  BOOST_TEST(change.at("old").at("reorder_point").as_int64() == 10);
  BOOST_TEST(change.at("new").at("reorder_point") == proposed.at("reorder_point"));
  auto item = ok_json({"item", "show", "GLOVE"}).as_object();
  BOOST_TEST(item.at("reorder_point") == proposed.at("reorder_point"));
  BOOST_TEST(item.at("safety_stock") == proposed.at("safety_stock"));
  // The audit: who, when, old -> new.
  BOOST_TEST(count("SELECT count(*) FROM plan_level_change WHERE actor = 'buyer1' AND "
                   "old_reorder_point = 10 AND new_reorder_point = " +
                   std::to_string(proposed.at("reorder_point").as_int64())) == 1);

  auto second = ok_json({"plan", "apply", "--actor", "buyer1"}).as_object();
  BOOST_TEST(second.at("replayed").as_bool() == true);
  BOOST_TEST(second.at("key") == first.at("key"));
  auto third = ok_json({"plan", "apply", "--key", "another"}).as_object();
  BOOST_TEST(third.at("replayed").as_bool() == false);
  BOOST_TEST(third.at("changed").as_array().empty());
  BOOST_TEST(third.at("unchanged").as_int64() == 1);
  BOOST_TEST(count("SELECT count(*) FROM plan_level_change") == 1);
  BOOST_TEST(ok_json({"item", "show", "GLOVE"}).at("reorder_point") ==
             proposed.at("reorder_point"));
  // --class picks items by ABC class; GLOVE, the only item with value, is A.
  BOOST_TEST(ok_json({"plan", "apply", "--class", "B"}).at("changed").as_array().empty());
  BOOST_TEST(run({"plan", "apply", "--class", "A", "--item", "GLOVE"}).exit_code == 2);
  BOOST_TEST(run({"plan", "apply", "--class", "Q"}).exit_code == 2);
}

BOOST_FIXTURE_TEST_CASE(an_issue_refused_for_lack_of_stock_counts_as_demand_once, Cli) {
  catalog();
  ok({"receive", "GLOVE", "5", "--to", "WH"});
  BOOST_TEST(run({"issue", "GLOVE", "8", "--from", "WH"}).exit_code == 4);
  // The shortfall (8 asked, 5 there) is demand turned away; the same refusal again (a retry)
  // is not counted twice.
  BOOST_TEST(count("SELECT sum(qty) FROM demand_refusal") == 3);
  BOOST_TEST(run({"issue", "GLOVE", "8", "--from", "WH"}).exit_code == 4);
  BOOST_TEST(count("SELECT count(*) FROM demand_refusal") == 1);
  // With a key, once per key.
  BOOST_TEST(run({"issue", "GLOVE", "6", "--from", "WH", "--key", "k1"}).exit_code == 4);
  BOOST_TEST(run({"issue", "GLOVE", "6", "--from", "WH", "--key", "k1"}).exit_code == 4);
  BOOST_TEST(count("SELECT count(*) FROM demand_refusal") == 2);
  // An issue refused for another reason (an unknown location) is no demand.
  BOOST_TEST(run({"issue", "GLOVE", "1", "--from", "NOWHERE"}).exit_code == 3);
  BOOST_TEST(count("SELECT count(*) FROM demand_refusal") == 2);
}

BOOST_FIXTURE_TEST_CASE(report_abc_classes_items_by_consumption_value, Cli) {
  catalog();
  ok({"history", "import", history_csv(60)});
  ok({"item", "add", "CHEAP", "--name", "Cheap", "--cost", "0.01"});
  auto cheap = write("cheap.csv", "date,sku,location,qty\n" +
                                      day_text(rfinv::now_micros() - 14 * kDay) + ",CHEAP,WH,1\n");
  ok({"history", "import", cheap});
  auto abc = ok_json({"report", "abc"}).as_array();
  BOOST_REQUIRE_EQUAL(abc.size(), 2u);
  BOOST_TEST(abc[0].at("sku").as_string() == "GLOVE");
  BOOST_TEST(abc[0].at("abc").as_string() == "A");
  BOOST_TEST(abc[0].at("xyz").as_string() == "X");
  BOOST_TEST(abc[1].at("abc").as_string() == "C");  // the items before it hold over 95%
  auto csv = ok({"report", "abc", "--csv"});
  BOOST_TEST(csv.find("sku,demand,value,share,cumulative,abc,cv,xyz\nGLOVE,") == 0u, csv);
}

namespace {

// A simulated reader that reads one tag for a moment and stops, so `rfinv run --until-idle`
// ends by itself.
void add_short_reader(Cli& cli) {
  cli.write("pass.json", R"({
      "start": "2026-11-23T08:00:00Z", "seed": 3,
      "antennas": [{"id": 1, "read_rate": 10, "rssi_mean": -50, "rssi_noise": 1}],
      "tags": [{"group": "one", "sgtin96": {"company_prefix": "0614141",
                "item_reference": "812345", "serial": 1, "count": 1}}],
      "passes": [{"tags": "one", "antenna": 1, "at": 0, "duration": 1}]
    })");
  cli.ok({"reader", "add", "door", "sim://" + cli.dir.file("pass.json") + "?speed=max"});
}

}  // namespace

BOOST_FIXTURE_TEST_CASE(run_refreshes_the_plan_weekly_and_leaves_levels_without_auto_apply, Cli) {
  catalog();
  ok({"history", "import", history_csv(60)});
  add_short_reader(*this);
  auto first = ok({"run", "--until-idle", "--no-web"});
  BOOST_TEST(first.find("plans refreshed: 1 with a proposal of 1 (plan.auto_apply is off)") !=
                 std::string::npos,
             first);
  BOOST_TEST(ok_json({"item", "show", "GLOVE"}).at("reorder_point").as_int64() == 10);
  // Once a week: the next run in the same week does not refresh again.
  auto second = ok({"run", "--until-idle", "--no-web"});
  BOOST_TEST(second.find("plans refreshed") == std::string::npos, second);
}

BOOST_FIXTURE_TEST_CASE(run_applies_the_weekly_plan_when_auto_apply_is_on, Cli) {
  catalog();
  ok({"history", "import", history_csv(60)});
  add_short_reader(*this);
  ok({"config", "set", "plan.auto_apply", "true"});
  auto proposed = glove_plan();
  auto out = ok({"run", "--until-idle", "--no-web"});
  BOOST_TEST(out.find("plans refreshed and applied: 1 level(s) changed") != std::string::npos, out);
  BOOST_TEST(ok_json({"item", "show", "GLOVE"}).at("reorder_point") ==
             proposed.at("reorder_point"));
  BOOST_TEST(count("SELECT count(*) FROM plan_level_change WHERE actor = 'rfinv run'") == 1);
}

BOOST_FIXTURE_TEST_CASE(a_location_with_its_own_levels_gets_its_own_plan, Cli) {
  catalog();
  ok({"location", "add", "WARD", "--parent", "WH"});
  ok({"level", "set", "GLOVE", "--at", "WARD", "--safety", "1", "--reorder-point", "2"});
  ok({"history", "import", history_csv(60)});  // demand at WH: none of it at WARD
  auto ward_rows =
      write("ward.csv", "date,sku,location,qty\n" + day_text(rfinv::now_micros() - 7 * kDay) +
                            ",GLOVE,WARD,3\n");
  ok({"history", "import", ward_rows});
  auto plans = ok_json({"plan", "--item", "GLOVE"}).as_array();
  BOOST_REQUIRE_EQUAL(plans.size(), 2u);
  BOOST_TEST(plans[0].at("location").is_null());
  BOOST_TEST(plans[0].at("fallback").as_bool() == false);
  auto ward = plans[1].as_object();
  BOOST_TEST(ward.at("location").as_string() == "WARD");
  BOOST_TEST(ward.at("lead_time_source").as_string() == "transfer");
  // One week of history at the ward: short, so its hand-set levels stand.
  BOOST_TEST(ward.at("fallback").as_bool());
  BOOST_TEST(ward.at("reorder_point").as_int64() == 2);
  BOOST_TEST(std::string(ward.at("reason").as_string()).find("short history: 1 weeks") == 0u,
             ward.at("reason"));
  // Site-wide demand counts the ward's too.
  auto site_history = plans[0].at("history_weeks").as_int64();
  BOOST_TEST(site_history == 60);
}

BOOST_FIXTURE_TEST_CASE(lead_time_comes_from_closed_orders_once_there_are_five, Cli) {
  catalog();
  ok({"item", "edit", "GLOVE", "--lead-days", "21"});
  ok({"history", "import", history_csv(60)});
  auto before = glove_plan();
  BOOST_TEST(before.at("lead_time_source").as_string() == "lead_days");
  BOOST_TEST(before.at("lead_time_weeks").as_int64() == 3);
  for (int i = 0; i < 4; ++i) ok({"order", "place", "GLOVE", "10"});
  ok({"receive", "GLOVE", "40", "--to", "WH"});  // fills the four, oldest first
  BOOST_TEST(glove_plan().at("lead_time_source").as_string() == "lead_days");  // four: too few
  ok({"order", "place", "GLOVE", "10"});
  ok({"receive", "GLOVE", "10", "--to", "WH"});
  // Five orders received within moments of being placed: a lead time of (at least) 1 week.
  auto after = glove_plan();
  BOOST_TEST(after.at("lead_time_source").as_string() == "orders");
  BOOST_TEST(after.at("lead_time_weeks").as_int64() == 1);
}
