#define BOOST_TEST_MODULE sim_scenario
#include "drivers/sim/internal/scenario.h"

#include <boost/test/unit_test.hpp>
#include <set>
#include <string>

#include "drivers/sim/internal/read_generator.h"

using namespace rfinv;
using namespace rfinv::drivers;
using namespace rfinv::drivers::sim;

namespace {

std::string hex(const EpcBytes& epc) {
  std::string out;
  for (auto b : epc) out += fmt::format("{:02X}", b);
  return out;
}

std::string scenario_file(const char* name) { return std::string(RFINV_SCENARIO_DIR) + "/" + name; }

// A valid minimal scenario with `patch` spliced in as extra top-level fields or replacing
// the sections named in it.
std::string minimal(std::string antennas = R"([{"id": 1}])",
                    std::string tags = R"([{"group": "g", "epc": "30340000000000000000AAAA"}])",
                    std::string passes = R"([{"tags": "g", "antenna": 1, "at": 0, "duration": 1}])",
                    std::string extra = "") {
  return fmt::format(R"({{ {} "antennas": {}, "tags": {}, "passes": {} }})", extra, antennas, tags,
                     passes);
}

}  // namespace

BOOST_AUTO_TEST_CASE(sgtin96_matches_the_tag_data_standard_example) {
  // GS1 EPC TDS: urn:epc:tag:sgtin-96:3.0614141.812345.6789 = 3074257BF7194E4000001A85.
  auto epc = encode_sgtin96(3, "0614141", "812345", 6789);
  BOOST_TEST_REQUIRE(epc.ok());
  BOOST_TEST(hex(*epc) == "3074257BF7194E4000001A85");
}

BOOST_AUTO_TEST_CASE(sgtin96_refuses_bad_parts) {
  BOOST_TEST(!encode_sgtin96(1, "06141", "8123456", 1).ok());   // prefix too short
  BOOST_TEST(!encode_sgtin96(1, "0614141", "81234", 1).ok());   // digits do not add to 13
  BOOST_TEST(!encode_sgtin96(1, "06141x1", "812345", 1).ok());  // not digits
  BOOST_TEST(!encode_sgtin96(1, "0614141", "812345", 1ull << 38).ok());
  BOOST_TEST(!encode_sgtin96(8, "0614141", "812345", 1).ok());
}

BOOST_AUTO_TEST_CASE(the_dock_door_scenario_defines_a_pallet_of_200_cases) {
  auto s = load_scenario(scenario_file("dock_door_pallet.json"));
  BOOST_TEST_REQUIRE(s.ok(), (s.ok() ? "" : s.error().message));
  BOOST_TEST(s->tags.size() == 200u);
  BOOST_TEST(s->antennas.size() == 3u);
  BOOST_TEST(s->seed == 42u);
  BOOST_TEST(s->start.value() == parse_utc("2026-11-23T08:00:00Z").value());
  BOOST_TEST(s->duration == 10'000'000);
  std::set<std::string> epcs;
  for (std::uint64_t serial = 1000; serial < 1200; ++serial)
    epcs.insert(hex(encode_sgtin96(1, "0614141", "812345", serial).value()));
  std::set<std::string> defined;
  for (const auto& epc : s->tags) defined.insert(hex(epc));
  BOOST_TEST((defined == epcs));
}

BOOST_AUTO_TEST_CASE(the_shelf_scenario_defines_every_tag_form) {
  auto s = load_scenario(scenario_file("shelf_and_handheld.json"));
  BOOST_TEST_REQUIRE(s.ok(), (s.ok() ? "" : s.error().message));
  BOOST_TEST(s->tags.size() == 24u + 12u + 1u + 1u);
  // hex_range counts up from its first EPC.
  BOOST_TEST(hex(s->tags[24]) == "E2801160600002054E2D7000");
  BOOST_TEST(hex(s->tags[35]) == "E2801160600002054E2D700B");
  BOOST_TEST((s->groups.at("moved") == std::vector<std::uint32_t>{36}));
  BOOST_TEST(s->groups.at("shelf-a").size() == 24u);
}

