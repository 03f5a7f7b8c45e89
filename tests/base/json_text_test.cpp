// json_text: Boost.JSON's text except for floating-point numbers, which are plain decimals.
#define BOOST_TEST_MODULE json_text
#include "base/json_text.h"

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>
#include <limits>

using rfinv::json_text;
namespace json = boost::json;

BOOST_AUTO_TEST_CASE(doubles_are_plain_decimals_never_exponents) {
  BOOST_TEST(json_text(0.25) == "0.25");
  BOOST_TEST(json_text(1200.0) == "1200");
  BOOST_TEST(json_text(0.0001) == "0.0001");
  BOOST_TEST(json_text(-2.5) == "-2.5");
  BOOST_TEST(json_text(1e21) == "1000000000000000000000");
  BOOST_TEST(json_text(0.1 + 0.2) == "0.30000000000000004");  // the shortest that reads back
  BOOST_TEST(json_text(-0.0) == "0");
  // Boost.JSON alone writes these in exponent form.
  BOOST_TEST(json::serialize(json::value(0.25)) != "0.25");
}

BOOST_AUTO_TEST_CASE(what_json_cannot_hold_is_null) {
  BOOST_TEST(json_text(std::numeric_limits<double>::quiet_NaN()) == "null");
  BOOST_TEST(json_text(std::numeric_limits<double>::infinity()) == "null");
}

BOOST_AUTO_TEST_CASE(every_other_value_is_written_as_boost_json_writes_it) {
  const json::value v = {{"sku", "GLOVE \"L\"\n"},
                         {"qty", 12},
                         {"big", std::uint64_t(18446744073709551615u)},
                         {"share", 0.5},
                         {"ok", true},
                         {"none", nullptr},
                         {"weeks", json::array{1.5, 2, json::object{}, json::array{}}}};
  BOOST_TEST(json_text(v) ==
             R"({"sku":"GLOVE \"L\"\n","qty":12,"big":18446744073709551615,"share":0.5,)"
             R"("ok":true,"none":null,"weeks":[1.5,2,{},[]]})");
  // What it writes reads back as the same value.
  BOOST_TEST(json::parse(json_text(v)) == v);
}
