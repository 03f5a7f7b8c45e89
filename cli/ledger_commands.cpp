// rfinv receive|issue|transfer|adjust|dispose|stock|history|lot
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
  std::optional<std::string> from, to, at, reason, key, lot, expiry, scan;
  bool allow_expired = false;
};

boost::json::array lots_json(const std::vector<LotQty>& lots) {
  return webapp::array_of(lots, webapp::lot_qty_json);
}

// "lot A12 (expires 2027-01-31): 3, lot B7: 2"
std::string lots_text(const std::vector<LotQty>& lots) {
  std::string out;
  for (const auto& l : lots) {
    if (!out.empty()) out += ", ";
    out += fmt::format("lot {}{}: {}", l.lot,
                       l.expiry ? fmt::format(" (expires {})", *l.expiry) : "", l.qty);
  }
  return out;
}

void post_and_print(Context& ctx, MovementKind kind, const MovementOptions& o) {
  MovementRequest r;
  r.kind = kind;
  PostedMovement posted;
  if (o.scan) {
    // The barcode names the item, lot and expiry: the positional is the quantity, if any.
    if (!o.qty.empty())
      fail_input("with --scan, give only the quantity (rfinv " + std::string(to_string(kind)) +
                 " --scan TEXT [QTY])");
    if (o.lot || o.expiry) fail_input("with --scan, the lot and expiry come from the barcode");
    service::ScannedMovement scan;
    scan.kind = kind;
    scan.text = *o.scan;
    if (!o.sku.empty()) scan.qty = need(parse_quantity("quantity", o.sku, false));
    scan.location = kind == MovementKind::issue ? o.from : o.to;
    scan.actor = ctx.actor;
    scan.key = o.key;
    scan.reason = o.reason;
    scan.allow_expired = o.allow_expired;
    auto done = need(ctx.node().post_scanned_movement(scan));
    r = std::move(done.request);
    posted = std::move(done.posted);
  } else {
    if (o.sku.empty() || o.qty.empty()) fail_input("give the SKU and the quantity (or --scan)");
    r.sku = o.sku;
    r.qty = need(parse_quantity("quantity", o.qty, kind == MovementKind::adjust));
    r.from = kind == MovementKind::dispose ? o.at : o.from;
    r.to = kind == MovementKind::adjust ? o.at : o.to;
    r.lot = o.lot;
    r.expiry = o.expiry;
    r.allow_expired = o.allow_expired;
    r.actor = ctx.actor;
    r.reason = o.reason;
    r.key = o.key;
    posted = need(ctx.node().post_movement(r));
  }
  if (ctx.json) {
    boost::json::array alerts;
    for (const auto& change : posted.alerts) alerts.push_back(alert_change_json(change));
    return print_json({{"id", posted.id},
                       {"sku", r.sku},
                       {"qty", r.qty},
                       {"replayed", posted.replayed},
                       {"alerts", std::move(alerts)},
                       {"lots", lots_json(posted.lots)}});
  }
  if (posted.replayed) {
    fmt::print("movement {} (already recorded under key {}; nothing changed)\n", posted.id, *o.key);
    return;
  }
  fmt::print("movement {}: {} {} {}{}\n", posted.id, to_string(kind), r.qty, r.sku,
             posted.lots.empty() ? "" : " (" + lots_text(posted.lots) + ")");
  for (const auto& change : posted.alerts) print_alert_change(change, r.sku);
}

