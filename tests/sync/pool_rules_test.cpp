// The pool's "nothing silently wrong" rules, each where a user meets it: a real hub process on
// loopback and node databases driven through the real rfinv binary.
#define BOOST_TEST_MODULE pool_rules
#include <boost/test/unit_test.hpp>
#include <set>

#include "sync/node/http_client.h"
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

// A node joined to `hub` as `dept` with its own database file `file`.
Node join_as(HubFixture& hub, const std::string& dept, const std::string& token,
             const std::string& file) {
  Node node{dept, hub.temp().file(file), token};
  auto joined = node.join(hub.url(), dept, token, hub.ca());
  BOOST_REQUIRE_MESSAGE(joined.exit_code == 0, "rfinv sync join failed: " << joined.err);
  return node;
}

void stock(const Node& node, const std::string& location, const std::string& qty) {
  node.run({"item", "add", "BOX", "--name", "Box", "--cost", "2"});
  node.run({"location", "add", location});
  if (qty != "0") node.must({"receive", "BOX", qty, "--to", location});
}

std::int64_t on_hand(const Node& node, const std::string& location) {
  auto rows = parse_out(node.must({"stock", "--sku", "BOX", "--json"}));
  std::int64_t total = 0;
  for (const auto& r : rows.as_array())
    if (r.at("location").as_string() == location) total += r.at("qty").as_int64();
  return total;
}

json::object request_row(const Node& node, const std::string& id) {
  auto rows = parse_out(node.must({"pool", "requests", "--all", "--json"}));
  for (const auto& r : rows.as_array())
    if (r.at("id").as_string() == id) return r.as_object();
  BOOST_FAIL("no request " << id);
  return {};
}

void register_laptop(const Node& node, const std::string& code, const std::string& epc) {
  node.run({"item", "add", "LAPTOP", "--name", "Laptop", "--cost", "1200"});
  node.must({"asset", "register", code, "--epc", epc, "--sku", "LAPTOP", "--dept", node.dept});
}

// Approve, hand over and let the requester sync: the request is in transit to it.
void hand_over(const Node& owner, const Node& taker, const std::string& req) {
  owner.must({"sync"});
  owner.must({"pool", "approve", req});
  owner.must({"pool", "handover", req});
  taker.must({"sync"});
}

}  // namespace

// Item 1: a node database recreated for a department resumes after the hub's last sequence.
BOOST_AUTO_TEST_CASE(recreated_node_resumes_the_departments_sequence) {
  HubFixture hub;
  hub.start();
  auto token = hub.add_dept("OPS");
  Node old_node = join_as(hub, "OPS", token, "ops-old.db");
  stock(old_node, "A-01", "80");
  for (int i = 0; i < 3; ++i) old_node.must({"pool", "offer", "BOX", "5", "--from", "A-01"});

  Node fresh = join_as(hub, "OPS", token, "ops-new.db");
  stock(fresh, "A-01", "80");
  auto offer = first_line(fresh.must({"pool", "offer", "BOX", "7", "--from", "A-01"}));
  auto outbox = parse_out(fresh.must({"sync", "outbox", "--json"})).as_array();
  BOOST_REQUIRE_EQUAL(outbox.size(), 1u);
  BOOST_CHECK_EQUAL(outbox.at(0).at("seq").as_int64(), 4);
  BOOST_CHECK(outbox.at(0).at("error").is_null());
  // The hub logged the new offer: it is in the pool, not lost as a "duplicate".
  bool listed = false;
  auto pool = hub.admin_get("/v1/pool");
  for (const auto& o : pool.at("offers").as_array())
    listed = listed || (o.at("id").as_string() == offer && o.at("qty").as_int64() == 7);
  BOOST_CHECK(listed);
}

