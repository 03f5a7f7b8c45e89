// rfinv dept|location|item ...
#include "cli/commands.h"
#include "cli/output.h"
#include "inventory/catalog/validate.h"
#include "service/node.h"
#include "webapp/views.h"

namespace rfinv::cli {
namespace {

using namespace inventory;
using webapp::item_json;

// Options shared by `item add` and `item edit`, kept as text so errors name the option.
struct ItemOptions {
  std::optional<std::string> name, unit, gtin, cost, supplier, safety, reorder_point, reorder_qty,
      max, lead_days, expiry_horizon;
  std::optional<bool> lots, expiry_tracked;

  void attach(CLI::App* cmd) {
    cmd->add_option("--name", name, "item name");
    cmd->add_option("--unit", unit, "unit of issue (default: each)");
    cmd->add_option("--gtin", gtin, "GTIN-8/12/13/14 (stored as GTIN-14)");
    cmd->add_option("--cost", cost, "unit cost, e.g. 12.50");
    cmd->add_option("--supplier", supplier, "supplier name");
    cmd->add_option("--safety", safety, "safety stock");
    cmd->add_option("--reorder-point", reorder_point, "reorder point");
    cmd->add_option("--reorder-qty", reorder_qty, "reorder quantity");
    cmd->add_option("--max", max, "maximum level (orders fill up to it)");
    cmd->add_option("--lead-days", lead_days, "supplier lead time in days");
    cmd->add_flag("--lots,!--no-lots", lots, "receipts name a lot; stock is kept per lot");
    cmd->add_flag("--expiry-tracked,!--no-expiry-tracked", expiry_tracked,
                  "receipts give an expiry date; expired stock cannot be issued");
    cmd->add_option("--expiry-horizon", expiry_horizon,
                    "days before expiry a lot counts as expiring (default 30)");
  }

  static std::optional<std::int64_t> count(const std::optional<std::string>& text,
                                           const char* option) {
    if (!text) return std::nullopt;
    return need(parse_count(option, *text));
  }

  ItemChanges changes() const {
    ItemChanges c;
    c.name = name;
    c.unit = unit;
    c.supplier = supplier;
    if (gtin && gtin->empty())
      c.clear_gtin = true;
    else
      c.gtin = gtin;
    if (cost) c.unit_cost_cents = need(parse_money_cents("--cost", *cost));
    c.safety_stock = count(safety, "--safety");
    c.reorder_point = count(reorder_point, "--reorder-point");
    c.reorder_qty = count(reorder_qty, "--reorder-qty");
    if (max && max->empty())
      c.clear_max_level = true;
    else
      c.max_level = count(max, "--max");
    c.lead_days = count(lead_days, "--lead-days");
    c.lot_tracked = lots;
    c.expiry_tracked = expiry_tracked;
    c.expiry_horizon_days = count(expiry_horizon, "--expiry-horizon");
    return c;
  }

