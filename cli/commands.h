// Each command group registers its subcommands on the app. Handlers parse, call one module
// function, and print through cli/output.h; failures throw CliError (see context.h).
#pragma once

#include <CLI/CLI.hpp>

#include "cli/context.h"

namespace rfinv::cli {

// Makes `fn` the command's action when `sub` is chosen.
inline void on_run(CLI::App* sub, Context& ctx, std::function<void()> fn) {
  // CLI11 runs a subcommand's callback before its parent's: the innermost command wins.
  sub->callback([&ctx, fn = std::move(fn)] {
    if (!ctx.action) ctx.action = fn;
  });
}

// The command group `name` (e.g. "config"), created on first use, so several files can add
// subcommands to one group.
inline CLI::App* group(CLI::App& app, const std::string& name, const std::string& description) {
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; }))
    if (sub->get_name() == name) return sub;
  return app.add_subcommand(name, description)->require_subcommand(1);
}

void add_catalog_commands(CLI::App& app, Context& ctx);
void add_ledger_commands(CLI::App& app, Context& ctx);
void add_alert_commands(CLI::App& app, Context& ctx);
void add_demo_command(CLI::App& app, Context& ctx);
void add_pipeline_commands(CLI::App& app, Context& ctx);
void add_count_commands(CLI::App& app, Context& ctx);
void add_tag_commands(CLI::App& app, Context& ctx);
// rfinv scan: GS1 barcodes and Digital Link URIs.
void add_scan_commands(CLI::App& app, Context& ctx);
void add_reader_commands(CLI::App& app, Context& ctx);
// The pool hub, a node's sync with it, and the pool workflow.
void add_hub_commands(CLI::App& app, Context& ctx);
void add_sync_commands(CLI::App& app, Context& ctx);
void add_pool_commands(CLI::App& app, Context& ctx);
void add_asset_commands(CLI::App& app, Context& ctx);
void add_user_commands(CLI::App& app, Context& ctx);
// The database file itself: check, backup.
void add_database_commands(CLI::App& app, Context& ctx);
// Ward requisitions from a store.
void add_requisition_commands(CLI::App& app, Context& ctx);
// Lots near their expiry, and a lot's recall.
void add_recall_commands(CLI::App& app, Context& ctx);
// Demand planning: plan, plan apply, history import (after add_ledger_commands: it extends
// `history`).
void add_plan_commands(CLI::App& app, Context& ctx);
// The `report` group (cli/report_commands.cpp) and the reports in it.
void add_report_commands(CLI::App& app, Context& ctx);
void add_report_abc(CLI::App& report, Context& ctx);
void add_report_service(CLI::App& report, Context& ctx);
// `plan --item SKU --svg FILE`: the item's demand chart (cli/demand_chart_commands.cpp).
void write_demand_svg(Context& ctx, const std::string& sku, int horizon, const std::string& file);

}  // namespace rfinv::cli
