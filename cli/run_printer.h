// Prints what the running node reports: one line per business event and "# note" lines
// (with --json, one JSON object per line for each), flushed as they come so a reader of
// the output sees each event once its batch committed.
#pragma once

#include <functional>

#include "service/run.h"

namespace rfinv::cli {

class RunPrinter : public service::RunObserver {
 public:
  // `show` picks the events worth a line (default: every one).
  explicit RunPrinter(bool json,
                      std::function<bool(const inventory::BusinessEvent&)> show = nullptr)
      : json_(json), show_(std::move(show)) {}

  void on_event(const inventory::BusinessEvent& event) override;
  void on_note(const std::string& text) override;

 private:
  bool json_;
  std::function<bool(const inventory::BusinessEvent&)> show_;
};

// Runs the node with `printer` until it stops; a setup failure fails the command.
void run_node(service::Node& node, const service::RunOptions& options, RunPrinter& printer);

}  // namespace rfinv::cli
