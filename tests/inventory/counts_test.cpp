// Cycle counts through the real read pipeline on a real SQLite file: units received at dock
// doors, a handheld sweeping a shelf during an open count, and finishing with and without
// --apply. Checks the four lists, the stock and units after applying, the idempotency keys,
// that a finished count cannot be applied twice, and that a count only takes in reads from
// read points inside its location while it is open.
#define BOOST_TEST_MODULE counts
#include "inventory/counts/counts.h"

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <set>

#include "epc/epc.h"
#include "inventory/catalog/catalog.h"
#include "inventory/ledger/ledger.h"
#include "inventory/pipeline/pipeline.h"
#include "inventory/pipeline/readers.h"
#include "inventory/pipeline/readpoints.h"
#include "inventory/store/store_database.h"
#include "sql/database.h"
#include "sync/node/node_schema.h"
#include "tests/support/result_text.h"
#include "tests/support/temp_dir.h"

using namespace rfinv;
using namespace rfinv::inventory;

namespace {

constexpr std::string_view kGtin = "80614141123458";
constexpr std::string_view kUnknownTag = "E2801160600002054E2D79A5";

std::string unit_hex(int serial) {
  auto e = epc::sgtin_from_gtin(kGtin, 7, std::to_string(serial), 1, epc::Scheme::sgtin_96);
  BOOST_REQUIRE_MESSAGE(e.ok(), test::error_text(e));
  return *epc::encode_hex(*e);
}

struct Fixture {
  test::TempDir dir;
  std::unique_ptr<Store> store;
  std::unique_ptr<Pipeline> pipeline;
  Micros now = *parse_utc("2026-11-23T08:00:00Z");

  Fixture() {
    auto opened = Store::open(dir.file("counts.db"), sync::node_schema());
    BOOST_REQUIRE(opened.ok());
    store = std::move(opened.value());
    BOOST_REQUIRE(add_location(*store, {"SITE", "", {}, {}, {}}).ok());
    BOOST_REQUIRE(add_location(*store, {"SHELF-A", "", {}, std::string("SITE"), {}}).ok());
    BOOST_REQUIRE(add_location(*store, {"A-TOP", "", {}, std::string("SHELF-A"), {}}).ok());
    BOOST_REQUIRE(add_location(*store, {"SHELF-B", "", {}, std::string("SITE"), {}}).ok());
    ItemFields widget;
    widget.name = "Widget";
    widget.gtin = std::string(kGtin);
    BOOST_REQUIRE(add_item(*store, "WIDGET", widget).ok());
    BOOST_REQUIRE(add_reader(*store, "dock", "sim://dock.json", now).ok());
    BOOST_REQUIRE(add_reader(*store, "hand", "sim://hand.json", now).ok());
    point("dock", 1, "SHELF-A", ReadPointRole::dock_in);
    point("dock", 2, "SHELF-B", ReadPointRole::dock_in);
    point("hand", 1, "SHELF-A", ReadPointRole::handheld);
    point("hand", 2, "A-TOP", ReadPointRole::handheld);
    point("hand", 3, "SHELF-B", ReadPointRole::handheld);
    auto p = Pipeline::open(*store);
    BOOST_REQUIRE_MESSAGE(p.ok(), test::error_text(p));
    pipeline = std::move(p.value());
  }

  void point(const std::string& reader, int antenna, const std::string& location,
             ReadPointRole role) {
    NewReadPoint rp;
    rp.reader = reader;
    rp.antenna = antenna;
    rp.location = location;
    rp.role = role;
    auto added = add_read_point(*store, rp);
    BOOST_REQUIRE_MESSAGE(added.ok(), test::error_text(added));
  }

