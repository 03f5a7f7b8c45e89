// Faults: a hub killed mid-push and restarted, a connection cut mid-response, a push
// delivered twice, a node offline for a day of events. Nothing lost, nothing applied
// twice, every node converges to the hub's state.
#define BOOST_TEST_MODULE sync_faults
#include <signal.h>

#include <boost/test/unit_test.hpp>
#include <map>
#include <set>
#include <thread>

#include "inventory/assets/assets.h"
#include "sync/node/continuous.h"
#include "sync/node/http_client.h"
#include "sync/node/node.h"
#include "sync/node/node_schema.h"
#include "sync/node/pool.h"
#include "tests/sync/sync_support.h"

namespace json = boost::json;
using namespace rfinv;
using namespace rfinv::test;
using namespace std::chrono_literals;

namespace {

json::value parse_out(const ProcessResult& r) {
  boost::system::error_code ec;
  auto v = json::parse(r.out, ec);
  BOOST_REQUIRE_MESSAGE(!ec, "not JSON: " << r.out << r.err);
  return v;
}

// Registers `count` assets of the node's department and queues their publication, in
// process (the fast way to fill an outbox); nothing reaches the hub yet.
void queue_publications(const Node& node, const std::string& prefix, int count) {
  auto store = inventory::Store::open(node.db, sync::node_schema());
  BOOST_REQUIRE(store.ok());
  for (int i = 0; i < count; ++i) {
    inventory::NewAsset a;
    a.code = fmt::format("{}-{:04}", prefix, i);
    a.epc = fmt::format("E2{:02X}{:020X}", static_cast<unsigned>(prefix[0]), i);
    a.dept = node.dept;
    a.cost_cents = 1000 + i;
    auto made = inventory::register_asset(**store, a, "test");
    BOOST_REQUIRE_MESSAGE(made.ok(), (made.ok() ? std::string() : made.error().message));
    auto seq = sync::publish_asset(**store, a.code);
    BOOST_REQUIRE_MESSAGE(seq.ok(), (seq.ok() ? std::string() : seq.error().message));
  }
}

// Runs `rfinv sync` until the outbox is empty (bounded).
void sync_until_done(const Node& node) {
  for (int i = 0; i < 10; ++i) {
    auto r = node.run({"sync", "--json"});
    if (r.exit_code == 0 && parse_out(r).at("pending").as_int64() == 0) return;
    std::this_thread::sleep_for(200ms);
  }
  BOOST_FAIL("node " << node.dept << " did not finish syncing");
}

std::map<std::string, std::string> node_requests(const Node& node) {
  std::map<std::string, std::string> out;
  json::value doc_r = parse_out(node.must({"pool", "requests", "--all", "--json"}));
  for (const auto& r : doc_r.as_array())
    out[std::string(r.at("id").as_string())] = std::string(r.at("status").as_string());
  return out;
}

std::set<std::string> node_pooled(const Node& node) {
  std::set<std::string> out;
  json::value doc = parse_out(node.must({"pool", "list", "--json"}));
  for (const auto& a : doc.as_array())
    if (a.at("kind").as_string() == "asset")
      out.insert(std::string(a.at("id").as_string()) + "/" +
                 std::string(a.at("status").as_string()));
  return out;
}

std::set<std::string> hub_pooled(const HubFixture& hub) {
  std::set<std::string> out;
  json::value doc_a = hub.admin_get("/v1/pool").at("assets");
  for (const auto& a : doc_a.as_array()) {
    std::string status(a.at("status").as_string());
    if (status == "pooled" || status == "reserved")
      out.insert(std::string(a.at("code").as_string()) + "/" + status);
  }
  return out;
}

std::map<std::string, std::string> hub_requests(const HubFixture& hub) {
  std::map<std::string, std::string> out;
  json::value doc_r = hub.admin_get("/v1/pool").at("requests");
  for (const auto& r : doc_r.as_array())
    out[std::string(r.at("id").as_string())] = std::string(r.at("status").as_string());
  return out;
}

// Every (dept, seq) at most once in the log; returns how many events `dept` pushed.
std::size_t check_log_unique(const HubFixture& hub, const std::string& dept) {
  std::set<std::int64_t> seqs;
  std::size_t count = 0;
  std::int64_t after = 0;
  for (int page = 0; page < 100; ++page) {
    auto reply = hub.admin_get(fmt::format("/v1/events?after={}&limit=5000", after));
    const auto& events = reply.at("events").as_array();
    for (const auto& e : events) {
      if (e.at("dept").as_string() != dept || e.at("seq").is_null()) continue;
      BOOST_CHECK_MESSAGE(seqs.insert(e.at("seq").as_int64()).second,
                          "seq " << e.at("seq").as_int64() << " logged twice");
      ++count;
    }
    if (events.empty()) break;
    after = reply.at("last").as_int64();
  }
  return count;
}

std::string read_ca(const HubFixture& hub) { return run_process({"/bin/cat", hub.ca()}).out; }

}  // namespace

