#include "service/refusal.h"

namespace rfinv::service {

std::optional<std::string> refusal_for(const sync::RoundCounts& round, std::int64_t seq) {
  for (const auto& r : round.rejections)
    if (r.seq == seq) return "hub refused " + r.describe();
  for (const auto& f : round.failures)
    if (f.own_seq == seq)
      return fmt::format(
          "the hub took seq {} ({}) as event {}, but it could not be applied here: {} (see rfinv "
          "pool alerts)",
          seq, f.type, f.event_id, f.message);
  return std::nullopt;
}

}  // namespace rfinv::service