  // Each tag read twice, 100 ms apart: enough to enter with the default smoothing.
  void see(const std::string& reader, std::uint16_t antenna,
           const std::vector<std::string>& hexes) {
    std::vector<drivers::TagRead> reads;
    for (int pass = 0; pass < 2; ++pass) {
      for (const auto& hex : hexes) {
        auto bytes = epc::parse_hex(hex);
        BOOST_REQUIRE(bytes.ok());
        drivers::TagRead r;
        r.reader = reader;
        r.antenna = antenna;
        r.epc.assign(bytes->begin(), bytes->end());
        r.epc_bits = std::uint16_t(bytes->size() * 8);
        r.rssi_dbm = -50.0f;
        r.first_seen = r.last_seen = now;
        reads.push_back(std::move(r));
      }
      now += 100'000;
    }
    auto events = pipeline->ingest(reads);
    BOOST_REQUIRE_MESSAGE(events.ok(), test::error_text(events));
    now += 30'000'000;  // every tag leaves the read point before the next sweep
  }

  std::int64_t stock_at(const std::string& location) {
    auto lines = stock_levels(*store, {std::string("WIDGET"), location, false});
    BOOST_REQUIRE(lines.ok());
    std::int64_t total = 0;
    for (const auto& l : *lines)
      if (l.location == location) total += l.qty;
    return total;
  }

  // The unit's location when on hand, "" when not on hand, "none" when no row.
  std::string unit_at(const std::string& hex) {
    auto st = database_of(*store).prepare(
        "SELECT u.on_hand, l.code FROM unit u LEFT JOIN location l ON l.id = u.location_id "
        "WHERE u.epc = ?");
    if (!st.bind(1, hex).step()) return "none";
    std::string at = st.int64(0) ? st.text(1) : "";
    return at;
  }

  std::int64_t scalar(const std::string& sql) {
    auto st = database_of(*store).prepare(sql);
    BOOST_REQUIRE(st.step());
    auto v = st.int64(0);
    return v;
  }

  CountSession start(const std::string& location) {
    auto s = start_count(*store, location, "tester", now);
    BOOST_REQUIRE_MESSAGE(s.ok(), test::error_text(s));
    BOOST_REQUIRE(pipeline->reload().ok());
    return *s;
  }

  // Five units on SHELF-A, two on SHELF-B.
  void receive_stock() {
    see("dock", 1, {unit_hex(1), unit_hex(2), unit_hex(3), unit_hex(4), unit_hex(5)});
    see("dock", 2, {unit_hex(6), unit_hex(7)});
    BOOST_REQUIRE_EQUAL(stock_at("SHELF-A"), 5);
    BOOST_REQUIRE_EQUAL(stock_at("SHELF-B"), 2);
  }

  // Units 1-4 on the shelf, 4 on its top board; unit 6 (booked on B), unit 8 (never
  // received) and a tag nobody knows.
  void sweep_shelf_a() {
    see("hand", 1,
        {unit_hex(1), unit_hex(2), unit_hex(3), unit_hex(6), unit_hex(8),
         std::string(kUnknownTag)});
    see("hand", 2, {unit_hex(4)});
  }
};

std::set<std::string> epcs(const std::vector<CountLine>& lines) {
  std::set<std::string> out;
  for (const auto& l : lines) out.insert(l.epc);
  return out;
}

const CountLine& line_for(const std::vector<CountLine>& lines, const std::string& hex) {
  auto it =
      std::find_if(lines.begin(), lines.end(), [&](const CountLine& l) { return l.epc == hex; });
  BOOST_REQUIRE_MESSAGE(it != lines.end(), hex << " is not listed");
  return *it;
}

}  // namespace

