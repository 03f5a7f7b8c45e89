// The SQLite layer's scope objects: statement handles that rewind themselves, savepoints, read
// transactions, one guarded() that keeps a failure's Errc, and schemas composed from parts.
#define BOOST_TEST_MODULE sql
#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "sql/database.h"
#include "sql/read_transaction.h"
#include "sql/schema.h"
#include "tests/support/temp_dir.h"

using namespace rfinv;

namespace {

struct Fixture {
  test::TempDir dir;
  std::unique_ptr<sql::Database> db = open();

  std::unique_ptr<sql::Database> open() {
    auto opened = sql::Database::open(dir.file("t.db"), sql::Access::read_write);
    BOOST_REQUIRE(opened.ok());
    auto d = std::move(*opened);
    d->exec("PRAGMA journal_mode=WAL; CREATE TABLE IF NOT EXISTS t(v INTEGER)");
    return d;
  }

  std::int64_t count() {
    auto st = db->prepare("SELECT count(*) FROM t");
    BOOST_REQUIRE(st.step());
    return st.int64(0);
  }
};

}  // namespace

BOOST_FIXTURE_TEST_CASE(preparing_sql_a_live_handle_is_stepping_gives_a_second_statement, Fixture) {
  for (int v : {1, 2, 3}) db->prepare("INSERT INTO t(v) VALUES (?)").bind(1, v).run();
  const char* kAll = "SELECT v FROM t ORDER BY v";
  std::vector<std::int64_t> outer, inner_counts;
  auto st = db->prepare(kAll);
  while (st.step()) {
    outer.push_back(st.int64(0));
    // The same text again while the outer loop is mid-result: it must not rewind the loop.
    auto again = db->prepare(kAll);
    std::int64_t n = 0;
    while (again.step()) ++n;
    inner_counts.push_back(n);
  }
  BOOST_TEST(outer == (std::vector<std::int64_t>{1, 2, 3}), boost::test_tools::per_element());
  BOOST_TEST(inner_counts == (std::vector<std::int64_t>{3, 3, 3}),
             boost::test_tools::per_element());
}

BOOST_FIXTURE_TEST_CASE(a_handle_left_mid_result_releases_its_snapshot_when_it_ends, Fixture) {
  db->prepare("INSERT INTO t(v) VALUES (1), (2)").run();
  {
    auto st = db->prepare("SELECT v FROM t");
    BOOST_REQUIRE(st.step());  // one row read, the statement stays mid-result in this scope
  }
  // Another connection writes; a write transaction here must see its commit, not fail on a
  // stale read snapshot ("database is locked").
  auto other = open();
  other->prepare("INSERT INTO t(v) VALUES (3)").run();
  sql::Transaction tx(*db);
  db->prepare("INSERT INTO t(v) VALUES (4)").run();
  tx.commit();
  BOOST_TEST(count() == 4);
}

BOOST_FIXTURE_TEST_CASE(a_finished_handle_can_be_bound_and_run_again, Fixture) {
  auto insert = db->prepare("INSERT INTO t(v) VALUES (?)");
  for (int v : {5, 6, 7}) insert.bind(1, v).run();
  auto sum = db->prepare("SELECT sum(v) FROM t WHERE v > ?");
  BOOST_REQUIRE(sum.bind(1, 5).step());
  BOOST_TEST(sum.int64(0) == 13);
}

BOOST_FIXTURE_TEST_CASE(a_savepoint_rolls_back_unless_released_and_the_transaction_goes_on,
                        Fixture) {
  sql::Transaction tx(*db);
  {
    sql::Savepoint kept(tx, "kept");
    db->prepare("INSERT INTO t(v) VALUES (1)").run();
    kept.release();
  }
  {
    sql::Savepoint dropped(tx, "dropped");
    db->prepare("INSERT INTO t(v) VALUES (2)").run();
  }
  db->prepare("INSERT INTO t(v) VALUES (3)").run();
  tx.commit();
  auto st = db->prepare("SELECT group_concat(v) FROM (SELECT v FROM t ORDER BY v)");
  BOOST_REQUIRE(st.step());
  BOOST_TEST(st.text(0) == "1,3");
}

BOOST_FIXTURE_TEST_CASE(a_transaction_not_committed_leaves_nothing, Fixture) {
  {
    sql::Transaction tx(*db);
    db->prepare("INSERT INTO t(v) VALUES (1)").run();
  }
  BOOST_TEST(count() == 0);
}

