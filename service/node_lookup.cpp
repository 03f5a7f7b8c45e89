// Finding the item a scanned code names: what a barcode scanner or an RFID handheld types.
#include "base/hex.h"
#include "inventory/catalog/validate.h"
#include "service/node.h"

namespace rfinv::service {

Result<std::vector<inventory::MovementRecord>> Node::list_movements(
    const inventory::MovementFilter& filter) {
  return inventory::list_movements(*store_, filter);
}

Result<ItemMatch> Node::lookup_item(const std::string& code) {
  if (code.empty()) return make_error(Errc::invalid_argument, "the code is empty");
  if (auto item = inventory::get_item(*store_, code)) return ItemMatch{*item, "sku"};
  // Digits of a GTIN length: compare as GTIN-14 (a scanner sends EAN-13 or UPC-A).
  if (auto gtin = inventory::normalize_gtin(code)) {
    auto item = inventory::get_item_by_gtin(*store_, *gtin);
    if (item) return ItemMatch{std::move(*item), "gtin"};
    if (item.error().code != Errc::not_found) return item.error();
  }
  if (auto bytes = parse_hex(code); bytes && bytes->size() >= 12) {
    auto tag = inventory::resolve_tag(*store_, *bytes);
    if (!tag) return tag.error();
    if (tag->kind == inventory::TagKind::item) {
      auto item = inventory::get_item(*store_, tag->code);
      if (!item) return item.error();
      return ItemMatch{*item, "epc"};
    }
  }
  return make_error(Errc::not_found, "no item has the code {}", code);
}

}  // namespace rfinv::service
