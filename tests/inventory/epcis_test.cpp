// EPCIS 2.0 export: a field-by-field comparison of known events with their ObjectEvents
// (written from the standard's field names, CBV 2.0 short names and RFC 4122 name-based
// UUIDs computed independently), the action/bizStep/disposition mapping of every kind, and a
// document made from events the real pipeline and a cycle count wrote: it parses, every event
// has the required fields, ids are stable and unique, and --since filters.
#define BOOST_TEST_MODULE epcis
#include "inventory/pipeline/epcis.h"

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>
#include <set>

#include "epc/epc.h"
#include "inventory/catalog/catalog.h"
#include "inventory/counts/counts.h"
#include "inventory/pipeline/pipeline.h"
#include "inventory/pipeline/readers.h"
#include "inventory/pipeline/readpoints.h"
#include "sync/node/node_schema.h"
#include "tests/support/result_text.h"
#include "tests/support/temp_dir.h"

using namespace rfinv;
using namespace rfinv::inventory;
namespace json = boost::json;

namespace {

// The TDS example tag: urn:epc:tag:sgtin-96:3.0614141.812345.6789.
constexpr std::string_view kTdsExample = "3074257BF7194E4000001A85";

EventRecord record(std::string kind, std::string key) {
  EventRecord e;
  e.id = 1;
  e.kind = std::move(kind);
  e.key = std::move(key);
  e.at = *parse_utc("2026-11-23T08:00:00Z");
  e.epc = std::string(kTdsExample);
  e.sku = "WIDGET";
  return e;
}

json::object exported(const EventRecord& e) {
  auto m = epcis_mapping(e);
  BOOST_REQUIRE_MESSAGE(m.has_value(), e.kind << " is not exported");
  return epcis_object_event(e, *m);
}

void check_same(const json::object& got, const std::string& expected_text) {
  auto expected = json::parse(expected_text).as_object();
  for (const auto& [k, v] : expected) {
    BOOST_TEST_CONTEXT("field " << k) {
      BOOST_REQUIRE_MESSAGE(got.contains(k), "missing");
      BOOST_TEST(json::serialize(got.at(k)) == json::serialize(v));
    }
  }
  for (const auto& [k, v] : got) BOOST_TEST_CONTEXT("field " << k) {
      BOOST_TEST(expected.contains(k), "unexpected field");
    }
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_receipt_matches_field_by_field) {
  auto e = record("receive", "rp1:3074257BF7194E4000001A85:1795420800000000:move");
  e.reader = "dock-1";
  e.antenna = 2;
  e.role = "dock-in";
  e.location = "A/1#2";  // codes may hold characters a URN must escape
  e.movement_id = 9;
  e.movement_kind = "receive";
  e.movement_qty = 1;
  e.to_location = "A/1#2";
  check_same(exported(e), R"({
    "type": "ObjectEvent",
    "eventTime": "2026-11-23T08:00:00.000000Z",
    "eventTimeZoneOffset": "+00:00",
    "eventID": "urn:uuid:c1f49099-0eed-504c-8d8d-b8872ffb3c7f",
    "epcList": ["urn:epc:id:sgtin:0614141.812345.6789"],
    "action": "ADD",
    "bizStep": "receiving",
    "disposition": "in_progress",
    "readPoint": {"id": "urn:rfinv:readpoint:dock-1:2"},
    "bizLocation": {"id": "urn:rfinv:location:A%2F1%232"}
  })");
}

BOOST_AUTO_TEST_CASE(a_count_adjustment_out_has_no_read_point_and_no_location) {
  auto e = record("count_adjust", "count7:3074257BF7194E4000001A85");
  e.location = "SHELF-A";
  e.movement_id = 12;
  e.movement_kind = "adjust";
  e.movement_qty = -1;
  e.to_location = "SHELF-A";
  check_same(exported(e), R"({
    "type": "ObjectEvent",
    "eventTime": "2026-11-23T08:00:00.000000Z",
    "eventTimeZoneOffset": "+00:00",
    "eventID": "urn:uuid:e718dc9b-3fdb-565e-9e10-fe654bf2c50d",
    "epcList": ["urn:epc:id:sgtin:0614141.812345.6789"],
    "action": "DELETE",
    "bizStep": "cycle_counting",
    "disposition": "unknown"
  })");
}

