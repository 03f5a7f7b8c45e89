// The running node (`rfinv run`): loads the configured readers and read points, runs every
// reader on one io_context, feeds their reads through the pipeline into the ledger, reports
// each business event after its transaction committed, and delivers alert notices on a
// thread of its own so a slow alert command never holds up reads. SIGINT/SIGTERM stop the
// readers cleanly; a restart resumes where the ledger stands. A node that joined a pool hub
// syncs with it continuously, and an asset its dock readers see may complete a hand-over or
// end a loan. Every ten minutes unmoved assets become idle (and, if so configured, pooled)
// and overdue loans raise their alerts. Once a week (checked at start and hourly) the demand
// plans are refreshed, and applied when plan.auto_apply is on.
//
// Nothing here prints: business events and status notes go to a RunObserver.
#pragma once

#include <string>
#include <vector>

#include "base/result.h"
#include "inventory/pipeline/pipeline.h"
#include "service/node.h"

namespace rfinv::service {

// What the running node reports. Every call comes from the thread that called run(), in
// the order things happened.
class RunObserver {
 public:
  virtual ~RunObserver() = default;
  // One business event, after the batch that produced it committed.
  virtual void on_event(const inventory::BusinessEvent& event) = 0;
  // One status line: a reader's state, pool sync, the idle scan, a batch waiting for the
  // database, the closing counts ("stopped: 12 reads, ...").
  virtual void on_note(const std::string& text) = 0;
  // A reader's new state ("online", "lost", ...), also reported as a note. Default: ignored.
  virtual void on_reader_state(const std::string& /*reader*/, const std::string& /*state*/,
                               const std::string& /*reason*/) {}
};

struct RunOptions {
  bool until_idle = false;  // return once every reader has stopped (simulators that finish)
  std::vector<std::string> only_readers;  // run just these readers (default: all configured)
  // Keep running with no reader configured or started (the web app is serving) until a signal.
  bool without_readers = false;
};

// Runs until a signal (or, with until_idle, until all readers stopped). Fails before
// starting when SQLite's quick check finds the database damaged (corrupt), or when no reader
// is configured or none can be started (invalid_argument), unless
// `without_readers`.
// Every presence change a reader caused is written before run() returns: a batch the
// database refused (locked past its busy timeout, full) is kept and retried, the wait is
// reported as notes, and while more than a bounded number of changes wait the readers are
// held (back-pressure; see run.cpp).
Status run(Node& node, const RunOptions& options, RunObserver& observer);

}  // namespace rfinv::service
