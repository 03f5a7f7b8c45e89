// rfinv receive|issue|transfer|adjust|stock|history
#include "cli/commands.h"
#include "cli/output.h"
#include "cli/views.h"
#include "inventory/catalog/validate.h"
#include "service/node.h"

namespace rfinv::cli {
namespace {

using namespace inventory;

struct MovementOptions {
  std::string sku, qty;
  std::optional<std::string> from, to, at, reason, key;
};

void post_and_print(Context& ctx, MovementKind kind, const MovementOptions& o) {
  MovementRequest r;
  r.kind = kind;
  r.sku = o.sku;
  r.qty = need(parse_quantity("quantity", o.qty, kind == MovementKind::adjust));
  r.from = o.from;
  r.to = kind == MovementKind::adjust ? o.at : o.to;
  r.actor = ctx.actor;
  r.reason = o.reason;
  r.key = o.key;
  auto posted = need(ctx.node().post_movement(r));
  if (ctx.json) {
    boost::json::array alerts;
    for (const auto& change : posted.alerts) alerts.push_back(alert_change_json(change));
    return print_json(
        {{"id", posted.id}, {"replayed", posted.replayed}, {"alerts", std::move(alerts)}});
  }
  if (posted.replayed) {
    fmt::print("movement {} (already recorded under key {}; nothing changed)\n", posted.id, *o.key);
    return;
  }
  fmt::print("movement {}: {} {} {}\n", posted.id, to_string(kind), r.qty, r.sku);
  for (const auto& change : posted.alerts) print_alert_change(change, r.sku);
}

CLI::App* movement_command(CLI::App& app, Context& ctx, MovementKind kind, const char* help) {
  auto o = std::make_shared<MovementOptions>();
  auto* cmd = app.add_subcommand(std::string(to_string(kind)), help);
  cmd->add_option("SKU", o->sku, "item")->required();
  cmd->add_option("QTY", o->qty,
                  kind == MovementKind::adjust ? "units to add (negative: to remove)" : "units")
      ->required()
      ->allow_extra_args(false);
  if (kind == MovementKind::issue || kind == MovementKind::transfer)
    cmd->add_option("--from", o->from, "source location")->required();
  if (kind == MovementKind::receive || kind == MovementKind::transfer)
    cmd->add_option("--to", o->to, "destination location")->required();
  if (kind == MovementKind::adjust) {
    cmd->add_option("--at", o->at, "location")->required();
    cmd->add_option("--reason", o->reason, "why (counted, damaged, found...)")->required();
  } else {
    cmd->add_option("--reason", o->reason, "note");
  }
  cmd->add_option("--key", o->key, "idempotency key: a repeat does nothing");
  on_run(cmd, ctx, [&ctx, kind, o] { post_and_print(ctx, kind, *o); });
  return cmd;
}

}  // namespace

void add_ledger_commands(CLI::App& app, Context& ctx) {
  movement_command(app, ctx, MovementKind::receive, "receive goods into a location");
  movement_command(app, ctx, MovementKind::issue, "issue goods out of a location");
  movement_command(app, ctx, MovementKind::transfer, "move goods between locations");
  movement_command(app, ctx, MovementKind::adjust, "correct stock at a location, with a reason");

  struct ReverseOptions {
    std::int64_t id = 0;
    std::string reason;
  };
  auto rev = std::make_shared<ReverseOptions>();
  auto* movement = group(app, "movement", "corrections to recorded movements");
  auto* reverse = movement->add_subcommand(
      "reverse", "write the compensating movement of a mistaken one (once; a repeat does nothing)");
  reverse->add_option("ID", rev->id, "the movement to reverse")->required();
  reverse->add_option("--reason", rev->reason, "why it was wrong")->required();
  on_run(reverse, ctx, [&ctx, rev] {
    auto reversal = need(ctx.node().reverse_movement(rev->id, rev->reason, ctx.actor));
    const auto& posted = reversal.posted;
    if (ctx.json) {
      boost::json::array alerts;
      for (const auto& change : posted.alerts) alerts.push_back(alert_change_json(change));
      return print_json({{"id", posted.id},
                         {"reverses", rev->id},
                         {"replayed", posted.replayed},
                         {"alerts", std::move(alerts)}});
    }
    if (posted.replayed) {
      fmt::print("movement {} already reversed by movement {}; nothing changed\n", rev->id,
                 posted.id);
      return;
    }
    fmt::print("movement {}: {} (reverses movement {})\n", posted.id, reversal.description,
               rev->id);
    for (const auto& change : posted.alerts) print_alert_change(change, reversal.sku);
  });

  auto filter = std::make_shared<StockFilter>();
  auto* stock = app.add_subcommand("stock", "stock per item and location");
  stock->add_option("--sku", filter->sku, "only this item");
  stock->add_option("--location", filter->location, "only this location and those inside it");
  stock->add_flag("--low", filter->low, "only items with an open low-stock alert");
  on_run(stock, ctx, [&ctx, filter] {
    auto lines = need(ctx.node_to_read().stock_levels(*filter));
    if (ctx.json) {
      boost::json::array a;
      for (const auto& l : lines)
        a.push_back({{"sku", l.sku},
                     {"name", l.name},
                     {"location", l.location},
                     {"qty", l.qty},
                     {"unit", l.unit}});
      return print_json(a);
    }
    Table t{{"sku", "name", "location", "qty", "unit"}, {}};
    for (const auto& l : lines)
      t.rows.push_back({l.sku, l.name, l.location, std::to_string(l.qty), l.unit});
    print_table(t);
  });

  struct HistoryOptions {
    std::string sku;
    std::size_t limit = 100;
  };
  auto h = std::make_shared<HistoryOptions>();
  auto* history = app.add_subcommand("history", "movements of one item, newest first");
  // Not required by the parser: `history import FILE` (cli/plan_commands.cpp) has no SKU.
  history->add_option("SKU", h->sku, "item");
  history->add_option("--limit", h->limit, "how many (default 100)");
  on_run(history, ctx, [&ctx, h] {
    if (h->sku.empty()) fail_input("history needs a SKU (or: history import FILE.csv)");
    auto records = need(ctx.node_to_read().movement_history(h->sku, h->limit));
    if (ctx.json) {
      boost::json::array a;
      for (const auto& m : records)
        a.push_back({{"id", m.id},
                     {"kind", m.kind},
                     {"sku", m.sku},
                     {"qty", m.qty},
                     {"from", json_or_null(m.from)},
                     {"to", json_or_null(m.to)},
                     {"actor", m.actor},
                     {"at", format_utc(m.at)},
                     {"reason", json_or_null(m.reason)},
                     {"key", json_or_null(m.key)}});
      return print_json(a);
    }
    Table t{{"id", "at", "kind", "qty", "from", "to", "actor", "reason"}, {}};
    for (const auto& m : records)
      t.rows.push_back({std::to_string(m.id), format_utc(m.at), m.kind, std::to_string(m.qty),
                        m.from.value_or("-"), m.to.value_or("-"), m.actor, m.reason.value_or("")});
    print_table(t);
  });
}

}  // namespace rfinv::cli
