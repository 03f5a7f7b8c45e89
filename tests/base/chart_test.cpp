// The SVG charts parse as XML, and their points land where a hand calculation puts them.
#define BOOST_TEST_MODULE chart
#include "base/chart/chart.h"

#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>
#include <boost/test/unit_test.hpp>
#include <sstream>

using namespace rfinv::chart;
namespace pt = boost::property_tree;

namespace {

// A small frame, so the arithmetic is easy: the plot is x 40..190 (150 wide), y 20..70 (50 tall).
Frame small_frame() { return {200, 100, 40, 10, 20, 30}; }

pt::ptree parse(const std::string& svg) {
  std::istringstream in(svg);
  pt::ptree tree;
  pt::read_xml(in, tree);  // throws on anything that is not well-formed XML
  return tree;
}

// Every element below `node` (depth first) named `tag` whose attribute `attr` is `value`
// (any value when `attr` is empty).
void collect(const pt::ptree& node, const std::string& tag, const std::string& attr,
             const std::string& value, std::vector<const pt::ptree*>& out) {
  for (const auto& [name, child] : node) {
    if (name == tag && (attr.empty() || child.get<std::string>("<xmlattr>." + attr, "") == value))
      out.push_back(&child);
    if (name != "<xmlattr>") collect(child, tag, attr, value, out);
  }
}

const pt::ptree& one(const pt::ptree& root, const std::string& tag, const std::string& attr,
                     const std::string& value) {
  std::vector<const pt::ptree*> found;
  collect(root, tag, attr, value, found);
  BOOST_REQUIRE_MESSAGE(found.size() == 1,
                        tag << " " << attr << "=" << value << ": " << found.size() << " found");
  return *found.front();
}

std::string attr(const pt::ptree& node, const std::string& name) {
  return node.get<std::string>("<xmlattr>." + name);
}

LineChart demand_example() {
  LineChart c;
  c.frame = small_frame();
  c.title = "Demand <R&D> \"weekly\"";
  c.x_title = "week";
  c.y_title = "units";
  c.categories = {"W1", "W2", "W3", "W4", "W5"};
  c.label_every = 1;
  c.bands = {{"80%", 3, {5, 10}, {15, 30}, 0.4}};
  c.lines = {{"history", 0, {0, 5, 10}, false}, {"forecast", 3, {10, 20}, true}};
  return c;
}

}  // namespace

BOOST_AUTO_TEST_CASE(line_chart_points_fall_where_the_hand_calculation_puts_them) {
  // x(i) = 40 + i * 150 / 4; the scale is 0..30 in steps of 10, so y(v) = 70 - v * 50 / 30.
  auto root = parse(render_svg(demand_example()));
  BOOST_TEST(attr(one(root, "polyline", "data-series", "history"), "points") ==
             "40.00,70.00 77.50,61.67 115.00,53.33");
  const auto& forecast = one(root, "polyline", "data-series", "forecast");
  BOOST_TEST(attr(forecast, "points") == "152.50,53.33 190.00,36.67");
  BOOST_TEST(attr(forecast, "stroke-dasharray") == "6 4");
  // The band: upper edge forward, lower edge back.
  BOOST_TEST(attr(one(root, "polygon", "data-series", "80%"), "points") ==
             "152.50,45.00 190.00,20.00 190.00,53.33 152.50,61.67");
  std::vector<const pt::ptree*> ticks;
  collect(root, "text", "class", "tick", ticks);
  std::vector<std::string> texts;
  for (const auto* t : ticks) texts.push_back(t->data());
  std::vector<std::string> expected = {"0", "10", "20", "30", "W1", "W2", "W3", "W4", "W5"};
  BOOST_TEST(texts == expected, boost::test_tools::per_element());
  BOOST_TEST(attr(*ticks[3], "y") == "20.00");  // the top tick at the top of the plot
  BOOST_TEST(attr(*ticks[5], "x") == "77.50");  // W2 under its category
}

BOOST_AUTO_TEST_CASE(text_is_escaped_and_reads_back_as_given) {
  auto svg = render_svg(demand_example());
  BOOST_TEST(svg.find("Demand &lt;R&amp;D&gt; &quot;weekly&quot;") != std::string::npos);
  auto root = parse(svg);
  BOOST_TEST(root.get<std::string>("svg.title") == "Demand <R&D> \"weekly\"");
  BOOST_TEST(root.get<std::string>("svg.<xmlattr>.aria-label") == "Demand <R&D> \"weekly\"");
}

BOOST_AUTO_TEST_CASE(output_is_deterministic_and_self_contained) {
  auto a = render_svg(demand_example());
  BOOST_TEST(a == render_svg(demand_example()));
  for (const char* outside : {"href", "<script", "url(", "<style", "<image", "@import"})
    BOOST_TEST(a.find(outside) == std::string::npos, outside);
}

BOOST_AUTO_TEST_CASE(bar_chart_bars_and_target_fall_where_the_hand_calculation_puts_them) {
  BarChart c;
  c.frame = small_frame();
  c.title = "Stockout days";
  c.labels = {"a", "b"};
  c.values = {2, 4};
  c.target = 5;
  c.target_label = "target";
  // The scale is 0..5 in steps of 1: y(v) = 70 - v * 10. Slots are 75 wide, bars 52.5.
  auto root = parse(render_svg(c));
  const auto& a = one(root, "rect", "data-label", "a");
  BOOST_TEST(attr(a, "x") == "51.25");
  BOOST_TEST(attr(a, "y") == "50.00");
  BOOST_TEST(attr(a, "width") == "52.50");
  BOOST_TEST(attr(a, "height") == "20.00");
  const auto& b = one(root, "rect", "data-label", "b");
  BOOST_TEST(attr(b, "x") == "126.25");
  BOOST_TEST(attr(b, "y") == "30.00");
  BOOST_TEST(attr(b, "height") == "40.00");
  const auto& target = one(root, "g", "class", "target");
  BOOST_TEST(target.get<std::string>("line.<xmlattr>.y1") == "20.00");
  BOOST_TEST(target.get<std::string>("text") == "target");
}

BOOST_AUTO_TEST_CASE(counts_get_whole_number_ticks) {
  BarChart days;
  days.frame = small_frame();
  days.labels = {"GLOVE"};
  days.values = {1};
  std::vector<const pt::ptree*> ticks;
  collect(parse(render_svg(days)), "text", "class", "tick", ticks);
  std::vector<std::string> texts;
  for (const auto* t : ticks) texts.push_back(t->data());
  std::vector<std::string> expected = {"0", "1", "GLOVE"};
  BOOST_TEST(texts == expected, boost::test_tools::per_element());
  // Fractions keep their finer ticks.
  days.values = {0.5};
  ticks.clear();
  collect(parse(render_svg(days)), "text", "class", "tick", ticks);
  BOOST_TEST(ticks.size() == 7u);  // 0.0 .. 0.5 by 0.1, and the label
}

BOOST_AUTO_TEST_CASE(an_empty_chart_is_still_a_well_formed_svg) {
  LineChart line;
  line.title = "nothing yet";
  BarChart bars;
  bars.title = "nothing either";
  BOOST_TEST(parse(render_svg(line)).get<std::string>("svg.title") == "nothing yet");
  BOOST_TEST(parse(render_svg(bars)).get<std::string>("svg.title") == "nothing either");
}