BOOST_AUTO_TEST_CASE(a_sequence_reused_for_other_content_is_refused_as_a_conflict) {
  HubFixture hub;
  hub.start();
  auto token = hub.add_dept("OPS");
  // Two databases joined before either pushed: both start at sequence 1.
  Node first = join_as(hub, "OPS", token, "ops-1.db");
  Node second = join_as(hub, "OPS", token, "ops-2.db");
  stock(first, "A-01", "10");
  stock(second, "A-01", "10");
  first.must({"pool", "offer", "BOX", "5", "--from", "A-01"});
  auto clash = second.run({"pool", "offer", "BOX", "3", "--from", "A-01"});
  BOOST_CHECK_EQUAL(clash.exit_code, 4);
  BOOST_CHECK_MESSAGE(contains(clash.err, "conflict") && contains(clash.err, "sequence 1"),
                      clash.err);
  // Refused, so the second node's stock is free again.
  BOOST_CHECK_EQUAL(on_hand(second, "A-01"), 10);
  second.must({"issue", "BOX", "10", "--from", "A-01"});
  auto offers = hub.admin_get("/v1/pool").at("offers").as_array();
  BOOST_REQUIRE_EQUAL(offers.size(), 1u);
  BOOST_CHECK_EQUAL(offers.at(0).at("qty").as_int64(), 5);
}

// Item 2: an EPC is one asset's across the pool; commissioning ranges never collide.
BOOST_AUTO_TEST_CASE(publishing_an_epc_another_pool_asset_has_is_refused) {
  HubFixture hub;
  hub.start();
  Node ops = make_node(hub, "OPS");
  Node lab = make_node(hub, "LAB");
  const std::string epc = "3414257BF400000000000001";
  ops.must({"asset", "register", "G-1", "--epc", epc, "--dept", "OPS"});
  lab.must({"asset", "register", "G-2", "--epc", epc, "--dept", "LAB"});
  ops.must({"pool", "publish", "G-1"});
  auto second = lab.run({"pool", "publish", "G-2"});
  BOOST_CHECK_EQUAL(second.exit_code, 4);
  BOOST_CHECK_MESSAGE(contains(second.err, "belongs to asset G-1"), second.err);
  auto assets = hub.admin_get("/v1/pool").at("assets").as_array();
  BOOST_REQUIRE_EQUAL(assets.size(), 1u);
  BOOST_CHECK_EQUAL(assets.at(0).at("code").as_string(), "G-1");
}

BOOST_AUTO_TEST_CASE(departments_commission_asset_tags_from_ranges_that_cannot_collide) {
  HubFixture hub;
  hub.start();
  Node ops = make_node(hub, "OPS");
  Node lab = make_node(hub, "LAB");
  std::set<std::string> seen;
  for (const Node* n : {&ops, &lab}) {
    n->must({"config", "prefix", "add", "0614141"});
    auto tags = parse_out(n->must({"--json", "tag", "commission", "--giai", "--count", "3"}));
    for (const auto& t : tags.as_array()) {
      BOOST_CHECK_MESSAGE(seen.insert(std::string(t.at("hex").as_string())).second,
                          "commissioned twice: " << t.at("hex").as_string());
    }
  }
  BOOST_CHECK_EQUAL(seen.size(), 6u);
  // OPS is department 1 at the hub: its references start at 1 * 2^42 (7-digit prefix: 58
  // reference bits, the top 16 the department's).
  auto one = parse_out(ops.must({"--json", "tag", "commission", "--giai", "--count", "1"}));
  BOOST_CHECK_EQUAL(one.at(0).at("serial").as_string(), std::to_string((1ull << 42) + 4));
}

// Item 3: offered stock is held; an offer beyond the free stock is refused.
BOOST_AUTO_TEST_CASE(offer_beyond_free_stock_is_refused) {
  HubFixture hub;
  hub.start();
  Node ops = make_node(hub, "OPS");
  stock(ops, "A-01", "80");
  ops.must({"pool", "offer", "BOX", "50", "--from", "A-01"});
  auto second = ops.run({"pool", "offer", "BOX", "50", "--from", "A-01"});
  BOOST_CHECK_EQUAL(second.exit_code, 4);
  BOOST_CHECK_MESSAGE(contains(second.err, "only 30 of BOX free at A-01"), second.err);
  BOOST_CHECK_EQUAL(hub.admin_get("/v1/pool").at("offers").as_array().size(), 1u);
}

