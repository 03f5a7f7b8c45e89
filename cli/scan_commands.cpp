// rfinv scan TEXT: what a GS1 barcode means (each AI with its title) and what it names here.
#include <fmt/format.h>

#include <cctype>
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "cli/output.h"
#include "epc/gs1_ai.h"
#include "service/node.h"

namespace rfinv::cli {
namespace {

std::string_view syntax_name(epc::Gs1Syntax s) {
  switch (s) {
    case epc::Gs1Syntax::bracketed:
      return "element string";
    case epc::Gs1Syntax::raw:
      return "raw";
    case epc::Gs1Syntax::digital_link:
      return "digital link";
  }
  return "";
}

// A line from a scanner in keyboard mode: the GS separators stay, the line end goes.
std::string_view strip_line(std::string_view s) {
  while (!s.empty() && (s.back() == '\r' || s.back() == '\n' || s.back() == ' '))
    s.remove_suffix(1);
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  return s;
}

// Scanner data safe for a terminal: each GS shown as <GS>, any other control character or
// non-ASCII byte as '?'.
std::string shown_raw(const std::string& raw) {
  std::string out;
  for (char c : raw) {
    auto u = static_cast<unsigned char>(c);
    if (c == '\x1d')
      out += "<GS>";
    else
      out.push_back(u < 0x20 || u >= 0x7f ? '?' : c);
  }
  return out;
}

boost::json::value opt(const std::optional<std::string>& v) {
  return v ? boost::json::value(*v) : boost::json::value(nullptr);
}
boost::json::value opt_date(const std::optional<std::chrono::year_month_day>& d) {
  return d ? boost::json::value(epc::iso_date(*d)) : boost::json::value(nullptr);
}

boost::json::object scan_json(const std::string& input, const service::ScanMatch& m) {
  const epc::Gs1Data& d = m.scan.data;
  boost::json::array elements;
  for (const epc::AiElement& e : d.elements) {
    const epc::AiSpec* spec = epc::find_ai(e.ai);
    boost::json::object o{{"ai", e.ai}, {"title", std::string(spec->title)}, {"value", e.value}};
    if (spec->date == epc::AiDate::yymmd0 || spec->date == epc::AiDate::yymmdd) {
      auto today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
      o["date"] = epc::iso_date(epc::ai_date(e.value, std::chrono::year_month_day{today}));
    }
    elements.push_back(std::move(o));
  }
  auto dl = epc::to_digital_link(d);
  boost::json::object o{
      {"input", input},
      {"syntax", std::string(syntax_name(m.scan.syntax))},
      {"symbology", m.scan.symbology.empty() ? boost::json::value(nullptr)
                                             : boost::json::value(m.scan.symbology)},
      {"element_string", epc::to_bracketed(d)},
      {"raw", epc::to_raw(d)},
      {"digital_link", dl ? boost::json::value(*dl) : boost::json::value(nullptr)},
      {"elements", std::move(elements)},
      {"gtin", opt(d.gtin)},
      {"sscc", opt(d.sscc)},
      {"lot", opt(d.lot)},
      {"serial", opt(d.serial)},
      {"expiry", opt_date(d.expiry)},
      {"best_before", opt_date(d.best_before)},
      {"giai", opt(d.giai)},
      {"grai", opt(d.grai)},
      {"count", d.count ? boost::json::value(*d.count) : boost::json::value(nullptr)},
  };
  o["item"] = m.item ? boost::json::value(
                           boost::json::object{{"sku", m.item->sku}, {"name", m.item->fields.name}})
                     : boost::json::value(nullptr);
  o["asset"] = m.asset ? boost::json::value(boost::json::object{
                             {"code", m.asset->code},
                             {"dept", m.asset->dept},
                             {"status", std::string(inventory::to_string(m.asset->status))},
                             {"location", opt(m.asset->location)}})
                       : boost::json::value(nullptr);
  boost::json::array misses;
  for (const std::string& miss : m.misses) misses.push_back(boost::json::value(miss));
  o["misses"] = std::move(misses);
  return o;
}

void print_scan(const boost::json::object& o) {
  auto text = [&](const char* key) { return std::string(o.at(key).as_string().c_str()); };
  fmt::print("{}\n", text("element_string"));
  std::string how = text("syntax");
  if (o.at("symbology").is_string()) how += fmt::format(" ({})", text("symbology"));
  fmt::print("  {:<28}{}\n", "read as", how);
  for (const auto& v : o.at("elements").as_array()) {
    const auto& e = v.as_object();
    std::string value(e.at("value").as_string().c_str());
    if (e.contains("date")) value = fmt::format("{} ({})", e.at("date").as_string().c_str(), value);
    fmt::print(
        "  {:<28}{}\n",
        fmt::format("({}) {}", e.at("ai").as_string().c_str(), e.at("title").as_string().c_str()),
        value);
  }
  fmt::print("  {:<28}{}\n", "raw", shown_raw(text("raw")));
  if (o.at("digital_link").is_string())
    fmt::print("  {:<28}{}\n", "digital link", text("digital_link"));
  if (o.at("item").is_object()) {
    const auto& item = o.at("item").as_object();
    fmt::print("  {:<28}{} ({})\n", "item", item.at("sku").as_string().c_str(),
               item.at("name").as_string().c_str());
  }
  if (o.at("lot").is_string()) fmt::print("  {:<28}{}\n", "lot", text("lot"));
  if (o.at("expiry").is_string()) fmt::print("  {:<28}{}\n", "expiry", text("expiry"));
  if (o.at("asset").is_object()) {
    const auto& a = o.at("asset").as_object();
    fmt::print("  {:<28}{} (dept {}, {})\n", "asset", a.at("code").as_string().c_str(),
               a.at("dept").as_string().c_str(), a.at("status").as_string().c_str());
  }
  for (const auto& miss : o.at("misses").as_array()) fmt::print("  {}\n", miss.as_string().c_str());
}

}  // namespace

void add_scan_commands(CLI::App& app, Context& ctx) {
  auto text = std::make_shared<std::optional<std::string>>();
  auto* cmd = app.add_subcommand(
      "scan",
      "what a GS1 barcode means and which item, lot, expiry or asset it names: an element string "
      "\"(01)...(10)...\", raw scanner data (with ]d2, ]C1, ...) or a GS1 Digital Link URI; "
      "without TEXT, one barcode per line of standard input (raw data with GS separators)");
  cmd->add_option("TEXT", *text, "the barcode's text");
  on_run(cmd, ctx, [&ctx, text] {
    std::vector<std::string> inputs;
    if (*text) {
      inputs.push_back(**text);
    } else {
      std::string line;
      while (std::getline(std::cin, line))
        if (!strip_line(line).empty()) inputs.emplace_back(strip_line(line));
      if (inputs.empty())
        fail_input("no barcode given: pass TEXT or one per line on standard input");
    }
    int failed = 0;
    for (const std::string& input : inputs) {
      auto m = ctx.node_to_read().resolve_scan(input);
      if (!m) {
        if (inputs.size() == 1) fail(m.error());
        ++failed;
        if (ctx.json)
          print_json({{"input", shown_raw(input)}, {"error", m.error().message}});
        else
          fmt::print("{}\n  error: {}\n", shown_raw(input), m.error().message);
        continue;
      }
      boost::json::object o = scan_json(input, *m);
      if (ctx.json)
        print_json(o);
      else
        print_scan(o);
    }
    if (failed > 0)
      throw CliError(2,
                     fmt::format("{} barcode{} could not be read", failed, failed == 1 ? "" : "s"));
  });
}

}  // namespace rfinv::cli
