// The reader contract: every backend (LLRP, serial, USB HID, simulator) implements Reader,
// and the rest of rfinv reaches backends only through open_reader() with a URI.
//
// Threading: a Reader lives on one boost::asio::io_context and does all its work (I/O,
// timers, handler calls) on that context's thread(s) through its own strand. start() and
// stop() may be called from any thread. Handlers must not block; they receive batches.
// No exception escapes a handler or a public function: failures become state changes.
#pragma once

#include <boost/asio/io_context.hpp>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "base/result.h"
#include "drivers/tag_read.h"

namespace rfinv::drivers {

enum class ReaderState {
  connecting,    // first attempt to reach the reader
  online,        // delivering reads
  lost,          // the connection or device went away; `reason` says why
  reconnecting,  // waiting out a backoff before the next attempt
  stopped,       // stop() completed, or a fatal configuration error; no more handler calls
};

std::string_view to_string(ReaderState state);

struct StateChange {
  ReaderState state;
  std::string reason;  // empty for routine transitions
};

using ReadsHandler = std::function<void(std::span<const TagRead> batch)>;
using StateHandler = std::function<void(const StateChange& change)>;

class Reader {
 public:
  virtual ~Reader() = default;
  // Begins connecting and reading. Handlers are called on the reader's strand until the
  // final `stopped` state has been reported. REQUIRES: called once.
  virtual void start(ReadsHandler on_reads, StateHandler on_state) = 0;
  // Asks the reader to stop: closes the connection cleanly (LLRP: stop the ROSpec and
  // CLOSE_CONNECTION), cancels timers, then reports `stopped`. Safe to call more than once.
  virtual void stop() = 0;
  virtual const std::string& name() const = 0;
};

// Opens a reader from its URI (see drivers/reader_uri.h for the accepted forms).
// Fails with invalid_argument naming the bad part of a malformed URI; an unreachable reader
// is not an error here but a `lost`/`reconnecting` state after start().
Result<std::unique_ptr<Reader>> open_reader(boost::asio::io_context& io, std::string name,
                                            std::string_view uri);

}  // namespace rfinv::drivers
