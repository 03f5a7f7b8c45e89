// The LLRP client against the loopback reader simulator: session setup, exact report decoding,
// keepalive, silence and socket loss with backoff, fragmented and coalesced messages, garbage,
// error responses and a clean stop. Every wait is bounded in time.
#define BOOST_TEST_MODULE llrp_client
#include <boost/asio/io_context.hpp>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <regex>

#include "drivers/internal/backends.h"
#include "drivers/llrp/internal/client_options.h"
#include "drivers/llrp/internal/decoder.h"
#include "drivers/llrp/internal/protocol.h"
#include "tests/drivers/llrp/llrp_sim.h"

using namespace rfinv;
using namespace rfinv::drivers;
using namespace rfinv::test::llrp;
using namespace std::chrono_literals;
namespace msg = rfinv::drivers::llrp::msg;

namespace {

// How long a test waits for an event that must come. Generous: CI runs on two loaded cores,
// and a deadline is only reached when the test fails anyway.
constexpr auto kWait = 30s;

// One client on a test-owned io_context, run on this thread in short slices.
struct Harness {
  explicit Harness(std::uint16_t port, std::map<std::string, std::string> query = {}) {
    ReaderUri uri{"llrp", "127.0.0.1", port, "", std::move(query)};
    auto r = make_llrp_reader(io, "dock-1", uri);
    BOOST_REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
    reader = std::move(*r);
    reader->start(
        [this](std::span<const TagRead> batch) {
          BOOST_TEST(!stopped_seen);  // no reads after `stopped`
          batches.emplace_back(batch.begin(), batch.end());
        },
        [this](const StateChange& c) {
          BOOST_TEST(!stopped_seen);
          if (c.state == ReaderState::stopped) stopped_seen = true;
          states.push_back(c);
        });
  }

  bool run_until(const std::function<bool()>& pred, std::chrono::milliseconds timeout = kWait) {
    auto until = std::chrono::steady_clock::now() + timeout;
    while (!pred()) {
      if (std::chrono::steady_clock::now() >= until) return false;
      io.restart();
      io.run_for(2ms);
    }
    return true;
  }

  std::size_t count(ReaderState s) const {
    std::size_t n = 0;
    for (const auto& c : states) n += c.state == s;
    return n;
  }
  bool has(ReaderState s, const std::string& reason_part) const {
    for (const auto& c : states)
      if (c.state == s && c.reason.find(reason_part) != std::string::npos) return true;
    return false;
  }
  std::string history() const {
    std::string out;
    for (const auto& c : states) out += fmt::format("[{}: {}] ", to_string(c.state), c.reason);
    return out;
  }
  bool online() const { return !states.empty() && states.back().state == ReaderState::online; }
  std::size_t reads() const {
    std::size_t n = 0;
    for (const auto& b : batches) n += b.size();
    return n;
  }

