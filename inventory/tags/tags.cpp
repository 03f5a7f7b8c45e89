#include "inventory/tags/tags.h"

#include <fmt/format.h>

#include <algorithm>

#include "base/hex.h"
#include "inventory/store/store_database.h"
#include "inventory/tags/internal/tag_checks.h"
#include "sql/database.h"

namespace rfinv::inventory {
namespace {

constexpr int kMaxCommission = 100000;

bool all_digits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

Status check_prefix(const std::string& prefix) {
  if (!all_digits(prefix) || prefix.size() < 6 || prefix.size() > 12)
    return make_error(Errc::invalid_argument, "company prefix '{}' must be 6 to 12 digits", prefix);
  return {};
}

Status check_count(int count) {
  if (count < 1 || count > kMaxCommission)
    return make_error(Errc::invalid_argument, "--count {} is out of range (1-{})", count,
                      kMaxCommission);
  return {};
}

// Takes `count` serials from the counter of (kind, key), starting at 1; `max` is the last
// serial the scheme can hold. REQUIRES: inside a transaction.
Result<std::uint64_t> take_serials(sql::Database& db, const char* kind, const std::string& key,
                                   int count, std::uint64_t max, std::string_view what) {
  auto get = db.prepare("SELECT next_serial FROM epc_serial WHERE key_kind = ?1 AND key = ?2");
  get.bind(1, kind).bind(2, key);
  std::uint64_t first = 1;
  if (get.step()) first = static_cast<std::uint64_t>(get.int64(0));
  std::uint64_t last = first + static_cast<std::uint64_t>(count) - 1;
  if (last > max)
    return make_error(Errc::refused,
                      "{}: only {} serials left of {} (next is {}); use a longer scheme", what,
                      first > max ? 0 : max - first + 1, max, first);
  db.prepare(
        "INSERT INTO epc_serial(key_kind, key, next_serial) VALUES (?1, ?2, ?3) "
        "ON CONFLICT(key_kind, key) DO UPDATE SET next_serial = ?3")
      .bind(1, kind)
      .bind(2, key)
      .bind(3, static_cast<std::int64_t>(last + 1))
      .run();
  return first;
}

// Hex or an EPC URI to the canonical hex key.
Result<std::string> epc_key(const std::string& text) {
  if (text.starts_with("urn:")) {
    auto e = epc::parse_tag_uri(text);
    if (!e) return e.error();
    return epc::encode_hex(*e);
  }
  auto bytes = epc::parse_hex(text);
  if (!bytes) return bytes.error();
  return canonical_epc_hex(*bytes);
}

void mark_resolved(sql::Database& db, const std::string& hex, const char* column, std::int64_t id) {
  db.prepare(fmt::format("UPDATE tag_unknown SET {} = ?2 WHERE epc = ?1", column))
      .bind(1, hex)
      .bind(2, id)
      .run();
}

}  // namespace

Status add_prefix(Store& store, const std::string& company_prefix) {
  if (auto ok = check_prefix(company_prefix); !ok) return ok;
  return sql::guarded("adding a company prefix", [&]() -> Status {
    auto& db = database_of(store);
    db.prepare("INSERT OR IGNORE INTO epc_prefix(company_prefix) VALUES (?)")
        .bind(1, company_prefix)
        .run();
    if (db.changes() == 0)
      return make_error(Errc::conflict, "company prefix {} is already registered", company_prefix);
    return {};
  });
}

Status remove_prefix(Store& store, const std::string& company_prefix) {
  return sql::guarded("removing a company prefix", [&]() -> Status {
    auto& db = database_of(store);
    db.prepare("DELETE FROM epc_prefix WHERE company_prefix = ?").bind(1, company_prefix).run();
    if (db.changes() == 0)
      return make_error(Errc::not_found, "company prefix {} is not registered", company_prefix);
    return {};
  });
}

Result<std::vector<std::string>> list_prefixes(Store& store) {
  return sql::guarded("listing company prefixes", [&]() -> Result<std::vector<std::string>> {
    std::vector<std::string> out;
    auto q =
        database_of(store).prepare("SELECT company_prefix FROM epc_prefix ORDER BY company_prefix");
    while (q.step()) out.push_back(q.text(0));
    return out;
  });
}

Result<int> prefix_length_for_gtin(Store& store, const std::string& gtin14) {
  auto prefixes = list_prefixes(store);
  if (!prefixes) return prefixes.error();
  std::string body = gtin14.size() == 14 ? gtin14.substr(1, 12) : gtin14;
  int best = 0;
  for (const std::string& p : *prefixes)
    if (body.starts_with(p)) best = std::max(best, static_cast<int>(p.size()));
  if (best == 0)
    return make_error(Errc::not_found,
                      "no registered company prefix matches GTIN {}; register it with "
                      "`rfinv config prefix add PREFIX`",
                      gtin14);
  return best;
}

Result<std::vector<CommissionedTag>> commission_item_tags(Store& store, const ItemCommission& c) {
  if (auto ok = check_count(c.count); !ok) return ok.error();
  if (epc::family(c.scheme) != epc::Family::sgtin)
    return make_error(Errc::invalid_argument,
                      "--scheme {} cannot carry a GTIN (use sgtin-96 or "
                      "sgtin-198)",
                      epc::scheme_name(c.scheme));
  if (c.filter < 0 || c.filter > 7)
    return make_error(Errc::invalid_argument, "filter {} is out of range (0-7)", c.filter);
  return sql::guarded("commissioning tags", [&]() -> Result<std::vector<CommissionedTag>> {
    auto& db = database_of(store);
    sql::Transaction tx(db);
    auto q = db.prepare("SELECT gtin FROM item WHERE sku = ?");
    q.bind(1, c.sku);
    if (!q.step()) return make_error(Errc::not_found, "no item with SKU {}", c.sku);
    auto gtin = q.optional_text(0);
    if (!gtin)
      return make_error(Errc::refused,
                        "item {} has no GTIN to encode (set one with "
                        "`rfinv item edit {} --gtin G`)",
                        c.sku, c.sku);
    auto prefix_length = prefix_length_for_gtin(store, *gtin);
    if (!prefix_length) return prefix_length.error();
    // SGTIN-198 serials are kept numeric too: 20 digits hold any counter value.
    std::uint64_t max =
        c.scheme == epc::Scheme::sgtin_96 ? (std::uint64_t{1} << 38) - 1 : (std::uint64_t{1} << 62);
    auto first = take_serials(db, "gtin", *gtin, c.count, max,
                              fmt::format("GTIN {} ({})", *gtin, epc::scheme_name(c.scheme)));
    if (!first) return first.error();
    std::vector<CommissionedTag> out;
    out.reserve(static_cast<std::size_t>(c.count));
    for (int i = 0; i < c.count; ++i) {
      std::string serial = std::to_string(*first + static_cast<std::uint64_t>(i));
      auto e = epc::sgtin_from_gtin(*gtin, *prefix_length, serial, c.filter, c.scheme);
      if (!e) return e.error();
      auto hex = epc::encode_hex(*e);
      if (!hex) return hex.error();
      out.push_back({*hex, epc::tag_uri(*e), serial});
    }
    tx.commit();
    return out;
  });
}

Result<std::vector<CommissionedTag>> commission_asset_tags(Store& store, const AssetCommission& c) {
  if (auto ok = check_count(c.count); !ok) return ok.error();
  if (c.filter < 0 || c.filter > 7)
    return make_error(Errc::invalid_argument, "filter {} is out of range (0-7)", c.filter);
  return sql::guarded("commissioning asset tags", [&]() -> Result<std::vector<CommissionedTag>> {
    auto& db = database_of(store);
    sql::Transaction tx(db);
    std::string prefix;
    if (c.prefix) {
      if (auto ok = check_prefix(*c.prefix); !ok) return ok.error();
      prefix = *c.prefix;
    } else {
      auto prefixes = list_prefixes(store);
      if (!prefixes) return prefixes.error();
      if (prefixes->size() != 1)
        return make_error(Errc::invalid_argument,
                          "{} company prefixes are registered; choose one with --prefix",
                          prefixes->size());
      prefix = prefixes->front();
    }
    if (c.range >= kAssetRanges)
      return make_error(Errc::invalid_argument, "asset reference range {} is above {}", c.range,
                        kAssetRanges - 1);
    const int bits[7] = {42, 45, 48, 52, 55, 58, 62};
    const int counter_bits = bits[12 - prefix.size()] - 16;
    std::uint64_t max = (std::uint64_t{1} << counter_bits) - 1;
    auto first = take_serials(db, "giai", prefix, c.count, max,
                              fmt::format("GIAI-96 asset references for prefix {}", prefix));
    if (!first) return first.error();
    const std::uint64_t base = std::uint64_t{c.range} << counter_bits;
    std::vector<CommissionedTag> out;
    out.reserve(static_cast<std::size_t>(c.count));
    for (int i = 0; i < c.count; ++i) {
      std::uint64_t ref = base + *first + static_cast<std::uint64_t>(i);
      auto e = epc::giai_96(prefix, ref, c.filter);
      if (!e) return e.error();
      auto hex = epc::encode_hex(*e);
      if (!hex) return hex.error();
      out.push_back({*hex, epc::tag_uri(*e), std::to_string(ref)});
    }
    tx.commit();
    return out;
  });
}

namespace {

std::string canonical_hex(const Result<epc::Epc>& e, std::span<const std::uint8_t> bytes) {
  if (e && e->scheme != epc::Scheme::raw) {
    if (auto hex = epc::encode_hex(*e)) return *hex;
  }
  return to_hex(bytes.size() > epc::kMaxEpcBytes ? bytes.first(epc::kMaxEpcBytes) : bytes);
}

}  // namespace

std::string canonical_epc_hex(std::span<const std::uint8_t> bytes) {
  return canonical_hex(epc::decode(bytes), bytes);
}

Result<TagIdentity> resolve_tag(Store& store, std::span<const std::uint8_t> bytes) {
  TagIdentity id;
  auto decoded = epc::decode(bytes);
  if (decoded) id.epc = *decoded;
  id.epc_hex = canonical_hex(decoded, bytes);
  // An SGTIN that is neither an asset's tag nor assigned to an item is a unit of the item with
  // its GTIN.
  std::optional<std::string> gtin;
  if (decoded && epc::family(id.epc.scheme) == epc::Family::sgtin) gtin = epc::gs1_key(id.epc);
  return sql::guarded("resolving a tag", [&]() -> Result<TagIdentity> {
    // The three lookups in one statement, each an indexed search: the read pipeline resolves
    // every tag it decides on. The first that finds the tag names it.
    auto st = database_of(store).prepare(
        "SELECT a.id, a.code, assigned.id, assigned.sku, by_gtin.id, by_gtin.sku FROM (SELECT 1) "
        "LEFT JOIN asset a ON a.epc = ?1 LEFT JOIN tag_item t ON t.epc = ?1 "
        "LEFT JOIN item assigned ON assigned.id = t.item_id "
        "LEFT JOIN item by_gtin ON by_gtin.gtin = ?2");
    st.bind(1, id.epc_hex).bind(2, gtin).step();
    for (int first : {0, 2, 4}) {
      if (st.is_null(first)) continue;
      id.kind = first == 0 ? TagKind::asset : TagKind::item;
      id.id = st.int64(first);
      id.code = st.text(first + 1);
      break;
    }
    return id;
  });
}

Status record_unknown(Store& store, const UnknownSighting& s) {
  return sql::guarded("recording an unknown tag", [&]() -> Status {
    database_of(store)
        .prepare(
            "INSERT INTO tag_unknown(epc, first_seen, last_seen, reader, location_id, seen_count) "
            "VALUES (?1, ?2, ?2, ?3, ?4, 1) ON CONFLICT(epc) DO UPDATE SET "
            "first_seen = min(first_seen, ?2), last_seen = max(last_seen, ?2), reader = ?3, "
            "location_id = ?4, seen_count = seen_count + 1")
        .bind(1, s.epc_hex)
        .bind(2, static_cast<std::int64_t>(s.at))
        .bind(3, s.reader)
        .bind(4, s.location_id)
        .run();
    return {};
  });
}

Result<std::vector<UnknownTag>> list_unknown(Store& store, bool include_resolved) {
  return sql::guarded("listing unknown tags", [&]() -> Result<std::vector<UnknownTag>> {
    std::vector<UnknownTag> out;
    auto q = database_of(store).prepare(
        "SELECT u.epc, u.first_seen, u.last_seen, u.reader, u.location_id, l.code, "
        "u.seen_count, i.sku, a.code FROM tag_unknown u "
        "LEFT JOIN location l ON l.id = u.location_id "
        "LEFT JOIN item i ON i.id = u.resolved_item_id "
        "LEFT JOIN asset a ON a.id = u.resolved_asset_id "
        "WHERE ?1 OR (u.resolved_item_id IS NULL AND u.resolved_asset_id IS NULL) "
        "ORDER BY u.last_seen DESC, u.epc");
    q.bind(1, include_resolved ? 1 : 0);
    while (q.step()) {
      UnknownTag t;
      t.epc_hex = q.text(0);
      t.first_seen = q.int64(1);
      t.last_seen = q.int64(2);
      t.reader = q.optional_text(3);
      t.location_id = q.optional_int64(4);
      t.location_code = q.optional_text(5);
      t.seen_count = q.int64(6);
      t.resolved_sku = q.optional_text(7);
      t.resolved_asset = q.optional_text(8);
      out.push_back(std::move(t));
    }
    return out;
  });
}

Result<Assignment> assign_tag_to_item(Store& store, const std::string& epc,
                                      const std::string& sku) {
  auto hex = epc_key(epc);
  if (!hex) return hex.error();
  auto bytes = epc::parse_hex(*hex);
  return sql::guarded("assigning a tag", [&]() -> Result<Assignment> {
    auto& db = database_of(store);
    sql::Transaction tx(db);
    auto item = db.prepare("SELECT id FROM item WHERE sku = ?");
    item.bind(1, sku);
    if (!item.step()) return make_error(Errc::not_found, "no item with SKU {}", sku);
    std::int64_t item_id = item.int64(0);
    auto current = resolve_tag(store, *bytes);
    if (!current) return current.error();
    if (current->kind == TagKind::asset)
      return make_error(Errc::conflict, "tag {} belongs to asset {}", *hex, current->code);
    if (current->kind == TagKind::item && current->id != item_id &&
        epc::family(current->epc.scheme) == epc::Family::sgtin)
      return make_error(Errc::refused, "tag {} is a unit of item {} by its GTIN {}", *hex,
                        current->code, *epc::gs1_key(current->epc));
    db.prepare(
          "INSERT INTO tag_item(epc, item_id, assigned_at) VALUES (?1, ?2, ?3) "
          "ON CONFLICT(epc) DO UPDATE SET item_id = ?2, assigned_at = ?3")
        .bind(1, *hex)
        .bind(2, item_id)
        .bind(3, static_cast<std::int64_t>(now_micros()))
        .run();
    mark_resolved(db, *hex, "resolved_item_id", item_id);
    tx.commit();
    return Assignment{TagKind::item, item_id, sku, *hex, false};
  });
}

Result<Assignment> assign_tag_to_asset(Store& store, const std::string& epc,
                                       const std::string& asset_code) {
  auto hex = epc_key(epc);
  if (!hex) return hex.error();
  if (asset_code.empty()) return make_error(Errc::invalid_argument, "asset code is empty");
  return sql::guarded("assigning a tag", [&]() -> Result<Assignment> {
    auto& db = database_of(store);
    sql::Transaction tx(db);
    if (auto free = check_tag_free_for_asset(tx, *hex, asset_code); !free) return free.error();
    auto asset = db.prepare("SELECT id, epc FROM asset WHERE code = ?");
    asset.bind(1, asset_code);
    Assignment a{TagKind::asset, 0, asset_code, *hex, false};
    if (asset.step()) {
      a.id = asset.int64(0);
      auto current = asset.optional_text(1);
      if (current && *current != *hex)
        return make_error(Errc::conflict, "asset {} already has tag {}", asset_code, *current);
      db.prepare("UPDATE asset SET epc = ?2 WHERE id = ?1").bind(1, a.id).bind(2, *hex).run();
    } else {
      db.prepare("INSERT INTO asset(code, epc, registered_at) VALUES (?1, ?2, ?3)")
          .bind(1, asset_code)
          .bind(2, *hex)
          .bind(3, static_cast<std::int64_t>(now_micros()))
          .run();
      a.id = db.last_insert_id();
      a.created_asset = true;
    }
    mark_resolved(db, *hex, "resolved_asset_id", a.id);
    tx.commit();
    return a;
  });
}

Status check_tag_free_for_asset(sql::Transaction& tx, const std::string& hex,
                                const std::string& asset_code) {
  auto& db = tx.db();
  auto owner = db.prepare("SELECT code FROM asset WHERE epc = ?");
  owner.bind(1, hex);
  if (owner.step() && owner.text(0) != asset_code) {
    std::string other = owner.text(0);
    return make_error(Errc::conflict, "tag {} belongs to asset {}", hex, other);
  }
  auto unit = db.prepare(
      "SELECT item.sku FROM tag_item JOIN item ON item.id = tag_item.item_id WHERE epc = ?");
  unit.bind(1, hex);
  if (unit.step()) {
    std::string sku = unit.text(0);
    return make_error(Errc::conflict, "tag {} is assigned to item {}", hex, sku);
  }
  return {};
}

}  // namespace rfinv::inventory
