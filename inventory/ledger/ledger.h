// The movement ledger: receive, issue, transfer, adjust. Append-only.
//
// post_movement() is one IMMEDIATE transaction: the movement row, the stock rows it changes,
// the item's on-hand total, purchase orders a receipt fills, and alert changes all commit
// together or not at all. A movement with an idempotency key that was already used is a
// no-op that returns the original movement (replayed = true), so a retry, a crash between
// commit and reply, or a reader replaying a report never counts a unit twice. A retry must
// repeat the movement exactly (kind, SKU, quantity, locations, reason); a key reused for
// different content is a conflict naming the original movement, never a silent replay.
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

enum class MovementKind { receive, issue, transfer, adjust };
std::string_view to_string(MovementKind kind);

struct MovementRequest {
  MovementKind kind = MovementKind::receive;
  std::string sku;
  std::int64_t qty = 0;             // > 0; adjust: non-zero, negative removes stock
  std::optional<std::string> from;  // issue, transfer: location code
  std::optional<std::string> to;    // receive, transfer, adjust: location code
  std::string actor;
  std::optional<std::string> reason;  // required for adjust
  std::optional<std::string> key;     // idempotency key
  std::optional<std::string> hold;    // issue, transfer: takes these held units (holds.h)
  std::optional<Micros> at;           // Default: now
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
};

// Fails (writing nothing) with not_found for an unknown SKU or location, invalid_argument for
// a bad quantity (zero, or more than kMaxQuantity units) or missing field, conflict for a key
// used by a different movement, refused when an issue, transfer or negative adjustment asks
// for more than is on hand at the location (the message says how much is available) or when a
// total it changes would pass kMaxTotal (inventory/catalog/validate.h).
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
};

struct StockFilter {
  std::optional<std::string> sku;
  std::optional<std::string> location;  // this location and everything below it
  bool low = false;                     // only items with an open alert
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
};

// Newest first. Fails with not_found for an unknown SKU.
Result<std::vector<MovementRecord>> movement_history(Store& store, const std::string& sku,
                                                     std::size_t limit);

}  // namespace rfinv::inventory
