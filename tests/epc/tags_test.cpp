// Company prefixes, commissioning, mapping reads to items and assets, unknown tags: on a
// real SQLite file.
#define BOOST_TEST_MODULE epc_tags
#include "inventory/tags/tags.h"

#include <boost/test/unit_test.hpp>
#include <ostream>
#include <set>

#include "epc/epc.h"
#include "inventory/store/schema.h"
#include "inventory/store/store.h"
#include "inventory/store/store_database.h"
#include "tests/support/temp_dir.h"

using namespace rfinv;
using namespace rfinv::inventory;

namespace rfinv {
std::ostream& operator<<(std::ostream& os, Errc code) { return os << static_cast<int>(code); }
}  // namespace rfinv

namespace {

struct Fixture {
  test::TempDir dir;
  std::unique_ptr<Store> store = Store::open(dir.file("tags.db"), inventory::schema()).value();

  std::int64_t add_item(const std::string& sku, const std::optional<std::string>& gtin) {
    database_of(*store)
        .prepare("INSERT INTO item(sku, name, unit, gtin) VALUES (?1, ?1, 'each', ?2)")
        .bind(1, sku)
        .bind(2, gtin)
        .run();
    return database_of(*store).last_insert_id();
  }

  std::vector<std::uint8_t> bytes(const std::string& hex) { return *epc::parse_hex(hex); }
};

}  // namespace

BOOST_FIXTURE_TEST_CASE(prefixes_are_registered_listed_and_removed, Fixture) {
  BOOST_TEST(add_prefix(*store, "0614141").ok());
  BOOST_TEST(add_prefix(*store, "061414199").ok());
  auto dup = add_prefix(*store, "0614141");
  BOOST_TEST(!dup.ok());
  BOOST_TEST(dup.error().code == Errc::conflict);
  for (const char* bad : {"06141", "0614141234567", "06141A1", ""}) {
    auto r = add_prefix(*store, bad);
    BOOST_TEST(!r.ok());
    BOOST_TEST(r.error().code == Errc::invalid_argument);
  }
  BOOST_TEST(*list_prefixes(*store) == (std::vector<std::string>{"0614141", "061414199"}));
  BOOST_TEST(*prefix_length_for_gtin(*store, "80614141123458") == 7);
  BOOST_TEST(*prefix_length_for_gtin(*store, "10614141990006") == 9);  // the longer match
  BOOST_TEST(prefix_length_for_gtin(*store, "00012345678905").error().code == Errc::not_found);
  BOOST_TEST(remove_prefix(*store, "061414199").ok());
  BOOST_TEST(remove_prefix(*store, "061414199").error().code == Errc::not_found);
  BOOST_TEST(list_prefixes(*store)->size() == 1u);
}

BOOST_FIXTURE_TEST_CASE(commissioned_serials_continue_and_are_never_reused, Fixture) {
  add_item("WIDGET", "80614141123458");
  BOOST_REQUIRE(add_prefix(*store, "0614141").ok());
  std::set<std::string> seen;
  auto first = commission_item_tags(*store, {"WIDGET", 3, epc::Scheme::sgtin_96, 1});
  BOOST_REQUIRE(first.ok());
  BOOST_TEST(first->size() == 3u);
  BOOST_TEST(first->at(0).serial == "1");
  BOOST_TEST(first->at(2).tag_uri == "urn:epc:tag:sgtin-96:1.0614141.812345.3");
  auto second = commission_item_tags(*store, {"WIDGET", 2, epc::Scheme::sgtin_198, 3});
  BOOST_REQUIRE(second.ok());
  BOOST_TEST(second->at(0).tag_uri == "urn:epc:tag:sgtin-198:3.0614141.812345.4");
  for (const auto* batch : {&*first, &*second})
    for (const auto& t : *batch) {
      BOOST_TEST(seen.insert(t.hex).second);
      auto e = epc::decode_hex(t.hex);
      BOOST_REQUIRE(e.ok());
      BOOST_TEST(*epc::gs1_key(*e) == "80614141123458");
      BOOST_TEST(*epc::serial_text(*e) == t.serial);
    }
  // A store reopened on the same file continues from the same counter.
  store.reset();
  store = Store::open(dir.file("tags.db"), inventory::schema()).value();
  auto third = commission_item_tags(*store, {"WIDGET", 1, epc::Scheme::sgtin_96, 1});
  BOOST_REQUIRE(third.ok());
  BOOST_TEST(third->at(0).serial == "6");
}

