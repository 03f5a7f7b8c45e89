// End-to-end: ward requisitions through the real rfinv binary on a temporary database: the
// whole way from creation to a partial receipt and the rest, stock in transit counted at
// neither end, steps out of order refused, cancel and close, keys, who may approve.
#define BOOST_TEST_MODULE requisition_cli
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>
#include <map>

#include "tests/support/db_snapshot.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

using namespace rfinv::test;
namespace json = boost::json;

namespace {

struct Wards {
  TempDir dir;
  std::string db = dir.file("rfinv.db");

  ProcessResult run(std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", db});
    return run_rfinv(args);
  }
  std::string ok(const std::vector<std::string>& args) {
    auto r = run(args);
    BOOST_REQUIRE_MESSAGE(r.exit_code == 0, "rfinv " << args.front() << " " << args.at(1)
                                                     << " failed (" << r.exit_code
                                                     << "): " << r.err);
    return r.out;
  }
  json::value ok_json(std::vector<std::string> args) {
    args.push_back("--json");
    return json::parse(ok(args));
  }
  // Stock of `sku` at `location` and everything below it.
  std::int64_t stock(const std::string& sku, const std::string& location) {
    std::int64_t sum = 0;
    auto lines = ok_json({"stock", "--sku", sku, "--location", location});
    for (const auto& line : lines.as_array()) sum += line.at("qty").as_int64();
    return sum;
  }
  json::object line(const json::value& requisition, const std::string& sku) {
    for (const auto& l : requisition.at("lines").as_array())
      if (l.at("sku").as_string() == sku) return l.as_object();
    BOOST_FAIL("no line " << sku);
    return {};
  }
  // `field` ("picked", "shipped") of each lot of a requisition's line, by lot.
  std::map<std::string, std::int64_t> lots(const json::object& line, const std::string& field) {
    std::map<std::string, std::int64_t> out;
    for (const auto& l : line.at("lots").as_array())
      out[std::string(l.at("lot").as_string())] = l.at(field).as_int64();
    return out;
  }
  // Stock of `sku` at exactly `location`, by lot.
  std::map<std::string, std::int64_t> stock_lots(const std::string& sku,
                                                 const std::string& location) {
    std::map<std::string, std::int64_t> out;
    auto lines = ok_json({"stock", "--lots", "--sku", sku});
    for (const auto& l : lines.as_array())
      if (l.at("location").as_string() == location)
        out[std::string(l.at("lot").as_string())] += l.at("qty").as_int64();
    return out;
  }

  // The command creating a requisition from STORE-A to ICU-W for `lines` ("SKU=QTY").
  static std::vector<std::string> create_args(const std::vector<std::string>& lines) {
    std::vector<std::string> args{"requisition", "create", "--from", "STORE-A", "--to", "ICU-W"};
    args.insert(args.end(), lines.begin(), lines.end());
    return args;
  }
  // Such a requisition, created; its id.
  std::string create(const std::vector<std::string>& lines) {
    return std::to_string(ok_json(create_args(lines)).at("id").as_int64());
  }
  // ... approved and picked.
  std::string picked(const std::vector<std::string>& lines) {
    auto id = create(lines);
    ok({"requisition", "approve", id});
    ok({"requisition", "pick", id});
    return id;
  }
  // ... and shipped.
  std::string shipped(const std::vector<std::string>& lines) {
    auto id = picked(lines);
    ok({"requisition", "ship", id});
    return id;
  }

  Wards() {
    ok({"dept", "add", "ICU", "--name", "Intensive care"});
    ok({"location", "add", "STORE", "--name", "Central store"});
    ok({"location", "add", "STORE-A", "--parent", "STORE"});
    ok({"location", "add", "ICU-W", "--name", "ICU ward", "--dept", "ICU"});
    ok({"location", "add", "ICU-CAB", "--parent", "ICU-W"});
    ok({"item", "add", "GLOVE", "--name", "Gloves", "--unit", "box"});
    ok({"item", "add", "MASK", "--name", "Masks", "--unit", "box"});
    ok({"receive", "GLOVE", "30", "--to", "STORE-A"});
    ok({"receive", "MASK", "3", "--to", "STORE-A"});
  }
};

}  // namespace

