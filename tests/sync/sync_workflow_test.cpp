// The pool workflow end to end: a real hub process on loopback, several node databases
// driven through the real rfinv binary.
#define BOOST_TEST_MODULE sync_workflow
#include <boost/test/unit_test.hpp>
#include <future>
#include <map>

#include "inventory/assets/assets.h"
#include "inventory/ledger/ledger.h"
#include "sync/node/http_client.h"
#include "sync/node/node_schema.h"
#include "sync/node/pool.h"
#include "tests/support/raw_sql.h"
#include "tests/sync/pool_views.h"
#include "tests/sync/sync_support.h"

namespace json = boost::json;
using namespace rfinv;
using namespace rfinv::test;

namespace {

json::object asset_show(const Node& node, const std::string& code) {
  return parse_out(node.must({"asset", "show", code, "--json"})).as_object();
}

std::vector<std::string> history_kinds(const Node& node, const std::string& code) {
  std::vector<std::string> out;
  json::value doc_e = parse_out(node.must({"asset", "history", code, "--json"}));
  for (const auto& e : doc_e.as_array()) out.push_back(std::string(e.at("detail").as_string()));
  return out;
}

// An owner node with one registered asset; returns its code.
void register_asset(const Node& node, const std::string& code, const std::string& epc) {
  node.run({"item", "add", "LAPTOP", "--name", "Laptop", "--cost", "1200"});
  node.must({"asset", "register", code, "--epc", epc, "--sku", "LAPTOP", "--dept", node.dept,
             "--cost", "1200"});
}

std::string request_id(const ProcessResult& r) { return r.out.substr(0, r.out.find('\n')); }

}  // namespace

BOOST_AUTO_TEST_CASE(transfer_publish_request_approve_handover_receive) {
  HubFixture hub;
  hub.start();
  Node ops = make_node(hub, "OPS");
  Node lab = make_node(hub, "LAB");
  register_asset(ops, "LAPTOP-0042", "3034257BF7194E4000001A85");
  ops.must({"pool", "publish", "LAPTOP-0042"});
  BOOST_CHECK_EQUAL(asset_show(ops, "LAPTOP-0042").at("status").as_string(), "pooled");

  lab.must({"sync"});
  auto listed = parse_out(lab.must({"pool", "list", "--json", "--item", "LAPTOP"}));
  BOOST_REQUIRE_EQUAL(listed.as_array().size(), 1u);
  BOOST_CHECK_EQUAL(listed.at(0).at("kind").as_string(), "asset");
  BOOST_CHECK_EQUAL(listed.at(0).at("id").as_string(), "LAPTOP-0042");
  BOOST_CHECK_EQUAL(listed.at(0).at("owner").as_string(), "OPS");

  auto req = request_id(lab.must({"pool", "request", "LAPTOP-0042", "--reason", "new hire"}));
  BOOST_CHECK_EQUAL(node_requests(lab)[req], "reserved");
  // The asset is taken now: a second request is refused, and says so.
  auto again = lab.run({"pool", "request", "LAPTOP-0042", "--reason", "twice"});
  BOOST_CHECK_EQUAL(again.exit_code, 4);
  BOOST_CHECK(again.err.find("taken") != std::string::npos);

  ops.must({"sync"});
  BOOST_CHECK_EQUAL(asset_show(ops, "LAPTOP-0042").at("status").as_string(), "reserved");
  // Only the owner approves: the requester cannot.
  BOOST_CHECK_EQUAL(lab.run({"pool", "approve", req}).exit_code, 4);
  ops.must({"pool", "approve", req});
  ops.must({"pool", "handover", req});
  BOOST_CHECK_EQUAL(asset_show(ops, "LAPTOP-0042").at("status").as_string(), "in_transit");
  lab.must({"sync"});
  BOOST_CHECK_EQUAL(node_requests(lab)[req], "in_transit");
  lab.must({"pool", "receive", req});
  ops.must({"sync"});

  for (const Node* n : {&ops, &lab}) {
    auto a = asset_show(*n, "LAPTOP-0042");
    BOOST_CHECK_EQUAL(a.at("dept").as_string(), "LAB");
    BOOST_CHECK_EQUAL(a.at("holder_dept").as_string(), "LAB");
    BOOST_CHECK_EQUAL(a.at("status").as_string(), "in_use");
    BOOST_CHECK_EQUAL(a.at("epc").as_string(), "3034257BF7194E4000001A85");
    BOOST_CHECK_EQUAL(node_requests(*n)[req], "completed");
  }
  // Both histories show the path through the pool and agree on the owner change.
  auto ops_history = history_kinds(ops, "LAPTOP-0042");
  auto lab_history = history_kinds(lab, "LAPTOP-0042");
  auto has = [](const std::vector<std::string>& h, const std::string& text) {
    for (const auto& d : h)
      if (d.find(text) != std::string::npos) return true;
    return false;
  };
  for (const char* step : {"in_use -> pooled", "pooled -> reserved", "reserved -> in_transit",
                           "OPS -> LAB", "in_transit -> in_use"})
    BOOST_CHECK_MESSAGE(has(ops_history, step), "OPS history lacks " << step);
  for (const char* step : {"OPS -> LAB", "in_transit -> in_use", req.c_str()})
    BOOST_CHECK_MESSAGE(has(lab_history, step), "LAB history lacks " << step);
  BOOST_CHECK(node_requests(ops) == hub_requests(hub));
  BOOST_CHECK(node_requests(lab) == hub_requests(hub));

  auto report = parse_out(lab.must({"pool", "report", "--json"}));
  bool found = false;
  for (const auto& d : report.at("depts").as_array())
    if (d.at("dept").as_string() == "LAB") {
      found = true;
      BOOST_CHECK_EQUAL(d.at("transfers_in").as_int64(), 1);
      BOOST_CHECK_EQUAL(d.at("purchases_avoided").as_string(), "1200.00");
    }
  BOOST_CHECK(found);
  hub.stop_clean();
}

