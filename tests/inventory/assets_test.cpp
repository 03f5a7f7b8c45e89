// Asset lifecycle: registration rules (and bad input refused with nothing written), every
// status transition allowed or refused, owner and holder changes, history completeness,
// idle detection by configured days, and reader sightings.
#define BOOST_TEST_MODULE assets
#include "inventory/assets/assets.h"

#include <sqlite3.h>

#include <boost/test/unit_test.hpp>
#include <map>
#include <set>

#include "epc/epc.h"
#include "inventory/catalog/catalog.h"
#include "inventory/store/config.h"
#include "inventory/store/schema.h"
#include "inventory/store/store_database.h"
#include "inventory/tags/tags.h"
#include "tests/support/db_snapshot.h"
#include "tests/support/result_text.h"
#include "tests/support/temp_dir.h"

using namespace rfinv;
using namespace rfinv::inventory;

namespace {

constexpr Micros kDay = 86'400'000'000;
const std::vector<AssetStatus> kAll{
    AssetStatus::in_use,     AssetStatus::idle,        AssetStatus::pooled, AssetStatus::reserved,
    AssetStatus::in_transit, AssetStatus::maintenance, AssetStatus::retired};

std::string giai(std::uint64_t ref) {
  auto e = epc::giai_96("0614141", ref, 0);
  BOOST_REQUIRE(e.ok());
  return *epc::encode_hex(*e);
}

std::string sgtin_hex(const std::string& serial, epc::Scheme scheme) {
  auto e = epc::sgtin_from_gtin("80614141123458", 7, serial, 1, scheme);
  BOOST_REQUIRE_MESSAGE(e.ok(), test::error_text(e));
  return *epc::encode_hex(*e);
}

struct Fixture {
  test::TempDir dir;
  std::unique_ptr<Store> store;
  std::uint64_t next_ref = 1;

  Fixture() {
    auto opened = Store::open(dir.file("assets.db"), inventory::schema());
    BOOST_REQUIRE(opened.ok());
    store = std::move(opened.value());
    BOOST_REQUIRE(add_dept(*store, "OPS", "Operations").ok());
    BOOST_REQUIRE(add_dept(*store, "LAB", "Laboratory").ok());
    BOOST_REQUIRE(add_dept(*store, "QA", "Quality").ok());
    BOOST_REQUIRE(add_location(*store, {"SITE", "", {}, {}, {}}).ok());
    BOOST_REQUIRE(add_location(*store, {"A-01", "", {}, std::string("SITE"), {}}).ok());
    BOOST_REQUIRE(add_location(*store, {"DOCK", "", {}, std::string("SITE"), {}}).ok());
    ItemFields laptop;
    laptop.name = "Laptop";
    laptop.gtin = "80614141123458";
    BOOST_REQUIRE(add_item(*store, "LAPTOP", laptop).ok());
    ItemFields drill;
    drill.name = "Drill";
    BOOST_REQUIRE(add_item(*store, "DRILL", drill).ok());
  }

  Asset add(const std::string& code, std::optional<std::string> location = std::string("A-01")) {
    NewAsset a{code, giai(next_ref++), std::string("DRILL"), "OPS", std::move(location), 1250};
    auto r = register_asset(*store, a, "alice");
    BOOST_REQUIRE_MESSAGE(r.ok(), code << ": " << test::error_text(r));
    return *r;
  }

  std::vector<AssetEvent> history(const std::string& code) {
    auto h = asset_history(*store, code);
    BOOST_REQUIRE_MESSAGE(h.ok(), test::error_text(h));
    return *h;
  }

  AssetStatus status(const std::string& code) { return get_asset(*store, code)->status; }

  void exec(const std::string& sql) { database_of(*store).exec(sql); }

  // Every row of every table as text: equal snapshots mean nothing was written.
  std::string snapshot() { return test::db_snapshot(database_of(*store).handle()); }