BOOST_FIXTURE_TEST_CASE(finishing_lists_seen_missing_unexpected_and_unknown_without_posting,
                        Fixture) {
  receive_stock();
  auto session = start("SHELF-A");
  sweep_shelf_a();
  auto open = open_counts(*store);
  BOOST_REQUIRE(open.ok());
  BOOST_REQUIRE_EQUAL(open->size(), 1u);
  BOOST_TEST(open->front().seen == 7);
  auto movements_before = scalar("SELECT count(*) FROM movement");

  auto report =
      finish_count(*store, {session.id, std::nullopt}, CountFinish::preview, "tester", now);
  BOOST_REQUIRE_MESSAGE(report.ok(), test::error_text(report));
  BOOST_TEST((epcs(report->expected_seen) ==
              std::set<std::string>{unit_hex(1), unit_hex(2), unit_hex(3), unit_hex(4)}));
  BOOST_TEST((epcs(report->missing) == std::set<std::string>{unit_hex(5)}));
  BOOST_TEST((epcs(report->unexpected) == std::set<std::string>{unit_hex(6), unit_hex(8)}));
  BOOST_TEST((epcs(report->unknown) == std::set<std::string>{std::string(kUnknownTag)}));
  BOOST_TEST(report->assets.empty());

  BOOST_TEST(line_for(report->missing, unit_hex(5)).location == "SHELF-A");
  BOOST_TEST(*line_for(report->missing, unit_hex(5)).sku == "WIDGET");
  BOOST_TEST(line_for(report->expected_seen, unit_hex(4)).location == "SHELF-A");
  const auto& elsewhere = line_for(report->unexpected, unit_hex(6));
  BOOST_TEST(elsewhere.belongs_at.value_or("") == "SHELF-B");
  BOOST_TEST(elsewhere.location == "SHELF-A");
  BOOST_TEST(!line_for(report->unexpected, unit_hex(8)).belongs_at.has_value());
  BOOST_TEST(!report->unknown.front().sku.has_value());
  BOOST_TEST(report->unknown.front().uri.starts_with("urn:epc:raw:96.x"));
  BOOST_TEST(line_for(report->missing, unit_hex(5)).uri == "urn:epc:id:sgtin:0614141.812345.5");

  // A preview: nothing posted, and the session stays open to be applied.
  BOOST_TEST(scalar("SELECT count(*) FROM movement") == movements_before);
  BOOST_TEST(stock_at("SHELF-A") == 5);
  BOOST_TEST(unit_at(unit_hex(5)) == "SHELF-A");
  BOOST_TEST(!report->session.finished_at.has_value());
  BOOST_TEST(!report->session.applied);
  BOOST_TEST(open_counts(*store)->size() == 1u);
  auto applied =
      finish_count(*store, {session.id, std::nullopt}, CountFinish::apply, "tester", now);
  BOOST_REQUIRE_MESSAGE(applied.ok(), test::error_text(applied));
  BOOST_TEST((epcs(applied->missing) == epcs(report->missing)));
  BOOST_TEST((epcs(applied->unexpected) == epcs(report->unexpected)));
  BOOST_TEST(applied->session.applied);
  BOOST_TEST(open_counts(*store)->empty());
}

BOOST_FIXTURE_TEST_CASE(a_discarded_count_posts_nothing_and_cannot_be_applied, Fixture) {
  receive_stock();
  auto session = start("SHELF-A");
  sweep_shelf_a();
  auto movements_before = scalar("SELECT count(*) FROM movement");
  auto discarded =
      finish_count(*store, {session.id, std::nullopt}, CountFinish::discard, "tester", now);
  BOOST_REQUIRE_MESSAGE(discarded.ok(), test::error_text(discarded));
  BOOST_TEST(discarded->session.finished_at.has_value());
  BOOST_TEST(!discarded->session.applied);
  BOOST_TEST(scalar("SELECT count(*) FROM movement") == movements_before);
  BOOST_TEST(open_counts(*store)->empty());
  auto again = finish_count(*store, {session.id, std::nullopt}, CountFinish::apply, "tester", now);
  BOOST_REQUIRE(!again.ok());
  BOOST_TEST((again.error().code == Errc::conflict));
  BOOST_TEST(stock_at("SHELF-A") == 5);
}

