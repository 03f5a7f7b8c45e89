// Stock set aside at a location under a key (a pool offer's "pool:O-OPS-1a2b"): it stays on
// hand, but an issue or transfer may take only the free stock (on hand minus every hold
// there), unless it names the hold (MovementRequest::hold), which it then draws down. A
// negative adjustment records what a count found and is not limited by holds.
//
// Threading: like Store; the functions that take a Transaction run inside the caller's.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "base/result.h"
#include "inventory/store/store.h"
#include "sql/database.h"

namespace rfinv::inventory {

// Holds `qty` units of `sku` at `location` under `key`. not_found for an unknown SKU or
// location, conflict when the key is taken, refused when more than the free stock there
// (the message says how much is free).
Status place_hold(sql::Transaction& tx, const std::string& key, const std::string& sku,
                  const std::string& location, std::int64_t qty);
// Drops what is left of hold `key`; nothing when there is none.
void release_hold(sql::Transaction& tx, const std::string& key);

// Units of `sku` at `location` an issue may take: on hand minus every hold there, plus what
// is left of hold `usable` when given (its own units are available to it). not_found for an
// unknown SKU or location.
Result<std::int64_t> available_stock(Store& store, const std::string& sku,
                                     const std::string& location,
                                     const std::optional<std::string>& usable);

}  // namespace rfinv::inventory
