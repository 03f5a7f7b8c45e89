// End-to-end: the real rfinv binary on a temporary database. Catalog, receipts and issues
// through the reorder point, one alert with the right suggestion, ack, clearing, the alert
// command, idempotency keys, and bad input refused with nothing written.
#define BOOST_TEST_MODULE inventory_cli
#include <sqlite3.h>

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <fstream>
#include <numeric>
#include <sstream>
#include <thread>

#include "base/clock.h"
#include "tests/support/cli_db.h"
#include "tests/support/raw_sql.h"

using namespace rfinv::test;
namespace json = boost::json;

namespace {

struct Cli : CliDb {
  std::string file_text(const std::string& name) {
    std::ifstream in(dir.file(name));
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  }

  void setup_catalog() {
    ok({"dept", "add", "OPS", "--name", "Operations"});
    ok({"location", "add", "WH", "--name", "Warehouse"});
    ok({"location", "add", "A", "--parent", "WH"});
    ok({"location", "add", "A-01", "--parent", "A"});
    ok({"location", "add", "A-02", "--parent", "A"});
    ok({"item",
        "add",
        "GLOVE",
        "--name",
        "Gloves",
        "--unit",
        "box",
        "--gtin",
        "80614141123458",
        "--cost",
        "12.50",
        "--supplier",
        "SafeHands",
        "--safety",
        "5",
        "--reorder-point",
        "10",
        "--reorder-qty",
        "40",
        "--lead-days",
        "3"});
  }
};

std::int64_t on_hand(Cli& cli, const std::string& sku) {
  return cli.ok_json({"item", "show", sku}).at("on_hand").as_int64();
}

}  // namespace

BOOST_FIXTURE_TEST_CASE(issuing_through_the_reorder_point_raises_one_alert_and_receiving_clears_it,
                        Cli) {
  setup_catalog();
  ok({"config", "set", "alert.command", "cat >> " + dir.file("notices.jsonl")});
  ok({"receive", "GLOVE", "30", "--to", "A-01"});
  ok({"issue", "GLOVE", "15", "--from", "A-01"});
  BOOST_TEST(ok_json({"alerts"}).as_array().empty());
  auto crossing = ok_json({"issue", "GLOVE", "6", "--from", "A-01"});
  BOOST_TEST(crossing.at("alerts").as_array().size() == 1u);
  ok({"issue", "GLOVE", "1", "--from", "A-01"});  // further down, same line: no new alert

  auto alerts = ok_json({"alerts"}).as_array();
  BOOST_REQUIRE(alerts.size() == 1u);
  auto alert = alerts[0].as_object();
  BOOST_TEST(alert.at("sku").as_string() == "GLOVE");
  BOOST_TEST(alert.at("kind").as_string() == "reorder");
  BOOST_TEST(alert.at("location").is_null());
  BOOST_TEST(alert.at("on_hand").as_int64() == 8);
  BOOST_TEST(alert.at("suggested_qty").as_int64() == 40);
  BOOST_TEST(alert.at("cleared_at").is_null());
  BOOST_TEST(alert.at("acked_by").is_null());
  auto id = std::to_string(alert.at("id").as_int64());

  auto acked = ok_json({"alerts", "ack", id, "--by", "ann"});
  BOOST_TEST(acked.at("acked_by").as_string() == "ann");

  ok({"receive", "GLOVE", "20", "--to", "A-02"});  // 28 > 10: cleared
  BOOST_TEST(ok_json({"alerts"}).as_array().empty());
  auto all = ok_json({"alerts", "--all"}).as_array();
  BOOST_REQUIRE(all.size() == 1u);
  BOOST_TEST(!all[0].at("cleared_at").is_null());

  // The alert command got the raise and the clear, as JSON on stdin. Notices go out in the
  // background; `alerts deliver` returns once every due one went out.
  ok({"alerts", "deliver"});
  std::istringstream lines(file_text("notices.jsonl"));
  std::vector<json::value> notices;
  for (std::string line; std::getline(lines, line);) notices.push_back(json::parse(line));
  BOOST_REQUIRE(notices.size() == 2u);
  BOOST_TEST(notices[0].at("event").as_string() == "raise");
  BOOST_TEST(notices[0].at("sku").as_string() == "GLOVE");
  BOOST_TEST(notices[0].at("suggested_qty").as_int64() == 40);
  BOOST_TEST(notices[0].at("supplier").as_string() == "SafeHands");
  BOOST_TEST(notices[1].at("event").as_string() == "clear");
  // Every field the alert command has always been given, in its order (the delivery adds the
  // notice's id); the moments as format_utc writes them: the raise at its alert's raised_at,
  // the clear at its cleared_at.
  for (const auto& notice : notices) {
    std::vector<std::string> keys;
    for (const auto& field : notice.as_object()) keys.emplace_back(field.key());
    BOOST_TEST((keys == std::vector<std::string>{"event", "id", "sku", "name", "unit", "supplier",
                                                 "location", "kind", "on_hand", "on_order",
                                                 "suggested_qty", "raised_at", "cleared_at", "at",
                                                 "notice"}));
    BOOST_TEST(notice.at("location").is_null());
    auto at = std::string(notice.at("at").as_string());
    BOOST_TEST(rfinv::format_utc(rfinv::parse_utc(at).value()) == at);
  }
  BOOST_TEST(notices[0].at("raised_at") == notices[0].at("at"));
  BOOST_TEST(notices[0].at("cleared_at").is_null());
  BOOST_TEST(notices[1].at("raised_at") == notices[0].at("raised_at"));
  BOOST_TEST(notices[1].at("cleared_at") == notices[1].at("at"));

  // Stock and history agree with what happened.
  auto stock = ok_json({"stock", "--sku", "GLOVE"}).as_array();
  BOOST_REQUIRE(stock.size() == 2u);
  BOOST_TEST(stock[0].at("location").as_string() == "A-01");
  BOOST_TEST(stock[0].at("qty").as_int64() == 8);
  BOOST_TEST(stock[1].at("qty").as_int64() == 20);
  BOOST_TEST(ok_json({"history", "GLOVE"}).as_array().size() == 5u);
}

