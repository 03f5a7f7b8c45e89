#include "cli/run_printer.h"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <cstdio>

#include "cli/context.h"
#include "cli/views.h"

namespace rfinv::cli {

void RunPrinter::on_event(const inventory::BusinessEvent& event) {
  if (show_ && !show_(event)) return;
  print_business_event(event, json_);
  std::fflush(stdout);
}

void RunPrinter::on_note(const std::string& text) {
  if (json_)
    fmt::print("{}\n", boost::json::serialize(boost::json::object{{"note", text}}));
  else
    fmt::print("# {}\n", text);
  std::fflush(stdout);
}

void run_node(service::Node& node, const service::RunOptions& options, RunPrinter& printer) {
  need(service::run(node, options, printer));
}

}  // namespace rfinv::cli
