// `rfinv reader test`: plays one configured reader on its own io_context until it stops by
// itself, the time given runs out, or SIGINT/SIGTERM; reports each read and state change as
// it comes and records the reader's states for `reader list`. Returns what it saw.
//
// Nothing here prints: reads, states and problems go to a ReaderTestObserver.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "base/clock.h"
#include "base/result.h"
#include "drivers/reader.h"
#include "service/node.h"

namespace rfinv::service {

// What a reader test has seen, for the closing summary.
struct ReadStats {
  struct PerAntenna {
    std::uint64_t reads = 0;
    std::set<std::string> tags;
  };
  std::map<std::uint16_t, PerAntenna> antennas;
  std::set<std::string> tags;
  std::uint64_t reads = 0;
  std::optional<Micros> first, last;
  // Whether the reader reported `online` at least once; if not, why it last went down.
  bool came_online = false;
  std::string last_reason;

  void add(const drivers::TagRead& read, const std::string& epc);
  // Seconds between the first and the last read's own timestamps: the reader's clock (for
  // the simulator, scenario time), so the rate does not depend on playback speed.
  double seconds() const { return first ? double(*last - *first) / 1e6 : 0; }
  std::optional<double> rate() const;
};

// Every call comes from the thread that called test_reader(), in the order things happened.
class ReaderTestObserver {
 public:
  virtual ~ReaderTestObserver() = default;
  // `epc` is the read's EPC in upper-case hex.
  virtual void on_read(const drivers::TagRead& read, const std::string& epc) = 0;
  virtual void on_state(const drivers::StateChange& change) = 0;
  // Something went wrong beside the reads: a state not recorded, a reader that would not
  // stop or was abandoned. The test goes on.
  virtual void on_problem(const std::string& text) = 0;
};

// REQUIRES: `run_for`, when given, is positive. Fails (not_found) for an unknown reader, or
// when its backend cannot be opened. A reader that never came online is not a failure
// here: the stats say so (came_online), for the caller to report after the summary.
Result<ReadStats> test_reader(Node& node, const std::string& name,
                              std::optional<std::chrono::microseconds> run_for,
                              ReaderTestObserver& observer);

}  // namespace rfinv::service
