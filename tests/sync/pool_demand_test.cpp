// Demand planning counts this department's pool stock requests that the hub refused or the owner
// declined (README "Demand planning"): through the real binary and a real hub, each such request
// is demand of its department, once, however often the hub's log is applied again, and never
// demand of the owner.
#define BOOST_TEST_MODULE pool_demand
#include <boost/test/unit_test.hpp>
#include <string>

#include "base/clock.h"
#include "tests/support/raw_sql.h"
#include "tests/sync/pool_views.h"
#include "tests/sync/sync_support.h"

namespace json = boost::json;
using namespace rfinv::test;

namespace {

constexpr rfinv::Micros kDay = 24LL * 3600 * 1'000'000;

std::string first_line(const ProcessResult& r) { return r.out.substr(0, r.out.find('\n')); }

// The units of `sku` the planning area counts as the node's demand over its history, as
// `report abc` sums the weekly series; -1 when the item is not listed.
double demand_of(const Node& node, const std::string& sku) {
  // The parsed document outlives the loop: a range-for over a temporary's array would not.
  const auto report = parse_out(node.must({"report", "abc", "--json"}));
  for (const auto& line : report.as_array())
    if (line.at("sku").as_string() == sku) return line.at("demand").to_number<double>();
  return -1;
}

// The node applies the hub's whole log again, as after a crash between applying events and
// recording them.
void replay_log(const Node& node) {
  raw_exec(node.db, "DELETE FROM sync_applied; UPDATE sync_settings SET cursor = 0;");
  BOOST_TEST(parse_out(node.must({"sync", "--json"})).at("applied").as_int64() > 0);
}

}  // namespace

BOOST_AUTO_TEST_CASE(refused_and_declined_pool_stock_requests_are_the_requesters_demand_once) {
  // The hub's SQLite file is edited below, so this suite runs on that store alone.
  HubFixture hub(HubStore::sqlite);
  hub.start();
  Node ops = make_node(hub, "OPS");
  Node lab = make_node(hub, "LAB");
  for (const Node* n : {&ops, &lab}) n->must({"item", "add", "CABLE", "--name", "Cable"});
  ops.must({"location", "add", "A-01"});
  ops.must({"receive", "CABLE", "5", "--to", "A-01"});
  auto offer = first_line(ops.must({"pool", "offer", "CABLE", "5", "--from", "A-01"}));
  lab.must({"sync"});

  // 8 asked of 5 offered: the hub refuses.
  auto refused = lab.run({"pool", "request", offer, "--qty", "8", "--reason", "ward 4"});
  BOOST_TEST(refused.exit_code == 4, refused.err);
  BOOST_TEST(refused.err.find("refused") != std::string::npos, refused.err);
  const std::string refused_id = first_line(refused);
  // 3 asked and reserved, then declined by the owner.
  auto declined_id =
      first_line(lab.must({"pool", "request", offer, "--qty", "3", "--reason", "x"}));
  ops.must({"sync"});
  ops.must({"pool", "decline", declined_id});
  lab.must({"sync"});
  auto statuses = node_requests(lab);
  BOOST_TEST(statuses[refused_id] == "refused");
  BOOST_TEST(statuses[declined_id] == "declined");

  // Demand is counted in complete weeks, so both requests are moved two weeks back, in the
  // hub's table and in every logged snapshot of them, as if made then.
  hub.stop_clean();
  const std::string then = std::to_string(rfinv::now_micros() - 14 * kDay);
  for (const auto& id : {refused_id, declined_id})
    raw_exec(hub.dir() + "/hub.db",
             "UPDATE request SET created_at = " + then + " WHERE id = '" + id +
                 "'; UPDATE event_log SET data = json_set(data, '$.request.created_at', " + then +
                 ") WHERE json_extract(data, '$.request.id') = '" + id + "';");
  hub.start(hub.port());

  replay_log(lab);
  BOOST_TEST(demand_of(lab, "CABLE") == 8 + 3);
  // Applying the log again changes nothing: each request is one row, and one demand.
  replay_log(lab);
  BOOST_TEST(demand_of(lab, "CABLE") == 8 + 3);
  BOOST_TEST(node_requests(lab).size() == 2u);
  // The owner's node knows both requests too; they are not its demand.
  replay_log(ops);
  BOOST_TEST(demand_of(ops, "CABLE") == 0);
  hub.stop_clean();
}
