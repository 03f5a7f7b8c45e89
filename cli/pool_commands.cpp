// rfinv pool ...: the cross-department pool as this node sees it, and the workflow steps.
// Steps other than `request` are queued in the outbox and sent at once when the hub can
// be reached (--offline: only queued); `request` asks the hub synchronously.
#include "cli/commands.h"
#include "cli/output.h"
#include "cli/views.h"
#include "inventory/catalog/validate.h"
#include "service/node.h"

namespace rfinv::cli {
namespace {

using boost::json::value;
using webapp::request_json;

value opt_time(const std::optional<Micros>& at) {
  return at ? value(format_utc(*at)) : value(nullptr);
}

void warn_hub_unreachable(const std::optional<std::string>& why) {
  if (why)
    fmt::print(stderr, "rfinv: warning: hub not reached ({}); sent on the next sync\n", *why);
}

// "publish LAPTOP-0042 done", or queued for the next sync.
void print_step(const service::SentStep& step, const std::string& what) {
  warn_hub_unreachable(step.hub_unreachable);
  if (step.sent)
    fmt::print("{} done\n", what);
  else
    fmt::print("{} queued (outbox seq {})\n", what, step.seq);
}

}  // namespace

void add_pool_commands(CLI::App& app, Context& ctx) {
  auto* pool = group(app, "pool", "the cross-department pool of idle assets and surplus stock");

  auto* list = pool->add_subcommand("list", "pooled assets and open stock offers");
  auto item = std::make_shared<std::string>();
  list->add_option("--item", *item, "only this SKU");
  on_run(list, ctx, [&ctx, item] {
    std::optional<std::string> sku;
    if (!item->empty()) sku = *item;
    auto pool = need(ctx.node_to_read().pool_listing(sku));
    // One array, one object per row of the table: "kind" tells an asset from an offer.
    if (ctx.json) return print_json(webapp::pool_json(pool));
    Table t{{"asset/offer", "sku", "owner", "status", "available", "value"}, {}};
    for (const auto& x : pool.assets)
      t.rows.push_back({x.code, x.sku.value_or("-"), x.owner, x.status, "1",
                        inventory::format_cents(x.cost_cents)});
    for (const auto& x : pool.offers)
      t.rows.push_back(
          {x.id, x.sku, x.owner, "offer", std::to_string(x.qty - x.reserved),
           inventory::format_cents(need(inventory::checked_mul(
               "the value of offer " + x.id, x.unit_cost_cents, x.qty - x.reserved)))});
    print_table(t);
  });

  auto offline = std::make_shared<bool>(false);
  auto add_asset_step = [&](const char* name, const char* help, bool publish) {
    auto* cmd = pool->add_subcommand(name, help);
    auto code = std::make_shared<std::string>();
    cmd->add_option("ASSET", *code, "asset id")->required();
    cmd->add_flag("--offline", *offline, "only queue it; send on the next sync");
    on_run(cmd, ctx, [&ctx, code, offline, publish, name] {
      auto step = need(publish ? ctx.node().publish_asset(*code, *offline)
                               : ctx.node().withdraw_asset(*code, *offline));
      print_step(step, fmt::format("{} {}", name, *code));
    });
  };
  add_asset_step("publish", "publish one of this department's assets to the pool", true);
  add_asset_step("withdraw", "take a pooled asset back out of the pool", false);

  auto* offer = pool->add_subcommand("offer", "offer a quantity of a stocked item to the pool");
  auto offer_opts = std::make_shared<std::tuple<std::string, std::string, std::string>>();
  offer->add_option("SKU", std::get<0>(*offer_opts), "item")->required();
  offer->add_option("QTY", std::get<1>(*offer_opts), "quantity")->required();
  offer->add_option("--from", std::get<2>(*offer_opts), "location the stock is at")->required();
  offer->add_flag("--offline", *offline, "only queue it; send on the next sync");
  on_run(offer, ctx, [&ctx, offer_opts, offline] {
    auto qty = need(inventory::parse_count("QTY", std::get<1>(*offer_opts)));
    auto offer = need(
        ctx.node().offer_stock(std::get<0>(*offer_opts), qty, std::get<2>(*offer_opts), *offline));
    fmt::print("{}\n", offer.id);
    std::fflush(stdout);
    warn_hub_unreachable(offer.hub_unreachable);
    if (offer.round) print_rejections(*offer.round);
  });

  auto* request = pool->add_subcommand(
      "request", "ask for a pooled asset (or, with --qty, part of a stock offer); prints the id");
  struct RequestOptions {
    std::string target, reason, until, qty;
  };
  auto ro = std::make_shared<RequestOptions>();
  request->add_option("ASSET_OR_OFFER", ro->target, "asset id, or offer id with --qty")->required();
  request->add_option("--reason", ro->reason, "why it is needed")->required();
  request->add_option("--until", ro->until, "borrow until this date instead of taking ownership");
  auto* qty_option = request->add_option("--qty", ro->qty, "units of a stock offer (required)");
  on_run(request, ctx, [&ctx, ro, qty_option] {
    auto until = parse_date("--until", ro->until);
    // Given or not is what counts: --qty 0 is refused, never read as "no quantity".
    std::optional<std::int64_t> qty;
    if (qty_option->count() > 0) qty = need(inventory::parse_quantity("--qty", ro->qty));
    auto r = need(ctx.node().request_from_pool(ro->target, qty, ro->reason, until));
    if (ctx.json)
      print_json(request_json(r));
    else
      fmt::print("{}\n", r.id);
    std::fflush(stdout);
    if (r.status == "refused")
      fail(make_error(Errc::refused, "request {} refused: {}", r.id,
                      r.problem.value_or(ro->target + " is taken")));
  });

  auto* requests_cmd =
      pool->add_subcommand("requests", "this department's incoming and outgoing requests");
  auto every = std::make_shared<bool>(false);
  requests_cmd->add_flag("--all", *every, "every department's requests this node knows of");
  on_run(requests_cmd, ctx, [&ctx, every] {
    auto requests = need(ctx.node_to_read().pool_requests(*every));
    if (ctx.json) {
      boost::json::array a;
      for (const auto& r : requests) a.push_back(request_json(r));
      return print_json(a);
    }
    Table t{{"id", "asset/offer", "qty", "from", "to", "kind", "until", "status", "problem"}, {}};
    for (const auto& r : requests)
      t.rows.push_back({r.id, r.asset ? *r.asset : r.offer.value_or("-"), std::to_string(r.qty),
                        r.from_dept, r.to_dept, r.kind, r.until ? format_utc(*r.until) : "-",
                        r.status, r.problem.value_or("-")});
    print_table(t);
  });

  auto add_step = [&](const char* name, const char* help, sync::RequestStep step) {
    auto* cmd = pool->add_subcommand(name, help);
    auto id = std::make_shared<std::string>();
    auto to = std::make_shared<std::string>();
    cmd->add_option("REQ", *id, "request id")->required();
    if (step == sync::RequestStep::receive)
      cmd->add_option("--to", *to, "location that receives it (required for stock)");
    cmd->add_flag("--offline", *offline, "only queue it; send on the next sync");
    on_run(cmd, ctx, [&ctx, id, to, offline, step, name] {
      std::optional<std::string> location;
      if (!to->empty()) location = *to;
      auto sent = need(ctx.node().request_step(step, *id, location, *offline));
      print_step(sent, fmt::format("{} {}", name, *id));
    });
  };
  add_step("approve", "approve a request for this department's asset or offer",
           sync::RequestStep::approve);
  add_step("decline", "decline a request (the asset or units go back to the pool)",
           sync::RequestStep::decline);
  add_step("handover", "hand an approved request over (asset in transit, stock issued)",
           sync::RequestStep::handover);
  add_step("receive", "receive a handed-over request (owner or holder changes, stock received)",
           sync::RequestStep::receive);
  add_step("return", "end a loan (the asset goes back to its owner)", sync::RequestStep::give_back);
  add_step("cancel", "cancel one of this department's own requests", sync::RequestStep::cancel);

  auto* alerts =
      pool->add_subcommand("alerts", "overdue loans and events that could not be applied");
  auto all = std::make_shared<bool>(false);
  alerts->add_flag("--all", *all, "include cleared alerts");
  on_run(alerts, ctx, [&ctx, all] {
    auto list = need(ctx.node_to_read().pool_alerts(!*all));
    if (ctx.json) {
      boost::json::array a;
      for (const auto& x : list)
        a.push_back({{"subject", x.subject},
                     {"kind", x.kind},
                     {"message", x.message},
                     {"raised_at", format_utc(x.raised_at)},
                     {"cleared_at", opt_time(x.cleared_at)}});
      return print_json(a);
    }
    Table t{{"subject", "kind", "raised", "message"}, {}};
    for (const auto& x : list)
      t.rows.push_back({x.subject, x.kind, format_utc(x.raised_at), x.message});
    print_table(t);
  });

  auto* report = pool->add_subcommand("report", "savings through the pool per department");
  auto period = std::make_shared<std::pair<std::string, std::string>>();
  report->add_option("--from", period->first, "period start (completed on or after)");
  report->add_option("--to", period->second, "period end (completed before)");
  on_run(report, ctx, [&ctx, period] {
    auto r = need(ctx.node_to_read().pool_report(parse_date("--from", period->first),
                                                 parse_date("--to", period->second)));
    auto pct = [](const std::optional<double>& v) {
      return v ? fmt::format("{:.1f}%", *v * 100) : std::string("-");
    };
    auto hours = [](const std::optional<double>& v) {
      return v ? fmt::format("{:.2f}", *v) : std::string("-");
    };
    if (ctx.json) {
      boost::json::array a;
      for (const auto& d : r.depts)
        a.push_back({{"dept", d.dept},
                     {"transfers_in", d.transfers_in},
                     {"transfer_value", inventory::format_cents(d.transfer_value_cents)},
                     {"loans_in", d.loans_in},
                     {"loan_value", inventory::format_cents(d.loan_value_cents)},
                     {"stock_units_in", d.stock_in},
                     {"stock_value", inventory::format_cents(d.stock_value_cents)},
                     {"purchases_avoided", inventory::format_cents(d.purchases_avoided_cents)},
                     {"given", d.given},
                     {"given_value", inventory::format_cents(d.given_value_cents)},
                     {"idle_share", d.idle_share ? value(*d.idle_share) : value(nullptr)},
                     {"median_request_to_handover_hours",
                      d.median_handover_hours ? value(*d.median_handover_hours) : value(nullptr)}});
      return print_json({{"from", opt_time(r.from)}, {"to", opt_time(r.to)}, {"depts", a}});
    }
    Table t{{"dept", "transfers in", "loans in", "stock in", "avoided", "given", "idle",
             "median h to hand-over"},
            {}};
    for (const auto& d : r.depts)
      t.rows.push_back({d.dept, std::to_string(d.transfers_in), std::to_string(d.loans_in),
                        std::to_string(d.stock_in),
                        inventory::format_cents(d.purchases_avoided_cents), std::to_string(d.given),
                        pct(d.idle_share), hours(d.median_handover_hours)});
    print_table(t);
  });
}

}  // namespace rfinv::cli
