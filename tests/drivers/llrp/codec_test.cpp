// The LLRP codec against real traffic (LLRP Toolkit golden files, Impinj captures from sllurp
// and EdgeX) and against malformed input. Expected values are read from the decodes shipped
// beside the binaries (LTK XML, EdgeX JSON), never from this decoder's own output.
#define BOOST_TEST_MODULE llrp_codec
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>
#include <fstream>
#include <iterator>
#include <regex>

#include "base/clock.h"
#include "drivers/llrp/internal/decoder.h"
#include "drivers/llrp/internal/encoder.h"
#include "drivers/llrp/internal/frame_splitter.h"
#include "drivers/llrp/internal/protocol.h"
#include "tests/support/temp_dir.h"

using namespace rfinv;
using namespace rfinv::drivers;
using namespace rfinv::drivers::llrp;

namespace {

// Boost.Test evaluates a message eagerly, so error() must not be reached on success.
template <class T>
std::string why(const Result<T>& r) {
  return r.ok() ? std::string() : r.error().message;
}

std::filesystem::path llrp_dir() { return test::shared_dir() / "testdata" / "llrp"; }

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  BOOST_REQUIRE_MESSAGE(in, "cannot open " << path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

Bytes read_bytes(const std::filesystem::path& path) {
  std::string s = read_text(path);
  return Bytes(s.begin(), s.end());
}

Bytes from_hex(std::string_view hex) {
  Bytes out;
  std::string digits;
  for (char c : hex)
    if (std::isxdigit(static_cast<unsigned char>(c))) digits += c;
  BOOST_REQUIRE(digits.size() % 2 == 0);
  for (std::size_t i = 0; i < digits.size(); i += 2)
    out.push_back(static_cast<std::uint8_t>(std::stoi(digits.substr(i, 2), nullptr, 16)));
  return out;
}

std::string to_hex(std::span<const std::uint8_t> bytes) {
  std::string s;
  for (auto b : bytes) s += fmt::format("{:02x}", b);
  return s;
}

Bytes from_base64(std::string_view text) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  Bytes out;
  unsigned acc = 0;
  int bits = 0;
  for (char c : text) {
    int v = value(c);
    if (v < 0) continue;
    acc = (acc << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<std::uint8_t>(acc >> bits));
    }
  }
  return out;
}

struct Framed {
  std::vector<Header> headers;
  std::vector<Bytes> bodies;
};

// Frames `stream`, feeding it to the splitter in chunks of `chunk` bytes.
Framed frame_all(const Bytes& stream, std::size_t chunk) {
  FrameSplitter splitter;
  Framed out;
  for (std::size_t pos = 0; pos < stream.size(); pos += chunk) {
    std::size_t n = std::min(chunk, stream.size() - pos);
    splitter.append({stream.data() + pos, n});
    Message m;
    for (;;) {
      auto more = splitter.next(m);
      BOOST_REQUIRE_MESSAGE(more.ok(), why(more));
      if (!*more) break;
      out.headers.push_back(m.header);
      out.bodies.emplace_back(m.body.begin(), m.body.end());
    }
  }
  BOOST_TEST(splitter.buffered() == 0u);
  return out;
}

Bytes wrap(std::uint16_t type, const Bytes& body, std::uint32_t id = 7) {
  Bytes out;
  Writer w(out);
  auto m = w.begin_message(type, id);
  w.bytes(body);
  w.end_message(m);
  return out;
}

// "2008-09-22T09:51:17.000000-04:00" or "...Z" into UTC microseconds.
Micros parse_xml_time(std::string text) {
  Micros shift = 0;
  if (text.size() > 6 && (text[text.size() - 6] == '+' || text[text.size() - 6] == '-')) {
    int sign = text[text.size() - 6] == '+' ? 1 : -1;
    int hh = std::stoi(text.substr(text.size() - 5, 2));
    int mm = std::stoi(text.substr(text.size() - 2, 2));
    shift = -sign * (hh * 3600LL + mm * 60LL) * 1000000;
    text = text.substr(0, text.size() - 6) + "Z";
  }
  auto t = parse_utc(text);
  BOOST_REQUIRE_MESSAGE(t.has_value(), "bad time in XML: " << text);
  return *t + shift;
}

