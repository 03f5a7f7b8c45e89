// `rfinv scan`: what a GS1 barcode means and what it names in this node's database.
#include <fmt/format.h>

#include "epc/epc.h"
#include "service/node.h"

namespace rfinv::service {
namespace {

// The asset whose EPC carries the GS1 key `key` of `family`. Assets are few next to reads,
// and an EPC's GIAI or GRAI cannot be turned into hex without the company prefix's length,
// so the asset list is searched by decoding each EPC.
Result<std::optional<inventory::Asset>> asset_with_key(inventory::Store& store, epc::Family family,
                                                       const std::string& key) {
  auto assets = inventory::list_assets(store, std::nullopt, std::nullopt);
  if (!assets) return assets.error();
  for (inventory::Asset& a : *assets) {
    if (!a.epc) continue;
    auto e = epc::decode_hex(*a.epc);
    if (e && epc::family(e->scheme) == family && epc::gs1_key(*e) == key)
      return std::optional<inventory::Asset>(std::move(a));
  }
  return std::optional<inventory::Asset>();
}

}  // namespace

Result<ScanMatch> Node::resolve_scan(const std::string& text) {
  auto scan = epc::parse_gs1(text);
  if (!scan) return scan.error();
  ScanMatch out{std::move(*scan), std::nullopt, std::nullopt, {}};
  const epc::Gs1Data& d = out.scan.data;
  if (const auto& gtin = d.gtin ? d.gtin : d.content) {
    auto item = inventory::get_item_by_gtin(*store_, *gtin);
    if (item)
      out.item = std::move(*item);
    else if (item.error().code == Errc::not_found)
      out.misses.push_back(fmt::format("no item has GTIN {}", *gtin));
    else
      return item.error();
  }
  struct AssetKey {
    const std::optional<std::string>& value;
    epc::Family family;
    const char* name;
  };
  for (const AssetKey& k :
       {AssetKey{d.giai, epc::Family::giai, "GIAI"}, AssetKey{d.grai, epc::Family::grai, "GRAI"}}) {
    if (!k.value) continue;
    auto asset = asset_with_key(*store_, k.family, *k.value);
    if (!asset) return asset.error();
    if (*asset)
      out.asset = std::move(**asset);
    else
      out.misses.push_back(fmt::format("no asset has the {} {}", k.name, *k.value));
  }
  return out;
}

}  // namespace rfinv::service
