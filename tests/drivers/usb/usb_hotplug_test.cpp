// USB hotplug through libusb, against umockdev's testbed: the emulated 1209:0001 reader is
// added and removed while the driver runs, with real uevents. Needs the umockdev preload
// library, so ctest runs this binary through `umockdev-wrapper`.
#define BOOST_TEST_MODULE usb_hotplug
#include <umockdev.h>

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <string>

#include "drivers/internal/backends.h"
#include "tests/drivers/serial/reader_probe.h"
#include "tests/support/temp_dir.h"

using namespace std::chrono_literals;
using rfinv::drivers::ReaderState;
using rfinv::test::kEventWait;
using rfinv::test::ReaderProbe;

namespace {

constexpr const char* kSysfsPath = "/sys/devices/pci0000:00/0000:00:14.0/usb1/1-1";

struct Testbed {
  Testbed() : bed(umockdev_testbed_new()) {}
  ~Testbed() { g_object_unref(bed); }
  UMockdevTestbed* bed;
};

bool check_gerror(gboolean ok, GError* error, const char* what) {
  if (ok) return true;
  BOOST_ERROR(what << ": " << (error != nullptr ? error->message : "failed"));
  if (error != nullptr) g_error_free(error);
  return false;
}

}  // namespace

BOOST_AUTO_TEST_CASE(reader_plugged_in_while_running_delivers_and_pulled_out_is_lost) {
  const auto data = rfinv::test::shared_dir() / "testdata" / "usb";
  Testbed testbed;  // points libusb (through the preload library) at an empty sysfs
  BOOST_TEST_REQUIRE(umockdev_in_mock_environment(),
                     "run this test through umockdev-wrapper (ctest does)");

  // A 60 s backoff: within this test only a hotplug event can bring the reader back.
  ReaderProbe probe;
  rfinv::drivers::ReaderUri uri{"usb",
                                "1209:0001",
                                0,
                                "",
                                {{"address", "1"},
                                 {"timeout_ms", "20000"},
                                 {"backoff_min_ms", "60000"},
                                 {"backoff_max_ms", "60000"}}};
  auto reader = rfinv::drivers::make_usb_reader(probe.io, "desk-1", uri);
  BOOST_TEST_REQUIRE(reader.ok());
  probe.start(**reader);
  BOOST_TEST_REQUIRE(probe.wait_for_state(ReaderState::reconnecting, kEventWait),
                     probe.describe_states());
  BOOST_TEST(probe.describe_states().find("no USB device 1209:0001 connected") !=
             std::string::npos);

  GError* error = nullptr;
  // The ioctl script first: adding the device emits the "add" uevent, and the driver opens
  // it at once.
  BOOST_TEST_REQUIRE(
      check_gerror(umockdev_testbed_load_ioctl(testbed.bed, "/dev/bus/usb/001/002",
                                               (data / "uhf-hid.ioctl").c_str(), &error),
                   error, "load_ioctl"));
  BOOST_TEST_REQUIRE(check_gerror(
      umockdev_testbed_add_from_file(testbed.bed, (data / "uhf-hid.umockdev").c_str(), &error),
      error, "add_from_file"));

  BOOST_TEST_REQUIRE(probe.wait_for_reads(1, kEventWait), probe.describe_states());
  BOOST_TEST(probe.reads()[0].antenna == 1);
  const auto plugged = probe.state_count();

  // umockdev announces an added device itself but not a removed one, so send that uevent.
  umockdev_testbed_uevent(testbed.bed, kSysfsPath, "remove");
  umockdev_testbed_remove_device(testbed.bed, kSysfsPath);
  BOOST_TEST_REQUIRE(probe.wait_for_state(ReaderState::lost, kEventWait, plugged),
                     probe.describe_states());
  const auto states = probe.states();
  const auto lost =
      std::find_if(states.begin() + static_cast<std::ptrdiff_t>(plugged), states.end(),
                   [](const auto& s) { return s.state == ReaderState::lost; });
  BOOST_TEST((lost->reason.find("unplugged") != std::string::npos ||
              lost->reason.find("disconnected") != std::string::npos),
             lost->reason);
  (*reader)->stop();
  BOOST_TEST(probe.wait_for_state(ReaderState::stopped, kEventWait));
  BOOST_TEST_MESSAGE(probe.describe_states());
}