BOOST_AUTO_TEST_CASE(loan_overdue_alert_and_dock_return) {
  HubFixture hub;
  hub.start();
  Node ops = make_node(hub, "OPS");
  Node lab = make_node(hub, "LAB");
  register_asset(ops, "SCOPE-7", "3034257BF7194E4000001A86");
  ops.must({"location", "add", "DOCK-OPS"});
  ops.must({"pool", "publish", "SCOPE-7"});
  lab.must({"sync"});
  // A loan must be due in the future; the test moves the due date back below instead of
  // waiting for it.
  auto req = request_id(
      lab.must({"pool", "request", "SCOPE-7", "--reason", "test run", "--until", "2099-01-01"}));
  auto requests = parse_out(lab.must({"pool", "requests", "--json"})).as_array();
  BOOST_REQUIRE_EQUAL(requests.size(), 1u);
  BOOST_CHECK_EQUAL(requests[0].at("kind").as_string(), "loan");
  BOOST_CHECK(requests[0].at("until").is_string());
  ops.must({"sync"});
  ops.must({"pool", "approve", req});
  ops.must({"pool", "handover", req});
  lab.must({"sync"});
  lab.must({"pool", "receive", req});
  ops.must({"sync"});
  // The loan falls due: both nodes' copies of it now say it was due in 2020.
  for (const Node* n : {&ops, &lab})
    raw_exec(n->db, "UPDATE pool_request SET until = 1577836800000000 WHERE id = '" + req + "'");
  for (const Node* n : {&ops, &lab}) {
    auto a = asset_show(*n, "SCOPE-7");
    BOOST_CHECK_EQUAL(a.at("dept").as_string(), "OPS");
    BOOST_CHECK_EQUAL(a.at("holder_dept").as_string(), "LAB");
    auto alerts = parse_out(n->must({"pool", "alerts", "--json"})).as_array();
    BOOST_REQUIRE_EQUAL(alerts.size(), 1u);
    BOOST_CHECK_EQUAL(alerts[0].at("kind").as_string(), "overdue");
    BOOST_CHECK_EQUAL(alerts[0].at("subject").as_string(), req);
  }
  // The owner's dock reader sees it back: that ends the loan, once.
  {
    auto store = inventory::Store::open(ops.db, sync::node_schema());
    BOOST_REQUIRE(store.ok());
    auto first = sync::on_asset_seen_at_dock(**store, "SCOPE-7", "DOCK-OPS", now_micros());
    BOOST_REQUIRE(first.ok());
    BOOST_REQUIRE(first->has_value());
    BOOST_CHECK_EQUAL(**first, "return " + req);
    auto second = sync::on_asset_seen_at_dock(**store, "SCOPE-7", "DOCK-OPS", now_micros());
    BOOST_REQUIRE(second.ok());
    BOOST_CHECK(!second->has_value());
  }
  ops.must({"sync"});
  lab.must({"sync"});
  for (const Node* n : {&ops, &lab}) {
    BOOST_CHECK_EQUAL(node_requests(*n)[req], "returned");
    BOOST_CHECK_EQUAL(asset_show(*n, "SCOPE-7").at("holder_dept").as_string(), "OPS");
    BOOST_CHECK(parse_out(n->must({"pool", "alerts", "--json"})).as_array().empty());
  }
  hub.stop_clean();
}

