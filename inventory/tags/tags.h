// EPC tags in the node database: registered GS1 company prefixes, commissioning of serials
// that are never reused, mapping a read EPC to an item or an asset, and unknown tags.
//
// Threading: like Store, every function runs on the Store's thread. Writers use one
// IMMEDIATE transaction each; a failed call leaves the database unchanged.
//
// EPC keys in the database (asset.epc, tag_item.epc, tag_unknown.epc) are canonical hex:
// upper case; an EPC the codec decodes is re-encoded (so a 198-bit EPC read with or without
// word padding has one key); anything else is the bytes as read.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "epc/epc.h"
#include "inventory/store/store.h"

namespace rfinv::inventory {

// --- GS1 company prefixes (6-12 digits), used to split a GTIN into prefix and reference.
Status add_prefix(Store& store, const std::string& company_prefix);     // conflict if present
Status remove_prefix(Store& store, const std::string& company_prefix);  // not_found if absent
Result<std::vector<std::string>> list_prefixes(Store& store);
// Digits of the registered prefix that the GTIN-14 (after its indicator digit) starts with;
// not_found when none is registered, the longest when several match.
Result<int> prefix_length_for_gtin(Store& store, const std::string& gtin14);

// --- Commissioning.
struct CommissionedTag {
  std::string hex;  // what to write into EPC memory (word-padded, upper case)
  std::string tag_uri;
  std::string serial;  // SGTIN serial or GIAI asset reference
};

struct ItemCommission {
  std::string sku;  // the item must have a GTIN whose company prefix is registered
  int count = 1;    // 1..100000
  epc::Scheme scheme = epc::Scheme::sgtin_96;  // sgtin-96 or sgtin-198
  int filter = 1;                              // TDS filter 1: point-of-sale trade item
};
// Allocates `count` consecutive serials for the item's GTIN in one transaction; the counter
// only moves forward, so no serial is handed out twice. refused when the scheme's serial
// range is exhausted.
Result<std::vector<CommissionedTag>> commission_item_tags(Store& store, const ItemCommission& c);

struct AssetCommission {
  int count = 1;                      // 1..100000
  std::optional<std::string> prefix;  // default: the only registered prefix
  int filter = 0;                     // TDS filter 0: all others
  // The department's range (its pool number, 0..kAssetRanges-1): the top 16 bits of the
  // asset reference, so departments sharing a company prefix never commission the same EPC.
  std::uint32_t range = 0;
};
inline constexpr std::uint32_t kAssetRanges = 1u << 16;
// GIAI-96 EPCs with consecutive asset references per company prefix within `range`, never
// reused: reference = range * 2^(B-16) + counter, where B is the partition's reference bits.
Result<std::vector<CommissionedTag>> commission_asset_tags(Store& store, const AssetCommission& c);

// --- Mapping a read EPC.
enum class TagKind { item, asset, unknown };

struct TagIdentity {
  TagKind kind = TagKind::unknown;
  std::int64_t id = 0;  // item id or asset id
  std::string code;     // SKU or asset code
  std::string epc_hex;  // canonical hex
  epc::Epc epc;         // the decoded EPC (Scheme::raw when it does not decode)
};

std::string canonical_epc_hex(std::span<const std::uint8_t> bytes);

// An asset whose tag is this EPC, else an item this tag was assigned to, else the item
// whose GTIN the SGTIN carries, else unknown. At most three indexed point lookups with
// prepared statements; no table scan. Errors only for database failures.
Result<TagIdentity> resolve_tag(Store& store, std::span<const std::uint8_t> epc);

struct UnknownSighting {
  std::string epc_hex;  // canonical hex (TagIdentity::epc_hex)
  Micros at = 0;
  std::string reader;
  std::optional<std::int64_t> location_id;
};
// Records (or updates: last seen, count, reader, location) an unknown tag.
Status record_unknown(Store& store, const UnknownSighting& sighting);

struct UnknownTag {
  std::string epc_hex;
  Micros first_seen = 0;
  Micros last_seen = 0;
  std::optional<std::string> reader;
  std::optional<std::int64_t> location_id;
  std::optional<std::string> location_code;
  std::int64_t seen_count = 0;
  std::optional<std::string> resolved_sku;
  std::optional<std::string> resolved_asset;
};
// Unresolved unknown tags, most recently seen first (all when `include_resolved`).
Result<std::vector<UnknownTag>> list_unknown(Store& store, bool include_resolved = false);

// Assigns a tag (hex or EPC URI) to an item or an asset.
struct Assignment {
  TagKind kind = TagKind::unknown;
  std::int64_t id = 0;
  std::string code;
  std::string epc_hex;
  bool created_asset = false;
};
// The item must exist. refused when the tag is an SGTIN of another item's GTIN; conflict
// when the tag belongs to an asset.
Result<Assignment> assign_tag_to_item(Store& store, const std::string& epc, const std::string& sku);
// Registers the asset with this code when it does not exist yet (the asset work extends
// it). conflict when the asset already has another tag or the tag is another asset's.
Result<Assignment> assign_tag_to_asset(Store& store, const std::string& epc,
                                       const std::string& asset_code);

}  // namespace rfinv::inventory