  // Drives a fresh in_use asset to `target` along allowed moves.
  void drive_to(const std::string& code, AssetStatus target) {
    static const std::map<AssetStatus, std::vector<AssetStatus>> kPath{
        {AssetStatus::in_use, {}},
        {AssetStatus::idle, {AssetStatus::idle}},
        {AssetStatus::pooled, {AssetStatus::idle, AssetStatus::pooled}},
        {AssetStatus::reserved, {AssetStatus::idle, AssetStatus::pooled, AssetStatus::reserved}},
        {AssetStatus::in_transit,
         {AssetStatus::idle, AssetStatus::pooled, AssetStatus::reserved, AssetStatus::in_transit}},
        {AssetStatus::maintenance, {AssetStatus::maintenance}},
        {AssetStatus::retired, {AssetStatus::retired}},
    };
    for (AssetStatus s : kPath.at(target)) {
      auto r = set_asset_status(*store, code, s, "setup", "");
      BOOST_REQUIRE_MESSAGE(r.ok(), code << " -> " << to_string(s) << ": " << test::error_text(r));
    }
    BOOST_REQUIRE(status(code) == target);
  }
};

// The documented table, written out independently of the implementation.
const std::set<std::string> kAllowed{
    "in_use>idle",      "in_use>pooled",      "in_use>in_transit",   "in_use>maintenance",
    "in_use>retired",   "idle>in_use",        "idle>pooled",         "idle>in_transit",
    "idle>maintenance", "idle>retired",       "pooled>idle",         "pooled>reserved",
    "reserved>pooled",  "reserved>idle",      "reserved>in_transit", "in_transit>in_use",
    "in_transit>idle",  "maintenance>in_use", "maintenance>idle",    "maintenance>retired",
};

std::string pair_name(AssetStatus from, AssetStatus to) {
  return std::string(to_string(from)) + ">" + std::string(to_string(to));
}

}  // namespace

BOOST_AUTO_TEST_CASE(status_names_round_trip) {
  for (AssetStatus s : kAll) BOOST_TEST((parse_asset_status(to_string(s)) == s));
  BOOST_TEST((parse_asset_status("in-use") == AssetStatus::in_use));
  BOOST_TEST((parse_asset_status("in transit") == AssetStatus::in_transit));
  BOOST_TEST(!parse_asset_status("broken").has_value());
  BOOST_TEST(!parse_asset_status("").has_value());
  BOOST_TEST(!parse_asset_status("IDLE").has_value());
}

BOOST_AUTO_TEST_CASE(transition_table_matches_the_documented_one) {
  for (AssetStatus from : kAll)
    for (AssetStatus to : kAll)
      BOOST_TEST(asset_transition_allowed(from, to) == kAllowed.contains(pair_name(from, to)),
                 pair_name(from, to));
}

BOOST_FIXTURE_TEST_CASE(every_transition_is_applied_or_refused_with_nothing_written, Fixture) {
  int n = 0;
  for (AssetStatus from : kAll) {
    for (AssetStatus to : kAll) {
      std::string code = "T-" + std::to_string(++n);
      add(code);
      drive_to(code, from);
      auto before = history(code).size();
      std::string snap = snapshot();
      auto r = set_asset_status(*store, code, to, "bob", "testing");
      std::string name = pair_name(from, to);
      if (kAllowed.contains(name)) {
        BOOST_TEST_REQUIRE(r.ok(), name << ": " << test::error_text(r));
        BOOST_TEST((r->status == to), name);
        BOOST_TEST((status(code) == to), name);
        auto h = history(code);
        BOOST_TEST_REQUIRE(h.size() == before + 1, name);
        BOOST_TEST(h.back().kind == "status");
        BOOST_TEST(h.back().detail == std::string(to_string(from)) + " -> " +
                                          std::string(to_string(to)) + ": testing");
        BOOST_TEST(h.back().actor == "bob");
      } else {
        BOOST_TEST_REQUIRE(!r.ok(), name << " was allowed");
        BOOST_TEST((r.error().code == (from == to ? Errc::conflict : Errc::refused)), name);
        BOOST_TEST(snapshot() == snap, name << " wrote something");
        if (from == AssetStatus::retired && from != to)
          BOOST_TEST(r.error().message.find("final") != std::string::npos, r.error().message);
        else if (from != to)
          BOOST_TEST(r.error().message.find(std::string(to_string(to))) != std::string::npos,
                     r.error().message);
      }
    }
  }
}

