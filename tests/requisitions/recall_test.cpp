// End-to-end: `rfinv recall` traces a lot through a transfer, an issue, a requisition to a
// ward and a pool hand-over to another department, on both departments' nodes (a real hub on
// loopback, two nodes driven through the real binary), and its units add up.
#define BOOST_TEST_MODULE recall
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include "tests/sync/sync_support.h"

using namespace rfinv::test;
namespace json = boost::json;

namespace {

json::value parse_out(const ProcessResult& r) { return json::parse(r.out); }
std::string first_line(const ProcessResult& r) { return r.out.substr(0, r.out.find('\n')); }

// The movements of a recall named `as`.
std::vector<json::object> moves_as(const json::value& recall, const std::string& as) {
  std::vector<json::object> out;
  for (const auto& m : recall.at("movements").as_array())
    if (m.at("as").as_string() == as) out.push_back(m.as_object());
  return out;
}

std::int64_t place_qty(const json::value& recall, const std::string& location) {
  for (const auto& p : recall.at("places").as_array())
    if (p.at("location").as_string() == location) return p.at("qty").as_int64();
  return 0;
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_recall_traces_a_lot_through_a_transfer_an_issue_a_ward_and_the_pool) {
  HubFixture hub;
  hub.start();
  Node ops = make_node(hub, "OPS");
  Node lab = make_node(hub, "LAB");
  ops.must({"dept", "add", "ICU", "--name", "Intensive care"});
  ops.must({"location", "add", "STORE"});
  ops.must({"location", "add", "SHELF"});
  ops.must({"location", "add", "ICU-W", "--dept", "ICU"});
  ops.must({"item", "add", "SYR", "--name", "Syringe", "--lots", "--expiry-tracked"});
  lab.must({"item", "add", "SYR", "--name", "Syringe", "--lots", "--expiry-tracked"});
  lab.must({"location", "add", "B-01"});
  ops.must({"receive", "SYR", "50", "--to", "STORE", "--lot", "L1", "--expiry", "2099-01-31"});
  ops.must({"receive", "SYR", "20", "--to", "STORE", "--lot", "L2", "--expiry", "2099-06-30"});

  ops.must({"transfer", "SYR", "10", "--from", "STORE", "--to", "SHELF", "--lot", "L1"});
  ops.must({"issue", "SYR", "4", "--from", "SHELF", "--lot", "L1"});

  auto req = std::to_string(parse_out(ops.must({"requisition", "create", "--from", "STORE", "--to",
                                                "ICU-W", "SYR=6", "--json"}))
                                .at("id")
                                .as_int64());
  for (const char* step : {"approve", "pick", "ship"}) ops.must({"requisition", step, req});
  ops.must({"requisition", "receive", req, "SYR=5"});  // 1 still in transit
  ops.must({"issue", "SYR", "2", "--from", "ICU-W"});  // used on the ward

  // The pool: OPS offers 8 from the store, LAB asks for 3; the hand-over issues the first
  // expiry, which is L1.
  auto offer = first_line(ops.must({"pool", "offer", "SYR", "8", "--from", "STORE"}));
  lab.must({"sync"});
  auto pool_req =
      first_line(lab.must({"pool", "request", offer, "--qty", "3", "--reason", "lab shortage"}));
  ops.must({"sync"});
  ops.must({"pool", "approve", pool_req});
  ops.must({"pool", "handover", pool_req});
  lab.must({"sync"});
  lab.must({"pool", "receive", pool_req, "--to", "B-01"});
  ops.must({"sync"});

  ops.must({"dispose", "SYR", "2", "--at", "STORE", "--lot", "L1", "--reason", "damaged"});

  auto recall = parse_out(ops.must({"recall", "SYR", "L1", "--json"}));
  BOOST_TEST(recall.at("lot").as_string() == "L1");
  BOOST_TEST(recall.at("expiry").as_string() == "2099-01-31");
  // Where it is now.
  BOOST_TEST(place_qty(recall, "STORE") == 50 - 10 - 6 - 3 - 2);
  BOOST_TEST(place_qty(recall, "SHELF") == 6);
  BOOST_TEST(place_qty(recall, "ICU-W") == 3);
  BOOST_TEST(place_qty(recall, "TRANSIT-R" + req) == 1);
  // Where units went.
  auto transfers = moves_as(recall, "transfer");
  BOOST_REQUIRE(transfers.size() == 1u);
  BOOST_TEST(transfers[0].at("to").as_string() == "SHELF");
  auto issues = moves_as(recall, "issue");
  BOOST_REQUIRE(issues.size() == 2u);
  BOOST_TEST(issues[0].at("from").as_string() == "SHELF");
  BOOST_TEST(issues[1].at("from").as_string() == "ICU-W");
  BOOST_TEST(issues[1].at("dept").as_string() == "ICU");
  auto shipped = moves_as(recall, "requisition shipment");
  BOOST_REQUIRE(shipped.size() == 1u);
  BOOST_TEST(shipped[0].at("qty").as_int64() == 6);
  BOOST_TEST(std::to_string(shipped[0].at("requisition").as_int64()) == req);
  auto arrived = moves_as(recall, "requisition receipt");
  BOOST_REQUIRE(arrived.size() == 1u);
  BOOST_TEST(arrived[0].at("to").as_string() == "ICU-W");
  BOOST_TEST(arrived[0].at("dept").as_string() == "ICU");
  auto handed = moves_as(recall, "pool hand-over");
  BOOST_REQUIRE(handed.size() == 1u);
  BOOST_TEST(handed[0].at("qty").as_int64() == 3);
  BOOST_TEST(handed[0].at("dept").as_string() == "LAB");
  BOOST_TEST(handed[0].at("pool_request").as_string() == pool_req);
  BOOST_TEST(moves_as(recall, "disposal").size() == 1u);
  // The units add up: received = on hand + issued + disposed + handed over + in transit.
  BOOST_TEST(recall.at("received").as_int64() == 50);
  BOOST_TEST(recall.at("on_hand").as_int64() == 29 + 6 + 3);
  BOOST_TEST(recall.at("issued").as_int64() == 6);
  BOOST_TEST(recall.at("disposed").as_int64() == 2);
  BOOST_TEST(recall.at("handed_over").as_int64() == 3);
  BOOST_TEST(recall.at("in_transit").as_int64() == 1);
  BOOST_TEST(recall.at("balanced").as_bool() == true);

  auto text = ops.must({"recall", "SYR", "L1"}).out;
  BOOST_TEST(text.find("received 50 = on hand 38 + issued 6 + disposed 2 + handed over 3 + in "
                       "transit 1") != std::string::npos,
             text);
  // The receiving department traces the lot too: the hand-over carried it, with its expiry.
  auto there = parse_out(lab.must({"recall", "SYR", "L1", "--json"}));
  BOOST_TEST(there.at("expiry").as_string() == "2099-01-31");
  BOOST_TEST(place_qty(there, "B-01") == 3);
  auto received = moves_as(there, "pool receipt");
  BOOST_REQUIRE(received.size() == 1u);
  BOOST_TEST(received[0].at("qty").as_int64() == 3);
  BOOST_TEST(received[0].at("to").as_string() == "B-01");
  BOOST_TEST(received[0].at("dept").as_string() == "OPS");  // who gave them
  BOOST_TEST(received[0].at("pool_request").as_string() == pool_req);
  BOOST_TEST(there.at("received").as_int64() == 3);
  BOOST_TEST(there.at("on_hand").as_int64() == 3);
  BOOST_TEST(there.at("balanced").as_bool() == true);
  BOOST_TEST(lab.run({"recall", "SYR", "L2"}).exit_code == 3);  // L2 never left OPS

  BOOST_TEST(ops.run({"recall", "SYR", "NOPE"}).exit_code == 3);
  BOOST_TEST(ops.run({"recall", "NOPE", "L1"}).exit_code == 3);
  hub.stop_clean();
}
