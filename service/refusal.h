// Whether the hub refused one event this node pushed, and why: the one place that reads a
// sync round's rejections for a particular outbox sequence number.
//
// Threading: a pure function.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "sync/node/node.h"

namespace rfinv::service {

// The hub's refusal of outbox event `seq` in `round` ("seq 7 (publish): asset ... "), or
// nothing when the round did not refuse it.
std::optional<std::string> refusal_for(const sync::RoundCounts& round, std::int64_t seq);

}  // namespace rfinv::service