BOOST_FIXTURE_TEST_CASE(registration_records_everything_and_history_starts, Fixture) {
  std::string hex = giai(900);
  auto r =
      register_asset(*store, {"LAPTOP-0042", hex, {}, "OPS", std::string("A-01"), 129900}, "alice");
  BOOST_REQUIRE_MESSAGE(r.ok(), test::error_text(r));
  BOOST_TEST(r->code == "LAPTOP-0042");
  BOOST_TEST(*r->epc == hex);
  BOOST_TEST(!r->sku.has_value());
  BOOST_TEST(r->dept == "OPS");
  BOOST_TEST(r->holder_dept == "OPS");
  BOOST_TEST((r->status == AssetStatus::in_use));
  BOOST_TEST(*r->location == "A-01");
  BOOST_TEST(r->cost_cents == 129900);
  BOOST_TEST(!r->last_seen_at.has_value());
  BOOST_TEST(r->last_moved_at == r->registered_at);
  BOOST_TEST(r->registered_at > 0);
  auto h = history("LAPTOP-0042");
  BOOST_REQUIRE(h.size() == 1u);
  BOOST_TEST(h[0].kind == "registered");
  BOOST_TEST(h[0].actor == "alice");
  BOOST_TEST(h[0].detail.find("OPS") != std::string::npos);
  BOOST_TEST(h[0].detail.find(hex) != std::string::npos);

  // The tag now resolves to the asset, as the read pipeline will see it.
  auto bytes = epc::parse_hex(hex);
  auto id = resolve_tag(*store, *bytes);
  BOOST_REQUIRE(id.ok());
  BOOST_TEST((id->kind == TagKind::asset));
  BOOST_TEST(id->code == "LAPTOP-0042");

  // The same EPC given as a tag URI is canonicalised to the same key.
  auto e = epc::decode_hex(giai(901));
  auto by_uri = register_asset(*store, {"LAPTOP-0043", epc::tag_uri(*e), {}, "OPS", {}, 0}, "a");
  BOOST_REQUIRE_MESSAGE(by_uri.ok(), test::error_text(by_uri));
  BOOST_TEST(*by_uri->epc == giai(901));
  BOOST_TEST(!by_uri->location.has_value());
}

BOOST_FIXTURE_TEST_CASE(an_sgtin_asset_takes_its_item_from_the_gtin, Fixture) {
  auto r = register_asset(
      *store, {"LT-1", sgtin_hex("6789", epc::Scheme::sgtin_96), {}, "OPS", {}, 0}, "alice");
  BOOST_REQUIRE_MESSAGE(r.ok(), test::error_text(r));
  BOOST_TEST(*r->sku == "LAPTOP");
  auto named = register_asset(
      *store,
      {"LT-2", sgtin_hex("6790", epc::Scheme::sgtin_96), std::string("LAPTOP"), "OPS", {}, 0},
      "alice");
  BOOST_TEST(named.ok(), test::error_text(named));
}

