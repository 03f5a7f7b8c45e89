// Whether the hub refused one event this node pushed, or accepted it but this node could not
// apply it, and why: the one place that reads a sync round's rejections and failures for a
// particular outbox sequence number.
//
// Threading: a pure function.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "sync/node/node.h"

namespace rfinv::service {

// "hub refused seq 7 (publish): asset ...", "the hub took seq 7 (receive) as event 30, but
// it could not be applied here: ...", or nothing when the round did neither.
std::optional<std::string> refusal_for(const sync::RoundCounts& round, std::int64_t seq);

}  // namespace rfinv::service