CLI::App* movement_command(CLI::App& app, Context& ctx, MovementKind kind, const char* help) {
  auto o = std::make_shared<MovementOptions>();
  auto* cmd = app.add_subcommand(std::string(to_string(kind)), help);
  // With --scan (receive, issue) the barcode names the item: the one positional is QTY.
  bool scans = kind == MovementKind::receive || kind == MovementKind::issue;
  auto* sku = cmd->add_option("SKU", o->sku, scans ? "item (with --scan: QTY)" : "item");
  auto* qty = cmd->add_option(
      "QTY", o->qty, kind == MovementKind::adjust ? "units to add (negative: to remove)" : "units");
  qty->allow_extra_args(false);
  if (scans) {
    cmd->add_option("--scan", o->scan,
                    "a GS1 barcode as scanned: item by GTIN (01), lot (10), expiry (17); "
                    "quantity from QTY, else (30)/(37), else 1");
  } else {
    sku->required();
    qty->required();
  }
  if (kind == MovementKind::issue || kind == MovementKind::transfer)
    cmd->add_option("--from", o->from, "source location")->required();
  if (kind == MovementKind::receive || kind == MovementKind::transfer)
    cmd->add_option("--to", o->to, "destination location")->required();
  if (kind == MovementKind::receive) {
    cmd->add_option("--lot", o->lot, "the lot received (lot-tracked items)");
    cmd->add_option("--expiry", o->expiry, "the lot's expiry date, YYYY-MM-DD");
    cmd->add_flag("--allow-expired", o->allow_expired, "receive a lot already expired");
  } else {
    cmd->add_option("--lot", o->lot,
                    kind == MovementKind::adjust
                        ? "the lot adjusted (lot- or expiry-tracked items)"
                        : "take only this lot (default: first expiry first out)");
  }
  if (kind == MovementKind::adjust)
    cmd->add_option("--expiry", o->expiry, "a new lot's expiry date, YYYY-MM-DD");
  if (kind == MovementKind::adjust || kind == MovementKind::dispose) {
    cmd->add_option("--at", o->at, "location")->required();
    cmd->add_option("--reason", o->reason,
                    kind == MovementKind::adjust ? "why (counted, damaged, found...)"
                                                 : "why (expired, recalled, damaged...)")
        ->required();
  } else {
    cmd->add_option("--reason", o->reason, "note");
  }
  cmd->add_option("--key", o->key, "idempotency key: a repeat does nothing");
  on_run(cmd, ctx, [&ctx, kind, o] { post_and_print(ctx, kind, *o); });
  return cmd;
}

boost::json::object lot_json(const LotInfo& l) {
  return {{"sku", l.sku},
          {"lot", l.lot},
          {"expiry", or_null(l.expiry)},
          {"expired", l.expired},
          {"held", l.held_at.has_value()},
          {"held_reason", or_null(l.held_reason)},
          {"held_by", or_null(l.held_by)},
          {"held_at", l.held_at ? boost::json::value(format_utc(*l.held_at)) : nullptr},
          {"on_hand", l.on_hand}};
}

