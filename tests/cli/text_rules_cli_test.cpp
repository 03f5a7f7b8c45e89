// End-to-end: the rule for text from outside (base/text.h) where a user meets it, through the
// real rfinv binary: command-line arguments and CSV cells that are not UTF-8, hold control
// characters (terminal escapes) or pass their cap are refused and nothing is written, so
// `--json` output always stays valid JSON.
#define BOOST_TEST_MODULE text_rules_cli
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include "tests/support/cli_db.h"

using namespace rfinv::test;
namespace json = boost::json;

namespace {

struct Cli : CliDb {
  Cli() { ok({"location", "add", "WH"}); }
  std::string csv(const std::string& text) { return write("items.csv", text); }
};

}  // namespace

BOOST_FIXTURE_TEST_CASE(a_terminal_escape_in_an_argument_is_refused_and_never_echoed, Cli) {
  auto err = refused({"item", "add", "GLOVE", "--name", "\x1b[2J\x1b[31mGloves"}, 2);
  BOOST_CHECK_MESSAGE(err.find("contains the control character U+001B") != std::string::npos, err);
  BOOST_CHECK(err.find('\x1b') == std::string::npos);
  // Also where the argument would only have been looked up and named in an error.
  auto lookup = refused({"stock", "--sku", "\x1b]0;pwned\x07"}, 2);
  BOOST_CHECK(lookup.find('\x1b') == std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(invalid_utf8_is_refused_from_arguments_and_csv_cells, Cli) {
  auto err = refused({"item", "add", "GLOVE", "--name", "Gants \xE9t\xE9"}, 2);  // Latin-1 bytes
  BOOST_CHECK_MESSAGE(err.find("is not valid UTF-8 (byte 0xE9") != std::string::npos, err);

  auto file = csv("sku,name,unit\nGLOVE,Gloves,box\nMASK,Masque \xE0 gaz,each\n");
  auto csv_err = refused({"item", "import", file}, 2);
  BOOST_CHECK_MESSAGE(csv_err.find("line 3, column name") != std::string::npos, csv_err);
  BOOST_CHECK_MESSAGE(csv_err.find("not valid UTF-8") != std::string::npos, csv_err);
  // Nothing half-imported, and the listing is JSON a parser takes.
  BOOST_CHECK(json::parse(ok({"item", "list", "--json"})).as_array().empty());
}

BOOST_FIXTURE_TEST_CASE(every_text_field_has_a_cap_counted_in_characters, Cli) {
  auto err = refused({"item", "add", "GLOVE", "--name", std::string(201, 'x')}, 2);
  BOOST_CHECK_MESSAGE(
      err.find("item name has 201 characters; at most 200 are allowed") != std::string::npos, err);
  // 200 two-byte characters are 200 characters, not 400.
  std::string accents;
  for (int i = 0; i < 200; ++i) accents += "\xC3\xA9";
  ok({"item", "add", "GLOVE", "--name", accents});
  // No argument at all may be 100,000 characters long, whatever it is for.
  auto huge =
      refused({"adjust", "GLOVE", "1", "--at", "WH", "--reason", std::string(100'000, 'r')}, 2);
  BOOST_CHECK_MESSAGE(huge.find("at most 4096") != std::string::npos, huge);
  // A CSV cell is held to the same caps as the option.
  auto csv_err =
      refused({"item", "import", csv("sku,name\nMASK," + std::string(201, 'm') + "\n")}, 2);
  BOOST_CHECK_MESSAGE(
      csv_err.find("line 2, column name: item name has 201 characters; at most 200") !=
          std::string::npos,
      csv_err);
  auto huge_cell =
      refused({"item", "import", csv("sku,name\nHUGE," + std::string(100'000, 'h') + "\n")}, 2);
  BOOST_CHECK_MESSAGE(
      huge_cell.find("line 2, column name: name has 100000 characters") != std::string::npos,
      huge_cell);
  auto long_sku = refused({"item", "add", std::string(65, 'S'), "--name", "x"}, 2);
  BOOST_CHECK_MESSAGE(long_sku.find("at most 64") != std::string::npos, long_sku);
}
