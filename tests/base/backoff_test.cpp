#define BOOST_TEST_MODULE backoff
#include "base/backoff.h"

#include <boost/test/unit_test.hpp>

using namespace rfinv;
using std::chrono::milliseconds;

BOOST_AUTO_TEST_CASE(doubles_per_failure_from_min_and_stops_at_max) {
  Backoff b(milliseconds(100), milliseconds(1000));
  std::vector<long> got;
  for (int i = 0; i < 6; ++i) got.push_back(long(b.fail().count()));
  std::vector<long> want{100, 200, 400, 800, 1000, 1000};
  BOOST_TEST(got == want, boost::test_tools::per_element());
  BOOST_TEST(b.failures() == 6);
}

BOOST_AUTO_TEST_CASE(a_success_starts_again_from_min) {
  Backoff b(milliseconds(250), milliseconds(10000));
  b.fail();
  b.fail();
  b.reset();
  BOOST_TEST(b.failures() == 0);
  BOOST_TEST(b.fail().count() == 250);
}

BOOST_AUTO_TEST_CASE(delay_by_count_matches_the_counting_form) {
  Backoff counting(milliseconds(30), milliseconds(5000));
  const Backoff by_count(milliseconds(30), milliseconds(5000));
  for (std::int64_t n = 1; n <= 20; ++n) BOOST_TEST(counting.fail() == by_count.delay(n));
  BOOST_TEST(by_count.delay(0).count() == 30);  // no failure yet reads as the first
}

BOOST_AUTO_TEST_CASE(huge_failure_counts_stay_at_max_without_overflow) {
  const Backoff b(milliseconds(1000), milliseconds(3600000));
  BOOST_TEST(b.delay(12).count() == 2048000);  // the last doubling below the cap
  for (std::int64_t n : {std::int64_t{13}, std::int64_t{14}, std::int64_t{62}, std::int64_t{63},
                         std::int64_t{64}, std::int64_t{1000000}, INT64_MAX})
    BOOST_TEST(b.delay(n).count() == 3600000, n);
}

BOOST_AUTO_TEST_CASE(edge_settings) {
  BOOST_TEST(Backoff(milliseconds(0), milliseconds(500)).delay(40).count() == 0);
  BOOST_TEST(Backoff(milliseconds(700), milliseconds(700)).delay(3).count() == 700);
  // A cap below the first delay wins, as "never more than max" says.
  BOOST_TEST(Backoff(milliseconds(900), milliseconds(300)).delay(1).count() == 300);
}
