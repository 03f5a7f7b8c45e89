// End-to-end: `rfinv report service` on a database with known purchases, issues, assets and
// pool requests (the pool's rows and a back-dated stock history are written as a hub's log
// and an older ledger would have left them) gives the figures worked out by hand below, in
// JSON, CSV and a self-contained HTML page with its charts; bad periods are bad input.
#define BOOST_TEST_MODULE service_report_cli
#include <boost/json.hpp>
#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <ctime>
#include <fstream>
#include <regex>
#include <sstream>

#include "tests/support/cli_db.h"
#include "tests/support/raw_sql.h"

using namespace rfinv::test;
namespace json = boost::json;
namespace pt = boost::property_tree;

namespace {

constexpr std::int64_t kHour = 3'600'000'000;
constexpr std::int64_t kDay = 24 * kHour;

std::int64_t now_micros() {
  using namespace std::chrono;
  return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

std::string date_text(std::int64_t micros) {
  std::time_t seconds = micros / 1'000'000;
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

struct Node : CliDb {
  // The period: from ten days before today (midnight UTC) to tomorrow's midnight.
  std::int64_t today = now_micros() / kDay * kDay;
  std::int64_t from = today - 10 * kDay, to = today + kDay;

  std::vector<std::string> period() { return {"--from", date_text(from), "--to", date_text(to)}; }
  std::vector<std::string> report(std::vector<std::string> extra) {
    std::vector<std::string> args = {"report", "service"};
    for (const auto& p : period()) args.push_back(p);
    for (const auto& e : extra) args.push_back(e);
    return args;
  }

  Node() : CliDb({"--actor", "alice"}) {
    ok({"dept", "add", "OPS", "--name", "Operations"});
    ok({"location", "add", "WH"});
    ok({"location", "add", "AISLE", "--parent", "WH"});
    ok({"location", "add", "A-01", "--parent", "AISLE"});
    ok({"item", "add", "GLOVE", "--name", "Gloves", "--cost", "10.00"});
    ok({"item", "add", "MASK", "--name", "Masks", "--cost", "2.00"});
    ok({"item", "add", "LAPTOP", "--name", "Laptop"});
    // GLOVE: 10 received and all 10 issued today: out of stock from today on (1 day).
    ok({"receive", "GLOVE", "10", "--to", "A-01"});
    ok({"issue", "GLOVE", "4", "--from", "A-01"});
    ok({"issue", "GLOVE", "6", "--from", "A-01"});
    // Then 3 more asked for and refused: demand turned away (recorded by the planning area).
    auto refused = run({"issue", "GLOVE", "3", "--from", "A-01"});
    BOOST_REQUIRE_MESSAGE(refused.exit_code == 4, refused.err);
    // Purchases: 20 GLOVE at 10.00 = 200.00; a cancelled order that received nothing is none.
    ok({"order", "place", "GLOVE", "20"});
    auto cancelled = ok({"--json", "order", "place", "MASK", "50"});
    ok({"order", "cancel", std::to_string(json::parse(cancelled).at("id").as_int64())});
    // Assets bought: LAPTOP-1 (1000.00, in use) and LAPTOP-2 (500.00, idle).
    ok({"config", "prefix", "add", "0614141"});
    auto tags = json::parse(ok({"--json", "tag", "commission", "--giai", "--count", "3"}));
    auto tag = [&](int i) { return std::string(tags.as_array()[i].at("hex").as_string()); };
    ok({"asset", "register", "LAPTOP-1", "--epc", tag(0), "--dept", "OPS", "--cost", "1000.00"});
    ok({"asset", "register", "LAPTOP-2", "--epc", tag(1), "--dept", "OPS", "--cost", "500.00"});
    ok({"asset", "idle", "LAPTOP-2"});
    // PC-9 (300.00) came from the pool (request R1): not a purchase.
    ok({"asset", "register", "PC-9", "--epc", tag(2), "--dept", "OPS", "--cost", "300.00"});

    auto at = [&](std::int64_t micros) { return std::to_string(micros); };
    std::int64_t t = from + kDay;  // requests made on the period's second day
    // MASK's older history at A-01: 5 in on day 1, out on day 3 at 12:00, 5 in on day 5 at
    // 08:00: out of stock on days 3, 4 and 5 (3 days). The issue counts 5 units issued.
    raw_exec(
        db,
        "INSERT INTO movement(kind, item_id, qty, from_location_id, to_location_id, actor, at) "
        "SELECT 'receive', i.id, 5, NULL, l.id, 'old', " +
            at(from + kDay + 10 * kHour) +
            " FROM item i, location l WHERE i.sku = 'MASK' AND l.code = 'A-01';"
            "INSERT INTO movement(kind, item_id, qty, from_location_id, to_location_id, actor, "
            "at) SELECT 'issue', i.id, 5, l.id, NULL, 'old', " +
            at(from + 3 * kDay + 12 * kHour) +
            " FROM item i, location l WHERE i.sku = 'MASK' AND l.code = 'A-01';"
            "INSERT INTO movement(kind, item_id, qty, from_location_id, to_location_id, actor, "
            "at) SELECT 'receive', i.id, 5, NULL, l.id, 'old', " +
            at(from + 5 * kDay + 8 * kHour) +
            " FROM item i, location l WHERE i.sku = 'MASK' AND l.code = 'A-01';"
            "INSERT INTO stock(item_id, location_id, qty) SELECT i.id, l.id, 5 FROM item i, "
            "location l WHERE i.sku = 'MASK' AND l.code = 'A-01';"
            "UPDATE item SET on_hand = 5 WHERE sku = 'MASK';");
    // The node joined the pool as OPS; requests as the hub's log left them.
    auto request = [&](const std::string& id, const std::string& asset, std::int64_t qty,
                       const std::string& by, const std::string& to_dept, const std::string& kind,
                       const std::string& status, std::int64_t value, std::int64_t created,
                       const std::string& handed, const std::string& completed) {
      return "INSERT INTO pool_request(id, asset, offer, qty, from_dept, to_dept, kind, reason, "
             "status, value_cents, created_at, handed_at, completed_at) VALUES ('" +
             id + "', " + asset + ", NULL, " + std::to_string(qty) + ", '" + by + "', '" + to_dept +
             "', '" + kind + "', 'need', '" + status + "', " + std::to_string(value) + ", " +
             at(created) + ", " + handed + ", " + completed + ");";
    };
    std::string done = at(t + 2 * kHour);
    raw_exec(
        db,
        "INSERT INTO sync_settings(id, hub_url, dept, token) VALUES "
        "(1, 'https://127.0.0.1:9', 'OPS', 'not-a-token');" +
            // What OPS received: an asset (300.00), a loan (200.00), 10 units (50.00).
            request("R1", "'PC-9'", 1, "OPS", "ENG", "transfer", "completed", 30000, t,
                    at(t + kHour), done) +
            request("R2", "'SCOPE-1'", 1, "OPS", "ENG", "loan", "completed", 20000, t,
                    at(t + kHour), done) +
            request("R3", "NULL", 10, "OPS", "ENG", "transfer", "completed", 5000, t, at(t + kHour),
                    done) +
            // Stock OPS asked for and did not get: 7 refused, 3 declined.
            request("R4", "NULL", 7, "OPS", "ENG", "transfer", "refused", 1400, t, "NULL", "NULL") +
            request("R5", "NULL", 3, "OPS", "ENG", "transfer", "declined", 600, t, "NULL", "NULL") +
            // Requests to OPS handed over after 0.5, 1, 2 and 3 hours.
            request("R6", "'X-1'", 1, "ENG", "OPS", "transfer", "in_transit", 0, t,
                    at(t + kHour / 2), "NULL") +
            request("R7", "'X-2'", 1, "ENG", "OPS", "transfer", "in_transit", 0, t, at(t + kHour),
                    "NULL") +
            request("R8", "'X-3'", 1, "ENG", "OPS", "transfer", "in_transit", 0, t,
                    at(t + 3 * kHour), "NULL") +
            request("R9", "'X-4'", 1, "ENG", "OPS", "transfer", "in_transit", 0, t,
                    at(t + 2 * kHour), "NULL") +
            // Before the period: counts for nothing.
            request("R0", "'X-0'", 1, "OPS", "ENG", "transfer", "completed", 99900, from - 5 * kDay,
                    at(from - 4 * kDay), at(from - 4 * kDay)));
  }
};

pt::ptree parse_xml(const std::string& text) {
  std::istringstream in(text);
  pt::ptree tree;
  pt::read_xml(in, tree);
  return tree;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void collect(const pt::ptree& node, const std::string& tag, std::vector<const pt::ptree*>& out) {
  for (const auto& [name, child] : node) {
    if (name == tag) out.push_back(&child);
    if (name != "<xmlattr>") collect(child, tag, out);
  }
}

}  // namespace

BOOST_FIXTURE_TEST_CASE(service_report_json_figures_equal_the_hand_computed_ones, Node) {
  const std::string text = ok(report({"--json"}));
  // Numbers are plain decimals, as a person or a spreadsheet reads them: never 8E-2 or 3E0.
  for (const char* figure : {"\"target\":0.08,", "\"median_hours\":1.5,", "\"p90_hours\":3,"})
    BOOST_TEST(text.find(figure) != std::string::npos, figure << " in " << text);
  BOOST_TEST(!std::regex_search(text, std::regex("[0-9][eE][-+]?[0-9]")), text);
  auto r = json::parse(text).as_object();
  BOOST_TEST(r.at("dept").as_string() == "OPS");
  // Pool-filled 300 + 200 + 50 = 550.00; purchased: the GLOVE order 200.00 and the laptops
  // 1500.00 = 1700.00 (PC-9 came from the pool). Savings 550 / 2250.
  auto& savings = r.at("purchase_savings").as_object();
  BOOST_TEST(savings.at("pool_filled_value").as_string() == "550.00");
  BOOST_TEST(savings.at("purchase_orders").as_int64() == 1);
  BOOST_TEST(savings.at("purchase_order_value").as_string() == "200.00");
  BOOST_TEST(savings.at("assets_bought").as_int64() == 2);
  BOOST_TEST(savings.at("purchased_value").as_string() == "1700.00");
  BOOST_TEST(savings.at("share").to_number<double>() == 550.0 / 2250.0,
             boost::test_tools::tolerance(1e-9));
  BOOST_TEST(savings.at("met").as_bool());
  // Assets owned: 1000 + 500 + 300 = 1800.00, idle 500.00: 27.8%, above the 10% target.
  auto& idle = r.at("idle_assets").as_object();
  BOOST_TEST(idle.at("asset_value").as_string() == "1800.00");
  BOOST_TEST(idle.at("idle_value").as_string() == "500.00");
  BOOST_TEST(idle.at("share").to_number<double>() == 500.0 / 1800.0,
             boost::test_tools::tolerance(1e-9));
  BOOST_TEST(!idle.at("met").as_bool());
  // Hand-overs to OPS after 0.5, 1, 2, 3 h: median 1.5 h; 90th percentile by nearest rank is
  // the 4th of 4 (ceil(3.6)): 3 h, over the hour.
  auto& handover = r.at("handover").as_object();
  BOOST_TEST(handover.at("requests").as_int64() == 4);
  BOOST_TEST(handover.at("median_hours").to_number<double>() == 1.5,
             boost::test_tools::tolerance(1e-9));
  BOOST_TEST(handover.at("p90_hours").to_number<double>() == 3.0,
             boost::test_tools::tolerance(1e-9));
  BOOST_TEST(!handover.at("met").as_bool());
  // Issued 4 + 6 GLOVE and 5 MASK; turned away: 3 GLOVE refused at issue, 7 + 3 asked of the
  // pool and not given: 15 / 28.
  auto& fill = r.at("fill_rate").as_object();
  BOOST_TEST(fill.at("units_issued").as_int64() == 15);
  BOOST_TEST(fill.at("units_refused").as_int64() == 3);
  BOOST_TEST(fill.at("units_unfilled_from_pool").as_int64() == 10);
  BOOST_TEST(fill.at("units_turned_away").as_int64() == 13);
  BOOST_TEST(fill.at("rate").to_number<double>() == 15.0 / 28.0,
             boost::test_tools::tolerance(1e-9));
  // MASK out on days 3-5 (site-wide; A-01 has no levels of its own), GLOVE today.
  auto& stockouts = r.at("stockout_days").as_array();
  BOOST_REQUIRE(stockouts.size() == 2u);
  BOOST_TEST(stockouts[0].at("sku").as_string() == "MASK");
  BOOST_TEST(stockouts[0].at("days").as_int64() == 3);
  BOOST_TEST(stockouts[0].at("location").is_null());
  BOOST_TEST(stockouts[1].at("sku").as_string() == "GLOVE");
  BOOST_TEST(stockouts[1].at("days").as_int64() == 1);
  // One loan of 200.00 against 1700.00 purchased.
  auto& loans = r.at("loans").as_object();
  BOOST_TEST(loans.at("count").as_int64() == 1);
  BOOST_TEST(loans.at("value").as_string() == "200.00");
  BOOST_TEST(loans.at("share").to_number<double>() == 200.0 / 1900.0,
             boost::test_tools::tolerance(1e-9));
}

BOOST_FIXTURE_TEST_CASE(a_location_with_its_own_levels_counts_its_own_stockout_days, Node) {
  // A level on the aisle watches A-01 below it: MASK there is out on the same days.
  ok({"level", "set", "MASK", "--at", "AISLE", "--safety", "1"});
  auto r = json::parse(ok(report({"--json"}))).as_object();
  auto& stockouts = r.at("stockout_days").as_array();
  BOOST_REQUIRE(stockouts.size() == 3u);
  // Ties by days go by SKU, then location (site-wide first).
  BOOST_TEST(stockouts[0].at("location").is_null());
  BOOST_TEST(stockouts[1].at("sku").as_string() == "MASK");
  BOOST_TEST(stockouts[1].at("location").as_string() == "AISLE");
  BOOST_TEST(stockouts[1].at("days").as_int64() == 3);
}

BOOST_FIXTURE_TEST_CASE(service_report_csv_lists_every_figure_and_stockout, Node) {
  auto csv = ok(report({"--csv"}));
  BOOST_TEST(csv.rfind("figure,sku,location,value,target,status\n", 0) == 0u, csv);
  BOOST_TEST(csv.find("purchase_savings,,,24.4%,>= 8%,met\n") != std::string::npos, csv);
  BOOST_TEST(csv.find("idle_share,,,27.8%,<= 10%,not met\n") != std::string::npos, csv);
  BOOST_TEST(csv.find("p90_handover_hours,,,3.00 h,<= 1 h,not met\n") != std::string::npos, csv);
  BOOST_TEST(csv.find("fill_rate,,,53.6%,,\n") != std::string::npos, csv);
  BOOST_TEST(csv.find("stockout_days,MASK,,3,,\n") != std::string::npos, csv);
}

BOOST_FIXTURE_TEST_CASE(service_report_html_is_well_formed_self_contained_and_has_its_charts,
                        Node) {
  for (std::string lang : {"en", "zh-CN"}) {
    std::string file = dir.file("report-" + lang + ".html");
    auto out = ok(report({"--html", file, "--lang", lang}));
    BOOST_TEST(out == "wrote " + file + "\n");
    std::string page = read_file(file);
    auto tree = parse_xml(page);  // throws unless well-formed
    BOOST_TEST(tree.get<std::string>("html.<xmlattr>.lang") == lang);
    std::vector<const pt::ptree*> svgs, rows;
    collect(tree, "svg", svgs);
    BOOST_TEST(svgs.size() == 3u);
    collect(tree, "tr", rows);
    bool savings_met = false, idle_not_met = false;
    for (const auto* row : rows) {
      std::string figure = row->get<std::string>("<xmlattr>.data-figure", "");
      std::string status;
      for (const auto& [name, cell] : *row)
        if (name == "td") status += cell.get<std::string>("span.<xmlattr>.class", "");
      savings_met |= figure == "purchase_savings" && status == "met";
      idle_not_met |= figure == "idle_share" && status == "not-met";
    }
    BOOST_TEST(savings_met);
    BOOST_TEST(idle_not_met);
    // Nothing to fetch and nothing to run: it opens offline.
    for (const char* outside : {"<script", "href", "src=", "url(", "@import", "https:"})
      BOOST_TEST(page.find(outside) == std::string::npos, lang << ": " << outside);
  }
  BOOST_TEST(read_file(dir.file("report-zh-CN.html")).find("服务与节约报告") != std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(service_report_bad_periods_are_bad_input_and_an_unwritable_page_exit_5,
                        Node) {
  for (std::vector<std::string> args :
       {std::vector<std::string>{"report", "service", "--from", "2026-13-45"},
        {"report", "service", "--to", "yesterday"},
        {"report", "service", "--from", "2026-06-01", "--to", "2026-05-01"},
        {"report", "service", "--html", "x.html", "--lang", "fr"}})
    refused(args, 2);
  auto unwritable = run({"report", "service", "--html", dir.file("no-such-dir/r.html")});
  BOOST_TEST(unwritable.exit_code == 5, unwritable.err);
  auto r = run({"--json", "report", "service", "--from", "2026-02-30"});
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(json::parse(r.err).at("code").as_string() == "invalid_argument");
}
