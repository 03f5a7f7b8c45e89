// Private to inventory/: a movement applied inside the caller's transaction, for callers that
// write more in the same transaction (the read pipeline's units and business events, cycle
// count adjustments). Same rules and results as post_movement().
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "inventory/ledger/ledger.h"
#include "sql/database.h"

namespace rfinv::inventory {

class PendingTotals;

// `lots`, for a lot- or expiry-tracked item, makes the movement take (or add) exactly these
// lots instead of the named lot or first expiry first out (a reversal repeats its movement's).
// A movement that fails writes nothing, so the caller's transaction may go on without it
// (post_movements() keeps no savepoint per movement).
// With `pending`, the totals of an item that tracks no lots and has no location levels (its
// stock rows and its on hand and on order) are kept there and written by pending->flush(),
// which the caller runs before it commits; see internal/pending_totals.h.
Result<PostedMovement> apply_movement(sql::Transaction& tx, const MovementRequest& request,
                                      const std::vector<LotQty>* lots = nullptr,
                                      PendingTotals* pending = nullptr);

// A movement row (aliased m, its locations f and t) as people name it: kind, qty, from, to.
// A disposal, stored as a negative adjustment, reads as kind "dispose", a positive quantity
// from its location.
inline constexpr std::string_view kMovementAsNamed =
    "CASE WHEN m.disposal THEN 'dispose' ELSE m.kind END, "
    "CASE WHEN m.disposal THEN -m.qty ELSE m.qty END, "
    "CASE WHEN m.disposal THEN t.code ELSE f.code END, "
    "CASE WHEN m.disposal THEN NULL ELSE t.code END";

// The one availability rule (holds.h), by ids: the item's free stock at the location, with
// what is left of hold `usable` counted as free; with `today` (YYYY-MM-DD), only its lots that
// are neither expired on that day nor held (`lot hold`) count, else every lot does.
std::int64_t available_at(sql::Database& db, std::int64_t item_id, std::int64_t location_id,
                          const std::optional<std::string>& usable,
                          const std::optional<std::string>& today = std::nullopt);
// The same figure before it is floored at 0: it is negative where holds keep more than is left
// (an adjustment records what a count found, held or not).
std::int64_t free_stock_at(sql::Database& db, std::int64_t item_id, std::int64_t location_id,
                           const std::optional<std::string>& usable,
                           const std::optional<std::string>& today = std::nullopt);
// That rule as an SQL expression over the SQL expressions given (columns or parameters), for a
// statement that reads it with more; like free_stock_at(), it may be negative.
std::string free_stock_sql(std::string_view item, std::string_view location,
                           std::string_view usable, std::string_view today);

// A lot of an item at a location, with what holds on that lot keep of it.
struct LotAt {
  std::int64_t lot_id = 0;
  std::string code;
  std::optional<std::string> expiry;
  std::optional<std::string> held_reason;  // held by `lot hold` (quarantine) while set
  bool quarantined = false;
  std::int64_t qty = 0;   // on hand there, > 0
  std::int64_t held = 0;  // kept by the holds on this lot there, but hold `usable`; <= qty
  std::int64_t free() const { return qty - held; }
};
// The item's lots on hand at the location, first expiry first out (lots without an expiry after
// those with one), then the lot received first. Empty for an item tracked by neither.
std::vector<LotAt> lots_at(sql::Database& db, std::int64_t item_id, std::int64_t location_id,
                           const std::optional<std::string>& usable);
// The lot hold `key` keeps units of; nullopt when there is no such hold or it names no lot.
std::optional<std::int64_t> hold_lot(sql::Database& db, const std::string& key);
// Draws `qty` from hold `key` after a movement that named it took its units.
void draw_hold(sql::Database& db, const std::string& key, std::int64_t qty);

}  // namespace rfinv::inventory