BOOST_FIXTURE_TEST_CASE(commissioning_refuses_bad_requests_and_writes_nothing, Fixture) {
  add_item("NOGTIN", std::nullopt);
  add_item("WIDGET", "80614141123458");
  BOOST_TEST(commission_item_tags(*store, {"NOPE", 1}).error().code == Errc::not_found);
  BOOST_TEST(commission_item_tags(*store, {"NOGTIN", 1}).error().code == Errc::refused);
  // No registered prefix for the GTIN.
  BOOST_TEST(commission_item_tags(*store, {"WIDGET", 1}).error().code == Errc::not_found);
  BOOST_REQUIRE(add_prefix(*store, "0614141").ok());
  BOOST_TEST(commission_item_tags(*store, {"WIDGET", 0}).error().code == Errc::invalid_argument);
  BOOST_TEST(commission_item_tags(*store, {"WIDGET", 1, epc::Scheme::giai_96}).error().code ==
             Errc::invalid_argument);
  BOOST_TEST(commission_item_tags(*store, {"WIDGET", 1, epc::Scheme::sgtin_96, 8}).error().code ==
             Errc::invalid_argument);
  // Near the end of the 38-bit serial range: a request that does not fit is refused whole.
  database_of(*store).exec(
      "INSERT INTO epc_serial(key_kind, key, next_serial) "
      "VALUES ('gtin', '80614141123458', 274877906942)");
  auto over = commission_item_tags(*store, {"WIDGET", 3});
  BOOST_TEST(over.error().code == Errc::refused);
  auto fits = commission_item_tags(*store, {"WIDGET", 2});
  BOOST_REQUIRE(fits.ok());
  BOOST_TEST(fits->back().serial == "274877906943");
  // SGTIN-198 carries on past the 96-bit range.
  auto longer = commission_item_tags(*store, {"WIDGET", 1, epc::Scheme::sgtin_198});
  BOOST_REQUIRE(longer.ok());
  BOOST_TEST(longer->at(0).serial == "274877906944");
}

BOOST_FIXTURE_TEST_CASE(giai_commissioning_for_assets, Fixture) {
  BOOST_TEST(commission_asset_tags(*store, {1, std::nullopt, 0}).error().code ==
             Errc::invalid_argument);  // no prefix registered
  BOOST_REQUIRE(add_prefix(*store, "0614141").ok());
  auto tags = commission_asset_tags(*store, {2, std::nullopt, 0});
  BOOST_REQUIRE(tags.ok());
  BOOST_TEST(tags->at(0).tag_uri == "urn:epc:tag:giai-96:0.0614141.1");
  BOOST_TEST(tags->at(1).tag_uri == "urn:epc:tag:giai-96:0.0614141.2");
  BOOST_REQUIRE(add_prefix(*store, "95012345").ok());
  BOOST_TEST(commission_asset_tags(*store, {1, std::nullopt, 0}).error().code ==
             Errc::invalid_argument);  // two prefixes: choose
  auto other = commission_asset_tags(*store, {1, std::string("95012345"), 0});
  BOOST_REQUIRE(other.ok());
  BOOST_TEST(other->at(0).tag_uri == "urn:epc:tag:giai-96:0.95012345.1");
  auto again = commission_asset_tags(*store, {1, std::string("0614141"), 0});
  BOOST_TEST(again->at(0).serial == "3");
}

BOOST_FIXTURE_TEST_CASE(reads_map_to_items_assets_or_unknown, Fixture) {
  std::int64_t widget = add_item("WIDGET", "80614141123458");
  // An SGTIN of the item's GTIN, whatever its serial or filter.
  auto unit = resolve_tag(*store, bytes("3074257BF7194E4000001A85"));
  BOOST_REQUIRE(unit.ok());
  BOOST_TEST((unit->kind == TagKind::item));
  BOOST_TEST(unit->id == widget);
  BOOST_TEST(unit->code == "WIDGET");
  // Another GTIN, a raw EPC and an undecodable SGTIN are unknown.
  for (const char* hex :
       {"3074257BF7194E8000001A85", "E2003098881900722140369E", "307C257BF7194E4000001A85"}) {
    auto r = resolve_tag(*store, bytes(hex));
    BOOST_REQUIRE(r.ok());
    BOOST_TEST((r->kind == TagKind::unknown), hex);
    BOOST_TEST(r->epc_hex == hex);
  }
  // A GIAI registered to an asset is that asset.
  auto a = assign_tag_to_asset(*store, "urn:epc:tag:giai-96:0.0614141.7", "LAPTOP-1");
  BOOST_REQUIRE(a.ok());
  BOOST_TEST(a->created_asset);
  auto asset = resolve_tag(*store, bytes(a->epc_hex));
  BOOST_TEST((asset->kind == TagKind::asset));
  BOOST_TEST(asset->code == "LAPTOP-1");
  // SGTIN-198 read without word padding has the same key as with it.
  std::string padded = "3674257BF7194E59B2C2BF100000000000000000000000000000";
  BOOST_TEST(resolve_tag(*store, bytes(padded.substr(0, 50)))->epc_hex == padded);
}