BOOST_AUTO_TEST_CASE(issue_and_transfer_cannot_take_offered_stock) {
  HubFixture hub;
  hub.start();
  Node ops = make_node(hub, "OPS");
  stock(ops, "A-01", "80");
  ops.must({"location", "add", "A-02"});
  ops.must({"pool", "offer", "BOX", "50", "--from", "A-01"});
  auto issue = ops.run({"issue", "BOX", "31", "--from", "A-01"});
  BOOST_CHECK_EQUAL(issue.exit_code, 4);
  BOOST_CHECK_MESSAGE(contains(issue.err, "only 30"), issue.err);
  BOOST_CHECK_EQUAL(ops.run({"transfer", "BOX", "31", "--from", "A-01", "--to", "A-02"}).exit_code,
                    4);
  ops.must({"issue", "BOX", "30", "--from", "A-01"});
  BOOST_CHECK_EQUAL(on_hand(ops, "A-01"), 50);
}

BOOST_AUTO_TEST_CASE(offered_stock_moves_once_and_never_more_than_exists) {
  HubFixture hub;
  hub.start();
  Node ops = make_node(hub, "OPS");
  Node lab = make_node(hub, "LAB");
  stock(ops, "A-01", "80");
  stock(lab, "B-01", "0");
  auto offer = first_line(ops.must({"pool", "offer", "BOX", "50", "--from", "A-01"}));
  lab.must({"sync"});
  auto r1 = first_line(lab.must({"pool", "request", offer, "--qty", "30", "--reason", "a"}));
  auto r2 = first_line(lab.must({"pool", "request", offer, "--qty", "20", "--reason", "b"}));
  hand_over(ops, lab, r1);
  lab.must({"pool", "receive", r1, "--to", "B-01"});
  // 50 are left, 20 of them held for the offer. A count finds only 10: the second hand-over
  // (20) cannot be issued any more, so it is refused before anything moves.
  ops.must({"sync"});
  ops.must({"adjust", "BOX", "--at", "A-01", "--reason", "count found less", "--", "-40"});
  ops.must({"pool", "approve", r2});
  auto refused = ops.run({"pool", "handover", r2});
  BOOST_CHECK_EQUAL(refused.exit_code, 4);
  BOOST_CHECK_MESSAGE(contains(refused.err, "only 10 can be issued"), refused.err);
  BOOST_CHECK_EQUAL(request_row(ops, r2).at("status").as_string(), "approved");
  lab.must({"sync"});
  BOOST_CHECK_EQUAL(on_hand(ops, "A-01"), 10);
  BOOST_CHECK_EQUAL(on_hand(lab, "B-01"), 30);  // 80 existed: 10 + 30 + 40 adjusted away
}

// Item 4: an asset in the pool's hands changes status only through the pool.
BOOST_AUTO_TEST_CASE(idle_in_use_or_retired_is_refused_for_a_pooled_asset) {
  HubFixture hub;
  hub.start();
  Node ops = make_node(hub, "OPS");
  register_laptop(ops, "L-1", "3034257BF7194E4000001A85");
  ops.must({"pool", "publish", "L-1"});
  auto idle = ops.run({"asset", "idle", "L-1"});
  BOOST_CHECK_EQUAL(idle.exit_code, 4);
  BOOST_CHECK_MESSAGE(contains(idle.err, "rfinv pool withdraw L-1"), idle.err);
  BOOST_CHECK_EQUAL(ops.run({"asset", "status", "L-1", "in_use"}).exit_code, 4);
  BOOST_CHECK_EQUAL(ops.run({"asset", "status", "L-1", "retired"}).exit_code, 4);
  auto shown = parse_out(ops.must({"asset", "show", "L-1", "--json"}));
  BOOST_CHECK_EQUAL(shown.at("status").as_string(), "pooled");
  // Withdrawn first, it may go idle.
  ops.must({"pool", "withdraw", "L-1"});
  ops.must({"asset", "status", "L-1", "retired"});
}

