// Capped exponential backoff: how long to wait after a failure before trying again.
#pragma once

#include <chrono>
#include <cstdint>

namespace rfinv {

// The first failure in a row waits `min`, each further one twice as long as the one before,
// never more than `max`; a success starts again from `min`. A plain value: copy it, keep one per
// connection or job, and guard it like any other member (it has no lock of its own).
class Backoff {
 public:
  using Duration = std::chrono::milliseconds;

  // REQUIRES: 0 <= min. A `max` below `min` caps every delay at `max`.
  Backoff(Duration min, Duration max) : min_(min), max_(max) {}

  // The wait after the `failures`-th failure in a row (1 for the first; 0 is taken as 1).
  // Stateless, for callers that keep the failure count themselves (in a database, say).
  Duration delay(std::int64_t failures) const;

  // Counts one more failure and returns the wait before the next attempt.
  Duration fail() { return delay(++failures_); }
  // After a success: the next failure waits `min` again.
  void reset() { failures_ = 0; }
  // Failures since the last reset.
  std::int64_t failures() const { return failures_; }

 private:
  Duration min_;
  Duration max_;
  std::int64_t failures_ = 0;
};

}  // namespace rfinv
