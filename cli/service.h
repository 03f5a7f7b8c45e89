// `rfinv run`: the read service. Loads the configured readers and read points, runs every
// reader on one io_context, feeds their reads through the pipeline into the ledger, prints
// one line per business event, and delivers alert notices on a thread of its own so a slow
// alert command never holds up reads. SIGINT/SIGTERM stop the readers cleanly; everything a
// batch produced is committed before its events are printed, so a restart resumes where the
// ledger stands. A node that joined a pool hub syncs with it continuously, and an asset its
// dock readers see may complete a hand-over or end a loan.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "inventory/pipeline/pipeline.h"

namespace rfinv::cli {

struct ServiceOptions {
  std::string db_path;
  bool json = false;
  bool until_idle = false;  // exit once every reader has stopped (simulators that finish)
  std::vector<std::string> only_readers;  // run just these readers (default: all configured)
  // Called for each business event after its transaction committed (printing, sync hooks).
  std::function<void(const inventory::BusinessEvent&)> on_event;
};

// Runs until a signal (or, with until_idle, until all readers stopped). Returns the exit code.
int run_service(const ServiceOptions& options);

}  // namespace rfinv::cli