BOOST_FIXTURE_TEST_CASE(an_alert_escalates_to_safety_and_stockout_without_duplicates, Cli) {
  setup_catalog();
  ok({"item", "edit", "GLOVE", "--max", "50", "--reorder-qty", "0"});
  ok({"config", "set", "alert.command", "cat >> " + dir.file("notices.jsonl")});
  ok({"receive", "GLOVE", "12", "--to", "A-01"});
  ok({"issue", "GLOVE", "2", "--from", "A-01"});  // 10: reorder
  ok({"issue", "GLOVE", "1", "--from", "A-01"});  // 9: still reorder
  ok({"issue", "GLOVE", "6", "--from", "A-01"});  // 3: safety
  ok({"issue", "GLOVE", "3", "--from", "A-01"});  // 0: stockout
  auto alerts = ok_json({"alerts"}).as_array();
  BOOST_REQUIRE(alerts.size() == 1u);
  BOOST_TEST(alerts[0].at("kind").as_string() == "stockout");
  BOOST_TEST(alerts[0].at("suggested_qty").as_int64() == 50);  // up to the maximum level
  ok({"alerts", "deliver"});
  std::istringstream lines(file_text("notices.jsonl"));
  std::vector<std::string> events;
  for (std::string line; std::getline(lines, line);)
    events.push_back(std::string(json::parse(line).at("event").as_string()));
  BOOST_TEST((events == std::vector<std::string>{"raise", "escalate", "escalate"}));
}

BOOST_FIXTURE_TEST_CASE(a_failing_alert_command_never_blocks_a_movement_and_is_retried, Cli) {
  setup_catalog();
  ok({"config", "set", "alert.command", "echo mailer down >&2; exit 3"});
  ok({"config", "set", "alert.retry_seconds", "3600"});
  ok({"receive", "GLOVE", "11", "--to", "A-01"});
  auto r = run({"issue", "GLOVE", "2", "--from", "A-01"});
  BOOST_TEST(r.exit_code == 0);  // the movement stands
  BOOST_TEST(on_hand(*this, "GLOVE") == 9);
  auto tried = ok_json({"alerts", "deliver"});
  BOOST_TEST(tried.at("pending").as_int64() == 1);
  BOOST_TEST(tried.at("last_error").as_string() == "exit status 3: mailer down");
  // The next command that changes stock says so.
  auto next = run({"receive", "GLOVE", "1", "--to", "A-01"});
  BOOST_TEST(next.exit_code == 0);
  BOOST_TEST(next.err.find("1 alert notice(s) not delivered yet: the alert command failed (exit "
                           "status 3: mailer down); they will be retried") != std::string::npos,
             next.err);

  ok({"config", "set", "alert.command", "cat >> " + dir.file("notices.jsonl")});
  auto early = ok_json({"alerts", "deliver"});
  BOOST_TEST(early.at("delivered").as_int64() == 0);   // the retry is not due for an hour
  auto now = ok_json({"alerts", "deliver", "--now"});  // ... unless asked for at once
  BOOST_TEST(now.at("delivered").as_int64() == 1);
  BOOST_TEST(now.at("pending").as_int64() == 0);
  BOOST_TEST(file_text("notices.jsonl").find("\"event\":\"raise\"") != std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(a_repeated_key_does_nothing_and_reports_the_original, Cli) {
  setup_catalog();
  auto first = ok_json({"receive", "GLOVE", "7", "--to", "A-01", "--key", "delivery-42"});
  auto again = ok_json({"receive", "GLOVE", "7", "--to", "A-01", "--key", "delivery-42"});
  BOOST_TEST(first.at("replayed").as_bool() == false);
  BOOST_TEST(again.at("replayed").as_bool() == true);
  BOOST_TEST(again.at("id").as_int64() == first.at("id").as_int64());
  BOOST_TEST(on_hand(*this, "GLOVE") == 7);
  BOOST_TEST(ok_json({"history", "GLOVE"}).as_array().size() == 1u);
}

// Issue 14: a key reused for different content used to print the original as "replayed" and
// drop the new movement without a word.
BOOST_FIXTURE_TEST_CASE(a_key_reused_for_a_different_movement_is_a_conflict_naming_the_original,
                        Cli) {
  setup_catalog();
  ok({"receive", "GLOVE", "20", "--to", "A-01"});
  auto first = ok_json({"issue", "GLOVE", "2", "--from", "A-01", "--key", "K"});
  auto id = std::to_string(first.at("id").as_int64());
  std::vector<std::vector<std::string>> different{
      {"issue", "GLOVE", "3", "--from", "A-01", "--key", "K"},                        // quantity
      {"issue", "GLOVE", "2", "--from", "A-02", "--key", "K"},                        // location
      {"receive", "GLOVE", "2", "--to", "A-01", "--key", "K"},                        // kind
      {"transfer", "GLOVE", "2", "--from", "A-01", "--to", "A-02", "--key", "K"},     // kind
      {"issue", "GLOVE", "2", "--from", "A-01", "--reason", "ward 3", "--key", "K"},  // reason
  };
  for (const auto& args : different)
    refused(args, 4,
            "key K was used by movement " + id +
                " (issue 2 GLOVE from A-01); a retry must repeat it exactly");
  // An exact repeat is still a replay.
  auto again = ok_json({"issue", "GLOVE", "2", "--from", "A-01", "--key", "K"});
  BOOST_TEST(again.at("replayed").as_bool() == true);
  BOOST_TEST(again.at("id").as_int64() == first.at("id").as_int64());
  BOOST_TEST(on_hand(*this, "GLOVE") == 18);

  // The same holds for purchase orders.
  auto order = ok_json({"order", "place", "GLOVE", "40", "--key", "po-1"});
  auto order_again = ok_json({"order", "place", "GLOVE", "40", "--key", "po-1"});
  BOOST_TEST(order_again.at("replayed").as_bool() == true);
  auto other = run({"order", "place", "GLOVE", "50", "--key", "po-1"});
  BOOST_TEST(other.exit_code == 4);
  BOOST_TEST(other.err.find("key po-1 was used by purchase order") != std::string::npos, other.err);
}

// Issue 13: ten receipts of 999999999999999999 made stock 9223372036854775807, stored as REAL.
BOOST_FIXTURE_TEST_CASE(a_quantity_above_the_maximum_per_movement_is_refused_naming_it, Cli) {
  setup_catalog();
  for (auto qty : {"1000000001", "999999999999999999"})
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"receive", "GLOVE", qty, "--to", "A-01"},
             {"adjust", "GLOVE", std::string("-") + qty, "--at", "A-01", "--reason", "count"},
             {"order", "place", "GLOVE", qty}})
      refused(args, 2, "maximum of 1000000000");
  ok({"receive", "GLOVE", "1000000000", "--to", "A-01"});  // the maximum itself is fine
  BOOST_TEST(on_hand(*this, "GLOVE") == 1000000000);
}

