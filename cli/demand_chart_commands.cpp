// `rfinv plan --item SKU --svg FILE` (the option is cli/plan_commands.cpp's): the item's weekly
// demand with its forecast and bands, drawn by service/demand_chart.h.
#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/output.h"
#include "service/demand_chart.h"

namespace rfinv::cli {

void write_demand_svg(Context& ctx, const std::string& sku, int horizon, const std::string& file) {
  if (ctx.json) fail_input("--json cannot be combined with --svg");
  write_text_file(
      file, need(service::demand_chart_svg(ctx.node_to_read(), sku, std::nullopt, horizon, "en")));
  fmt::print("wrote {}\n", file);
}

}  // namespace rfinv::cli
