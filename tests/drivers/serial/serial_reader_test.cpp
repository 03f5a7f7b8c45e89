// The serial R2000 driver against the module simulator over a real pseudo-terminal pair.
#define BOOST_TEST_MODULE serial_reader
#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <map>
#include <string>
#include <thread>

#include "drivers/internal/backends.h"
#include "drivers/serial/internal/r2000_frame.h"
#include "tests/drivers/serial/module_sim.h"
#include "tests/drivers/serial/reader_probe.h"

using namespace std::chrono_literals;
using rfinv::drivers::ReaderState;
using rfinv::drivers::ReaderUri;
using rfinv::test::kEventWait;
using rfinv::test::ModuleSim;
using rfinv::test::ModuleSimOptions;
using rfinv::test::ReaderProbe;
using rfinv::test::SimTag;
using Bytes = std::vector<std::uint8_t>;

namespace {

const SimTag kTagA{
    {0xE2, 0x00, 0x30, 0x16, 0x66, 0x13, 0x01, 0x21, 0x15, 0x50, 0x74, 0xEF}, 0x45, 1};
const SimTag kTagB{
    {0x30, 0x08, 0x33, 0xB2, 0xDD, 0xD9, 0x01, 0x40, 0x00, 0x00, 0x00, 0x01}, 0x62, 7};
const SimTag kTagC{
    {0x30, 0x14, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x2A}, 0x5B, 45};

ModuleSimOptions two_antennas() {
  ModuleSimOptions options;
  options.tags[1] = {kTagA, kTagB};
  options.tags[2] = {kTagC};
  return options;
}

std::unique_ptr<ModuleSim> start_sim(ModuleSimOptions options) {
  auto sim = ModuleSim::start(std::move(options));
  BOOST_TEST_REQUIRE(sim.ok(), (sim.ok() ? std::string() : sim.error().message));
  return std::move(sim.value());
}

std::unique_ptr<rfinv::drivers::Reader> open_serial(ReaderProbe& probe, const std::string& device,
                                                    std::map<std::string, std::string> query) {
  ReaderUri uri{"serial", "", 0, device, std::move(query)};
  auto reader = rfinv::drivers::make_serial_reader(probe.io, "dock-1", uri);
  BOOST_TEST_REQUIRE(reader.ok(), (reader.ok() ? std::string() : reader.error().message));
  return std::move(reader.value());
}

// Which simulated tag a read is; fails the test when it matches none or the wrong antenna.
void check_read(const rfinv::drivers::TagRead& read) {
  BOOST_TEST(read.reader == "dock-1");
  BOOST_TEST(read.epc_bits == 96);
  const Bytes epc(read.epc.begin(), read.epc.end());
  const SimTag* tag = nullptr;
  std::uint16_t antenna = 0;
  for (const auto* t : {&kTagA, &kTagB}) {
    if (t->epc == epc) tag = t, antenna = 1;
  }
  if (kTagC.epc == epc) tag = &kTagC, antenna = 2;
  BOOST_TEST_REQUIRE(tag != nullptr);
  BOOST_TEST(read.antenna == antenna);
  BOOST_TEST_REQUIRE(read.rssi_dbm.has_value());
  BOOST_TEST(*read.rssi_dbm == rfinv::drivers::r2000::rssi_to_dbm(tag->rssi_raw));
  BOOST_TEST(read.first_seen > 0);
}

void settle() { std::this_thread::sleep_for(200ms); }

// Every read is a known tag on its antenna, and each tag was read `rounds_each` times.
void check_all(const std::vector<rfinv::drivers::TagRead>& reads, int rounds_each) {
  std::map<Bytes, int> per_tag;
  for (const auto& read : reads) {
    check_read(read);
    ++per_tag[Bytes(read.epc.begin(), read.epc.end())];
  }
  BOOST_TEST(per_tag[kTagA.epc] == rounds_each);
  BOOST_TEST(per_tag[kTagB.epc] == rounds_each);
  BOOST_TEST(per_tag[kTagC.epc] == rounds_each);
}

}  // namespace

