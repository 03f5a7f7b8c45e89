#include "service/refusal.h"

#include <fmt/format.h>

namespace rfinv::service {

std::optional<std::string> refusal_for(const sync::RoundCounts& round, std::int64_t seq) {
  // Rejections are text for now, each starting with its sequence number.
  const std::string prefix = fmt::format("seq {} ", seq);
  for (const auto& r : round.rejections)
    if (r.starts_with(prefix)) return r;
  return std::nullopt;
}

}  // namespace rfinv::service
