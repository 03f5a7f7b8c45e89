// How the hub finds a bearer token: by its lookup key, then one PBKDF2 check, whatever the
// number of departments; and hub databases from before lookup keys keep working.
#define BOOST_TEST_MODULE hub_tokens
#include <boost/test/unit_test.hpp>
#include <memory>
#include <string>

#include "sync/hub/hub_store.h"
#include "sync/protocol/crypto.h"
#include "tests/support/raw_sql.h"
#include "tests/support/temp_dir.h"

using namespace rfinv;

namespace {

std::unique_ptr<sync::Hub> open_hub(const test::TempDir& dir) {
  auto opened = sync::Hub::open(dir.path().string());
  BOOST_REQUIRE(opened.ok());
  return std::move(*opened);
}

// PBKDF2 runs one authenticate() call costs.
std::uint64_t hashes_for(sync::Hub& hub, const std::string& token) {
  auto before = sync::token_hash_runs();
  (void)hub.authenticate(token);
  return sync::token_hash_runs() - before;
}

}  // namespace

BOOST_AUTO_TEST_CASE(an_unknown_token_costs_one_hash_whatever_the_department_count) {
  test::TempDir dir;
  auto hub = open_hub(dir);
  BOOST_REQUIRE(hub->reset_admin_token().ok());
  std::string last;
  for (int i = 0; i < 40; ++i) {
    auto token = hub->add_dept("D" + std::to_string(i));
    BOOST_REQUIRE(token.ok());
    last = *token;
  }
  const std::string unknown(64, 'f');
  BOOST_TEST(hashes_for(*hub, unknown) == 1u);
  BOOST_TEST(hashes_for(*hub, unknown) == 1u);  // refusals are not cached
  auto refused = hub->authenticate(unknown);
  BOOST_REQUIRE(!refused.ok());
  BOOST_TEST(int(refused.error().code) == int(Errc::unauthorized));
  BOOST_TEST(hashes_for(*hub, last) == 1u);  // a known token: one check, then cached
  auto caller = hub->authenticate(last);
  BOOST_REQUIRE(caller.ok());
  BOOST_TEST(caller->dept == "D39");
}

BOOST_AUTO_TEST_CASE(tokens_stored_before_lookup_keys_still_work_and_gain_one_when_used) {
  test::TempDir dir;
  std::string admin, ops;
  {
    auto hub = open_hub(dir);
    admin = *hub->reset_admin_token();
    ops = *hub->add_dept("OPS");
    BOOST_REQUIRE(hub->add_dept("LAB").ok());
  }
  // As a hub from before left its rows: hashes without lookup keys.
  test::raw_exec(dir.file("hub.db"),
                 "UPDATE dept SET lookup = NULL; UPDATE admin SET lookup = NULL");
  {
    auto hub = open_hub(dir);
    auto caller = hub->authenticate(ops);
    BOOST_REQUIRE(caller.ok());
    BOOST_TEST(caller->dept == "OPS");
    auto as_admin = hub->authenticate(admin);
    BOOST_REQUIRE(as_admin.ok());
    BOOST_TEST(as_admin->admin());
  }
  // Reopened (nothing cached), the used tokens are found by key: one check each.
  auto hub = open_hub(dir);
  BOOST_TEST(hashes_for(*hub, ops) == 1u);
  BOOST_TEST(hashes_for(*hub, admin) == 1u);
  BOOST_TEST(!hub->authenticate(std::string(64, '0')).ok());
}
