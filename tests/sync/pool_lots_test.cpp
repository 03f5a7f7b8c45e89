// A stock hand-over carries its lots from the giving department's ledger to the receiving
// one's: a real hub process on loopback (SQLite, and PostgreSQL as pool_lots_test_postgresql),
// two node databases driven through the real rfinv binary, raw pushes for what an older or a
// broken node would send.
#define BOOST_TEST_MODULE pool_lots
#include <fmt/format.h>

#include <boost/test/unit_test.hpp>

#include "inventory/store/store.h"
#include "sync/node/http_client.h"
#include "sync/node/node_schema.h"
#include "sync/node/pool.h"
#include "tests/sync/pool_views.h"
#include "tests/sync/sync_support.h"

namespace json = boost::json;
using namespace rfinv;
using namespace rfinv::test;

namespace {

std::string first_line(const ProcessResult& r) { return r.out.substr(0, r.out.find('\n')); }

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// "LOT:EXPIRY:QTY" of each lot of SYR the node holds at `location` (expired ones marked); none
// for an untracked SYR.
std::vector<std::string> lots_at(const Node& node, const std::string& location) {
  std::vector<std::string> out;
  const auto lines = parse_out(node.must({"stock", "--sku", "SYR", "--lots", "--json"}));
  for (const auto& l : lines.as_array())
    if (l.at("location").as_string() == location && !l.at("lot").is_null()) {
      std::string line =
          fmt::format("{}:{}:{}", l.at("lot").as_string().c_str(),
                      l.at("expiry").is_null() ? "-" : l.at("expiry").as_string().c_str(),
                      l.at("qty").as_int64());
      if (l.at("expired").as_bool()) line += ":expired";
      out.push_back(line);
    }
  return out;
}

std::int64_t on_hand(const Node& node, const std::string& location) {
  std::int64_t total = 0;
  const auto lines = parse_out(node.must({"stock", "--sku", "SYR", "--json"}));
  for (const auto& l : lines.as_array())
    if (l.at("location").as_string() == location) total += l.at("qty").as_int64();
  return total;
}

json::object hub_request(const HubFixture& hub, const std::string& id) {
  const auto pool = hub.admin_get("/v1/pool");
  for (const auto& r : pool.at("requests").as_array())
    if (r.at("id").as_string() == id) return r.as_object();
  BOOST_FAIL("the hub has no request " << id);
  return {};
}

// OPS offers 8 SYR from STORE (lots L1: 4 expiring first, L2: 10), LAB asks for `qty` and OPS
// approves; `lab_tracks` are LAB's item flags. Returns the request id.
std::string approved_request(const Node& ops, const Node& lab, const std::string& qty,
                             const std::vector<std::string>& lab_tracks) {
  ops.must({"item", "add", "SYR", "--name", "Syringe", "--lots", "--expiry-tracked"});
  ops.must({"location", "add", "STORE"});
  ops.must({"receive", "SYR", "10", "--to", "STORE", "--lot", "L2", "--expiry", "2099-06-30"});
  ops.must({"receive", "SYR", "4", "--to", "STORE", "--lot", "L1", "--expiry", "2099-01-31"});
  std::vector<std::string> add{"item", "add", "SYR", "--name", "Syringe"};
  add.insert(add.end(), lab_tracks.begin(), lab_tracks.end());
  lab.must(add);
  lab.must({"location", "add", "B-01"});
  auto offer = first_line(ops.must({"pool", "offer", "SYR", "8", "--from", "STORE"}));
  lab.must({"sync"});
  auto req = first_line(lab.must({"pool", "request", offer, "--qty", qty, "--reason", "ward"}));
  ops.must({"sync"});
  ops.must({"pool", "approve", req});
  return req;
}

std::unique_ptr<sync::HubClient> client_for(const HubFixture& hub, const Node& node) {
  auto pem = run_process({"/bin/cat", hub.ca()}).out;
  auto client = sync::HubClient::connect({hub.url(), node.token, pem});
  BOOST_REQUIRE(client.ok());
  return std::move(*client);
}

// Pushes one handover of `req` as `seq` with `data`'s other fields; the hub's result for it.
json::object push_handover(sync::HubClient& client, std::int64_t seq, const std::string& req,
                           json::object data) {
  data["request"] = req;
  auto pushed = client.post(
      "/v1/push", json::object{{"events", json::array{json::object{{"seq", seq},
                                                                   {"type", "handover"},
                                                                   {"data", std::move(data)}}}}});
  BOOST_REQUIRE_MESSAGE(pushed.ok(), (pushed.ok() ? "" : pushed.error().message));
  return pushed->at("results").at(0).as_object();
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_hand_over_of_two_lots_arrives_as_two_lots_with_their_expiry) {
  HubFixture hub;
  hub.start();
  Node ops = make_node(hub, "OPS");
  Node lab = make_node(hub, "LAB");
  auto req = approved_request(ops, lab, "6", {"--lots", "--expiry-tracked"});
  ops.must({"pool", "handover", req});
  // First expiry first out: all of L1, then 2 of L2; the hub keeps them with the request.
  auto lots = hub_request(hub, req).at("lots").as_array();
  BOOST_REQUIRE_EQUAL(lots.size(), 2u);
  BOOST_CHECK_EQUAL(lots[0].at("lot").as_string(), "L1");
  BOOST_CHECK_EQUAL(lots[0].at("expiry").as_string(), "2099-01-31");
  BOOST_CHECK_EQUAL(lots[0].at("qty").as_int64(), 4);
  BOOST_CHECK_EQUAL(lots[1].at("lot").as_string(), "L2");
  BOOST_CHECK_EQUAL(lots[1].at("qty").as_int64(), 2);
  BOOST_CHECK(lots_at(ops, "STORE") == std::vector<std::string>{"L2:2099-06-30:8"});

  lab.must({"sync"});
  lab.must({"pool", "receive", req, "--to", "B-01"});
  std::vector<std::string> arrived{"L1:2099-01-31:4", "L2:2099-06-30:2"};
  BOOST_CHECK(lots_at(lab, "B-01") == arrived);
  // The receipt is one movement with both lots.
  auto history = parse_out(lab.must({"history", "SYR", "--json"})).as_array();
  BOOST_REQUIRE_EQUAL(history.size(), 1u);
  BOOST_CHECK_EQUAL(history[0].at("lots").as_array().size(), 2u);
  BOOST_CHECK_EQUAL(history[0].at("qty").as_int64(), 6);

  // As if both nodes crashed after the effects and before recording them: the whole log is
  // applied again, and nothing is counted twice on either side.
  ops.must({"sync"});
  for (const Node* n : {&ops, &lab}) {
    auto r = run_process({"/usr/bin/sqlite3", n->db,
                          "DELETE FROM sync_applied; UPDATE sync_settings SET cursor = 0;"});
    BOOST_REQUIRE_EQUAL(r.exit_code, 0);
    BOOST_CHECK(parse_out(n->must({"sync", "--json"})).at("applied").as_int64() > 0);
  }
  BOOST_CHECK(lots_at(lab, "B-01") == arrived);
  BOOST_CHECK(lots_at(ops, "STORE") == std::vector<std::string>{"L2:2099-06-30:8"});
  BOOST_CHECK_EQUAL(parse_out(lab.must({"history", "SYR", "--json"})).as_array().size(), 1u);
  hub.stop_clean();
}

// The issue takes the lots the hand-over carried, not what first expiry first out would pick
// once the event comes back: the receiver books what left.
BOOST_AUTO_TEST_CASE(the_givers_issue_takes_the_lots_the_hand_over_carries) {
  HubFixture hub;
  hub.start();
  Node ops = make_node(hub, "OPS");
  Node lab = make_node(hub, "LAB");
  auto req = approved_request(ops, lab, "3", {"--lots", "--expiry-tracked"});
  ops.must({"pool", "handover", req, "--offline"});
  // A lot expiring sooner arrives before the hand-over reaches the hub.
  ops.must({"receive", "SYR", "5", "--to", "STORE", "--lot", "L0", "--expiry", "2098-12-31"});
  ops.must({"sync"});
  BOOST_CHECK(lots_at(ops, "STORE") ==
              (std::vector<std::string>{"L0:2098-12-31:5", "L1:2099-01-31:1", "L2:2099-06-30:10"}));
  lab.must({"sync"});
  lab.must({"pool", "receive", req, "--to", "B-01"});
  BOOST_CHECK(lots_at(lab, "B-01") == std::vector<std::string>{"L1:2099-01-31:3"});
  hub.stop_clean();
}

// An older node's hand-over names no lots: the hub takes it, and an untracked item arrives.
BOOST_AUTO_TEST_CASE(
    a_hand_over_without_lots_from_an_older_node_still_works_for_an_untracked_item) {
  HubFixture hub;
  hub.start();
  Node ops = make_node(hub, "OPS");
  Node lab = make_node(hub, "LAB");
  ops.must({"item", "add", "SYR", "--name", "Syringe"});
  ops.must({"location", "add", "STORE"});
  ops.must({"receive", "SYR", "10", "--to", "STORE"});
  lab.must({"item", "add", "SYR", "--name", "Syringe"});
  lab.must({"location", "add", "B-01"});
  auto offer = first_line(ops.must({"pool", "offer", "SYR", "8", "--from", "STORE"}));
  lab.must({"sync"});
  auto req = first_line(lab.must({"pool", "request", offer, "--qty", "3", "--reason", "ward"}));
  ops.must({"sync"});
  ops.must({"pool", "approve", req});
  // Pushed as an older node would (its sequence far past this node's own outbox).
  auto client = client_for(hub, ops);
  auto result = push_handover(*client, 1000, req, {});
  BOOST_CHECK_MESSAGE(!result.contains("error"), json::serialize(result));
  BOOST_CHECK(!hub_request(hub, req).contains("lots"));
  ops.must({"sync"});
  BOOST_CHECK_EQUAL(on_hand(ops, "STORE"), 7);
  lab.must({"sync"});
  lab.must({"pool", "receive", req, "--to", "B-01"});
  BOOST_CHECK_EQUAL(on_hand(lab, "B-01"), 3);
  BOOST_CHECK_EQUAL(hub_request(hub, req).at("status").as_string(), "completed");
  hub.stop_clean();
}

BOOST_AUTO_TEST_CASE(malformed_lots_are_refused_naming_the_field_and_nothing_is_written) {
  HubFixture hub;
  hub.start();
  Node ops = make_node(hub, "OPS");
  Node lab = make_node(hub, "LAB");
  auto req = approved_request(ops, lab, "6", {"--lots", "--expiry-tracked"});
  auto client = client_for(hub, ops);
  auto lot = [](const char* code, json::value expiry, json::value qty) {
    return json::object{{"lot", code}, {"expiry", std::move(expiry)}, {"qty", std::move(qty)}};
  };
  struct Bad {
    json::value lots;
    std::string says;
  };
  json::array too_many;  // 101 lots of one unit each
  for (int i = 0; i <= 100; ++i) too_many.push_back(lot(fmt::format("L{}", i).c_str(), nullptr, 1));
  std::vector<Bad> cases{
      {json::array{lot("", "2099-01-31", 6)}, "lots[0].lot is empty"},
      {json::array{lot("L1", "2099-01-31", 4), lot("L2", "2099-02-30", 2)}, "lots[1].expiry"},
      {json::array{lot("L1", "31/01/2099", 6)}, "lots[0].expiry"},
      {json::array{lot("L1", "2099-01-31", 0), lot("L2", nullptr, 6)}, "lots[0].qty"},
      {json::array{lot("L1", "2099-01-31", -2), lot("L2", nullptr, 8)}, "lots[0].qty"},
      {json::array{lot("L1", "2099-01-31", "6")}, "lots[0].qty"},
      {json::array{lot("L1", "2099-01-31", 4), lot("L2", nullptr, 1)}, "add up to 5 units"},
      {json::array{lot("L1", nullptr, 3), lot("L1", nullptr, 3)}, "lots[1].lot"},
      {json::parse("[[]]"), "lots[0] must be an object"},
      {json::value("L1"), "field \"lots\" must be an array"},
      {too_many, "names more than 100 lots"},
  };
  std::int64_t seq = 1000;
  for (const auto& bad : cases) {
    auto result = push_handover(*client, ++seq, req, json::object{{"lots", bad.lots}});
    BOOST_REQUIRE_MESSAGE(result.contains("error"), json::serialize(bad.lots));
    BOOST_CHECK_MESSAGE(contains(std::string(result.at("error").as_string()), bad.says),
                        result.at("error").as_string() << " (wanted: " << bad.says << ")");
  }
  // Nothing of them was applied or logged: the request is still approved, without lots, and
  // the giver's ledger has not moved.
  auto after = hub_request(hub, req);
  BOOST_CHECK_EQUAL(after.at("status").as_string(), "approved");
  BOOST_CHECK(!after.contains("lots"));
  ops.must({"sync"});
  BOOST_CHECK_EQUAL(on_hand(ops, "STORE"), 14);
  const auto log = hub.admin_get("/v1/events");
  for (const auto& e : log.at("events").as_array())
    BOOST_CHECK(e.at("type").as_string() != "handover");
  // The node's own hand-over then goes through.
  ops.must({"pool", "handover", req});
  BOOST_CHECK_EQUAL(hub_request(hub, req).at("lots").as_array().size(), 2u);
  hub.stop_clean();
}

// Only stock carries lots: a hand-over of an asset that names some is refused, and the
// asset's own hand-over then goes through.
BOOST_AUTO_TEST_CASE(an_asset_hand_over_carrying_lots_is_refused) {
  HubFixture hub;
  hub.start();
  Node ops = make_node(hub, "OPS");
  Node lab = make_node(hub, "LAB");
  ops.must({"item", "add", "LAPTOP", "--name", "Laptop", "--cost", "1200"});
  ops.must({"asset", "register", "L-9", "--epc", "3034257BF7194E4000001A89", "--sku", "LAPTOP",
            "--dept", "OPS"});
  ops.must({"pool", "publish", "L-9"});
  lab.must({"sync"});
  auto req = first_line(lab.must({"pool", "request", "L-9", "--reason", "hire"}));
  ops.must({"sync"});
  ops.must({"pool", "approve", req});
  auto client = client_for(hub, ops);
  auto lots = json::array{json::object{{"lot", "L1"}, {"expiry", nullptr}, {"qty", 1}}};
  auto result = push_handover(*client, 1000, req, json::object{{"lots", lots}});
  BOOST_REQUIRE(result.contains("error"));
  BOOST_CHECK_MESSAGE(contains(std::string(result.at("error").as_string()),
                               "is for asset L-9; only stock carries lots"),
                      result.at("error").as_string());
  BOOST_CHECK_EQUAL(hub_request(hub, req).at("status").as_string(), "approved");
  ops.must({"pool", "handover", req});
  BOOST_CHECK_EQUAL(hub_request(hub, req).at("status").as_string(), "in_transit");
  hub.stop_clean();
}

namespace {

// Applies a receive event of request R-1 (OPS to LAB, 3 SYR into B-01) carrying `lots`, as the
// hub's log would bring it, to a fresh LAB node whose SYR is added with `tracks`.
Node receive_in_process(const TempDir& dir, const std::vector<std::string>& tracks,
                        json::array lots) {
  Node lab{"LAB", dir.file("lab.db"), ""};
  std::vector<std::string> add{"item", "add", "SYR", "--name", "Syringe"};
  add.insert(add.end(), tracks.begin(), tracks.end());
  lab.must(add);
  lab.must({"location", "add", "B-01"});
  json::object request{{"id", "R-LAB-1"},
                       {"asset", nullptr},
                       {"offer", "O-OPS-1"},
                       {"qty", 3},
                       {"from_dept", "LAB"},
                       {"to_dept", "OPS"},
                       {"kind", "transfer"},
                       {"status", "completed"},
                       {"receive_location", "B-01"},
                       {"lots", std::move(lots)}};
  json::object event{
      {"id", 9},
      {"dept", "LAB"},
      {"type", "receive"},
      {"data", json::object{{"offer", json::object{{"id", "O-OPS-1"}, {"sku", "SYR"}}},
                            {"request", std::move(request)}}}};
  auto store = inventory::Store::open(lab.db, sync::node_schema());
  BOOST_REQUIRE(store.ok());
  for (int i = 0; i < 2; ++i) {  // a replay changes nothing
    auto applied = sync::apply_pool_effects(**store, "LAB", event);
    BOOST_REQUIRE_MESSAGE(applied.ok(), (applied.ok() ? "" : applied.error().message));
  }
  return lab;
}

}  // namespace

// Units already on their way are booked as they arrive: a lot that expired in transit is
// received, shows expired and cannot be issued (the ledger's rule for expired stock).
BOOST_AUTO_TEST_CASE(a_lot_expired_on_arrival_is_received_and_shows_expired) {
  TempDir dir;
  Node lab = receive_in_process(
      dir, {"--lots", "--expiry-tracked"},
      json::array{json::object{{"lot", "OLD"}, {"expiry", "2020-01-31"}, {"qty", 1}},
                  json::object{{"lot", "NEW"}, {"expiry", "2099-01-31"}, {"qty", 2}}});
  BOOST_CHECK(lots_at(lab, "B-01") ==
              (std::vector<std::string>{"OLD:2020-01-31:1:expired", "NEW:2099-01-31:2"}));
  auto refused = lab.run({"issue", "SYR", "1", "--from", "B-01", "--lot", "OLD"});
  BOOST_CHECK_EQUAL(refused.exit_code, 4);
  BOOST_CHECK_MESSAGE(contains(refused.err, "expired"), refused.err);
  lab.must({"dispose", "SYR", "1", "--at", "B-01", "--lot", "OLD", "--reason", "expired"});
  BOOST_CHECK_EQUAL(on_hand(lab, "B-01"), 2);
}

// A receiver that does not track lots books the quantity; the lots are not its business.
BOOST_AUTO_TEST_CASE(an_untracked_item_on_the_receiving_side_ignores_the_lots) {
  TempDir dir;
  Node lab = receive_in_process(
      dir, {}, json::array{json::object{{"lot", "L1"}, {"expiry", "2099-01-31"}, {"qty", 3}}});
  BOOST_CHECK_EQUAL(on_hand(lab, "B-01"), 3);
  // The pool receipt is booked without lots.
  const auto history = parse_out(lab.must({"history", "SYR", "--json"}));
  int receipts = 0;
  for (const auto& m : history.as_array()) {
    BOOST_CHECK_MESSAGE(m.at("lots").as_array().empty(), json::serialize(m));
    receipts += m.at("kind").as_string() == "receive" && m.at("qty").as_int64() == 3;
  }
  BOOST_CHECK_EQUAL(receipts, 1);
}

// An expiry-only receiver names each lot by its expiry date; two lots of one date are one.
BOOST_AUTO_TEST_CASE(an_expiry_only_receiver_keeps_the_lots_by_their_expiry) {
  TempDir dir;
  Node lab = receive_in_process(
      dir, {"--expiry-tracked"},
      json::array{json::object{{"lot", "A"}, {"expiry", "2099-01-31"}, {"qty", 1}},
                  json::object{{"lot", "B"}, {"expiry", "2099-01-31"}, {"qty", 2}}});
  BOOST_CHECK(lots_at(lab, "B-01") == std::vector<std::string>{"2099-01-31:2099-01-31:3"});
}
