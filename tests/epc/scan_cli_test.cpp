// End to end: the real rfinv binary reading GS1 barcodes (`rfinv scan`) and TDS 2.x "+" tags
// (`rfinv tag encode --gs1`, `rfinv tag decode`).
#define BOOST_TEST_MODULE epc_scan_cli
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>
#include <sstream>

#include "tests/support/cli_db.h"

using namespace rfinv::test;
namespace json = boost::json;

namespace {

// Options that give a command `text` on its standard input.
ProcessOptions with_stdin(const std::string& text) {
  ProcessOptions options;
  options.stdin_text = text;
  return options;
}

struct Node : CliDb {
  // A catalogue with a lot-tracked kind of glove and a department with a tagged asset.
  void setup() {
    ok({"item", "add", "GLOVE-L", "--name", "Nitrile gloves L", "--gtin", "09506000134352"});
    ok({"dept", "add", "OPS", "--name", "Operations"});
    ok({"asset", "register", "PUMP-1", "--epc", "urn:epc:tag:giai-96:3.0614141.5678", "--dept",
        "OPS"});
  }
};

json::object one_json(const std::string& out) {
  std::istringstream in(out);
  std::string line;
  std::getline(in, line);
  return json::parse(line).as_object();
}

std::string str(const json::value& v) { return std::string(v.as_string().c_str()); }

}  // namespace

BOOST_AUTO_TEST_CASE(scan_names_the_item_its_lot_and_expiry) {
  Node node;
  node.setup();
  auto r = node.ok({"scan", "(01)09506000134352(17)270131(10)ABC123"});
  BOOST_TEST(r.find("(17) USE BY or EXPIRY") != std::string::npos, r);
  BOOST_TEST(r.find("2027-01-31 (270131)") != std::string::npos, r);
  BOOST_TEST(r.find("GLOVE-L (Nitrile gloves L)") != std::string::npos, r);
  BOOST_TEST(
      r.find("https://id.gs1.org/01/09506000134352/10/ABC123?17=270131") != std::string::npos, r);

  auto j = one_json(
      node.ok({"--json", "scan", "https://id.gs1.org/01/09506000134352/10/ABC123?17=270131"}));
  BOOST_TEST(str(j.at("syntax")) == "digital link");
  BOOST_TEST(str(j.at("gtin")) == "09506000134352");
  BOOST_TEST(str(j.at("lot")) == "ABC123");
  BOOST_TEST(str(j.at("expiry")) == "2027-01-31");
  BOOST_TEST(str(j.at("item").at("sku")) == "GLOVE-L");
  BOOST_TEST(str(j.at("element_string")) == "(01)09506000134352(10)ABC123(17)270131");
  BOOST_TEST(j.at("elements").as_array().size() == 3u);
  BOOST_TEST(str(j.at("elements").as_array()[2].at("date")) == "2027-01-31");
}

BOOST_AUTO_TEST_CASE(scan_reads_raw_data_with_gs_from_stdin) {
  Node node;
  node.setup();
  auto j = one_json(node.ok({"--json", "scan"}, with_stdin("]d2010950600013435217270131\x1d"
                                                           "10ABC123\x1d"
                                                           "21XYZ\r\n")));
  BOOST_TEST(str(j.at("symbology")) == "]d2");
  BOOST_TEST(str(j.at("serial")) == "XYZ");
  BOOST_TEST(str(j.at("lot")) == "ABC123");
  BOOST_TEST(str(j.at("raw")) ==
             "010950600013435217270131"
             "10ABC123\x1d"
             "21XYZ");
}

BOOST_AUTO_TEST_CASE(scan_of_a_valid_barcode_that_matches_nothing_says_so_and_succeeds) {
  Node node;
  node.setup();
  auto r = node.ok({"scan", "(01)09520123456788(10)X"});
  BOOST_TEST(r.find("no item has GTIN 09520123456788") != std::string::npos, r);
  auto j = one_json(node.ok({"--json", "scan", "(8004)0614141999"}));
  BOOST_TEST(j.at("asset").is_null());
  BOOST_TEST(str(j.at("misses").as_array()[0]) == "no asset has the GIAI 0614141999");
}