std::optional<std::string> xml_field(const std::string& block, const std::string& outer,
                                     const std::string& inner) {
  std::regex re("<" + outer + ">\\s*<" + inner + "[^>]*>([^<]*)</" + inner + ">");
  std::smatch m;
  if (!std::regex_search(block, m, re)) return std::nullopt;
  return m[1].str();
}

struct Expected {
  std::string epc_hex;
  unsigned epc_bits = 0;
  std::uint16_t antenna = 0;
  std::optional<int> rssi;
  Micros first = 0, last = 0;
  std::uint32_t count = 1;
};

constexpr Micros kReceivedAt = 1111111111111111;

// The blocks <TAG ...>...</TAG> of `text`, in order (std::regex recursion overflows the stack
// on the 600 KB LTK decodes).
std::vector<std::string> blocks(const std::string& text, const std::string& tag) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  for (;;) {
    std::size_t a = text.find("<" + tag, pos);
    if (a == std::string::npos) return out;
    char after = text[a + tag.size() + 1];
    if (after != '>' && after != ' ' && after != '\n') {
      pos = a + 1;
      continue;
    }
    std::size_t b = text.find("</" + tag + ">", a);
    BOOST_REQUIRE_MESSAGE(b != std::string::npos, "unterminated <" << tag << "> in XML");
    out.push_back(text.substr(a, b - a));
    pos = b;
  }
}

// Every TagReportData of every RO_ACCESS_REPORT in an LTK XML decode, in order.
std::vector<std::vector<Expected>> expected_from_ltk_xml(std::string xml) {
  std::vector<std::vector<Expected>> reports;
  xml = std::regex_replace(xml, std::regex("llrp:"), "");
  for (const auto& report : blocks(xml, "RO_ACCESS_REPORT")) {
    std::vector<Expected> tags;
    for (const auto& b : blocks(report, "TagReportData")) {
      Expected e;
      std::smatch m;
      if (std::regex_search(b, m, std::regex("<EPCData>\\s*<EPC Count='(\\d+)'>([^<]*)</EPC>"))) {
        e.epc_bits = static_cast<unsigned>(std::stoul(m[1].str()));
        e.epc_hex = m[2].str();
      } else {
        auto epc = xml_field(b, "EPC_96", "EPC");
        BOOST_REQUIRE_MESSAGE(epc, "TagReportData without EPC in XML");
        e.epc_hex = *epc;
        e.epc_bits = 96;
      }
      for (auto& c : e.epc_hex) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (auto a = xml_field(b, "AntennaID", "AntennaID")) e.antenna = std::stoi(*a);
      if (auto p = xml_field(b, "PeakRSSI", "PeakRSSI")) e.rssi = std::stoi(*p);
      if (auto c = xml_field(b, "TagSeenCount", "TagCount")) e.count = std::stoul(*c);
      auto fu = xml_field(b, "FirstSeenTimestampUTC", "Microseconds");
      auto fp = xml_field(b, "FirstSeenTimestampUptime", "Microseconds");
      auto lu = xml_field(b, "LastSeenTimestampUTC", "Microseconds");
      auto lp = xml_field(b, "LastSeenTimestampUptime", "Microseconds");
      // The decoder is run with uptime_to_utc = 0, so an uptime maps to itself.
      e.first = fu ? parse_xml_time(*fu) : fp ? parse_xml_time(*fp) : kReceivedAt;
      e.last = lu ? parse_xml_time(*lu) : lp ? parse_xml_time(*lp) : e.first;
      tags.push_back(e);
    }
    reports.push_back(std::move(tags));
  }
  return reports;
}

