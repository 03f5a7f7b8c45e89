#include "inventory/ledger/internal/lot_moves.h"

#include "base/text.h"
#include "inventory/ledger/internal/ledger_apply.h"
#include "inventory/ledger/lots.h"

namespace rfinv::inventory {

Status check_lot_fields(const MovementRequest& r, Tracking tracking, bool exact_lots) {
  if (r.lot) {
    if (auto ok = check_text("lot", *r.lot, TextKind::code); !ok) return ok;
    if (r.lot->empty()) return make_error(Errc::invalid_argument, "lot is empty");
  }
  if (r.expiry)
    if (auto ok = check_date("expiry", *r.expiry); !ok) return ok;
  bool adds = r.kind == MovementKind::receive || (r.kind == MovementKind::adjust && r.qty > 0);
  if (r.expiry && !adds)
    return make_error(Errc::invalid_argument,
                      "expiry is given only when stock comes in (a receipt or an adjustment up)");
  if (r.allow_expired && r.kind != MovementKind::receive)
    return make_error(Errc::invalid_argument, "allowing an expired lot is for a receipt only");
  if (!tracking.any()) {
    if (r.lot)
      return make_error(Errc::invalid_argument,
                        "lot: {} is not lot-tracked (item edit {} --lots to track it)", r.sku,
                        r.sku);
    if (r.expiry)
      return make_error(Errc::invalid_argument,
                        "expiry: {} tracks no expiry (item edit {} --expiry-tracked to track it)",
                        r.sku, r.sku);
    return {};
  }
  if (r.kind == MovementKind::receive && !exact_lots) {
    if (tracking.lots && !r.lot)
      return make_error(Errc::invalid_argument, "lot: {} is lot-tracked; a receipt needs its lot",
                        r.sku);
    if (!tracking.lots && r.lot)
      return make_error(Errc::invalid_argument,
                        "lot: {} is not lot-tracked (only its expiry is); give --expiry only",
                        r.sku);
    if (tracking.expiry && !r.expiry)
      return make_error(Errc::invalid_argument,
                        "expiry: {} is expiry-tracked; a receipt needs its expiry date", r.sku);
  }
  return {};
}

Result<std::int64_t> lot_to_add(sql::Database& db, std::int64_t item_id, Tracking tracking,
                                const MovementRequest& r, Micros at) {
  // An expiry-only item's lots are named by their expiry date.
  std::optional<std::string> code = tracking.lots ? r.lot : r.lot ? r.lot : r.expiry;
  if (!code)
    return make_error(Errc::invalid_argument, "lot: {} is {}; say which lot (--lot{})", r.sku,
                      tracking.lots ? "lot-tracked" : "expiry-tracked",
                      tracking.lots ? "" : " or --expiry");
  if (r.kind == MovementKind::receive && r.expiry && !r.allow_expired && is_expired(r.expiry, at))
    return make_error(Errc::invalid_argument,
                      "expiry {} is in the past (today is {}); an expired lot is received only "
                      "when allowed (--allow-expired)",
                      *r.expiry, utc_date(at));
  auto known = db.prepare("SELECT id, expiry FROM lot WHERE item_id = ? AND code = ?");
  if (known.bind(1, item_id).bind(2, *code).step()) {
    auto id = known.int64(0);
    auto expiry = known.optional_text(1);
    if (r.expiry && expiry != r.expiry)
      return make_error(Errc::conflict, "lot {} of {} was recorded with {}, not expiry {}", *code,
                        r.sku, expiry ? "expiry " + *expiry : std::string("no expiry"), *r.expiry);
    return id;
  }
  if (tracking.expiry && !r.expiry)
    return make_error(Errc::not_found, "{} has no lot {}; a new lot needs its expiry", r.sku,
                      *code);
  db.prepare("INSERT INTO lot(item_id, code, expiry, created_at) VALUES (?, ?, ?, ?)")
      .bind(1, item_id)
      .bind(2, *code)
      .bind(3, r.expiry)
      .bind(4, at)
      .run();
  return db.last_insert_id();
}

namespace {

// The lot a movement takes from, when it names one: its --lot, or the lot of the hold it draws
// on (a hold on a lot gives up units of that lot only). not_found for an unknown lot,
// invalid_argument for a --lot other than the hold's or a hold on another item's lot.
Result<std::optional<LotAt>> named_lot(sql::Database& db, std::int64_t item_id,
                                       const MovementRequest& r) {
  std::optional<std::int64_t> of_hold = r.hold ? hold_lot(db, *r.hold) : std::nullopt;
  if (!r.lot && !of_hold) return std::optional<LotAt>();
  auto st = db.prepare(
      "SELECT id, code, expiry, held_reason, held_at IS NOT NULL FROM lot WHERE item_id = ?1 AND "
      "CASE WHEN ?2 IS NULL THEN id = ?3 ELSE code = ?2 END");
  if (!st.bind(1, item_id).bind(2, r.lot).bind(3, of_hold).step()) {
    if (r.lot) return make_error(Errc::not_found, "{} has no lot {}", r.sku, *r.lot);
    return make_error(Errc::invalid_argument, "hold: {} keeps units of another item than {}",
                      *r.hold, r.sku);
  }
  LotAt lot{st.int64(0), st.text(1), st.optional_text(2), st.optional_text(3), st.int64(4) != 0};
  if (of_hold && lot.lot_id != *of_hold)
    return make_error(Errc::invalid_argument, "lot: hold {} keeps units of another lot than {}",
                      *r.hold, lot.code);
  return std::optional<LotAt>(std::move(lot));
}

}  // namespace

Result<std::vector<LotTake>> lots_to_take(sql::Database& db, std::int64_t item_id,
                                          std::int64_t location_id, const MovementRequest& r,
                                          std::int64_t qty, bool any_state, std::int64_t limit,
                                          const std::string& unit, const std::string& location,
                                          Micros at) {
  auto named = named_lot(db, item_id, r);
  if (!named) return named.error();
  if (*named && !any_state) {
    const auto& lot = **named;
    if (is_expired(lot.expiry, at))
      return make_error(Errc::refused,
                        "lot {} of {} expired on {}: it can only be disposed of or moved to a "
                        "quarantine location",
                        lot.code, r.sku, *lot.expiry);
    if (lot.quarantined)
      return make_error(Errc::refused,
                        "lot {} of {} is held ({}): it can only be disposed of or moved to a "
                        "quarantine location until it is released",
                        lot.code, r.sku, lot.held_reason.value_or(""));
  }
  // An adjustment records what a count found: holds do not limit it.
  bool holds_limit = r.kind != MovementKind::adjust;
  std::vector<LotTake> out;
  std::int64_t left = std::min(qty, limit), usable = 0, unusable = 0, held = 0;
  for (const auto& lot : lots_at(db, item_id, location_id, r.hold)) {
    if (*named && lot.lot_id != (*named)->lot_id) continue;
    if (!any_state && (lot.quarantined || is_expired(lot.expiry, at))) {
      unusable += lot.qty;
      continue;
    }
    std::int64_t free = holds_limit ? lot.free() : lot.qty;
    held += lot.qty - free;
    usable += free;
    auto take = std::min(left, free);
    if (take == 0) continue;
    out.push_back({lot.lot_id, take});
    left -= take;
  }
  auto available = std::min(usable, limit);
  if (available < qty) {
    // What the limit keeps back of the usable lots' free units is held without a lot.
    held += usable - available;
    std::string what = *named ? fmt::format("{} lot {}", r.sku, (*named)->code) : r.sku;
    std::string why;
    if (held > 0) why += fmt::format("; {} more are held for requisitions or pool offers", held);
    if (unusable > 0) why += fmt::format("; {} more are expired or held", unusable);
    return make_error(Errc::refused, "only {} {} of {} available at {} ({} requested{})", available,
                      unit, what, location, qty, why);
  }
  return out;
}

void write_lot_moves(sql::Database& db, std::int64_t item_id, std::optional<std::int64_t> from,
                     std::optional<std::int64_t> to, const std::vector<LotTake>& lots,
                     std::int64_t movement_id, int sign) {
  for (const auto& take : lots) {
    if (from)
      db.prepare(
            "UPDATE lot_stock SET qty = qty - ? WHERE item_id = ? AND location_id = ? AND "
            "lot_id = ?")
          .bind(1, take.qty)
          .bind(2, item_id)
          .bind(3, *from)
          .bind(4, take.lot_id)
          .run();
    if (to)
      db.prepare(
            "INSERT INTO lot_stock(item_id, location_id, lot_id, qty) VALUES (?1, ?2, ?3, ?4) "
            "ON CONFLICT(item_id, location_id, lot_id) DO UPDATE SET qty = qty + ?4")
          .bind(1, item_id)
          .bind(2, *to)
          .bind(3, take.lot_id)
          .bind(4, take.qty)
          .run();
    db.prepare("INSERT INTO movement_lot(movement_id, lot_id, qty) VALUES (?, ?, ?)")
        .bind(1, movement_id)
        .bind(2, take.lot_id)
        .bind(3, sign * take.qty)
        .run();
  }
}

std::vector<LotQty> movement_lots(sql::Database& db, std::int64_t movement_id) {
  auto st = db.prepare(
      "SELECT l.code, l.expiry, abs(ml.qty) FROM movement_lot ml JOIN lot l ON l.id = ml.lot_id "
      "WHERE ml.movement_id = ? ORDER BY l.expiry IS NULL, l.expiry, l.id");
  st.bind(1, movement_id);
  std::vector<LotQty> out;
  while (st.step()) out.push_back({st.text(0), st.optional_text(1), st.int64(2)});
  return out;
}

}  // namespace rfinv::inventory