BOOST_FIXTURE_TEST_CASE(guarded_keeps_the_errc_of_a_refusal_and_calls_sqlite_failures_io, Fixture) {
  auto refused = sql::guarded("testing", [&]() -> Status {
    throw sql::DbError(make_error(Errc::refused, "only 0 box available"));
  });
  BOOST_REQUIRE(!refused.ok());
  BOOST_TEST(int(refused.error().code) == int(Errc::refused));
  BOOST_TEST(refused.error().message == "only 0 box available");

  auto failed = sql::guarded("testing", [&]() -> Status {
    db->prepare("SELECT * FROM no_such_table").run();
    return {};
  });
  BOOST_REQUIRE(!failed.ok());
  BOOST_TEST(int(failed.error().code) == int(Errc::io));
  BOOST_TEST(failed.error().message.find("testing: database error:") == 0u);
  BOOST_TEST(failed.error().message.find("no_such_table") != std::string::npos);

  auto corrupt = sql::guarded("testing", [&]() -> Status { throw std::out_of_range("bad field"); });
  BOOST_REQUIRE(!corrupt.ok());
  BOOST_TEST(int(corrupt.error().code) == int(Errc::corrupt));
}

BOOST_AUTO_TEST_CASE(composed_parts_join_per_version_in_area_order_and_stop_at_a_gap) {
  const sql::SchemaPart first[] = {{1, "CREATE TABLE a(x);"}, {2, "CREATE TABLE c(x);"}};
  const sql::SchemaPart second[] = {{1, "CREATE TABLE b(x);"}, {4, "CREATE TABLE d(x);"}};
  auto schema = sql::compose_schema("test", 7, {first, second});
  BOOST_TEST(schema.name == "test");
  BOOST_TEST(schema.application_id == 7);
  // Version 3 has no part, so version 4 is not claimed.
  BOOST_REQUIRE(schema.steps.size() == 2u);
  BOOST_TEST(schema.steps[0] == "CREATE TABLE a(x);CREATE TABLE b(x);");
  BOOST_TEST(schema.steps[1] == "CREATE TABLE c(x);");
}

// A write taken as an upgrade of an open read fails at once under contention (the busy
// timeout does not apply to upgrades), so it is refused every time, contention or not.
BOOST_FIXTURE_TEST_CASE(a_write_while_a_read_is_still_open_is_refused_every_time, Fixture) {
  db->prepare("INSERT INTO t(v) VALUES (1), (2)").run();
  auto reading = db->prepare("SELECT v FROM t");
  BOOST_REQUIRE(reading.step());
  auto upgrade = [&](auto&& write) {
    try {
      write();
    } catch (const sql::DbError& e) {
      BOOST_TEST(std::string(e.what()).find("finish the read first") != std::string::npos);
      return true;
    }
    return false;
  };
  BOOST_TEST(upgrade([&] { db->prepare("INSERT INTO t(v) VALUES (3)").run(); }));
  BOOST_TEST(upgrade([&] { sql::Transaction tx(*db); }));
  // Reads beside it are fine; once the read is finished, so are writes.
  BOOST_TEST(count() == 2);
  while (reading.step()) {
  }
  db->prepare("INSERT INTO t(v) VALUES (3)").run();
  sql::Transaction tx(*db);
  db->prepare("INSERT INTO t(v) VALUES (4)").run();
  tx.commit();
  BOOST_TEST(count() == 4);
}

BOOST_FIXTURE_TEST_CASE(reads_in_one_read_transaction_miss_writes_committed_meanwhile, Fixture) {
  auto writer = open();
  auto insert = [&] { writer->prepare("INSERT INTO t(v) VALUES (1)").run(); };
  // Outside a read transaction, each read sees the latest commit.
  insert();
  BOOST_TEST(count() == 1);
  insert();
  BOOST_TEST(count() == 2);
  {
    sql::ReadTransaction snapshot(*db);
    BOOST_TEST(count() == 2);
    insert();  // another connection commits; the open read does not block it
    BOOST_TEST(count() == 2);
  }
  BOOST_TEST(count() == 3);
  // The connection writes again once its read transaction has ended.
  sql::Transaction tx(*db);
  db->prepare("INSERT INTO t(v) VALUES (2)").run();
  tx.commit();
  BOOST_TEST(count() == 4);
}

BOOST_FIXTURE_TEST_CASE(a_write_transaction_inside_a_read_transaction_is_refused, Fixture) {
  sql::ReadTransaction snapshot(*db);
  BOOST_CHECK_THROW(sql::Transaction tx(*db), sql::DbError);
}
