#define BOOST_TEST_MODULE sync_refusals
// The words of every refusal of a request step, in process: the hub's answer to a pushed
// event (kept in push_seen and replayed, so it must never change) and the node's check
// before it queues one (what its user reads).
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>
#include <memory>
#include <string>

#include "inventory/catalog/catalog.h"
#include "inventory/store/store.h"
#include "inventory/store/store_database.h"
#include "sync/hub/hub_store.h"
#include "sync/node/node_schema.h"
#include "sync/node/pool.h"
#include "tests/support/temp_dir.h"

using namespace rfinv;
namespace json = boost::json;

namespace {

class HubFixture {
 public:
  HubFixture() {
    auto opened = sync::Hub::open(dir_.path().string());
    BOOST_REQUIRE(opened.ok());
    hub_ = std::move(*opened);
    for (const char* dept : {"OPS", "LAB", "EVE"}) BOOST_REQUIRE(hub_->add_dept(dept).ok());
    for (const char* asset : {"LAPTOP-1", "LAPTOP-2"})
      BOOST_REQUIRE(push("OPS", "publish",
                         {{"asset", asset},
                          {"sku", "LAPTOP"},
                          {"epc", nullptr},
                          {"cost_cents", 1000},
                          {"location", "A-01"}})
                        .empty());
    request("R-1", {{"asset", "LAPTOP-1"}, {"reason", "new hire"}});
    request("R-2", {{"asset", "LAPTOP-2"}, {"reason", "trial"}, {"until", "2030-01-01"}});
  }

  // Pushes one event as `dept` and returns the hub's error for it ("" when applied).
  std::string push(const std::string& dept, const std::string& type, json::object data) {
    json::object event{{"seq", ++seq_}, {"type", type}, {"data", std::move(data)}};
    auto reply = hub_->push(sync::Caller{dept}, json::object{{"events", json::array{event}}});
    BOOST_REQUIRE(reply.ok());
    const auto& result = reply->at("results").as_array().at(0).as_object();
    auto it = result.find("error");
    return it == result.end() ? "" : std::string(it->value().as_string());
  }

  // Pushes one event the hub refuses whole; its error (invalid_argument, 400).
  std::string refused_push(const std::string& dept, const std::string& type, json::object data) {
    json::object event{{"seq", ++seq_}, {"type", type}, {"data", std::move(data)}};
    auto reply = hub_->push(sync::Caller{dept}, json::object{{"events", json::array{event}}});
    BOOST_REQUIRE(!reply.ok());
    BOOST_TEST(int(reply.error().code) == int(Errc::invalid_argument));
    return reply.error().message;
  }

  void request(const std::string& id, json::object body) {
    body["id"] = id;
    auto reply = hub_->request(sync::Caller{"LAB"}, body);
    BOOST_REQUIRE(reply.ok());
    BOOST_REQUIRE_EQUAL(reply->at("request").at("status").as_string(), "reserved");
  }

 private:
  test::TempDir dir_;
  std::unique_ptr<sync::Hub> hub_;
  std::int64_t seq_ = 0;
};

}  // namespace

BOOST_FIXTURE_TEST_CASE(the_hub_words_each_refused_step_as_before, HubFixture) {
  // a transfer of LAPTOP-1 from OPS to LAB; R-2: a loan of LAPTOP-2. Both reserved.
  BOOST_TEST(push("LAB", "approve", {{"request", "R-1"}}) == "request R-1 is not LAB's to approve");
  BOOST_TEST(push("OPS", "cancel", {{"request", "R-1"}}) == "request R-1 is not OPS's to cancel");
  BOOST_TEST(push("OPS", "handover", {{"request", "R-1"}}) ==
             "request R-1 is reserved; cannot handover");
  BOOST_TEST(push("LAB", "receive", {{"request", "R-1"}}) ==
             "request R-1 is reserved; cannot receive");
  BOOST_TEST(push("OPS", "return", {{"request", "R-1"}}) ==
             "request R-1 is a transfer, not a loan");
  BOOST_TEST(push("EVE", "return", {{"request", "R-2"}}) == "request R-2 is not EVE's to return");
  BOOST_TEST(push("LAB", "return", {{"request", "R-2"}}) ==
             "request R-2 is reserved; only a loan in use can be returned");
  // A type that is not a pushed step is no step the rules refuse: the whole push is refused.
  BOOST_TEST(refused_push("LAB", "request", {{"request", "R-1"}}) ==
             "event 10: unknown event type \"request\"");
  BOOST_TEST(refused_push("LAB", "Approve", {{"request", "R-1"}}) ==
             "event 11: unknown event type \"Approve\"");
  BOOST_TEST(refused_push("LAB", "bogus", {}) == "event 12: unknown event type \"bogus\"");
  BOOST_TEST(push("LAB", "approve", {{"request", "R-9"}}) == "no request R-9");
  BOOST_TEST(push("OPS", "withdraw", {{"asset", "LAPTOP-1"}}) ==
             "asset LAPTOP-1 is reserved; only a pooled asset can be withdrawn");
  BOOST_TEST(push("OPS", "publish", {{"asset", "LAPTOP-1"}}) ==
             "asset LAPTOP-1 is reserved; cannot publish it");

  // The same rules let the right side through, and then refuse a second time.
  BOOST_TEST(push("OPS", "approve", {{"request", "R-1"}}) == "");
  BOOST_TEST(push("OPS", "approve", {{"request", "R-1"}}) ==
             "request R-1 is approved; cannot approve");
  BOOST_TEST(push("OPS", "handover", {{"request", "R-1"}}) == "");
  BOOST_TEST(push("LAB", "cancel", {{"request", "R-1"}}) ==
             "request R-1 is in_transit; cannot cancel");
  BOOST_TEST(push("LAB", "receive", {{"request", "R-1"}, {"location", "B-02"}}) == "");
  BOOST_TEST(push("LAB", "decline", {{"request", "R-2"}}) == "request R-2 is not LAB's to decline");
  BOOST_TEST(push("LAB", "cancel", {{"request", "R-2"}}) == "");
  BOOST_TEST(push("LAB", "cancel", {{"request", "R-2"}}) ==
             "request R-2 is cancelled; cannot cancel");
}