BOOST_AUTO_TEST_CASE(stock_offer_moves_both_ledgers_once) {
  HubFixture hub;
  hub.start();
  Node ops = make_node(hub, "OPS");
  Node lab = make_node(hub, "LAB");
  for (const Node* n : {&ops, &lab})
    n->must({"item", "add", "CABLE", "--name", "Cable", "--cost", "5"});
  ops.must({"location", "add", "A-01"});
  lab.must({"location", "add", "B-01"});
  ops.must({"receive", "CABLE", "30", "--to", "A-01"});
  auto offer = request_id(ops.must({"pool", "offer", "CABLE", "30", "--from", "A-01"}));
  lab.must({"sync"});
  auto req = request_id(lab.must({"pool", "request", offer, "--qty", "4", "--reason", "lab"}));
  ops.must({"sync"});
  ops.must({"pool", "approve", req});
  ops.must({"pool", "handover", req});
  lab.must({"sync"});
  BOOST_CHECK_EQUAL(lab.run({"pool", "receive", req}).exit_code, 2);  // stock needs --to
  lab.must({"pool", "receive", req, "--to", "B-01"});
  ops.must({"sync"});

  auto on_hand = [](const Node& n, const std::string& location) {
    auto store = inventory::Store::open(n.db, sync::node_schema());
    BOOST_REQUIRE(store.ok());
    auto levels = inventory::stock_levels(**store, {std::string("CABLE"), location, false});
    BOOST_REQUIRE(levels.ok());
    std::int64_t qty = 0;
    for (const auto& l : *levels) qty += l.qty;
    return qty;
  };
  BOOST_CHECK_EQUAL(on_hand(ops, "A-01"), 26);
  BOOST_CHECK_EQUAL(on_hand(lab, "B-01"), 4);
  // As if both nodes crashed after the effects and before recording them: the whole log
  // is applied again, and the idempotency keys keep the ledgers as they are.
  for (const Node* n : {&ops, &lab}) {
    auto r = run_process({"/usr/bin/sqlite3", n->db,
                          "DELETE FROM sync_applied; UPDATE sync_settings SET cursor = 0;"});
    BOOST_REQUIRE_EQUAL(r.exit_code, 0);
    auto round = n->must({"sync", "--json"});
    BOOST_CHECK(parse_out(round).at("applied").as_int64() > 0);
  }
  BOOST_CHECK_EQUAL(on_hand(ops, "A-01"), 26);
  BOOST_CHECK_EQUAL(on_hand(lab, "B-01"), 4);
  hub.stop_clean();
}

