// A node database written before the schema was split into areas (the demo database of
// commit 7e9b3b0, kept as a dump) opens unchanged and keeps working, an older one migrates,
// and the steps the areas compose now create exactly the schema the old code created.
#define BOOST_TEST_MODULE node_database_compat
#include <sqlite3.h>

#include <boost/test/unit_test.hpp>
#include <fstream>
#include <set>
#include <sstream>
#include <tuple>

#include "inventory/alerts/alerts.h"
#include "inventory/ledger/ledger.h"
#include "inventory/store/store.h"
#include "sync/node/node_schema.h"
#include "tests/support/raw_sql.h"
#include "tests/support/temp_dir.h"

using namespace rfinv;

namespace {

const std::string kFixture =
    std::string(RFINV_SOURCE_DIR) + "/tests/sync/fixtures/node_v5_demo.sql";

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  BOOST_REQUIRE_MESSAGE(in, "cannot read " << path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

using SchemaRow = std::tuple<std::string, std::string, std::string, std::string>;

// Every table, index and trigger with its CREATE text: what the migrations made.
std::set<SchemaRow> schema_rows(const std::string& path) {
  sqlite3* db = nullptr;
  BOOST_REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  BOOST_REQUIRE(
      sqlite3_prepare_v2(db,
                         "SELECT type, name, tbl_name, ifnull(sql, '') FROM sqlite_schema "
                         "WHERE name NOT LIKE 'sqlite_%'",
                         -1, &st, nullptr) == SQLITE_OK);
  std::set<SchemaRow> rows;
  auto text = [&](int i) {
    return std::string(reinterpret_cast<const char*>(sqlite3_column_text(st, i)));
  };
  while (sqlite3_step(st) == SQLITE_ROW) rows.emplace(text(0), text(1), text(2), text(3));
  sqlite3_finalize(st);
  sqlite3_close(db);
  return rows;
}

std::int64_t pragma(const std::string& path, const std::string& name) {
  sqlite3* db = nullptr;
  BOOST_REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  BOOST_REQUIRE(sqlite3_prepare_v2(db, ("PRAGMA " + name).c_str(), -1, &st, nullptr) == SQLITE_OK);
  BOOST_REQUIRE(sqlite3_step(st) == SQLITE_ROW);
  std::int64_t v = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  sqlite3_close(db);
  return v;
}

// The rows of the parts added after version 5 (the fixture's): 6, the auth tables.
std::set<SchemaRow> without_later_parts(const std::set<SchemaRow>& rows) {
  std::set<SchemaRow> out;
  for (const auto& row : rows)
    if (std::get<2>(row).rfind("auth_", 0) != 0) out.insert(row);
  return out;
}

std::set<SchemaRow> fresh_node_schema(const test::TempDir& dir) {
  auto path = dir.file("fresh.db");
  BOOST_REQUIRE(inventory::Store::open(path, sync::node_schema()).ok());
  return schema_rows(path);
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_composed_steps_create_the_schema_the_old_code_created) {
  test::TempDir dir;
  auto old = dir.file("old.db");
  test::raw_exec(old, read_file(kFixture));
  auto expected = schema_rows(old);
  BOOST_TEST(expected.size() > 40u);  // the fixture really holds the whole schema
  BOOST_TEST(pragma(dir.file("old.db"), "user_version") == 5);
  auto fresh = fresh_node_schema(dir);
  BOOST_TEST((without_later_parts(fresh) == expected));
  BOOST_TEST(pragma(dir.file("fresh.db"), "user_version") ==
             std::int64_t(sync::node_schema().steps.size()));
}

BOOST_AUTO_TEST_CASE(a_database_written_by_the_old_code_opens_and_keeps_working) {
  test::TempDir dir;
  auto path = dir.file("old.db");
  test::raw_exec(path, read_file(kFixture));
  auto before = schema_rows(path);
  auto store = inventory::Store::open(path, sync::node_schema());
  BOOST_REQUIRE_MESSAGE(store.ok(), (store.ok() ? "" : store.error().message));
  // What version 5 made stays as it was; the later parts are added beside it.
  BOOST_TEST((without_later_parts(schema_rows(path)) == before));
  BOOST_TEST((schema_rows(path) == fresh_node_schema(dir)));

  // The demo's end of day: GLOVE-L 2 on SHELF-A, MASK-FFP2 1 on SHELF-A and 5 on SHELF-B.
  auto stock = inventory::stock_levels(**store, {});
  BOOST_REQUIRE(stock.ok());
  std::set<std::tuple<std::string, std::string, std::int64_t>> lines;
  for (const auto& l : *stock)
    if (l.qty != 0) lines.emplace(l.sku, l.location, l.qty);
  BOOST_TEST(
      (lines ==
       std::set<std::tuple<std::string, std::string, std::int64_t>>{
           {"GLOVE-L", "SHELF-A", 2}, {"MASK-FFP2", "SHELF-A", 1}, {"MASK-FFP2", "SHELF-B", 5}}));
  auto alerts = inventory::list_alerts(**store, false);
  BOOST_REQUIRE(alerts.ok());
  BOOST_TEST(alerts->size() == 1u);

  // New movements append to the old ledger and move its alert on.
  inventory::MovementRequest issue;
  issue.kind = inventory::MovementKind::issue;
  issue.sku = "GLOVE-L";
  issue.qty = 2;
  issue.from = "SHELF-A";
  issue.actor = "test";
  issue.key = "compat-1";
  auto posted = inventory::post_movement(**store, issue);
  BOOST_REQUIRE_MESSAGE(posted.ok(), (posted.ok() ? "" : posted.error().message));
  BOOST_TEST(posted->id == 42);  // the demo wrote movements 1..41
  auto after = inventory::stock_levels(**store, {.sku = "GLOVE-L"});
  BOOST_REQUIRE(after.ok());
  for (const auto& l : *after) BOOST_TEST(l.qty == 0, l.location << " still holds " << l.qty);
}

BOOST_AUTO_TEST_CASE(a_database_from_before_the_pool_migrates_to_the_node_schema) {
  test::TempDir dir;
  auto path = dir.file("v4.db");
  test::raw_exec(path, read_file(kFixture));
  // What a node database was at version 4: the same, without the pool sync tables.
  test::raw_exec(path,
                 "DROP TABLE sync_settings; DROP TABLE sync_outbox; DROP TABLE sync_applied; "
                 "DROP TABLE pool_asset; DROP TABLE pool_offer; DROP TABLE pool_request; "
                 "DROP TABLE pool_alert; PRAGMA user_version=4;");
  auto store = inventory::Store::open(path, sync::node_schema());
  BOOST_REQUIRE_MESSAGE(store.ok(), (store.ok() ? "" : store.error().message));
  BOOST_TEST(pragma(path, "user_version") == std::int64_t(sync::node_schema().steps.size()));
  BOOST_TEST((schema_rows(path) == fresh_node_schema(dir)));
}
