// The movement ledger: receive, issue, transfer, adjust. Append-only.
//
// post_movement() is one IMMEDIATE transaction: the movement row, the stock rows it changes,
// the item's on-hand total, purchase orders a receipt fills, and alert changes all commit
// together or not at all. A movement with an idempotency key that was already used is a
// no-op that returns the original movement (replayed = true), so a retry, a crash between
// commit and reply, or a reader replaying a report never counts a unit twice. A retry must
// repeat the movement exactly (kind, SKU, quantity, locations, reason); a key reused for
// different content is a conflict naming the original movement, never a silent replay.
//
// Lots (inventory/ledger/lots.h): an item may be lot-tracked and/or expiry-tracked. A receipt
// of such an item names its lot and/or expiry; stock is kept per item, location and lot
// (stock(item, location) stays the total). An issue, transfer or disposal without a lot takes
// lots first-expiry-first-out (then the lot received first); it may span lots, and
// PostedMovement::lots says which. Expired lots (past their expiry date on the movement's
// day) and held lots are not available: issue and transfer refuse them, except a transfer to a
// quarantine location, and a disposal takes them out.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "inventory/store/store.h"

namespace rfinv::inventory {

// dispose: units taken out of a location (expired, held, damaged); not demand. Stored as a
// negative adjustment marked as a disposal, reported as kind "dispose".
enum class MovementKind { receive, issue, transfer, adjust, dispose };
std::string_view to_string(MovementKind kind);

struct MovementRequest {
  MovementKind kind = MovementKind::receive;
  std::string sku;
  std::int64_t qty = 0;             // > 0; adjust: non-zero, negative removes stock
  std::optional<std::string> from;  // issue, transfer, dispose: location code
  std::optional<std::string> to;    // receive, transfer, adjust: location code
  std::string actor;
  std::optional<std::string> reason;  // required for adjust
  std::optional<std::string> key;     // idempotency key
  std::optional<std::string> hold;    // issue, transfer: takes these held units (holds.h)
  std::optional<Micros> at;           // Default: now
  // receive: the lot received (required for a lot-tracked item, refused for another); issue,
  // transfer, dispose, adjust: take (or add) only this lot.
  std::optional<std::string> lot;
  // receive: the lot's expiry, YYYY-MM-DD (required for an expiry-tracked item; refused for an
  // item that tracks neither lots nor expiry). In the past only with allow_expired.
  std::optional<std::string> expiry;
  bool allow_expired = false;
};

// Units of one lot a movement moved (positive), with the lot's expiry when it has one.
struct LotQty {
  std::string lot;
  std::optional<std::string> expiry;
  std::int64_t qty = 0;
};

// An alert raised, escalated or cleared by a movement or a level change.
struct AlertChange {
  std::int64_t alert_id = 0;
  std::string event;                    // "raise", "escalate", "clear"
  std::string kind;                     // "reorder", "safety", "stockout"
  std::optional<std::string> location;  // empty for the site-wide alert
  std::int64_t on_hand = 0;
  std::int64_t suggested_qty = 0;
  // The scope's position and lines when the change happened, so a clear can say why: a
  // reorder alert clears when on hand + on order is above the reorder point, which an order
  // can do while on hand is still at or below it.
  std::int64_t on_order = 0;
  std::int64_t safety_stock = 0;
  std::int64_t reorder_point = 0;
};

struct PostedMovement {
  std::int64_t id = 0;
  bool replayed = false;  // the key was used before; nothing changed
  std::vector<AlertChange> alerts;
  std::vector<LotQty> lots;  // a tracked item's lots, FEFO order for an issue
};

// Fails (writing nothing) with not_found for an unknown SKU or location, invalid_argument for
// a bad quantity (zero, or more than kMaxQuantity units) or missing field, conflict for a key
// used by a different movement, refused when an issue, transfer or negative adjustment asks
// for more than is on hand at the location (the message says how much is available) or when a
// total it changes would pass kMaxTotal (inventory/catalog/validate.h). Lots: invalid_argument
// for a missing, unexpected or malformed lot or expiry field, or an expiry in the past on a
// receipt without allow_expired; conflict for a known lot received with another expiry;
// not_found for an unknown lot; refused for an expired or held lot an issue or transfer names.
Result<PostedMovement> post_movement(Store& store, const MovementRequest& request);

// Posts many movements in one transaction (the read pipeline's and bulk loads' path). Each
// one succeeds or fails on its own, as if posted alone; the results are in input order.
Result<std::vector<Result<PostedMovement>>> post_movements(
    Store& store, std::span<const MovementRequest> requests);

// Corrects a mistaken movement with its compensating movement, in one transaction: a receipt,
// an issue or an adjustment is undone by an adjustment of the opposite sign at its location, a
// transfer by the transfer back. The compensating movement carries the idempotency key
// "reversal of movement ID" and the reason "reversal of movement ID: REASON", so a movement is
// reversed at most once: reversing it again changes nothing and returns the first reversal
// (replayed = true). Fails with not_found for an unknown movement, invalid_argument without a
// reason, refused when the movement is itself a reversal or when the stock the reversal takes
// back is no longer at the location (the message says how much is). A reversed receipt leaves
// the purchase orders it filled as they are.
struct Reversal {
  PostedMovement posted;  // the compensating movement (replayed: the earlier reversal)
  std::string sku;
  std::string description;  // what it does, e.g. "adjust -5 GLOVE-L at A-01"
};
Result<Reversal> reverse_movement(Store& store, std::int64_t id, const std::string& reason,
                                  const std::string& actor);

struct StockLine {
  std::string sku;
  std::string name;
  std::string unit;
  std::string location;
  std::int64_t qty = 0;
  // StockFilter::lots: the line's lot (none for an untracked item), its expiry and state.
  std::optional<std::string> lot, expiry;
  bool expired = false, held = false;
};

struct StockFilter {
  std::optional<std::string> sku;
  std::optional<std::string> location;  // this location and everything below it
  bool low = false;                     // only items with an open alert
  bool lots = false;                    // one line per lot of a tracked item
};

// Stock per item and location matching `filter`, locations holding none of the item left out.
// not_found for an unknown SKU or location.
Result<std::vector<StockLine>> stock_levels(Store& store, const StockFilter& filter);

struct MovementRecord {
  std::int64_t id = 0;
  std::string kind;
  std::string sku;
  std::int64_t qty = 0;
  std::optional<std::string> from, to;
  std::string actor;
  Micros at = 0;
  std::optional<std::string> reason, key;
  std::vector<LotQty> lots;  // a tracked item's lots
};

// Newest first. Fails with not_found for an unknown SKU.
Result<std::vector<MovementRecord>> movement_history(Store& store, const std::string& sku,
                                                     std::size_t limit);

}  // namespace rfinv::inventory
