#include "base/backoff.h"

#include <algorithm>

namespace rfinv {

Backoff::Duration Backoff::delay(std::int64_t failures) const {
  if (min_.count() == 0) return min_;
  const std::int64_t doublings = std::max<std::int64_t>(failures, 1) - 1;
  // Shifting `max` right instead of `min` left cannot overflow: min * 2^n <= max exactly when
  // min <= max / 2^n.
  if (doublings >= 62 || min_.count() > (max_.count() >> doublings)) return max_;
  return Duration(min_.count() << doublings);
}

}  // namespace rfinv