BOOST_FIXTURE_TEST_CASE(a_total_that_would_exceed_the_largest_quantity_kept_is_refused_not_stored,
                        Cli) {
  setup_catalog();
  ok({"receive", "GLOVE", "5", "--to", "A-01"});
  // Bring the totals next to the limit (10^18) the way years of receipts would.
  {
    sqlite3* raw = nullptr;
    BOOST_REQUIRE(sqlite3_open(db.c_str(), &raw) == SQLITE_OK);
    BOOST_REQUIRE(sqlite3_exec(raw,
                               "UPDATE stock SET qty = 999999999999999995; "
                               "UPDATE item SET on_hand = 999999999999999995, "
                               "on_order = 999999999999999995;",
                               nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(raw);
  }
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"receive", "GLOVE", "10", "--to", "A-01"},
           {"receive", "GLOVE", "10", "--to", "A-02"},  // the item's on hand would overflow
           {"adjust", "GLOVE", "10", "--at", "A-01", "--reason", "found"},
           {"order", "place", "GLOVE", "10"}})
    refused(args, 4, "would exceed the largest quantity rfinv keeps");
  ok({"receive", "GLOVE", "5", "--to", "A-01"});  // up to the limit is fine
  auto stock = ok_json({"stock", "--sku", "GLOVE"}).as_array();
  BOOST_REQUIRE(stock.size() == 1u);
  BOOST_TEST(stock[0].at("qty").as_int64() == 1000000000000000000);
}

// Issue 12: placing an order printed "back above its levels (on hand 4)" with a reorder point
// of 5. The alert did clear (on order counts), but on hand alone is not above the line.
BOOST_FIXTURE_TEST_CASE(an_order_that_clears_a_reorder_alert_says_on_hand_plus_on_order_covers_it,
                        Cli) {
  setup_catalog();  // safety 5, reorder point 10
  ok({"receive", "GLOVE", "30", "--to", "A-01"});
  auto crossing = ok({"issue", "GLOVE", "22", "--from", "A-01"});  // on hand 8
  BOOST_TEST(crossing.find("raised: reorder") != std::string::npos, crossing);
  auto placed = ok({"order", "place", "GLOVE", "40"});
  BOOST_TEST(placed.find("is covered by what is on order (on hand 8 + on order 40 = 48, above "
                         "the reorder point 10)") != std::string::npos,
             placed);
  BOOST_TEST(placed.find("back above its levels") == std::string::npos, placed);
  BOOST_TEST(ok_json({"alerts"}).as_array().empty());

  // Stock itself back above the lines says so, with the lines.
  ok({"issue", "GLOVE", "4", "--from", "A-01"});  // 4 < safety 5: raised again
  ok({"order", "cancel", "1"});
  auto back = ok({"receive", "GLOVE", "20", "--to", "A-01"});  // on hand 24
  BOOST_TEST(back.find("is back above its levels (on hand 24, safety stock 5, reorder point 10)") !=
                 std::string::npos,
             back);
}

BOOST_FIXTURE_TEST_CASE(global_options_may_stand_anywhere_and_rfinv_db_is_honoured, Cli) {
  setup_catalog();
  auto before = run_rfinv({"item", "list", "--json", "--db", db});
  BOOST_REQUIRE(before.exit_code == 0);
  BOOST_TEST(json::parse(before.out).as_array().size() == 1u);
  ProcessOptions env;
  env.env["RFINV_DB"] = db;
  auto via_env = run_rfinv({"item", "list", "--json"}, env);
  BOOST_REQUIRE(via_env.exit_code == 0);
  BOOST_TEST(json::parse(via_env.out).as_array().size() == 1u);
  auto moved =
      run_rfinv({"--db", db, "receive", "GLOVE", "3", "--to", "A-01", "--actor", "bob", "--json"});
  BOOST_REQUIRE(moved.exit_code == 0);
  auto history = ok_json({"history", "GLOVE"}).as_array();
  BOOST_TEST(history[0].at("actor").as_string() == "bob");
}

