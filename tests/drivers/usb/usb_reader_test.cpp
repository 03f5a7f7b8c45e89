// The USB HID driver. Suite `plain` runs anywhere; suites `replay` and `mismatch` are disabled
// by default and run by ctest inside `umockdev-run` with the emulated 1209:0001 reader from
// ../shared/testdata/usb (see tests/drivers/usb/CMakeLists.txt).
#define BOOST_TEST_MODULE usb_reader
#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <map>
#include <string>

#include "drivers/internal/backends.h"
#include "drivers/usb_scan.h"
#include "tests/drivers/serial/reader_probe.h"
#include "tests/support/temp_dir.h"

using namespace std::chrono_literals;
using rfinv::drivers::ReaderState;
using rfinv::drivers::ReaderUri;
using rfinv::test::kEventWait;
using rfinv::test::ReaderProbe;
using Bytes = std::vector<std::uint8_t>;

namespace {

std::unique_ptr<rfinv::drivers::Reader> open_usb(ReaderProbe& probe, const std::string& host,
                                                 std::map<std::string, std::string> query) {
  ReaderUri uri{"usb", host, 0, "", std::move(query)};
  auto reader = rfinv::drivers::make_usb_reader(probe.io, "desk-1", uri);
  BOOST_TEST_REQUIRE(reader.ok(), (reader.ok() ? std::string() : reader.error().message));
  return std::move(reader.value());
}

// The emulation files must exist, or the umockdev wrapper ran against nothing.
void require_testdata() {
  const auto dir = rfinv::test::shared_dir() / "testdata" / "usb";
  BOOST_TEST_REQUIRE(std::filesystem::exists(dir / "uhf-hid.umockdev"), dir.string());
}

const Bytes kEpc{0xE2, 0x00, 0x30, 0x16, 0x66, 0x13, 0x01, 0x21, 0x15, 0x50, 0x74, 0xEF};

}  // namespace

BOOST_AUTO_TEST_SUITE(plain)

BOOST_AUTO_TEST_CASE(bad_uris_are_refused_with_the_reason) {
  boost::asio::io_context io;
  auto refuse = [&](std::string host, std::map<std::string, std::string> query,
                    const std::string& expected) {
    ReaderUri uri{"usb", std::move(host), 0, "", std::move(query)};
    auto reader = rfinv::drivers::make_usb_reader(io, "r", uri);
    BOOST_TEST_REQUIRE(!reader.ok());
    BOOST_TEST((reader.error().code == rfinv::Errc::invalid_argument));
    BOOST_TEST(reader.error().message.find(expected) != std::string::npos, reader.error().message);
  };
  refuse("1209", {}, "is not VID:PID in hex");
  refuse("1209:xyz", {}, "is not VID:PID in hex");
  refuse("12345:0001", {}, "is not VID:PID in hex");
  refuse("1209:0001", {{"protocol", "fongwah"}}, "protocol=fongwah is not supported");
  refuse("0e6a:0317", {}, "Fongwah");
  refuse("1209:0001", {{"serail", "x"}}, "unknown parameter 'serail'");
}

BOOST_AUTO_TEST_CASE(absent_device_is_lost_with_a_clear_reason_and_retried) {
  ReaderProbe probe;
  // A VID:PID no machine has (pid.codes test range, unassigned here).
  auto reader = open_usb(probe, "1209:fff0", {{"backoff_min_ms", "50"}});
  probe.start(*reader);
  BOOST_TEST_REQUIRE(probe.wait_for_state(ReaderState::lost, kEventWait), probe.describe_states());
  BOOST_TEST_REQUIRE(probe.wait_for_state(ReaderState::reconnecting, kEventWait));
  const auto text = probe.describe_states();
  BOOST_TEST(text.find("no USB device 1209:fff0 connected") != std::string::npos, text);
  reader->stop();
  BOOST_TEST(probe.wait_for_state(ReaderState::stopped, kEventWait));
  BOOST_TEST(probe.finished(kEventWait));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(replay, *boost::unit_test::disabled())

BOOST_AUTO_TEST_CASE(scan_finds_the_emulated_reader) {
  require_testdata();
  auto found = rfinv::drivers::scan_usb_readers();
  BOOST_TEST_REQUIRE(found.ok(), (found.ok() ? std::string() : found.error().message));
  BOOST_TEST_REQUIRE(found->size() == 1u);
  const auto& device = found->front();
  BOOST_TEST(device.vid == 0x1209);
  BOOST_TEST(device.pid == 0x0001);
  BOOST_TEST(device.bus == 1);
  BOOST_TEST(device.address == 2);
  BOOST_TEST(device.model.find("R2000") != std::string::npos, device.model);
  BOOST_TEST(device.uri == "usb://1209:0001?protocol=r2000");
}

BOOST_AUTO_TEST_CASE(claims_sends_the_inventory_report_and_decodes_the_tag) {
  require_testdata();
  ReaderProbe probe;
  // The recorded session expects `A0 04 01 89 FF D3`: module address 1, repeat 0xFF, and no
  // antenna switch (no antennas= parameter).
  auto reader = open_usb(probe, "1209:0001", {{"address", "1"}, {"protocol", "r2000"}});
  probe.start(*reader);
  BOOST_TEST_REQUIRE(probe.wait_for_reads(1, kEventWait), probe.describe_states());
  const auto reads = probe.reads();
  BOOST_TEST(Bytes(reads[0].epc.begin(), reads[0].epc.end()) == kEpc);
  BOOST_TEST(reads[0].antenna == 1);
  BOOST_TEST(reads[0].reader == "desk-1");
  BOOST_TEST(reads[0].rssi_dbm.value_or(0) == -61.0f);
  // The OUT report matched the script byte for byte: the first transition was to online.
  const auto states = probe.states();
  BOOST_TEST_REQUIRE(states.size() >= 2u);
  BOOST_TEST((states[0].state == ReaderState::connecting));
  BOOST_TEST((states[1].state == ReaderState::online), probe.describe_states());
  reader->stop();
  BOOST_TEST(probe.wait_for_state(ReaderState::stopped, kEventWait), probe.describe_states());
  BOOST_TEST(probe.finished(kEventWait));
  BOOST_TEST_MESSAGE(probe.describe_states());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(mismatch, *boost::unit_test::disabled())

BOOST_AUTO_TEST_CASE(a_refused_out_report_is_reported_as_an_io_error) {
  require_testdata();
  ReaderProbe probe;
  auto reader = open_usb(probe, "1209:0001", {{"address", "1"}, {"backoff_min_ms", "100"}});
  probe.start(*reader);
  BOOST_TEST_REQUIRE(probe.wait_for_state(ReaderState::lost, kEventWait), probe.describe_states());
  const auto states = probe.states();
  const auto lost = std::find_if(states.begin(), states.end(),
                                 [](const auto& s) { return s.state == ReaderState::lost; });
  BOOST_TEST(lost->reason.find("write to USB device 1209:0001 failed") != std::string::npos,
             lost->reason);
  BOOST_TEST(probe.read_count() == 0u);
  reader->stop();
  BOOST_TEST(probe.wait_for_state(ReaderState::stopped, kEventWait), probe.describe_states());
  BOOST_TEST(probe.finished(kEventWait));
  BOOST_TEST_MESSAGE(probe.describe_states());
}

BOOST_AUTO_TEST_SUITE_END()
