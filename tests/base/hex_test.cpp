#define BOOST_TEST_MODULE hex
#include "base/hex.h"

#include <boost/test/unit_test.hpp>

using namespace rfinv;

namespace {
std::vector<std::uint8_t> bytes(std::initializer_list<std::uint8_t> b) { return b; }
}  // namespace

BOOST_AUTO_TEST_CASE(encodes_two_digits_per_byte_upper_case_unless_asked) {
  auto b = bytes({0x00, 0x0F, 0xA5, 0xFF, 0x30});
  BOOST_TEST(to_hex(b) == "000FA5FF30");
  BOOST_TEST(to_hex(b, HexCase::lower) == "000fa5ff30");
  BOOST_TEST(to_hex({}) == "");
}

BOOST_AUTO_TEST_CASE(parses_either_case_and_round_trips) {
  BOOST_TEST(parse_hex("000fA5Ff30").value() == bytes({0x00, 0x0F, 0xA5, 0xFF, 0x30}),
             boost::test_tools::per_element());
  BOOST_TEST(parse_hex("").value().empty());
  std::vector<std::uint8_t> all(256);
  for (int i = 0; i < 256; ++i) all[std::size_t(i)] = std::uint8_t(i);
  BOOST_TEST(parse_hex(to_hex(all)).value() == all, boost::test_tools::per_element());
  BOOST_TEST(parse_hex(to_hex(all, HexCase::lower)).value() == all,
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(names_the_bad_digit_and_its_position) {
  auto r = parse_hex("30G1");
  BOOST_TEST_REQUIRE(!r.ok());
  BOOST_TEST((r.error().code == Errc::invalid_argument));
  BOOST_TEST(r.error().message == "hex: character 'G' at position 3 is not a hex digit");
  auto space = parse_hex("30 1");
  BOOST_TEST_REQUIRE(!space.ok());
  BOOST_TEST(space.error().message == "hex: byte 0x20 at position 3 is not a hex digit");
}

BOOST_AUTO_TEST_CASE(refuses_an_odd_number_of_digits) {
  auto r = parse_hex("ABC");
  BOOST_TEST_REQUIRE(!r.ok());
  BOOST_TEST((r.error().code == Errc::invalid_argument));
  BOOST_TEST(r.error().message.find("odd number of digits (3)") != std::string::npos,
             r.error().message);
  // A bad character is reported before the length: it is the first thing to fix.
  BOOST_TEST(parse_hex("AZC").error().message.find("'Z'") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(digit_values) {
  BOOST_TEST(hex_digit('0') == 0);
  BOOST_TEST(hex_digit('9') == 9);
  BOOST_TEST(hex_digit('a') == 10);
  BOOST_TEST(hex_digit('F') == 15);
  for (char c : {'g', 'G', ' ', '%', '\0', ':'}) BOOST_TEST(hex_digit(c) == -1);
}