BOOST_AUTO_TEST_CASE(reads_are_delivered_exactly) {
  auto options = two_antennas();
  options.round_limit = 6;  // three cycles over antennas 1 and 2, then silence
  auto sim = start_sim(options);
  ReaderProbe probe;
  auto reader = open_serial(probe, sim->device(), {{"antennas", "1,2"}, {"address", "1"}});
  probe.start(*reader);

  BOOST_TEST(probe.wait_for_state(ReaderState::online, kEventWait), probe.describe_states());
  BOOST_TEST_REQUIRE(probe.wait_for_reads(9, kEventWait), "rounds answered: " << sim->rounds());
  settle();  // nothing more may arrive: the module has fallen silent
  BOOST_TEST(probe.read_count() == 9u);
  BOOST_TEST(sim->tag_frames_sent() == 9);
  check_all(probe.reads(), 3);

  // The driver switched antennas before each inventory, with the configured address.
  namespace r2000 = rfinv::drivers::r2000;
  const auto commands = sim->commands();
  BOOST_TEST_REQUIRE(commands.size() >= 4u);
  BOOST_TEST(commands[0] == r2000::encode_set_work_antenna(1, 1));
  BOOST_TEST(commands[1] == r2000::encode_real_time_inventory(1, 0xFF));
  BOOST_TEST(commands[2] == r2000::encode_set_work_antenna(1, 2));
  BOOST_TEST(commands[3] == r2000::encode_real_time_inventory(1, 0xFF));

  reader->stop();
  BOOST_TEST(probe.wait_for_state(ReaderState::stopped, kEventWait), probe.describe_states());
}

BOOST_AUTO_TEST_CASE(without_antennas_the_module_antenna_is_polled_with_broadcast_address) {
  ModuleSimOptions options;
  options.tags[1] = {kTagA, kTagB};
  options.round_limit = 2;
  auto sim = start_sim(options);
  ReaderProbe probe;
  auto reader = open_serial(probe, sim->device(), {});
  probe.start(*reader);
  BOOST_TEST_REQUIRE(probe.wait_for_reads(4, kEventWait), probe.describe_states());
  const auto commands = sim->commands();
  BOOST_TEST_REQUIRE(!commands.empty());
  for (const auto& command : commands) {
    BOOST_TEST(command == rfinv::drivers::r2000::encode_real_time_inventory(0xFF, 0xFF));
  }
  reader->stop();
  BOOST_TEST(probe.wait_for_state(ReaderState::stopped, kEventWait));
}

BOOST_AUTO_TEST_CASE(noise_and_bad_checksums_between_good_frames_lose_no_frame) {
  auto options = two_antennas();
  options.round_limit = 10;
  options.short_summary = true;  // also the V2.2 Len 0x08 summary
  auto sim = start_sim(options);
  sim->set_noise(true);
  sim->set_bad_frames(true);
  ReaderProbe probe;
  auto reader = open_serial(probe, sim->device(), {{"antennas", "1,2"}});
  probe.start(*reader);

  BOOST_TEST_REQUIRE(probe.wait_for_reads(15, kEventWait), "reads: " << probe.read_count() << "\n"
                                                                     << probe.describe_states());
  settle();
  BOOST_TEST(sim->tag_frames_sent() == 15);
  BOOST_TEST(probe.read_count() == 15u);
  check_all(probe.reads(), 5);
  // Noise never made the module look lost.
  BOOST_TEST(probe.states().size() >= 2u);
  for (const auto& state : probe.states()) BOOST_TEST((state.state != ReaderState::lost));
  reader->stop();
  BOOST_TEST(probe.wait_for_state(ReaderState::stopped, kEventWait));
}