BOOST_AUTO_TEST_CASE(twenty_nodes_compete_for_one_asset_and_one_offer) {
  HubFixture hub;
  hub.start();
  Node ops = make_node(hub, "OPS");
  register_asset(ops, "LAPTOP-1", "3034257BF7194E4000001A87");
  ops.must({"item", "add", "CABLE", "--name", "Cable"});
  ops.must({"location", "add", "A-01"});
  ops.must({"receive", "CABLE", "30", "--to", "A-01"});
  ops.must({"pool", "publish", "LAPTOP-1"});
  auto offer = request_id(ops.must({"pool", "offer", "CABLE", "30", "--from", "A-01"}));
  std::vector<Node> nodes;
  for (int i = 0; i < 20; ++i) nodes.push_back(make_node(hub, "D" + std::to_string(i)));

  auto race = [&](std::vector<std::string> args) {
    std::vector<std::future<ProcessResult>> runs;
    for (const auto& n : nodes)
      runs.push_back(std::async(std::launch::async, [&n, args] { return n.run(args); }));
    std::vector<int> codes;
    for (auto& f : runs) {
      BOOST_REQUIRE(f.wait_for(std::chrono::seconds(120)) == std::future_status::ready);
      codes.push_back(f.get().exit_code);
    }
    return codes;
  };
  auto count = [](const std::vector<int>& codes, int code) {
    return std::count(codes.begin(), codes.end(), code);
  };
  auto asset_codes = race({"pool", "request", "LAPTOP-1", "--reason", "mine"});
  BOOST_CHECK_EQUAL(count(asset_codes, 0), 1);
  BOOST_CHECK_EQUAL(count(asset_codes, 4), 19);

  auto offer_codes = race({"pool", "request", offer, "--qty", "4", "--reason", "mine"});
  BOOST_CHECK_EQUAL(count(offer_codes, 0), 7);  // 7 x 4 = 28 <= 30; an 8th would be 32
  BOOST_CHECK_EQUAL(count(offer_codes, 4), 13);

  auto state = hub.admin_get("/v1/pool");
  std::int64_t reserved_units = 0, asset_wins = 0, refused = 0;
  for (const auto& r : state.at("requests").as_array()) {
    bool won = r.at("status").as_string() == "reserved";
    refused += !won;
    if (r.at("asset").is_string())
      asset_wins += won;
    else if (won)
      reserved_units += r.at("qty").as_int64();
  }
  BOOST_CHECK_EQUAL(asset_wins, 1);
  BOOST_CHECK_EQUAL(refused, 19 + 13);
  BOOST_CHECK_LE(reserved_units, 30);
  BOOST_CHECK_EQUAL(state.at("offers").at(0).at("reserved").as_int64(), reserved_units);
  hub.stop_clean();
}