BOOST_AUTO_TEST_CASE(a_transfer_names_its_source_and_destination) {
  auto e = record("transfer", "rp4:3074257BF7194E4000001A85:1795420800000000:move");
  e.reader = "shelf";
  e.antenna = 1;
  e.role = "shelf";
  e.location = "SHELF-B";
  e.movement_kind = "transfer";
  e.movement_qty = 1;
  e.from_location = "SHELF-A";
  e.to_location = "SHELF-B";
  auto got = exported(e);
  BOOST_TEST(got.at("action").as_string() == "OBSERVE");
  BOOST_TEST(got.at("bizStep").as_string() == "storing");
  BOOST_TEST(got.at("disposition").as_string() == "sellable_accessible");
  BOOST_TEST(json::serialize(got.at("sourceList")) ==
             R"([{"type":"location","source":"urn:rfinv:location:SHELF-A"}])");
  BOOST_TEST(json::serialize(got.at("destinationList")) ==
             R"([{"type":"location","destination":"urn:rfinv:location:SHELF-B"}])");
}

BOOST_AUTO_TEST_CASE(every_kind_maps_as_specified) {
  struct Case {
    std::string kind;
    std::optional<std::string> role, movement_kind;
    std::optional<std::int64_t> qty;
    std::string action, biz_step, disposition;
  };
  std::vector<Case> cases{
      {"receive", "dock-in", "receive", 1, "ADD", "receiving", "in_progress"},
      {"receive", "portal-inner", "receive", 1, "ADD", "receiving", "in_progress"},
      {"issue", "dock-out", "issue", 1, "DELETE", "shipping", "in_transit"},
      {"transfer", "shelf", "transfer", 1, "OBSERVE", "storing", "sellable_accessible"},
      {"seen", "dock-in", {}, {}, "OBSERVE", "arriving", "in_progress"},
      {"seen", "shelf", {}, {}, "OBSERVE", "storing", "sellable_accessible"},
      {"counted", "handheld", {}, {}, "OBSERVE", "cycle_counting", "sellable_accessible"},
      {"count_adjust", {}, "adjust", 1, "ADD", "cycle_counting", "sellable_accessible"},
      {"count_adjust", "handheld", "transfer", 1, "OBSERVE", "cycle_counting",
       "sellable_accessible"},
      {"count_adjust", {}, "adjust", -1, "DELETE", "cycle_counting", "unknown"},
      {"count_adjust", {}, {}, {}, "DELETE", "cycle_counting", "unknown"},
  };
  for (const auto& c : cases) {
    BOOST_TEST_CONTEXT(c.kind << " " << c.role.value_or("-") << " " << c.qty.value_or(0)) {
      auto e = record(c.kind, "k");
      e.role = c.role;
      e.movement_kind = c.movement_kind;
      e.movement_qty = c.qty;
      auto m = epcis_mapping(e);
      BOOST_REQUIRE(m.has_value());
      BOOST_TEST(m->action == c.action);
      BOOST_TEST(m->biz_step == c.biz_step);
      BOOST_TEST(m->disposition == c.disposition);
    }
  }
  for (std::string kind : {"unobserved", "anomaly", "unknown", "asset_seen"})
    BOOST_TEST(!epcis_mapping(record(kind, "k")).has_value(), kind << " is exported");
}

BOOST_AUTO_TEST_CASE(identifiers_follow_the_documented_forms) {
  BOOST_TEST(epcis_epc_uri("E2801160600002054E2D79A5") ==
             "urn:epc:raw:96.xE2801160600002054E2D79A5");
  BOOST_TEST(epcis_epc_uri(kTdsExample) == "urn:epc:id:sgtin:0614141.812345.6789");
  BOOST_TEST(epcis_read_point_uri("r_1.x", 3) == "urn:rfinv:readpoint:r_1.x:3");
  BOOST_TEST(epcis_location_uri("B 1%") == "urn:rfinv:location:B%201%25");
  BOOST_TEST(epcis_event_id("a") == epcis_event_id("a"));
  BOOST_TEST(epcis_event_id("a") != epcis_event_id("b"));
}