BOOST_FIXTURE_TEST_CASE(a_requisition_goes_from_creation_through_shipment_to_a_partial_receipt,
                        Wards) {
  auto created = ok_json(create_args({"GLOVE=10", "MASK=5"}));
  BOOST_TEST(created.at("status").as_string() == "requested");
  BOOST_TEST(created.at("dept").as_string() == "ICU");
  auto id = std::to_string(created.at("id").as_int64());

  BOOST_TEST(ok_json({"requisition", "approve", id}).at("status").as_string() == "approved");
  auto picked = ok_json({"requisition", "pick", id});
  BOOST_TEST(picked.at("status").as_string() == "picked");
  BOOST_TEST(line(picked, "GLOVE").at("picked").as_int64() == 10);
  BOOST_TEST(line(picked, "MASK").at("picked").as_int64() == 3);  // all there is
  // Picked stock is held: it is still at the store, but nobody else may issue it.
  BOOST_TEST(stock("GLOVE", "STORE") == 30);
  auto taken = run({"issue", "GLOVE", "21", "--from", "STORE-A"});
  BOOST_TEST(taken.exit_code == 4);
  BOOST_TEST(taken.err.find("only 20 box of GLOVE available") != std::string::npos, taken.err);

  auto shipped = ok_json({"requisition", "ship", id});
  BOOST_TEST(shipped.at("status").as_string() == "shipped");
  BOOST_TEST(shipped.at("transit").as_string() == "TRANSIT-R" + id);
  BOOST_TEST(line(shipped, "GLOVE").at("in_transit").as_int64() == 10);

  auto partial = ok_json({"requisition", "receive", id, "GLOVE=4"});
  BOOST_TEST(partial.at("status").as_string() == "partially_received");
  BOOST_TEST(line(partial, "GLOVE").at("received").as_int64() == 4);
  BOOST_TEST(line(partial, "GLOVE").at("in_transit").as_int64() == 6);
  BOOST_TEST(line(partial, "GLOVE").at("closed").as_bool() == false);
  BOOST_TEST(stock("GLOVE", "ICU-W") == 4);
  BOOST_TEST(stock("GLOVE", "TRANSIT-R" + id) == 6);

  auto more = run({"requisition", "receive", id, "GLOVE=7"});
  BOOST_TEST(more.exit_code == 4);
  BOOST_TEST(more.err.find("only 6 of GLOVE in transit") != std::string::npos, more.err);

  auto rest = ok_json({"requisition", "receive", id});
  BOOST_TEST(rest.at("status").as_string() == "received");
  BOOST_TEST(line(rest, "GLOVE").at("received").as_int64() == 10);
  BOOST_TEST(line(rest, "GLOVE").at("shortfall").as_int64() == 0);
  BOOST_TEST(line(rest, "MASK").at("received").as_int64() == 3);
  BOOST_TEST(line(rest, "MASK").at("closed").as_bool() == true);
  BOOST_TEST(line(rest, "MASK").at("shortfall").as_int64() == 2);  // the store had only 3
  BOOST_TEST(stock("GLOVE", "ICU-W") == 10);
  BOOST_TEST(stock("GLOVE", "STORE") == 20);
  BOOST_TEST(stock("GLOVE", "TRANSIT") == 0);

  auto listed = ok_json({"requisition", "list", "--status", "received"}).as_array();
  BOOST_REQUIRE(listed.size() == 1u);
  BOOST_TEST(listed[0].at("id").as_int64() == created.at("id").as_int64());
  BOOST_TEST(ok({"requisition", "show", id}).find("MASK") != std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(stock_in_transit_is_counted_at_neither_the_store_nor_the_ward, Wards) {
  auto id = shipped({"GLOVE=8"});
  BOOST_TEST(stock("GLOVE", "STORE") == 22);
  BOOST_TEST(stock("GLOVE", "ICU-W") == 0);
  BOOST_TEST(stock("GLOVE", "TRANSIT") == 8);
  // The organisation still owns it: the item's on hand is unchanged.
  BOOST_TEST(ok_json({"item", "show", "GLOVE"}).at("on_hand").as_int64() == 30);
  // Nothing but the requisition takes it out of transit.
  auto taken = run({"issue", "GLOVE", "1", "--from", "TRANSIT-R" + id});
  BOOST_TEST(taken.exit_code == 4);
  BOOST_TEST(taken.err.find("only 0 box of GLOVE available") != std::string::npos, taken.err);
}

BOOST_FIXTURE_TEST_CASE(a_step_out_of_order_is_refused_naming_the_status_and_writes_nothing,
                        Wards) {
  auto id = create({"GLOVE=2"});
  auto before = db_snapshot(db);
  auto pick = run({"requisition", "pick", id});
  BOOST_TEST(pick.exit_code == 4);
  BOOST_TEST(pick.err == "rfinv: requisition " + id + " is requested; pick needs it approved\n");
  for (const char* step : {"ship", "receive", "close"}) {
    std::vector<std::string> args{"requisition", step, id};
    if (std::string(step) == "close") args.insert(args.end(), {"--reason", "x"});
    auto r = run(args);
    BOOST_TEST(r.exit_code == 4, step);
    BOOST_TEST(r.err.find("is requested; " + std::string(step) + " needs it") != std::string::npos,
               r.err);
  }
  auto json_error = run({"requisition", "ship", id, "--json"});
  BOOST_TEST(json::parse(json_error.err).at("code").as_string() == "refused");
  BOOST_TEST(db_snapshot(db) == before);

  ok({"requisition", "approve", id});
  ok({"requisition", "pick", id});
  ok({"requisition", "ship", id});
  ok({"requisition", "receive", id});
  for (const char* step : {"approve", "pick", "ship", "receive", "cancel"}) {
    auto r = run({"requisition", step, id});
    BOOST_TEST(r.exit_code == 4, step);
    BOOST_TEST(r.err.find("is received; " + std::string(step) + " needs it") != std::string::npos,
               r.err);
  }
  BOOST_TEST(run({"requisition", "approve", "99"}).exit_code == 3);
}

BOOST_FIXTURE_TEST_CASE(a_cancel_before_shipment_releases_the_held_stock, Wards) {
  auto id = picked({"GLOVE=25"});
  BOOST_TEST(run({"issue", "GLOVE", "6", "--from", "STORE-A"}).exit_code == 4);
  auto cancelled = ok_json({"requisition", "cancel", id});
  BOOST_TEST(cancelled.at("status").as_string() == "cancelled");
  BOOST_TEST(line(cancelled, "GLOVE").at("shortfall").as_int64() == 25);
  ok({"issue", "GLOVE", "30", "--from", "STORE-A"});  // nothing is held any more
}

BOOST_FIXTURE_TEST_CASE(a_cancel_after_shipment_returns_what_is_in_transit_to_the_store, Wards) {
  auto id = shipped({"GLOVE=10"});
  ok({"requisition", "receive", id, "GLOVE=3"});
  auto cancelled = ok_json({"requisition", "cancel", id});
  BOOST_TEST(cancelled.at("status").as_string() == "cancelled");
  BOOST_TEST(line(cancelled, "GLOVE").at("shortfall").as_int64() == 7);
  BOOST_TEST(stock("GLOVE", "STORE") == 27);
  BOOST_TEST(stock("GLOVE", "ICU-W") == 3);
  BOOST_TEST(stock("GLOVE", "TRANSIT") == 0);
}

BOOST_FIXTURE_TEST_CASE(closing_short_writes_off_what_never_arrived, Wards) {
  auto id = shipped({"GLOVE=10"});
  ok({"requisition", "receive", id, "GLOVE=8"});
  auto closed = ok_json({"requisition", "close", id, "--reason", "2 boxes lost on the way"});
  BOOST_TEST(closed.at("status").as_string() == "closed");
  BOOST_TEST(line(closed, "GLOVE").at("shortfall").as_int64() == 2);
  BOOST_TEST(stock("GLOVE", "TRANSIT") == 0);
  BOOST_TEST(ok_json({"item", "show", "GLOVE"}).at("on_hand").as_int64() == 28);
  auto history = ok_json({"history", "GLOVE", "--limit", "1"}).as_array();
  BOOST_TEST(history[0].at("reason").as_string().find("2 boxes lost on the way") !=
             std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(a_step_repeated_with_its_key_changes_nothing, Wards) {
  auto first = ok_json(create_args({"GLOVE=10", "--key", "icu-monday"}));
  auto again = ok_json(create_args({"GLOVE=10", "--key", "icu-monday"}));
  BOOST_TEST(again.at("replayed").as_bool() == true);
  BOOST_TEST(again.at("id").as_int64() == first.at("id").as_int64());
  BOOST_TEST(ok_json({"requisition", "list"}).as_array().size() == 1u);
  auto id = std::to_string(first.at("id").as_int64());
  ok({"requisition", "approve", id});
  ok({"requisition", "pick", id});
  ok({"requisition", "ship", id});
  ok({"requisition", "receive", id, "GLOVE=2", "--key", "r1"});
  auto replay = ok_json({"requisition", "receive", id, "GLOVE=2", "--key", "r1"});
  BOOST_TEST(replay.at("replayed").as_bool() == true);
  BOOST_TEST(line(replay, "GLOVE").at("received").as_int64() == 2);
  auto reused = run({"requisition", "receive", id, "GLOVE=3", "--key", "r1"});
  BOOST_TEST(reused.exit_code == 4);
  BOOST_TEST(reused.err.find("a retry must repeat it exactly") != std::string::npos, reused.err);
  BOOST_TEST(stock("GLOVE", "ICU-W") == 2);
}

BOOST_FIXTURE_TEST_CASE(approving_as_a_user_needs_a_buyer_or_a_storekeeper, Wards) {
  std::string password = dir.file("password");
  {
    std::FILE* f = std::fopen(password.c_str(), "w");
    std::fputs("correct horse battery", f);
    std::fclose(f);
  }
  ok({"user", "add", "vera", "--role", "viewer", "--password-file", password});
  ok({"user", "add", "bob", "--role", "buyer", "--password-file", password});
  auto id = create({"GLOVE=1"});
  auto viewer = run({"requisition", "approve", id, "--as", "vera"});
  BOOST_TEST(viewer.exit_code == 6);
  BOOST_TEST(viewer.err.find("needs a buyer or a storekeeper") != std::string::npos, viewer.err);
  BOOST_TEST(run({"requisition", "approve", id, "--as", "nobody"}).exit_code == 6);
  auto approved = ok_json({"requisition", "approve", id, "--as", "bob"});
  BOOST_TEST(approved.at("approved_by").as_string() == "bob");
}

BOOST_FIXTURE_TEST_CASE(bad_requisition_input_is_refused_and_writes_nothing, Wards) {
  auto before = db_snapshot(db);
  BOOST_TEST(run(create_args({"GLOVE=0"})).exit_code == 2);
  BOOST_TEST(run(create_args({"GLOVE=1000000001"})).exit_code == 2);
  BOOST_TEST(run(create_args({"GLOVE"})).exit_code == 2);
  BOOST_TEST(run(create_args({"GLOVE=1", "GLOVE=2"})).exit_code == 2);
  BOOST_TEST(run(create_args({"NOPE=1"})).exit_code == 3);
  auto no_dept = run({"requisition", "create", "--from", "ICU-W", "--to", "STORE-A", "GLOVE=1"});
  BOOST_TEST(no_dept.exit_code == 2);
  BOOST_TEST(no_dept.err.find("has no department") != std::string::npos, no_dept.err);
  BOOST_TEST(run({"requisition", "list", "--status", "lost"}).exit_code == 2);
  BOOST_TEST(db_snapshot(db) == before);
  // A ward's bin belongs to the ward's department.
  auto to_bin =
      ok_json({"requisition", "create", "--from", "STORE-A", "--to", "ICU-CAB", "GLOVE=1"});
  BOOST_TEST(to_bin.at("dept").as_string() == "ICU");
}

BOOST_FIXTURE_TEST_CASE(a_pick_takes_lots_first_expiry_first_and_never_an_expired_or_held_one,
                        Wards) {
  ok({"item", "add", "SYR", "--name", "Syringe", "--lots", "--expiry-tracked"});
  ok({"receive", "SYR", "5", "--to", "STORE-A", "--lot", "OLD", "--expiry", "2020-01-31",
      "--allow-expired"});
  ok({"receive", "SYR", "4", "--to", "STORE-A", "--lot", "LATE", "--expiry", "2099-12-31"});
  ok({"receive", "SYR", "3", "--to", "STORE-A", "--lot", "SOON", "--expiry", "2098-01-31"});
  ok({"receive", "SYR", "9", "--to", "STORE-A", "--lot", "HELD", "--expiry", "2097-01-31"});
  ok({"lot", "hold", "SYR", "HELD", "--reason", "supplier notice"});
  auto id = create({"SYR=6"});
  ok({"requisition", "approve", id});
  auto picked = line(ok_json({"requisition", "pick", id}), "SYR");
  BOOST_TEST(picked.at("picked").as_int64() == 6);
  auto lots = picked.at("lots").as_array();
  BOOST_REQUIRE(lots.size() == 2u);
  std::map<std::string, std::int64_t> by_lot;
  for (const auto& l : lots)
    by_lot[std::string(l.at("lot").as_string())] = l.at("picked").as_int64();
  BOOST_TEST(by_lot["SOON"] == 3);
  BOOST_TEST(by_lot["LATE"] == 3);
  auto shipped = line(ok_json({"requisition", "ship", id}), "SYR");
  BOOST_TEST(shipped.at("shipped").as_int64() == 6);
  BOOST_TEST(stock("SYR", "TRANSIT-R" + id) == 6);
}

namespace {

// Wards with syringes in two lots at the store: 5 of SOON (expiring first), 5 of LATE.
struct SyringeWards : Wards {
  SyringeWards() {
    ok({"item", "add", "SYR", "--name", "Syringe", "--lots", "--expiry-tracked"});
    ok({"receive", "SYR", "5", "--to", "STORE-A", "--lot", "SOON", "--expiry", "2098-01-31"});
    ok({"receive", "SYR", "5", "--to", "STORE-A", "--lot", "LATE", "--expiry", "2099-12-31"});
  }
  // The lots an issue of free stock took, by lot.
  std::map<std::string, std::int64_t> issued(const std::vector<std::string>& extra) {
    std::vector<std::string> args{"issue", "SYR"};
    args.insert(args.end(), extra.begin(), extra.end());
    args.insert(args.end(), {std::string("--from"), std::string("STORE-A")});
    std::map<std::string, std::int64_t> out;
    auto posted = ok_json(args);
    for (const auto& l : posted.at("lots").as_array())
      out[std::string(l.at("lot").as_string())] = l.at("qty").as_int64();
    return out;
  }
};

using Lots = std::map<std::string, std::int64_t>;

}  // namespace

// Gap 3 of issue 12: holds were per item and location, so a free issue could take units of a
// lot a requisition had picked.
BOOST_FIXTURE_TEST_CASE(a_free_issue_does_not_take_units_of_a_picked_lot, SyringeWards) {
  auto id = picked({"SYR=4"});
  BOOST_TEST(
      (lots(line(ok_json({"requisition", "show", id}), "SYR"), "picked") == Lots{{"SOON", 4}}));
  // By lot: SOON has 1 unit nobody holds.
  auto by_lot = run({"issue", "SYR", "3", "--from", "STORE-A", "--lot", "SOON"});
  BOOST_TEST(by_lot.exit_code == 4);
  BOOST_TEST(by_lot.err.find("only 1 each of SYR lot SOON available at STORE-A (3 requested; 4 "
                             "more are held for requisitions or pool offers)") != std::string::npos,
             by_lot.err);
  // First expiry first out: 1 of SOON and 5 of LATE are free.
  auto fefo = run({"issue", "SYR", "7", "--from", "STORE-A"});
  BOOST_TEST(fefo.exit_code == 4);
  BOOST_TEST(
      fefo.err.find("only 6 each of SYR available at STORE-A (7 requested; 4 more are held") !=
          std::string::npos,
      fefo.err);
  BOOST_TEST((issued({"2"}) == Lots{{"SOON", 1}, {"LATE", 1}}));
  BOOST_TEST((stock_lots("SYR", "STORE-A") == Lots{{"SOON", 4}, {"LATE", 4}}));
  // The picked units are all still there for the shipment.
  auto sent = line(ok_json({"requisition", "ship", id}), "SYR");
  BOOST_TEST(sent.at("shipped").as_int64() == 4);
  BOOST_TEST((stock_lots("SYR", "TRANSIT-R" + id) == Lots{{"SOON", 4}}));
}

BOOST_FIXTURE_TEST_CASE(ship_sends_exactly_the_picked_lots, SyringeWards) {
  auto id = picked({"SYR=7"});
  BOOST_TEST((lots(line(ok_json({"requisition", "show", id}), "SYR"), "picked") ==
              Lots{{"SOON", 5}, {"LATE", 2}}));
  // A lot expiring earlier arrives after the pick and a free issue takes some of it: first
  // expiry first out would now start with it, but the shipment sends what was picked.
  ok({"receive", "SYR", "10", "--to", "STORE-A", "--lot", "FIRST", "--expiry", "2097-01-31"});
  BOOST_TEST((issued({"3"}) == Lots{{"FIRST", 3}}));
  auto sent = line(ok_json({"requisition", "ship", id}), "SYR");
  BOOST_TEST(sent.at("shipped").as_int64() == 7);
  BOOST_TEST((lots(sent, "shipped") == Lots{{"SOON", 5}, {"LATE", 2}}));
  BOOST_TEST((stock_lots("SYR", "TRANSIT-R" + id) == Lots{{"SOON", 5}, {"LATE", 2}}));
  // Each shipment movement names its lot.
  std::map<std::string, std::int64_t> moved;
  auto history = ok_json({"history", "SYR", "--limit", "2"});
  for (const auto& m : history.as_array())
    for (const auto& l : m.at("lots").as_array())
      moved[std::string(l.at("lot").as_string())] += l.at("qty").as_int64();
  BOOST_TEST((moved == Lots{{"SOON", 5}, {"LATE", 2}}));
  // The store's holds went with the units: everything left there is free.
  BOOST_TEST((issued({"10"}) == Lots{{"FIRST", 7}, {"LATE", 3}}));
  ok({"requisition", "receive", id});
  BOOST_TEST((stock_lots("SYR", "ICU-W") == Lots{{"SOON", 5}, {"LATE", 2}}));
  BOOST_TEST(stock("SYR", "TRANSIT") == 0);
}

// A count after the pick finds fewer units of a picked lot (an adjustment is not limited by
// holds): the shipment sends what is left of the pick, nothing of another lot, and the units
// the count found missing are no longer held at the store.
BOOST_FIXTURE_TEST_CASE(a_count_that_found_less_since_the_pick_ships_what_is_left, SyringeWards) {
  auto id = picked({"SYR=4"});
  ok({"adjust", "SYR", "-3", "--at", "STORE-A", "--lot", "SOON", "--reason", "counted"});
  BOOST_TEST((stock_lots("SYR", "STORE-A") == Lots{{"SOON", 2}, {"LATE", 5}}));
  auto sent = line(ok_json({"requisition", "ship", id}), "SYR");
  BOOST_TEST(sent.at("shipped").as_int64() == 2);
  BOOST_TEST((lots(sent, "shipped") == Lots{{"SOON", 2}}));
  BOOST_TEST((stock_lots("SYR", "TRANSIT-R" + id) == Lots{{"SOON", 2}}));
  // Nothing at the store is held for the requisition any more: all of LATE is free.
  BOOST_TEST((issued({"5"}) == Lots{{"LATE", 5}}));
  ok({"requisition", "receive", id});
  BOOST_TEST((stock_lots("SYR", "ICU-W") == Lots{{"SOON", 2}}));
}

BOOST_FIXTURE_TEST_CASE(a_cancel_before_shipment_releases_the_picked_lots, SyringeWards) {
  auto id = picked({"SYR=6"});
  BOOST_TEST(run({"issue", "SYR", "1", "--from", "STORE-A", "--lot", "SOON"}).exit_code == 4);
  ok({"requisition", "cancel", id});
  BOOST_TEST((issued({"5", "--lot", "SOON"}) == Lots{{"SOON", 5}}));
  BOOST_TEST((issued({"5"}) == Lots{{"LATE", 5}}));
}
