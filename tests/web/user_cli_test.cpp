// rfinv user add|list|passwd|disable|token through the binary.
#define BOOST_TEST_MODULE user_cli
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>
#include <fstream>

#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

using namespace rfinv::test;
namespace json = boost::json;

namespace {

struct Cli {
  TempDir dir;
  std::string db = dir.file("node.db");
  ProcessResult run(std::vector<std::string> args, const std::string& stdin_text = "") {
    args.insert(args.begin(), {"--db", db});
    ProcessOptions options;
    options.stdin_text = stdin_text;
    return run_rfinv(args, options);
  }
};

}  // namespace

BOOST_AUTO_TEST_CASE(users_are_added_listed_and_disabled_without_their_passwords_in_the_file) {
  Cli cli;
  std::ofstream(cli.dir.file("pw")) << "correct horse battery\n";
  BOOST_REQUIRE_EQUAL(cli.run({"dept", "add", "WARD-A", "--name", "Ward A"}).exit_code, 0);
  auto added = cli.run({"user", "add", "ana", "--role", "manager", "--dept", "WARD-A",
                        "--password-file", cli.dir.file("pw")});
  BOOST_REQUIRE_MESSAGE(added.exit_code == 0, added.err);
  BOOST_CHECK_EQUAL(added.out, "user ana added (manager)\n");
  BOOST_CHECK_EQUAL(
      cli.run({"user", "add", "bo", "--role", "viewer"}, "stdin password\n").exit_code, 0);

  auto listed = cli.run({"--json", "user", "list"});
  BOOST_REQUIRE_EQUAL(listed.exit_code, 0);
  auto users = json::parse(listed.out).as_array();
  BOOST_REQUIRE_EQUAL(users.size(), 2u);
  BOOST_CHECK_EQUAL(users[0].at("name").as_string(), "ana");
  BOOST_CHECK_EQUAL(users[0].at("dept").as_string(), "WARD-A");
  BOOST_CHECK_EQUAL(users[1].at("role").as_string(), "viewer");

  BOOST_CHECK_EQUAL(cli.run({"user", "disable", "bo"}).exit_code, 0);
  users = json::parse(cli.run({"--json", "user", "list"}).out).as_array();
  BOOST_CHECK_EQUAL(users[1].at("disabled").as_bool(), true);
  // A disabled user gets no token.
  BOOST_CHECK_EQUAL(cli.run({"user", "token", "bo"}).exit_code, 4);

  // Only the scrypt hash is stored: the password's text is nowhere in the file.
  std::ifstream in(cli.db, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), {});
  BOOST_CHECK(bytes.find("correct horse battery") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(bad_user_input_is_refused_with_the_right_exit_code) {
  Cli cli;
  BOOST_CHECK_EQUAL(cli.run({"user", "add", "x", "--role", "king"}, "long enough pw\n").exit_code,
                    2);
  BOOST_CHECK_EQUAL(cli.run({"user", "add", "x", "--role", "viewer"}, "short\n").exit_code, 2);
  BOOST_CHECK_EQUAL(
      cli.run({"user", "add", "x", "--role", "manager"}, "long enough pw\n").exit_code, 2);
  BOOST_CHECK_EQUAL(
      cli.run({"user", "add", "x", "--role", "manager", "--dept", "NOPE"}, "long enough pw\n")
          .exit_code,
      3);
  BOOST_CHECK_EQUAL(cli.run({"user", "add", "x", "--role", "viewer"}, "long enough pw\n").exit_code,
                    0);
  BOOST_CHECK_EQUAL(cli.run({"user", "add", "x", "--role", "viewer"}, "long enough pw\n").exit_code,
                    4);
  BOOST_CHECK_EQUAL(cli.run({"user", "passwd", "nobody"}, "long enough pw\n").exit_code, 3);
  BOOST_CHECK_EQUAL(cli.run({"user", "passwd", "x"}, "another long pw\n").exit_code, 0);
}

BOOST_AUTO_TEST_CASE(a_token_is_printed_once_and_differs_each_time) {
  Cli cli;
  BOOST_REQUIRE_EQUAL(
      cli.run({"user", "add", "k", "--role", "storekeeper"}, "long enough pw\n").exit_code, 0);
  auto first = cli.run({"user", "token", "k"});
  auto second = cli.run({"user", "token", "k"});
  BOOST_REQUIRE_EQUAL(first.exit_code, 0);
  BOOST_CHECK_EQUAL(first.out.substr(0, 6), "rfinv_");
  BOOST_CHECK_EQUAL(first.out.size(), 6 + 64 + 1u);
  BOOST_CHECK_NE(first.out, second.out);
}