  ItemFields fields() const {
    ItemFields f;
    auto c = changes();
    if (!c.name) fail_input("--name is required");
    f.name = *c.name;
    if (c.unit) f.unit = *c.unit;
    f.gtin = c.gtin;
    f.unit_cost_cents = c.unit_cost_cents.value_or(0);
    f.supplier = c.supplier.value_or("");
    f.safety_stock = c.safety_stock.value_or(0);
    f.reorder_point = c.reorder_point.value_or(0);
    f.reorder_qty = c.reorder_qty.value_or(0);
    f.max_level = c.max_level;
    f.lead_days = c.lead_days.value_or(0);
    f.lot_tracked = c.lot_tracked.value_or(false);
    f.expiry_tracked = c.expiry_tracked.value_or(false);
    f.expiry_horizon_days = c.expiry_horizon_days.value_or(f.expiry_horizon_days);
    return f;
  }
};

void print_item(Context& ctx, const Item& item) {
  if (ctx.json) return print_json(item_json(item));
  const auto& f = item.fields;
  Table t{{"field", "value"}, {}};
  t.rows = {
      {"sku", item.sku},
      {"name", f.name},
      {"unit", f.unit},
      {"gtin", f.gtin.value_or("-")},
      {"unit cost", format_cents(f.unit_cost_cents)},
      {"supplier", f.supplier.empty() ? "-" : f.supplier},
      {"safety stock", std::to_string(f.safety_stock)},
      {"reorder point", std::to_string(f.reorder_point)},
      {"reorder qty", std::to_string(f.reorder_qty)},
      {"max level", f.max_level ? std::to_string(*f.max_level) : "-"},
      {"lead days", std::to_string(f.lead_days)},
      {"lots", f.lot_tracked ? "tracked" : "no"},
      {"expiry",
       f.expiry_tracked ? fmt::format("tracked, horizon {} days", f.expiry_horizon_days) : "no"},
      {"on hand", std::to_string(item.on_hand)},
      {"on order", std::to_string(item.on_order)}};
  print_table(t);
}

void add_dept_commands(CLI::App& app, Context& ctx) {
  auto* dept = group(app, "dept", "departments");
  auto* add = dept->add_subcommand("add", "add a department");
  auto o = std::make_shared<std::pair<std::string, std::string>>();  // code, name
  add->add_option("CODE", o->first, "department code")->required();
  add->add_option("--name", o->second, "department name");
  on_run(add, ctx, [&ctx, o] {
    auto d = need(ctx.node().add_dept(o->first, o->second));
    if (ctx.json) return print_json({{"id", d.id}, {"code", d.code}, {"name", d.name}});
    fmt::print("department {} ({}) added\n", d.code, d.name);
  });
  on_run(dept->add_subcommand("list", "list departments"), ctx, [&ctx] {
    auto depts = need(ctx.node_to_read().list_depts());
    if (ctx.json) {
      boost::json::array a;
      for (const auto& d : depts) a.push_back({{"code", d.code}, {"name", d.name}});
      return print_json(a);
    }
    Table t{{"code", "name"}, {}};
    for (const auto& d : depts) t.rows.push_back({d.code, d.name});
    print_table(t);
  });
}

void add_location_commands(CLI::App& app, Context& ctx) {
  auto* location = group(app, "location", "locations: site > zone > bin");
  auto* add = location->add_subcommand("add", "add a location");
  auto spec = std::make_shared<NewLocation>();
  add->add_option("CODE", spec->code, "location code")->required();
  add->add_option("--name", spec->name, "location name");
  add->add_option("--parent", spec->parent, "the location it is inside");
  add->add_option("--kind", spec->kind, "site, zone or bin (default: one below the parent)");
  add->add_option("--dept", spec->dept, "owning department");
  add->add_flag("--quarantine", spec->quarantine, "expired or held lots may be transferred here");
  on_run(add, ctx, [&ctx, spec] {
    auto l = need(ctx.node().add_location(*spec));
    if (ctx.json)
      return print_json({{"id", l.id},
                         {"code", l.code},
                         {"name", l.name},
                         {"kind", l.kind},
                         {"parent", or_null(l.parent)},
                         {"dept", or_null(l.dept)},
                         {"quarantine", l.quarantine}});
    fmt::print("{} {} ({}) added{}{}\n", l.kind, l.code, l.name,
               l.parent ? " in " + *l.parent : std::string(), l.quarantine ? " (quarantine)" : "");
  });
  struct EditOptions {
    std::string code;
    std::optional<bool> quarantine;
  };
  auto e = std::make_shared<EditOptions>();
  auto* edit = location->add_subcommand("edit", "change a location");
  edit->add_option("CODE", e->code, "location code")->required();
  edit->add_flag("--quarantine,!--no-quarantine", e->quarantine,
                 "expired or held lots may be transferred here (or no longer)");
  on_run(edit, ctx, [&ctx, e] {
    if (!e->quarantine) fail_input("nothing to change: give --quarantine or --no-quarantine");
    auto l = need(ctx.node().set_location_quarantine(e->code, *e->quarantine));
    if (ctx.json) return print_json({{"code", l.code}, {"quarantine", l.quarantine}});
    fmt::print("location {} updated{}\n", l.code, l.quarantine ? " (quarantine)" : "");
  });
  on_run(location->add_subcommand("list", "list locations"), ctx, [&ctx] {
    auto locations = need(ctx.node_to_read().list_locations());
    if (ctx.json) {
      boost::json::array a;
      for (const auto& l : locations)
        a.push_back({{"code", l.code},
                     {"name", l.name},
                     {"kind", l.kind},
                     {"parent", or_null(l.parent)},
                     {"dept", or_null(l.dept)},
                     {"quarantine", l.quarantine}});
      return print_json(a);
    }
    Table t{{"code", "name", "kind", "parent", "dept", "quarantine"}, {}};
    for (const auto& l : locations)
      t.rows.push_back({l.code, l.name, l.kind, l.parent.value_or("-"), l.dept.value_or("-"),
                        l.quarantine ? "yes" : "-"});
    print_table(t);
  });
}

void add_item_commands(CLI::App& app, Context& ctx) {
  auto* item = group(app, "item", "items in the catalog");
  struct Options {
    std::string sku, file;
    ItemOptions add, edit;
  };
  auto o = std::make_shared<Options>();

  auto* add = item->add_subcommand("add", "add an item");
  add->add_option("SKU", o->sku, "stock keeping unit")->required();
  o->add.attach(add);
  on_run(add, ctx, [&ctx, o] {
    auto added = need(ctx.node().add_item(o->sku, o->add.fields()));
    if (ctx.json) return print_json(item_json(added));
    fmt::print("item {} ({}) added\n", added.sku, added.fields.name);
  });

  auto* edit = item->add_subcommand("edit", "change an item (give only what changes)");
  edit->add_option("SKU", o->sku, "stock keeping unit")->required();
  o->edit.attach(edit);
  on_run(edit, ctx, [&ctx, o] {
    auto edited = need(ctx.node().edit_item(o->sku, o->edit.changes()));
    if (ctx.json) return print_json(item_json(edited));
    fmt::print("item {} updated\n", edited.sku);
  });

  auto* show = item->add_subcommand("show", "one item with its levels and stock");
  show->add_option("SKU", o->sku, "stock keeping unit")->required();
  on_run(show, ctx, [&ctx, o] { print_item(ctx, need(ctx.node_to_read().get_item(o->sku))); });

  on_run(item->add_subcommand("list", "list items"), ctx, [&ctx] {
    auto items = need(ctx.node_to_read().list_items());
    if (ctx.json) {
      boost::json::array a;
      for (const auto& i : items) a.push_back(item_json(i));
      return print_json(a);
    }
    Table t{{"sku", "name", "unit", "on hand", "on order", "safety", "reorder at", "supplier"}, {}};
    for (const auto& i : items)
      t.rows.push_back({i.sku, i.fields.name, i.fields.unit, std::to_string(i.on_hand),
                        std::to_string(i.on_order), std::to_string(i.fields.safety_stock),
                        std::to_string(i.fields.reorder_point), i.fields.supplier});
    print_table(t);
  });

  auto* import = item->add_subcommand("import", "import items from CSV (all or nothing)");
  import->add_option("FILE", o->file, "CSV with a header row")->required();
  on_run(import, ctx, [&ctx, o] {
    auto count = need(ctx.node().import_items_csv(o->file));
    if (ctx.json) return print_json({{"imported", count}});
    fmt::print("{} items imported\n", count);
  });
}

}  // namespace

void add_catalog_commands(CLI::App& app, Context& ctx) {
  add_dept_commands(app, ctx);
  add_location_commands(app, ctx);
  add_item_commands(app, ctx);
}

}  // namespace rfinv::cli
