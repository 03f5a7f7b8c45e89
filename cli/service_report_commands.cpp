// rfinv report service (in the `report` group of cli/report_commands.cpp): the service and savings
// report as a table, one JSON object, CSV, or a self-contained HTML page with SVG charts.
#include <fmt/format.h>

#include "base/csv.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "cli/service_report_page.h"
#include "cli/service_report_view.h"
#include "inventory/catalog/validate.h"
#include "service/service_report.h"

namespace rfinv::cli {
namespace {

using boost::json::value;
using inventory::format_cents;

value number_or_null(const std::optional<double>& v) { return v ? value(*v) : value(nullptr); }
value bool_or_null(const std::optional<bool>& v) { return v ? value(*v) : value(nullptr); }

value report_json(const service::ServiceReport& r) {
  boost::json::array stockouts;
  for (const auto& s : r.stockouts)
    stockouts.push_back({{"sku", s.sku},
                         {"location", s.location.empty() ? value(nullptr) : value(s.location)},
                         {"days", s.days}});
  return {
      {"from", time_or_null(r.from)},
      {"to", format_utc(r.to)},
      {"dept", or_null(r.dept)},
      {"purchase_savings",
       {{"pool_filled_value", format_cents(r.pool_filled_cents)},
        {"purchase_orders", r.purchase_orders},
        {"purchase_order_value", format_cents(r.purchase_order_cents)},
        {"assets_bought", r.assets_bought},
        {"assets_bought_value", format_cents(r.assets_bought_cents)},
        {"purchased_value", format_cents(r.purchased_cents)},
        {"share", number_or_null(r.purchase_savings)},
        {"target", service::kSavingsTarget},
        {"met", bool_or_null(r.savings_met)}}},
      {"idle_assets",
       {{"asset_value", format_cents(r.asset_cents)},
        {"idle_value", format_cents(r.idle_asset_cents)},
        {"share", number_or_null(r.idle_share)},
        {"target", service::kIdleShareTarget},
        {"met", bool_or_null(r.idle_met)}}},
      {"handover",
       {{"requests", r.handovers},
        {"median_hours", number_or_null(r.median_handover_hours)},
        {"p90_hours", number_or_null(r.p90_handover_hours)},
        {"target_hours", service::kHandoverHoursTarget},
        {"met", bool_or_null(r.handover_met)}}},
      {"fill_rate",
       {{"units_issued", r.units_issued},
        {"units_refused", r.units_refused},
        {"units_unfilled_from_pool", r.units_unfilled_from_pool},
        {"units_turned_away", r.units_turned_away},
        {"rate", number_or_null(r.fill_rate)}}},
      {"stockout_days", stockouts},
      {"loans",
       {{"count", r.loans},
        {"value", format_cents(r.loan_cents)},
        {"purchased_value", format_cents(r.purchased_cents)},
        {"share", number_or_null(r.loan_share)}}},
  };
}

std::string met_text(const std::optional<bool>& met) {
  return met ? (*met ? "met" : "not met") : "";
}

// One table: a row per figure, then a row per stockout (figure stockout_days).
void print_csv(const service::ServiceReport& r) {
  fmt::print("figure,sku,location,value,target,status\n");
  for (const auto& row : figure_rows(r))
    fmt::print("{},,,{},{},{}\n", row.key, csv_field(row.value), csv_field(row.target),
               met_text(row.met));
  for (const auto& s : r.stockouts)
    fmt::print("stockout_days,{},{},{},,\n", csv_field(s.sku), csv_field(s.location), s.days);
}

void print_text(const service::ServiceReport& r) {
  fmt::print("period: {} to {}{}\n", r.from ? format_utc(*r.from) : std::string("the beginning"),
             format_utc(r.to),
             r.dept ? ", department " + *r.dept : std::string(", not joined to a pool hub"));
  Table figures{{"figure", "value", "target", "status"}, {}};
  for (const auto& row : figure_rows(r))
    figures.rows.push_back({row.key, row.value, row.target, met_text(row.met)});
  print_table(figures);
  fmt::print("\nstockout days per item:\n");
  Table stockouts{{"sku", "location", "days"}, {}};
  for (const auto& s : r.stockouts)
    stockouts.rows.push_back(
        {s.sku, s.location.empty() ? "(site-wide)" : s.location, std::to_string(s.days)});
  print_table(stockouts);
}

struct ServiceOptions {
  std::string from, to, html, lang = "en";
  bool csv = false;
};

}  // namespace

void add_report_service(CLI::App& report, Context& ctx) {
  auto* cmd = report.add_subcommand(
      "service", "purchase savings, idle assets, hand-over times, fill rate, stockout days");
  auto o = std::make_shared<ServiceOptions>();
  cmd->add_option("--from", o->from, "period start (YYYY-MM-DD, on or after)");
  cmd->add_option("--to", o->to, "period end (YYYY-MM-DD, before; default now)");
  auto* csv = cmd->add_flag("--csv", o->csv, "CSV for a spreadsheet");
  auto* html = cmd->add_option("--html", o->html, "write a self-contained HTML page to FILE");
  cmd->add_option("--lang", o->lang, "language of the HTML page: en or zh-CN")->needs(html);
  csv->excludes(html);
  on_run(cmd, ctx, [&ctx, o] {
    if (ctx.json && (o->csv || !o->html.empty()))
      fail_input("--json cannot be combined with --csv or --html");
    if (!is_report_language(o->lang))
      fail_input(fmt::format("--lang \"{}\" is not a language of the report (en, zh-CN)", o->lang));
    auto from = parse_date("--from", o->from);
    auto to = parse_date("--to", o->to);
    auto r = need(service::service_report(ctx.node_to_read(), from, to));
    if (ctx.json) return print_json(report_json(r));
    if (o->csv) return print_csv(r);
    if (!o->html.empty()) {
      write_text_file(o->html, service_report_page(r, o->lang));
      return fmt::print("wrote {}\n", o->html);
    }
    print_text(r);
  });
}

}  // namespace rfinv::cli