namespace {

std::string unit_hex(int serial) {
  auto e =
      epc::sgtin_from_gtin("80614141123458", 7, std::to_string(serial), 1, epc::Scheme::sgtin_96);
  BOOST_REQUIRE(e.ok());
  return *epc::encode_hex(*e);
}

// A day through the real pipeline: receipts at a dock, a move to another shelf, an issue,
// a handheld count of shelf A that finds one unit missing, applied.
struct Day {
  test::TempDir dir;
  std::unique_ptr<Store> store;
  std::unique_ptr<Pipeline> pipeline;
  Micros now = *parse_utc("2026-11-23T08:00:00Z");
  Micros moved_at = 0;

  Day() {
    store = std::move(Store::open(dir.file("epcis.db"), sync::node_schema()).value());
    BOOST_REQUIRE(add_location(*store, {"SHELF-A", "", {}, {}, {}}).ok());
    BOOST_REQUIRE(add_location(*store, {"SHELF-B", "", {}, {}, {}}).ok());
    ItemFields widget;
    widget.name = "Widget";
    widget.gtin = "80614141123458";
    BOOST_REQUIRE(add_item(*store, "WIDGET", widget).ok());
    BOOST_REQUIRE(add_reader(*store, "dock", "sim://dock.json", now).ok());
    BOOST_REQUIRE(add_reader(*store, "shelf", "sim://shelf.json", now).ok());
    point("dock", 1, "SHELF-A", ReadPointRole::dock_in);
    point("dock", 2, "SHELF-A", ReadPointRole::dock_out);
    point("shelf", 1, "SHELF-B", ReadPointRole::shelf);
    point("shelf", 2, "SHELF-A", ReadPointRole::handheld);
    pipeline = std::move(Pipeline::open(*store).value());

    see("dock", 1, {unit_hex(1), unit_hex(2), unit_hex(3), unit_hex(4)});
    moved_at = now;
    see("shelf", 1, {unit_hex(4)});
    see("dock", 2, {unit_hex(3)});
    auto session = start_count(*store, "SHELF-A", "tester", now);
    BOOST_REQUIRE(session.ok());
    BOOST_REQUIRE(pipeline->reload().ok());
    see("shelf", 2, {unit_hex(1)});
    auto report =
        finish_count(*store, {session->id, std::nullopt}, CountFinish::apply, "tester", now);
    BOOST_REQUIRE_MESSAGE(report.ok(), test::error_text(report));
    BOOST_REQUIRE_EQUAL(report->missing.size(), 1u);
  }

  void point(const std::string& reader, int antenna, const std::string& location,
             ReadPointRole role) {
    NewReadPoint rp;
    rp.reader = reader;
    rp.antenna = antenna;
    rp.location = location;
    rp.role = role;
    BOOST_REQUIRE(add_read_point(*store, rp).ok());
  }

  void see(const std::string& reader, std::uint16_t antenna,
           const std::vector<std::string>& hexes) {
    std::vector<drivers::TagRead> reads;
    for (int pass = 0; pass < 2; ++pass) {
      for (const auto& hex : hexes) {
        auto bytes = epc::parse_hex(hex);
        drivers::TagRead r;
        r.reader = reader;
        r.antenna = antenna;
        r.epc.assign(bytes->begin(), bytes->end());
        r.epc_bits = 96;
        r.rssi_dbm = -50.0f;
        r.first_seen = r.last_seen = now;
        reads.push_back(std::move(r));
      }
      now += 100'000;
    }
    BOOST_REQUIRE(pipeline->ingest(reads).ok());
    now += 30'000'000;
  }

  json::object document(const EventFilter& filter) {
    auto events = list_events(*store, filter);
    BOOST_REQUIRE_MESSAGE(events.ok(), test::error_text(events));
    // Through text, as a consumer reads it.
    return json::parse(json::serialize(epcis_document(*events, now))).as_object();
  }
};

}  // namespace

