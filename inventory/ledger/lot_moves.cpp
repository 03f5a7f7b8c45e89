#include "inventory/ledger/internal/lot_moves.h"

#include "base/text.h"
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

Result<std::vector<LotTake>> lots_to_take(sql::Database& db, std::int64_t item_id,
                                          std::int64_t location_id, const MovementRequest& r,
                                          std::int64_t qty, bool any_state, std::int64_t limit,
                                          const std::string& unit, const std::string& location,
                                          Micros at) {
  std::optional<std::int64_t> named;
  if (r.lot) {
    auto st = db.prepare(
        "SELECT id, expiry, held_reason, held_at FROM lot WHERE item_id = ? AND code = ?");
    if (!st.bind(1, item_id).bind(2, *r.lot).step())
      return make_error(Errc::not_found, "{} has no lot {}", r.sku, *r.lot);
    named = st.int64(0);
    if (!any_state) {
      auto expiry = st.optional_text(1);
      if (is_expired(expiry, at))
        return make_error(Errc::refused,
                          "lot {} of {} expired on {}: it can only be disposed of or moved to a "
                          "quarantine location",
                          *r.lot, r.sku, *expiry);
      if (!st.is_null(3))
        return make_error(Errc::refused,
                          "lot {} of {} is held ({}): it can only be disposed of or moved to a "
                          "quarantine location until it is released",
                          *r.lot, r.sku, st.optional_text(2).value_or(""));
    }
  }
  // First expiry first out; lots without an expiry after those with one; then the lot
  // received first (ids grow with the first receipt).
  auto st = db.prepare(
      "SELECT s.lot_id, s.qty, l.expiry, l.held_at IS NOT NULL FROM lot_stock s "
      "JOIN lot l ON l.id = s.lot_id WHERE s.item_id = ?1 AND s.location_id = ?2 AND s.qty > 0 "
      "AND (?3 IS NULL OR s.lot_id = ?3) ORDER BY l.expiry IS NULL, l.expiry, l.id");
  st.bind(1, item_id).bind(2, location_id).bind(3, named);
  std::vector<LotTake> out;
  std::int64_t left = std::min(qty, limit), usable = 0, unusable = 0;
  while (st.step()) {
    auto lot_qty = st.int64(1);
    if (!any_state && (st.int64(3) != 0 || is_expired(st.optional_text(2), at))) {
      unusable += lot_qty;
      continue;
    }
    usable += lot_qty;
    if (left == 0) continue;
    auto take = std::min(left, lot_qty);
    out.push_back({st.int64(0), take});
    left -= take;
  }
  auto available = std::min(usable, limit);
  if (available < qty) {
    std::string what = r.lot ? fmt::format("{} lot {}", r.sku, *r.lot) : r.sku;
    std::string why =
        unusable > 0 ? fmt::format("; {} more are expired or held", unusable) : std::string();
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
