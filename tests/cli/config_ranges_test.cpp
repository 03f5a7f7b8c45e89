// Configuration values edited into the database by hand, past `rfinv config set`'s checks,
// are refused when read (exit 2, naming the key and how to fix it), never used out of range.
#define BOOST_TEST_MODULE config_ranges
#include <boost/test/unit_test.hpp>

#include "tests/support/cli_db.h"
#include "tests/support/raw_sql.h"

using namespace rfinv::test;

namespace {

struct Cli : CliDb {
  void hand_edit(const std::string& key, const std::string& value) {
    raw_exec(db, "INSERT INTO config(key, value) VALUES ('" + key + "', '" + value +
                     "') ON CONFLICT(key) DO UPDATE SET value = excluded.value");
  }
};

}  // namespace

BOOST_FIXTURE_TEST_CASE(hand_edited_config_values_out_of_range_are_refused_when_read, Cli) {
  ok({"config", "set", "alert.timeout_seconds", "20"});
  // set refuses these; a hand edit gets them in all the same.
  BOOST_TEST(run({"config", "set", "alert.timeout_seconds", "-5"}).exit_code == 2);
  struct Case {
    const char* key;
    const char* value;
  };
  for (auto [key, value] :
       {Case{"alert.timeout_seconds", "-5"}, Case{"alert.retry_seconds", "9223372036854775807"},
        Case{"asset.idle_days", "0"}, Case{"asset.auto_publish", "yes"}}) {
    hand_edit(key, value);
    auto got = run({"config", "get", key});
    BOOST_TEST(got.exit_code == 2, key << " = " << value << " was read: " << got.out);
    BOOST_TEST(got.err.find(std::string("configuration ") + key + " holds '" + value + "'") !=
                   std::string::npos,
               got.err);
  }
  // The alert delivery that reads the timeout and retry refuses too, instead of using them.
  auto deliver = run({"alerts", "deliver"});
  BOOST_TEST(deliver.exit_code == 2, deliver.err);
  BOOST_TEST(deliver.err.find("alert.timeout_seconds") != std::string::npos, deliver.err);
  // The running service says so at start instead of delivering nothing without a word.
  auto service = run({"run", "--until-idle"});
  BOOST_TEST(
      (service.out + service.err).find("alert notices will not be delivered") != std::string::npos,
      service.out << service.err);
  // Set again properly, it reads back.
  ok({"config", "set", "alert.timeout_seconds", "30"});
  auto fixed = run({"config", "get", "alert.timeout_seconds"});
  BOOST_TEST(fixed.exit_code == 0);
  BOOST_TEST(fixed.out.find("30") != std::string::npos);
}
