#include "cli/service_report_page.h"

#include <fmt/format.h>

#include <map>

#include "base/chart/chart.h"
#include "base/xml_text.h"
#include "cli/service_report_view.h"

namespace rfinv::cli {
namespace {

// The page's words in one language: the fixed texts, and a label per figure key.
struct Words {
  const char* lang;
  const char* title;
  const char* period;
  const char* since_beginning;
  const char* department;
  const char* not_joined;
  const char* figure;
  const char* value;
  const char* target;
  const char* status;
  const char* met;
  const char* not_met;
  const char* stockouts;
  const char* item;
  const char* location;
  const char* days;
  const char* site_wide;
  const char* none;
  const char* charts;
  const char* acquisitions_chart;
  const char* money;
  const char* from_pool;
  const char* loans;
  const char* purchases;
  const char* handover_chart;
  const char* hours;
  const char* median;
  const char* p90;
  const char* within_an_hour;
  const char* stockout_chart;
  std::map<std::string, std::string> figures;
};

const Words kEnglish{
    "en",
    "Service and savings report",
    "Period",
    "since the beginning",
    "Department",
    "not joined to a pool hub",
    "Figure",
    "Value",
    "Target",
    "Status",
    "met",
    "not met",
    "Stockout days per item",
    "Item",
    "Location",
    "Days",
    "site-wide",
    "none",
    "Charts",
    "Acquisitions by value",
    "value",
    "from the pool",
    "loans",
    "purchases",
    "Request to hand-over",
    "hours",
    "median",
    "90th percentile",
    "target 1 h",
    "Stockout days",
    {{"purchase_savings", "Purchase savings through the pool"},
     {"pool_filled_value", "Value filled from the pool"},
     {"purchased_value", "Value purchased"},
     {"idle_share", "Idle share of asset value"},
     {"idle_asset_value", "Idle asset value"},
     {"asset_value", "Asset value"},
     {"handovers", "Requests handed over"},
     {"median_handover_hours", "Request to hand-over, median"},
     {"p90_handover_hours", "Request to hand-over, 90th percentile"},
     {"fill_rate", "Fill rate"},
     {"units_issued", "Units issued"},
     {"units_turned_away", "Units turned away"},
     {"loans", "Loans from the pool"},
     {"loan_value", "Value of loans"},
     {"loan_share", "Loans against purchases"}},
};

const Words kChinese{
    "zh-CN",
    "服务与节约报告",
    "期间",
    "自开始以来",
    "部门",
    "未加入共享池中心",
    "指标",
    "数值",
    "目标",
    "状态",
    "达标",
    "未达标",
    "各物品缺货天数",
    "物品",
    "库位",
    "天数",
    "全库",
    "无",
    "图表",
    "按价值的获取来源",
    "价值",
    "共享池调剂",
    "借用",
    "采购",
    "申请到交接时间",
    "小时",
    "中位数",
    "第90百分位",
    "目标 1 小时",
    "缺货天数",
    {{"purchase_savings", "通过共享池节约的采购"},
     {"pool_filled_value", "共享池满足的价值"},
     {"purchased_value", "采购价值"},
     {"idle_share", "闲置资产价值占比"},
     {"idle_asset_value", "闲置资产价值"},
     {"asset_value", "资产价值"},
     {"handovers", "已交接的申请"},
     {"median_handover_hours", "申请到交接时间（中位数）"},
     {"p90_handover_hours", "申请到交接时间（第90百分位）"},
     {"fill_rate", "满足率"},
     {"units_issued", "发放数量"},
     {"units_turned_away", "未满足数量"},
     {"loans", "从共享池借用"},
     {"loan_value", "借用价值"},
     {"loan_share", "借用相对采购"}},
};

const Words& words_for(const std::string& lang) { return lang == "zh-CN" ? kChinese : kEnglish; }

// Print-friendly and inline: the page is opened from a file, with nothing to fetch.
constexpr const char* kStyle = R"css(
body { font-family: sans-serif; margin: 2em; color: #222; max-width: 60em; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 1.5em; }
table { border-collapse: collapse; margin: 0.5em 0; }
th, td { border: 1px solid #bbb; padding: 0.3em 0.6em; text-align: left; }
td.number { text-align: right; }
.met { color: #1e6b1e; font-weight: bold; }
.not-met { color: #b00000; font-weight: bold; }
figure { margin: 1em 0; page-break-inside: avoid; }
svg { max-width: 100%; height: auto; }
)css";

double money(std::int64_t cents) { return static_cast<double>(cents) / 100; }

std::string acquisitions_chart(const service::ServiceReport& r, const Words& w) {
  chart::BarChart c;
  c.title = w.acquisitions_chart;
  c.y_title = w.money;
  c.labels = {w.from_pool, w.loans, w.purchases};
  c.values = {money(r.pool_filled_cents - r.loan_cents), money(r.loan_cents),
              money(r.purchased_cents)};
  return render_svg(c);
}

std::string handover_chart(const service::ServiceReport& r, const Words& w) {
  chart::BarChart c;
  c.title = w.handover_chart;
  c.y_title = w.hours;
  c.labels = {w.median, w.p90};
  c.values = {r.median_handover_hours.value_or(0), r.p90_handover_hours.value_or(0)};
  c.target = service::kHandoverHoursTarget;
  c.target_label = w.within_an_hour;
  return render_svg(c);
}

std::string stockout_label(const inventory::StockoutDays& s, const Words& w) {
  return s.sku + " @ " + (s.location.empty() ? std::string(w.site_wide) : s.location);
}

std::string stockout_chart(const service::ServiceReport& r, const Words& w) {
  chart::BarChart c;
  c.title = w.stockout_chart;
  c.y_title = w.days;
  c.frame.bottom = 96;  // room for the turned labels
  // The worst fifteen: the table below lists them all.
  for (std::size_t i = 0; i < r.stockouts.size() && i < 15; ++i) {
    c.labels.push_back(stockout_label(r.stockouts[i], w));
    c.values.push_back(static_cast<double>(r.stockouts[i].days));
  }
  return render_svg(c);
}

}  // namespace

bool is_report_language(const std::string& lang) { return lang == "en" || lang == "zh-CN"; }

std::string service_report_page(const service::ServiceReport& r, const std::string& lang) {
  const Words& w = words_for(lang);
  auto e = [](const std::string& s) { return xml_escape(s); };
  std::string from = r.from ? format_utc(*r.from).substr(0, 10) : w.since_beginning;
  std::string out = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"{0}\">\n<head>\n<meta charset=\"utf-8\"/>\n"
      "<title>{1}</title>\n<style>{2}</style>\n</head>\n<body>\n<h1>{1}</h1>\n"
      "<p>{3}: {4} &#8211; {5}<br/>{6}: {7}</p>\n",
      w.lang, e(w.title), kStyle, e(w.period), e(from), e(format_utc(r.to)), e(w.department),
      e(r.dept.value_or(w.not_joined)));

  out += fmt::format(
      "<table class=\"figures\">\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>"
      "</thead>\n<tbody>\n",
      e(w.figure), e(w.value), e(w.target), e(w.status));
  for (const auto& row : figure_rows(r)) {
    std::string status;
    if (row.met)
      status = fmt::format("<span class=\"{}\">{}</span>", *row.met ? "met" : "not-met",
                           e(*row.met ? w.met : w.not_met));
    out += fmt::format(
        "<tr data-figure=\"{}\"><td>{}</td><td class=\"number\">{}</td><td>{}</td><td>{}</td>"
        "</tr>\n",
        e(row.key), e(w.figures.at(row.key)), e(row.value), e(row.target), status);
  }
  out += "</tbody>\n</table>\n";

  out += fmt::format("<h2>{}</h2>\n", e(w.charts));
  for (const auto& svg : {acquisitions_chart(r, w), handover_chart(r, w), stockout_chart(r, w)})
    out += "<figure>\n" + svg + "</figure>\n";

  out += fmt::format("<h2>{}</h2>\n", e(w.stockouts));
  if (r.stockouts.empty()) {
    out += fmt::format("<p>{}</p>\n", e(w.none));
  } else {
    out += fmt::format(
        "<table class=\"stockouts\">\n<thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n"
        "<tbody>\n",
        e(w.item), e(w.location), e(w.days));
    for (const auto& s : r.stockouts)
      out += fmt::format("<tr><td>{}</td><td>{}</td><td class=\"number\">{}</td></tr>\n", e(s.sku),
                         e(s.location.empty() ? std::string(w.site_wide) : s.location), s.days);
    out += "</tbody>\n</table>\n";
  }
  return out + "</body>\n</html>\n";
}

}  // namespace rfinv::cli
