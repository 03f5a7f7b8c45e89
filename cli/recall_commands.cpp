// rfinv expiring | recall: lots near their expiry, and where one lot's units are and went.
#include "cli/commands.h"
#include "cli/output.h"
#include "service/node.h"
#include "webapp/views.h"

namespace rfinv::cli {
namespace {

using boost::json::value;

boost::json::object recall_json(const service::Recall& r) {
  boost::json::array places, moves;
  for (const auto& p : r.places)
    places.push_back({{"location", p.location},
                      {"dept", or_null(p.dept)},
                      {"qty", p.qty},
                      {"held", p.held},
                      {"quarantine", p.quarantine},
                      {"in_transit", p.requisition.has_value()},
                      {"requisition", or_null(p.requisition)}});
  for (const auto& m : r.moves)
    moves.push_back({{"movement", m.move.movement},
                     {"as", m.as},
                     {"kind", m.move.kind},
                     {"qty", m.move.qty},
                     {"from", or_null(m.move.from)},
                     {"to", or_null(m.move.to)},
                     {"dept", or_null(m.dept)},
                     {"requisition", or_null(m.move.requisition)},
                     {"pool_request", or_null(m.pool_request)},
                     {"actor", m.move.actor},
                     {"at", format_utc(m.move.at)},
                     {"reason", or_null(m.move.reason)}});
  return {{"sku", r.sku},
          {"name", r.name},
          {"unit", r.unit},
          {"lot", r.lot},
          {"expiry", or_null(r.expiry)},
          {"held", r.held_reason.has_value()},
          {"held_reason", or_null(r.held_reason)},
          {"places", std::move(places)},
          {"movements", std::move(moves)},
          {"received", r.received},
          {"on_hand", r.on_hand},
          {"issued", r.issued},
          {"disposed", r.disposed},
          {"handed_over", r.handed_over},
          {"in_transit", r.in_transit},
          {"balanced", r.balanced}};
}

void print_recall(const service::Recall& r) {
  fmt::print("{} lot {} ({}){}{}\n", r.sku, r.lot, r.name, r.expiry ? ", expires " + *r.expiry : "",
             r.held_reason ? ", held: " + *r.held_reason : "");
  fmt::print("where it is now:\n");
  Table now{{"location", "dept", "qty", "held", "quarantine", "in transit"}, {}};
  for (const auto& p : r.places)
    now.rows.push_back({p.location, p.dept.value_or("-"), std::to_string(p.qty),
                        std::to_string(p.held), p.quarantine ? "yes" : "no",
                        p.requisition ? fmt::format("requisition {}", *p.requisition) : "-"});
  print_table(now);
  fmt::print("where units went:\n");
  Table went{{"at", "what", "qty", "from", "to", "dept", "by", "ref"}, {}};
  for (const auto& m : r.moves)
    went.rows.push_back({format_utc(m.move.at), m.as, std::to_string(m.move.qty),
                         m.move.from.value_or("-"), m.move.to.value_or("-"), m.dept.value_or("-"),
                         m.move.actor,
                         m.pool_request       ? "pool request " + *m.pool_request
                         : m.move.requisition ? fmt::format("requisition {}", *m.move.requisition)
                                              : fmt::format("movement {}", m.move.movement)});
  print_table(went);
  fmt::print(
      "received {} = on hand {} + issued {} + disposed {} + handed over {} + in transit {}{}\n",
      r.received, r.on_hand, r.issued, r.disposed, r.handed_over, r.in_transit,
      r.balanced ? "" : " (does NOT add up: see the movements above)");
}

}  // namespace

void add_recall_commands(CLI::App& app, Context& ctx) {
  auto within = std::make_shared<std::int64_t>(0);
  auto* expiring = app.add_subcommand("expiring", "stock of lots near or past their expiry");
  auto* within_option =
      expiring->add_option("--within", *within, "days ahead (default: each item's horizon)");
  on_run(expiring, ctx, [&ctx, within, within_option] {
    auto lots = need(ctx.node_to_read().expiring_lots(
        within_option->count() ? std::optional<std::int64_t>(*within) : std::nullopt));
    if (ctx.json) {
      boost::json::array out;
      for (const auto& l : lots) out.push_back(webapp::expiring_json(l));
      return print_json(out);
    }
    Table t{{"expiry", "state", "sku", "lot", "location", "qty"}, {}};
    for (const auto& l : lots)
      t.rows.push_back({l.expiry, l.expired ? "expired" : fmt::format("{} days", l.days_left),
                        l.sku, l.lot, l.location + (l.quarantine ? " (quarantine)" : ""),
                        fmt::format("{} {}{}", l.qty, l.unit, l.held ? " (held)" : "")});
    print_table(t);
  });

  struct RecallOptions {
    std::string sku, lot;
  };
  auto o = std::make_shared<RecallOptions>();
  auto* recall =
      app.add_subcommand("recall", "where every unit of a lot is now, and where units went");
  recall->add_option("SKU", o->sku, "the item")->required();
  recall->add_option("LOT", o->lot, "the lot")->required();
  on_run(recall, ctx, [&ctx, o] {
    auto r = need(ctx.node_to_read().recall(o->sku, o->lot));
    if (ctx.json) return print_json(recall_json(r));
    print_recall(r);
  });
}

}  // namespace rfinv::cli
