// The lot use cases: hold, release, listing, quarantine locations, movements from scanned
// GS1 barcodes.
#include "epc/gs1_element_string.h"
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

Result<PostedScan> Node::post_scanned_movement(const ScannedMovement& scan) {
  auto match = resolve_scan(scan.text);
  if (!match) return match.error();
  const epc::Gs1Data& d = match->scan.data;
  // Only (01) names the item moved; resolve_scan also reads a logistic label's (02).
  if (!d.gtin)
    return make_error(Errc::invalid_argument,
                      "the barcode carries no GTIN (AI 01) to name an item");
  // With (01) present, the item lookup is the first thing resolve_scan can miss.
  if (!match->item) return make_error(Errc::not_found, "{}", match->misses.front());
  const inventory::Item& item = *match->item;
  inventory::MovementRequest r;
  r.kind = scan.kind;
  r.sku = item.sku;
  r.qty = scan.qty ? *scan.qty : d.count ? std::int64_t(*d.count) : 1;
  (scan.kind == inventory::MovementKind::issue ? r.from : r.to) = scan.location;
  r.actor = scan.actor;
  r.key = scan.key;
  r.reason = scan.reason;
  r.allow_expired = scan.allow_expired;
  inventory::add_carried_lot(item.fields.lot_tracked, item.fields.expiry_tracked, d.lot,
                             d.expiry ? std::optional(epc::iso_date(*d.expiry)) : std::nullopt, r);
  auto posted = post_movement(r);
  if (!posted) return posted.error();
  return PostedScan{std::move(r), std::move(*posted)};
}

}  // namespace rfinv::service
