// Stock set aside at a location under a key (a pool offer's "pool:O-OPS-1a2b", a requisition's
// pick "requisition:3:SYR:A123"): it stays on hand, but an issue or transfer may take only the
// free stock, unless it names the hold (MovementRequest::hold), which it then draws down. A
// negative adjustment records what a count found and is not limited by holds.
//
// A hold may name a lot of a lot- or expiry-tracked item: it keeps units of that lot, and an
// issue, first expiry first out or by --lot, takes only the lot's unheld units. A hold without a
// lot (a pool offer, an item not tracked by lot, any hold placed before schema version 14) keeps
// units of the item's free stock at the location, whatever their lot. So the free stock of a lot
// is its stock there less the holds on it (never below 0), and the free stock of the item there
// is the sum over its usable lots (not expired, not held by `lot hold`) less the holds without a
// lot (never below 0).
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

// Holds `qty` units of `sku` at `location` under `key`; with `lot`, units of that lot. not_found
// for an unknown SKU, location or lot, invalid_argument for a lot of an item that tracks neither
// lots nor expiry, conflict when the key is taken, refused when more than is free there (the
// message says how much is free).
Status place_hold(sql::Transaction& tx, const std::string& key, const std::string& sku,
                  const std::string& location, std::int64_t qty,
                  const std::optional<std::string>& lot = std::nullopt);
// Drops what is left of hold `key`; nothing when there is none.
void release_hold(sql::Transaction& tx, const std::string& key);

// Units of `sku` at `location` an issue may take today: the free stock, plus what is left of
// hold `usable` when given (its own units are available to it). not_found for an unknown SKU or
// location.
Result<std::int64_t> available_stock(Store& store, const std::string& sku,
                                     const std::string& location,
                                     const std::optional<std::string>& usable);

}  // namespace rfinv::inventory