namespace {

class NodeFixture {
 public:
  NodeFixture() {
    auto opened = inventory::Store::open(dir_.file("node.db"), sync::node_schema());
    BOOST_REQUIRE(opened.ok());
    store_ = std::move(*opened);
    inventory::NewLocation dock;
    dock.code = "DOCK";
    BOOST_REQUIRE(inventory::add_location(*store_, dock).ok());
    inventory::database_of(*store_).exec(
        "INSERT INTO sync_settings(id, hub_url, dept, token) "
        "VALUES (1, 'https://127.0.0.1:1', 'LAB', 'token')");
  }

  // This node's copy of a request from `from` (the requester) to `to` (the owner).
  void copy(const std::string& id, const std::string& from, const std::string& to,
            const std::string& kind, const std::string& status, bool stock = false) {
    inventory::database_of(*store_)
        .prepare(
            "INSERT INTO pool_request(id, asset, offer, from_dept, to_dept, kind, reason, "
            "status, created_at) VALUES (?, ?, ?, ?, ?, ?, 'test', ?, 0)")
        .bind(1, id)
        .bind(2, stock ? std::nullopt : std::optional<std::string>("LAPTOP-" + id))
        .bind(3, stock ? std::optional<std::string>("O-" + id) : std::nullopt)
        .bind(4, from)
        .bind(5, to)
        .bind(6, kind)
        .bind(7, status)
        .run();
  }

  // The node's refusal of `step` ("" when it was queued).
  std::string step(sync::RequestStep step, const std::string& id,
                   const std::optional<std::string>& location = std::nullopt) {
    auto queued = sync::request_step(*store_, step, id, location);
    return queued ? "" : queued.error().message;
  }

 private:
  test::TempDir dir_;
  std::unique_ptr<inventory::Store> store_;
};

}  // namespace

BOOST_FIXTURE_TEST_CASE(the_node_words_each_refused_step_as_before, NodeFixture) {
  using S = sync::RequestStep;
  copy("R1", "LAB", "OPS", "transfer", "reserved");
  copy("R2", "OPS", "LAB", "transfer", "approved");
  copy("R3", "LAB", "OPS", "transfer", "completed");
  copy("R4", "LAB", "OPS", "loan", "reserved");
  copy("R5", "OPS", "EVE", "loan", "completed");
  copy("R6", "LAB", "OPS", "transfer", "in_transit", true);
  copy("R7", "LAB", "OPS", "loan", "completed");
  copy("R8", "LAB", "OPS", "transfer", "from_the_future");

  BOOST_TEST(step(S::approve, "R1") == "request R1 is for the owner to approve, not LAB");
  BOOST_TEST(step(S::handover, "R1") == "request R1 is for the owner to handover, not LAB");
  BOOST_TEST(step(S::receive, "R2") == "request R2 is for the requester to receive, not LAB");
  BOOST_TEST(step(S::cancel, "R2") == "request R2 is for the requester to cancel, not LAB");
  BOOST_TEST(step(S::approve, "R2") == "request R2 is approved; cannot approve");
  BOOST_TEST(step(S::cancel, "R3") == "request R3 is completed; cannot cancel");
  BOOST_TEST(step(S::receive, "R1") == "request R1 is reserved; cannot receive");
  BOOST_TEST(step(S::cancel, "R8") == "request R8 is from_the_future; cannot cancel");
  BOOST_TEST(step(S::approve, "R8") == "request R8 is for the owner to approve, not LAB");
  BOOST_TEST(step(S::give_back, "R3") == "request R3 is not a loan");
  BOOST_TEST(step(S::give_back, "R4") ==
             "request R4 is reserved; only a loan in use can be returned");
  BOOST_TEST(step(S::give_back, "R5") == "request R5 is not LAB's");
  BOOST_TEST(step(S::receive, "R6") == "receiving stock needs --to LOCATION");
  BOOST_TEST(step(S::receive, "R6", "NOWHERE") == "unknown location NOWHERE");
  BOOST_TEST(step(S::approve, "R0") == "no request R0 here (run rfinv sync to refresh)");

  BOOST_TEST(step(S::receive, "R6", "DOCK") == "");
  BOOST_TEST(step(S::give_back, "R7") == "");
  BOOST_TEST(step(S::cancel, "R1") == "");
}