// Item 5: receive --to puts the asset at that location on the receiving node.
BOOST_AUTO_TEST_CASE(receive_to_sets_the_assets_location_on_the_receiving_node) {
  HubFixture hub;
  hub.start();
  Node ops = make_node(hub, "OPS");
  Node lab = make_node(hub, "LAB");
  register_laptop(ops, "L-2", "3034257BF7194E4000001A86");
  lab.must({"location", "add", "B-01"});
  ops.must({"pool", "publish", "L-2"});
  lab.must({"sync"});
  auto req = first_line(lab.must({"pool", "request", "L-2", "--reason", "hire"}));
  hand_over(ops, lab, req);
  lab.must({"pool", "receive", req, "--to", "B-01"});
  auto shown = parse_out(lab.must({"asset", "show", "L-2", "--json"}));
  BOOST_CHECK_EQUAL(shown.at("location").as_string(), "B-01");
  BOOST_CHECK_EQUAL(shown.at("dept").as_string(), "LAB");
}

// Item 6: a refused or unapplied event is shown, and `rfinv sync` fails naming it.
BOOST_AUTO_TEST_CASE(sync_exits_nonzero_naming_a_refused_event) {
  HubFixture hub;
  hub.start();
  Node ops = make_node(hub, "OPS");
  Node lab = make_node(hub, "LAB");
  register_laptop(ops, "L-3", "3034257BF7194E4000001A87");
  ops.must({"pool", "publish", "L-3"});
  lab.must({"sync"});
  auto req = first_line(lab.must({"pool", "request", "L-3", "--reason", "hire"}));
  ops.must({"sync"});
  // Queued offline, then declined by the owner before it is sent: the hub refuses it.
  auto queued = lab.must({"pool", "cancel", req, "--offline"});
  BOOST_CHECK(contains(queued.out, "queued"));
  ops.must({"pool", "decline", req});
  auto round = lab.run({"sync"});
  BOOST_CHECK_EQUAL(round.exit_code, 4);
  BOOST_CHECK_MESSAGE(contains(round.err, "1 refused by the hub") && contains(round.err, "seq "),
                      round.err);
  auto problem = request_row(lab, req).at("problem");
  BOOST_REQUIRE(problem.is_string());
  BOOST_CHECK_MESSAGE(contains(std::string(problem.as_string()), "refused by the hub: cancel"),
                      problem);
  auto alerts = parse_out(lab.must({"pool", "alerts", "--json"})).as_array();
  bool refused = false;
  for (const auto& a : alerts) refused = refused || a.at("kind").as_string() == "refused";
  BOOST_CHECK(refused);
  // The next round has nothing new to report.
  BOOST_CHECK_EQUAL(lab.run({"sync"}).exit_code, 0);
}

BOOST_AUTO_TEST_CASE(a_step_the_hub_took_but_this_node_could_not_apply_is_not_done) {
  HubFixture hub;
  hub.start();
  Node ops = make_node(hub, "OPS");
  Node lab = make_node(hub, "LAB");
  register_laptop(ops, "L-4", "3034257BF7194E4000001A88");
  // LAB registered another asset with the same tag before OPS's asset was in the pool; the
  // hub never saw LAB's, so only LAB's node can find the clash.
  lab.must({"asset", "register", "OTHER", "--epc", "3034257BF7194E4000001A88", "--dept", "LAB"});
  ops.must({"pool", "publish", "L-4"});
  lab.must({"sync"});
  auto req = first_line(lab.must({"pool", "request", "L-4", "--reason", "hire"}));
  hand_over(ops, lab, req);
  auto receive = lab.run({"pool", "receive", req});
  BOOST_CHECK_EQUAL(receive.exit_code, 4);
  BOOST_CHECK(!contains(receive.out, "done"));
  BOOST_CHECK_MESSAGE(contains(receive.err, "could not be applied here"), receive.err);
  auto problem = request_row(lab, req).at("problem");
  BOOST_REQUIRE(problem.is_string());
  BOOST_CHECK_MESSAGE(contains(std::string(problem.as_string()), "not applied here"), problem);
}

