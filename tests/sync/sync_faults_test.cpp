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
#include "tests/sync/pool_views.h"
#include "tests/sync/sync_support.h"

namespace json = boost::json;
using namespace rfinv;
using namespace rfinv::test;
using namespace std::chrono_literals;

namespace {

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
  BOOST_CHECK_MESSAGE(proxy.cuts.load() >= 1, "the round failed, but not by the cut: " << cut.err);
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