BOOST_AUTO_TEST_CASE(duration_defaults_to_the_end_of_the_last_pass_including_stagger) {
  auto s = parse_scenario(minimal(
      R"([{"id": 1}])",
      R"([{"group": "g", "hex_range": {"first": "E200000000000000000000F1", "count": 10}}])",
      R"([{"tags": "g", "antenna": 1, "at": 2, "duration": 1.5, "stagger": 0.25}])"));
  BOOST_TEST_REQUIRE(s.ok(), (s.ok() ? "" : s.error().message));
  BOOST_TEST(s->duration == 2'000'000 + 9 * 250'000 + 1'500'000);
  BOOST_TEST(!s->start.has_value());
}

BOOST_AUTO_TEST_CASE(bad_scenarios_are_refused_naming_the_field) {
  struct Case {
    std::string json;
    const char* says;
  };
  const Case cases[] = {
      {"", "not valid JSON"},
      {"{\"antennas\": [", "not valid JSON"},
      {"[1, 2]", "(top level): must be an object"},
      {R"({"tags": [], "passes": []})", "scenario antennas: is required"},
      {minimal("[]"), "antennas: must be a non-empty array"},
      {minimal(R"([{"id": 0}])"), "antennas[0].id: must be from 1 to 65535"},
      {minimal(R"([{"id": 1}, {"id": 1}])"), "antennas[1].id: 1 is used twice"},
      {minimal(R"([{"id": 1, "read_rate": -3}])"), "antennas[0].read_rate: must be from"},
      {minimal(R"([{"id": 1, "miss_rate": 1.5}])"), "antennas[0].miss_rate: must be from"},
      {minimal(R"([{"id": 1, "read_rte": 3}])"), "antennas[0].read_rte: unknown field"},
      {minimal(R"([{"id": "one"}])"), "antennas[0].id: must be a whole number"},
      {minimal(R"([{"id": 1}])", R"([{"epc": "3034"}])"), "tags[0].group: is required"},
      {minimal(R"([{"id": 1}])", R"([{"group": "g"}])"), "tags[0]: needs exactly one of"},
      {minimal(R"([{"id": 1}])", R"([{"group": "g", "epc": "30ZZ"}])"),
       "tags[0].epc: EPC '30ZZ' has a non-hex character 'Z'"},
      {minimal(R"([{"id": 1}])", R"([{"group": "g", "epc": "303"}])"),
       "tags[0].epc: EPC '303' must be hex of whole 16-bit words"},
      {minimal(R"([{"id": 1}])", R"([{"group": "g", "epcs": ["3034", 7]}])"),
       "tags[0].epcs[1]: must be a hex string"},
      {minimal(R"([{"id": 1}])", R"([{"group": "g", "epcs": ["3034", "3034"]}])"),
       "tags[0]: EPC 3034 is defined twice (also in tags[0])"},
      {minimal(R"([{"id": 1}])",
               R"([{"group": "g", "epc": "30340000"},
                   {"group": "h", "hex_range": {"first": "3033FFFF", "count": 3}}])"),
       "tags[1]: EPC 30340000 is defined twice (also in tags[0])"},
      {minimal(R"([{"id": 1}])",
               R"([{"group": "g", "hex_range": {"first": "30340000", "count": 2000001}}])"),
       "tags[0].hex_range.count: must be from 1 to 2000000"},
      {minimal(R"([{"id": 1}])",
               R"([{"group": "g", "sgtin96": {"company_prefix": "061", "item_reference": "1"}}])"),
       "tags[0].sgtin96: SGTIN-96 company_prefix '061' must be 6 to 12 digits"},
      {minimal(R"([{"id": 1}])",
               R"([{"group": "g", "sgtin96": {"company_prefix": "0614141", "item_reference":
                   "812345", "count": 0}}])"),
       "tags[0].sgtin96.count: must be from 1"},
      {minimal(R"([{"id": 1}])",
               R"([{"group": "g", "hex_range": {"first": "FFFFFFFF", "count": 2}}])"),
       "tags[0].hex_range.count: runs the EPC past all ones"},
      {minimal(R"([{"id": 1}])", R"([{"id": 1}])", R"([{"tags": "g", "antenna": 1, "at": 0,
        "duration": 1}])"),
       "tags[0].group: is required"},
      {minimal(R"([{"id": 1}])", R"([{"group": "g", "epc": "3034"}])",
               R"([{"tags": "h", "antenna": 1, "at": 0, "duration": 1}])"),
       "passes[0].tags: no tag group named 'h'"},
      {minimal(R"([{"id": 1}])", R"([{"group": "g", "epc": "3034"}])",
               R"([{"tags": ["g", "x"], "antenna": 1, "at": 0, "duration": 1}])"),
       "passes[0].tags[1]: no tag group named 'x'"},
      {minimal(R"([{"id": 1}])", R"([{"group": "g", "epc": "3034"}])",
               R"([{"tags": "g", "antenna": 9, "at": 0, "duration": 1}])"),
       "passes[0].antenna: no antenna with id 9"},
      {minimal(R"([{"id": 1}])", R"([{"group": "g", "epc": "3034"}])",
               R"([{"tags": "g", "antenna": 1, "duration": 1}])"),
       "passes[0].at: is required"},
      {minimal(R"([{"id": 1}])", R"([{"group": "g", "epc": "3034"}])",
               R"([{"tags": "g", "antenna": 1, "at": 0, "duration": 0}])"),
       "passes[0].duration: must be from"},
      {minimal(R"([{"id": 1}])", R"([{"group": "g", "epc": "3034"}])",
               R"([{"tags": "g", "antenna": 1, "at": 0, "duration": 1, "speed": 2}])"),
       "passes[0].speed: unknown field"},
      {minimal(R"([{"id": 1}])", R"([{"group": "g", "epc": "3034"}])",
               R"([{"tags": "g", "antenna": 1, "at": 0, "duration": 1, "read_rate": 0}])"),
       "passes[0].read_rate: must be from"},
      {minimal("[{\"id\": 1}]", "[{\"group\": \"g\", \"epc\": \"3034\"}]",
               "[{\"tags\": \"g\", \"antenna\": 1, \"at\": 0, \"duration\": 1}]",
               "\"start\": \"yesterday\","),
       "scenario start: must be a UTC time"},
      {minimal("[{\"id\": 1}]", "[{\"group\": \"g\", \"epc\": \"3034\"}]",
               "[{\"tags\": \"g\", \"antenna\": 1, \"at\": 0, \"duration\": 1}]", "\"sede\": 3,"),
       "scenario sede: unknown field"},
      {minimal("[{\"id\": 1}]", "[{\"group\": \"g\", \"epc\": \"3034\"}]",
               "[{\"tags\": \"g\", \"antenna\": 1, \"at\": 0, \"duration\": 1}]",
               "\"report_interval\": 0,"),
       "scenario report_interval: must be from"},
  };
  for (const Case& c : cases) {
    auto s = parse_scenario(c.json);
    BOOST_TEST_CONTEXT("scenario " << c.json) {
      BOOST_TEST_REQUIRE(!s.ok());
      BOOST_TEST((s.error().code == Errc::invalid_argument));
      BOOST_TEST(s.error().message.find(c.says) != std::string::npos, s.error().message);
    }
  }
}

