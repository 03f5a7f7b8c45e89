#define BOOST_TEST_MODULE clock
#include "base/clock.h"

#include <boost/test/unit_test.hpp>

using namespace rfinv;

BOOST_AUTO_TEST_CASE(formats_and_parses_the_same_instant) {
  Micros at = 1700000000123456;
  BOOST_TEST(format_utc(at) == "2023-11-14T22:13:20.123456Z");
  BOOST_TEST(parse_utc(format_utc(at)).value() == at);
}

BOOST_AUTO_TEST_CASE(every_field_is_zero_padded_at_the_edges_of_the_calendar) {
  BOOST_TEST(format_utc(0) == "1970-01-01T00:00:00.000000Z");
  BOOST_TEST(format_utc(parse_utc("2024-02-29T23:59:59.000001Z").value()) ==
             "2024-02-29T23:59:59.000001Z");
  BOOST_TEST(format_utc(parse_utc("9999-12-31T23:59:59.999999Z").value()) ==
             "9999-12-31T23:59:59.999999Z");
  BOOST_TEST(format_utc(parse_utc("0001-01-01").value()) == "0001-01-01T00:00:00.000000Z");
  // Before the year 0, the year keeps its sign.
  BOOST_TEST(format_utc(-62200000000000000) == "-002-12-17T14:13:20.000000Z");
}

BOOST_AUTO_TEST_CASE(a_date_alone_is_midnight_utc) {
  BOOST_TEST(parse_utc("1970-01-02").value() == 86400LL * 1000000);
}

BOOST_AUTO_TEST_CASE(malformed_times_are_refused) {
  for (const char* bad : {"", "2026-13-01", "2026-02-30", "2026-01-01T25:00Z", "2026-01-01T10:00",
                          "yesterday", "2026-01-01T10:00:00.Z", "2026-1-1"})
    BOOST_TEST(!parse_utc(bad).has_value(), bad);
}
