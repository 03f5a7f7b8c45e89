// Opening the database: created on first use, migrated, and a foreign or newer file is
// refused without a single byte changing.
#define BOOST_TEST_MODULE store
#include "inventory/store/store.h"

#include <sqlite3.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "inventory/catalog/catalog.h"
#include "inventory/store/config.h"
#include "inventory/store/schema.h"
#include "inventory/store/store_database.h"
#include "tests/support/raw_sql.h"
#include "tests/support/temp_dir.h"

using namespace rfinv;
using namespace rfinv::inventory;

namespace {

std::string contents(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_new_file_is_created_in_wal_mode_at_the_current_schema) {
  test::TempDir dir;
  auto path = dir.file("new.db");
  {
    auto store = Store::open(path, inventory::schema());
    BOOST_REQUIRE(store.ok());
    {
      // Handles end before the write below: a statement mid-result would hold up its COMMIT.
      auto st = database_of(**store).prepare("PRAGMA journal_mode");
      BOOST_REQUIRE(st.step());
      BOOST_TEST(st.text(0) == "wal");
      auto v = database_of(**store).prepare("PRAGMA user_version");
      BOOST_REQUIRE(v.step());
      BOOST_TEST(v.int64(0) == std::int64_t(schema().steps.size()));
    }
    auto added = add_dept(**store, "OPS", "Operations");
    BOOST_REQUIRE_MESSAGE(added.ok(), (added.ok() ? "" : added.error().message));
  }
  auto again = Store::open(
      path, inventory::schema());  // reopening keeps the data and migrates nothing twice
  BOOST_REQUIRE(again.ok());
  auto depts = list_depts(**again);
  BOOST_REQUIRE(depts.ok());
  BOOST_TEST(depts->size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_file_that_is_not_sqlite_is_refused_untouched) {
  test::TempDir dir;
  auto path = dir.file("notes.txt");
  std::ofstream(path) << "shopping list: gloves, masks\n";
  auto before = contents(path);
  auto store = Store::open(path, inventory::schema());
  BOOST_REQUIRE(!store.ok());
  BOOST_TEST(store.error().message.find("not an rfinv database") != std::string::npos);
  BOOST_TEST(contents(path) == before);
  BOOST_TEST(!std::filesystem::exists(path + "-wal"));
}

BOOST_AUTO_TEST_CASE(another_applications_sqlite_file_is_refused_untouched) {
  test::TempDir dir;
  auto path = dir.file("other.db");
  test::raw_exec(path, "CREATE TABLE contacts(name TEXT); INSERT INTO contacts VALUES ('ann');");
  auto before = contents(path);
  auto store = Store::open(path, inventory::schema());
  BOOST_REQUIRE(!store.ok());
  BOOST_TEST(store.error().message.find("not an rfinv database") != std::string::npos);
  BOOST_TEST(contents(path) == before);
}

BOOST_AUTO_TEST_CASE(a_database_from_a_newer_version_is_refused_untouched) {
  test::TempDir dir;
  auto path = dir.file("newer.db");
  { BOOST_REQUIRE(Store::open(path, inventory::schema()).ok()); }
  test::raw_exec(path, "PRAGMA journal_mode=DELETE; PRAGMA user_version=999;");
  auto before = contents(path);
  auto store = Store::open(path, inventory::schema());
  BOOST_REQUIRE(!store.ok());
  BOOST_TEST(store.error().message.find("newer rfinv") != std::string::npos);
  BOOST_TEST((store.error().code == Errc::unsupported));
  BOOST_TEST(contents(path) == before);
}

BOOST_AUTO_TEST_CASE(a_directory_is_refused_with_a_clear_error) {
  test::TempDir dir;
  auto store = Store::open(dir.path().string(), inventory::schema());
  BOOST_REQUIRE(!store.ok());
  BOOST_TEST(store.error().message.find("is a directory") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(commits_are_synced_in_full_unless_the_node_chose_synchronous_normal) {
  test::TempDir dir;
  auto path = dir.file("sync.db");
  auto synchronous = [&] {
    auto store = Store::open(path, inventory::schema());
    BOOST_REQUIRE(store.ok());
    auto st = database_of(**store).prepare("PRAGMA synchronous");
    BOOST_REQUIRE(st.step());
    return st.int64(0);  // 1: NORMAL, 2: FULL
  };
  BOOST_TEST(synchronous() == 2);
  {
    auto store = Store::open(path, inventory::schema());
    BOOST_REQUIRE(store.ok());
    BOOST_TEST(!set_config(**store, "database.synchronous", "off").ok());
    BOOST_TEST(set_config(**store, "database.synchronous", "normal").ok());
  }
  BOOST_TEST(synchronous() == 1);
  {
    auto store = Store::open(path, inventory::schema());
    BOOST_REQUIRE(store.ok());
    BOOST_TEST(set_config(**store, "database.synchronous", "full").ok());
  }
  BOOST_TEST(synchronous() == 2);
}