BOOST_AUTO_TEST_CASE(the_generator_ends_with_the_scenario_and_keeps_reads_inside_passes) {
  auto s = parse_scenario(minimal(
      R"([{"id": 4, "read_rate": 10, "rssi_mean": -50, "rssi_noise": 0}])",
      R"([{"group": "g", "epcs": ["3034000000000000000000A1", "3034000000000000000000A2"]}])",
      R"([{"tags": "g", "antenna": 4, "at": 0.5, "duration": 1, "stagger": 0.2}])",
      R"("duration": 3, "report_interval": 0.1,)"));
  BOOST_TEST_REQUIRE(s.ok(), (s.ok() ? "" : s.error().message));
  const Micros start = 1'000'000'000'000;
  ReadGenerator generator(*s, 5, "r", start);
  std::vector<TagRead> reads;
  int intervals = 0;
  while (intervals < 1000 && generator.next_interval(reads)) ++intervals;
  BOOST_TEST(intervals == 30);
  BOOST_TEST(generator.interval_end() == 3'000'000);
  // 10 reads a second for one second each, no misses.
  BOOST_TEST(reads.size() == 20u);
  for (std::size_t i = 0; i < reads.size(); ++i) {
    const TagRead& r = reads[i];
    bool first_tag = r.epc.back() == 0xA1;
    Micros enter = start + (first_tag ? 500'000 : 700'000);
    BOOST_TEST(r.first_seen >= enter);
    BOOST_TEST(r.first_seen < enter + 1'000'000);
    BOOST_TEST(r.antenna == 4);
    BOOST_TEST(r.rssi_dbm.value() == -50.0f);
    BOOST_TEST(r.reader == "r");
    BOOST_TEST(r.epc_bits == 96);
    if (i > 0) BOOST_TEST(reads[i - 1].first_seen <= r.first_seen);
  }
}