BOOST_FIXTURE_TEST_CASE(applying_posts_one_keyed_movement_per_difference, Fixture) {
  receive_stock();
  auto session = start("SHELF-A");
  sweep_shelf_a();
  auto report = finish_count(*store, {std::nullopt, std::string("SHELF-A")}, CountFinish::apply,
                             "tester", now);
  BOOST_REQUIRE_MESSAGE(report.ok(), test::error_text(report));
  BOOST_TEST(report->session.applied);

  // 5 - 1 missing + 1 moved in from B + 1 found.
  BOOST_TEST(stock_at("SHELF-A") == 6);
  BOOST_TEST(stock_at("SHELF-B") == 1);
  auto item = get_item(*store, "WIDGET");
  BOOST_REQUIRE(item.ok());
  BOOST_TEST(item->on_hand == 7);
  BOOST_TEST(unit_at(unit_hex(5)) == "");
  BOOST_TEST(unit_at(unit_hex(6)) == "SHELF-A");
  BOOST_TEST(unit_at(unit_hex(8)) == "SHELF-A");
  BOOST_TEST(unit_at(unit_hex(1)) == "SHELF-A");
  BOOST_TEST(unit_at(std::string(kUnknownTag)) == "none");

  BOOST_TEST(line_for(report->missing, unit_hex(5)).applied == "adjusted out");
  BOOST_TEST(line_for(report->unexpected, unit_hex(6)).applied == "transferred");
  BOOST_TEST(line_for(report->unexpected, unit_hex(8)).applied == "adjusted in");

  auto key = [&](int serial) { return fmt::format("count{}:{}", session.id, unit_hex(serial)); };
  auto history = movement_history(*store, "WIDGET", 100);
  BOOST_REQUIRE(history.ok());
  std::map<std::string, MovementRecord> by_key;
  for (const auto& m : *history)
    if (m.key && m.key->starts_with("count")) by_key[*m.key] = m;
  BOOST_REQUIRE_EQUAL(by_key.size(), 3u);
  BOOST_TEST(by_key[key(5)].kind == "adjust");
  BOOST_TEST(by_key[key(5)].qty == -1);
  BOOST_TEST(by_key[key(5)].reason.value_or("") ==
             fmt::format("cycle count {}: missing", session.id));
  BOOST_TEST(by_key[key(6)].kind == "transfer");
  BOOST_TEST(by_key[key(6)].from.value_or("") == "SHELF-B");
  BOOST_TEST(by_key[key(6)].to.value_or("") == "SHELF-A");
  BOOST_TEST(by_key[key(8)].kind == "adjust");
  BOOST_TEST(by_key[key(8)].qty == 1);
  BOOST_TEST(by_key[key(8)].reason.value_or("") ==
             fmt::format("cycle count {}: found", session.id));
  BOOST_TEST(scalar("SELECT count(*) FROM business_event WHERE kind = 'count_adjust'") == 3);

  // An exact retry of any of those movements is a replay; the same key with other content
  // (here another reason) is a conflict; and the count cannot be applied again.
  MovementRequest retry;
  retry.kind = MovementKind::adjust;
  retry.sku = "WIDGET";
  retry.qty = -1;
  retry.to = "SHELF-A";
  retry.actor = "tester";
  retry.reason = fmt::format("cycle count {}: missing", session.id);
  retry.key = key(5);
  auto replayed = post_movement(*store, retry);
  BOOST_REQUIRE(replayed.ok());
  BOOST_TEST(replayed->replayed);
  retry.reason = "retry";
  auto other = post_movement(*store, retry);
  BOOST_REQUIRE(!other.ok());
  BOOST_TEST(int(other.error().code) == int(Errc::conflict));
  auto again = finish_count(*store, {session.id, std::nullopt}, CountFinish::apply, "tester", now);
  BOOST_TEST(!again.ok());
  BOOST_TEST(stock_at("SHELF-A") == 6);
  BOOST_TEST(scalar("SELECT count(*) FROM business_event WHERE kind = 'count_adjust'") == 3);
}

