// End to end: the real rfinv binary drives a serial reader on the module simulator's pty.
#define BOOST_TEST_MODULE serial_cli
#include <signal.h>

#include <algorithm>
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>
#include <map>
#include <sstream>
#include <string>
#include <thread>

#include "tests/drivers/serial/module_sim.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

using namespace rfinv::test;
namespace json = boost::json;

BOOST_AUTO_TEST_CASE(reader_test_prints_the_serial_module_reads_as_json_lines) {
  ModuleSimOptions options;
  options.tags[1] = {
      {{0xE2, 0x00, 0x30, 0x16, 0x66, 0x13, 0x01, 0x21, 0x15, 0x50, 0x74, 0xEF}, 0x45, 1}};
  options.tags[2] = {
      {{0x30, 0x08, 0x33, 0xB2, 0xDD, 0xD9, 0x01, 0x40, 0x00, 0x00, 0x00, 0x01}, 0x62, 7}};
  options.round_limit = 4;  // two reads per tag, then the module falls silent
  auto sim = ModuleSim::start(options);
  BOOST_TEST_REQUIRE(sim.ok(), (sim.ok() ? std::string() : sim.error().message));

  TempDir dir;
  const std::string db = dir.file("rfinv.db");
  const std::string uri =
      "serial://" + (*sim)->device() + "?baud=115200&protocol=r2000&antennas=1,2";
  auto added = run_rfinv({"--db", db, "reader", "add", "dock-1", uri});
  BOOST_TEST_REQUIRE(added.exit_code == 0, added.out << added.err);

  // No time limit to race: the test waits for the four reads (the module then falls
  // silent), then stops the command as a user would, with Ctrl-C. The deadline is generous
  // and reached only on failure.
  BackgroundProcess test({RFINV_BINARY, "--db", db, "--json", "reader", "test", "dock-1"},
                         dir.file("test.out"));
  auto count_reads = [&] {
    auto text = test.output();
    std::size_t n = 0;
    for (auto at = text.find("\"epc\""); at != std::string::npos; at = text.find("\"epc\"", at + 1))
      ++n;
    return n;
  };
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (count_reads() < 4 && test.running() && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  BOOST_TEST_REQUIRE(count_reads() == 4u, test.output());
  test.signal(SIGINT);
  BOOST_TEST_REQUIRE(test.wait(std::chrono::seconds(60)) == 0, test.output());

  std::map<std::string, int> reads;  // "EPC@antenna" -> count
  std::vector<std::string> states;
  std::istringstream lines(test.output());
  for (std::string line; std::getline(lines, line);) {
    boost::system::error_code ec;
    auto value = json::parse(line, ec);
    BOOST_TEST_REQUIRE(!ec, "not JSON: " << line);
    const auto& object = value.as_object();
    if (object.contains("summary")) continue;
    if (object.contains("epc")) {
      const std::string epc(object.at("epc").as_string());
      const auto antenna = object.at("antenna").to_number<int>();
      const auto rssi = object.at("rssi").to_number<double>();
      BOOST_TEST((epc == "E200301666130121155074EF" ? rssi == -61.0 : rssi == -31.0), line);
      ++reads[epc + "@" + std::to_string(antenna)];
    } else if (object.contains("state")) {
      states.emplace_back(object.at("state").as_string());
    }
  }
  BOOST_TEST(reads.size() == 2u, test.output());
  BOOST_TEST(reads["E200301666130121155074EF@1"] == 2);
  BOOST_TEST(reads["300833B2DDD9014000000001@2"] == 2);
  BOOST_TEST_REQUIRE(!states.empty());
  BOOST_TEST(states.front() == "connecting");
  BOOST_TEST((std::find(states.begin(), states.end(), "online") != states.end()));
  BOOST_TEST(states.back() == "stopped");
}