  boost::asio::io_context io;
  std::unique_ptr<Reader> reader;
  std::vector<StateChange> states;
  std::vector<std::vector<TagRead>> batches;
  bool stopped_seen = false;
};

const std::vector<std::uint16_t> kSetup = {msg::kGetReaderCapabilities, msg::kSetReaderConfig,
                                           msg::kDeleteRospec,          msg::kAddRospec,
                                           msg::kEnableRospec,          msg::kStartRospec};

std::vector<SimTag> sample_tags() {
  SimTag a;
  a.epc = {0x30, 0x08, 0x33, 0xb2, 0xdd, 0xd9, 0x01, 0x40, 0x00, 0x00, 0x00, 0x2a};
  a.antenna = 2;
  a.rssi = -55;
  a.first_seen = 1700000000123456;
  a.last_seen = 1700000000223456;
  a.seen_count = 7;
  SimTag b;  // a 128-bit EPC goes as EPCData
  for (int i = 0; i < 16; ++i) b.epc.push_back(static_cast<std::uint8_t>(0xe0 + i));
  b.antenna = 1;
  b.rssi = -71;
  b.first_seen = 1700000001000000;
  b.last_seen = 1700000001500000;
  b.seen_count = 3;
  return {a, b};
}

void check_reads(const std::vector<TagRead>& got, const std::vector<SimTag>& want) {
  BOOST_REQUIRE_EQUAL(got.size(), want.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    BOOST_TEST(got[i].reader == "dock-1");
    BOOST_TEST((Bytes(got[i].epc.begin(), got[i].epc.end()) == want[i].epc));
    BOOST_TEST(got[i].epc_bits == want[i].epc.size() * 8);
    BOOST_TEST(got[i].antenna == want[i].antenna);
    BOOST_TEST(got[i].rssi_dbm.value_or(0) == static_cast<float>(want[i].rssi));
    BOOST_TEST(got[i].first_seen == static_cast<Micros>(want[i].first_seen));
    BOOST_TEST(got[i].last_seen == static_cast<Micros>(want[i].last_seen));
    BOOST_TEST(got[i].seen_count == want[i].seen_count);
  }
}

// The retry delays announced in `reconnecting` reasons, in order.
std::vector<long> retry_delays(const Harness& h) {
  std::vector<long> out;
  std::regex re("retry in (\\d+) ms");
  for (const auto& c : h.states) {
    std::smatch m;
    if (c.state == ReaderState::reconnecting && std::regex_search(c.reason, m, re))
      out.push_back(std::stol(m[1].str()));
  }
  return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(session_setup_waits_for_the_connection_event_then_runs_in_order) {
  SimOptions o;
  o.event_delay = 400ms;
  LlrpSim sim(o);
  Harness h(sim.port(), {{"antennas", "1,2"}});
  BOOST_REQUIRE(h.run_until([&] { return sim.connections() == 1; }));
  // Before the connection event nothing may be sent.
  h.run_until([] { return false; }, 100ms);
  BOOST_TEST(sim.received().empty());
  BOOST_REQUIRE_MESSAGE(h.run_until([&] { return h.online(); }), h.history());
  BOOST_TEST(sim.received_types(1) == kSetup);
  BOOST_TEST((h.states.front().state == ReaderState::connecting));
  BOOST_TEST(h.count(ReaderState::lost) == 0u);

  // ADD_ROSPEC carries the wanted antennas in its AISpec, and SET_READER_CONFIG a keepalive.
  for (const auto& m : sim.received()) {
    std::span<const std::uint8_t> body(m.bytes.data() + 10, m.bytes.size() - 10);
    if (m.type == msg::kAddRospec) {
      llrp::ParamWalker top(body);
      llrp::Param rospec;
      BOOST_REQUIRE(top.next(rospec).ok());
      BOOST_TEST(rospec.type == llrp::param::kRospec);
      llrp::ParamWalker inner(rospec.value.subspan(6));
      llrp::Param p;
      bool found = false;
      for (;;) {
        auto more = inner.next(p);
        BOOST_REQUIRE(more.ok());
        if (!*more) break;
        if (p.type != llrp::param::kAiSpec) continue;
        found = true;
        BOOST_TEST(llrp::get_u16(p.value.data()) == 2);
        BOOST_TEST(llrp::get_u16(p.value.data() + 2) == 1);
        BOOST_TEST(llrp::get_u16(p.value.data() + 4) == 2);
        break;
      }
      BOOST_TEST(found);
    }
  }
}

BOOST_AUTO_TEST_CASE(reports_are_delivered_one_batch_per_report_exactly) {
  LlrpSim sim;
  Harness h(sim.port());
  BOOST_REQUIRE_MESSAGE(h.run_until([&] { return h.online(); }), h.history());
  auto tags = sample_tags();
  sim.send_report(tags);
  sim.send_report({tags[1]});
  BOOST_REQUIRE(h.run_until([&] { return h.batches.size() == 2; }));
  check_reads(h.batches[0], tags);
  check_reads(h.batches[1], {tags[1]});
}

BOOST_AUTO_TEST_CASE(keepalives_are_acknowledged_and_keep_the_session_alive) {
  LlrpSim sim;
  // Silence far beyond the test's length: a loaded machine never makes the reader look silent.
  Harness h(sim.port(), {{"keepalive_ms", "50"}, {"silence_ms", "60000"}});
  BOOST_REQUIRE_MESSAGE(h.run_until([&] { return h.online(); }), h.history());
  sim.send_keepalive();
  // The reader sends KEEPALIVE every 50 ms as configured; the client acks each and, being
  // fed by them, never declares the reader silent.
  BOOST_REQUIRE(h.run_until([&] { return sim.count(msg::kKeepaliveAck) >= 10; }));
  BOOST_TEST(h.count(ReaderState::lost) == 0u, h.history());
  BOOST_TEST(sim.connections() == 1);
  for (const auto& m : sim.received())
    if (m.type == msg::kKeepaliveAck) BOOST_TEST(m.id >= 1000u);  // echoes the KEEPALIVE id
}

BOOST_AUTO_TEST_CASE(silence_leads_to_reconnects_with_capped_exponential_backoff) {
  LlrpSim sim;
  Harness h(sim.port(), {{"keepalive_ms", "50"},
                         {"silence_ms", "200"},
                         {"response_timeout_ms", "150"},
                         {"backoff_min_ms", "40"},
                         {"backoff_max_ms", "160"}});
  BOOST_REQUIRE_MESSAGE(h.run_until([&] { return h.online(); }), h.history());
  sim.set_silent(true);
  BOOST_REQUIRE(
      h.run_until([&] { return h.has(ReaderState::lost, "no message from the reader"); }));
  // Silent reader: each new attempt times out waiting for a response.
  BOOST_REQUIRE_MESSAGE(h.run_until([&] { return retry_delays(h).size() >= 5; }), h.history());
  auto delays = retry_delays(h);
  BOOST_TEST(delays[0] == 40);
  BOOST_TEST(delays[1] == 80);
  BOOST_TEST(delays[2] == 160);
  BOOST_TEST(delays[3] == 160);
  BOOST_TEST(h.has(ReaderState::lost, "no GET_READER_CAPABILITIES response within 150 ms"));
  sim.set_silent(false);
  BOOST_REQUIRE_MESSAGE(h.run_until([&] { return h.online(); }), h.history());
  BOOST_TEST(sim.connections() >= 5);
  // lost -> reconnecting -> connecting -> ... -> online, in that order.
  auto first_lost = std::find_if(h.states.begin(), h.states.end(),
                                 [](auto& c) { return c.state == ReaderState::lost; });
  BOOST_REQUIRE(first_lost + 2 < h.states.end());
  BOOST_TEST((first_lost[1].state == ReaderState::reconnecting));
  BOOST_TEST((first_lost[2].state == ReaderState::connecting));
}

BOOST_AUTO_TEST_CASE(a_closed_socket_is_reconnected) {
  LlrpSim sim;
  Harness h(sim.port(), {{"backoff_min_ms", "20"}});
  BOOST_REQUIRE_MESSAGE(h.run_until([&] { return h.online(); }), h.history());
  sim.close_client();
  BOOST_REQUIRE(h.run_until([&] { return h.count(ReaderState::online) == 2; }));
  BOOST_TEST(h.has(ReaderState::lost, "the reader closed the connection"), h.history());
  BOOST_TEST(sim.connections() == 2);
  BOOST_TEST(sim.received_types(2) == kSetup);
  sim.send_report(sample_tags());
  BOOST_REQUIRE(h.run_until([&] { return h.batches.size() == 1; }));
  check_reads(h.batches[0], sample_tags());
}

BOOST_AUTO_TEST_CASE(messages_cut_into_tiny_segments_are_reassembled) {
  LlrpSim sim;
  sim.set_segments(3, 1ms);
  Harness h(sim.port());
  BOOST_REQUIRE_MESSAGE(h.run_until([&] { return h.online(); }), h.history());
  sim.send_report(sample_tags());
  BOOST_REQUIRE(h.run_until([&] { return h.batches.size() == 1; }));
  check_reads(h.batches[0], sample_tags());
  BOOST_TEST(h.count(ReaderState::lost) == 0u);
}

BOOST_AUTO_TEST_CASE(several_messages_in_one_write_are_all_handled) {
  LlrpSim sim;
  Harness h(sim.port());
  BOOST_REQUIRE_MESSAGE(h.run_until([&] { return h.online(); }), h.history());
  auto tags = sample_tags();
  Bytes r1, r2, r3, k;
  encode_report(r1, 1, {tags[0]});
  encode_report(r2, 2, tags);
  encode_report(r3, 3, {tags[1]});
  llrp::Writer w(k);
  w.end_message(w.begin_message(msg::kKeepalive, 4242));
  sim.send_coalesced({r1, k, r2, r3});
  BOOST_REQUIRE(h.run_until([&] { return h.batches.size() == 3; }));
  check_reads(h.batches[0], {tags[0]});
  check_reads(h.batches[1], tags);
  check_reads(h.batches[2], {tags[1]});
  BOOST_REQUIRE(h.run_until([&] { return sim.count(msg::kKeepaliveAck) == 1; }));
  for (const auto& m : sim.received())
    if (m.type == msg::kKeepaliveAck) BOOST_TEST(m.id == 4242u);
}

BOOST_AUTO_TEST_CASE(garbage_drops_the_connection_and_the_client_recovers) {
  LlrpSim sim;
  Harness h(sim.port(), {{"backoff_min_ms", "20"}, {"max_message", "65536"}});
  BOOST_REQUIRE_MESSAGE(h.run_until([&] { return h.online(); }), h.history());
  std::string junk = "GET / HTTP/1.1\r\nHost: reader\r\n\r\n";
  sim.send_raw(Bytes(junk.begin(), junk.end()));
  BOOST_REQUIRE(h.run_until([&] { return h.count(ReaderState::online) == 2; }));
  BOOST_TEST(h.has(ReaderState::lost, "reserved bits"), h.history());
  // A length field beyond max_message: refused from the header alone.
  sim.send_raw({0x04, 0x3d, 0x00, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01});
  BOOST_REQUIRE(h.run_until([&] { return h.count(ReaderState::online) == 3; }));
  BOOST_TEST(h.has(ReaderState::lost, "exceeds the 65536-byte limit"), h.history());
  // A report whose TagReportData overruns its message.
  sim.send_raw(
      {0x04, 0x3d, 0x00, 0x00, 0x00, 0x0e, 0x00, 0x00, 0x00, 0x02, 0x00, 0xf0, 0x00, 0x20});
  BOOST_REQUIRE(h.run_until([&] { return h.count(ReaderState::online) == 4; }));
  BOOST_TEST(h.has(ReaderState::lost, "parameter 240 at offset 0 has length 32"), h.history());
  BOOST_TEST(sim.connections() == 4);
  sim.send_report(sample_tags());
  BOOST_REQUIRE(h.run_until([&] { return h.batches.size() == 1; }));
  check_reads(h.batches[0], sample_tags());
}

BOOST_AUTO_TEST_CASE(stop_sends_stop_rospec_and_close_connection) {
  LlrpSim sim;
  Harness h(sim.port());
  BOOST_REQUIRE_MESSAGE(h.run_until([&] { return h.online(); }), h.history());
  h.reader->stop();
  BOOST_REQUIRE(h.run_until([&] { return h.stopped_seen; }));
  auto types = sim.received_types(1);
  BOOST_REQUIRE_GE(types.size(), 2u);
  BOOST_TEST(types[types.size() - 2] == msg::kStopRospec);
  BOOST_TEST(types.back() == msg::kCloseConnection);
  BOOST_TEST(h.states.back().reason == "stopped");  // the close was confirmed
  // Nothing more happens afterwards: no reconnect, no handler call.
  sim.send_report(sample_tags());
  h.run_until([] { return false; }, 100ms);
  BOOST_TEST(h.batches.empty());
  BOOST_TEST(sim.connections() == 1);
  h.reader->stop();  // a second stop is harmless
  h.run_until([] { return false; }, 20ms);
  BOOST_TEST(h.count(ReaderState::stopped) == 1u);
}

BOOST_AUTO_TEST_CASE(stop_gives_up_waiting_for_a_reader_that_does_not_answer) {
  LlrpSim sim;
  sim.set_silent(true);  // the connection event still comes, no answer after it
  Harness h(sim.port(), {{"stop_timeout_ms", "100"}});
  BOOST_REQUIRE(h.run_until([&] { return sim.count(msg::kGetReaderCapabilities) == 1; }));
  h.reader->stop();
  BOOST_REQUIRE(h.run_until([&] { return h.stopped_seen; }));
  BOOST_TEST(h.states.back().reason == "stopped (the reader did not confirm the close)");
  BOOST_TEST(sim.received_types(1).back() == msg::kCloseConnection);
  BOOST_TEST(sim.count(msg::kStopRospec) == 0u);  // no ROSpec was added yet
}

BOOST_AUTO_TEST_CASE(stop_while_unreachable_ends_at_once) {
  std::uint16_t port;
  {
    LlrpSim gone;  // a port that was just released: nothing listens there
    port = gone.port();
  }
  Harness h(port, {{"backoff_min_ms", "20"}});
  BOOST_REQUIRE(h.run_until([&] { return h.count(ReaderState::lost) >= 2; }));
  BOOST_TEST(h.has(ReaderState::lost, "cannot connect to 127.0.0.1"), h.history());
  h.reader->stop();
  BOOST_REQUIRE(h.run_until([&] { return h.stopped_seen; }));
}

BOOST_AUTO_TEST_CASE(error_responses_and_refused_connections_are_reported) {
  {
    SimOptions o;
    o.refuse_type = msg::kAddRospec;
    LlrpSim sim(o);
    Harness h(sim.port(), {{"backoff_min_ms", "1000"}});
    BOOST_REQUIRE(h.run_until([&] { return h.count(ReaderState::lost) == 1; }));
    BOOST_TEST(h.has(ReaderState::lost,
                     "the reader refused ADD_ROSPEC: status 101 (FieldError): refused by the "
                     "simulator"),
               h.history());
  }
  {
    SimOptions o;
    o.connection_status = 2;
    LlrpSim sim(o);
    Harness h(sim.port(), {{"backoff_min_ms", "1000"}});
    BOOST_REQUIRE(h.run_until([&] { return h.count(ReaderState::lost) == 1; }));
    BOOST_TEST(h.has(ReaderState::lost, "another client is already connected"), h.history());
    BOOST_TEST(sim.received().empty());
  }
  {
    SimOptions o;
    o.max_antennas = 2;
    LlrpSim sim(o);
    Harness h(sim.port(), {{"antennas", "1,3"}});
    BOOST_REQUIRE(h.run_until([&] { return h.stopped_seen; }));
    BOOST_TEST(h.has(ReaderState::stopped, "antenna 3 was asked for but the reader has 2"),
               h.history());
  }
}

BOOST_AUTO_TEST_CASE(bad_uris_name_the_bad_part) {
  boost::asio::io_context io;
  auto error_of = [&](std::string host, std::map<std::string, std::string> q) {
    auto r = make_llrp_reader(io, "r", ReaderUri{"llrp", std::move(host), 0, "", std::move(q)});
    return r.ok() ? std::string("ok") : r.error().message;
  };
  BOOST_TEST(error_of("reader", {}) == "ok");
  BOOST_TEST(error_of("reader", {{"antennas", "1,2,4"}, {"keepalive_ms", "1000"}}) == "ok");
  BOOST_TEST(error_of("", {}).find("missing host") != std::string::npos);
  BOOST_TEST(error_of("r", {{"antennas", "1,x"}}).find("antennas='x'") != std::string::npos);
  BOOST_TEST(error_of("r", {{"antennas", "1,"}}).find("ends with a comma") != std::string::npos);
  BOOST_TEST(error_of("r", {{"antennas", "0,1"}}).find("antennas=0") != std::string::npos);
  BOOST_TEST(error_of("r", {{"antennas", "70000"}}).find("antennas=70000") != std::string::npos);
  BOOST_TEST(error_of("r", {{"colour", "red"}}).find("unknown parameter 'colour'") !=
             std::string::npos);
  BOOST_TEST(error_of("r", {{"keepalive_ms", "-5"}}).find("keepalive_ms='-5'") !=
             std::string::npos);
  BOOST_TEST(error_of("r", {{"keepalive_ms", "1000"}, {"silence_ms", "500"}})
                 .find("silence_ms=500 must be longer") != std::string::npos);
  BOOST_TEST(error_of("r", {{"backoff_min_ms", "500"}, {"backoff_max_ms", "100"}})
                 .find("backoff_max_ms=100") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(uri_options_override_the_defaults) {
  ReaderUri uri{"llrp", "10.0.0.7", 0, "", {}};
  auto d = llrp::options_from_uri(uri);
  BOOST_REQUIRE(d.ok());
  BOOST_TEST(d->port == 5084);
  BOOST_TEST(d->antennas.empty());
  BOOST_TEST(d->silence.count() == 3 * d->keepalive.count());
  uri.port = 6000;
  uri.query = {{"antennas", "2,4"},          {"keepalive_ms", "100"},  {"connect_timeout_ms", "7"},
               {"response_timeout_ms", "8"}, {"stop_timeout_ms", "9"}, {"backoff_min_ms", "10"},
               {"backoff_max_ms", "11"},     {"report_every", "12"},   {"max_message", "4096"}};
  auto o = llrp::options_from_uri(uri);
  BOOST_REQUIRE(o.ok());
  BOOST_TEST(o->port == 6000);
  BOOST_TEST((o->antennas == std::vector<std::uint16_t>{2, 4}));
  BOOST_TEST(o->keepalive.count() == 100);
  BOOST_TEST(o->silence.count() == 300);
  BOOST_TEST(o->connect_timeout.count() == 7);
  BOOST_TEST(o->response_timeout.count() == 8);
  BOOST_TEST(o->stop_timeout.count() == 9);
  BOOST_TEST(o->backoff_min.count() == 10);
  BOOST_TEST(o->backoff_max.count() == 11);
  BOOST_TEST(o->report_every == 12);
  BOOST_TEST(o->max_message == 4096u);
  // Without keepalives a quiet reader is not a lost one, unless silence_ms says so.
  uri.query = {{"keepalive_ms", "0"}};
  BOOST_TEST(llrp::options_from_uri(uri)->silence.count() == llrp::kNoSilenceWatch.count());
  uri.query = {{"keepalive_ms", "0"}, {"silence_ms", "5000"}};
  BOOST_TEST(llrp::options_from_uri(uri)->silence.count() == 5000);
}