void check_tag(const TagRead& got, const Expected& want) {
  BOOST_TEST(to_hex(got.epc) == want.epc_hex);
  BOOST_TEST(got.epc_bits == want.epc_bits);
  BOOST_TEST(got.antenna == want.antenna);
  BOOST_TEST(got.rssi_dbm.has_value() == want.rssi.has_value());
  if (got.rssi_dbm && want.rssi) BOOST_TEST(*got.rssi_dbm == static_cast<float>(*want.rssi));
  BOOST_TEST(got.first_seen == want.first);
  BOOST_TEST(got.last_seen == want.last);
  BOOST_TEST(got.seen_count == want.count);
  BOOST_TEST(got.reader == "dock-1");
}

void check_against_ltk(const std::string& bin, const std::string& xml) {
  Framed f = frame_all(read_bytes(llrp_dir() / "ltk" / bin), 4096);
  auto expected = expected_from_ltk_xml(read_text(llrp_dir() / "ltk" / xml));
  ReportContext ctx{"dock-1", kReceivedAt, Micros{0}};
  TagBatch batch;
  std::size_t k = 0;
  for (std::size_t i = 0; i < f.headers.size(); ++i) {
    if (f.headers[i].type != msg::kRoAccessReport) continue;
    BOOST_REQUIRE_LT(k, expected.size());
    batch.clear();
    auto st = decode_ro_access_report(f.bodies[i], ctx, batch);
    BOOST_REQUIRE_MESSAGE(st.ok(), why(st));
    BOOST_REQUIRE_EQUAL(batch.size(), expected[k].size());
    for (std::size_t t = 0; t < batch.size(); ++t) check_tag(batch[t], expected[k][t]);
    ++k;
  }
  BOOST_TEST(k == expected.size());
  BOOST_TEST(k > 0u);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(golden_files)

BOOST_AUTO_TEST_CASE(every_ltk_message_frames_and_walks) {
  // Message counts from testdata/README.md.
  const std::pair<const char*, std::size_t> files[] = {
      {"dx101_a.bin", 934}, {"dx101_b.bin", 24}, {"dx101_c.bin", 11}, {"dx101_e.bin", 750}};
  for (auto [name, count] : files) {
    BOOST_TEST_CONTEXT(name) {
      Bytes stream = read_bytes(llrp_dir() / "ltk" / name);
      Framed f = frame_all(stream, 65536);
      BOOST_TEST(f.headers.size() == count);
      for (std::size_t i = 0; i < f.headers.size(); ++i) {
        Message m{f.headers[i], f.bodies[i]};
        auto st = walk_message(m);
        BOOST_TEST(st.ok(), "message " << i << ": " << why(st));
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(split_and_coalesced_streams_frame_identically) {
  Bytes stream = read_bytes(llrp_dir() / "ltk" / "dx101_a.bin");
  Framed whole = frame_all(stream, stream.size());
  for (std::size_t chunk : {1u, 3u, 9u, 10u, 11u, 1460u}) {
    Framed split = frame_all(stream, chunk);
    BOOST_TEST_CONTEXT("chunk " << chunk) {
      BOOST_REQUIRE_EQUAL(split.headers.size(), whole.headers.size());
      BOOST_TEST((split.bodies == whole.bodies));
    }
  }
  // Messages of up to 1.4 MB reassembled from TCP-sized pieces.
  Bytes big = read_bytes(llrp_dir() / "ltk" / "dx101_c.bin");
  Framed c = frame_all(big, 1460);
  BOOST_REQUIRE_EQUAL(c.headers.size(), 11u);
  std::uint32_t longest = 0;
  for (const auto& h : c.headers) longest = std::max(longest, h.length);
  BOOST_TEST(longest > (1u << 20));
}

BOOST_AUTO_TEST_CASE(ltk_reports_decode_as_the_xml_says) {
  check_against_ltk("dx101_a.bin", "dx101_a.xml");
  check_against_ltk("dx101_b.bin", "dx101_b.xml");
  check_against_ltk("java_RO_ACCESS_REPORT.bin", "java_RO_ACCESS_REPORT.xml");
}

BOOST_AUTO_TEST_CASE(edgex_reports_decode_as_the_json_says) {
  int checked = 0;
  for (int i = 1; i <= 9; ++i) {
    auto stem = fmt::format("ROAccessReport-{:03d}", i);
    Bytes body = read_bytes(llrp_dir() / "edgex" / (stem + ".bytes"));
    auto json = boost::json::parse(read_text(llrp_dir() / "edgex" / (stem + ".json")));
    Framed f = frame_all(wrap(msg::kRoAccessReport, body), 4096);
    BOOST_REQUIRE_EQUAL(f.headers.size(), 1u);
    TagBatch batch;
    auto st = decode_ro_access_report(f.bodies[0], {"dock-1", kReceivedAt, std::nullopt}, batch);
    BOOST_REQUIRE_MESSAGE(st.ok(), why(st));
    const auto& tags = json.at("TagReportData").as_array();
    BOOST_REQUIRE_EQUAL(batch.size(), tags.size());
    for (std::size_t t = 0; t < tags.size(); ++t) {
      const auto& j = tags[t].as_object();
      Expected e;
      e.epc_hex = to_hex(from_base64(j.at("EPC96").at("EPC").as_string()));
      e.epc_bits = 96;
      e.antenna = static_cast<std::uint16_t>(j.at("AntennaID").to_number<int>());
      e.rssi = j.at("PeakRSSI").to_number<int>();
      e.first = j.at("FirstSeenUTC").to_number<Micros>();
      e.last = j.at("LastSeenUTC").is_null() ? e.first : j.at("LastSeenUTC").to_number<Micros>();
      if (!j.at("TagSeenCount").is_null()) e.count = j.at("TagSeenCount").to_number<unsigned>();
      check_tag(batch[t], e);
      ++checked;
    }
  }
  BOOST_TEST(checked == 9);
}

BOOST_AUTO_TEST_CASE(edgex_event_status_and_capabilities) {
  auto dir = llrp_dir() / "edgex";
  auto ev_json = boost::json::parse(read_text(dir / "ReaderEventNotification-000.json"));
  auto ev = decode_reader_event(read_bytes(dir / "ReaderEventNotification-000.bytes"));
  BOOST_REQUIRE_MESSAGE(ev.ok(), why(ev));
  const auto& data = ev_json.at("ReaderEventNotificationData");
  BOOST_TEST(ev->connection_close == !data.at("ConnectionCloseEvent").is_null());
  BOOST_TEST(ev->connection_attempt.has_value() == !data.at("ConnectionAttemptEvent").is_null());
  BOOST_TEST(ev->utc.value_or(-1) == data.at("UTCTimestamp").to_number<Micros>());

  auto close_json = boost::json::parse(read_text(dir / "CloseConnectionResponse-000.json"));
  auto st = decode_status(read_bytes(dir / "CloseConnectionResponse-000.bytes"));
  BOOST_REQUIRE_MESSAGE(st.ok(), why(st));
  BOOST_TEST(st->code == close_json.at("LLRPStatus").at("Status").to_number<int>());
  BOOST_TEST(st->description == close_json.at("LLRPStatus").at("ErrorDescription").as_string());

  auto caps_json = boost::json::parse(read_text(dir / "GetReaderCapabilitiesResponse-000.json"));
  auto caps = decode_capabilities(read_bytes(dir / "GetReaderCapabilitiesResponse-000.bytes"));
  BOOST_REQUIRE_MESSAGE(caps.ok(), why(caps));
  BOOST_REQUIRE(caps->general.has_value());
  const auto& g = caps_json.at("GeneralDeviceCapabilities");
  BOOST_TEST(caps->status.ok());
  BOOST_TEST(caps->general->max_antennas == g.at("MaxSupportedAntennas").to_number<int>());
  BOOST_TEST(caps->general->has_utc_clock == g.at("HasUTCClock").as_bool());
  BOOST_TEST(caps->general->manufacturer == g.at("DeviceManufacturer").to_number<unsigned>());
  BOOST_TEST(caps->general->model == g.at("Model").to_number<unsigned>());
  BOOST_TEST(caps->general->firmware == g.at("FirmwareVersion").as_string());

  // Every EdgeX body, wrapped in its header, walks cleanly too.
  const std::pair<const char*, std::uint16_t> bodies[] = {
      {"GetReaderCapabilitiesResponse-000", msg::kGetReaderCapabilitiesResponse},
      {"GetReaderConfigResponse-000", msg::kGetReaderConfigResponse},
      {"GetROSpecsResponse-000", msg::kGetRospecsResponse},
      {"GetAccessSpecsResponse-000", 54},
      {"CloseConnectionResponse-000", msg::kCloseConnectionResponse},
      {"ReaderEventNotification-000", msg::kReaderEventNotification}};
  for (auto [stem, type] : bodies) {
    Framed f = frame_all(wrap(type, read_bytes(dir / (std::string(stem) + ".bytes"))), 4096);
    BOOST_REQUIRE_EQUAL(f.headers.size(), 1u);
    auto w = walk_message({f.headers[0], f.bodies[0]});
    BOOST_TEST(w.ok(), stem << ": " << why(w));
  }
}

BOOST_AUTO_TEST_CASE(sllurp_impinj_stream_and_messages) {
  auto dir = llrp_dir() / "sllurp";
  Framed f = frame_all(from_hex(read_text(dir / "sllurp_ro_access.hex")), 100);
  BOOST_REQUIRE_EQUAL(f.headers.size(), 45u);  // testdata/README.md
  TagBatch batch;
  for (std::size_t i = 0; i < f.headers.size(); ++i) {
    BOOST_TEST(f.headers[i].type == msg::kRoAccessReport);
    auto st = decode_ro_access_report(f.bodies[i], {"dock-1", kReceivedAt, std::nullopt}, batch);
    BOOST_REQUIRE_MESSAGE(st.ok(), why(st));
  }
  BOOST_REQUIRE_EQUAL(batch.size(), 45u);
  for (const auto& t : batch.view()) {
    // Every Impinj report carries PeakRSSI and a UTC first-seen time.
    BOOST_TEST(t.rssi_dbm.has_value());
    BOOST_TEST(t.first_seen != kReceivedAt);
    BOOST_TEST(t.epc.size() * 8 == t.epc_bits);
  }
  // The exact values are compared with Wireshark's dissector in llrp_tshark_test.

  Framed ren = frame_all(from_hex(read_text(dir / "sllurp_ren.hex")), 7);
  BOOST_REQUIRE_EQUAL(ren.headers.size(), 1u);
  auto ev = decode_reader_event(ren.bodies[0]);
  BOOST_REQUIRE_MESSAGE(ev.ok(), why(ev));
  BOOST_TEST(ev->connection_attempt.value_or(99) == 0);
  BOOST_TEST(ev->utc.has_value());

  Framed cfg = frame_all(from_hex(read_text(dir / "sllurp_get_reader_config_resp.hex")), 1460);
  BOOST_REQUIRE_EQUAL(cfg.headers.size(), 1u);
  BOOST_TEST(walk_message({cfg.headers[0], cfg.bodies[0]}).ok());
  BOOST_TEST(decode_status(cfg.bodies[0]).ok());

  Framed caps = frame_all(read_bytes(dir / "caps.dat"), 1460);
  BOOST_REQUIRE_EQUAL(caps.headers.size(), 1u);
  auto c = decode_capabilities(caps.bodies[0]);
  BOOST_REQUIRE_MESSAGE(c.ok(), why(c));
  BOOST_REQUIRE(c->general.has_value());
  BOOST_TEST(c->general->manufacturer == 25882u);        // Impinj, PROTOCOLS.md §1.4
  BOOST_TEST(c->general->firmware.find("4.8.3") == 0u);  // "Impinj fw 4.8.3.240"
}

BOOST_AUTO_TEST_CASE(timestamps_fall_back_from_utc_to_uptime_to_arrival) {
  // TagReportData{EPC-96, FirstSeenTimestampUptime 5000}, then the same with UTC 7000 too.
  Bytes uptime_only = from_hex("00f0001a8d3000abcdef000000000000038300000000000013 88");
  Bytes both = from_hex("00f000238d3000abcdef00000000000003830000000000001388820000000000001b58");
  TagBatch batch;
  BOOST_REQUIRE(decode_ro_access_report(uptime_only, {"r", 99, Micros{1000000}}, batch).ok());
  BOOST_REQUIRE(decode_ro_access_report(uptime_only, {"r", 99, std::nullopt}, batch).ok());
  BOOST_REQUIRE(decode_ro_access_report(both, {"r", 99, Micros{1000000}}, batch).ok());
  BOOST_REQUIRE_EQUAL(batch.size(), 3u);
  BOOST_TEST(batch[0].first_seen == 1005000);  // uptime + offset learned from the reader
  BOOST_TEST(batch[0].last_seen == 1005000);
  BOOST_TEST(batch[1].first_seen == 99);    // no clock mapping: arrival time
  BOOST_TEST(batch[2].first_seen == 7000);  // UTC wins
  BOOST_TEST(batch[0].seen_count == 1u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(bad_input)

std::string framing_error(const Bytes& bytes, std::size_t max = kDefaultMaxMessage) {
  FrameSplitter splitter(max);
  splitter.append(bytes);
  Message m;
  auto r = splitter.next(m);
  if (r.ok()) return *r ? "message" : "need more";
  // Once failed, the stream stays failed.
  BOOST_TEST(!splitter.next(m).ok());
  return r.error().message;
}

BOOST_AUTO_TEST_CASE(garbage_short_and_oversized_headers_are_refused) {
  BOOST_TEST(framing_error(from_hex("474554202f20485454502f312e310d0a")).find("reserved bits") !=
             std::string::npos);  // "GET / HTTP/1.1"
  BOOST_TEST(framing_error(from_hex("1c3e0000000a00000001")).find("version 7") !=
             std::string::npos);
  BOOST_TEST(framing_error(from_hex("043e0000000500000001")).find("length 5 is below") !=
             std::string::npos);
  // 4 GiB claimed: refused from the header alone, nothing allocated for it.
  std::string huge = framing_error(from_hex("043dffffffff00000001"));
  BOOST_TEST(huge.find("exceeds") != std::string::npos);
  BOOST_TEST(framing_error(from_hex("043d0000100100000001"), 4096).find("4096-byte limit") !=
             std::string::npos);
  BOOST_TEST(framing_error(from_hex("043e0000000a000000")) == "need more");
  BOOST_TEST(framing_error(from_hex("043d0000001400000001")) == "need more");
}

BOOST_AUTO_TEST_CASE(oversized_length_does_not_grow_the_buffer) {
  FrameSplitter splitter(1 << 20);
  splitter.append(from_hex("043d7fffffff00000001"));
  Message m;
  BOOST_TEST(!splitter.next(m).ok());
  // The splitter never grew toward 2 GiB: a fresh prepare still hands out a small area.
  BOOST_TEST(splitter.prepare(16).size() < (1u << 20));
}

std::string report_error(const std::string& body_hex) {
  TagBatch batch;
  batch.add();  // an earlier read that a failed report must not disturb
  auto st = decode_ro_access_report(from_hex(body_hex), {"r", 1, std::nullopt}, batch);
  if (!st.ok()) BOOST_TEST(batch.size() == 1u);
  return st.ok() ? "ok" : st.error().message;
}

BOOST_AUTO_TEST_CASE(malformed_reports_are_refused_without_side_effects) {
  // Good: TagReportData{EPC-96, AntennaID 1, PeakRSSI -48}.
  BOOST_TEST(report_error("00f000168d3000abcdef00000000000003810001 86d0") == "ok");
  BOOST_TEST(report_error("00f000178d3000abcdef00000000000003810001 86d0") != "ok");  // overruns
  BOOST_TEST(report_error("00f000138d3000abcdef000000000000038100").find("truncated") !=
             std::string::npos);
  BOOST_TEST(report_error("00f000168d3000abcdef00000000000003810001 e5d0").find("unknown TV") !=
             std::string::npos);
  BOOST_TEST(report_error("00f00009810001 86d0").find("without EPC") != std::string::npos);
  BOOST_TEST(report_error("00f0000a 00f100060061").find("bits do not fit") != std::string::npos);
  BOOST_TEST(report_error("00f00003").find("length 3") != std::string::npos);
  BOOST_TEST(report_error("00f0").find("truncated") != std::string::npos);
  // Unknown and vendor TLVs are skipped by their length.
  BOOST_TEST(report_error("03ff000c0000651a00000001 00f000168d3000abcdef00000000000003810001 86d0 "
                          "00f0001b 03ff000a0000651a0000 8d3000abcdef000000000000 04") == "ok");
}

BOOST_AUTO_TEST_CASE(malformed_events_and_statuses_are_refused) {
  BOOST_TEST(!decode_reader_event(from_hex("")).ok());
  BOOST_TEST(!decode_reader_event(from_hex("00f6000a01000006")).ok());
  BOOST_TEST(!decode_reader_event(from_hex("00f60008 01000004")).ok());  // status missing
  BOOST_TEST(!decode_status(from_hex("011f0008 0000 0009")).ok());       // description overruns
  BOOST_TEST(!decode_status(from_hex("00f00004")).ok());                 // no LLRPStatus
  auto st = decode_status(from_hex("011f0019 006d 0009 6e6f2073756368204f 0121000800b100c9"));
  BOOST_REQUIRE(st.ok());
  BOOST_TEST(st->to_string() ==
             "status 109 (UnsupportedMessage): no such O [parameter 177 error 201]");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_CASE(client_messages_frame_and_walk) {
  Bytes out;
  encode_get_reader_capabilities(out, 1);
  encode_set_reader_config(out, 2, 10000);
  encode_delete_rospec(out, 3, 0);
  encode_add_rospec(out, 4, RospecParams{1, {1, 2}, 1});
  encode_add_rospec(out, 5, RospecParams{});
  encode_enable_rospec(out, 6, 1);
  encode_start_rospec(out, 7, 1);
  encode_stop_rospec(out, 8, 1);
  encode_keepalive_ack(out, 9);
  encode_close_connection(out, 10);
  Framed f = frame_all(out, 5);
  const std::uint16_t types[] = {1, 3, 21, 20, 20, 24, 22, 23, 72, 14};
  BOOST_REQUIRE_EQUAL(f.headers.size(), std::size(types));
  for (std::size_t i = 0; i < f.headers.size(); ++i) {
    BOOST_TEST(f.headers[i].type == types[i]);
    BOOST_TEST(f.headers[i].id == i + 1);
    BOOST_TEST(f.headers[i].version == 1);
    BOOST_TEST(walk_message({f.headers[i], f.bodies[i]}).ok());
  }
  // Section 2 of PROTOCOLS.md spells out these two byte for byte.
  Bytes ack, close;
  encode_keepalive_ack(ack, 0x65);
  encode_close_connection(close, 9);
  BOOST_TEST(to_hex(ack) == "04480000000a00000065");
  BOOST_TEST(to_hex(close) == "040e0000000a00000009");
}