BOOST_AUTO_TEST_CASE(security_forged_wrong_token_oversized_malformed) {
  HubFixture hub;
  hub.start();
  Node ops = make_node(hub, "OPS");
  Node lab = make_node(hub, "LAB");
  Node evil = make_node(hub, "EVIL");
  register_asset(ops, "LAPTOP-9", "3034257BF7194E4000001A88");
  ops.must({"pool", "publish", "LAPTOP-9"});
  lab.must({"sync"});
  auto req = request_id(lab.must({"pool", "request", "LAPTOP-9", "--reason", "need"}));
  evil.must({"sync"});
  auto before_pool = json::serialize(hub.admin_get("/v1/pool"));
  auto before_log = json::serialize(hub.admin_get("/v1/events?after=0&limit=5000"));

  // Through the CLI: refused before it leaves the node.
  BOOST_CHECK_EQUAL(evil.run({"pool", "approve", req}).exit_code, 4);
  BOOST_CHECK_EQUAL(evil.run({"pool", "handover", req}).exit_code, 4);
  // Straight at the hub with EVIL's own valid token: refused per event, nothing applied.
  auto pem = run_process({"/bin/cat", hub.ca()}).out;
  auto client = sync::HubClient::connect({hub.url(), evil.token, pem});
  BOOST_REQUIRE(client.ok());
  int seq = 1000;
  for (const char* type : {"approve", "decline", "handover"}) {
    auto reply = (*client)->post(
        "/v1/push",
        json::object{
            {"events",
             json::array{json::object{
                 {"seq", ++seq}, {"type", type}, {"data", json::object{{"request", req}}}}}}});
    BOOST_REQUIRE(reply.ok());
    auto result = reply->at("results").at(0).as_object();
    BOOST_CHECK(result.contains("error"));
    BOOST_CHECK(!result.contains("event_id"));
  }
  auto withdraw = (*client)->post(
      "/v1/push", json::object{{"events", json::array{json::object{
                                              {"seq", 2000},
                                              {"type", "withdraw"},
                                              {"data", json::object{{"asset", "LAPTOP-9"}}}}}}});
  BOOST_REQUIRE(withdraw.ok());
  BOOST_CHECK(withdraw->at("results").at(0).as_object().contains("error"));

  // Wrong token: 401.
  auto forged = sync::HubClient::connect({hub.url(), std::string(64, 'a'), pem});
  BOOST_REQUIRE(forged.ok());
  auto denied = (*forged)->post_text("/v1/push", R"({"events":[]})");
  BOOST_REQUIRE(!denied.ok());
  BOOST_CHECK(denied.error().code == Errc::unauthorized);
  BOOST_CHECK(!(*forged)->get("/v1/pool").ok());
  BOOST_CHECK_EQUAL(evil.join(hub.url(), "EVIL", std::string(64, 'b'), hub.ca()).exit_code, 6);
  // A token for another department does not pass as this one.
  BOOST_CHECK_EQUAL(evil.join(hub.url(), "OPS", evil.token, hub.ca()).exit_code, 6);
  // Oversized and malformed bodies.
  auto big = (*client)->post_text("/v1/push", std::string(2 << 20, ' '));
  BOOST_REQUIRE(!big.ok());
  BOOST_CHECK(big.error().message.find("larger than") != std::string::npos);
  auto client2 = sync::HubClient::connect({hub.url(), evil.token, pem});
  BOOST_REQUIRE(client2.ok());
  for (const char* body : {"{bad", "", "[1,2]", R"({"events":[{"seq":"x","type":"approve"}]})",
                           R"({"events":[{"seq":1,"type":"approve","data":[]}]})"}) {
    auto bad = (*client2)->post_text("/v1/push", body);
    BOOST_REQUIRE(!bad.ok());
    BOOST_CHECK_MESSAGE(bad.error().code == Errc::invalid_argument, body);
    BOOST_CHECK(!bad.error().message.empty());
  }
  auto bad_request = (*client2)->post_text("/v1/requests", R"({"id":"R-x","asset":"LAPTOP-9"})");
  BOOST_REQUIRE(!bad_request.ok());
  BOOST_CHECK(bad_request.error().code == Errc::invalid_argument);  // no reason

  // The admin token reads and adds departments but never acts as one.
  auto admin = sync::HubClient::connect({hub.url(), hub.admin_token(), pem});
  BOOST_REQUIRE(admin.ok());
  auto admin_push = (*admin)->post_text("/v1/push", R"({"events":[]})");
  BOOST_REQUIRE(!admin_push.ok());
  BOOST_CHECK(admin_push.error().code == Errc::unauthorized);
  BOOST_CHECK(!(*client)->post_text("/v1/depts", R"({"code":"NEW"})").ok());
  auto added = (*admin)->post_text("/v1/depts", R"({"code":"NEW"})");
  BOOST_REQUIRE(added.ok());
  auto fresh =
      sync::HubClient::connect({hub.url(), std::string(added->at("token").as_string()), pem});
  BOOST_REQUIRE(fresh.ok());
  auto ping = (*fresh)->get("/v1/ping");
  BOOST_REQUIRE(ping.ok());
  BOOST_CHECK_EQUAL(ping->at("dept").as_string(), "NEW");

  BOOST_CHECK_EQUAL(json::serialize(hub.admin_get("/v1/pool")), before_pool);
  BOOST_CHECK_EQUAL(json::serialize(hub.admin_get("/v1/events?after=0&limit=5000")), before_log);
  BOOST_CHECK_EQUAL(node_requests(lab)[req], "reserved");
  hub.stop_clean();
}
