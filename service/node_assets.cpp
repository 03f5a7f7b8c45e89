// The asset use cases, with the rule that the pool workflow alone sets the statuses that
// decide who gets an asset.
#include <fmt/format.h>

#include "service/node.h"

namespace rfinv::service {

using inventory::AssetStatus;

Result<inventory::Asset> Node::register_asset(const inventory::NewAsset& asset,
                                              const std::string& actor) {
  return inventory::register_asset(*store_, asset, actor);
}
Result<std::vector<inventory::Asset>> Node::list_assets(const std::optional<std::string>& dept,
                                                        const std::optional<AssetStatus>& status) {
  return inventory::list_assets(*store_, dept, status);
}
Result<inventory::Asset> Node::get_asset(const std::string& code) {
  return inventory::get_asset(*store_, code);
}
Result<std::vector<inventory::AssetEvent>> Node::asset_history(const std::string& code) {
  return inventory::asset_history(*store_, code);
}

Result<StatusChange> Node::set_asset_status(const std::string& code, AssetStatus status,
                                            const std::string& actor, const std::string& why) {
  // Publishing, reserving and handing over go through the hub, which keeps the pool's one
  // copy of who won an asset; setting them here would bypass it.
  if (status == AssetStatus::pooled || status == AssetStatus::reserved ||
      status == AssetStatus::in_transit)
    return make_error(Errc::invalid_argument,
                      "status {} is set by the pool workflow (rfinv pool publish, request, "
                      "handover), not by hand",
                      inventory::to_string(status));
  auto before = inventory::get_asset(*store_, code);
  if (!before) return before.error();
  // Nor does anything take an asset out of the pool's hands but the pool: the hub would
  // still offer it, and another department could reserve and receive it.
  if (before->status == AssetStatus::pooled)
    return make_error(Errc::refused,
                      "asset {} is in the pool; withdraw it first (rfinv pool withdraw {})", code,
                      code);
  if (before->status == AssetStatus::reserved || before->status == AssetStatus::in_transit)
    return make_error(Errc::refused,
                      "asset {} is {} for a pool request; it changes status when the request "
                      "is declined, cancelled or received",
                      code, inventory::to_string(before->status));
  auto after = inventory::set_asset_status(*store_, code, status, actor, why);
  if (!after) return after.error();
  return StatusChange{std::move(*before), std::move(*after)};
}

Result<IdleScan> Node::idle_scan() {
  auto idle = inventory::mark_idle_assets(*store_, now_micros());
  if (!idle) return idle.error();
  auto days = inventory::get_config(*store_, "asset.idle_days");
  if (!days) return days.error();
  return IdleScan{std::move(*idle), days->has_value()};
}

}  // namespace rfinv::service
