#include "cli/service_report_view.h"

#include <fmt/format.h>

#include "inventory/catalog/validate.h"

namespace rfinv::cli {

using inventory::format_cents;

std::string percent_text(const std::optional<double>& share) {
  return share ? fmt::format("{:.1f}%", *share * 100) : "-";
}

std::string hours_text(const std::optional<double>& hours) {
  return hours ? fmt::format("{:.2f} h", *hours) : "-";
}

std::vector<FigureRow> figure_rows(const service::ServiceReport& r) {
  using service::kHandoverHoursTarget;
  using service::kIdleShareTarget;
  using service::kSavingsTarget;
  return {
      {"purchase_savings", percent_text(r.purchase_savings),
       fmt::format(">= {:.0f}%", kSavingsTarget * 100), r.savings_met},
      {"pool_filled_value", format_cents(r.pool_filled_cents), "", std::nullopt},
      {"purchased_value", format_cents(r.purchased_cents), "", std::nullopt},
      {"idle_share", percent_text(r.idle_share), fmt::format("<= {:.0f}%", kIdleShareTarget * 100),
       r.idle_met},
      {"idle_asset_value", format_cents(r.idle_asset_cents), "", std::nullopt},
      {"asset_value", format_cents(r.asset_cents), "", std::nullopt},
      {"handovers", std::to_string(r.handovers), "", std::nullopt},
      {"median_handover_hours", hours_text(r.median_handover_hours), "", std::nullopt},
      {"p90_handover_hours", hours_text(r.p90_handover_hours),
       fmt::format("<= {:.0f} h", kHandoverHoursTarget), r.handover_met},
      {"fill_rate", percent_text(r.fill_rate), "", std::nullopt},
      {"units_issued", std::to_string(r.units_issued), "", std::nullopt},
      {"units_turned_away", std::to_string(r.units_turned_away), "", std::nullopt},
      {"loans", std::to_string(r.loans), "", std::nullopt},
      {"loan_value", format_cents(r.loan_cents), "", std::nullopt},
      {"loan_share", percent_text(r.loan_share), "", std::nullopt},
  };
}

}  // namespace rfinv::cli
