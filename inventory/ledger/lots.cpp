#include "inventory/ledger/lots.h"

#include "base/text.h"
#include "inventory/catalog/internal/catalog_rows.h"
#include "inventory/store/store_database.h"
#include "sql/database.h"

namespace rfinv::inventory {

std::string utc_date(Micros at) { return format_utc(at).substr(0, 10); }

Status check_date(std::string_view field, const std::string& text) {
  if (auto ok = check_text(field, text, TextKind::name); !ok) return ok;
  // parse_utc checks the calendar (no 2027-02-30); the length keeps it to a bare date.
  if (text.size() != 10 || !parse_utc(text))
    return make_error(Errc::invalid_argument, "{} '{}' is not a date YYYY-MM-DD", field, text);
  return {};
}

bool is_expired(const std::optional<std::string>& expiry, Micros at) {
  return expiry && *expiry < utc_date(at);  // ISO dates order as text
}

void add_carried_lot(bool lot_tracked, bool expiry_tracked, const std::optional<std::string>& lot,
                     const std::optional<std::string>& expiry, MovementRequest& r) {
  if (lot_tracked && lot) r.lot = lot;
  if (!expiry || (!lot_tracked && !expiry_tracked)) return;
  if (r.kind == MovementKind::receive)
    r.expiry = expiry;
  else if (!lot_tracked)
    r.lot = expiry;
}

namespace {

constexpr std::string_view kLotSelect =
    "SELECT i.sku, l.code, l.expiry, l.held_reason, l.held_by, l.held_at, "
    "(SELECT ifnull(sum(s.qty), 0) FROM lot_stock s WHERE s.lot_id = l.id), "
    "i.expiry_horizon_days, l.id FROM lot l JOIN item i ON i.id = l.item_id";

LotInfo lot_from_row(const sql::Statement& st, Micros at) {
  LotInfo lot;
  lot.sku = st.text(0);
  lot.lot = st.text(1);
  lot.expiry = st.optional_text(2);
  lot.expired = is_expired(lot.expiry, at);
  lot.held_reason = st.optional_text(3);
  lot.held_by = st.optional_text(4);
  lot.held_at = st.optional_int64(5);
  lot.on_hand = st.int64(6);
  lot.expiry_horizon_days = st.int64(7);
  return lot;
}

// The lot's row id and what it is now; not_found for an unknown SKU or lot.
Result<std::pair<std::int64_t, LotInfo>> read_lot(sql::Database& db, const std::string& sku,
                                                  const std::string& code, Micros at) {
  if (!find_item_id(db, sku)) return make_error(Errc::not_found, "unknown SKU {}", sku);
  auto st = db.prepare(std::string(kLotSelect) + " WHERE i.sku = ? AND l.code = ?");
  if (!st.bind(1, sku).bind(2, code).step())
    return make_error(Errc::not_found, "{} has no lot {}", sku, code);
  return std::pair{st.int64(8), lot_from_row(st, at)};
}

}  // namespace

Result<LotHoldChange> hold_lot(Store& store, const std::string& sku, const std::string& lot,
                               const std::string& reason, const std::string& actor) {
  return sql::guarded("holding lot", [&]() -> Result<LotHoldChange> {
    if (reason.empty()) return make_error(Errc::invalid_argument, "a hold needs a reason");
    if (auto ok = check_text("reason", reason, TextKind::note); !ok) return ok.error();
    if (auto ok = check_text("actor", actor, TextKind::name); !ok) return ok.error();
    auto& db = database_of(store);
    sql::Transaction tx(db);
    Micros at = now_micros();
    auto found = read_lot(db, sku, lot, at);
    if (!found) return found.error();
    auto& [id, info] = *found;
    if (info.held_at) {
      if (info.held_reason == reason) return LotHoldChange{info, false};
      return make_error(Errc::conflict, "lot {} of {} is already held ({}, by {})", lot, sku,
                        info.held_reason.value_or(""), info.held_by.value_or(""));
    }
    db.prepare("UPDATE lot SET held_reason = ?, held_by = ?, held_at = ? WHERE id = ?")
        .bind(1, reason)
        .bind(2, actor)
        .bind(3, at)
        .bind(4, id)
        .run();
    info.held_reason = reason;
    info.held_by = actor;
    info.held_at = at;
    tx.commit();
    return LotHoldChange{info, true};
  });
}

Result<LotHoldChange> release_lot(Store& store, const std::string& sku, const std::string& lot) {
  return sql::guarded("releasing lot", [&]() -> Result<LotHoldChange> {
    auto& db = database_of(store);
    sql::Transaction tx(db);
    auto found = read_lot(db, sku, lot, now_micros());
    if (!found) return found.error();
    auto& [id, info] = *found;
    if (!info.held_at) return LotHoldChange{info, false};
    db.prepare("UPDATE lot SET held_reason = NULL, held_by = NULL, held_at = NULL WHERE id = ?")
        .bind(1, id)
        .run();
    info.held_reason.reset();
    info.held_by.reset();
    info.held_at.reset();
    tx.commit();
    return LotHoldChange{info, true};
  });
}

Result<std::vector<LotInfo>> list_lots(Store& store, const std::optional<std::string>& sku,
                                       Micros at) {
  return sql::guarded("listing lots", [&]() -> Result<std::vector<LotInfo>> {
    auto& db = database_of(store);
    if (sku && !find_item_id(db, *sku)) return make_error(Errc::not_found, "unknown SKU {}", *sku);
    auto st = db.prepare(std::string(kLotSelect) +
                         " WHERE ?1 IS NULL OR i.sku = ?1 "
                         "ORDER BY i.sku, l.expiry IS NULL, l.expiry, l.id");
    st.bind(1, sku);
    std::vector<LotInfo> out;
    while (st.step()) out.push_back(lot_from_row(st, at));
    return out;
  });
}

}  // namespace rfinv::inventory