BOOST_FIXTURE_TEST_CASE(bad_input_is_refused_with_a_clear_error_and_nothing_written, Cli) {
  setup_catalog();
  ok({"receive", "GLOVE", "5", "--to", "A-01"});
  std::ofstream(dir.file("bad.csv")) << "sku,name,gtin\nNEW,New item,\nBAD,Bad,80614141123459\n";
  struct Case {
    std::vector<std::string> args;
    std::string expect;  // part of the one-line error
  };
  std::vector<Case> cases{
      {{"receive", "NOPE", "1", "--to", "A-01"}, "unknown SKU NOPE"},
      {{"receive", "GLOVE", "1", "--to", "Z-99"}, "unknown location Z-99"},
      {{"receive", "GLOVE", "0", "--to", "A-01"}, "must not be zero"},
      {{"receive", "GLOVE", "-4", "--to", "A-01"}, "must be positive"},
      {{"receive", "GLOVE", "lots", "--to", "A-01"}, "not a whole number"},
      {{"issue", "GLOVE", "6", "--from", "A-01"}, "only 5 box of GLOVE available at A-01"},
      {{"transfer", "GLOVE", "1", "--from", "A-01", "--to", "A-01"}, "to itself"},
      {{"item", "add", "GLOVE", "--name", "Again"}, "SKU GLOVE already exists"},
      {{"item", "add", "MASK", "--name", "Mask", "--gtin", "80614141123459"}, "check digit"},
      {{"item", "add", "MASK", "--name", "Mask", "--safety", "-2"}, "--safety"},
      {{"item", "import", dir.file("bad.csv")}, "line 3, column gtin"},
      {{"location", "add", "B-01", "--parent", "NOWHERE"}, "NOWHERE does not exist"},
      {{"config", "set", "alert.comand", "true"}, "unknown configuration key"},
      {{"alerts", "ack", "999", "--by", "ann"}, "no alert 999"},
  };
  for (const auto& c : cases) {
    auto before = snapshot();
    auto r = run(c.args);
    BOOST_TEST(r.exit_code != 0, c.args.front() << " " << c.expect);
    BOOST_TEST(r.err.find(c.expect) != std::string::npos,
               "expected '" << c.expect << "' in: " << r.err);
    BOOST_TEST(std::count(r.err.begin(), r.err.end(), '\n') == 1, "one line: " << r.err);
    // An issue refused for lack of stock records the demand it turned away (README "Demand
    // planning"), in a transaction of its own, and nothing else.
    if (c.args.front() == "issue") raw_exec(db, "DELETE FROM demand_refusal");
    BOOST_TEST(snapshot() == before, "nothing written for: " << c.expect);
  }
  // A directory as the database path.
  auto r = run_rfinv({"--db", dir.path().string(), "stock"});
  BOOST_TEST(r.exit_code != 0);
  BOOST_TEST(r.err.find("is a directory") != std::string::npos);
}

// "Nothing silently wrong" (#27): every parse error is bad input, exit 2, like any other.
BOOST_FIXTURE_TEST_CASE(parse_errors_exit_2_no_arguments_show_the_help_and_help_exits_0, Cli) {
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"receive"},                    // missing positionals
           {"stock", "--sku"},             // an option without its value
           {"stock", "--no-such-option"},  // an unknown option
           {"config"},                     // a group without its command
       }) {
    auto r = run(args);
    BOOST_TEST(r.exit_code == 2, args.front() << ": " << r.err);
    BOOST_TEST(r.err.starts_with("rfinv: "), r.err);
    BOOST_TEST(std::count(r.err.begin(), r.err.end(), '\n') == 1, "one line: " << r.err);
  }
  auto bare = run_rfinv({});
  BOOST_TEST(bare.exit_code == 2);
  BOOST_TEST(bare.out.empty());
  BOOST_TEST(bare.err.find("Usage") != std::string::npos, bare.err);
  BOOST_TEST(bare.err.find("receive") != std::string::npos, bare.err);
  auto help = run_rfinv({"--help"});
  BOOST_TEST(help.exit_code == 0);
  BOOST_TEST(help.out.find("receive") != std::string::npos, help.out);
  BOOST_TEST(run_rfinv({"receive", "--help"}).exit_code == 0);
}

BOOST_FIXTURE_TEST_CASE(a_mistyped_command_suggests_the_nearest_one_and_exits_2, Cli) {
  auto r = run({"recieve", "GLOVE", "1", "--to", "A-01"});
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(r.err == "rfinv: unknown command 'recieve'; did you mean 'receive'?\n");
  auto nested = run({"config", "lsit"});
  BOOST_TEST(nested.exit_code == 2);
  BOOST_TEST(nested.err.find("did you mean 'config list'?") != std::string::npos, nested.err);
  // The value of a global option is not taken for a command.
  auto after_option = run_rfinv({"--actor", "ann", "stok"});
  BOOST_TEST(after_option.exit_code == 2);
  BOOST_TEST(after_option.err.find("did you mean 'stock'?") != std::string::npos, after_option.err);
  auto far = run({"xyzzy"});
  BOOST_TEST(far.exit_code == 2);
  BOOST_TEST(far.err.find("unknown command 'xyzzy'") != std::string::npos, far.err);
  BOOST_TEST(far.err.find("did you mean") == std::string::npos, far.err);
}