BOOST_AUTO_TEST_CASE(same_push_delivered_twice_is_applied_once) {
  HubFixture hub;
  hub.start();
  std::string token = hub.add_dept("OPS");
  auto client = sync::HubClient::connect({hub.url(), token, read_ca(hub)});
  BOOST_REQUIRE(client.ok());
  json::object push{
      {"events",
       json::array{
           json::object{{"seq", 1},
                        {"type", "publish"},
                        {"data", json::object{{"asset", "DUP-1"}, {"cost_cents", 5}}}},
           json::object{
               {"seq", 2}, {"type", "withdraw"}, {"data", json::object{{"asset", "DUP-1"}}}}}}};
  auto first = (*client)->post("/v1/push", push);
  auto second = (*client)->post("/v1/push", push);
  BOOST_REQUIRE(first.ok() && second.ok());
  BOOST_CHECK_EQUAL(first->at("acked").as_int64(), 2);
  for (int i = 0; i < 2; ++i) {
    BOOST_CHECK_EQUAL(first->at("results").at(i).at("event_id").as_int64(),
                      second->at("results").at(i).at("event_id").as_int64());
    BOOST_CHECK(second->at("results").at(i).at("duplicate").as_bool());
  }
  BOOST_CHECK_EQUAL(check_log_unique(hub, "OPS"), 2u);
  // Withdrawn after being published, and the replay did not publish it again.
  BOOST_CHECK_EQUAL(hub.admin_get("/v1/pool").at("assets").at(0).at("status").as_string(), "off");
  hub.stop_clean();
}

BOOST_AUTO_TEST_CASE(hub_killed_during_push_and_restarted_loses_nothing) {
  HubFixture hub;
  hub.start();
  unsigned short port = hub.port();
  Node ops = make_node(hub, "OPS");
  Node lab = make_node(hub, "LAB");
  constexpr int kAssets = 1500;
  queue_publications(ops, "K", kAssets);
  int killed_mid_round = 0;
  for (auto delay : {30ms, 80ms, 200ms}) {
    Background round({RFINV_BINARY, "--db", ops.db, "sync"});
    std::this_thread::sleep_for(delay);
    hub.kill_hard();
    int code = round.wait(60s);
    killed_mid_round += code != 0;
    hub.start(port);
  }
  BOOST_TEST_MESSAGE("rounds cut by the kill: " << killed_mid_round);
  // While the hub is down, a step is queued, not lost.
  hub.kill_hard();
  queue_publications(ops, "L", 1);
  hub.start(port);
  sync_until_done(ops);
  sync_until_done(lab);
  BOOST_CHECK_EQUAL(check_log_unique(hub, "OPS"), static_cast<std::size_t>(kAssets + 1));
  auto pooled = hub_pooled(hub);
  BOOST_CHECK_EQUAL(pooled.size(), static_cast<std::size_t>(kAssets + 1));
  BOOST_CHECK(node_pooled(ops) == pooled);
  BOOST_CHECK(node_pooled(lab) == pooled);
  // Every outbox entry was acknowledged and none refused.
  json::value doc_e = parse_out(ops.must({"sync", "outbox", "--json"}));
  for (const auto& e : doc_e.as_array()) {
    BOOST_CHECK(e.at("acked").as_bool());
    BOOST_CHECK(e.at("error").is_null());
  }
  auto again = parse_out(lab.must({"sync", "--json"}));
  BOOST_CHECK_EQUAL(again.at("applied").as_int64(), 0);
  hub.stop_clean();
}

BOOST_AUTO_TEST_CASE(connection_cut_mid_response) {
  HubFixture hub;
  hub.start();
  CuttingProxy proxy(hub.port());
  std::string via = "https://127.0.0.1:" + std::to_string(proxy.port());
  Node ops = make_node(hub, "OPS", via);
  Node lab = make_node(hub, "LAB", via);
  constexpr int kAssets = 300;
  queue_publications(ops, "C", kAssets);

  // The push is applied at the hub, but its answer is cut: the node must push again.
  proxy.cut_after = 3000;
  auto cut = ops.run({"sync"});
  BOOST_CHECK_NE(cut.exit_code, 0);
  BOOST_CHECK_GE(proxy.cuts.load(), 1);
  proxy.cut_after = 0;
  sync_until_done(ops);
  BOOST_CHECK_EQUAL(check_log_unique(hub, "OPS"), static_cast<std::size_t>(kAssets));

  // The pull's answer is cut half way: nothing of it is applied, and the next round
  // brings everything.
  proxy.cut_after = 20000;
  int cuts_before = proxy.cuts.load();
  BOOST_CHECK_NE(lab.run({"sync"}).exit_code, 0);
  BOOST_CHECK_GT(proxy.cuts.load(), cuts_before);
  proxy.cut_after = 0;
  sync_until_done(lab);
  auto pooled = hub_pooled(hub);
  BOOST_CHECK_EQUAL(pooled.size(), static_cast<std::size_t>(kAssets));
  BOOST_CHECK(node_pooled(lab) == pooled);
  BOOST_CHECK(node_pooled(ops) == pooled);
  hub.stop_clean();
}

