// Serialized assets (tagged with a GIAI, GRAI or SGTIN): who owns them, who holds them,
// where they are, their status, and their history.
//
// Threading: like Store, every function runs on the Store's thread. Every change is one
// IMMEDIATE transaction that also appends to the asset's history; on failure nothing is
// written. Asset codes are the human ids ("LAPTOP-0042"); EPCs are canonical hex
// (inventory/tags.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "inventory/store/store.h"

namespace rfinv::inventory {

// in_use, idle, pooled (published to the shared pool), reserved (a request won it),
// in_transit (handed over, not yet received), maintenance, retired.
//
// Allowed status changes (anything else is refused, and so is a change to the same status):
//   in_use      -> idle, pooled (published directly), in_transit (handed over without a
//                  pool reservation, e.g. coming back to a node that once owned it),
//                  maintenance, retired
//   idle        -> in_use, pooled, in_transit (as from in_use), maintenance, retired
//   pooled      -> idle (withdrawn), reserved (a request won it)
//   reserved    -> pooled (declined, stays published), idle (declined and withdrawn, or the
//                  request cancelled), in_transit (handed over)
//   in_transit  -> in_use (received), idle (received back and not needed)
//   maintenance -> in_use, idle, retired
//   retired     -> nothing: retired is final, and a retired asset's owner and holder are
//                  frozen too.
// An asset in the pool's hands (pooled, reserved, in_transit) cannot go to maintenance or be
// retired: withdraw it first.
enum class AssetStatus { in_use, idle, pooled, reserved, in_transit, maintenance, retired };
std::string_view to_string(AssetStatus status);
// "in_use", ...; "in-use" and "in use" are accepted too. nullopt for anything else.
std::optional<AssetStatus> parse_asset_status(std::string_view text);
// The table above; false when from == to.
bool asset_transition_allowed(AssetStatus from, AssetStatus to);

struct Asset {
  std::int64_t id = 0;
  std::string code;
  std::optional<std::string> epc;  // canonical hex
  std::optional<std::string> sku;  // what kind of thing it is
  std::string dept;                // owner department code ("" for a bare asset made
                                   // by `rfinv tag assign` and not registered yet)
  std::string holder_dept;         // who has it now (the borrower during a loan)
  AssetStatus status = AssetStatus::in_use;
  std::optional<std::string> location;  // location code
  std::int64_t cost_cents = 0;
  Micros registered_at = 0;
  std::optional<Micros> last_seen_at;
  std::optional<std::string> last_seen_location;
  Micros last_moved_at = 0;  // last change of location, owner, holder or status
};

struct NewAsset {
  std::string code;
  std::string epc;  // hex or EPC URI; must decode or be raw hex; must not be another asset's
  std::optional<std::string> sku;  // for an SGTIN of a catalogued GTIN: default that item
  std::string dept;
  std::optional<std::string> location;
  std::int64_t cost_cents = 0;
};

struct AssetEvent {
  std::int64_t id = 0;
  Micros at = 0;
  std::string kind;    // registered, moved, status, owner, holder
  std::string detail;  // human-readable: "in_use -> idle", "OPS -> LAB", "A-01 -> DOCK"
  std::string actor;
};

// A new asset: in_use, owned and held by `dept`, history "registered". Errors, with nothing
// written: invalid_argument (bad code, malformed EPC, negative cost), not_found (unknown
// department, location or SKU), conflict (code taken, EPC already another asset's or
// assigned to an item, or the same SGTIN (GTIN + serial) already an asset in another
// encoding), refused (an SGTIN whose GTIN is another item's than --sku). A bare asset that
// `rfinv tag assign` made (no department yet) with the same code and no or the same tag is
// completed instead of refused, as the tag assignment and registration are two ways in.
Result<Asset> register_asset(Store& store, const NewAsset& asset, const std::string& actor);
Result<Asset> get_asset(Store& store, const std::string& code);  // not_found
// Ordered by code. `dept`: assets the department owns or holds (not_found if unknown).
Result<std::vector<Asset>> list_assets(Store& store, const std::optional<std::string>& dept,
                                       const std::optional<AssetStatus>& status);
// Oldest first. not_found for an unknown asset.
Result<std::vector<AssetEvent>> asset_history(Store& store, const std::string& code);

// Status changes by hand or by the pool workflow; refused for a transition the table above
// does not allow (the message lists the allowed ones). `why` (may be empty) goes into the
// history detail: "in_use -> maintenance: fan noise".
Result<Asset> set_asset_status(Store& store, const std::string& code, AssetStatus status,
                               const std::string& actor, const std::string& why);
// Ownership and custody changes made by the pool workflow (transfer, loan, return).
// set_asset_owner: the holder follows the owner unless the asset is on loan (holder !=
// previous owner). Both: not_found for an unknown asset or department, conflict when the
// department already is the owner (holder), refused for a retired asset.
Result<Asset> set_asset_owner(Store& store, const std::string& code, const std::string& dept,
                              const std::string& actor, const std::string& why);
Result<Asset> set_asset_holder(Store& store, const std::string& code, const std::string& dept,
                               const std::string& actor, const std::string& why);
// Puts an asset at `location` (the pool's receive --to): a "moved" history row when it
// changes, nothing when it is already there. not_found for an unknown asset or location.
Result<Asset> set_asset_location(Store& store, const std::string& code, const std::string& location,
                                 const std::string& actor, const std::string& why);

// The read pipeline's hook, inside the caller's transaction: updates last seen time (never
// backwards) and location. A re-sighting at the same place (or with no location) is one
// UPDATE; a new location also moves the asset (location, last_moved_at) and appends a
// "moved" history row by actor "reader". Status is left alone. Throws sql::DbError like
// the Database layer; the caller's sql::guarded turns it into a value.
void record_asset_sighting(sql::Transaction& tx, std::int64_t asset_id,
                           std::optional<std::int64_t> location_id, Micros at);

// Marks in_use assets idle that have not moved for `idle_days` (config asset.idle_days)
// before `now`, in one transaction, with history by actor "idle-scan"; returns the codes it
// changed, ordered by code. Does nothing when asset.idle_days is unset. Publishing them
// (asset.auto_publish) is the pool's job.
Result<std::vector<std::string>> mark_idle_assets(Store& store, Micros now);

}  // namespace rfinv::inventory