// #28: under --json an error is one JSON object on stderr, with the usual exit code.
BOOST_FIXTURE_TEST_CASE(under_json_an_error_is_one_object_with_the_errc_name, Cli) {
  setup_catalog();
  struct Case {
    std::vector<std::string> args;
    int exit_code;
    std::string code;
    std::string error;
  };
  std::vector<Case> cases{
      {{"receive", "NOPE", "1", "--to", "A-01"}, 3, "not_found", "unknown SKU NOPE"},
      {{"receive", "GLOVE", "0", "--to", "A-01"}, 2, "invalid_argument", ""},
      {{"issue", "GLOVE", "6", "--from", "A-01"}, 4, "refused", ""},
      {{"item", "add", "GLOVE", "--name", "Again"}, 4, "conflict", "SKU GLOVE already exists"},
      {{"recieve", "GLOVE", "1"}, 2, "invalid_argument", ""},
      {{"receive"}, 2, "invalid_argument", ""},
  };
  for (auto& c : cases) {
    c.args.push_back("--json");
    auto r = run(c.args);
    BOOST_TEST(r.exit_code == c.exit_code, c.args.front() << ": " << r.err);
    BOOST_TEST(r.out.empty(), r.out);
    BOOST_TEST(std::count(r.err.begin(), r.err.end(), '\n') == 1, "one line: " << r.err);
    json::value doc;
    BOOST_REQUIRE_NO_THROW(doc = json::parse(r.err));
    const auto& o = doc.as_object();
    BOOST_TEST(o.size() == 2u);
    BOOST_TEST(o.at("code").as_string() == c.code);
    BOOST_TEST(!o.at("error").as_string().empty());
    if (!c.error.empty()) BOOST_TEST(o.at("error").as_string() == c.error);
  }
}

BOOST_FIXTURE_TEST_CASE(json_listings_are_arrays_of_objects, Cli) {
  ok({"config", "set", "asset.idle_days", "30"});
  auto config = ok_json({"config", "list"}).as_array();
  BOOST_REQUIRE(!config.empty());
  bool found = false;
  for (const auto& row : config) {
    BOOST_TEST(row.at("key").is_string());
    BOOST_TEST(row.at("meaning").is_string());
    if (row.at("key").as_string() == "asset.idle_days") {
      found = true;
      BOOST_TEST(row.at("value").as_string() == "30");
    } else {
      BOOST_TEST(row.at("value").is_null(), row);
    }
  }
  BOOST_TEST(found);
  ok({"config", "prefix", "add", "0614141"});
  BOOST_TEST(json::serialize(ok_json({"config", "prefix", "list"})) ==
             R"([{"company_prefix":"0614141","digits":7}])");
  BOOST_TEST(ok_json({"pool", "list"}).as_array().empty());
}

// #25: Excel's "CSV UTF-8" starts with a byte order mark.
BOOST_FIXTURE_TEST_CASE(item_import_accepts_a_csv_with_a_utf8_byte_order_mark, Cli) {
  std::ofstream(dir.file("excel.csv"), std::ios::binary)
      << "\xEF\xBB\xBFsku,name,unit\r\nMASK,Masks,box\r\nGOWN,Gowns,each\r\n";
  ok({"item", "import", dir.file("excel.csv")});
  auto items = ok_json({"item", "list"}).as_array();
  BOOST_REQUIRE(items.size() == 2u);
  BOOST_TEST(ok_json({"item", "show", "MASK"}).at("name").as_string() == "Masks");
  BOOST_TEST(ok_json({"item", "show", "GOWN"}).at("unit").as_string() == "each");
}

// #29: what is gone is not listed.
BOOST_FIXTURE_TEST_CASE(stock_and_stock_low_hide_locations_with_nothing_left, Cli) {
  setup_catalog();
  ok({"receive", "GLOVE", "5", "--to", "A-01"});
  ok({"receive", "GLOVE", "3", "--to", "A-02"});
  ok({"issue", "GLOVE", "3", "--from", "A-02"});  // below the reorder point: an alert
  auto stock = ok_json({"stock"}).as_array();
  BOOST_REQUIRE(stock.size() == 1u);
  BOOST_TEST(stock[0].at("location").as_string() == "A-01");
  auto low = ok_json({"stock", "--low"}).as_array();
  BOOST_REQUIRE(low.size() == 1u);
  BOOST_TEST(low[0].at("location").as_string() == "A-01");
  BOOST_TEST(ok({"stock"}).find("A-02") == std::string::npos);
  ok({"issue", "GLOVE", "5", "--from", "A-01"});
  BOOST_TEST(ok_json({"stock"}).as_array().empty());
  BOOST_TEST(ok_json({"stock", "--low"}).as_array().empty());
}

BOOST_FIXTURE_TEST_CASE(an_empty_actor_is_refused_not_replaced_by_the_login_name, Cli) {
  setup_catalog();
  for (const std::string& actor : {"", "  "})
    refused({"receive", "GLOVE", "3", "--to", "A-01", "--actor", actor}, 2, "--actor");
}

