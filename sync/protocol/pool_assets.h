// A pool asset's status as the hub keeps it (API.md ASSET.status; hub.db pool_asset.status).
//
// Threading: stateless.
#pragma once

#include <optional>
#include <string_view>

namespace rfinv::sync {

enum class PoolAssetStatus {
  pooled,    // offered to other departments
  reserved,  // a request won it
  off,       // not in the pool (withdrawn, or handed over by a transfer)
  lent,      // out on a loan
};
std::string_view to_wire(PoolAssetStatus status);
std::optional<PoolAssetStatus> parse_pool_asset_status(std::string_view wire);

}  // namespace rfinv::sync
