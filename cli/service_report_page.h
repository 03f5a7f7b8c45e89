// The service and savings report as one self-contained HTML page (`report service --html`):
// inline CSS, SVG charts drawn by base/chart, no script and no link to anything outside, so a
// manager can open it from a file offline and print it. English or Simplified Chinese.
#pragma once

#include <string>

#include "service/service_report.h"

namespace rfinv::cli {

// The languages the page is written in: "en" and "zh-CN".
bool is_report_language(const std::string& lang);

// REQUIRES: is_report_language(lang).
std::string service_report_page(const service::ServiceReport& report, const std::string& lang);

}  // namespace rfinv::cli
