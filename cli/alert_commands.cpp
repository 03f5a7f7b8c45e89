// rfinv alerts|reorder|order|level|config
#include "base/csv.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "cli/views.h"
#include "inventory/catalog/validate.h"
#include "service/node.h"

namespace rfinv::cli {

using namespace inventory;
using webapp::order_json;

namespace {

boost::json::object expiry_alert_json(const ExpiryAlert& e) {
  return {{"id", e.id},
          {"sku", e.sku},
          {"name", e.name},
          {"location", nullptr},
          {"kind", e.kind},
          {"lot", e.lot},
          {"expiry", e.expiry},
          {"on_hand", e.on_hand},
          {"raised_at", format_utc(e.raised_at)},
          {"expired_at", time_or_null(e.expired_at)},
          {"cleared_at", time_or_null(e.cleared_at)}};
}

void add_alerts_group(CLI::App& app, Context& ctx) {
  auto* alerts = app.add_subcommand("alerts", "low-stock and expiry alerts (open ones by default)");
  alerts->require_subcommand(0, 1);
  auto all = std::make_shared<bool>(false);
  alerts->add_flag("--all", *all, "include cleared alerts");
  on_run(alerts, ctx, [&ctx, all] {
    auto list = need(ctx.node_to_read().list_alerts(*all));
    // Lots' expiry alerts follow the stock alerts (their own ids: E1, E2, ... in the table).
    auto expiry = need(ctx.node_to_read().list_expiry_alerts(*all));
    if (ctx.json) {
      boost::json::array a;
      for (const auto& alert : list) a.push_back(alert_json(alert));
      for (const auto& e : expiry) a.push_back(expiry_alert_json(e));
      return print_json(a);
    }
    Table t{{"id", "sku", "location", "kind", "on hand", "on order", "suggest", "raised", "cleared",
             "acked by"},
            {}};
    for (const auto& a : list)
      t.rows.push_back({std::to_string(a.id), a.sku, a.location.value_or("(site)"), a.kind,
                        std::to_string(a.on_hand), std::to_string(a.on_order),
                        std::to_string(a.suggested_qty), format_utc(a.raised_at),
                        a.cleared_at ? format_utc(*a.cleared_at) : "-", a.acked_by.value_or("-")});
    for (const auto& e : expiry)
      t.rows.push_back({fmt::format("E{}", e.id), e.sku,
                        fmt::format("lot {} (expires {})", e.lot, e.expiry), e.kind,
                        std::to_string(e.on_hand), "-", "-", format_utc(e.raised_at),
                        e.cleared_at ? format_utc(*e.cleared_at) : "-", "-"});
    print_table(t);
  });

  struct AckOptions {
    std::int64_t id = 0;
    std::string by;
  };
  auto o = std::make_shared<AckOptions>();
  auto* ack = alerts->add_subcommand("ack", "acknowledge an alert");
  ack->add_option("ID", o->id, "alert id")->required();
  ack->add_option("--by", o->by, "who acknowledges it")->required();
  on_run(ack, ctx, [&ctx, o] {
    auto alert = need(ctx.node().ack_alert(o->id, o->by));
    if (ctx.json) return print_json(alert_json(alert));
    fmt::print("alert {} acknowledged by {}\n", alert.id, *alert.acked_by);
  });

  struct DeliverOptions {
    bool now = false, if_idle = false;
  };
  auto d = std::make_shared<DeliverOptions>();
  auto* deliver =
      alerts->add_subcommand("deliver", "run the alert command for notices that are due");
  deliver->add_flag("--now", d->now, "retry failed notices at once, not at their retry time");
  deliver->add_flag("--if-idle", d->if_idle,
                    "return at once while another process delivers (what rfinv starts after a "
                    "stock change)");
  on_run(deliver, ctx, [&ctx, d] {
    DeliveryMode chosen{.retry_now = d->now, .wait_for_others = !d->if_idle};
    auto report = need(ctx.node().deliver_alert_notices(chosen));
    if (ctx.json)
      return print_json(
          {{"delivered", report.delivered},
           {"failed", report.failed},
           {"pending", report.pending},
           {"last_error", report.last_error.empty() ? boost::json::value(nullptr)
                                                    : boost::json::value(report.last_error)}});
    fmt::print("{} delivered, {} failed, {} pending\n", report.delivered, report.failed,
               report.pending);
    if (!report.last_error.empty()) fmt::print("last error: {}\n", report.last_error);
  });
}

void add_reorder_command(CLI::App& app, Context& ctx) {
  auto csv = std::make_shared<bool>(false);
  auto* reorder = app.add_subcommand("reorder", "the purchase list, grouped by supplier");
  reorder->add_flag("--csv", *csv, "CSV for a spreadsheet");
  on_run(reorder, ctx, [&ctx, csv] {
    auto lines = need(ctx.node_to_read().reorder_list());
    if (ctx.json) {
      // Grouped by supplier: [{supplier, lines: [...], total}]
      boost::json::array groups;
      for (std::size_t i = 0; i < lines.size();) {
        boost::json::array items;
        std::int64_t total = 0;
        std::size_t j = i;
        for (; j < lines.size() && lines[j].supplier == lines[i].supplier; ++j) {
          const auto& l = lines[j];
          total = need(checked_add(fmt::format("the purchase list total for {}", l.supplier), total,
                                   l.value_cents));
          items.push_back({{"sku", l.sku},
                           {"name", l.name},
                           {"unit", l.unit},
                           {"on_hand", l.on_hand},
                           {"on_order", l.on_order},
                           {"reorder_point", l.reorder_point},
                           {"qty", l.suggested_qty},
                           {"unit_cost", format_cents(l.unit_cost_cents)},
                           {"lead_days", l.lead_days}});
        }
        groups.push_back({{"supplier", lines[i].supplier},
                          {"lines", std::move(items)},
                          {"total", format_cents(total)}});
        i = j;
      }
      return print_json(groups);
    }
    if (*csv) {
      fmt::print("supplier,sku,name,qty,unit,unit_cost,line_total,on_hand,on_order,lead_days\n");
      for (const auto& l : lines)
        fmt::print("{},{},{},{},{},{},{},{},{},{}\n", csv_field(l.supplier), csv_field(l.sku),
                   csv_field(l.name), l.suggested_qty, csv_field(l.unit),
                   format_cents(l.unit_cost_cents), format_cents(l.value_cents), l.on_hand,
                   l.on_order, l.lead_days);
      return;
    }
    Table t{{"supplier", "sku", "name", "qty", "unit", "unit cost", "on hand", "on order"}, {}};
    for (const auto& l : lines)
      t.rows.push_back({l.supplier.empty() ? "(no supplier)" : l.supplier, l.sku, l.name,
                        std::to_string(l.suggested_qty), l.unit, format_cents(l.unit_cost_cents),
                        std::to_string(l.on_hand), std::to_string(l.on_order)});
    print_table(t);
  });
}

void print_placed(Context& ctx, const PlacedOrder& placed, const char* verb) {
  if (ctx.json) {
    auto o = order_json(placed.order);
    o["replayed"] = placed.replayed;
    return print_json(o);
  }
  fmt::print("purchase order {} {}: {} {} from {}\n", placed.order.id,
             placed.replayed ? "(already placed under this key)" : verb, placed.order.qty,
             placed.order.sku, placed.order.supplier.empty() ? "-" : placed.order.supplier);
  for (const auto& change : placed.alerts) print_alert_change(change, placed.order.sku);
}

void add_order_commands(CLI::App& app, Context& ctx) {
  auto* order = group(app, "order", "purchase orders (count as on order)");
  struct Options {
    std::string sku, qty;
    std::optional<std::string> key;
    std::int64_t id = 0;
    bool all = false;
  };
  auto o = std::make_shared<Options>();
  auto* place = order->add_subcommand("place", "record a purchase order");
  place->add_option("SKU", o->sku, "item")->required();
  place->add_option("QTY", o->qty, "units ordered")->required();
  place->add_option("--key", o->key, "idempotency key");
  on_run(place, ctx, [&ctx, o] {
    auto qty = need(parse_quantity("quantity", o->qty));
    print_placed(ctx, need(ctx.node().place_order(o->sku, qty, ctx.actor, o->key)), "placed");
  });
  auto* cancel = order->add_subcommand("cancel", "cancel what is still outstanding");
  cancel->add_option("ID", o->id, "order id")->required();
  on_run(cancel, ctx,
         [&ctx, o] { print_placed(ctx, need(ctx.node().cancel_order(o->id)), "cancelled"); });
  auto* list = order->add_subcommand("list", "open purchase orders");
  list->add_flag("--all", o->all, "include closed and cancelled");
  on_run(list, ctx, [&ctx, o] {
    auto orders = need(ctx.node_to_read().list_orders(o->all));
    if (ctx.json) {
      boost::json::array a;
      for (const auto& po : orders) a.push_back(order_json(po));
      return print_json(a);
    }
    Table t{{"id", "sku", "qty", "received", "status", "supplier", "placed"}, {}};
    for (const auto& po : orders)
      t.rows.push_back({std::to_string(po.id), po.sku, std::to_string(po.qty),
                        std::to_string(po.received), po.status, po.supplier,
                        format_utc(po.placed_at)});
    print_table(t);
  });
}

void add_level_commands(CLI::App& app, Context& ctx) {
  auto* level = group(app, "level", "a location's own stock levels for an item");
  struct Options {
    std::string sku, at;
    std::optional<std::string> safety, reorder_point, reorder_qty, max;
  };
  auto o = std::make_shared<Options>();
  auto* set =
      level->add_subcommand("set", "set levels for an item at a location (only what is given)");
  set->add_option("SKU", o->sku, "item")->required();
  set->add_option("--at", o->at, "location")->required();
  set->add_option("--safety", o->safety, "safety stock");
  set->add_option("--reorder-point", o->reorder_point, "reorder point");
  set->add_option("--reorder-qty", o->reorder_qty, "reorder (replenishment) quantity");
  set->add_option("--max", o->max, "maximum level (\"\" removes it)");
  on_run(set, ctx, [&ctx, o] {
    auto count = [](const std::optional<std::string>& text,
                    const char* option) -> std::optional<std::int64_t> {
      if (!text) return std::nullopt;
      return need(parse_count(option, *text));
    };
    LevelChanges l;
    l.sku = o->sku;
    l.location = o->at;
    l.safety_stock = count(o->safety, "--safety");
    l.reorder_point = count(o->reorder_point, "--reorder-point");
    l.reorder_qty = count(o->reorder_qty, "--reorder-qty");
    if (o->max && o->max->empty())
      l.clear_max_level = true;
    else
      l.max_level = count(o->max, "--max");
    auto changes = need(ctx.node().set_location_level(l));
    if (ctx.json) {
      boost::json::array a;
      for (const auto& c : changes) a.push_back(alert_change_json(c));
      return print_json({{"sku", l.sku}, {"location", l.location}, {"alerts", a}});
    }
    fmt::print("levels for {} at {} set\n", l.sku, l.location);
    for (const auto& c : changes) print_alert_change(c, l.sku);
  });
  auto* clear = level->add_subcommand("clear", "remove a location's own levels");
  clear->add_option("SKU", o->sku, "item")->required();
  clear->add_option("--at", o->at, "location")->required();
  on_run(clear, ctx, [&ctx, o] {
    need(ctx.node().clear_location_level(o->sku, o->at));
    if (!ctx.json)
      fmt::print("levels for {} at {} removed\n", o->sku, o->at);
    else
      print_json({{"sku", o->sku}, {"location", o->at}, {"removed", true}});
  });
  on_run(level->add_subcommand("list", "list location levels"), ctx, [&ctx] {
    auto levels = need(ctx.node_to_read().list_location_levels());
    if (ctx.json) {
      boost::json::array a;
      for (const auto& l : levels)
        a.push_back({{"sku", l.sku},
                     {"location", l.location},
                     {"safety_stock", l.safety_stock},
                     {"reorder_point", l.reorder_point},
                     {"reorder_qty", l.reorder_qty},
                     {"max_level", or_null(l.max_level)}});
      return print_json(a);
    }
    Table t{{"sku", "location", "safety", "reorder at", "reorder qty", "max"}, {}};
    for (const auto& l : levels)
      t.rows.push_back({l.sku, l.location, std::to_string(l.safety_stock),
                        std::to_string(l.reorder_point), std::to_string(l.reorder_qty),
                        l.max_level ? std::to_string(*l.max_level) : "-"});
    print_table(t);
  });
}

void add_config_commands(CLI::App& app, Context& ctx) {
  auto* config = group(app, "config", "node settings");
  auto kv = std::make_shared<std::pair<std::string, std::string>>();
  auto* set = config->add_subcommand("set", "set a setting");
  set->add_option("KEY", kv->first, "setting")->required();
  set->add_option("VALUE", kv->second, "value")->required();
  on_run(set, ctx, [&ctx, kv] {
    need(ctx.node().set_config(kv->first, kv->second));
    if (!ctx.json)
      fmt::print("{} set\n", kv->first);
    else
      print_json({{"key", kv->first}, {"value", kv->second}});
  });
  auto* get = config->add_subcommand("get", "show a setting");
  get->add_option("KEY", kv->first, "setting")->required();
  on_run(get, ctx, [&ctx, kv] {
    auto value = need(ctx.node_to_read().get_config(kv->first));
    if (ctx.json) return print_json({{"key", kv->first}, {"value", or_null(value)}});
    fmt::print("{}\n", value.value_or("(not set)"));
  });
  auto* unset = config->add_subcommand("unset", "remove a setting");
  unset->add_option("KEY", kv->first, "setting")->required();
  on_run(unset, ctx, [&ctx, kv] {
    need(ctx.node().unset_config(kv->first));
    if (!ctx.json)
      fmt::print("{} unset\n", kv->first);
    else
      print_json({{"key", kv->first}, {"value", nullptr}});
  });
  on_run(config->add_subcommand("list", "list settings and the known keys"), ctx, [&ctx] {
    auto values = need(ctx.node_to_read().list_config());
    // Every known key, set or not (the value is null, or "(not set)" in the table).
    boost::json::array a;
    Table t{{"key", "value", "meaning"}, {}};
    for (const auto& key : config_keys()) {
      std::optional<std::string> value;
      for (const auto& [k, v] : values)
        if (k == key.name) value = v;
      a.push_back({{"key", key.name}, {"value", or_null(value)}, {"meaning", key.description}});
      t.rows.push_back({key.name, value.value_or("(not set)"), key.description});
    }
    if (ctx.json) return print_json(a);
    print_table(t);
  });
}

}  // namespace

void add_alert_commands(CLI::App& app, Context& ctx) {
  add_alerts_group(app, ctx);
  add_reorder_command(app, ctx);
  add_order_commands(app, ctx);
  add_level_commands(app, ctx);
  add_config_commands(app, ctx);
}

}  // namespace rfinv::cli
