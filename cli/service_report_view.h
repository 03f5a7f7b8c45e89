// The figures of the service and savings report as rows, so the terminal table, the CSV and
// the HTML page list the same figures in the same order with the same values.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "service/service_report.h"

namespace rfinv::cli {

struct FigureRow {
  std::string key;          // as in --json and --csv: "purchase_savings", "idle_share", ...
  std::string value;        // as shown: "12.5%", "0.75 h", "1,234.00"
  std::string target;       // "" when the figure has none
  std::optional<bool> met;  // none without a target or without data
};

std::vector<FigureRow> figure_rows(const service::ServiceReport& report);

// "12.5%", or "-" when there is no figure.
std::string percent_text(const std::optional<double>& share);
// "0.75 h", or "-".
std::string hours_text(const std::optional<double>& hours);

}  // namespace rfinv::cli