BOOST_FIXTURE_TEST_CASE(a_unit_whose_stock_was_issued_untagged_is_marked_gone_not_negative,
                        Fixture) {
  receive_stock();
  MovementRequest issue;
  issue.kind = MovementKind::issue;
  issue.sku = "WIDGET";
  issue.qty = 4;
  issue.from = "SHELF-A";
  issue.actor = "tester";
  BOOST_REQUIRE(post_movement(*store, issue).ok());  // by hand, without the tags: 1 left
  auto session = start("SHELF-A");
  see("hand", 1, {unit_hex(1), unit_hex(2), unit_hex(3)});
  auto report = finish_count(*store, {session.id, std::nullopt}, CountFinish::apply, "tester", now);
  BOOST_REQUIRE_MESSAGE(report.ok(), test::error_text(report));
  BOOST_REQUIRE_EQUAL(report->missing.size(), 2u);
  int adjusted = 0, marked = 0;
  for (const auto& l : report->missing) {
    adjusted += l.applied == "adjusted out";
    marked += l.applied == "marked not on hand";
    BOOST_TEST(unit_at(l.epc) == "");
  }
  BOOST_TEST(adjusted == 1);
  BOOST_TEST(marked == 1);
  BOOST_TEST(stock_at("SHELF-A") == 0);
}

BOOST_FIXTURE_TEST_CASE(a_count_takes_in_only_reads_inside_its_location_while_open, Fixture) {
  receive_stock();
  see("hand", 1, {unit_hex(1)});  // before the count: not counted
  auto session = start("SHELF-A");
  see("hand", 3, {unit_hex(6), unit_hex(7)});  // SHELF-B is not inside SHELF-A
  see("hand", 2, {unit_hex(2)});               // A-TOP is
  auto open = open_counts(*store);
  BOOST_REQUIRE(open.ok() && open->size() == 1u);
  BOOST_TEST(open->front().seen == 1);
  auto report = finish_count(*store, {}, CountFinish::discard, "tester", now);
  BOOST_REQUIRE_MESSAGE(report.ok(), test::error_text(report));
  BOOST_TEST((epcs(report->expected_seen) == std::set<std::string>{unit_hex(2)}));
  BOOST_TEST(report->missing.size() == 4u);
  BOOST_TEST(report->unexpected.empty());
  // Closed: the pipeline stops recording once it reloads.
  BOOST_REQUIRE(pipeline->reload().ok());
  see("hand", 1, {unit_hex(3)});
  BOOST_TEST(scalar(fmt::format("SELECT count(*) FROM count_seen WHERE session_id = {}",
                                session.id)) == 1);
}

BOOST_FIXTURE_TEST_CASE(bad_starts_and_finishes_are_refused_with_nothing_written, Fixture) {
  auto unknown = start_count(*store, "NOWHERE", "tester", now);
  BOOST_REQUIRE(!unknown.ok());
  BOOST_TEST((unknown.error().code == Errc::not_found));
  auto none = finish_count(*store, {}, CountFinish::preview, "tester", now);
  BOOST_REQUIRE(!none.ok());
  BOOST_TEST((none.error().code == Errc::not_found));

  auto a = start("SHELF-A");
  auto twice = start_count(*store, "SHELF-A", "tester", now);
  BOOST_REQUIRE(!twice.ok());
  BOOST_TEST((twice.error().code == Errc::conflict));
  BOOST_TEST(twice.error().message.find(std::to_string(a.id)) != std::string::npos);
  start("SHELF-B");
  auto which = finish_count(*store, {}, CountFinish::preview, "tester", now);
  BOOST_REQUIRE(!which.ok());
  BOOST_TEST((which.error().code == Errc::invalid_argument));
  auto no_such =
      finish_count(*store, {a.id + 100, std::nullopt}, CountFinish::preview, "tester", now);
  BOOST_REQUIRE(!no_such.ok());
  BOOST_TEST((no_such.error().code == Errc::not_found));
  auto not_open = finish_count(*store, {std::nullopt, std::string("SITE")}, CountFinish::preview,
                               "tester", now);
  BOOST_REQUIRE(!not_open.ok());
  BOOST_TEST((not_open.error().code == Errc::not_found));
  BOOST_TEST(open_counts(*store)->size() == 2u);
}
