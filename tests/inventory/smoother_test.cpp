// The smoother's thresholds, pinned one by one: a tag enters on exactly its k-th read inside
// the window (not the (k-1)-th), a read past the window restarts the count, and a present
// tag leaves only once it has been unseen for longer than the leave time.
#define BOOST_TEST_MODULE smoother
#include "inventory/pipeline/internal/smoother.h"

#include <boost/test/unit_test.hpp>

using namespace rfinv;
using namespace rfinv::inventory;
using namespace rfinv::inventory::pipeline;

namespace {

constexpr Micros kSecond = 1'000'000;
constexpr Micros kStart = 1'800'000'000LL * kSecond;  // any fixed reader time

struct Fixture {
  Smoother smoother;
  Smoothing settings;
  std::vector<Presence> out;

  Fixture() { settings.rssi_floor = -70.0f; }

  // One read of the tag at `at` (seconds after kStart); returns the presence changes it caused.
  std::vector<Presence> read(double at, float rssi = -50.0f, std::uint32_t seen_count = 1) {
    drivers::TagRead r;
    r.reader = "r";
    r.antenna = 1;
    r.epc = {0x30, 0x14, 0x25, 0x7B};
    r.rssi_dbm = rssi;
    r.first_seen = r.last_seen = kStart + Micros(at * double(kSecond));
    r.seen_count = seen_count;
    out.clear();
    smoother.on_read(0, settings, r, out);
    return out;
  }

  std::vector<Presence> expire(double at) {
    out.clear();
    smoother.expire({kStart + Micros(at * double(kSecond))}, {settings}, out);
    return out;
  }
};

}  // namespace

BOOST_FIXTURE_TEST_CASE(a_tag_enters_on_its_kth_read_and_not_before, Fixture) {
  for (int k = 1; k <= 5; ++k) {
    Smoother fresh;
    smoother = std::move(fresh);
    settings.enter_reads = k;
    settings.window = 10 * kSecond;
    for (int i = 1; i < k; ++i)
      BOOST_TEST(read(0.1 * i).empty(), "entered after " << i << " of " << k << " reads");
    auto entered = read(0.1 * k);
    BOOST_REQUIRE_EQUAL(entered.size(), 1u);
    BOOST_TEST((entered[0].kind == Presence::Kind::enter));
    // The entry time is the first read of the qualifying window (the idempotency keys use it).
    BOOST_TEST(entered[0].at == kStart + kSecond / 10);
  }
}

BOOST_FIXTURE_TEST_CASE(a_report_of_several_merged_reads_counts_each, Fixture) {
  settings.enter_reads = 3;
  BOOST_TEST(read(0, -50.0f, 2).empty());
  BOOST_TEST(read(0.5, -50.0f, 1).size() == 1u);
  Smoother fresh;
  smoother = std::move(fresh);
  BOOST_TEST(read(0, -50.0f, 3).size() == 1u);
}

BOOST_FIXTURE_TEST_CASE(reads_further_apart_than_the_window_restart_the_count, Fixture) {
  settings.enter_reads = 2;
  settings.window = 2 * kSecond;
  BOOST_TEST(read(0).empty());
  // 2.5 s after the first read: the window is over, this read starts a new one.
  BOOST_TEST(read(2.5).empty());
  auto entered = read(3.0);
  BOOST_REQUIRE_EQUAL(entered.size(), 1u);
  BOOST_TEST(entered[0].at == kStart + 5 * kSecond / 2);
}

BOOST_FIXTURE_TEST_CASE(a_read_at_the_very_end_of_the_window_still_counts, Fixture) {
  settings.enter_reads = 2;
  settings.window = 2 * kSecond;
  BOOST_TEST(read(0).empty());
  auto entered = read(2.0);
  BOOST_REQUIRE_EQUAL(entered.size(), 1u);
  BOOST_TEST(entered[0].at == kStart);
}

