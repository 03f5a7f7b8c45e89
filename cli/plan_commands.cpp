// rfinv plan [apply] | history import | report abc
#include <fmt/format.h>

#include <cmath>

#include "base/csv.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "service/node.h"

namespace rfinv::cli {
namespace {

using namespace inventory;

// Numbers in output: at most 3 decimals, no trailing zeros ("12", "0.5", "1.234").
std::string number(double x) {
  auto text = fmt::format("{:.3f}", x);
  while (text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  return text == "-0" ? "0" : text;
}

boost::json::value json_number(double x) { return std::round(x * 1000) / 1000; }

boost::json::array json_numbers(const std::vector<double>& xs) {
  boost::json::array a;
  for (double x : xs) a.push_back(json_number(x));
  return a;
}

boost::json::value json_optional(const std::optional<double>& x) {
  return x ? json_number(*x) : boost::json::value(nullptr);
}

boost::json::object levels_json(const Levels& l) {
  return {{"safety_stock", l.safety_stock},
          {"reorder_point", l.reorder_point},
          {"reorder_qty", l.reorder_qty},
          {"max_level", or_null(l.max_level)}};
}

// "5/40/100/140": safety stock / reorder point / reorder quantity / maximum ("-": none).
std::string levels_text(const Levels& l) {
  return fmt::format("{}/{}/{}/{}", l.safety_stock, l.reorder_point, l.reorder_qty,
                     l.max_level ? std::to_string(*l.max_level) : "-");
}

boost::json::object plan_json(const PlanLine& line) {
  const auto& f = line.forecast;
  boost::json::object o{{"sku", f.sku},
                        {"location", or_null(f.location)},
                        {"class", f.demand_class},
                        {"abc", std::string(1, line.abc)},
                        {"xyz", std::string(1, line.xyz)},
                        {"method", f.method},
                        {"rmsse", json_optional(line.rmsse)},
                        {"mase", json_optional(line.mase)},
                        {"bias", json_optional(line.bias)},
                        {"forecast_week", format_utc(f.forecast_week).substr(0, 10)},
                        {"forecast", json_numbers(f.forecast)},
                        {"lower80", json_numbers(f.lower80)},
                        {"upper80", json_numbers(f.upper80)},
                        {"lower95", json_numbers(f.lower95)},
                        {"upper95", json_numbers(f.upper95)},
                        {"history_weeks", f.history.size()},
                        {"lead_time_weeks", line.lead.weeks},
                        {"lead_time_source", line.lead.source},
                        {"service_level", json_number(line.service_level)},
                        {"lead_time_demand", json_number(line.lead_time_demand)},
                        {"fallback", f.fallback},
                        {"reason", f.reason},
                        {"current", levels_json(line.current)}};
  const Levels shown = line.proposed.value_or(line.current);
  for (auto& [key, value] : levels_json(shown)) o[key] = value;
  o["proposed"] =
      line.proposed ? boost::json::value(levels_json(*line.proposed)) : boost::json::value(nullptr);
  return o;
}

void print_plan(Context& ctx, const std::vector<PlanLine>& lines, bool csv) {
  if (ctx.json) {
    boost::json::array a;
    for (const auto& l : lines) a.push_back(plan_json(l));
    return print_json(a);
  }
  if (csv) {
    fmt::print(
        "sku,location,abc,xyz,class,method,rmsse,mase,bias,safety_stock,reorder_point,"
        "reorder_qty,max_level,current_safety_stock,current_reorder_point,current_reorder_qty,"
        "current_max_level,lead_time_weeks,reason\n");
    for (const auto& l : lines) {
      const auto& f = l.forecast;
      auto opt = [](const std::optional<double>& x) { return x ? number(*x) : std::string(); };
      auto max = [](const std::optional<std::int64_t>& x) {
        return x ? std::to_string(*x) : std::string();
      };
      const Levels shown = l.proposed.value_or(l.current);
      fmt::print("{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", csv_field(f.sku),
                 csv_field(f.location.value_or("")), l.abc, l.xyz, f.demand_class, f.method,
                 opt(l.rmsse), opt(l.mase), opt(l.bias), shown.safety_stock, shown.reorder_point,
                 shown.reorder_qty, max(shown.max_level), l.current.safety_stock,
                 l.current.reorder_point, l.current.reorder_qty, max(l.current.max_level),
                 l.lead.weeks, csv_field(f.reason));
    }
    return;
  }
  Table t{{"sku", "location", "abc", "class", "method", "rmsse", "current", "proposed", "reason"},
          {}};
  for (const auto& l : lines) {
    const auto& f = l.forecast;
    t.rows.push_back({f.sku, f.location.value_or("-"), std::string(1, l.abc) + l.xyz,
                      f.demand_class, f.method, l.rmsse ? number(*l.rmsse) : "-",
                      levels_text(l.current), l.proposed ? levels_text(*l.proposed) : "(kept)",
                      f.reason});
  }
  print_table(t);
  fmt::print("levels: safety stock/reorder point/reorder qty/maximum\n");
}

void print_applied(Context& ctx, const AppliedPlan& a) {
  if (ctx.json) {
    boost::json::array changes;
    for (const auto& c : a.changed)
      changes.push_back({{"sku", c.sku},
                         {"location", or_null(c.location)},
                         {"method", c.method},
                         {"old", levels_json(c.before)},
                         {"new", levels_json(c.after)}});
    return print_json({{"key", a.key},
                       {"replayed", a.replayed},
                       {"changed", std::move(changes)},
                       {"unchanged", a.unchanged},
                       {"kept", a.kept}});
  }
  if (a.replayed) {
    fmt::print("key {} was applied before ({} level(s) changed then); nothing changed\n", a.key,
               a.changed.size());
    return;
  }
  for (const auto& c : a.changed)
    fmt::print("{}{}: {} -> {} ({})\n", c.sku, c.location ? " at " + *c.location : "",
               levels_text(c.before), levels_text(c.after), c.method);
  fmt::print(
      "applied under key {}: {} level(s) changed, {} already as proposed, {} hand-set kept\n",
      a.key, a.changed.size(), a.unchanged, a.kept);
}

}  // namespace

void add_report_abc(CLI::App& report, Context& ctx) {
  auto csv = std::make_shared<bool>(false);
  auto* abc = report.add_subcommand(
      "abc", "ABC classes by consumption value (80/15/5) and XYZ by demand variability");
  abc->add_flag("--csv", *csv, "CSV for a spreadsheet");
  on_run(abc, ctx, [&ctx, csv] {
    auto lines = need(ctx.node_to_read().abc_report());
    if (ctx.json) {
      boost::json::array a;
      for (const auto& l : lines)
        a.push_back({{"sku", l.sku},
                     {"demand", json_number(l.demand)},
                     {"value", json_number(l.value)},
                     {"share", json_number(l.share)},
                     {"cumulative", json_number(l.cumulative)},
                     {"abc", std::string(1, l.abc)},
                     {"cv", json_number(l.cv)},
                     {"xyz", std::string(1, l.xyz)}});
      return print_json(a);
    }
    if (*csv) {
      fmt::print("sku,demand,value,share,cumulative,abc,cv,xyz\n");
      for (const auto& l : lines)
        fmt::print("{},{},{},{},{},{},{},{}\n", csv_field(l.sku), number(l.demand), number(l.value),
                   number(l.share), number(l.cumulative), l.abc, number(l.cv), l.xyz);
      return;
    }
    Table t{{"sku", "demand", "value", "share", "cumulative", "abc", "cv", "xyz"}, {}};
    for (const auto& l : lines)
      t.rows.push_back({l.sku, number(l.demand), number(l.value), number(l.share),
                        number(l.cumulative), std::string(1, l.abc), number(l.cv),
                        std::string(1, l.xyz)});
    print_table(t);
  });
}

void add_plan_commands(CLI::App& app, Context& ctx) {
  struct PlanOptionsCli {
    std::optional<std::string> sku;
    int horizon = kDefaultHorizon;
    bool csv = false;
    std::string svg;
  };
  auto o = std::make_shared<PlanOptionsCli>();
  auto* plan = app.add_subcommand(
      "plan", "demand forecasts and proposed stock levels per item (and location level)");
  auto* plan_item = plan->add_option("--item", o->sku, "only this item (and its location levels)");
  plan->add_option("--horizon", o->horizon, "weeks to forecast (default 13, at most 104)");
  plan->add_flag("--csv", o->csv, "CSV for a spreadsheet");
  plan->add_option("--svg", o->svg,
                   "write the item's demand chart (history, forecast, bands) to FILE")
      ->needs(plan_item);
  on_run(plan, ctx, [&ctx, o] {
    if (!o->svg.empty()) return write_demand_svg(ctx, *o->sku, o->horizon, o->svg);
    PlanOptions options;
    options.sku = o->sku;
    options.horizon = o->horizon;
    print_plan(ctx, need(ctx.node_to_read().plan(options)), o->csv);
  });

  struct ApplyOptions {
    std::optional<std::string> sku, abc_class, key;
  };
  auto a = std::make_shared<ApplyOptions>();
  auto* apply = plan->add_subcommand(
      "apply", "set the proposed levels, with an audit record (a repeat changes nothing)");
  auto* item = apply->add_option("--item", a->sku, "only this item (and its location levels)");
  apply->add_option("--class", a->abc_class, "only items of this ABC class (A, B or C)")
      ->excludes(item);
  apply->add_option("--key", a->key, "idempotency key (default: the week and the proposals)");
  on_run(apply, ctx, [&ctx, a] {
    service::Node::PlanSelection which;
    which.sku = a->sku;
    if (a->abc_class) {
      if (a->abc_class->size() != 1) fail_input("--class must be A, B or C");
      which.abc_class = (*a->abc_class)[0];
    }
    print_applied(ctx, need(ctx.node().apply_plan(which, ctx.actor, a->key)));
  });

  // `history SKU` (the ledger's) gains `history import FILE.csv`.
  auto path = std::make_shared<std::string>();
  CLI::App* history = app.get_subcommand("history");
  auto* import = history->add_subcommand(
      "import", "import weekly demand history: date,sku,location,qty[,kind] (all or nothing)");
  import->add_option("FILE", *path, "CSV file")->required();
  on_run(import, ctx, [&ctx, path] {
    auto r = need(ctx.node().import_demand_history(*path));
    if (ctx.json)
      return print_json({{"rows", r.rows},
                         {"added", r.added},
                         {"changed", r.changed},
                         {"unchanged", r.unchanged}});
    fmt::print("imported {} row(s): {} daily total(s) added, {} changed, {} already there\n",
               r.rows, r.added, r.changed, r.unchanged);
  });
}

}  // namespace rfinv::cli
