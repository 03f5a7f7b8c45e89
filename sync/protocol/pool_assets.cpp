#include "sync/protocol/pool_assets.h"

#include "sync/protocol/internal/wire_names.h"

namespace rfinv::sync {
namespace {

constexpr WireNames<PoolAssetStatus, 4> kNames{{{
    {PoolAssetStatus::pooled, "pooled"},
    {PoolAssetStatus::reserved, "reserved"},
    {PoolAssetStatus::off, "off"},
    {PoolAssetStatus::lent, "lent"},
}}};

}  // namespace

std::string_view to_wire(PoolAssetStatus status) { return kNames.name(status); }

std::optional<PoolAssetStatus> parse_pool_asset_status(std::string_view wire) {
  return kNames.parse(wire);
}

}  // namespace rfinv::sync
