// rfinv asset register|list|show|history|idle|status|idle-scan
#include <fmt/format.h>

#include <memory>

#include "base/clock.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "inventory/catalog/validate.h"
#include "service/node.h"

namespace rfinv::cli {
namespace {

using namespace inventory;

std::string or_dash(const std::optional<std::string>& s) { return s && !s->empty() ? *s : "-"; }

boost::json::object asset_json(const Asset& a) {
  auto dept_or_null = [](const std::string& d) {
    return d.empty() ? boost::json::value(nullptr) : boost::json::value(d);
  };
  return {{"id", a.code},
          {"epc", or_null(a.epc)},
          {"sku", or_null(a.sku)},
          {"dept", dept_or_null(a.dept)},
          {"holder_dept", dept_or_null(a.holder_dept)},
          {"status", to_string(a.status)},
          {"location", or_null(a.location)},
          {"cost", format_cents(a.cost_cents)},
          {"registered_at", format_utc(a.registered_at)},
          {"last_moved_at", format_utc(a.last_moved_at)},
          {"last_seen_at", time_or_null(a.last_seen_at)},
          {"last_seen_location", or_null(a.last_seen_location)}};
}

AssetStatus status_argument(const std::string& text) {
  auto s = parse_asset_status(text);
  if (!s)
    fail_input(fmt::format(
        "status '{}' is not one of in_use, idle, pooled, reserved, in_transit, maintenance, "
        "retired",
        text));
  return *s;
}

// "LAPTOP-0042: in_use -> idle"
void print_change(Context& ctx, const service::StatusChange& change) {
  const auto& [before, after] = change;
  if (ctx.json) return print_json(asset_json(after));
  fmt::print("{}: {} -> {}\n", after.code, to_string(before.status), to_string(after.status));
}

void add_register(CLI::App* asset, Context& ctx) {
  struct Options {
    std::string code, epc, dept;
    std::optional<std::string> sku, location, cost;
  };
  auto o = std::make_shared<Options>();
  auto* cmd = asset->add_subcommand("register", "register a tagged asset (status in_use)");
  cmd->add_option("ID", o->code, "asset code, e.g. LAPTOP-0042")->required();
  cmd->add_option("--epc", o->epc, "the asset's tag: EPC hex or tag URI")->required();
  cmd->add_option("--sku", o->sku, "catalogue item it is an instance of (SGTIN: from its GTIN)");
  cmd->add_option("--dept", o->dept, "owning department code")->required();
  cmd->add_option("--location", o->location, "location code where it is");
  cmd->add_option("--cost", o->cost, "purchase cost, e.g. 1299.00");
  on_run(cmd, ctx, [&ctx, o] {
    NewAsset spec{o->code, o->epc, o->sku, o->dept, o->location, 0};
    if (o->cost) spec.cost_cents = need(parse_money_cents("--cost", *o->cost));
    Asset a = need(ctx.node().register_asset(spec, ctx.actor));
    if (ctx.json) return print_json(asset_json(a));
    fmt::print("{} registered ({}, owner {}, tag {})\n", a.code, a.sku.value_or("no SKU"), a.dept,
               a.epc.value_or("-"));
  });
}

void add_list(CLI::App* asset, Context& ctx) {
  struct Options {
    std::optional<std::string> dept, status;
  };
  auto o = std::make_shared<Options>();
  auto* cmd = asset->add_subcommand("list", "assets, by code");
  cmd->add_option("--dept", o->dept, "only assets this department owns or holds");
  cmd->add_option("--status", o->status, "only assets with this status");
  on_run(cmd, ctx, [&ctx, o] {
    std::optional<AssetStatus> status;
    if (o->status) status = status_argument(*o->status);
    auto list = need(ctx.node_to_read().list_assets(o->dept, status));
    if (ctx.json) {
      boost::json::array out;
      for (const auto& a : list) out.push_back(asset_json(a));
      return print_json(out);
    }
    Table t{{"id", "sku", "dept", "holder", "status", "location", "last seen"}, {}};
    for (const auto& a : list)
      t.rows.push_back({a.code, or_dash(a.sku), or_dash(a.dept), or_dash(a.holder_dept),
                        std::string(to_string(a.status)), or_dash(a.location),
                        a.last_seen_at ? format_utc(*a.last_seen_at) : "-"});
    print_table(t);
  });
}

void add_show(CLI::App* asset, Context& ctx) {
  auto code = std::make_shared<std::string>();
  auto* cmd = asset->add_subcommand("show", "one asset's details");
  cmd->add_option("ID", *code, "asset code")->required();
  on_run(cmd, ctx, [&ctx, code] {
    Asset a = need(ctx.node_to_read().get_asset(*code));
    auto o = asset_json(a);
    if (ctx.json) return print_json(o);
    for (const auto& [key, value] : o) {
      std::string text = value.is_string() ? std::string(value.as_string().c_str())
                         : value.is_null() ? std::string("-")
                                           : boost::json::serialize(value);
      fmt::print("{:<20}{}\n", std::string(key), text);
    }
  });
}

void add_history(CLI::App* asset, Context& ctx) {
  auto code = std::make_shared<std::string>();
  auto* cmd =
      asset->add_subcommand("history", "everything that happened to an asset, oldest first");
  cmd->add_option("ID", *code, "asset code")->required();
  on_run(cmd, ctx, [&ctx, code] {
    auto events = need(ctx.node_to_read().asset_history(*code));
    if (ctx.json) {
      boost::json::array out;
      for (const auto& e : events)
        out.push_back(
            {{"at", format_utc(e.at)}, {"kind", e.kind}, {"detail", e.detail}, {"actor", e.actor}});
      return print_json(out);
    }
    Table t{{"at", "kind", "detail", "actor"}, {}};
    for (const auto& e : events) t.rows.push_back({format_utc(e.at), e.kind, e.detail, e.actor});
    print_table(t);
  });
}

void add_status_commands(CLI::App* asset, Context& ctx) {
  struct Options {
    std::string code, status, reason;
  };
  auto idle = std::make_shared<Options>();
  auto* idle_cmd = asset->add_subcommand("idle", "mark an asset idle (no longer used)");
  idle_cmd->add_option("ID", idle->code, "asset code")->required();
  idle_cmd->add_option("--reason", idle->reason, "why, for the history");
  on_run(idle_cmd, ctx, [&ctx, idle] {
    print_change(ctx, need(ctx.node().set_asset_status(idle->code, AssetStatus::idle, ctx.actor,
                                                       idle->reason)));
  });

  auto set = std::make_shared<Options>();
  auto* status_cmd = asset->add_subcommand(
      "status", "change an asset's status (in_use, idle, maintenance, retired, ...)");
  status_cmd->add_option("ID", set->code, "asset code")->required();
  status_cmd->add_option("STATUS", set->status, "the new status")->required();
  status_cmd->add_option("--reason", set->reason, "why, for the history");
  on_run(status_cmd, ctx, [&ctx, set] {
    AssetStatus to = status_argument(set->status);
    print_change(ctx, need(ctx.node().set_asset_status(set->code, to, ctx.actor, set->reason)));
  });

  on_run(asset->add_subcommand("idle-scan",
                               "mark in_use assets idle that have not moved for asset.idle_days"),
         ctx, [&ctx] {
           auto scan = need(ctx.node().idle_scan());
           const auto& codes = scan.idle;
           if (!scan.idle_days_set)
             fmt::print(stderr,
                        "rfinv: note: asset.idle_days is not set, so no asset becomes idle by "
                        "itself (rfinv config set asset.idle_days N)\n");
           if (ctx.json) {
             boost::json::array out;
             for (const auto& c : codes) out.push_back(boost::json::value(c));
             return print_json({{"idle", out}});
           }
           for (const auto& c : codes) fmt::print("{}: in_use -> idle\n", c);
           fmt::print("{} asset{} marked idle\n", codes.size(), codes.size() == 1 ? "" : "s");
         });
}

}  // namespace

void add_asset_commands(CLI::App& app, Context& ctx) {
  auto* asset = group(app, "asset", "serialized, tagged assets: owner, holder, status, history");
  add_register(asset, ctx);
  add_list(asset, ctx);
  add_show(asset, ctx);
  add_history(asset, ctx);
  add_status_commands(asset, ctx);
}

}  // namespace rfinv::cli
