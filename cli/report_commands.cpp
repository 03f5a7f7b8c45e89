// rfinv report ...: the group, and one line per report it holds.
#include "cli/commands.h"

namespace rfinv::cli {

void add_report_commands(CLI::App& app, Context& ctx) {
  auto* report = group(app, "report", "reports on stock, demand and service");
  add_report_abc(*report, ctx);      // cli/plan_commands.cpp
  add_report_service(*report, ctx);  // cli/service_report_commands.cpp
}

}  // namespace rfinv::cli
