// rfinv demo: a day in a small warehouse played by simulated readers through the real read
// pipeline on a fresh database: a delivery received at the dock, goods put away on two
// shelves, cases issued until gloves cross their reorder point, a move between shelves, and
// a handheld cycle count that finds the one case taken away.
#include <filesystem>
#include <fstream>

#include "cli/commands.h"
#include "cli/demo_scenarios.h"
#include "cli/output.h"
#include "cli/run_printer.h"
#include "service/node.h"

namespace rfinv::cli {
namespace {

using namespace inventory;

void build_catalog(service::Node& node) {
  need(node.add_dept("STORES", "Central stores"));
  need(node.add_location({"WH1", "Main warehouse", "site", std::nullopt, "STORES"}));
  need(node.add_location({"DOCK", "Dock door 1", "zone", "WH1", std::nullopt}));
  need(node.add_location({"AISLE", "Aisle A", "zone", "WH1", std::nullopt}));
  need(node.add_location({"SHELF-A", "Shelf A", "bin", "AISLE", std::nullopt}));
  need(node.add_location({"SHELF-B", "Shelf B", "bin", "AISLE", std::nullopt}));
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
  need(node.add_item("GLOVE-L", gloves));
  need(node.add_item("MASK-FFP2", masks));
}

// Writes the scenario files next to the database and registers readers and read points.
void install_readers(service::Node& node) {
  auto dir = std::filesystem::absolute(node.path()).parent_path() /
             (std::filesystem::path(node.path()).filename().string() + ".scenarios");
  std::filesystem::create_directories(dir);
  auto write = [&](const char* name, const char* body) {
    auto path = (dir / name).string();
    std::ofstream(path) << "{" << kDemoTags << body;
    // Forty times real time: fast, yet the three readers still play side by side in order.
    return "sim://" + path + "?speed=40";
  };
  need(node.add_reader("dock-door", write("dock.json", kDemoDock)));
  need(node.add_reader("shelves", write("shelves.json", kDemoShelves)));
  need(node.add_reader("handheld", write("handheld.json", kDemoHandheld)));
  auto point = [&](const char* reader, int antenna, const char* location, ReadPointRole role) {
    NewReadPoint rp;
    rp.reader = reader;
    rp.antenna = antenna;
    rp.location = location;
    rp.role = role;
    need(node.add_read_point(rp));
  };
  point("dock-door", 1, "DOCK", ReadPointRole::dock_in);
  point("dock-door", 2, "DOCK", ReadPointRole::dock_out);
  point("shelves", 1, "SHELF-A", ReadPointRole::shelf);
  point("shelves", 2, "SHELF-B", ReadPointRole::shelf);
  point("handheld", 1, "SHELF-A", ReadPointRole::handheld);
}

void play(service::Node& node, std::vector<std::string> readers) {
  service::RunOptions options;
  options.until_idle = true;
  options.only_readers = std::move(readers);
  // The story needs only the changes.
  RunPrinter printer(
      false, [](const BusinessEvent& e) { return e.kind != "seen" && e.kind != "counted"; });
  run_node(node, options, printer);
}

void print_stock(service::Node& node) {
  Table t{{"sku", "location", "qty"}, {}};
  for (const auto& line : need(node.stock_levels({})))
    if (line.qty != 0) t.rows.push_back({line.sku, line.location, std::to_string(line.qty)});
  print_table(t);
}

}  // namespace

void add_demo_command(CLI::App& app, Context& ctx) {
  auto* demo = app.add_subcommand("demo", "play a simulated warehouse day on a fresh database");
  on_run(demo, ctx, [&ctx] {
    auto& node = ctx.node();
    if (!need(node.list_items()).empty())
      fail_input("the demo needs a fresh database; give a new file with --db");
    fmt::print("rfinv demo on {}\n\n", node.path());
    build_catalog(node);
    install_readers(node);
    fmt::print(
        "Catalog: GLOVE-L (reorder at 4, safety 2) and MASK-FFP2 (reorder at 2), locations\n"
        "DOCK, SHELF-A and SHELF-B in warehouse WH1. Simulated readers: a dock door (in and\n"
        "out antennas), one reader watching both shelves, and a handheld.\n\n"
        "08:00  A delivery of 10 glove cases and 6 mask cases comes through the dock door; the\n"
        "       storekeeper puts them on the shelves; seven glove cases leave again from 08:01;\n"
        "       a mask case moves to shelf A; a glove case disappears from shelf A.\n\n");
    play(node, {"dock-door", "shelves"});

    fmt::print("\n10:00  Cycle count of SHELF-A with the handheld.\n");
    auto session = need(node.start_count("SHELF-A", ctx.actor));
    play(node, {"handheld"});
    auto result =
        need(node.finish_count({session.id, std::nullopt}, CountFinish::apply, ctx.actor));
    fmt::print("  expected and seen: {}, missing: {}, unexpected: {}, unknown: {}\n",
               result.expected_seen.size(), result.missing.size(), result.unexpected.size(),
               result.unknown.size());
    for (const auto& m : result.missing)
      fmt::print("  missing: {} {} (adjusted out)\n", m.sku.value_or("?"), m.epc);

    fmt::print("\nStock at the end of the day:\n");
    print_stock(node);
    fmt::print("\nOpen alerts:\n");
    Table a{{"id", "sku", "kind", "on hand", "suggested order"}, {}};
    for (const auto& alert : need(node.list_alerts(false)))
      a.rows.push_back({std::to_string(alert.id), alert.sku, alert.kind,
                        std::to_string(alert.on_hand), std::to_string(alert.suggested_qty)});
    print_table(a);
  });
}

}  // namespace rfinv::cli