BOOST_FIXTURE_TEST_CASE(tag_commission_advises_only_options_it_accepts, Cli) {
  setup_catalog();  // GLOVE's GTIN has no registered company prefix
  auto r = run({"tag", "commission", "--sku", "GLOVE"});
  BOOST_TEST(r.exit_code == 3, r.err);
  BOOST_TEST(r.err.find("config prefix add") != std::string::npos, r.err);
  BOOST_TEST(r.err.find("--prefix-length") == std::string::npos, r.err);
  // encode takes --prefix-length, and says so.
  auto encode = run({"tag", "encode", "--gtin", "80614141123458", "--serial", "1"});
  BOOST_TEST(encode.exit_code == 3, encode.err);
  BOOST_TEST(encode.err.find("--prefix-length") != std::string::npos, encode.err);
  BOOST_TEST(
      run({"tag", "encode", "--gtin", "80614141123458", "--serial", "1", "--prefix-length", "7"})
          .exit_code == 0);
}

namespace {

// The purchase list's line for `sku`, or null when it is not on the list.
json::value reorder_line(Cli& cli, const std::string& sku) {
  auto list = cli.ok_json({"reorder"});
  for (const auto& group : list.as_array())
    for (const auto& line : group.at("lines").as_array())
      if (line.at("sku").as_string() == sku) return line;
  return nullptr;
}

// The notices the alert command wrote to `file`, one JSON object a line.
std::vector<json::object> notices_in(const std::string& text) {
  std::istringstream lines(text);
  std::vector<json::object> out;
  for (std::string line; std::getline(lines, line);) out.push_back(json::parse(line).as_object());
  return out;
}

}  // namespace

// Issue 10, item 10: on hand 5 (below the safety stock), on order 50, and `reorder` still
// suggested 50: a buyer following it ordered twice.
BOOST_FIXTURE_TEST_CASE(
    the_purchase_list_counts_what_is_on_order_and_lists_only_what_is_still_to_order, Cli) {
  setup_catalog();  // safety 5, reorder point 10, reorder quantity 40
  ok({"receive", "GLOVE", "30", "--to", "A-01"});
  ok({"issue", "GLOVE", "26", "--from", "A-01"});  // on hand 4: below the safety stock
  BOOST_TEST(reorder_line(*this, "GLOVE").at("qty").as_int64() == 40);
  ok({"order", "place", "GLOVE", "3"});  // on hand + on order 7: still at or below 10
  auto line = reorder_line(*this, "GLOVE");
  BOOST_TEST(line.at("qty").as_int64() == 40);  // one more reorder quantity
  BOOST_TEST(line.at("on_order").as_int64() == 3);
  ok({"order", "place", "GLOVE", "40"});  // 47: covered
  BOOST_TEST(reorder_line(*this, "GLOVE").is_null());
  BOOST_TEST(ok({"reorder", "--csv"}).find("GLOVE") == std::string::npos);
  // The alert stays open (on hand is below the safety stock) with nothing left to order.
  auto alerts = ok_json({"alerts"}).as_array();
  BOOST_REQUIRE(alerts.size() == 1u);
  BOOST_TEST(alerts[0].at("kind").as_string() == "safety");
  BOOST_TEST(alerts[0].at("suggested_qty").as_int64() == 0);

  // Up to a maximum level: what is on order is subtracted too.
  ok({"item", "add", "MASK", "--name", "Masks", "--safety", "5", "--reorder-point", "10", "--max",
      "50"});
  ok({"receive", "MASK", "5", "--to", "A-01"});
  ok({"issue", "MASK", "1", "--from", "A-01"});  // on hand 4
  BOOST_TEST(reorder_line(*this, "MASK").at("qty").as_int64() == 46);
  ok({"order", "place", "MASK", "20"});  // 24 > 10: nothing still to order
  BOOST_TEST(reorder_line(*this, "MASK").is_null());
}

// Issue 10, item 11: safety 5, reorder point 10, no reorder quantity, stock 0 suggested 6;
// receiving 6 left the alert open, suggesting 1.
BOOST_FIXTURE_TEST_CASE(ordering_and_receiving_the_suggested_quantity_clears_the_alert, Cli) {
  setup_catalog();
  struct Case {
    std::vector<std::string> levels;
  };
  std::vector<Case> cases{
      {{"--safety", "5", "--reorder-point", "10"}},                        // from demand
      {{"--safety", "5", "--reorder-point", "10", "--reorder-qty", "4"}},  // whole lots
      {{"--safety", "5", "--reorder-point", "10", "--max", "10"}},         // max at the line
      {{"--safety", "3"}},                                                 // safety stock only
      {{"--reorder-point", "7", "--reorder-qty", "100", "--max", "20"}},   // max wins
  };
  int n = 0;
  for (const auto& c : cases) {
    auto sku = "ITEM-" + std::to_string(++n);
    std::vector<std::string> add{"item", "add", sku, "--name", sku, "--lead-days", "3"};
    add.insert(add.end(), c.levels.begin(), c.levels.end());
    ok(add);
    ok({"receive", sku, "2", "--to", "A-01"});
    ok({"issue", sku, "2", "--from", "A-01"});  // stock 0: stockout
    auto line = reorder_line(*this, sku);
    BOOST_REQUIRE_MESSAGE(!line.is_null(), sku << " is not on the purchase list");
    auto qty = std::to_string(line.at("qty").as_int64());
    ok({"order", "place", sku, qty});
    ok({"receive", sku, qty, "--to", "A-01"});
    auto alerts = ok_json({"alerts"}).as_array();
    BOOST_TEST(alerts.empty(), sku << " ordered and received " << qty << ": " << alerts);
    BOOST_TEST(reorder_line(*this, sku).is_null(), sku);
  }
}

