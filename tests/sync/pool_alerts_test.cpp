// Listing a node's pool alerts writes nothing, yet shows a loan that fell due since the last
// sync round raised its alert; once raised, the loan shows once.
#define BOOST_TEST_MODULE pool_alerts
#include <boost/test/unit_test.hpp>
#include <memory>

#include "inventory/store/store.h"
#include "inventory/store/store_database.h"
#include "sync/node/node_schema.h"
#include "sync/node/pool.h"
#include "tests/support/db_snapshot.h"
#include "tests/support/temp_dir.h"

using namespace rfinv;

namespace {

constexpr Micros kDue = 1'700'000'000'000'000;  // the loan's until
constexpr Micros kDay = 86'400'000'000;

struct Fixture {
  test::TempDir dir;
  std::unique_ptr<inventory::Store> store;

  Fixture() {
    auto opened = inventory::Store::open(dir.file("node.db"), sync::node_schema());
    BOOST_REQUIRE(opened.ok());
    store = std::move(*opened);
    auto& db = inventory::database_of(*store);
    db.exec(
        "INSERT INTO sync_settings(id, hub_url, dept, token) "
        "VALUES (1, 'https://127.0.0.1:1', 'LAB', 'token')");
    // LAB borrowed SCOPE-7 from OPS until kDue; another department's loan is not LAB's.
    for (auto [id, from, to] : {std::tuple{"R-1", "LAB", "OPS"}, {"R-2", "ICU", "OPS"}})
      db.prepare(
            "INSERT INTO pool_request(id, asset, from_dept, to_dept, kind, until, reason, "
            "status, created_at) VALUES (?, 'SCOPE-7', ?, ?, 'loan', ?, 'test', 'completed', 0)")
          .bind(1, id)
          .bind(2, from)
          .bind(3, to)
          .bind(4, kDue)
          .run();
  }
};

}  // namespace

BOOST_FIXTURE_TEST_CASE(an_overdue_loan_shows_before_any_sync_and_listing_writes_nothing, Fixture) {
  auto before = test::db_snapshot(inventory::database_of(*store).handle());
  auto early = sync::list_pool_alerts(*store, true, kDue - kDay);
  BOOST_REQUIRE(early.ok());
  BOOST_TEST(early->empty());
  auto late = sync::list_pool_alerts(*store, true, kDue + kDay);
  BOOST_REQUIRE(late.ok());
  BOOST_REQUIRE(late->size() == 1u);
  BOOST_TEST((*late)[0].subject == "R-1");
  BOOST_TEST((*late)[0].kind == "overdue");
  BOOST_TEST((*late)[0].raised_at == kDue);
  BOOST_TEST((*late)[0].message == "loan of SCOPE-7 from OPS to LAB is overdue");
  BOOST_TEST(test::db_snapshot(inventory::database_of(*store).handle()) == before);
}

BOOST_FIXTURE_TEST_CASE(a_raised_overdue_alert_shows_once, Fixture) {
  BOOST_REQUIRE(sync::raise_overdue_alerts(*store, "LAB", kDue + kDay).ok());
  auto all = sync::list_pool_alerts(*store, false, kDue + 2 * kDay);
  BOOST_REQUIRE(all.ok());
  BOOST_REQUIRE(all->size() == 1u);
  BOOST_TEST((*all)[0].subject == "R-1");
  BOOST_TEST((*all)[0].raised_at == kDue + kDay);
}
