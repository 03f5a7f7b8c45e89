// Continuous sync for `rfinv run`: a round every `interval` while the hub answers, and
// capped exponential backoff (with jitter) while it does not.
//
// Threading: start() and stop() are called from the host's thread. The timer runs on the
// host io_context; each round runs on a private worker thread with this object's own
// Store connection (WAL lets it work beside the host's connection), so a slow hub never
// blocks the host's handlers. stop() waits for a round in progress and is idempotent; the
// destructor calls it.
#pragma once

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <memory>
#include <string>

#include "base/result.h"
#include "sync/node/node.h"

namespace rfinv::sync {

struct ContinuousOptions {
  std::chrono::milliseconds interval{5000};
  std::chrono::milliseconds min_backoff{1000};
  std::chrono::milliseconds max_backoff{300000};
};

struct ContinuousState {
  std::int64_t rounds = 0;
  std::int64_t failures_in_a_row = 0;
  std::string last_error;  // empty after a good round
  RoundCounts last;
};

class ContinuousSync {
 public:
  // Opens its own Store on `db_path`; fails if the node has not joined a hub.
  static Result<std::unique_ptr<ContinuousSync>> create(const std::string& db_path,
                                                        ContinuousOptions options = {});
  ~ContinuousSync();
  ContinuousSync(const ContinuousSync&) = delete;
  ContinuousSync& operator=(const ContinuousSync&) = delete;

  void start(boost::asio::io_context& ioc);
  void stop();
  ContinuousState state() const;

  // The delay before the next round after `failures` failed rounds in a row.
  static std::chrono::milliseconds backoff(const ContinuousOptions& options, std::int64_t failures);

 private:
  struct Shared;
  explicit ContinuousSync(std::shared_ptr<Shared> shared);
  std::shared_ptr<Shared> shared_;
};

}  // namespace rfinv::sync