BOOST_FIXTURE_TEST_CASE(bad_registrations_are_refused_and_write_nothing, Fixture) {
  add("TAKEN");
  std::string taken_epc = *get_asset(*store, "TAKEN")->epc;
  BOOST_REQUIRE(register_asset(
                    *store, {"LT-1", sgtin_hex("77", epc::Scheme::sgtin_96), {}, "OPS", {}, 0}, "a")
                    .ok());
  std::string item_tag = giai(500);
  BOOST_REQUIRE(assign_tag_to_item(*store, item_tag, "DRILL").ok());

  struct Case {
    std::string name;
    NewAsset asset;
    Errc code;
    std::string says;
  };
  const std::vector<Case> cases{
      {"unknown dept", {"X-1", giai(600), {}, "NOPE", {}, 0}, Errc::not_found, "NOPE"},
      {"unknown location",
       {"X-1", giai(600), {}, "OPS", std::string("B-99"), 0},
       Errc::not_found,
       "B-99"},
      {"unknown SKU",
       {"X-1", giai(600), std::string("NOSUCH"), "OPS", {}, 0},
       Errc::not_found,
       "NOSUCH"},
      {"duplicate code", {"TAKEN", giai(600), {}, "OPS", {}, 0}, Errc::conflict, "TAKEN"},
      {"duplicate EPC", {"X-1", taken_epc, {}, "OPS", {}, 0}, Errc::conflict, "TAKEN"},
      {"garbage EPC", {"X-1", "ZZZZ", {}, "OPS", {}, 0}, Errc::invalid_argument, "hex"},
      {"odd hex", {"X-1", "ABC", {}, "OPS", {}, 0}, Errc::invalid_argument, "odd"},
      {"empty EPC", {"X-1", "", {}, "OPS", {}, 0}, Errc::invalid_argument, "empty"},
      {"too long EPC",
       {"X-1", std::string(130, 'A'), {}, "OPS", {}, 0},
       Errc::invalid_argument,
       "longer"},
      {"bad URI", {"X-1", "urn:epc:tag:giai-96:9.x", {}, "OPS", {}, 0}, Errc::invalid_argument, ""},
      {"bad code",
       {"has space", giai(600), {}, "OPS", {}, 0},
       Errc::invalid_argument,
       "asset code"},
      {"empty code", {"", giai(600), {}, "OPS", {}, 0}, Errc::invalid_argument, "asset code"},
      {"negative cost", {"X-1", giai(600), {}, "OPS", {}, -1}, Errc::invalid_argument, "cost"},
      {"item's tag", {"X-1", item_tag, {}, "OPS", {}, 0}, Errc::conflict, "DRILL"},
      {"SGTIN of another item",
       {"X-1", sgtin_hex("78", epc::Scheme::sgtin_96), std::string("DRILL"), "OPS", {}, 0},
       Errc::refused,
       "LAPTOP"},
      {"same SGTIN in another encoding",
       {"X-1", sgtin_hex("77", epc::Scheme::sgtin_198), {}, "OPS", {}, 0},
       Errc::conflict,
       "LT-1"},
  };
  std::string before = snapshot();
  for (const auto& c : cases) {
    auto r = register_asset(*store, c.asset, "mallory");
    BOOST_TEST_REQUIRE(!r.ok(), c.name << " was accepted");
    BOOST_TEST((r.error().code == c.code), c.name << ": " << r.error().message);
    BOOST_TEST(r.error().message.find(c.says) != std::string::npos,
               c.name << ": " << r.error().message);
    BOOST_TEST(snapshot() == before, c.name << " wrote something");
  }
}

BOOST_FIXTURE_TEST_CASE(a_bare_asset_from_tag_assign_is_completed_by_register, Fixture) {
  std::string hex = giai(700);
  auto assigned = assign_tag_to_asset(*store, hex, "CAM-1");
  BOOST_REQUIRE_MESSAGE(assigned.ok(), test::error_text(assigned));
  auto bare = get_asset(*store, "CAM-1");
  BOOST_REQUIRE(bare.ok());
  BOOST_TEST(bare->dept.empty());
  // A different tag for the bare asset is refused; the same one completes it.
  auto other = register_asset(*store, {"CAM-1", giai(701), {}, "OPS", {}, 0}, "a");
  BOOST_TEST_REQUIRE(!other.ok());
  BOOST_TEST((other.error().code == Errc::conflict));
  auto r = register_asset(
      *store, {"CAM-1", hex, std::string("DRILL"), "LAB", std::string("DOCK"), 5}, "alice");
  BOOST_REQUIRE_MESSAGE(r.ok(), test::error_text(r));
  BOOST_TEST(r->id == assigned->id);
  BOOST_TEST(r->dept == "LAB");
  BOOST_TEST(r->holder_dept == "LAB");
  BOOST_TEST(*r->location == "DOCK");
  BOOST_TEST(history("CAM-1").size() == 1u);
  // Once registered, it is a duplicate like any other.
  auto again = register_asset(*store, {"CAM-1", hex, {}, "OPS", {}, 0}, "a");
  BOOST_TEST_REQUIRE(!again.ok());
  BOOST_TEST((again.error().code == Errc::conflict));
}

