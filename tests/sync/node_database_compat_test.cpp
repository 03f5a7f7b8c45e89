// A node database written before the schema was split into areas (the demo database of
// commit 7e9b3b0, kept as a dump) migrates and keeps working, an older one migrates too,
// and the steps the areas compose now create exactly the schema the old code created.
#define BOOST_TEST_MODULE node_database_compat
#include <sqlite3.h>

#include <boost/test/unit_test.hpp>
#include <fstream>
#include <set>
#include <sstream>
#include <tuple>

#include "inventory/alerts/alerts.h"
#include "inventory/catalog/catalog.h"
#include "inventory/ledger/holds.h"
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

// The schema the composed steps create, all of them or the first `steps` only.
std::set<SchemaRow> fresh_node_schema(const test::TempDir& dir, std::size_t steps = 0) {
  auto schema = sync::node_schema();
  if (steps) schema.steps.resize(steps);
  auto path = dir.file("fresh-" + std::to_string(schema.steps.size()) + ".db");
  BOOST_REQUIRE(inventory::Store::open(path, schema).ok());
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
  // The first five steps make what the old code made; later steps are new parts.
  BOOST_TEST((fresh_node_schema(dir, 5) == expected));
  fresh_node_schema(dir);
  auto steps = sync::node_schema().steps.size();
  BOOST_TEST(pragma(dir.file("fresh-" + std::to_string(steps) + ".db"), "user_version") ==
             std::int64_t(steps));
}

BOOST_AUTO_TEST_CASE(a_database_written_by_the_old_code_opens_and_keeps_working) {
  test::TempDir dir;
  auto path = dir.file("old.db");
  test::raw_exec(path, read_file(kFixture));
  auto store = inventory::Store::open(path, sync::node_schema());
  BOOST_REQUIRE_MESSAGE(store.ok(), (store.ok() ? "" : store.error().message));
  BOOST_TEST((schema_rows(path) == fresh_node_schema(dir)));  // migrated to the current schema

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

// Version 14 gave holds a lot. A hold placed before (a requisition's pick, a pool offer) names
// none and keeps holding units of the item's free stock at its location, whatever their lot,
// until it is drawn or released.
BOOST_AUTO_TEST_CASE(a_hold_placed_before_version_14_keeps_holding_the_items_free_stock) {
  test::TempDir dir;
  auto path = dir.file("v13.db");
  auto v13 = sync::node_schema();
  v13.steps.resize(13);
  {
    auto store = inventory::Store::open(path, v13);
    BOOST_REQUIRE(store.ok());
    BOOST_REQUIRE(inventory::add_location(**store, {.code = "A-01"}).ok());
    inventory::ItemFields syringe;
    syringe.name = "Syringe";
    syringe.lot_tracked = true;
    BOOST_REQUIRE(inventory::add_item(**store, "SYR", syringe).ok());
  }
  // Two receipts of 5, in the rows version 13 wrote (today's ledger reads the holds' lots, a
  // column version 13 does not have).
  test::raw_exec(
      path,
      "INSERT INTO lot(item_id, code, created_at) SELECT id, code, 1 FROM item, "
      "(SELECT 'L1' AS code UNION ALL SELECT 'L2') WHERE sku = 'SYR'; "
      "INSERT INTO lot_stock(item_id, location_id, lot_id, qty) SELECT lot.item_id, "
      "location.id, lot.id, 5 FROM lot, location; "
      "INSERT INTO stock(item_id, location_id, qty) SELECT item.id, location.id, 10 FROM item, "
      "location; "
      "UPDATE item SET on_hand = 10;");
  test::raw_exec(path,
                 "INSERT INTO stock_hold(hold_key, item_id, location_id, qty) SELECT "
                 "'requisition:1:SYR:L1', i.id, l.id, 6 FROM item i, location l WHERE "
                 "i.sku = 'SYR' AND l.code = 'A-01'");
  auto store = inventory::Store::open(path, sync::node_schema());
  BOOST_REQUIRE_MESSAGE(store.ok(), (store.ok() ? "" : store.error().message));
  BOOST_TEST(pragma(path, "user_version") == 14);
  BOOST_TEST(*inventory::available_stock(**store, "SYR", "A-01", std::nullopt) == 4);
  inventory::MovementRequest issue{.kind = inventory::MovementKind::issue,
                                   .sku = "SYR",
                                   .qty = 5,
                                   .from = "A-01",
                                   .actor = "test"};
  auto refused = inventory::post_movement(**store, issue);
  BOOST_REQUIRE(!refused.ok());
  BOOST_TEST(refused.error().message.find("only 4 each of SYR available at A-01 (5 requested; 6 "
                                          "more are held") != std::string::npos,
             refused.error().message);
  // The hold gives its units to the movement that names it, from any lot, first expiry first.
  issue.qty = 10;
  issue.hold = "requisition:1:SYR:L1";
  auto drawn = inventory::post_movement(**store, issue);
  BOOST_REQUIRE_MESSAGE(drawn.ok(), (drawn.ok() ? "" : drawn.error().message));
  BOOST_TEST(drawn->lots.size() == 2u);
  BOOST_TEST(*inventory::available_stock(**store, "SYR", "A-01", std::nullopt) == 0);
}