BOOST_FIXTURE_TEST_CASE(unknown_tags_are_kept_listed_and_resolved, Fixture) {
  std::int64_t widget = add_item("WIDGET", "80614141123458");
  database_of(*store).exec(
      "INSERT INTO location(code, name, kind) VALUES ('DOCK', 'Dock', 'zone')");
  std::int64_t dock = database_of(*store).last_insert_id();
  const std::string raw = "E2003098881900722140369E";
  const std::string giai = "3474257BF400000000BC6038";
  BOOST_REQUIRE(record_unknown(*store, {raw, 2000, "dock-door", dock}).ok());
  BOOST_REQUIRE(record_unknown(*store, {raw, 1000, "handheld", std::nullopt}).ok());
  BOOST_REQUIRE(record_unknown(*store, {giai, 1500, "dock-door", dock}).ok());
  auto list = list_unknown(*store);
  BOOST_REQUIRE(list.ok());
  BOOST_REQUIRE(list->size() == 2u);
  BOOST_TEST(list->at(0).epc_hex == raw);  // last seen most recently
  BOOST_TEST(list->at(0).seen_count == 2);
  BOOST_TEST(list->at(0).first_seen == 1000);
  BOOST_TEST(list->at(0).last_seen == 2000);
  BOOST_TEST(*list->at(1).location_code == "DOCK");

  auto to_item = assign_tag_to_item(*store, raw, "WIDGET");
  BOOST_REQUIRE(to_item.ok());
  BOOST_TEST(resolve_tag(*store, bytes(raw))->id == widget);
  auto to_asset = assign_tag_to_asset(*store, giai, "FORKLIFT-2");
  BOOST_REQUIRE(to_asset.ok());
  BOOST_TEST(list_unknown(*store)->empty());
  auto all = list_unknown(*store, true);
  BOOST_REQUIRE(all->size() == 2u);
  BOOST_TEST(*all->at(0).resolved_sku == "WIDGET");
  BOOST_TEST(*all->at(1).resolved_asset == "FORKLIFT-2");
}

BOOST_FIXTURE_TEST_CASE(assignments_that_clash_are_refused, Fixture) {
  add_item("WIDGET", "80614141123458");
  add_item("GADGET", "00614141999996");
  const std::string sgtin = "3074257BF7194E4000001A85";  // a WIDGET by its GTIN
  BOOST_TEST(assign_tag_to_item(*store, sgtin, "GADGET").error().code == Errc::refused);
  BOOST_TEST(assign_tag_to_item(*store, sgtin, "NOPE").error().code == Errc::not_found);
  BOOST_TEST(assign_tag_to_item(*store, "XYZ", "GADGET").error().code == Errc::invalid_argument);
  const std::string giai = "3474257BF400000000BC6038";
  BOOST_REQUIRE(assign_tag_to_asset(*store, giai, "PALLET-1").ok());
  BOOST_TEST(assign_tag_to_asset(*store, giai, "PALLET-1").ok());  // again: no change
  BOOST_TEST(assign_tag_to_asset(*store, giai, "PALLET-2").error().code == Errc::conflict);
  BOOST_TEST(assign_tag_to_asset(*store, "E2003098881900722140369E", "PALLET-1").error().code ==
             Errc::conflict);
  BOOST_TEST(assign_tag_to_item(*store, giai, "GADGET").error().code == Errc::conflict);
  BOOST_REQUIRE(assign_tag_to_item(*store, "E2003098881900722140369E", "GADGET").ok());
  BOOST_TEST(assign_tag_to_asset(*store, "E2003098881900722140369E", "PALLET-9").error().code ==
             Errc::conflict);
}

BOOST_FIXTURE_TEST_CASE(dsgtin_plus_read_maps_to_the_item_of_its_gtin, Fixture) {
  std::int64_t glove = add_item("GLOVE-L", "09506000134352");
  // DSGTIN+ (01)09506000134352(21)S1(17)270131(10)ABC123, as `tag encode --gs1` writes it; read
  // once padded to words and once without the last padding byte: the same tag.
  std::string hex = "FB94363F09506000134352624B51026ABC123000";
  for (const std::string& read : {hex, hex.substr(0, hex.size() - 2)}) {
    auto r = resolve_tag(*store, bytes(read));
    BOOST_REQUIRE(r.ok());
    BOOST_TEST((r->kind == TagKind::item));
    BOOST_TEST(r->id == glove);
    BOOST_TEST(r->epc_hex == hex);
  }
}
