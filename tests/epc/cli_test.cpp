// End to end: the real rfinv binary decoding, encoding, commissioning and assigning tags.
#define BOOST_TEST_MODULE epc_cli
#include <sqlite3.h>

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>
#include <sstream>

#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

using namespace rfinv::test;
namespace json = boost::json;

namespace {

struct Node {
  TempDir dir;
  std::string db = dir.file("node.db");

  ProcessResult run(std::vector<std::string> args, const std::string& stdin_text = "") {
    args.insert(args.begin(), {"--db", db});
    ProcessOptions options;
    options.stdin_text = stdin_text;
    options.timeout = std::chrono::seconds(30);
    return run_rfinv(args, options);
  }

  ProcessResult ok(std::vector<std::string> args) {
    auto r = run(args);
    BOOST_REQUIRE_MESSAGE(r.exit_code == 0, "rfinv failed: " + r.err);
    return r;
  }

  void sql(const std::string& text) {
    sqlite3* h = nullptr;
    BOOST_REQUIRE(sqlite3_open(db.c_str(), &h) == SQLITE_OK);
    BOOST_REQUIRE(sqlite3_exec(h, text.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(h);
  }
};

std::vector<json::object> json_lines(const std::string& out) {
  std::vector<json::object> objects;
  std::istringstream in(out);
  std::string line;
  while (std::getline(in, line))
    if (!line.empty()) objects.push_back(json::parse(line).as_object());
  return objects;
}

std::vector<std::string> lines(const std::string& out) {
  std::vector<std::string> result;
  std::istringstream in(out);
  std::string line;
  while (std::getline(in, line))
    if (!line.empty()) result.push_back(line);
  return result;
}

}  // namespace

BOOST_AUTO_TEST_CASE(decode_prints_every_key_per_input_as_json_lines) {
  Node node;
  auto r = node.run({"--json", "tag", "decode", "3074257bf7194e4000001a85",
                     "3174257BF4499602D2000000", "E2003098881900722140369E"});
  BOOST_TEST(r.exit_code == 0, r.err);
  auto objects = json_lines(r.out);
  BOOST_REQUIRE(objects.size() == 3u);
  const json::object expected = {{"hex", "3074257BF7194E4000001A85"},
                                 {"scheme", "sgtin-96"},
                                 {"filter", 3},
                                 {"partition", 5},
                                 {"company_prefix", "0614141"},
                                 {"reference", "812345"},
                                 {"serial", "6789"},
                                 {"tag_uri", "urn:epc:tag:sgtin-96:3.0614141.812345.6789"},
                                 {"pure_uri", "urn:epc:id:sgtin:0614141.812345.6789"},
                                 {"gs1_key", "80614141123458"},
                                 {"gs1_element_string", "(01)80614141123458(21)6789"}};
  BOOST_TEST(json::serialize(objects[0]) == json::serialize(expected));
  BOOST_TEST(objects[1].at("scheme") == "sscc-96");
  BOOST_TEST(!objects[1].contains("serial"));
  BOOST_TEST(objects[1].at("gs1_key") == "106141412345678908");
  BOOST_TEST(objects[2].at("scheme") == "raw");
  BOOST_TEST(objects[2].at("tag_uri") == "urn:epc:raw:96.xE2003098881900722140369E");
}

BOOST_AUTO_TEST_CASE(decode_reads_stdin_and_fails_when_any_input_fails) {
  Node node;
  auto r = node.run({"tag", "decode", "--json"},
                    "3074257BF7194E4000001A85\n\n  307C257BF7194E4000001A85 \nnot-hex\n"
                    "3074257BF7194E4000001A\n");
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(r.err.find("3 EPCs could not be decoded") != std::string::npos, r.err);
  auto objects = json_lines(r.out);
  BOOST_REQUIRE(objects.size() == 4u);
  BOOST_TEST(objects[0].at("scheme") == "sgtin-96");
  BOOST_TEST(objects[1].at("hex") == "307C257BF7194E4000001A85");
  BOOST_TEST(std::string(objects[1].at("error").as_string()).find("partition value 7") !=
             std::string::npos);
  BOOST_TEST(std::string(objects[2].at("error").as_string()).find("'n' at position 1") !=
             std::string::npos);
  BOOST_TEST(std::string(objects[3].at("error").as_string()).find("11 bytes given") !=
             std::string::npos);
  // The human form names the fields too.
  auto human = node.run({"tag", "decode", "3074257BF7194E4000001A85"});
  BOOST_TEST(human.exit_code == 0);
  BOOST_TEST(human.out.find("gs1_element_string  (01)80614141123458(21)6789") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(encode_turns_uris_and_gtins_into_hex) {
  Node node;
  auto r = node.ok({"tag", "encode", "urn:epc:tag:sgtin-96:3.0614141.812345.6789",
                    "urn:epc:id:sscc:0614141.1234567890", "--filter", "3"});
  BOOST_TEST(lines(r.out) ==
             (std::vector<std::string>{"3074257BF7194E4000001A85", "3174257BF4499602D2000000"}));
  auto longer = node.ok({"tag", "encode", "urn:epc:id:sgtin:0614141.812345.6789", "--filter", "3",
                         "--scheme", "sgtin-198"});
  BOOST_TEST(lines(longer.out).at(0).substr(0, 2) == "36");
  auto gtin = node.ok({"tag", "encode", "--gtin", "80614141123458", "--serial", "6789", "--filter",
                       "3", "--prefix-length", "7"});
  BOOST_TEST(lines(gtin.out) == (std::vector<std::string>{"3074257BF7194E4000001A85"}));
  // Without --prefix-length the registered prefix decides (none in a new database).
  node.ok({"dept", "add", "OPS"});
  auto none = node.run({"tag", "encode", "--gtin", "80614141123458", "--serial", "6789"});
  BOOST_TEST(none.exit_code == 3);
  BOOST_TEST(none.err.find("no registered company prefix") != std::string::npos, none.err);
  node.ok({"config", "prefix", "add", "0614141"});
  auto registered = node.ok(
      {"--json", "tag", "encode", "--gtin", "80614141123458", "--serial", "6789", "--filter", "3"});
  BOOST_TEST(json_lines(registered.out).at(0).at("hex") == "3074257BF7194E4000001A85");
  auto bad_check = node.run({"tag", "encode", "--gtin", "80614141123459", "--serial", "1"});
  BOOST_TEST(bad_check.exit_code == 2);
  BOOST_TEST(bad_check.err.find("check digit is 9, it should be 8") != std::string::npos,
             bad_check.err);
  auto bad_uri = node.run({"tag", "encode", "urn:epc:tag:sgtin-96:3.0614141.812345.6789",
                           "urn:epc:tag:sgtin-96:3.0614141.8123456.6789"});
  BOOST_TEST(bad_uri.exit_code == 2);
  BOOST_TEST(lines(bad_uri.out).size() == 1u);
  BOOST_TEST(bad_uri.err.find("item reference '8123456' has 7 digits") != std::string::npos,
             bad_uri.err);
}

BOOST_AUTO_TEST_CASE(prefixes_commissioning_unknown_tags_and_assignment) {
  Node node;
  node.ok({"config", "prefix", "add", "0614141"});
  auto dup = node.run({"config", "prefix", "add", "0614141"});
  BOOST_TEST(dup.exit_code == 4);
  auto listed = node.ok({"--json", "config", "prefix", "list"});
  BOOST_TEST(json::serialize(json::parse(listed.out)) ==
             R"([{"company_prefix":"0614141","digits":7}])");
  node.ok({"item", "add", "WIDGET", "--name", "Widget", "--gtin", "80614141123458"});

  auto first = node.ok({"--json", "tag", "commission", "--sku", "WIDGET", "--count", "3"});
  auto tags = json::parse(first.out).as_array();
  BOOST_REQUIRE(tags.size() == 3u);
  BOOST_TEST(tags[0].at("tag_uri") == "urn:epc:tag:sgtin-96:1.0614141.812345.1");
  auto second = node.ok({"tag", "commission", "--sku", "WIDGET", "--count", "2"});
  auto hexes = lines(second.out);
  BOOST_REQUIRE(hexes.size() == 2u);
  auto decoded = json_lines(node.ok({"--json", "tag", "decode", hexes[0], hexes[1]}).out);
  BOOST_TEST(decoded[0].at("serial") == "4");
  BOOST_TEST(decoded[1].at("serial") == "5");
  BOOST_TEST(decoded[1].at("gs1_key") == "80614141123458");

  auto giai = node.ok({"--json", "tag", "commission", "--giai", "--count", "1"});
  BOOST_TEST(json::parse(giai.out).as_array().at(0).at("tag_uri") ==
             "urn:epc:tag:giai-96:0.0614141.1");
  auto neither = node.run({"tag", "commission", "--count", "1"});
  BOOST_TEST(neither.exit_code == 2);

  // The read pipeline records unknown tags; here one is written as it would be.
  node.sql(
      "INSERT INTO tag_unknown(epc, first_seen, last_seen, reader, seen_count) VALUES "
      "('3474257BF400000000BC6038', 1700000000000000, 1700000060000000, 'dock-door', 4)");
  auto unknown = json::parse(node.ok({"--json", "tag", "unknown"}).out).as_array();
  BOOST_REQUIRE(unknown.size() == 1u);
  BOOST_TEST(unknown[0].at("epc") == "3474257BF400000000BC6038");
  BOOST_TEST(unknown[0].at("seen_count") == 4);
  BOOST_TEST(unknown[0].at("tag_uri") == "urn:epc:tag:giai-96:3.0614141.12345400");
  auto assigned = node.ok({"tag", "assign", "3474257BF400000000BC6038", "--asset", "FORKLIFT-2"});
  BOOST_TEST(assigned.out.find("new asset registered") != std::string::npos);
  BOOST_TEST(json::parse(node.ok({"--json", "tag", "unknown"}).out).as_array().empty());
  auto clash = node.run({"tag", "assign", "3474257BF400000000BC6038", "--asset", "OTHER"});
  BOOST_TEST(clash.exit_code == 4);
  BOOST_TEST(clash.err.find("belongs to asset FORKLIFT-2") != std::string::npos, clash.err);
  node.ok({"config", "prefix", "remove", "0614141"});
  BOOST_TEST(node.run({"config", "prefix", "remove", "0614141"}).exit_code == 3);
}
