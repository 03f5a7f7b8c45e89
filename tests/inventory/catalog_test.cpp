// Catalog rules: codes, GTIN check digits, the site > zone > bin hierarchy, and the
// all-or-nothing CSV import that names the line and column of an error.
#define BOOST_TEST_MODULE catalog
#include "inventory/catalog/catalog.h"

#include <boost/test/unit_test.hpp>
#include <fstream>

#include "inventory/catalog/validate.h"
#include "inventory/store/schema.h"
#include "tests/support/result_text.h"
#include "tests/support/temp_dir.h"

using namespace rfinv;
using namespace rfinv::inventory;

namespace {

struct Fixture {
  test::TempDir dir;
  std::unique_ptr<Store> store;
  Fixture() {
    auto opened = Store::open(dir.file("catalog.db"), inventory::schema());
    BOOST_REQUIRE(opened.ok());
    store = std::move(opened.value());
  }
  std::string write(const std::string& name, const std::string& text) {
    auto path = dir.file(name);
    std::ofstream(path) << text;
    return path;
  }
};

}  // namespace

BOOST_AUTO_TEST_CASE(gtins_are_checked_and_padded_to_fourteen_digits) {
  BOOST_TEST(*normalize_gtin("80614141123458") == "80614141123458");
  BOOST_TEST(*normalize_gtin("4006381333931") == "04006381333931");  // EAN-13
  BOOST_TEST(*normalize_gtin("036000291452") == "00036000291452");   // UPC-A
  auto wrong = normalize_gtin("80614141123459");
  BOOST_REQUIRE(!wrong.ok());
  BOOST_TEST(wrong.error().message.find("check digit") != std::string::npos);
  BOOST_TEST(!normalize_gtin("8061414112345X").ok());
  BOOST_TEST(!normalize_gtin("123").ok());
}

BOOST_AUTO_TEST_CASE(quantities_and_money_are_parsed_strictly) {
  BOOST_TEST(*parse_quantity("qty", "12") == 12);
  BOOST_TEST(!parse_quantity("qty", "0").ok());
  BOOST_TEST(!parse_quantity("qty", "-3").ok());
  BOOST_TEST(*parse_quantity("qty", "-3", true) == -3);
  BOOST_TEST(!parse_quantity("qty", "1.5").ok());
  BOOST_TEST(!parse_quantity("qty", "ten").ok());
  BOOST_TEST(!parse_quantity("qty", "99999999999999999999").ok());
  BOOST_TEST(*parse_money_cents("cost", "12.5") == 1250);
  BOOST_TEST(*parse_money_cents("cost", "0.07") == 7);
  BOOST_TEST(!parse_money_cents("cost", "1.234").ok());
  BOOST_TEST(!parse_money_cents("cost", "-1").ok());
}

BOOST_FIXTURE_TEST_CASE(locations_nest_site_zone_bin, Fixture) {
  BOOST_REQUIRE(add_location(*store, {"WH", "", {}, {}, {}}).ok());
  auto zone = add_location(*store, {"Z", "", {}, "WH", {}});
  BOOST_REQUIRE(zone.ok());
  BOOST_TEST(zone->kind == "zone");
  auto bin = add_location(*store, {"B", "", {}, "Z", {}});
  BOOST_REQUIRE(bin.ok());
  BOOST_TEST(bin->kind == "bin");
  BOOST_TEST(!add_location(*store, {"X", "", "zone", "B", {}}).ok());   // zone inside a bin
  BOOST_TEST(!add_location(*store, {"Y", "", "site", "WH", {}}).ok());  // site with a parent
  BOOST_TEST(!add_location(*store, {"Q", "", "bin", {}, {}}).ok());     // bin without a parent
  BOOST_TEST(!add_location(*store, {"R", "", {}, "NOPE", {}}).ok());
  BOOST_TEST(!add_location(*store, {"WH", "", {}, {}, {}}).ok());  // duplicate
  BOOST_TEST(!add_location(*store, {"has space", "", {}, {}, {}}).ok());
  BOOST_TEST(list_locations(*store)->size() == 3u);
}

BOOST_FIXTURE_TEST_CASE(a_good_csv_imports_every_row, Fixture) {
  auto path =
      write("items.csv",
            "sku,name,unit,gtin,cost,supplier,safety,reorder_point,reorder_qty,max,lead_days\n"
            "GL-1,\"Gloves, nitrile\",box,80614141123458,12.50,SafeHands,5,10,20,,3\n"
            "MK-2,Mask,each,,0.95,AirGuard,50,100,0,500,7\n");
  auto n = import_items_csv(*store, path);
  BOOST_REQUIRE_MESSAGE(n.ok(), test::error_text(n));
  BOOST_TEST(*n == 2u);
  auto gloves = get_item(*store, "GL-1");
  BOOST_REQUIRE(gloves.ok());
  BOOST_TEST(gloves->fields.name == "Gloves, nitrile");
  BOOST_TEST(gloves->fields.unit_cost_cents == 1250);
  BOOST_TEST(*get_item(*store, "MK-2")->fields.max_level == 500);
}

BOOST_FIXTURE_TEST_CASE(a_bad_csv_row_names_line_and_column_and_imports_nothing, Fixture) {
  struct Case {
    std::string text, expect;
  };
  std::vector<Case> cases{
      {"sku,name,gtin\nA,a,\nB,b,80614141123459\n", "line 3, column gtin"},
      {"sku,name,safety\nA,a,1\nB,b,lots\n", "line 3, column safety"},
      {"sku,name\nA,a\nA,again\n", "line 3, column sku"},
      {"sku,name\nA,a\n,nameless\n", "line 3, column sku"},
      {"sku,name,max,reorder_point\nA,a,5,10\n", "line 2, column max"},
      {"sku,name\nA,a,extra\n", "line 2"},
      {"sku,name,colour\nA,a,red\n", "line 1, column 3"},
      {"sku\nA\n", "'name' column is required"},
      {"sku,name\nA,\"unterminated\n", "quoted field is not closed"},
  };
  for (const auto& c : cases) {
    auto n = import_items_csv(*store, write("bad.csv", c.text));
    BOOST_REQUIRE(!n.ok());
    BOOST_TEST(n.error().message.find(c.expect) != std::string::npos,
               c.expect << " in: " << n.error().message);
    BOOST_TEST(list_items(*store)->empty());
  }
  BOOST_TEST(!import_items_csv(*store, dir.file("missing.csv")).ok());
}