BOOST_FIXTURE_TEST_CASE(a_day_exports_as_a_valid_document_with_stable_ids, Day) {
  auto doc = document({});
  BOOST_TEST(doc.at("@context").as_string() == kEpcisContext);
  BOOST_TEST(doc.at("type").as_string() == "EPCISDocument");
  BOOST_TEST(doc.at("schemaVersion").as_string() == "2.0");
  BOOST_TEST(parse_utc(doc.at("creationDate").as_string()).has_value());
  const auto& list = doc.at("epcisBody").at("eventList").as_array();

  // 4 receipts, 1 transfer, 1 issue, 1 counted, 1 count adjustment out.
  std::multiset<std::string> steps;
  std::set<std::string> ids;
  for (const auto& v : list) {
    const auto& e = v.as_object();
    BOOST_TEST_CONTEXT(json::serialize(e)) {
      BOOST_TEST(e.at("type").as_string() == "ObjectEvent");
      BOOST_TEST(parse_utc(e.at("eventTime").as_string()).has_value());
      BOOST_TEST(e.at("eventTimeZoneOffset").as_string() == "+00:00");
      BOOST_TEST(e.at("eventID").as_string().starts_with("urn:uuid:"));
      ids.insert(std::string(e.at("eventID").as_string()));
      BOOST_REQUIRE(e.at("epcList").as_array().size() == 1u);
      BOOST_TEST(e.at("epcList").at(0).as_string().starts_with("urn:epc:id:sgtin:0614141.812345."));
      std::string action(e.at("action").as_string());
      BOOST_TEST((action == "ADD" || action == "OBSERVE" || action == "DELETE"));
      BOOST_TEST(!e.at("disposition").as_string().empty());
      if (e.contains("readPoint"))
        BOOST_TEST(e.at("readPoint").at("id").as_string().starts_with("urn:rfinv:readpoint:"));
      if (e.contains("bizLocation"))
        BOOST_TEST(e.at("bizLocation").at("id").as_string().starts_with("urn:rfinv:location:"));
      steps.insert(action + " " + std::string(e.at("bizStep").as_string()));
    }
  }
  BOOST_TEST(list.size() == 8u);
  BOOST_TEST(ids.size() == list.size());
  BOOST_TEST(steps.count("ADD receiving") == 4u);
  BOOST_TEST(steps.count("OBSERVE storing") == 1u);
  BOOST_TEST(steps.count("DELETE shipping") == 1u);
  BOOST_TEST(steps.count("OBSERVE cycle_counting") == 1u);
  BOOST_TEST(steps.count("DELETE cycle_counting") == 1u);

  // The same events export with the same ids.
  auto second = document({});
  const auto& again = second.at("epcisBody").at("eventList").as_array();
  BOOST_REQUIRE(again.size() == list.size());
  for (std::size_t i = 0; i < list.size(); ++i)
    BOOST_TEST(again[i].at("eventID") == list[i].at("eventID"));
}

BOOST_FIXTURE_TEST_CASE(since_and_until_filter_by_event_time, Day) {
  auto all = list_events(*store, {});
  BOOST_REQUIRE(all.ok());
  auto later = list_events(*store, {moved_at, std::nullopt});
  BOOST_REQUIRE(later.ok());
  auto earlier = list_events(*store, {std::nullopt, moved_at});
  BOOST_REQUIRE(earlier.ok());
  BOOST_TEST(later->size() + earlier->size() == all->size());
  BOOST_TEST(!later->empty());
  BOOST_TEST(!earlier->empty());
  for (const auto& e : *later) BOOST_TEST(e.at >= moved_at);
  for (const auto& e : *earlier) BOOST_TEST(e.at < moved_at);
  for (const auto& e : *earlier) BOOST_TEST(e.kind == "receive");

  auto doc = document({moved_at, std::nullopt});
  const auto& list = doc.at("epcisBody").at("eventList").as_array();
  BOOST_TEST(list.size() == 4u);  // the transfer, the issue and the count's two
  for (const auto& v : list) BOOST_TEST(*parse_utc(v.at("eventTime").as_string()) >= moved_at);
}
