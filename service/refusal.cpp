#include "service/refusal.h"

namespace rfinv::service {

std::optional<std::string> refusal_for(const sync::RoundCounts& round, std::int64_t seq) {
  for (const auto& r : round.rejections)
    if (r.seq == seq) return r.describe();
  return std::nullopt;
}

}  // namespace rfinv::service
