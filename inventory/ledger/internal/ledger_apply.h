// Private to inventory/: a movement applied inside the caller's transaction, for callers that
// write more in the same transaction (the read pipeline's units and business events, cycle
// count adjustments). Same rules and results as post_movement().
#pragma once

#include <string_view>
#include <vector>

#include "inventory/ledger/ledger.h"
#include "sql/database.h"

namespace rfinv::inventory {

// `lots`, for a lot- or expiry-tracked item, makes the movement take (or add) exactly these
// lots instead of the named lot or first expiry first out (a reversal repeats its movement's).
// A movement that fails writes nothing, so the caller's transaction may go on without it
// (post_movements() keeps no savepoint per movement).
Result<PostedMovement> apply_movement(sql::Transaction& tx, const MovementRequest& request,
                                      const std::vector<LotQty>* lots = nullptr);

// A movement row (aliased m, its locations f and t) as people name it: kind, qty, from, to.
// A disposal, stored as a negative adjustment, reads as kind "dispose", a positive quantity
// from its location.
inline constexpr std::string_view kMovementAsNamed =
    "CASE WHEN m.disposal THEN 'dispose' ELSE m.kind END, "
    "CASE WHEN m.disposal THEN -m.qty ELSE m.qty END, "
    "CASE WHEN m.disposal THEN t.code ELSE f.code END, "
    "CASE WHEN m.disposal THEN NULL ELSE t.code END";

// The one availability rule (holds.h), by ids: on hand at the location minus its holds, plus
// what is left of hold `usable`; with `today` (YYYY-MM-DD), less its lots that are expired on
// that day or held.
std::int64_t available_at(sql::Database& db, std::int64_t item_id, std::int64_t location_id,
                          const std::optional<std::string>& usable,
                          const std::optional<std::string>& today = std::nullopt);
// Draws `qty` from hold `key` after a movement that named it took its units.
void draw_hold(sql::Database& db, const std::string& key, std::int64_t qty);

}  // namespace rfinv::inventory
