// Lots of lot- or expiry-tracked items (the movements themselves are ledger.h's): the expiry
// date rule, holding and releasing a lot (quarantine), and listing lots with their stock.
//
// A lot is expired from the day after its expiry date (a lot expiring 2027-01-31 may still be
// issued on that day), by the UTC date. A held lot stays on hand but cannot be issued or
// transferred, except to a quarantine location, until it is released.
//
// Threading: like Store; each function is one transaction on the Store's connection.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "inventory/ledger/ledger.h"
#include "inventory/store/store.h"

namespace rfinv::inventory {

// "YYYY-MM-DD", the UTC date of `at`.
std::string utc_date(Micros at);
// invalid_argument naming `field` unless `text` is a real date written YYYY-MM-DD.
Status check_date(std::string_view field, const std::string& text);
// Whether a lot with this expiry is expired on the UTC date of `at`.
bool is_expired(const std::optional<std::string>& expiry, Micros at);

// Gives `r` what a tag or a barcode carries for a movement of its item, where the item tracks
// it: the lot on every kind of movement, the expiry on a receipt (an expiry-only item's lot is
// named by its expiry date). What the item does not track is left out, not refused: a label
// or tag carries its lot whatever the catalog says.
void add_carried_lot(bool lot_tracked, bool expiry_tracked, const std::optional<std::string>& lot,
                     const std::optional<std::string>& expiry, MovementRequest& r);

struct LotInfo {
  std::string sku;
  std::string lot;
  std::optional<std::string> expiry;
  bool expired = false;
  std::optional<std::string> held_reason, held_by;
  std::optional<Micros> held_at;
  std::int64_t on_hand = 0;               // all locations
  std::int64_t expiry_horizon_days = 30;  // the item's
};

// What a hold or release did: `changed` is false when the lot already was in that state
// (holding a held lot again with the same reason, releasing one that is not held), which
// changes nothing, so a retry is harmless.
struct LotHoldChange {
  LotInfo lot;
  bool changed = false;
};

// Holds a lot. not_found for an unknown SKU or lot, invalid_argument without a reason,
// conflict when it is already held for another reason (the message names it).
Result<LotHoldChange> hold_lot(Store& store, const std::string& sku, const std::string& lot,
                               const std::string& reason, const std::string& actor);
// Releases a held lot. not_found for an unknown SKU or lot.
Result<LotHoldChange> release_lot(Store& store, const std::string& sku, const std::string& lot);

// The lots of one item (or of every item), by SKU, then expiry (earliest first), then the lot
// received first; `at` decides which are expired. not_found for an unknown SKU.
Result<std::vector<LotInfo>> list_lots(Store& store, const std::optional<std::string>& sku,
                                       Micros at);

}  // namespace rfinv::inventory
