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
#include "inventory/store.h"

namespace rfinv::inventory {

// in_use, idle, pooled (published to the shared pool), reserved (a request won it),
// in_transit (handed over, not yet received), maintenance, retired.
enum class AssetStatus { in_use, idle, pooled, reserved, in_transit, maintenance, retired };
std::string_view to_string(AssetStatus status);
std::optional<AssetStatus> parse_asset_status(std::string_view text);

struct Asset {
  std::int64_t id = 0;
  std::string code;
  std::optional<std::string> epc;       // canonical hex
  std::optional<std::string> sku;       // what kind of thing it is
  std::string dept;                     // owner department code
  std::string holder_dept;              // who has it now (the borrower during a loan)
  AssetStatus status = AssetStatus::in_use;
  std::optional<std::string> location;  // location code
  std::int64_t cost_cents = 0;
  Micros registered_at = 0;
  std::optional<Micros> last_seen_at;
  std::optional<std::string> last_seen_location;
  Micros last_moved_at = 0;             // last change of location, holder or status by use
};

struct NewAsset {
  std::string code;
  std::string epc;  // hex or EPC URI; must decode or be raw hex; must not be another asset's
  std::optional<std::string> sku;
  std::string dept;
  std::optional<std::string> location;
  std::int64_t cost_cents = 0;
};

struct AssetEvent {
  std::int64_t id = 0;
  Micros at = 0;
  std::string kind;    // registered, moved, seen_elsewhere, status, owner, holder, ...
  std::string detail;  // human-readable: "in_use -> idle", "OPS -> LAB", "A-01 -> DOCK"
  std::string actor;
};

Result<Asset> register_asset(Store& store, const NewAsset& asset, const std::string& actor);
Result<Asset> get_asset(Store& store, const std::string& code);
Result<std::vector<Asset>> list_assets(Store& store, const std::optional<std::string>& dept,
                                       const std::optional<AssetStatus>& status);
Result<std::vector<AssetEvent>> asset_history(Store& store, const std::string& code);

// Status changes by hand or by the pool workflow; refused for an impossible transition
// (e.g. a retired asset, or publishing an asset that is reserved).
Result<Asset> set_asset_status(Store& store, const std::string& code, AssetStatus status,
                               const std::string& actor, const std::string& why);
// Ownership and custody changes made by the pool workflow (transfer, loan, return).
Result<Asset> set_asset_owner(Store& store, const std::string& code, const std::string& dept,
                              const std::string& actor, const std::string& why);
Result<Asset> set_asset_holder(Store& store, const std::string& code, const std::string& dept,
                               const std::string& actor, const std::string& why);

// The read pipeline's hook, inside the caller's transaction: updates last seen time and
// location; a change of location is recorded in the history (a mere re-sighting is not).
void record_asset_sighting(sql::Database& db, std::int64_t asset_id,
                           std::optional<std::int64_t> location_id, Micros at);

// Marks in_use assets idle that have not moved for `idle_days` (config asset.idle_days);
// returns the codes it changed.
Result<std::vector<std::string>> mark_idle_assets(Store& store, Micros now);

}  // namespace rfinv::inventory
