// End-to-end: `rfinv plan --item SKU --svg FILE` writes the item's weekly demand with its
// forecast and bands as one well-formed SVG, on one axis: as many demand points as weeks of
// history, as many forecast points as weeks of the horizon, right after them.
#define BOOST_TEST_MODULE demand_chart_cli
#include <boost/json.hpp>
#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>
#include <boost/test/unit_test.hpp>
#include <ctime>
#include <fstream>
#include <sstream>

#include "tests/support/cli_db.h"

using namespace rfinv::test;
namespace json = boost::json;
namespace pt = boost::property_tree;

namespace {

struct Node : CliDb {
  // A year of weekly demand of G from the system used before, ending last week.
  Node() {
    ok({"item", "add", "G", "--name", "Gloves"});
    std::string csv = "date,sku,location,qty\n";
    const std::time_t week = 7 * 24 * 3600, last = std::time(nullptr) - week;
    for (int i = 52; i >= 1; --i) {
      std::time_t at = last - (i - 1) * week;
      std::tm tm{};
      gmtime_r(&at, &tm);
      char day[16];
      std::strftime(day, sizeof day, "%Y-%m-%d", &tm);
      csv += std::string(day) + ",G,," + std::to_string(10 + i % 4) + "\n";
    }
    ok({"history", "import", write("history.csv", csv)});
  }
};

// The x coordinates of an element's "points".
std::vector<double> xs(const std::string& points) {
  std::vector<double> out;
  std::istringstream in(points);
  std::string pair;
  while (in >> pair) out.push_back(std::stod(pair.substr(0, pair.find(','))));
  return out;
}

const pt::ptree* find(const pt::ptree& node, const std::string& tag, const std::string& series) {
  for (const auto& [name, child] : node) {
    if (name == tag && child.get<std::string>("<xmlattr>.data-series", "") == series) return &child;
    if (name != "<xmlattr>")
      if (const auto* found = find(child, tag, series)) return found;
  }
  return nullptr;
}

}  // namespace

BOOST_FIXTURE_TEST_CASE(plan_svg_draws_history_then_forecast_and_its_bands_on_one_axis, Node) {
  std::string file = dir.file("g.svg");
  BOOST_TEST(ok({"plan", "--item", "G", "--horizon", "8", "--svg", file}) ==
             "wrote " + file + "\n");
  auto plan = json::parse(ok({"--json", "plan", "--item", "G", "--horizon", "8"}));
  std::size_t weeks = plan.as_array()[0].at("history_weeks").to_number<std::size_t>();
  BOOST_REQUIRE(!plan.as_array()[0].at("fallback").as_bool());

  std::ifstream in(file);
  pt::ptree tree;
  pt::read_xml(in, tree);  // throws unless well-formed
  BOOST_TEST(tree.get<std::string>("svg.title") == "Weekly demand for G");
  const auto* demand = find(tree, "polyline", "demand");
  const auto* forecast = find(tree, "polyline", "forecast");
  BOOST_REQUIRE(demand);
  BOOST_REQUIRE(forecast);
  auto history_x = xs(demand->get<std::string>("<xmlattr>.points"));
  auto forecast_x = xs(forecast->get<std::string>("<xmlattr>.points"));
  BOOST_TEST(history_x.size() == weeks);
  BOOST_TEST(forecast_x.size() == 8u);
  // Evenly spaced, the forecast one step after the last week of history.
  double step = history_x[1] - history_x[0];
  BOOST_TEST(forecast_x.front() - history_x.back() == step, boost::test_tools::tolerance(0.02));
  for (const char* band : {"80% band", "95% band"}) {
    const auto* b = find(tree, "polygon", band);
    BOOST_REQUIRE_MESSAGE(b, band);
    BOOST_TEST(xs(b->get<std::string>("<xmlattr>.points")).size() == 16u);
  }
}

BOOST_FIXTURE_TEST_CASE(plan_svg_needs_an_item_that_exists, Node) {
  auto no_item = run({"plan", "--svg", dir.file("x.svg")});
  BOOST_TEST(no_item.exit_code == 2, no_item.err);
  auto unknown = run({"plan", "--item", "NOPE", "--svg", dir.file("x.svg")});
  BOOST_TEST(unknown.exit_code == 3, unknown.err);
  BOOST_TEST(!std::ifstream(dir.file("x.svg")).good());
}