// Item 8: requests say what they mean.
BOOST_AUTO_TEST_CASE(an_offer_request_needs_a_positive_qty_and_no_until) {
  HubFixture hub;
  hub.start();
  Node ops = make_node(hub, "OPS");
  Node lab = make_node(hub, "LAB");
  stock(ops, "A-01", "30");
  auto offer = first_line(ops.must({"pool", "offer", "BOX", "30", "--from", "A-01"}));
  lab.must({"sync"});
  BOOST_CHECK_EQUAL(lab.run({"pool", "request", offer, "--qty", "0", "--reason", "z"}).exit_code,
                    2);
  BOOST_CHECK_EQUAL(lab.run({"pool", "request", offer, "--reason", "z"}).exit_code, 2);
  BOOST_CHECK_EQUAL(
      lab.run({"pool", "request", offer, "--qty", "1", "--until", "2099-01-01", "--reason", "z"})
          .exit_code,
      2);
  auto state = hub.admin_get("/v1/pool");
  BOOST_CHECK_EQUAL(state.at("requests").as_array().size(), 0u);
  BOOST_CHECK_EQUAL(state.at("offers").at(0).at("reserved").as_int64(), 0);
}

BOOST_AUTO_TEST_CASE(a_refused_offer_request_says_what_is_available) {
  HubFixture hub;
  hub.start();
  Node ops = make_node(hub, "OPS");
  Node lab = make_node(hub, "LAB");
  stock(ops, "A-01", "30");
  auto offer = first_line(ops.must({"pool", "offer", "BOX", "30", "--from", "A-01"}));
  lab.must({"sync"});
  auto r = lab.run({"pool", "request", offer, "--qty", "40", "--reason", "z"});
  BOOST_CHECK_EQUAL(r.exit_code, 4);
  BOOST_CHECK_MESSAGE(contains(r.err, "only 30 of offer " + offer + " available (40 asked)"),
                      r.err);
}

BOOST_AUTO_TEST_CASE(a_loan_due_in_the_past_is_refused) {
  HubFixture hub;
  hub.start();
  Node ops = make_node(hub, "OPS");
  Node lab = make_node(hub, "LAB");
  register_laptop(ops, "L-5", "3034257BF7194E4000001A89");
  ops.must({"pool", "publish", "L-5"});
  lab.must({"sync"});
  auto r = lab.run({"pool", "request", "L-5", "--until", "2020-01-01", "--reason", "z"});
  BOOST_CHECK_EQUAL(r.exit_code, 2);
  BOOST_CHECK_MESSAGE(contains(r.err, "not in the future"), r.err);
  BOOST_CHECK_EQUAL(hub.admin_get("/v1/pool").at("assets").at(0).at("status").as_string(),
                    "pooled");
}

BOOST_AUTO_TEST_CASE(pool_requests_lists_only_this_departments_requests) {
  HubFixture hub;
  hub.start();
  Node ops = make_node(hub, "OPS");
  Node lab = make_node(hub, "LAB");
  Node qa = make_node(hub, "QA");
  register_laptop(ops, "L-6", "3034257BF7194E4000001A8A");
  ops.must({"pool", "publish", "L-6"});
  lab.must({"sync"});
  lab.must({"pool", "request", "L-6", "--reason", "z"});
  qa.must({"sync"});
  BOOST_CHECK_EQUAL(parse_out(qa.must({"pool", "requests", "--json"})).as_array().size(), 0u);
  BOOST_CHECK_EQUAL(parse_out(lab.must({"pool", "requests", "--json"})).as_array().size(), 1u);
  // A database that never joined has no department: it lists nothing and says why.
  Node lone{"NONE", hub.temp().file("lone.db"), ""};
  BOOST_CHECK_EQUAL(lone.run({"pool", "requests"}).exit_code, 3);
}

