// rfinv demo: a scripted day in a small warehouse, played through the ledger on a fresh
// database, printing what happened (receipts, issues, an alert, a transfer, a reorder).
#include "cli/commands.h"
#include "cli/output.h"
#include "cli/views.h"
#include "inventory/alerts.h"
#include "inventory/catalog.h"
#include "inventory/ledger.h"
#include "inventory/orders.h"

namespace rfinv::cli {
namespace {

using namespace inventory;

void build_catalog(Store& store) {
  need(add_dept(store, "STORES", "Central stores"));
  need(add_location(store, {"WH1", "Main warehouse", "site", std::nullopt, "STORES"}));
  need(add_location(store, {"DOCK", "Receiving dock", "zone", "WH1", std::nullopt}));
  need(add_location(store, {"AISLE-A", "Aisle A", "zone", "WH1", std::nullopt}));
  need(add_location(store, {"A-01", "Shelf A-01", "bin", "AISLE-A", std::nullopt}));
  need(add_location(store, {"A-02", "Shelf A-02", "bin", "AISLE-A", std::nullopt}));
  ItemFields gloves{"Nitrile gloves, size L (box of 100)", "box", "00614141000012", 1250,
                    "SafeHands Ltd", 20, 40, 100, std::nullopt, 5};
  ItemFields masks{"FFP2 mask", "each", std::nullopt, 95, "AirGuard", 50, 100, 0, 500, 7};
  ItemFields bolts{"Hex bolt M8x40", "each", std::nullopt, 12, "FastFix", 0, 0, 0, std::nullopt, 3};
  need(add_item(store, "GLOVE-L", gloves));
  need(add_item(store, "MASK-FFP2", masks));
  need(add_item(store, "BOLT-M8", bolts));
  fmt::print("Catalog: department STORES, site WH1 (DOCK, AISLE-A with bins A-01, A-02),\n"
             "         items GLOVE-L (reorder at 40, safety 20), MASK-FFP2 (reorder at 100,\n"
             "         max 500), BOLT-M8 (not watched).\n\n");
}

void move(Store& store, MovementKind kind, const char* sku, std::int64_t qty,
          std::optional<std::string> from, std::optional<std::string> to, const char* story) {
  MovementRequest r{kind, sku, qty, std::move(from), std::move(to), "demo", std::nullopt,
                    std::nullopt, std::nullopt};
  auto posted = need(post_movement(store, r));
  fmt::print("{:<44} movement {}\n", story, posted.id);
  for (const auto& change : posted.alerts) {
    fmt::print("  ");
    print_alert_change(change, sku);
  }
}

}  // namespace

void add_demo_command(CLI::App& app, Context& ctx) {
  auto* demo = app.add_subcommand("demo", "play a scripted warehouse day on a fresh database");
  on_run(demo, ctx, [&ctx] {
    auto& store = ctx.store();
    if (!need(list_items(store)).empty())
      fail_input("the demo needs a fresh database; give a new file with --db");
    fmt::print("rfinv demo on {}\n\n", store.path());
    build_catalog(store);

    fmt::print("08:00  A delivery arrives at the dock.\n");
    move(store, MovementKind::receive, "GLOVE-L", 120, {}, "DOCK", "  receive 120 GLOVE-L at DOCK");
    move(store, MovementKind::receive, "MASK-FFP2", 300, {}, "DOCK", "  receive 300 MASK-FFP2 at DOCK");
    move(store, MovementKind::receive, "BOLT-M8", 500, {}, "DOCK", "  receive 500 BOLT-M8 at DOCK");
    fmt::print("09:00  The storekeeper puts the goods away.\n");
    move(store, MovementKind::transfer, "GLOVE-L", 120, "DOCK", "A-01", "  transfer 120 GLOVE-L DOCK -> A-01");
    move(store, MovementKind::transfer, "MASK-FFP2", 300, "DOCK", "A-02", "  transfer 300 MASK-FFP2 DOCK -> A-02");
    fmt::print("10:00  Wards draw gloves through the day.\n");
    move(store, MovementKind::issue, "GLOVE-L", 30, "A-01", {}, "  issue 30 GLOVE-L from A-01");
    move(store, MovementKind::issue, "GLOVE-L", 25, "A-01", {}, "  issue 25 GLOVE-L from A-01");
    move(store, MovementKind::issue, "GLOVE-L", 30, "A-01", {}, "  issue 30 GLOVE-L from A-01");
    move(store, MovementKind::issue, "GLOVE-L", 5, "A-01", {}, "  issue 5 GLOVE-L from A-01");
    fmt::print("13:00  Masks move to the shelf nearer the wards.\n");
    move(store, MovementKind::transfer, "MASK-FFP2", 40, "A-02", "A-01", "  transfer 40 MASK-FFP2 A-02 -> A-01");
    move(store, MovementKind::issue, "MASK-FFP2", 220, "A-02", {}, "  issue 220 MASK-FFP2 from A-02");

    fmt::print("\n14:00  Procurement reads the purchase list:\n");
    for (const auto& line : need(reorder_list(store)))
      fmt::print("  order {} {} of {} from {}\n", line.suggested_qty, line.unit, line.sku,
                 line.supplier);
    auto placed = need(place_order(store, "GLOVE-L", 100, "demo", std::nullopt));
    fmt::print("  purchase order {} placed: 100 GLOVE-L\n", placed.order.id);
    for (const auto& change : placed.alerts) {
      fmt::print("  ");
      print_alert_change(change, "GLOVE-L");
    }
    fmt::print("16:00  The gloves arrive.\n");
    move(store, MovementKind::receive, "GLOVE-L", 100, {}, "DOCK", "  receive 100 GLOVE-L at DOCK");

    fmt::print("\nStock at the end of the day:\n");
    Table t{{"sku", "location", "qty"}, {}};
    for (const auto& line : need(stock_levels(store, {})))
      t.rows.push_back({line.sku, line.location, std::to_string(line.qty)});
    print_table(t);
    fmt::print("\nAlerts (open and cleared):\n");
    Table a{{"id", "sku", "kind", "on hand", "suggest", "state"}, {}};
    for (const auto& alert : need(list_alerts(store, true)))
      a.rows.push_back({std::to_string(alert.id), alert.sku, alert.kind,
                        std::to_string(alert.on_hand), std::to_string(alert.suggested_qty),
                        alert.cleared_at ? "cleared" : "open"});
    print_table(a);
  });
}

}  // namespace rfinv::cli
