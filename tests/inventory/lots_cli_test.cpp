// End-to-end: lots and expiry through the real rfinv binary on a temporary database. Receipts
// name lots and expiry dates, issues pick first-expiry-first-out, expired and held stock is
// not available except to quarantine and disposal, and bad input writes nothing.
#define BOOST_TEST_MODULE lots_cli
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>
#include <chrono>

#include "base/clock.h"
#include "tests/support/cli_db.h"

using namespace rfinv::test;
namespace json = boost::json;

namespace {

// The UTC date `days` from today as a GS1 date, YYMMDD.
std::string yymmdd(int days) {
  auto d = rfinv::format_utc(rfinv::now_micros() + std::int64_t(days) * 86'400'000'000);
  return d.substr(2, 2) + d.substr(5, 2) + d.substr(8, 2);
}

// The UTC date `days` from today, YYYY-MM-DD.
std::string day(int days) {
  return rfinv::format_utc(rfinv::now_micros() + std::int64_t(days) * 86'400'000'000).substr(0, 10);
}

struct Cli : CliDb {
  std::int64_t stock_at(const std::string& sku, const std::string& location) {
    auto lines = ok_json({"stock", "--sku", sku});
    for (const auto& line : lines.as_array())
      if (line.at("location").as_string() == location) return line.at("qty").as_int64();
    return 0;
  }
  // Lot -> qty of the item at the location, from `stock --lots`.
  std::map<std::string, std::int64_t> lots_at(const std::string& sku, const std::string& location) {
    std::map<std::string, std::int64_t> out;
    auto lines = ok_json({"stock", "--lots", "--sku", sku});
    for (const auto& line : lines.as_array())
      if (line.at("location").as_string() == location)
        out[std::string(line.at("lot").as_string())] = line.at("qty").as_int64();
    return out;
  }

  Cli() {
    ok({"location", "add", "WH"});
    ok({"location", "add", "A", "--parent", "WH"});
    ok({"location", "add", "A-01", "--parent", "A"});
    ok({"location", "add", "A-02", "--parent", "A"});
    ok({"location", "add", "QUAR", "--parent", "A", "--quarantine"});
    ok({"item", "add", "SYR", "--name", "Syringe 5 ml", "--unit", "box", "--lots",
        "--expiry-tracked", "--safety", "2", "--reorder-point", "4", "--gtin", "09506000134352"});
    ok({"item", "add", "GAUZE", "--name", "Gauze", "--lots"});
    ok({"item", "add", "SALINE", "--name", "Saline", "--expiry-tracked"});
    ok({"item", "add", "TAPE", "--name", "Tape"});
  }
};

std::vector<std::pair<std::string, std::int64_t>> lots_of(const json::value& posted) {
  std::vector<std::pair<std::string, std::int64_t>> out;
  for (const auto& l : posted.at("lots").as_array())
    out.emplace_back(std::string(l.at("lot").as_string()), l.at("qty").as_int64());
  return out;
}

using Lots = std::vector<std::pair<std::string, std::int64_t>>;

}  // namespace

BOOST_AUTO_TEST_CASE(a_receipt_of_a_lot_tracked_item_needs_its_lot_and_expiry) {
  Cli cli;
  auto err = cli.refused({"receive", "SYR", "5", "--to", "A-01", "--expiry", day(100)}, 2);
  BOOST_TEST(err.find("lot: SYR is lot-tracked") != std::string::npos, err);
  err = cli.refused({"receive", "SYR", "5", "--to", "A-01", "--lot", "L1"}, 2);
  BOOST_TEST(err.find("expiry: SYR is expiry-tracked") != std::string::npos, err);
  auto posted =
      cli.ok_json({"receive", "SYR", "5", "--to", "A-01", "--lot", "L1", "--expiry", day(100)});
  BOOST_TEST((lots_of(posted) == Lots{{"L1", 5}}));
  BOOST_TEST(posted.at("lots").at(0).at("expiry").as_string() == day(100));
}

BOOST_AUTO_TEST_CASE(a_lot_on_an_item_that_is_not_lot_tracked_is_refused_naming_the_field) {
  Cli cli;
  auto err = cli.refused({"receive", "TAPE", "5", "--to", "A-01", "--lot", "L1"}, 2);
  BOOST_TEST(err.find("lot: TAPE is not lot-tracked") != std::string::npos, err);
  err = cli.refused({"receive", "TAPE", "5", "--to", "A-01", "--expiry", day(10)}, 2);
  BOOST_TEST(err.find("expiry: TAPE tracks no expiry") != std::string::npos, err);
  err =
      cli.refused({"receive", "SALINE", "5", "--to", "A-01", "--lot", "L1", "--expiry", day(9)}, 2);
  BOOST_TEST(err.find("lot: SALINE is not lot-tracked") != std::string::npos, err);
  cli.ok({"receive", "TAPE", "5", "--to", "A-01"});  // an untracked item as before
  BOOST_TEST(cli.stock_at("TAPE", "A-01") == 5);
}

BOOST_AUTO_TEST_CASE(an_expiry_in_the_past_is_refused_unless_allowed) {
  Cli cli;
  auto err =
      cli.refused({"receive", "SYR", "5", "--to", "A-01", "--lot", "OLD", "--expiry", day(-1)}, 2);
  BOOST_TEST(err.find("is in the past") != std::string::npos, err);
  BOOST_TEST(err.find("--allow-expired") != std::string::npos, err);
  cli.ok({"receive", "SYR", "5", "--to", "A-01", "--lot", "OLD", "--expiry", day(-1),
          "--allow-expired"});
  cli.ok({"receive", "SYR", "1", "--to", "A-01", "--lot", "TODAY", "--expiry", day(0)});
  BOOST_TEST(cli.stock_at("SYR", "A-01") == 6);
}

BOOST_AUTO_TEST_CASE(a_malformed_or_impossible_expiry_is_refused_with_nothing_written) {
  Cli cli;
  for (std::string bad :
       {"2031-02-30", "2031-13-01", "2031-1-05", "31-01-05", "tomorrow", "2031-01-05T00:00Z", ""}) {
    auto err =
        cli.refused({"receive", "SYR", "5", "--to", "A-01", "--lot", "L1", "--expiry", bad}, 2);
    BOOST_TEST(err.find("expiry") != std::string::npos, bad << ": " << err);
  }
}

BOOST_AUTO_TEST_CASE(the_same_lot_with_another_expiry_is_refused_naming_both) {
  Cli cli;
  cli.ok({"receive", "SYR", "5", "--to", "A-01", "--lot", "L1", "--expiry", day(100)});
  auto err =
      cli.refused({"receive", "SYR", "5", "--to", "A-02", "--lot", "L1", "--expiry", day(120)}, 4);
  BOOST_TEST(err.find(day(100)) != std::string::npos, err);
  BOOST_TEST(err.find(day(120)) != std::string::npos, err);
  cli.ok({"receive", "SYR", "5", "--to", "A-02", "--lot", "L1", "--expiry", day(100)});
  BOOST_TEST((cli.lots_at("SYR", "A-02") == std::map<std::string, std::int64_t>{{"L1", 5}}));
}

BOOST_AUTO_TEST_CASE(an_issue_takes_the_first_expiry_first_and_says_which_lots) {
  Cli cli;
  // Received in the other order: the later expiry first.
  cli.ok({"receive", "SYR", "4", "--to", "A-01", "--lot", "LATE", "--expiry", day(200)});
  cli.ok({"receive", "SYR", "3", "--to", "A-01", "--lot", "EARLY", "--expiry", day(50)});
  cli.ok({"receive", "SYR", "2", "--to", "A-01", "--lot", "MID", "--expiry", day(100)});
  auto posted = cli.ok_json({"issue", "SYR", "4", "--from", "A-01"});
  BOOST_TEST((lots_of(posted) == Lots{{"EARLY", 3}, {"MID", 1}}));
  auto text = cli.ok({"issue", "SYR", "2", "--from", "A-01"});
  BOOST_TEST(text.find("lot MID (expires " + day(100) + "): 1") != std::string::npos, text);
  BOOST_TEST(text.find("lot LATE (expires " + day(200) + "): 1") != std::string::npos, text);
  BOOST_TEST((cli.lots_at("SYR", "A-01") == std::map<std::string, std::int64_t>{{"LATE", 3}}));
  BOOST_TEST(cli.stock_at("SYR", "A-01") == 3);  // the per-item total the alerts read
  BOOST_TEST(cli.ok_json({"item", "show", "SYR"}).at("on_hand").as_int64() == 3);
}

BOOST_AUTO_TEST_CASE(among_lots_with_one_expiry_or_none_the_lot_received_first_goes_first) {
  Cli cli;
  cli.ok({"receive", "GAUZE", "2", "--to", "A-01", "--lot", "G1"});
  cli.ok({"receive", "GAUZE", "2", "--to", "A-01", "--lot", "G2", "--expiry", day(300)});
  cli.ok({"receive", "GAUZE", "2", "--to", "A-01", "--lot", "G0"});
  // A lot with an expiry before those without; then the lot received first.
  auto posted = cli.ok_json({"issue", "GAUZE", "5", "--from", "A-01"});
  BOOST_TEST((lots_of(posted) == Lots{{"G2", 2}, {"G1", 2}, {"G0", 1}}));
}

BOOST_AUTO_TEST_CASE(an_issue_naming_a_lot_takes_only_that_lot) {
  Cli cli;
  cli.ok({"receive", "SYR", "4", "--to", "A-01", "--lot", "A", "--expiry", day(50)});
  cli.ok({"receive", "SYR", "4", "--to", "A-01", "--lot", "B", "--expiry", day(90)});
  auto posted = cli.ok_json({"issue", "SYR", "3", "--from", "A-01", "--lot", "B"});
  BOOST_TEST((lots_of(posted) == Lots{{"B", 3}}));
  auto err = cli.refused({"issue", "SYR", "2", "--from", "A-01", "--lot", "B"}, 4);
  BOOST_TEST(
      err.find("only 1 box of SYR lot B available at A-01 (2 requested)") != std::string::npos,
      err);
  err = cli.refused({"issue", "SYR", "1", "--from", "A-01", "--lot", "NOPE"}, 3);
  BOOST_TEST(err.find("SYR has no lot NOPE") != std::string::npos, err);
}

BOOST_AUTO_TEST_CASE(expired_stock_is_not_issued_or_transferred_except_to_quarantine) {
  Cli cli;
  cli.ok({"receive", "SYR", "3", "--to", "A-01", "--lot", "OLD", "--expiry", day(-2),
          "--allow-expired"});
  cli.ok({"receive", "SYR", "2", "--to", "A-01", "--lot", "NEW", "--expiry", day(60)});
  // FEFO passes over the expired lot.
  auto posted = cli.ok_json({"issue", "SYR", "1", "--from", "A-01"});
  BOOST_TEST((lots_of(posted) == Lots{{"NEW", 1}}));
  auto err = cli.refused({"issue", "SYR", "2", "--from", "A-01"}, 4);
  BOOST_TEST(err.find("only 1 box of SYR available at A-01 (2 requested; 3 more are expired or "
                      "held)") != std::string::npos,
             err);
  err = cli.refused({"issue", "SYR", "1", "--from", "A-01", "--lot", "OLD"}, 4);
  BOOST_TEST(err.find("lot OLD of SYR expired on " + day(-2)) != std::string::npos, err);
  err = cli.refused({"transfer", "SYR", "1", "--from", "A-01", "--to", "A-02", "--lot", "OLD"}, 4);
  BOOST_TEST(err.find("expired") != std::string::npos, err);
  // To a quarantine location it goes, first expiry first.
  posted = cli.ok_json({"transfer", "SYR", "3", "--from", "A-01", "--to", "QUAR"});
  BOOST_TEST((lots_of(posted) == Lots{{"OLD", 3}}));
  BOOST_TEST((cli.lots_at("SYR", "QUAR") == std::map<std::string, std::int64_t>{{"OLD", 3}}));
  // ... and not back out of it.
  cli.refused({"transfer", "SYR", "1", "--from", "QUAR", "--to", "A-01"}, 4);
}

BOOST_AUTO_TEST_CASE(a_held_lot_is_not_issued_until_it_is_released) {
  Cli cli;
  cli.ok({"receive", "SYR", "3", "--to", "A-01", "--lot", "SUSPECT", "--expiry", day(30)});
  cli.ok({"receive", "SYR", "3", "--to", "A-01", "--lot", "GOOD", "--expiry", day(90)});
  cli.ok({"lot", "hold", "SYR", "SUSPECT", "--reason", "supplier notice"});
  auto lots = cli.ok_json({"lot", "list", "SYR"}).as_array();
  BOOST_TEST(lots.at(0).at("lot").as_string() == "SUSPECT");
  BOOST_TEST(lots.at(0).at("held").as_bool());
  BOOST_TEST(lots.at(0).at("held_reason").as_string() == "supplier notice");
  // Holding again for the same reason changes nothing; for another is a conflict.
  BOOST_TEST(!cli.ok_json({"lot", "hold", "SYR", "SUSPECT", "--reason", "supplier notice"})
                  .at("changed")
                  .as_bool());
  cli.refused({"lot", "hold", "SYR", "SUSPECT", "--reason", "other"}, 4);
  auto posted = cli.ok_json({"issue", "SYR", "2", "--from", "A-01"});
  BOOST_TEST((lots_of(posted) == Lots{{"GOOD", 2}}));
  auto err = cli.refused({"issue", "SYR", "1", "--from", "A-01", "--lot", "SUSPECT"}, 4);
  BOOST_TEST(err.find("lot SUSPECT of SYR is held (supplier notice)") != std::string::npos, err);
  cli.refused({"issue", "SYR", "2", "--from", "A-01"}, 4);
  cli.ok({"lot", "release", "SYR", "SUSPECT"});
  posted = cli.ok_json({"issue", "SYR", "2", "--from", "A-01"});
  BOOST_TEST((lots_of(posted) == Lots{{"SUSPECT", 2}}));
  cli.refused({"lot", "release", "SYR", "NOPE"}, 3);
}

BOOST_AUTO_TEST_CASE(dispose_takes_expired_stock_out_and_is_not_an_issue) {
  Cli cli;
  cli.ok({"receive", "SYR", "3", "--to", "A-01", "--lot", "OLD", "--expiry", day(-2),
          "--allow-expired"});
  cli.ok({"receive", "SYR", "5", "--to", "A-01", "--lot", "NEW", "--expiry", day(60)});
  cli.refused({"dispose", "SYR", "1", "--at", "A-01", "--lot", "OLD"}, 2);  // needs a reason
  auto posted =
      cli.ok_json({"dispose", "SYR", "3", "--at", "A-01", "--lot", "OLD", "--reason", "expired"});
  BOOST_TEST((lots_of(posted) == Lots{{"OLD", 3}}));
  BOOST_TEST(cli.stock_at("SYR", "A-01") == 5);
  BOOST_TEST(cli.ok_json({"item", "show", "SYR"}).at("on_hand").as_int64() == 5);
  auto history = cli.ok_json({"history", "SYR"}).as_array();
  BOOST_TEST(history.at(0).at("kind").as_string() == "dispose");
  BOOST_TEST(history.at(0).at("qty").as_int64() == 3);
  BOOST_TEST(history.at(0).at("from").as_string() == "A-01");
  BOOST_TEST(history.at(0).at("lots").at(0).at("lot").as_string() == "OLD");
  // Disposing takes untracked stock out too, within what is there.
  cli.ok({"receive", "TAPE", "2", "--to", "A-01"});
  cli.refused({"dispose", "TAPE", "3", "--at", "A-01", "--reason", "wet"}, 4);
  cli.ok({"dispose", "TAPE", "2", "--at", "A-01", "--reason", "wet"});
  BOOST_TEST(cli.stock_at("TAPE", "A-01") == 0);
}

BOOST_AUTO_TEST_CASE(a_transfer_keeps_the_lots_it_moves) {
  Cli cli;
  cli.ok({"receive", "SYR", "2", "--to", "A-01", "--lot", "A", "--expiry", day(40)});
  cli.ok({"receive", "SYR", "5", "--to", "A-01", "--lot", "B", "--expiry", day(80)});
  auto posted = cli.ok_json({"transfer", "SYR", "4", "--from", "A-01", "--to", "A-02"});
  BOOST_TEST((lots_of(posted) == Lots{{"A", 2}, {"B", 2}}));
  BOOST_TEST(
      (cli.lots_at("SYR", "A-02") == std::map<std::string, std::int64_t>{{"A", 2}, {"B", 2}}));
  BOOST_TEST((cli.lots_at("SYR", "A-01") == std::map<std::string, std::int64_t>{{"B", 3}}));
  cli.ok({"transfer", "SYR", "3", "--from", "A-01", "--to", "A-02", "--lot", "B"});
  BOOST_TEST(
      (cli.lots_at("SYR", "A-02") == std::map<std::string, std::int64_t>{{"A", 2}, {"B", 5}}));
  BOOST_TEST(cli.stock_at("SYR", "A-02") == 7);
}

BOOST_AUTO_TEST_CASE(stock_lots_lists_each_lot_with_its_expiry_and_state) {
  Cli cli;
  cli.ok({"receive", "SYR", "2", "--to", "A-01", "--lot", "A", "--expiry", day(40)});
  cli.ok({"receive", "SYR", "1", "--to", "A-01", "--lot", "X", "--expiry", day(-1),
          "--allow-expired"});
  cli.ok({"receive", "TAPE", "3", "--to", "A-01"});
  auto lines = cli.ok_json({"stock", "--lots"}).as_array();
  BOOST_REQUIRE(lines.size() == 3u);
  BOOST_TEST(lines.at(0).at("lot").as_string() == "X");
  BOOST_TEST(lines.at(0).at("expired").as_bool());
  BOOST_TEST(lines.at(1).at("lot").as_string() == "A");
  BOOST_TEST(!lines.at(1).at("expired").as_bool());
  BOOST_TEST(lines.at(2).at("sku").as_string() == "TAPE");
  BOOST_TEST(lines.at(2).at("lot").is_null());
  auto text = cli.ok({"stock", "--lots", "--sku", "SYR"});
  BOOST_TEST(text.find("expired") != std::string::npos, text);
  // Without --lots, one line per item and location as always.
  BOOST_TEST(cli.ok_json({"stock"}).as_array().size() == 2u);
}

BOOST_AUTO_TEST_CASE(history_shows_the_lots_of_each_movement) {
  Cli cli;
  cli.ok({"receive", "GAUZE", "2", "--to", "A-01", "--lot", "G1"});
  cli.ok({"receive", "GAUZE", "2", "--to", "A-01", "--lot", "G2"});
  cli.ok({"issue", "GAUZE", "3", "--from", "A-01"});
  auto text = cli.ok({"history", "GAUZE"});
  BOOST_TEST(text.find("lot G1: 2, lot G2: 1") != std::string::npos, text);
  auto history = cli.ok_json({"history", "GAUZE"}).as_array();
  BOOST_TEST(history.at(0).at("lots").as_array().size() == 2u);
  BOOST_TEST(history.at(2).at("lots").at(0).at("lot").as_string() == "G1");
}

BOOST_AUTO_TEST_CASE(reversing_an_issue_over_several_lots_puts_each_lot_back) {
  Cli cli;
  cli.ok({"receive", "GAUZE", "2", "--to", "A-01", "--lot", "G1"});
  cli.ok({"receive", "GAUZE", "2", "--to", "A-01", "--lot", "G2"});
  auto id = cli.ok_json({"issue", "GAUZE", "3", "--from", "A-01"}).at("id").as_int64();
  cli.ok({"movement", "reverse", std::to_string(id), "--reason", "wrong item"});
  BOOST_TEST(
      (cli.lots_at("GAUZE", "A-01") == std::map<std::string, std::int64_t>{{"G1", 2}, {"G2", 2}}));
  BOOST_TEST(cli.stock_at("GAUZE", "A-01") == 4);
}

BOOST_AUTO_TEST_CASE(a_retried_lot_movement_with_its_key_changes_nothing) {
  Cli cli;
  cli.ok({"receive", "SYR", "4", "--to", "A-01", "--lot", "A", "--expiry", day(40), "--key", "k1"});
  auto again = cli.ok_json(
      {"receive", "SYR", "4", "--to", "A-01", "--lot", "A", "--expiry", day(40), "--key", "k1"});
  BOOST_TEST(again.at("replayed").as_bool());
  BOOST_TEST((lots_of(again) == Lots{{"A", 4}}));
  cli.refused(
      {"receive", "SYR", "4", "--to", "A-01", "--lot", "B", "--expiry", day(40), "--key", "k1"}, 4);
  BOOST_TEST(cli.stock_at("SYR", "A-01") == 4);
}

BOOST_AUTO_TEST_CASE(an_expiry_only_item_keeps_its_stock_per_expiry_date) {
  Cli cli;
  cli.ok({"receive", "SALINE", "2", "--to", "A-01", "--expiry", day(90)});
  cli.ok({"receive", "SALINE", "3", "--to", "A-01", "--expiry", day(20)});
  cli.ok({"receive", "SALINE", "1", "--to", "A-01", "--expiry", day(90)});
  auto posted = cli.ok_json({"issue", "SALINE", "4", "--from", "A-01"});
  BOOST_TEST((lots_of(posted) == Lots{{day(20), 3}, {day(90), 1}}));
  BOOST_TEST((cli.lots_at("SALINE", "A-01") == std::map<std::string, std::int64_t>{{day(90), 2}}));
}

BOOST_AUTO_TEST_CASE(an_items_tracking_cannot_change_while_it_has_stock) {
  Cli cli;
  cli.ok({"receive", "TAPE", "3", "--to", "A-01"});
  auto err = cli.refused({"item", "edit", "TAPE", "--lots"}, 4);
  BOOST_TEST(err.find("tracking cannot change") != std::string::npos, err);
  cli.ok({"issue", "TAPE", "3", "--from", "A-01"});
  cli.ok({"item", "edit", "TAPE", "--lots", "--expiry-horizon", "60"});
  auto item = cli.ok_json({"item", "show", "TAPE"});
  BOOST_TEST(item.at("lot_tracked").as_bool());
  BOOST_TEST(!item.at("expiry_tracked").as_bool());
  BOOST_TEST(item.at("expiry_horizon_days").as_int64() == 60);
  cli.refused({"item", "edit", "TAPE", "--expiry-horizon", "0"}, 2);
  cli.ok({"item", "edit", "TAPE", "--no-lots"});
  BOOST_TEST(!cli.ok_json({"item", "show", "TAPE"}).at("lot_tracked").as_bool());
}

BOOST_AUTO_TEST_CASE(a_location_becomes_a_quarantine_location_and_back) {
  Cli cli;
  cli.ok({"receive", "SYR", "2", "--to", "A-01", "--lot", "X", "--expiry", day(-1),
          "--allow-expired"});
  cli.refused({"transfer", "SYR", "2", "--from", "A-01", "--to", "A-02"}, 4);
  cli.ok({"location", "edit", "A-02", "--quarantine"});
  cli.ok({"transfer", "SYR", "2", "--from", "A-01", "--to", "A-02"});
  cli.ok({"location", "edit", "A-02", "--no-quarantine"});
  cli.refused({"transfer", "SYR", "2", "--from", "A-02", "--to", "A-01"}, 4);
  BOOST_TEST(cli.ok_json({"location", "list"}).as_array().at(2).at("quarantine").as_bool() ==
             false);
}

BOOST_AUTO_TEST_CASE(a_scanned_barcode_receives_its_item_lot_and_expiry) {
  Cli cli;
  auto posted =
      cli.ok_json({"receive", "--scan", "(01)09506000134352(17)" + yymmdd(100) + "(10)LS1", "4",
                   "--to", "A-01"});
  BOOST_TEST(posted.at("sku").as_string() == "SYR");
  BOOST_TEST((lots_of(posted) == Lots{{"LS1", 4}}));
  BOOST_TEST(posted.at("lots").at(0).at("expiry").as_string() == day(100));
  // Raw, as a DataMatrix scanner sends it: symbology identifier, the variable lot last.
  std::string raw = "]d20109506000134352" + std::string("17") + yymmdd(60) + "10LS2";
  posted = cli.ok_json({"receive", "--scan", raw, "--to", "A-01"});  // no QTY: one
  BOOST_TEST((lots_of(posted) == Lots{{"LS2", 1}}));
  // A label's count (30) is the quantity when none is given.
  posted = cli.ok_json({"receive", "--scan", "(01)09506000134352(17)" + yymmdd(60) + "(10)LS2(30)6",
                        "--to", "A-02"});
  BOOST_TEST((lots_of(posted) == Lots{{"LS2", 6}}));
  BOOST_TEST(cli.stock_at("SYR", "A-01") == 5);
}

BOOST_AUTO_TEST_CASE(a_scanned_issue_takes_the_lot_on_the_label) {
  Cli cli;
  cli.ok({"receive", "SYR", "3", "--to", "A-01", "--lot", "EARLY", "--expiry", day(30)});
  cli.ok({"receive", "SYR", "3", "--to", "A-01", "--lot", "LATE", "--expiry", day(90)});
  auto posted = cli.ok_json({"issue", "--scan", "(01)09506000134352(17)" + yymmdd(90) + "(10)LATE",
                             "2", "--from", "A-01"});
  BOOST_TEST((lots_of(posted) == Lots{{"LATE", 2}}));
  // A label without a lot: first expiry first.
  posted = cli.ok_json({"issue", "--scan", "(01)09506000134352", "--from", "A-01"});
  BOOST_TEST((lots_of(posted) == Lots{{"EARLY", 1}}));
}

BOOST_AUTO_TEST_CASE(a_bad_barcode_is_refused_naming_the_ai_and_an_unknown_gtin_is_not_found) {
  Cli cli;
  // Wrong check digit in (01).
  auto err = cli.refused({"receive", "--scan", "(01)09506000134353(10)X", "--to", "A-01"}, 2);
  BOOST_TEST(err.find("01") != std::string::npos, err);
  // An impossible expiry date in (17).
  err = cli.refused({"receive", "--scan", "(01)09506000134352(17)271341(10)X", "--to", "A-01"}, 2);
  BOOST_TEST(err.find("17") != std::string::npos, err);
  // A valid barcode of an item nobody has.
  err = cli.refused({"receive", "--scan", "(01)80614141123458(10)X", "--to", "A-01"}, 3);
  BOOST_TEST(err.find("80614141123458") != std::string::npos, err);
  // No GTIN at all.
  cli.refused({"receive", "--scan", "(10)X", "--to", "A-01"}, 2);
  // A lot and a SKU do not go with --scan.
  cli.refused({"receive", "--scan", "(01)09506000134352", "SYR", "2", "--to", "A-01"}, 2);
}