BOOST_AUTO_TEST_CASE(a_garbage_head_that_stalls_the_decoder_costs_a_timeout_not_a_frame) {
  auto options = two_antennas();
  options.round_limit = 4;
  auto sim = start_sim(options);
  sim->stall_once();  // "A0 60" before the first reply: a 98-byte frame that never comes
  ReaderProbe probe;
  auto reader = open_serial(probe, sim->device(), {{"antennas", "1,2"}, {"timeout_ms", "1000"}});
  probe.start(*reader);
  BOOST_TEST_REQUIRE(probe.wait_for_reads(6, kEventWait), probe.describe_states());
  settle();
  BOOST_TEST(probe.read_count() == 6u);
  check_all(probe.reads(), 2);
  const auto states = probe.states();
  BOOST_TEST_REQUIRE(states.size() >= 2u);
  BOOST_TEST((states[1].state == ReaderState::online), probe.describe_states());
  reader->stop();
  BOOST_TEST(probe.wait_for_state(ReaderState::stopped, kEventWait));
}

BOOST_AUTO_TEST_CASE(module_errors_are_reported_in_the_state_reason) {
  auto options = two_antennas();
  options.missing_antennas = {2};
  auto sim = start_sim(options);
  ReaderProbe probe;
  auto reader = open_serial(probe, sim->device(), {{"antennas", "1,2"}});
  probe.start(*reader);
  BOOST_TEST_REQUIRE(probe.wait_for_reads(4, kEventWait), probe.describe_states());
  bool found = false;
  for (const auto& state : probe.states()) {
    found = found || (state.state == ReaderState::online &&
                      state.reason.find("antenna_missing (0x22)") != std::string::npos &&
                      state.reason.find("antenna 2") != std::string::npos);
  }
  BOOST_TEST(found, probe.describe_states());
  // Antenna 1 keeps delivering despite antenna 2's error.
  for (const auto& read : probe.reads()) BOOST_TEST(read.antenna == 1);
  reader->stop();
  BOOST_TEST(probe.wait_for_state(ReaderState::stopped, kEventWait));
}

BOOST_AUTO_TEST_CASE(silent_module_is_lost_then_recovers) {
  auto sim = start_sim(two_antennas());
  ReaderProbe probe;
  auto reader = open_serial(probe, sim->device(),
                            {{"antennas", "1,2"},
                             {"timeout_ms", "300"},
                             {"backoff_min_ms", "50"},
                             {"backoff_max_ms", "200"},
                             {"interval_ms", "20"}});
  probe.start(*reader);
  BOOST_TEST_REQUIRE(probe.wait_for_state(ReaderState::online, kEventWait),
                     probe.describe_states());

  sim->set_silent(true);
  BOOST_TEST_REQUIRE(probe.wait_for_state(ReaderState::lost, kEventWait), probe.describe_states());
  const auto states = probe.states();
  const auto lost = std::find_if(states.begin(), states.end(),
                                 [](const auto& s) { return s.state == ReaderState::lost; });
  BOOST_TEST(lost->reason.find("no reply from the module within 300 ms") != std::string::npos,
             lost->reason);
  BOOST_TEST_REQUIRE(probe.wait_for_state(ReaderState::reconnecting, kEventWait));

  const auto lost_at = probe.state_count();
  const auto reads_before = probe.read_count();
  sim->set_silent(false);
  BOOST_TEST(probe.wait_for_state(ReaderState::online, kEventWait, lost_at),
             probe.describe_states());
  BOOST_TEST(probe.wait_for_reads(reads_before + 3, kEventWait));
  reader->stop();
  BOOST_TEST(probe.wait_for_state(ReaderState::stopped, kEventWait));
}