// Issue 10, item 15: with 8 writers at once, 16 notices were delivered 49 times, one after a
// later one.
BOOST_FIXTURE_TEST_CASE(every_alert_notice_is_delivered_exactly_once_and_in_order_by_8_writers,
                        Cli) {
  ok({"location", "add", "WH"});
  constexpr int kWriters = 8;
  for (int w = 0; w < kWriters; ++w)
    ok({"item", "add", "W" + std::to_string(w), "--name", "w", "--reorder-point", "10",
        "--reorder-qty", "10"});
  ok({"config", "set", "alert.command", "cat >> " + dir.file("notices.jsonl")});
  std::vector<std::thread> writers;
  std::vector<std::string> failures(kWriters);
  for (int w = 0; w < kWriters; ++w)
    writers.emplace_back([&, w] {
      auto sku = "W" + std::to_string(w);
      // Each writer raises its item's alert and clears it: two notices.
      for (const auto& args :
           std::vector<std::vector<std::string>>{{"receive", sku, "20", "--to", "WH"},
                                                 {"issue", sku, "15", "--from", "WH"},
                                                 {"receive", sku, "20", "--to", "WH"}}) {
        auto r = run(args);
        if (r.exit_code != 0) failures[w] += args[0] + ": " + r.err;
      }
    });
  for (auto& t : writers) t.join();
  for (const auto& f : failures) BOOST_TEST(f.empty(), f);
  auto report = ok_json({"alerts", "deliver"});  // waits for the couriers still at work
  BOOST_TEST(report.at("pending").as_int64() == 0);

  auto notices = notices_in(file_text("notices.jsonl"));
  BOOST_TEST(notices.size() == std::size_t(2 * kWriters));
  std::vector<std::int64_t> ids;
  for (const auto& n : notices) ids.push_back(n.at("notice").as_int64());
  std::vector<std::int64_t> expected(2 * kWriters);
  std::iota(expected.begin(), expected.end(), 1);
  BOOST_TEST(ids == expected, "each notice once, in the order written");
}

BOOST_FIXTURE_TEST_CASE(a_hung_alert_command_does_not_hold_up_a_movement, Cli) {
  setup_catalog();
  // The command waits (at most a minute) until the test releases it.
  auto release = dir.file("release");
  ok({"config", "set", "alert.command",
      "for i in $(seq 1200); do [ -e " + release + " ] && break; sleep 0.05; done; cat >> " +
          dir.file("notices.jsonl")});
  ok({"config", "set", "alert.timeout_seconds", "120"});
  ok({"receive", "GLOVE", "30", "--to", "A-01"});
  // Each command would be killed after 30 s if it waited for the command (120 s).
  ProcessOptions bounded;
  bounded.timeout = std::chrono::seconds(30);
  auto raise = run({"issue", "GLOVE", "21", "--from", "A-01"}, bounded);
  BOOST_TEST(raise.exit_code == 0, raise.err);
  auto escalate = run({"issue", "GLOVE", "6", "--from", "A-01"}, bounded);
  BOOST_TEST(escalate.exit_code == 0, escalate.err);
  BOOST_TEST(on_hand(*this, "GLOVE") == 3);
  BOOST_TEST(file_text("notices.jsonl").empty());  // the command is still waiting

  std::ofstream(release) << "go\n";
  ok({"alerts", "deliver"});
  auto notices = notices_in(file_text("notices.jsonl"));
  BOOST_REQUIRE(notices.size() == 2u);
  BOOST_TEST(notices[0].at("event").as_string() == "raise");
  BOOST_TEST(notices[1].at("event").as_string() == "escalate");
}

// Issue 10, item 16.
BOOST_FIXTURE_TEST_CASE(a_mistaken_movement_is_reversed_once_and_a_repeat_changes_nothing, Cli) {
  setup_catalog();
  auto receipt =
      std::to_string(ok_json({"receive", "GLOVE", "50", "--to", "A-01"}).at("id").as_int64());
  auto reversed = ok_json({"movement", "reverse", receipt, "--reason", "typed 50 for 5"});
  BOOST_TEST(reversed.at("replayed").as_bool() == false);
  BOOST_TEST(on_hand(*this, "GLOVE") == 0);
  auto again = ok_json({"movement", "reverse", receipt, "--reason", "pressed twice"});
  BOOST_TEST(again.at("replayed").as_bool() == true);
  BOOST_TEST(again.at("id").as_int64() == reversed.at("id").as_int64());
  BOOST_TEST(on_hand(*this, "GLOVE") == 0);
  auto history = ok_json({"history", "GLOVE"}).as_array();
  BOOST_REQUIRE(history.size() == 2u);
  BOOST_TEST(history[0].at("kind").as_string() == "adjust");
  BOOST_TEST(history[0].at("qty").as_int64() == -50);
  BOOST_TEST(history[0].at("reason").as_string() ==
             "reversal of movement " + receipt + ": typed 50 for 5");

  // A transfer is undone by the transfer back; an issue by putting the units back.
  ok({"receive", "GLOVE", "10", "--to", "A-01"});
  auto moved = std::to_string(
      ok_json({"transfer", "GLOVE", "4", "--from", "A-01", "--to", "A-02"}).at("id").as_int64());
  auto issued =
      std::to_string(ok_json({"issue", "GLOVE", "3", "--from", "A-01"}).at("id").as_int64());
  auto text = ok({"movement", "reverse", moved, "--reason", "wrong bin"});
  BOOST_TEST(text.find("transfer 4 GLOVE from A-02 to A-01 (reverses movement " + moved + ")") !=
                 std::string::npos,
             text);
  ok({"movement", "reverse", issued, "--reason", "not taken"});
  auto stock = ok_json({"stock", "--sku", "GLOVE"}).as_array();
  BOOST_REQUIRE(stock.size() == 1u);
  BOOST_TEST(stock[0].at("location").as_string() == "A-01");
  BOOST_TEST(stock[0].at("qty").as_int64() == 10);
}