BOOST_FIXTURE_TEST_CASE(loans_change_the_holder_and_transfers_the_owner, Fixture) {
  add("SCOPE-1");
  auto lent = set_asset_holder(*store, "SCOPE-1", "LAB", "pool", "loan until 2026-12-01");
  BOOST_REQUIRE_MESSAGE(lent.ok(), test::error_text(lent));
  BOOST_TEST(lent->dept == "OPS");
  BOOST_TEST(lent->holder_dept == "LAB");
  BOOST_TEST(lent->last_moved_at >= lent->registered_at);

  // Both departments see it; a third does not.
  BOOST_TEST(list_assets(*store, std::string("OPS"), {})->size() == 1u);
  BOOST_TEST(list_assets(*store, std::string("LAB"), {})->size() == 1u);
  BOOST_TEST(list_assets(*store, std::string("QA"), {})->empty());
  auto unknown = list_assets(*store, std::string("NOPE"), {});
  BOOST_TEST_REQUIRE(!unknown.ok());
  BOOST_TEST((unknown.error().code == Errc::not_found));

  // Selling it while on loan keeps the borrower as holder.
  auto sold = set_asset_owner(*store, "SCOPE-1", "QA", "pool", "");
  BOOST_REQUIRE(sold.ok());
  BOOST_TEST(sold->dept == "QA");
  BOOST_TEST(sold->holder_dept == "LAB");
  // The loan returns to the (new) owner; then a transfer moves both.
  BOOST_REQUIRE(set_asset_holder(*store, "SCOPE-1", "QA", "pool", "returned").ok());
  auto moved = set_asset_owner(*store, "SCOPE-1", "OPS", "pool", "transfer 7");
  BOOST_REQUIRE(moved.ok());
  BOOST_TEST(moved->dept == "OPS");
  BOOST_TEST(moved->holder_dept == "OPS");

  std::string snap = snapshot();
  auto same = set_asset_owner(*store, "SCOPE-1", "OPS", "pool", "");
  BOOST_TEST_REQUIRE(!same.ok());
  BOOST_TEST((same.error().code == Errc::conflict));
  auto same_holder = set_asset_holder(*store, "SCOPE-1", "OPS", "pool", "");
  BOOST_TEST_REQUIRE(!same_holder.ok());
  BOOST_TEST((same_holder.error().code == Errc::conflict));
  auto no_dept = set_asset_owner(*store, "SCOPE-1", "NOPE", "pool", "");
  BOOST_TEST_REQUIRE(!no_dept.ok());
  BOOST_TEST((no_dept.error().code == Errc::not_found));
  auto no_asset = set_asset_holder(*store, "NOPE", "LAB", "pool", "");
  BOOST_TEST_REQUIRE(!no_asset.ok());
  BOOST_TEST((no_asset.error().code == Errc::not_found));
  BOOST_TEST(snapshot() == snap);

  BOOST_REQUIRE(set_asset_status(*store, "SCOPE-1", AssetStatus::retired, "ops", "broken").ok());
  snap = snapshot();
  auto frozen_owner = set_asset_owner(*store, "SCOPE-1", "LAB", "pool", "");
  BOOST_TEST_REQUIRE(!frozen_owner.ok());
  BOOST_TEST((frozen_owner.error().code == Errc::refused));
  auto frozen_holder = set_asset_holder(*store, "SCOPE-1", "LAB", "pool", "");
  BOOST_TEST_REQUIRE(!frozen_holder.ok());
  BOOST_TEST((frozen_holder.error().code == Errc::refused));
  BOOST_TEST(snapshot() == snap);
}

BOOST_FIXTURE_TEST_CASE(history_shows_the_whole_path_in_order, Fixture) {
  add("PATH-1");
  BOOST_REQUIRE(set_asset_status(*store, "PATH-1", AssetStatus::idle, "ops", "").ok());
  BOOST_REQUIRE(set_asset_status(*store, "PATH-1", AssetStatus::pooled, "ops", "published").ok());
  BOOST_REQUIRE(
      set_asset_status(*store, "PATH-1", AssetStatus::reserved, "pool", "request 3").ok());
  BOOST_REQUIRE(set_asset_status(*store, "PATH-1", AssetStatus::in_transit, "ops", "").ok());
  BOOST_REQUIRE(set_asset_owner(*store, "PATH-1", "LAB", "lab", "request 3").ok());
  BOOST_REQUIRE(set_asset_status(*store, "PATH-1", AssetStatus::in_use, "lab", "received").ok());
  auto h = history("PATH-1");
  std::vector<std::string> got;
  for (const auto& e : h) got.push_back(e.kind + " " + e.detail + " by " + e.actor);
  std::vector<std::string> want{
      "registered owner OPS, at A-01, tag " + giai(1) + " by alice",
      "status in_use -> idle by ops",
      "status idle -> pooled: published by ops",
      "status pooled -> reserved: request 3 by pool",
      "status reserved -> in_transit by ops",
      "owner OPS -> LAB: request 3 by lab",
      "status in_transit -> in_use: received by lab",
  };
  BOOST_TEST(got == want, boost::test_tools::per_element());
  for (std::size_t i = 1; i < h.size(); ++i) {
    BOOST_TEST(h[i].id > h[i - 1].id);
    BOOST_TEST(h[i].at >= h[i - 1].at);
  }
  auto none = asset_history(*store, "NOPE");
  BOOST_TEST_REQUIRE(!none.ok());
  BOOST_TEST((none.error().code == Errc::not_found));
  auto missing = set_asset_status(*store, "NOPE", AssetStatus::idle, "x", "");
  BOOST_TEST_REQUIRE(!missing.ok());
  BOOST_TEST((missing.error().code == Errc::not_found));
}

