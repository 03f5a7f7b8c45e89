// rfinv scan TEXT: what a GS1 barcode means (each AI with its title) and what it names here.
#include <fmt/format.h>

#include <cctype>
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "cli/output.h"
#include "service/node.h"
#include "webapp/views.h"

namespace rfinv::cli {
namespace {

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
      boost::json::object o = webapp::scan_json(input, *m);
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