BOOST_FIXTURE_TEST_CASE(a_reversal_that_would_take_stock_below_zero_is_refused, Cli) {
  setup_catalog();
  auto receipt =
      std::to_string(ok_json({"receive", "GLOVE", "10", "--to", "A-01"}).at("id").as_int64());
  ok({"issue", "GLOVE", "8", "--from", "A-01"});
  struct Case {
    std::vector<std::string> args;
    int exit_code;
    std::string expect;
  };
  std::vector<Case> cases{
      {{"movement", "reverse", receipt, "--reason", "typo"},
       4,
       "only 2 box of GLOVE available at A-01 (10 requested)"},
      {{"movement", "reverse", "999", "--reason", "typo"}, 3, "no movement 999"},
      {{"movement", "reverse", receipt}, 2, "--reason"},
      {{"movement", "reverse", receipt, "--reason", ""}, 2, "a reversal needs a reason"},
  };
  for (const auto& c : cases) refused(c.args, c.exit_code, c.expect);
  // A reversal is not reversed: the movement is posted again instead.
  auto issue =
      std::to_string(ok_json({"issue", "GLOVE", "1", "--from", "A-01"}).at("id").as_int64());
  auto reversal = std::to_string(
      ok_json({"movement", "reverse", issue, "--reason", "typo"}).at("id").as_int64());
  auto r = run({"movement", "reverse", reversal, "--reason", "typo"});
  BOOST_TEST(r.exit_code == 4, r.err);
  BOOST_TEST(r.err.find("is itself a reversal of movement " + issue) != std::string::npos, r.err);
}

// Issue 10, item 17: `level set` with no options reset every level to 0.
BOOST_FIXTURE_TEST_CASE(level_set_changes_only_the_levels_given, Cli) {
  setup_catalog();
  ok({"level", "set", "GLOVE", "--at", "A", "--safety", "2", "--reorder-point", "6",
      "--reorder-qty", "10", "--max", "20"});
  auto level = [&] {
    auto levels = ok_json({"level", "list"}).as_array();
    BOOST_REQUIRE(levels.size() == 1u);
    return levels[0].as_object();
  };
  ok({"level", "set", "GLOVE", "--at", "A"});  // nothing given: nothing changes
  ok({"level", "set", "GLOVE", "--at", "A", "--reorder-point", "8"});
  auto l = level();
  BOOST_TEST(l.at("safety_stock").as_int64() == 2);
  BOOST_TEST(l.at("reorder_point").as_int64() == 8);
  BOOST_TEST(l.at("reorder_qty").as_int64() == 10);
  BOOST_TEST(l.at("max_level").as_int64() == 20);
  ok({"level", "set", "GLOVE", "--at", "A", "--max", ""});  // "" removes the maximum
  BOOST_TEST(level().at("max_level").is_null());
  BOOST_TEST(level().at("safety_stock").as_int64() == 2);
}

BOOST_FIXTURE_TEST_CASE(a_safety_stock_above_the_reorder_point_is_refused_everywhere, Cli) {
  setup_catalog();  // GLOVE: safety 5, reorder point 10
  std::ofstream(dir.file("items.csv")) << "sku,name,safety,reorder_point\nOK,Fine,5,10\n"
                                          "BAD,Upside down,12,10\n";
  struct Case {
    std::vector<std::string> args;
    std::string expect;
  };
  std::vector<Case> cases{
      {{"item", "add", "MASK", "--name", "Masks", "--safety", "12", "--reorder-point", "10"},
       "safety stock 12 is above the reorder point 10"},
      {{"item", "edit", "GLOVE", "--safety", "11"},
       "safety stock 11 is above the reorder point 10"},
      {{"item", "edit", "GLOVE", "--reorder-point", "4"},
       "safety stock 5 is above the reorder point 4"},
      {{"level", "set", "GLOVE", "--at", "A", "--safety", "9", "--reorder-point", "8"},
       "safety stock 9 is above the reorder point 8"},
      {{"item", "import", dir.file("items.csv")},
       "line 3, column safety: safety stock 12 is above the reorder point 10"},
  };
  for (const auto& c : cases) refused(c.args, 2, c.expect);
  // A safety stock alone (no reorder point) is fine.
  ok({"item", "add", "GOWN", "--name", "Gowns", "--safety", "3"});
}

BOOST_FIXTURE_TEST_CASE(an_items_unit_cannot_change_while_it_has_stock_or_open_orders, Cli) {
  setup_catalog();  // GLOVE counted in boxes
  ok({"receive", "GLOVE", "30", "--to", "A-01"});
  refused({"item", "edit", "GLOVE", "--unit", "each"}, 4,
          "GLOVE has 30 box on hand and 0 on order: its unit cannot change");
  ok({"issue", "GLOVE", "30", "--from", "A-01"});
  ok({"order", "place", "GLOVE", "10"});
  BOOST_TEST(run({"item", "edit", "GLOVE", "--unit", "each"}).exit_code == 4);
  ok({"order", "cancel", "1"});
  ok({"item", "edit", "GLOVE", "--unit", "each"});  // nothing counted in boxes any more
  BOOST_TEST(ok_json({"item", "show", "GLOVE"}).at("unit").as_string() == "each");
}