BOOST_FIXTURE_TEST_CASE(list_filters_by_status_and_department, Fixture) {
  add("B-2");
  add("A-1");
  add("C-3");
  BOOST_REQUIRE(set_asset_status(*store, "C-3", AssetStatus::maintenance, "x", "").ok());
  auto all = list_assets(*store, {}, {});
  BOOST_REQUIRE(all.ok());
  BOOST_REQUIRE(all->size() == 3u);
  BOOST_TEST((*all)[0].code == "A-1");  // ordered by code
  BOOST_TEST((*all)[2].code == "C-3");
  auto maint = list_assets(*store, {}, AssetStatus::maintenance);
  BOOST_REQUIRE(maint->size() == 1u);
  BOOST_TEST(maint->front().code == "C-3");
  BOOST_TEST(list_assets(*store, std::string("OPS"), AssetStatus::in_use)->size() == 2u);
  BOOST_TEST(list_assets(*store, std::string("LAB"), AssetStatus::in_use)->empty());
}

BOOST_FIXTURE_TEST_CASE(idle_detection_uses_the_configured_days, Fixture) {
  add("OLD");
  add("RECENT");
  add("FIXING");
  add("BORDER");
  Micros now = now_micros();
  BOOST_REQUIRE(set_asset_status(*store, "FIXING", AssetStatus::maintenance, "x", "").ok());
  exec("UPDATE asset SET last_moved_at = " + std::to_string(now - 31 * kDay) +
       " WHERE code IN ('OLD', 'FIXING')");
  exec("UPDATE asset SET last_moved_at = " + std::to_string(now - 29 * kDay) +
       " WHERE code = 'RECENT'");
  exec("UPDATE asset SET last_moved_at = " + std::to_string(now - 30 * kDay) +
       " WHERE code = 'BORDER'");

  // Unset: never.
  auto none = mark_idle_assets(*store, now);
  BOOST_REQUIRE(none.ok());
  BOOST_TEST(none->empty());
  BOOST_TEST((status("OLD") == AssetStatus::in_use));

  BOOST_REQUIRE(set_config(*store, "asset.idle_days", "30").ok());
  auto changed = mark_idle_assets(*store, now);
  BOOST_REQUIRE_MESSAGE(changed.ok(), test::error_text(changed));
  BOOST_TEST(*changed == (std::vector<std::string>{"BORDER", "OLD"}),
             boost::test_tools::per_element());
  BOOST_TEST((status("OLD") == AssetStatus::idle));
  BOOST_TEST((status("BORDER") == AssetStatus::idle));
  BOOST_TEST((status("RECENT") == AssetStatus::in_use));
  BOOST_TEST((status("FIXING") == AssetStatus::maintenance));
  auto h = history("OLD");
  BOOST_REQUIRE(h.size() == 2u);
  BOOST_TEST(h[1].kind == "status");
  BOOST_TEST(h[1].actor == "idle-scan");
  BOOST_TEST(h[1].detail == "in_use -> idle: not moved for 30 days");
  BOOST_TEST(h[1].at == now);

  // Nothing left to do now; two days later RECENT has crossed the line.
  BOOST_TEST(mark_idle_assets(*store, now)->empty());
  auto later = mark_idle_assets(*store, now + 2 * kDay);
  BOOST_TEST(*later == (std::vector<std::string>{"RECENT"}), boost::test_tools::per_element());
  BOOST_TEST(history("OLD").size() == 2u);
}

