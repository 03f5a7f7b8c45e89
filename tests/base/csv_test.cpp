#define BOOST_TEST_MODULE csv
#include "base/csv.h"

#include <boost/test/unit_test.hpp>

using namespace rfinv;

BOOST_AUTO_TEST_CASE(a_leading_utf8_byte_order_mark_is_not_part_of_the_first_field) {
  // What Excel writes for "CSV UTF-8 (Comma delimited)".
  auto rows = parse_csv("\xEF\xBB\xBFsku,name\r\nGLOVE,Gloves\r\n");
  BOOST_REQUIRE(rows.ok());
  BOOST_REQUIRE(rows->size() == 2u);
  BOOST_TEST(rows->at(0).fields == (std::vector<std::string>{"sku", "name"}));
  BOOST_TEST(rows->at(1).line == 2u);
  BOOST_TEST(rows->at(1).fields == (std::vector<std::string>{"GLOVE", "Gloves"}));
  // A quoted first field after the mark is still a quoted field.
  auto quoted = parse_csv("\xEF\xBB\xBF\"sku\",name\n");
  BOOST_REQUIRE(quoted.ok());
  BOOST_TEST(quoted->at(0).fields.at(0) == "sku");
  // Only a leading mark is skipped: one inside a field is data.
  auto inside = parse_csv(
      "a,\xEF\xBB\xBF"
      "b\n");
  BOOST_REQUIRE(inside.ok());
  BOOST_TEST(inside->at(0).fields.at(1) ==
             "\xEF\xBB\xBF"
             "b");
}

BOOST_AUTO_TEST_CASE(quotes_commas_and_line_breaks_round_trip) {
  auto rows = parse_csv("a,\"b,c\",\"say \"\"hi\"\"\"\n\"two\nlines\",x\n");
  BOOST_REQUIRE(rows.ok());
  BOOST_REQUIRE(rows->size() == 2u);
  BOOST_TEST(rows->at(0).fields == (std::vector<std::string>{"a", "b,c", "say \"hi\""}));
  BOOST_TEST(rows->at(1).fields.at(0) == "two\nlines");
  BOOST_TEST(csv_field("b,c") == "\"b,c\"");
  BOOST_TEST(!parse_csv("\"open\n").ok());
}