BOOST_AUTO_TEST_CASE(vanished_device_is_lost_and_retried) {
  auto sim = start_sim(two_antennas());
  const std::string device = sim->device();
  ReaderProbe probe;
  auto reader = open_serial(probe, device,
                            {{"antennas", "1,2"},
                             {"timeout_ms", "2000"},
                             {"backoff_min_ms", "50"},
                             {"backoff_max_ms", "100"}});
  probe.start(*reader);
  BOOST_TEST_REQUIRE(probe.wait_for_state(ReaderState::online, kEventWait),
                     probe.describe_states());
  sim.reset();  // the pty disappears: like pulling a USB-serial adapter
  BOOST_TEST_REQUIRE(probe.wait_for_state(ReaderState::lost, kEventWait), probe.describe_states());
  // Reopening keeps failing with a reason that names the device.
  BOOST_TEST_REQUIRE(probe.wait_for_state(ReaderState::reconnecting, kEventWait),
                     probe.describe_states());
  BOOST_TEST(probe.wait_for_reason(device, kEventWait), probe.describe_states());
  reader->stop();
  BOOST_TEST(probe.wait_for_state(ReaderState::stopped, kEventWait));
}

BOOST_AUTO_TEST_CASE(stop_is_clean) {
  auto sim = start_sim(two_antennas());
  ReaderProbe probe;
  auto reader = open_serial(probe, sim->device(), {{"antennas", "1,2"}});
  probe.start(*reader);
  BOOST_TEST_REQUIRE(probe.wait_for_reads(3, kEventWait), probe.describe_states());
  reader->stop();
  reader->stop();  // twice is harmless
  BOOST_TEST_REQUIRE(probe.wait_for_state(ReaderState::stopped, kEventWait));
  // Nothing pending on the io_context: run() returns on its own.
  BOOST_TEST(probe.finished(kEventWait));
  const auto states = probe.states();
  BOOST_TEST((states.back().state == ReaderState::stopped), probe.describe_states());
  BOOST_TEST(probe.reads_after_stop() == 0u);
}

BOOST_AUTO_TEST_CASE(bad_uris_are_refused_with_the_reason) {
  boost::asio::io_context io;
  auto refuse = [&](std::string path, std::map<std::string, std::string> query,
                    const std::string& expected) {
    ReaderUri uri{"serial", "", 0, std::move(path), std::move(query)};
    auto reader = rfinv::drivers::make_serial_reader(io, "r", uri);
    BOOST_TEST_REQUIRE(!reader.ok());
    BOOST_TEST((reader.error().code == rfinv::Errc::invalid_argument));
    BOOST_TEST(reader.error().message.find(expected) != std::string::npos, reader.error().message);
  };
  refuse("/dev/ttyUSB0", {{"protocol", "chafon"}}, "protocol=chafon is not supported");
  refuse("/dev/ttyUSB0", {{"baud", "12345"}}, "baud=12345");
  refuse("/dev/ttyUSB0", {{"baud", "fast"}}, "baud=fast");
  refuse("/dev/ttyUSB0", {{"antennas", "1,5"}}, "'5' is not an antenna port");
  refuse("/dev/ttyUSB0", {{"address", "300"}}, "address=300");
  refuse("/dev/ttyUSB0", {{"bauds", "9600"}}, "unknown parameter 'bauds'");
  refuse("", {}, "names no device");
}

BOOST_AUTO_TEST_CASE(missing_device_is_lost_with_a_clear_reason) {
  ReaderProbe probe;
  auto reader = open_serial(probe, "/dev/rfinv-no-such-tty", {{"backoff_min_ms", "50"}});
  probe.start(*reader);
  BOOST_TEST_REQUIRE(probe.wait_for_state(ReaderState::lost, kEventWait));
  const auto text = probe.describe_states();
  BOOST_TEST(text.find("cannot open /dev/rfinv-no-such-tty") != std::string::npos, text);
  reader->stop();
  BOOST_TEST(probe.wait_for_state(ReaderState::stopped, kEventWait));
  BOOST_TEST(probe.finished(kEventWait));
}