void add_lot_commands(CLI::App& app, Context& ctx) {
  struct LotOptions {
    std::string sku, lot, reason;
    std::optional<std::string> filter;
  };
  auto o = std::make_shared<LotOptions>();
  auto* lot = group(app, "lot", "lots of lot- or expiry-tracked items");
  auto* hold = lot->add_subcommand("hold", "hold a lot: it cannot be issued until released");
  hold->add_option("SKU", o->sku, "item")->required();
  hold->add_option("LOT", o->lot, "lot")->required();
  hold->add_option("--reason", o->reason, "why (suspected defect, recall...)")->required();
  on_run(hold, ctx, [&ctx, o] {
    auto change = need(ctx.node().hold_lot(o->sku, o->lot, o->reason, ctx.actor));
    if (ctx.json) {
      auto out = lot_json(change.lot);
      out["changed"] = change.changed;
      return print_json(out);
    }
    if (!change.changed)
      return fmt::print("lot {} of {} was already held ({}); nothing changed\n", o->lot, o->sku,
                        o->reason);
    fmt::print("lot {} of {} held ({}): {} on hand cannot be issued\n", o->lot, o->sku, o->reason,
               change.lot.on_hand);
  });
  auto* release = lot->add_subcommand("release", "release a held lot");
  release->add_option("SKU", o->sku, "item")->required();
  release->add_option("LOT", o->lot, "lot")->required();
  on_run(release, ctx, [&ctx, o] {
    auto change = need(ctx.node().release_lot(o->sku, o->lot));
    if (ctx.json) {
      auto out = lot_json(change.lot);
      out["changed"] = change.changed;
      return print_json(out);
    }
    if (!change.changed)
      return fmt::print("lot {} of {} was not held; nothing changed\n", o->lot, o->sku);
    fmt::print("lot {} of {} released\n", o->lot, o->sku);
  });
  auto* list = lot->add_subcommand("list", "lots with their expiry, hold and stock");
  list->add_option("SKU", o->filter, "only this item's lots");
  on_run(list, ctx, [&ctx, o] {
    auto lots = need(ctx.node_to_read().list_lots(o->filter));
    if (ctx.json) {
      boost::json::array a;
      for (const auto& l : lots) a.push_back(lot_json(l));
      return print_json(a);
    }
    Table t{{"sku", "lot", "expiry", "on hand", "state"}, {}};
    for (const auto& l : lots) {
      std::string state = l.expired ? "expired" : "";
      if (l.held_at)
        state += fmt::format("{}held ({}, by {})", state.empty() ? "" : ", ",
                             l.held_reason.value_or(""), l.held_by.value_or(""));
      t.rows.push_back({l.sku, l.lot, l.expiry.value_or("-"), std::to_string(l.on_hand), state});
    }
    print_table(t);
  });
}

}  // namespace

void add_ledger_commands(CLI::App& app, Context& ctx) {
  movement_command(app, ctx, MovementKind::receive, "receive goods into a location");
  movement_command(app, ctx, MovementKind::issue, "issue goods out of a location");
  movement_command(app, ctx, MovementKind::transfer, "move goods between locations");
  movement_command(app, ctx, MovementKind::adjust, "correct stock at a location, with a reason");
  movement_command(app, ctx, MovementKind::dispose,
                   "take stock out of a location (expired, held, damaged), with a reason");

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
  stock->add_flag("--lots", filter->lots, "one line per lot, with its expiry and state");
  on_run(stock, ctx, [&ctx, filter] {
    auto lines = need(ctx.node_to_read().stock_levels(*filter));
    auto state = [](const StockLine& l) {
      return l.held && l.expired ? "expired, held" : l.held ? "held" : l.expired ? "expired" : "";
    };
    if (ctx.json) {
      boost::json::array a;
      for (const auto& l : lines)
        a.push_back(filter->lots ? webapp::lot_stock_json(l) : webapp::stock_json(l));
      return print_json(a);
    }
    if (filter->lots) {
      Table t{{"sku", "name", "location", "lot", "expiry", "qty", "unit", "state"}, {}};
      for (const auto& l : lines)
        t.rows.push_back({l.sku, l.name, l.location, l.lot.value_or("-"), l.expiry.value_or("-"),
                          std::to_string(l.qty), l.unit, state(l)});
      return print_table(t);
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
                     {"from", or_null(m.from)},
                     {"to", or_null(m.to)},
                     {"actor", m.actor},
                     {"at", format_utc(m.at)},
                     {"reason", or_null(m.reason)},
                     {"key", or_null(m.key)},
                     {"lots", lots_json(m.lots)}});
      return print_json(a);
    }
    Table t{{"id", "at", "kind", "qty", "from", "to", "lots", "actor", "reason"}, {}};
    for (const auto& m : records)
      t.rows.push_back({std::to_string(m.id), format_utc(m.at), m.kind, std::to_string(m.qty),
                        m.from.value_or("-"), m.to.value_or("-"),
                        m.lots.empty() ? "-" : lots_text(m.lots), m.actor, m.reason.value_or("")});
    print_table(t);
  });

  add_lot_commands(app, ctx);
}

}  // namespace rfinv::cli
