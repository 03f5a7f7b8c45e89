// The lot use cases: hold, release, listing, quarantine locations.
#include "service/node.h"

namespace rfinv::service {

Result<inventory::LotHoldChange> Node::hold_lot(const std::string& sku, const std::string& lot,
                                                const std::string& reason,
                                                const std::string& actor) {
  return inventory::hold_lot(*store_, sku, lot, reason, actor);
}
Result<inventory::LotHoldChange> Node::release_lot(const std::string& sku, const std::string& lot) {
  return inventory::release_lot(*store_, sku, lot);
}
Result<std::vector<inventory::LotInfo>> Node::list_lots(const std::optional<std::string>& sku) {
  return inventory::list_lots(*store_, sku, now_micros());
}
Result<inventory::Location> Node::set_location_quarantine(const std::string& code,
                                                          bool quarantine) {
  return inventory::set_location_quarantine(*store_, code, quarantine);
}

}  // namespace rfinv::service