BOOST_AUTO_TEST_CASE(joining_as_another_department_is_refused) {
  HubFixture hub;
  hub.start();
  Node ops = make_node(hub, "OPS");
  auto lab_token = hub.add_dept("LAB");
  auto r = ops.join(hub.url(), "LAB", lab_token, hub.ca());
  BOOST_CHECK_EQUAL(r.exit_code, 4);
  BOOST_CHECK_MESSAGE(contains(r.err, "department OPS's"), r.err);
  BOOST_CHECK_EQUAL(parse_out(ops.must({"sync", "status", "--json"})).at("dept").as_string(),
                    "OPS");
}

BOOST_AUTO_TEST_CASE(an_offer_or_request_value_beyond_the_limit_is_refused) {
  HubFixture hub;
  hub.start();
  Node ops = make_node(hub, "OPS");
  auto pem = run_process({"/bin/cat", hub.ca()}).out;
  auto client = sync::HubClient::connect({hub.url(), ops.token, pem});
  BOOST_REQUIRE(client.ok());
  // 2^62 units: refused, not stored with a value that wraps.
  auto huge = (*client)->post(
      "/v1/push",
      json::parse(R"({"events":[{"seq":1,"type":"offer","data":{"offer":"O-OPS-big","sku":"BOX",
        "qty":4611686018427387904,"location":"A-01","unit_cost_cents":3}}]})"));
  BOOST_REQUIRE(huge.ok());
  BOOST_CHECK(huge->at("results").at(0).as_object().contains("error"));
  // Within the quantity limit but qty x cost beyond 10^18 cents: refused too.
  auto costly = (*client)->post(
      "/v1/push",
      json::parse(R"({"events":[{"seq":2,"type":"offer","data":{"offer":"O-OPS-dear","sku":"BOX",
        "qty":1000000000,"location":"A-01","unit_cost_cents":4000000000000}}]})"));
  BOOST_REQUIRE(costly.ok());
  BOOST_CHECK(costly->at("results").at(0).as_object().contains("error"));
  BOOST_CHECK_EQUAL(hub.admin_get("/v1/pool").at("offers").as_array().size(), 0u);
}

// A hand-over of everything an offer holds draws its stock hold to nothing: the hold goes,
// it is never written as 0 (which the hold table refuses, and the hand-over failed with).
BOOST_AUTO_TEST_CASE(handing_over_an_offers_whole_quantity_ends_its_hold) {
  HubFixture hub;
  hub.start();
  Node ops = make_node(hub, "OPS");
  Node lab = make_node(hub, "LAB");
  stock(ops, "A-01", "50");
  stock(lab, "B-01", "0");
  auto offer = first_line(ops.must({"pool", "offer", "BOX", "50", "--from", "A-01"}));
  lab.must({"sync"});
  auto req = first_line(lab.must({"pool", "request", offer, "--qty", "50", "--reason", "all"}));
  hand_over(ops, lab, req);
  lab.must({"pool", "receive", req, "--to", "B-01"});
  BOOST_CHECK_EQUAL(on_hand(ops, "A-01"), 0);
  BOOST_CHECK_EQUAL(on_hand(lab, "B-01"), 50);
  // Nothing is held any more: the 5 received next are free to issue.
  ops.must({"receive", "BOX", "5", "--to", "A-01"});
  ops.must({"issue", "BOX", "5", "--from", "A-01"});
  BOOST_CHECK_EQUAL(on_hand(ops, "A-01"), 0);
}
