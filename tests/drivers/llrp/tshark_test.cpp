// Wireshark's LLRP dissector as an independent oracle: every byte the client sends in a whole
// session must dissect without expert warnings or malformed packets, and the real Impinj report
// stream must decode here to the same EPC, antenna, RSSI, timestamp and count as in tshark.
#define BOOST_TEST_MODULE llrp_tshark
#include <boost/asio/io_context.hpp>
#include <boost/test/unit_test.hpp>
#include <fstream>
#include <iterator>
#include <sstream>

#include "drivers/internal/backends.h"
#include "drivers/llrp/internal/decoder.h"
#include "drivers/llrp/internal/frame_splitter.h"
#include "drivers/llrp/internal/protocol.h"
#include "tests/drivers/llrp/llrp_sim.h"
#include "tests/drivers/llrp/pcap_writer.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

using namespace rfinv;
using namespace rfinv::drivers;
using namespace rfinv::test::llrp;
using namespace std::chrono_literals;
namespace msg = rfinv::drivers::llrp::msg;

namespace {

const char* kTshark = "/usr/bin/tshark";

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(line);
  return out;
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == sep) {
      out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  out.push_back(cur);
  return out;
}

test::ProcessResult tshark(std::vector<std::string> args) {
  BOOST_REQUIRE_MESSAGE(std::filesystem::exists(kTshark),
                        "tshark is not installed (scripts/setup.sh installs it)");
  args.insert(args.begin(), kTshark);
  test::ProcessOptions o;
  o.timeout = std::chrono::seconds(60);
  auto r = test::run_process(args, o);
  BOOST_REQUIRE_MESSAGE(r.exit_code == 0, "tshark failed: " << r.err);
  return r;
}

// Runs a whole session through the real client: setup, a keepalive, reports, stop.
std::vector<SimMessage> record_session() {
  LlrpSim sim;
  boost::asio::io_context io;
  auto r = make_llrp_reader(
      io, "dock-1",
      ReaderUri{
          "llrp", "127.0.0.1", sim.port(), "", {{"antennas", "1,2,4"}, {"keepalive_ms", "10000"}}});
  BOOST_REQUIRE(r.ok());
  auto reader = std::move(*r);
  bool online = false, stopped = false;
  std::size_t reads = 0;
  reader->start([&](std::span<const TagRead> b) { reads += b.size(); },
                [&](const StateChange& c) {
                  online = online || c.state == ReaderState::online;
                  stopped = stopped || c.state == ReaderState::stopped;
                });
  auto run_until = [&](auto pred) {
    // Generous: reached only when the test fails anyway (CI runs on two loaded cores).
    auto until = std::chrono::steady_clock::now() + 30s;
    while (!pred() && std::chrono::steady_clock::now() < until) {
      io.restart();
      io.run_for(2ms);
    }
    return pred();
  };
  BOOST_REQUIRE(run_until([&] { return online; }));
  sim.send_keepalive();
  SimTag t;
  t.epc = {0x30, 0x08, 0x33, 0xb2, 0xdd, 0xd9, 0x01, 0x40, 0, 0, 0, 1};
  sim.send_report({t, t});
  BOOST_REQUIRE(run_until([&] { return reads == 2 && sim.count(msg::kKeepaliveAck) == 1; }));
  reader->stop();
  BOOST_REQUIRE(run_until([&] { return stopped; }));
  return sim.received();
}

}  // namespace

BOOST_AUTO_TEST_CASE(client_session_bytes_dissect_cleanly) {
  auto messages = record_session();
  test::TempDir dir;
  auto path = dir.file("client.pcap");
  {
    PcapWriter pcap(path);
    for (const auto& m : messages) pcap.add(true, m.bytes);
  }
  auto bad = tshark({"-r", path, "-Y", "_ws.expert.severity >= warning || _ws.malformed"});
  BOOST_TEST(bad.out == "", "tshark found problems:\n" << bad.out);
  auto types = lines(tshark({"-r", path, "-T", "fields", "-e", "llrp.type"}).out);
  const std::vector<std::string> want = {"1", "3", "21", "20", "24", "22", "72", "23", "14"};
  BOOST_TEST(types == want, types.size() << " types");
  // The selector asks for exactly the fields the decoder uses, and AISpec lists the antennas.
  auto v = tshark({"-r", path, "-Y", "llrp.type == 20", "-V", "-O", "llrp"}).out;
  for (const char* field : {"Enable antenna ID: Yes", "Enable peak RSSI: Yes",
                            "Enable first seen timestamp: Yes", "Enable last seen timestamp: Yes",
                            "Enable tag seen count: Yes", "Enable channel index: No"})
    BOOST_TEST(v.find(field) != std::string::npos, field);
}

BOOST_AUTO_TEST_CASE(impinj_report_stream_decodes_as_tshark_says) {
  std::ifstream in(test::shared_dir() / "testdata/llrp/sllurp/sllurp_ro_access.hex");
  std::string hex{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  Bytes stream;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    if (!std::isxdigit(static_cast<unsigned char>(hex[i]))) {
      --i;
      continue;
    }
    stream.push_back(static_cast<std::uint8_t>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  }
  llrp::FrameSplitter splitter;
  splitter.append(stream);
  llrp::TagBatch batch;
  test::TempDir dir;
  auto path = dir.file("impinj.pcap");
  {
    PcapWriter pcap(path);
    llrp::Message m;
    for (;;) {
      auto more = splitter.next(m);
      BOOST_REQUIRE(more.ok());
      if (!*more) break;
      Bytes whole(m.body.data() - llrp::kHeaderSize, m.body.data() + m.body.size());
      pcap.add(false, whole);
      BOOST_REQUIRE(llrp::decode_ro_access_report(m.body, {"r", 0, std::nullopt}, batch).ok());
    }
  }
  auto rows = lines(tshark({"-r", path, "-T", "fields", "-E", "separator=/t", "-e",
                            "llrp.param.epc", "-e", "llrp.antenna_id", "-e", "llrp.param.peak_rssi",
                            "-e", "llrp.param.microseconds", "-e", "llrp.param.tag_count"})
                        .out);
  BOOST_REQUIRE_EQUAL(rows.size(), batch.size());
  BOOST_REQUIRE_EQUAL(rows.size(), 45u);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    auto f = split(rows[i], '\t');
    BOOST_REQUIRE_EQUAL(f.size(), 5u);
    const auto& t = batch[i];
    std::string epc;
    for (auto b : t.epc) epc += fmt::format("{:02x}", b);
    BOOST_TEST(epc == f[0]);
    BOOST_TEST(t.antenna == std::stoi(f[1]));
    // tshark shows PeakRSSI unsigned (PROTOCOLS.md §2 quirk 1).
    BOOST_TEST(t.rssi_dbm.value_or(0) ==
               static_cast<float>(static_cast<std::int8_t>(std::stoi(f[2]))));
    BOOST_TEST(t.first_seen == std::stoll(split(f[3], ',')[0]));
    BOOST_TEST(t.seen_count == (f[4].empty() ? 1u : std::stoul(f[4])));
  }
}
