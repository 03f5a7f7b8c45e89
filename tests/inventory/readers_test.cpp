#define BOOST_TEST_MODULE readers
#include "inventory/pipeline/readers.h"

#include <boost/test/unit_test.hpp>

#include "sync/node/node_schema.h"
#include "tests/support/temp_dir.h"

using namespace rfinv;
using namespace rfinv::inventory;

namespace {

struct Fixture {
  test::TempDir dir;
  std::unique_ptr<Store> store = Store::open(dir.file("rfinv.db"), sync::node_schema()).value();
};

}  // namespace

BOOST_FIXTURE_TEST_CASE(readers_are_added_listed_by_name_and_removed, Fixture) {
  BOOST_TEST_REQUIRE(add_reader(*store, "shelf-b", "sim:///b.json", 20).ok());
  BOOST_TEST_REQUIRE(add_reader(*store, "dock_1", "llrp://10.0.0.5", 10).ok());
  auto all = list_readers(*store);
  BOOST_TEST_REQUIRE(all.ok());
  BOOST_TEST_REQUIRE(all->size() == 2u);
  BOOST_TEST((*all)[0].name == "dock_1");
  BOOST_TEST((*all)[0].uri == "llrp://10.0.0.5");
  BOOST_TEST((*all)[0].added_at == 10);
  BOOST_TEST(!(*all)[0].state.has_value());
  BOOST_TEST((*all)[1].name == "shelf-b");

  auto taken = add_reader(*store, "dock_1", "llrp://other", 30);
  BOOST_TEST_REQUIRE(!taken.ok());
  BOOST_TEST((taken.error().code == Errc::conflict));
  BOOST_TEST(get_reader(*store, "dock_1")->uri == "llrp://10.0.0.5");

  BOOST_TEST(remove_reader(*store, "dock_1", 0).ok());
  auto gone = get_reader(*store, "dock_1");
  BOOST_TEST_REQUIRE(!gone.ok());
  BOOST_TEST((gone.error().code == Errc::not_found));
  BOOST_TEST((remove_reader(*store, "dock_1", 0).error().code == Errc::not_found));
  BOOST_TEST(list_readers(*store)->size() == 1u);
}

BOOST_FIXTURE_TEST_CASE(the_last_state_is_kept_and_an_empty_reason_is_null, Fixture) {
  BOOST_TEST_REQUIRE(add_reader(*store, "door", "llrp://door", 1).ok());
  BOOST_TEST(record_reader_state(*store, "door", "lost", "connection refused", 5).ok());
  auto r = get_reader(*store, "door");
  BOOST_TEST(r->state.value() == "lost");
  BOOST_TEST(r->state_reason.value() == "connection refused");
  BOOST_TEST(r->state_at.value() == 5);

  BOOST_TEST(record_reader_state(*store, "door", "online", "", 6).ok());
  r = get_reader(*store, "door");
  BOOST_TEST(r->state.value() == "online");
  BOOST_TEST(!r->state_reason.has_value());
  BOOST_TEST(r->state_at.value() == 6);

  auto unknown = record_reader_state(*store, "window", "online", "", 7);
  BOOST_TEST_REQUIRE(!unknown.ok());
  BOOST_TEST((unknown.error().code == Errc::not_found));
}

BOOST_FIXTURE_TEST_CASE(bad_names_and_empty_uris_are_refused, Fixture) {
  for (std::string bad : {std::string(), std::string("dock door"), std::string("dock/1"),
                          std::string("d\xc3\xa9p\xc3\xb4t"), std::string(65, 'a')}) {
    auto r = add_reader(*store, bad, "llrp://x", 1);
    BOOST_TEST_REQUIRE(!r.ok(), bad);
    BOOST_TEST((r.error().code == Errc::invalid_argument));
  }
  BOOST_TEST(add_reader(*store, std::string(64, 'a'), "llrp://x", 1).ok());
  auto empty = add_reader(*store, "x", "", 1);
  BOOST_TEST_REQUIRE(!empty.ok());
  BOOST_TEST(empty.error().message.find("needs a URI") != std::string::npos);
  BOOST_TEST(list_readers(*store)->size() == 1u);
}