BOOST_AUTO_TEST_CASE(scan_finds_the_asset_of_a_giai) {
  Node node;
  node.setup();
  auto j = one_json(node.ok({"--json", "scan", "(8004)06141415678"}));
  BOOST_TEST(str(j.at("asset").at("code")) == "PUMP-1");
  BOOST_TEST(str(j.at("asset").at("dept")) == "OPS");
}

BOOST_AUTO_TEST_CASE(bad_barcodes_exit_2_naming_the_ai) {
  Node node;
  node.setup();
  node.refused({"scan", "(01)09506000134353(10)A"}, 2,
               "(01) 09506000134353: the check digit is 3, it should be 2");
  auto date = node.run({"--json", "scan", "(01)09506000134352(17)270230"});
  BOOST_TEST(date.exit_code == 2);
  BOOST_TEST(date.out.empty());
  auto err = json::parse(date.err).as_object();
  BOOST_TEST(str(err.at("code")) == "invalid_argument");
  BOOST_TEST(str(err.at("error")).find("February 2027 has no day 30") != std::string::npos);
  node.refused({"scan", "https://id.gs1.org/01/09506000134352/21/X/10/Y"}, 2,
               "(10) must come before (21)");
  node.refused({"scan", "(01)09506000134352(999)X"}, 2, "unknown AI (999)");
  // From standard input, a missing GS after the lot; the control character is not echoed.
  auto raw = node.run({"scan"}, with_stdin("]d20109506000134352"
                                           "10ABC123456789012"
                                           "17270131\x07"
                                           "\n"));
  BOOST_TEST(raw.exit_code == 2);
  BOOST_TEST(raw.err.find("(10) runs to") != std::string::npos, raw.err);
  BOOST_TEST(raw.err.find('\x07') == std::string::npos);
}

BOOST_AUTO_TEST_CASE(tag_decode_of_a_dsgtin_plus_shows_its_element_string_lot_and_expiry) {
  Node node;
  auto enc = node.ok({"tag", "encode", "--scheme", "dsgtin+", "--filter", "1", "--gs1",
                      "(01)09506000134352(21)S1(17)270131(10)ABC123"});
  std::string hex = enc.substr(0, enc.find('\n'));
  BOOST_TEST(hex.substr(0, 2) == "FB");
  auto j = one_json(node.ok({"--json", "tag", "decode", hex}));
  BOOST_TEST(str(j.at("scheme")) == "dsgtin+");
  BOOST_TEST(j.at("filter").as_int64() == 1);
  BOOST_TEST(str(j.at("gs1_element_string")) == "(01)09506000134352(21)S1(17)270131(10)ABC123");
  BOOST_TEST(str(j.at("gs1_key")) == "09506000134352");
  BOOST_TEST(str(j.at("serial")) == "S1");
  BOOST_TEST(str(j.at("lot")) == "ABC123");
  BOOST_TEST(str(j.at("expiry")) == "2027-01-31");
  BOOST_TEST(str(j.at("pure_uri")) == "https://id.gs1.org/01/09506000134352/21/S1");
  BOOST_TEST(j.at("gs1_elements").as_array().size() == 4u);
  auto human = node.ok({"tag", "decode", hex});
  BOOST_TEST(human.find("gs1_element_string  (01)09506000134352(21)S1(17)270131(10)ABC123") !=
                 std::string::npos,
             human);
  // The standard's own DSGTIN+ example (TDS 2.3 Annex E.3), padded to 16-bit words.
  auto example =
      one_json(node.ok({"--json", "tag", "decode", "FB342CDE795211411234538566CB0AFC4000"}));
  BOOST_TEST(str(example.at("gs1_element_string")) == "(01)79521141123453(21)32a/b(17)220630");
}

BOOST_AUTO_TEST_CASE(tag_encode_gs1_refuses_what_a_plus_scheme_cannot_carry) {
  Node node;
  auto no_scheme = node.run({"tag", "encode", "--gs1", "(01)09506000134352(21)1"});
  BOOST_TEST(no_scheme.exit_code == 2);
  BOOST_TEST(no_scheme.err.find("--gs1 needs --scheme") != std::string::npos, no_scheme.err);
  auto no_serial = node.run({"tag", "encode", "--scheme", "sgtin+", "--gs1", "(01)09506000134352"});
  BOOST_TEST(no_serial.exit_code == 2);
  BOOST_TEST(no_serial.err.find("sgtin+: it needs (01) and (21)") != std::string::npos,
             no_serial.err);
}
