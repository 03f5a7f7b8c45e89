// The lots a stock hand-over carries from the giving department's ledger to the receiving
// one's (API.md, `handover` data `lots`; REQUEST.lots): what the giver's issue takes, first
// expiry first out, and so what the receiver's receipt adds. Old nodes send none: a hand-over
// without lots is valid, and its receiver books it without lots (an untracked item).
//
// Threading: stateless.
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"

namespace rfinv::sync {

struct HandoverLot {
  std::string lot;                    // the lot code, as the giver's ledger names it
  std::optional<std::string> expiry;  // YYYY-MM-DD, when the lot has one
  std::int64_t qty = 0;               // > 0
};

// The most lots one hand-over may name (a hand-over spans few lots; this bounds the hub's work).
inline constexpr std::size_t kMaxHandoverLots = 100;

// Reads field "lots" of `data` (a pushed handover's data, or a REQUEST snapshot): absent or
// null is no lots. invalid_argument naming the field (`lots[1].expiry`) for anything else
// than an array of at most kMaxHandoverLots objects {"lot", "expiry" (optional), "qty"} with
// a non-empty lot code (each lot once), a real date YYYY-MM-DD, a quantity of 1..10^9, and
// quantities that add up to `qty`, the hand-over's.
Result<std::vector<HandoverLot>> parse_handover_lots(const boost::json::object& data,
                                                     std::int64_t qty);

// The wire form parse_handover_lots reads.
boost::json::array to_json(const std::vector<HandoverLot>& lots);

}  // namespace rfinv::sync
