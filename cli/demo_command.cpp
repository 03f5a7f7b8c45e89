// rfinv demo: a day in a small warehouse played by simulated readers through the real read
// pipeline on a fresh database: a delivery received at the dock, goods put away on two
// shelves, cases issued until gloves cross their reorder point, a move between shelves, and
// a handheld cycle count that finds the one case taken away.
#include <filesystem>
#include <fstream>

#include "cli/commands.h"
#include "cli/demo_scenarios.h"
#include "cli/output.h"
#include "cli/service.h"
#include "cli/views.h"
#include "inventory/alerts/alerts.h"
#include "inventory/catalog/catalog.h"
#include "inventory/counts/counts.h"
#include "inventory/ledger/ledger.h"
#include "inventory/pipeline/readers.h"
#include "inventory/pipeline/readpoints.h"

namespace rfinv::cli {
namespace {

using namespace inventory;

void build_catalog(Store& store) {
  need(add_dept(store, "STORES", "Central stores"));
  need(add_location(store, {"WH1", "Main warehouse", "site", std::nullopt, "STORES"}));
  need(add_location(store, {"DOCK", "Dock door 1", "zone", "WH1", std::nullopt}));
  need(add_location(store, {"AISLE", "Aisle A", "zone", "WH1", std::nullopt}));
  need(add_location(store, {"SHELF-A", "Shelf A", "bin", "AISLE", std::nullopt}));
  need(add_location(store, {"SHELF-B", "Shelf B", "bin", "AISLE", std::nullopt}));
  ItemFields gloves{"Nitrile gloves, size L (case)",
                    "case",
                    "80614141123458",
                    4500,
                    "SafeHands Ltd",
                    2,
                    4,
                    10,
                    std::nullopt,
                    5};
  ItemFields masks{"FFP2 masks (case of 50)",
                   "case",
                   "00614141543212",
                   3200,
                   "AirGuard",
                   1,
                   2,
                   6,
                   std::nullopt,
                   7};
  need(add_item(store, "GLOVE-L", gloves));
  need(add_item(store, "MASK-FFP2", masks));
}

// Writes the scenario files next to the database and registers readers and read points.
void install_readers(Store& store) {
  auto dir = std::filesystem::absolute(store.path()).parent_path() /
             (std::filesystem::path(store.path()).filename().string() + ".scenarios");
  std::filesystem::create_directories(dir);
  auto write = [&](const char* name, const char* body) {
    auto path = (dir / name).string();
    std::ofstream(path) << "{" << kDemoTags << body;
    // Forty times real time: fast, yet the three readers still play side by side in order.
    return "sim://" + path + "?speed=40";
  };
  Micros now = now_micros();
  need(add_reader(store, "dock-door", write("dock.json", kDemoDock), now));
  need(add_reader(store, "shelves", write("shelves.json", kDemoShelves), now));
  need(add_reader(store, "handheld", write("handheld.json", kDemoHandheld), now));
  auto point = [&](const char* reader, int antenna, const char* location, ReadPointRole role) {
    NewReadPoint rp;
    rp.reader = reader;
    rp.antenna = antenna;
    rp.location = location;
    rp.role = role;
    need(add_read_point(store, rp));
  };
  point("dock-door", 1, "DOCK", ReadPointRole::dock_in);
  point("dock-door", 2, "DOCK", ReadPointRole::dock_out);
  point("shelves", 1, "SHELF-A", ReadPointRole::shelf);
  point("shelves", 2, "SHELF-B", ReadPointRole::shelf);
  point("handheld", 1, "SHELF-A", ReadPointRole::handheld);
}

void play(Context& ctx, std::vector<std::string> readers) {
  ServiceOptions options;
  options.db_path = ctx.db_path;
  options.until_idle = true;
  options.only_readers = std::move(readers);
  options.on_event = [](const BusinessEvent& e) {
    if (e.kind == "seen" || e.kind == "counted") return;  // the story needs only the changes
    print_business_event(e, false);
  };
  if (run_service(options) != 0) throw CliError(1, "the demo's read service failed");
}

void print_stock(Store& store) {
  Table t{{"sku", "location", "qty"}, {}};
  for (const auto& line : need(stock_levels(store, {})))
    if (line.qty != 0) t.rows.push_back({line.sku, line.location, std::to_string(line.qty)});
  print_table(t);
}

}  // namespace

void add_demo_command(CLI::App& app, Context& ctx) {
  auto* demo = app.add_subcommand("demo", "play a simulated warehouse day on a fresh database");
  on_run(demo, ctx, [&ctx] {
    auto& store = ctx.store();
    if (!need(list_items(store)).empty())
      fail_input("the demo needs a fresh database; give a new file with --db");
    fmt::print("rfinv demo on {}\n\n", store.path());
    build_catalog(store);
    install_readers(store);
    fmt::print(
        "Catalog: GLOVE-L (reorder at 4, safety 2) and MASK-FFP2 (reorder at 2), locations\n"
        "DOCK, SHELF-A and SHELF-B in warehouse WH1. Simulated readers: a dock door (in and\n"
        "out antennas), one reader watching both shelves, and a handheld.\n\n"
        "08:00  A delivery of 10 glove cases and 6 mask cases comes through the dock door; the\n"
        "       storekeeper puts them on the shelves; seven glove cases leave again from 08:01;\n"
        "       a mask case moves to shelf A; a glove case disappears from shelf A.\n\n");
    play(ctx, {"dock-door", "shelves"});

    fmt::print("\n10:00  Cycle count of SHELF-A with the handheld.\n");
    auto session = need(start_count(store, "SHELF-A", ctx.actor, now_micros()));
    play(ctx, {"handheld"});
    auto result =
        need(finish_count(store, {session.id, std::nullopt}, true, ctx.actor, now_micros()));
    fmt::print("  expected and seen: {}, missing: {}, unexpected: {}, unknown: {}\n",
               result.expected_seen.size(), result.missing.size(), result.unexpected.size(),
               result.unknown.size());
    for (const auto& m : result.missing)
      fmt::print("  missing: {} {} (adjusted out)\n", m.sku.value_or("?"), m.epc);

    fmt::print("\nStock at the end of the day:\n");
    print_stock(store);
    fmt::print("\nOpen alerts:\n");
    Table a{{"id", "sku", "kind", "on hand", "suggested order"}, {}};
    for (const auto& alert : need(list_alerts(store, false)))
      a.rows.push_back({std::to_string(alert.id), alert.sku, alert.kind,
                        std::to_string(alert.on_hand), std::to_string(alert.suggested_qty)});
    print_table(a);
  });
}

}  // namespace rfinv::cli
