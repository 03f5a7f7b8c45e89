// rfinv requisition ...: a ward's requisitions from a store, step by step.
#include "cli/commands.h"
#include "cli/output.h"
#include "inventory/catalog/validate.h"
#include "service/node.h"
#include "webapp/views.h"

namespace rfinv::cli {
namespace {

using inventory::Requisition;
using inventory::RequisitionStep;
using inventory::StepDone;

using webapp::requisition_json;  // the web API's view: one set of keys for both

// "GLOVE 10, MASK 3 of 5"
std::string lines_text(const Requisition& r, std::int64_t inventory::RequisitionLine::*field) {
  std::string out;
  for (const auto& l : r.lines) {
    if (!out.empty()) out += ", ";
    out += fmt::format("{} {}", l.sku, l.*field);
    if (l.*field != l.qty) out += fmt::format(" of {}", l.qty);
  }
  return out;
}

std::vector<inventory::RequestedQty> parse_lines(const std::vector<std::string>& args) {
  std::vector<inventory::RequestedQty> out;
  for (const auto& a : args) {
    auto eq = a.rfind('=');
    if (eq == std::string::npos || eq == 0)
      fail_input(fmt::format("line {} must be SKU=QTY", out.size() + 1));
    std::string sku = a.substr(0, eq);
    need(inventory::check_code("SKU", sku));
    out.push_back({sku, need(inventory::parse_quantity("quantity of " + sku, a.substr(eq + 1)))});
  }
  return out;
}

void print_done(Context& ctx, const StepDone& done, const std::string& text) {
  if (ctx.json) {
    auto j = requisition_json(done.requisition);
    j["replayed"] = done.replayed;
    return print_json(j);
  }
  if (done.replayed)
    fmt::print("requisition {}: already done with this key; nothing changed (status {})\n",
               done.requisition.id, to_string(done.requisition.status));
  else
    fmt::print("{}\n", text);
}

void print_requisition(const Requisition& r) {
  fmt::print("requisition {}: {} -> {} (dept {}), {}, {} by {} at {}\n", r.id, r.from, r.to, r.dept,
             to_string(r.status), r.origin == "par_level" ? "raised by a par level" : "asked",
             r.created_by, format_utc(r.created_at));
  if (r.approved_by) fmt::print("approved by {}\n", *r.approved_by);
  if (r.transit) fmt::print("transit location {}\n", *r.transit);
  if (r.note) fmt::print("note: {}\n", *r.note);
  Table t{{"sku", "asked", "picked", "shipped", "received", "line", "shortfall", "lots"}, {}};
  for (const auto& l : r.lines) {
    std::string lots;
    for (const auto& lot : l.lots)
      if (!lot.lot.empty())
        lots += fmt::format("{}{} {}", lots.empty() ? "" : ", ", lot.lot, lot.picked);
    t.rows.push_back({l.sku, std::to_string(l.qty), std::to_string(l.picked),
                      std::to_string(l.shipped), std::to_string(l.received),
                      l.closed ? "closed" : "open", std::to_string(l.shortfall),
                      lots.empty() ? "-" : lots});
  }
  print_table(t);
}

struct StepOptions {
  std::int64_t id = 0;
  std::string key;
  RequisitionStep step(const Context& ctx) const {
    return {id, ctx.actor, key.empty() ? std::nullopt : std::optional<std::string>(key)};
  }
};

CLI::App* step_command(CLI::App* group, const char* name, const char* help,
                       std::shared_ptr<StepOptions> o) {
  auto* cmd = group->add_subcommand(name, help);
  cmd->add_option("REQ", o->id, "requisition id")->required();
  cmd->add_option("--key", o->key, "idempotency key: a retry with it changes nothing");
  return cmd;
}

}  // namespace

void add_requisition_commands(CLI::App& app, Context& ctx) {
  auto* req = group(app, "requisition", "a ward's requisitions from a store");

  struct CreateOptions {
    std::string from, to, note, key;
    std::vector<std::string> lines;
  };
  auto c = std::make_shared<CreateOptions>();
  auto* create = req->add_subcommand("create", "a ward asks a store for SKU=QTY ...");
  create->add_option("--from", c->from, "the store's location")->required();
  create->add_option("--to", c->to, "the ward's location (it or a location above it has a dept)")
      ->required();
  create->add_option("LINES", c->lines, "SKU=QTY, one per item")->required();
  create->add_option("--note", c->note, "a note for the store");
  create->add_option("--key", c->key, "idempotency key: a retry with it changes nothing");
  on_run(create, ctx, [&ctx, c] {
    auto done = need(ctx.node().create_requisition(
        {.from = c->from,
         .to = c->to,
         .lines = parse_lines(c->lines),
         .note = c->note.empty() ? std::nullopt : std::optional<std::string>(c->note),
         .actor = ctx.actor,
         .key = c->key.empty() ? std::nullopt : std::optional<std::string>(c->key)}));
    const auto& r = done.requisition;
    print_done(ctx, done,
               fmt::format("requisition {} requested: {} ({} -> {}, dept {})", r.id,
                           lines_text(r, &inventory::RequisitionLine::qty), r.from, r.to, r.dept));
  });

  auto a = std::make_shared<StepOptions>();
  auto as = std::make_shared<std::string>();
  auto* approve = step_command(req, "approve", "approve a requested requisition", a);
  approve->add_option("--as", *as, "approve as this user (must be a buyer or a storekeeper)");
  on_run(approve, ctx, [&ctx, a, as] {
    auto done = need(ctx.node().approve_requisition(
        a->step(ctx), as->empty() ? std::nullopt : std::optional<std::string>(*as)));
    print_done(ctx, done,
               fmt::format("requisition {} approved by {}", done.requisition.id,
                           done.requisition.approved_by.value_or(ctx.actor)));
  });

  auto p = std::make_shared<StepOptions>();
  on_run(step_command(req, "pick", "hold what is free at the store, lots first-expiry-first", p),
         ctx, [&ctx, p] {
           auto done = need(ctx.node().pick_requisition(p->step(ctx)));
           print_done(
               ctx, done,
               fmt::format("requisition {} picked: {}", done.requisition.id,
                           lines_text(done.requisition, &inventory::RequisitionLine::picked)));
         });

  auto s = std::make_shared<StepOptions>();
  on_run(step_command(req, "ship", "send the picked stock into transit to the ward", s), ctx,
         [&ctx, s] {
           auto done = need(ctx.node().ship_requisition(s->step(ctx)));
           print_done(
               ctx, done,
               fmt::format("requisition {} shipped: {}; in transit at {}", done.requisition.id,
                           lines_text(done.requisition, &inventory::RequisitionLine::shipped),
                           done.requisition.transit.value_or("-")));
         });

  auto r = std::make_shared<StepOptions>();
  auto received = std::make_shared<std::vector<std::string>>();
  auto* receive =
      step_command(req, "receive", "receive at the ward (SKU=QTY ...; default: all)", r);
  receive->add_option("LINES", *received, "SKU=QTY received (default: all still in transit)");
  on_run(receive, ctx, [&ctx, r, received] {
    auto done = need(ctx.node().receive_requisition(r->step(ctx), parse_lines(*received)));
    print_done(ctx, done,
               fmt::format("requisition {} {}: {}", done.requisition.id,
                           to_string(done.requisition.status),
                           lines_text(done.requisition, &inventory::RequisitionLine::received)));
  });

  auto cl = std::make_shared<StepOptions>();
  auto reason = std::make_shared<std::string>();
  auto* close = step_command(req, "close",
                             "the ward takes no more: what is still in transit is written off", cl);
  close->add_option("--reason", *reason, "why (e.g. lost in transit)")->required();
  on_run(close, ctx, [&ctx, cl, reason] {
    auto done = need(ctx.node().close_requisition(cl->step(ctx), *reason));
    print_done(ctx, done,
               fmt::format("requisition {} closed: {}", done.requisition.id,
                           lines_text(done.requisition, &inventory::RequisitionLine::received)));
  });

  auto x = std::make_shared<StepOptions>();
  on_run(step_command(req, "cancel",
                      "cancel: holds released; after shipment what is in transit goes back", x),
         ctx, [&ctx, x] {
           auto done = need(ctx.node().cancel_requisition(x->step(ctx)));
           print_done(ctx, done, fmt::format("requisition {} cancelled", done.requisition.id));
         });

  auto status = std::make_shared<std::string>();
  auto* list = req->add_subcommand("list", "requisitions, oldest first");
  list->add_option("--status", *status, "only those with this status");
  on_run(list, ctx, [&ctx, status] {
    std::optional<inventory::RequisitionStatus> only;
    if (!status->empty()) {
      only = inventory::parse_requisition_status(*status);
      if (!only)
        fail_input(
            fmt::format("--status must be requested, approved, picked, shipped, "
                        "partially_received, received, closed or cancelled"));
    }
    auto list = need(ctx.node_to_read().list_requisitions(only));
    if (ctx.json) {
      boost::json::array out;
      for (const auto& r : list) out.push_back(requisition_json(r));
      return print_json(out);
    }
    Table t{{"id", "from", "to", "dept", "status", "origin", "lines", "updated"}, {}};
    for (const auto& r : list)
      t.rows.push_back({std::to_string(r.id), r.from, r.to, r.dept,
                        std::string(to_string(r.status)), r.origin,
                        lines_text(r, &inventory::RequisitionLine::qty), format_utc(r.updated_at)});
    print_table(t);
  });

  auto id = std::make_shared<std::int64_t>(0);
  auto* show = req->add_subcommand("show", "one requisition, line by line");
  show->add_option("REQ", *id, "requisition id")->required();
  on_run(show, ctx, [&ctx, id] {
    auto r = need(ctx.node_to_read().get_requisition(*id));
    if (ctx.json) return print_json(requisition_json(r));
    print_requisition(r);
  });
}

}  // namespace rfinv::cli
