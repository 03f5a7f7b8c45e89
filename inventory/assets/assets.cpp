#include "inventory/assets/assets.h"

#include <fmt/format.h>

#include <array>
#include <utility>

#include "base/text.h"
#include "epc/epc.h"
#include "inventory/catalog/internal/catalog_rows.h"
#include "inventory/catalog/validate.h"
#include "inventory/store/config.h"
#include "inventory/store/store_database.h"
#include "inventory/tags/internal/tag_checks.h"
#include "inventory/tags/tags.h"
#include "sql/database.h"

namespace rfinv::inventory {
namespace {

constexpr std::array<std::pair<AssetStatus, std::string_view>, 7> kStatusNames{{
    {AssetStatus::in_use, "in_use"},
    {AssetStatus::idle, "idle"},
    {AssetStatus::pooled, "pooled"},
    {AssetStatus::reserved, "reserved"},
    {AssetStatus::in_transit, "in_transit"},
    {AssetStatus::maintenance, "maintenance"},
    {AssetStatus::retired, "retired"},
}};

constexpr Micros kMicrosPerDay = 86'400'000'000;

// The history reads better with a dash than with an empty location or department.
constexpr std::string_view kNone = "-";

constexpr std::string_view kAssetSelect =
    "SELECT a.id, a.code, a.epc, i.sku, d.code, h.code, a.status, l.code, a.cost_cents, "
    "a.registered_at, a.last_seen_at, s.code, coalesce(a.last_moved_at, a.registered_at), "
    "a.dept_id, coalesce(a.holder_dept_id, a.dept_id) FROM asset a "
    "LEFT JOIN item i ON i.id = a.item_id "
    "LEFT JOIN dept d ON d.id = a.dept_id "
    "LEFT JOIN dept h ON h.id = coalesce(a.holder_dept_id, a.dept_id) "
    "LEFT JOIN location l ON l.id = a.location_id "
    "LEFT JOIN location s ON s.id = a.last_seen_location_id ";

// An asset row with the ids that the writers need beside the codes.
struct AssetRow {
  Asset asset;
  std::optional<std::int64_t> dept_id;
  std::optional<std::int64_t> holder_id;
};

Result<AssetRow> row_from(const sql::Statement& st) {
  AssetRow row;
  Asset& a = row.asset;
  a.id = st.int64(0);
  a.code = st.text(1);
  a.epc = st.optional_text(2);
  a.sku = st.optional_text(3);
  a.dept = st.optional_text(4).value_or("");
  a.holder_dept = st.optional_text(5).value_or("");
  std::string status = st.text(6);
  auto parsed = parse_asset_status(status);
  if (!parsed)
    return make_error(Errc::corrupt, "asset {} has an unknown status '{}' in the database", a.code,
                      status);
  a.status = *parsed;
  a.location = st.optional_text(7);
  a.cost_cents = st.int64(8);
  a.registered_at = st.int64(9);
  a.last_seen_at = st.optional_int64(10);
  a.last_seen_location = st.optional_text(11);
  a.last_moved_at = st.int64(12);
  row.dept_id = st.optional_int64(13);
  row.holder_id = st.optional_int64(14);
  return row;
}

// REQUIRES: inside sql::guarded.
Result<AssetRow> read_asset(sql::Database& db, const std::string& code) {
  auto st = db.prepare(fmt::format("{} WHERE a.code = ?", kAssetSelect));
  st.bind(1, code);
  if (!st.step()) {
    return make_error(Errc::not_found, "no asset {}", code);
  }
  auto row = row_from(st);
  return row;
}

void append_event(sql::Database& db, std::int64_t asset_id, Micros at, std::string_view kind,
                  const std::string& detail, const std::string& actor) {
  db.prepare("INSERT INTO asset_event(asset_id, at, kind, detail, actor) VALUES (?,?,?,?,?)")
      .bind(1, asset_id)
      .bind(2, static_cast<std::int64_t>(at))
      .bind(3, kind)
      .bind(4, detail)
      .bind(5, actor)
      .run();
}

std::string with_reason(std::string detail, const std::string& why) {
  if (!why.empty()) detail += ": " + why;
  return detail;
}

std::string allowed_list(AssetStatus from) {
  std::string out;
  for (const auto& [to, name] : kStatusNames)
    if (asset_transition_allowed(from, to))
      out += fmt::format("{}{}", out.empty() ? "" : ", ", name);
  return out;
}

// Hex or an EPC URI (tag or raw) to the canonical hex key, as `rfinv tag assign` keys it.
Result<std::string> epc_key(const std::string& text) {
  if (text.starts_with("urn:")) {
    auto e = epc::parse_tag_uri(text);
    if (!e) return e.error();
    return epc::encode_hex(*e);
  }
  auto bytes = epc::parse_hex(text);
  if (!bytes)
    return make_error(Errc::invalid_argument, "EPC '{}': {}", text, bytes.error().message);
  return canonical_epc_hex(*bytes);
}

std::optional<epc::Epc> decoded(const std::string& hex) {
  auto e = epc::decode_hex(hex);
  if (!e || e->scheme == epc::Scheme::raw) return std::nullopt;
  return *e;
}

// The department to change to, refusing what set_asset_owner/holder refuse.
Result<std::int64_t> check_custody_change(sql::Database& db, const AssetRow& row,
                                          const std::string& dept, std::string_view role) {
  if (row.asset.status == AssetStatus::retired)
    return make_error(Errc::refused, "asset {} is retired; its {} cannot change", row.asset.code,
                      role);
  auto id = find_dept_id(db, dept);
  if (!id) return make_error(Errc::not_found, "department {} does not exist", dept);
  return *id;
}

std::string or_none(const std::optional<std::string>& s) {
  return s && !s->empty() ? *s : std::string(kNone);
}

// Checks an SGTIN tag against the catalogue: returns the item it names (if catalogued),
// refusing a tag of another item's GTIN and a unit already registered as an asset in
// another encoding (SGTIN-96 and -198 of the same GTIN and serial).
Result<std::optional<std::int64_t>> check_sgtin(sql::Database& db, const epc::Epc& e,
                                                const std::string& hex,
                                                const std::optional<std::string>& sku,
                                                const std::optional<std::int64_t>& item_id) {
  auto by_gtin = db.prepare("SELECT id, sku FROM item WHERE gtin = ?");
  by_gtin.bind(1, *epc::gs1_key(e));
  if (!by_gtin.step()) {
    return item_id;
  }
  std::int64_t gtin_item = by_gtin.int64(0);
  std::string gtin_sku = by_gtin.text(1);
  if (sku && item_id != gtin_item)
    return make_error(Errc::refused, "tag {} is a unit of item {} by its GTIN {}, not of {}", hex,
                      gtin_sku, *epc::gs1_key(e), *sku);
  std::string identity = epc::pure_uri(e);
  auto same_item = db.prepare("SELECT code, epc FROM asset WHERE item_id = ? AND epc IS NOT NULL");
  same_item.bind(1, gtin_item);
  while (same_item.step()) {
    auto other = decoded(same_item.text(1));
    if (other && epc::pure_uri(*other) == identity) {
      std::string code = same_item.text(0);
      return make_error(Errc::conflict, "{} is already asset {} (tag {})", identity, code,
                        *epc::encode_hex(*other));
    }
  }
  return std::optional<std::int64_t>(gtin_item);
}

}  // namespace

std::string_view to_string(AssetStatus status) {
  for (const auto& [s, name] : kStatusNames)
    if (s == status) return name;
  return "unknown";
}

std::optional<AssetStatus> parse_asset_status(std::string_view text) {
  std::string normal(text);
  for (char& c : normal)
    if (c == '-' || c == ' ') c = '_';
  for (const auto& [s, name] : kStatusNames)
    if (name == normal) return s;
  return std::nullopt;
}

bool asset_transition_allowed(AssetStatus from, AssetStatus to) {
  using S = AssetStatus;
  switch (from) {
    case S::in_use:
      return to == S::idle || to == S::pooled || to == S::in_transit || to == S::maintenance ||
             to == S::retired;
    case S::idle:
      return to == S::in_use || to == S::pooled || to == S::in_transit || to == S::maintenance ||
             to == S::retired;
    case S::pooled:
      return to == S::idle || to == S::reserved;
    case S::reserved:
      return to == S::pooled || to == S::idle || to == S::in_transit;
    case S::in_transit:
      return to == S::in_use || to == S::idle;
    case S::maintenance:
      return to == S::in_use || to == S::idle || to == S::retired;
    case S::retired:
      return false;
  }
  return false;
}

Result<Asset> register_asset(Store& store, const NewAsset& spec, const std::string& actor) {
  if (auto ok = check_code("asset code", spec.code); !ok) return ok.error();
  if (spec.cost_cents < 0)
    return make_error(Errc::invalid_argument, "asset cost must not be negative");
  auto hex = epc_key(spec.epc);
  if (!hex) return hex.error();
  auto epc = decoded(*hex);
  return sql::guarded("registering an asset", [&]() -> Result<Asset> {
    auto& db = database_of(store);
    sql::Transaction tx(db);
    auto dept_id = find_dept_id(db, spec.dept);
    if (!dept_id) return make_error(Errc::not_found, "department {} does not exist", spec.dept);
    std::optional<std::int64_t> location_id, item_id;
    if (spec.location) {
      location_id = find_location_id(db, *spec.location);
      if (!location_id)
        return make_error(Errc::not_found, "location {} does not exist", *spec.location);
    }
    if (spec.sku) {
      item_id = find_item_id(db, *spec.sku);
      if (!item_id) return make_error(Errc::not_found, "no item with SKU {}", *spec.sku);
    }

    // A bare asset from `rfinv tag assign` is completed, not refused.
    std::optional<std::int64_t> bare_id;
    auto existing = db.prepare("SELECT id, dept_id, epc FROM asset WHERE code = ?");
    existing.bind(1, spec.code);
    if (existing.step()) {
      bool bare = existing.is_null(1);
      auto tag = existing.optional_text(2);
      bare_id = existing.int64(0);
      if (!bare) return make_error(Errc::conflict, "asset {} already exists", spec.code);
      if (tag && *tag != *hex)
        return make_error(Errc::conflict, "asset {} already has tag {}", spec.code, *tag);
    }
    if (auto free = check_tag_free_for_asset(tx, *hex, spec.code); !free) return free.error();
    if (epc && epc::family(epc->scheme) == epc::Family::sgtin) {
      auto checked = check_sgtin(db, *epc, *hex, spec.sku, item_id);
      if (!checked) return checked.error();
      item_id = *checked;
    }

    Micros now = now_micros();
    if (bare_id) {
      db.prepare(
            "UPDATE asset SET epc = ?2, item_id = ?3, dept_id = ?4, holder_dept_id = ?4, "
            "location_id = ?5, status = 'in_use', cost_cents = ?6, last_moved_at = ?7 "
            "WHERE id = ?1")
          .bind(1, *bare_id)
          .bind(2, *hex)
          .bind(3, item_id)
          .bind(4, *dept_id)
          .bind(5, location_id)
          .bind(6, spec.cost_cents)
          .bind(7, static_cast<std::int64_t>(now))
          .run();
    } else {
      db.prepare(
            "INSERT INTO asset(code, epc, item_id, dept_id, holder_dept_id, location_id, status, "
            "cost_cents, registered_at, last_moved_at) "
            "VALUES (?1, ?2, ?3, ?4, ?4, ?5, 'in_use', ?6, ?7, ?7)")
          .bind(1, spec.code)
          .bind(2, *hex)
          .bind(3, item_id)
          .bind(4, *dept_id)
          .bind(5, location_id)
          .bind(6, spec.cost_cents)
          .bind(7, static_cast<std::int64_t>(now))
          .run();
    }
    std::int64_t id = bare_id ? *bare_id : db.last_insert_id();
    append_event(db, id, now, "registered",
                 fmt::format("owner {}, at {}, tag {}", spec.dept, or_none(spec.location), *hex),
                 actor);
    db.prepare("UPDATE tag_unknown SET resolved_asset_id = ?2 WHERE epc = ?1")
        .bind(1, *hex)
        .bind(2, id)
        .run();
    auto row = read_asset(db, spec.code);
    if (!row) return row.error();
    tx.commit();
    return row->asset;
  });
}

Result<Asset> get_asset(Store& store, const std::string& code) {
  return sql::guarded("reading an asset", [&]() -> Result<Asset> {
    auto row = read_asset(database_of(store), code);
    if (!row) return row.error();
    return row->asset;
  });
}

Result<std::vector<Asset>> list_assets(Store& store, const std::optional<std::string>& dept,
                                       const std::optional<AssetStatus>& status) {
  return sql::guarded("listing assets", [&]() -> Result<std::vector<Asset>> {
    auto& db = database_of(store);
    std::optional<std::int64_t> dept_id;
    if (dept) {
      dept_id = find_dept_id(db, *dept);
      if (!dept_id) return make_error(Errc::not_found, "department {} does not exist", *dept);
    }
    auto st =
        db.prepare(fmt::format("{} WHERE (?1 IS NULL OR a.dept_id = ?1 OR a.holder_dept_id = ?1) "
                               "AND (?2 IS NULL OR a.status = ?2) ORDER BY a.code",
                               kAssetSelect));
    st.bind(1, dept_id);
    if (status) st.bind(2, to_string(*status));
    std::vector<Asset> out;
    while (st.step()) {
      auto row = row_from(st);
      if (!row) {
        return row.error();
      }
      out.push_back(std::move(row->asset));
    }
    return out;
  });
}

Result<std::vector<AssetEvent>> asset_history(Store& store, const std::string& code) {
  return sql::guarded("reading asset history", [&]() -> Result<std::vector<AssetEvent>> {
    auto& db = database_of(store);
    auto row = read_asset(db, code);
    if (!row) return row.error();
    auto st = db.prepare(
        "SELECT id, at, kind, detail, actor FROM asset_event WHERE asset_id = ? ORDER BY id");
    st.bind(1, row->asset.id);
    std::vector<AssetEvent> out;
    while (st.step()) out.push_back({st.int64(0), st.int64(1), st.text(2), st.text(3), st.text(4)});
    return out;
  });
}

Result<Asset> set_asset_status(Store& store, const std::string& code, AssetStatus status,
                               const std::string& actor, const std::string& why) {
  if (auto ok = check_text("reason", why, TextKind::note); !ok) return ok.error();
  if (auto ok = check_text("actor", actor, TextKind::name); !ok) return ok.error();
  return sql::guarded("changing asset status", [&]() -> Result<Asset> {
    auto& db = database_of(store);
    sql::Transaction tx(db);
    auto row = read_asset(db, code);
    if (!row) return row.error();
    AssetStatus from = row->asset.status;
    if (from == status)
      return make_error(Errc::conflict, "asset {} is already {}", code, to_string(status));
    if (!asset_transition_allowed(from, status)) {
      if (from == AssetStatus::retired)
        return make_error(Errc::refused, "asset {} is retired; retired is final", code);
      return make_error(Errc::refused, "asset {} cannot go from {} to {} (from {}: {})", code,
                        to_string(from), to_string(status), to_string(from), allowed_list(from));
    }
    Micros now = now_micros();
    db.prepare("UPDATE asset SET status = ?2, last_moved_at = ?3 WHERE id = ?1")
        .bind(1, row->asset.id)
        .bind(2, to_string(status))
        .bind(3, static_cast<std::int64_t>(now))
        .run();
    append_event(db, row->asset.id, now, "status",
                 with_reason(fmt::format("{} -> {}", to_string(from), to_string(status)), why),
                 actor);
    auto changed = read_asset(db, code);
    if (!changed) return changed.error();
    tx.commit();
    return changed->asset;
  });
}

namespace {

// An owner or holder change: checks, the UPDATE, and the history row, in one transaction.
// The owner moves the holder along unless the asset is on loan.
Result<Asset> change_custody(Store& store, const std::string& code, const std::string& dept,
                             bool owner, const std::string& actor, const std::string& why) {
  const char* role = owner ? "owner" : "holder";
  return sql::guarded(
      owner ? "changing asset owner" : "changing asset holder", [&]() -> Result<Asset> {
        auto& db = database_of(store);
        sql::Transaction tx(db);
        auto row = read_asset(db, code);
        if (!row) return row.error();
        auto dept_id = check_custody_change(db, *row, dept, role);
        if (!dept_id) return dept_id.error();
        if ((owner ? row->dept_id : row->holder_id) == *dept_id)
          return owner ? make_error(Errc::conflict, "asset {} already belongs to {}", code, dept)
                       : make_error(Errc::conflict, "asset {} is already held by {}", code, dept);
        bool move_holder = !owner || row->holder_id == row->dept_id;
        Micros now = now_micros();
        db.prepare(
              "UPDATE asset SET dept_id = CASE WHEN ?3 THEN ?2 ELSE dept_id END, "
              "holder_dept_id = CASE WHEN ?4 THEN ?2 ELSE holder_dept_id END, last_moved_at = ?5 "
              "WHERE id = ?1")
            .bind(1, row->asset.id)
            .bind(2, *dept_id)
            .bind(3, owner ? 1 : 0)
            .bind(4, move_holder ? 1 : 0)
            .bind(5, static_cast<std::int64_t>(now))
            .run();
        const auto& before = owner ? row->asset.dept : row->asset.holder_dept;
        append_event(db, row->asset.id, now, role,
                     with_reason(fmt::format("{} -> {}", or_none(before), dept), why), actor);
        auto changed = read_asset(db, code);
        if (!changed) return changed.error();
        tx.commit();
        return changed->asset;
      });
}

}  // namespace

Result<Asset> set_asset_location(Store& store, const std::string& code, const std::string& location,
                                 const std::string& actor, const std::string& why) {
  return sql::guarded("moving an asset", [&]() -> Result<Asset> {
    auto& db = database_of(store);
    sql::Transaction tx(db);
    auto row = read_asset(db, code);
    if (!row) return row.error();
    auto location_id = find_location_id(db, location);
    if (!location_id) return make_error(Errc::not_found, "unknown location {}", location);
    if (row->asset.location == location) return row->asset;
    Micros now = now_micros();
    db.prepare("UPDATE asset SET location_id = ?2, last_moved_at = ?3 WHERE id = ?1")
        .bind(1, row->asset.id)
        .bind(2, *location_id)
        .bind(3, static_cast<std::int64_t>(now))
        .run();
    append_event(db, row->asset.id, now, "moved",
                 with_reason(fmt::format("{} -> {}", or_none(row->asset.location), location), why),
                 actor);
    auto moved = read_asset(db, code);
    if (!moved) return moved.error();
    tx.commit();
    return moved->asset;
  });
}

Result<Asset> set_asset_owner(Store& store, const std::string& code, const std::string& dept,
                              const std::string& actor, const std::string& why) {
  return change_custody(store, code, dept, true, actor, why);
}

Result<Asset> set_asset_holder(Store& store, const std::string& code, const std::string& dept,
                               const std::string& actor, const std::string& why) {
  return change_custody(store, code, dept, false, actor, why);
}

void record_asset_sighting(sql::Transaction& tx, std::int64_t asset_id,
                           std::optional<std::int64_t> location_id, Micros at) {
  auto& db = tx.db();
  const auto when = static_cast<std::int64_t>(at);
  // The common case, a tag read again where it already is: one UPDATE.
  db.prepare(
        "UPDATE asset SET last_seen_at = max(coalesce(last_seen_at, ?2), ?2), "
        "last_seen_location_id = coalesce(?3, last_seen_location_id) "
        "WHERE id = ?1 AND (?3 IS NULL OR location_id IS ?3)")
      .bind(1, asset_id)
      .bind(2, when)
      .bind(3, location_id)
      .run();
  if (db.changes() > 0 || !location_id) return;
  db.prepare(
        "INSERT INTO asset_event(asset_id, at, kind, detail, actor) "
        "SELECT a.id, ?2, 'moved', coalesce(o.code, '-') || ' -> ' || n.code, 'reader' "
        "FROM asset a JOIN location n ON n.id = ?3 LEFT JOIN location o ON o.id = a.location_id "
        "WHERE a.id = ?1")
      .bind(1, asset_id)
      .bind(2, when)
      .bind(3, *location_id)
      .run();
  db.prepare(
        "UPDATE asset SET location_id = ?3, last_seen_location_id = ?3, "
        "last_seen_at = max(coalesce(last_seen_at, ?2), ?2), last_moved_at = ?2 WHERE id = ?1")
      .bind(1, asset_id)
      .bind(2, when)
      .bind(3, *location_id)
      .run();
}

Result<std::vector<std::string>> mark_idle_assets(Store& store, Micros now) {
  auto days_text = get_config(store, "asset.idle_days");
  if (!days_text) return days_text.error();
  if (!*days_text) return std::vector<std::string>{};
  auto days = parse_quantity("asset.idle_days", **days_text);  // in range: get_config checked
  if (!days) return days.error();
  return sql::guarded("marking idle assets", [&]() -> Result<std::vector<std::string>> {
    auto& db = database_of(store);
    sql::Transaction tx(db);
    std::vector<std::pair<std::int64_t, std::string>> found;
    auto st = db.prepare(
        "SELECT id, code FROM asset WHERE status = 'in_use' "
        "AND coalesce(last_moved_at, registered_at) <= ?1 ORDER BY code");
    st.bind(1, static_cast<std::int64_t>(now - *days * kMicrosPerDay));
    while (st.step()) found.emplace_back(st.int64(0), st.text(1));
    std::vector<std::string> codes;
    std::string detail =
        fmt::format("in_use -> idle: not moved for {} day{}", *days, *days == 1 ? "" : "s");
    for (auto& [id, code] : found) {
      db.prepare("UPDATE asset SET status = 'idle', last_moved_at = ?2 WHERE id = ?1")
          .bind(1, id)
          .bind(2, static_cast<std::int64_t>(now))
          .run();
      append_event(db, id, now, "status", detail, "idle-scan");
      codes.push_back(std::move(code));
    }
    tx.commit();
    return codes;
  });
}

}  // namespace rfinv::inventory