BOOST_AUTO_TEST_CASE(offline_node_catches_up_on_a_day_of_events) {
  HubFixture hub;
  hub.start();
  Node ops = make_node(hub, "OPS");
  Node lab = make_node(hub, "LAB");
  Node away = make_node(hub, "AWAY");
  queue_publications(ops, "D", 200);
  sync_until_done(ops);
  lab.must({"sync"});
  std::vector<std::string> requests;
  for (int i = 0; i < 12; ++i) {
    auto r = lab.must({"pool", "request", fmt::format("D-{:04}", i), "--reason", "work"});
    requests.push_back(r.out.substr(0, r.out.find('\n')));
  }
  ops.must({"sync"});
  for (int i = 0; i < 4; ++i) ops.must({"pool", "approve", requests[i]});
  for (int i = 4; i < 6; ++i) ops.must({"pool", "decline", requests[i]});
  for (int i = 0; i < 2; ++i) ops.must({"pool", "handover", requests[i]});
  lab.must({"sync"});
  lab.must({"pool", "receive", requests[0]});
  lab.must({"pool", "cancel", requests[7]});
  ops.must({"sync"});
  lab.must({"sync"});

  auto first = parse_out(away.must({"sync", "--json"}));
  BOOST_CHECK_GE(first.at("applied").as_int64(), 200 + 12 + 4 + 2 + 2 + 1 + 1);
  auto hub_view = hub_requests(hub);
  BOOST_CHECK_EQUAL(hub_view.size(), 12u);
  for (const Node* n : {&ops, &lab, &away}) {
    BOOST_CHECK(node_requests(*n) == hub_view);
    BOOST_CHECK(node_pooled(*n) == hub_pooled(hub));
  }
  // By default a node lists only its own department's requests, incoming and outgoing.
  BOOST_CHECK(parse_out(away.must({"pool", "requests", "--json"})).as_array().empty());
  BOOST_CHECK_EQUAL(parse_out(lab.must({"pool", "requests", "--json"})).as_array().size(), 12u);
  BOOST_CHECK_EQUAL(hub_view[requests[0]], "completed");
  BOOST_CHECK_EQUAL(hub_view[requests[1]], "in_transit");
  BOOST_CHECK_EQUAL(hub_view[requests[4]], "declined");
  BOOST_CHECK_EQUAL(hub_view[requests[7]], "cancelled");
  auto second = parse_out(away.must({"sync", "--json"}));
  BOOST_CHECK_EQUAL(second.at("applied").as_int64(), 0);
  BOOST_CHECK_EQUAL(second.at("pulled").as_int64(), 0);
  hub.stop_clean();
}

BOOST_AUTO_TEST_CASE(continuous_sync_backs_off_and_catches_up) {
  sync::ContinuousOptions options;
  options.min_backoff = 100ms;
  options.max_backoff = 1600ms;
  for (int failures = 1; failures <= 10; ++failures) {
    auto delay = sync::ContinuousSync::backoff(options, failures);
    auto full = std::min(options.max_backoff, options.min_backoff * (1 << (failures - 1)));
    BOOST_CHECK_LE(delay.count(), full.count());
    BOOST_CHECK_GE(delay.count(), full.count() * 3 / 4);
  }

  HubFixture hub;
  hub.start();
  unsigned short port = hub.port();
  Node ops = make_node(hub, "OPS");
  hub.kill_hard();
  queue_publications(ops, "Q", 5);
  options.interval = 100ms;
  auto continuous = sync::ContinuousSync::create(ops.db, options);
  BOOST_REQUIRE(continuous.ok());
  boost::asio::io_context ioc;
  auto work = boost::asio::make_work_guard(ioc);
  std::thread host([&ioc] { ioc.run(); });
  (*continuous)->start(ioc);
  // The hub is down: rounds fail and back off.
  for (int i = 0; i < 100 && (*continuous)->state().failures_in_a_row < 2; ++i)
    std::this_thread::sleep_for(50ms);
  BOOST_CHECK_GE((*continuous)->state().failures_in_a_row, 2);
  BOOST_CHECK(!(*continuous)->state().last_error.empty());
  hub.start(port);
  for (int i = 0; i < 200 && (*continuous)->state().failures_in_a_row != 0; ++i)
    std::this_thread::sleep_for(50ms);
  auto state = (*continuous)->state();
  BOOST_CHECK_EQUAL(state.failures_in_a_row, 0);
  (*continuous)->stop();
  work.reset();
  host.join();
  BOOST_CHECK_EQUAL(check_log_unique(hub, "OPS"), 5u);
  BOOST_CHECK_EQUAL(hub_pooled(hub).size(), 5u);
  hub.stop_clean();
}