BOOST_AUTO_TEST_CASE(idle_days_configuration_is_checked) {
  test::TempDir dir;
  auto store = Store::open(dir.file("c.db"), inventory::schema());
  BOOST_REQUIRE(store.ok());
  for (const char* bad : {"0", "-3", "ten", "1.5", "36501", ""})
    BOOST_TEST(!set_config(**store, "asset.idle_days", bad).ok(), bad);
  BOOST_TEST(set_config(**store, "asset.idle_days", "14").ok());
  for (const char* bad : {"yes", "1", "TRUE", ""})
    BOOST_TEST(!set_config(**store, "asset.auto_publish", bad).ok(), bad);
  BOOST_TEST(set_config(**store, "asset.auto_publish", "true").ok());
  BOOST_TEST(set_config(**store, "asset.auto_publish", "false").ok());
}

BOOST_FIXTURE_TEST_CASE(sightings_update_last_seen_and_record_only_moves, Fixture) {
  Asset a = add("CART-1");
  auto& db = database_of(*store);
  auto loc = [&](const char* code) {
    auto all = list_locations(*store);
    for (const auto& l : *all)
      if (l.code == code) return l.id;
    BOOST_FAIL("no location " << code);
    return std::int64_t{0};
  };
  std::int64_t a01 = loc("A-01"), dock = loc("DOCK");
  Micros t0 = a.registered_at + 1000;
  auto sight = [&](std::optional<std::int64_t> where, Micros at) {
    sql::Transaction tx(db);
    record_asset_sighting(tx, a.id, where, at);
    tx.commit();
  };

  sight(a01, t0);  // where it already is: no history
  auto seen = get_asset(*store, "CART-1");
  BOOST_TEST(*seen->last_seen_at == t0);
  BOOST_TEST(*seen->last_seen_location == "A-01");
  BOOST_TEST(seen->last_moved_at == a.last_moved_at);
  BOOST_TEST(history("CART-1").size() == 1u);

  sight(a01, t0 + 10);
  sight(std::nullopt, t0 + 20);  // a reader without a location
  seen = get_asset(*store, "CART-1");
  BOOST_TEST(*seen->last_seen_at == t0 + 20);
  BOOST_TEST(*seen->last_seen_location == "A-01");
  BOOST_TEST(history("CART-1").size() == 1u);

  sight(dock, t0 + 30);  // moved
  seen = get_asset(*store, "CART-1");
  BOOST_TEST(*seen->location == "DOCK");
  BOOST_TEST(*seen->last_seen_location == "DOCK");
  BOOST_TEST(*seen->last_seen_at == t0 + 30);
  BOOST_TEST(seen->last_moved_at == t0 + 30);
  BOOST_TEST((seen->status == AssetStatus::in_use));
  auto h = history("CART-1");
  BOOST_REQUIRE(h.size() == 2u);
  BOOST_TEST(h[1].kind == "moved");
  BOOST_TEST(h[1].detail == "A-01 -> DOCK");
  BOOST_TEST(h[1].actor == "reader");
  BOOST_TEST(h[1].at == t0 + 30);

  sight(dock, t0 + 40);
  sight(dock, t0 + 5);  // a late report never moves last seen backwards
  seen = get_asset(*store, "CART-1");
  BOOST_TEST(*seen->last_seen_at == t0 + 40);
  BOOST_TEST(history("CART-1").size() == 2u);

  // An asset registered without a location gets one at its first sighting.
  Asset b = add("CART-2", std::nullopt);
  {
    sql::Transaction tx(db);
    record_asset_sighting(tx, b.id, dock, t0);
    tx.commit();
  }
  auto hb = history("CART-2");
  BOOST_REQUIRE(hb.size() == 2u);
  BOOST_TEST(hb[1].detail == "- -> DOCK");
  BOOST_TEST(*get_asset(*store, "CART-2")->location == "DOCK");
}

BOOST_FIXTURE_TEST_CASE(moving_resets_the_idle_clock, Fixture) {
  Asset a = add("MOVER");
  Micros now = now_micros();
  exec("UPDATE asset SET last_moved_at = " + std::to_string(now - 40 * kDay));
  BOOST_REQUIRE(set_config(*store, "asset.idle_days", "30").ok());
  auto all = list_locations(*store);
  std::int64_t dock = 0;
  for (const auto& l : *all)
    if (l.code == "DOCK") dock = l.id;
  {
    sql::Transaction tx(database_of(*store));
    record_asset_sighting(tx, a.id, dock, now - kDay);
    tx.commit();
  }
  BOOST_TEST(mark_idle_assets(*store, now)->empty());
  BOOST_TEST((status("MOVER") == AssetStatus::in_use));
}