BOOST_FIXTURE_TEST_CASE(a_present_tag_leaves_only_after_its_leave_time_unseen, Fixture) {
  settings.enter_reads = 1;
  settings.leave_after = 10 * kSecond;
  BOOST_REQUIRE(read(0).size() == 1u);
  BOOST_TEST(read(4).empty());     // still present: last seen moves to 4 s
  BOOST_TEST(expire(14).empty());  // exactly the leave time unseen: still present
  auto left = expire(14.001);
  BOOST_REQUIRE_EQUAL(left.size(), 1u);
  BOOST_TEST((left[0].kind == Presence::Kind::leave));
  BOOST_TEST(left[0].at == kStart + 4 * kSecond);  // a leave is dated by the last read
  BOOST_TEST(smoother.tracked() == 0u);
}

BOOST_FIXTURE_TEST_CASE(a_read_after_the_leave_time_is_a_new_presence, Fixture) {
  settings.enter_reads = 1;
  settings.leave_after = 10 * kSecond;
  BOOST_REQUIRE(read(0).size() == 1u);
  BOOST_TEST(read(10).empty());  // within the leave time: the same presence
  auto again = read(20.5);       // 10.5 s unseen: left, and entered anew
  BOOST_REQUIRE_EQUAL(again.size(), 2u);
  BOOST_TEST((again[0].kind == Presence::Kind::leave));
  BOOST_TEST(again[0].at == kStart + 10 * kSecond);
  BOOST_TEST((again[1].kind == Presence::Kind::enter));
  BOOST_TEST(again[1].at == kStart + 41 * kSecond / 2);
}

BOOST_FIXTURE_TEST_CASE(a_tag_that_never_qualified_is_forgotten_after_its_window, Fixture) {
  settings.enter_reads = 2;
  settings.window = 2 * kSecond;
  BOOST_TEST(read(0).empty());
  BOOST_TEST(expire(2).empty());
  BOOST_TEST(smoother.tracked() == 1u);
  BOOST_TEST(expire(2.001).empty());
  BOOST_TEST(smoother.tracked() == 0u);
}

BOOST_FIXTURE_TEST_CASE(reads_below_the_rssi_floor_do_not_count, Fixture) {
  settings.enter_reads = 1;
  BOOST_TEST(read(0, -70.5f).empty());
  BOOST_TEST(smoother.tracked() == 0u);
  BOOST_TEST(read(0.1, -70.0f).size() == 1u);  // at the floor is accepted
}

BOOST_FIXTURE_TEST_CASE(expiring_leaves_alone_read_points_whose_clock_did_not_move, Fixture) {
  settings.enter_reads = 1;
  BOOST_REQUIRE(read(0).size() == 1u);
  out.clear();
  smoother.expire({0}, {settings}, out);  // 0: this read point's reader has no time yet
  BOOST_TEST(out.empty());
  BOOST_TEST(smoother.tracked() == 1u);
}

// EPCs up to 128 bits are keyed inline and longer ones (SGTIN-198, GIAI-202) by their full
// bytes: both enter and leave alike, and an EPC that is a prefix of another is another tag.
BOOST_AUTO_TEST_CASE(short_and_long_epcs_enter_and_leave_as_distinct_tags) {
  Smoother smoother;
  Smoothing settings;
  settings.enter_reads = 2;
  std::vector<Presence> out;
  drivers::EpcBytes long_epc(25, 0xAB);
  drivers::EpcBytes prefix(long_epc.begin(), long_epc.begin() + 12);
  drivers::EpcBytes shorter(long_epc.begin(), long_epc.begin() + 8);
  for (int i = 0; i < 2; ++i)
    for (const auto& epc : {long_epc, prefix, shorter}) {
      drivers::TagRead r;
      r.reader = "r";
      r.antenna = 1;
      r.epc = epc;
      r.first_seen = r.last_seen = kStart + i;
      smoother.on_read(0, settings, r, out);
    }
  BOOST_TEST(smoother.tracked() == 3u);
  BOOST_REQUIRE_EQUAL(out.size(), 3u);
  for (const auto& p : out) BOOST_TEST((p.kind == Presence::Kind::enter));
  BOOST_TEST((out[0].epc == long_epc));
  BOOST_TEST((out[1].epc == prefix));
  BOOST_TEST((out[2].epc == shorter));
  out.clear();
  smoother.expire({kStart + settings.leave_after + kSecond}, {settings}, out);
  BOOST_TEST(out.size() == 3u);
  BOOST_TEST(smoother.tracked() == 0u);
}
