#include "inventory/ledger/ledger.h"

#include <algorithm>

#include "base/text.h"
#include "inventory/alerts/internal/alert_engine.h"
#include "inventory/catalog/internal/catalog_rows.h"
#include "inventory/catalog/validate.h"
#include "inventory/ledger/internal/ledger_apply.h"
#include "inventory/ledger/internal/lot_moves.h"
#include "inventory/ledger/internal/pending_totals.h"
#include "inventory/ledger/lots.h"
#include "inventory/store/store_database.h"
#include "sql/database.h"

namespace rfinv::inventory {

std::string_view to_string(MovementKind kind) {
  switch (kind) {
    case MovementKind::receive:
      return "receive";
    case MovementKind::issue:
      return "issue";
    case MovementKind::transfer:
      return "transfer";
    case MovementKind::adjust:
      return "adjust";
    case MovementKind::dispose:
      return "dispose";
  }
  return "?";
}

namespace {

// What a movement reads before it writes, and the request's codes resolved to ids; `source`
// loses stock, `target` gains it.
struct Plan {
  std::int64_t item_id = 0;
  std::string unit;
  Tracking tracking;
  std::optional<std::int64_t> from_id, to_id;  // absent: the request's code is unknown
  std::int64_t stock_at_to = 0;                // the item's stock at `to` (the target, if any)
  bool stock_row_at_to = false;                // a stock row at `to` is stored
  // The free stock at `from` (holds.h's rule, which may be below 0 here), for an item without
  // lots; a tracked item's depends on the day and the movement (available_at).
  std::int64_t untracked_free_at_from = 0;
  bool key_used = false;  // a movement has the request's key
  ItemAlertState item;    // before the movement
  std::optional<std::int64_t> source, target;
  std::int64_t amount = 0;  // units leaving source / arriving at target (always > 0)
  std::int64_t on_hand_delta = 0;
};

// Whether a batch keeps the item's totals until its end (pending_totals.h): an item with lots
// or location levels writes them at once, since its lots and level alerts read the stock rows.
bool batch_keeps_totals(const Plan& p) { return !p.tracking.any() && !p.item.has_levels; }

Status check_shape(const MovementRequest& r) {
  bool adjust = r.kind == MovementKind::adjust;
  bool dispose = r.kind == MovementKind::dispose;
  if (r.qty == 0 || (r.qty < 0 && !adjust))
    return make_error(Errc::invalid_argument, "quantity must be {}, got {}",
                      adjust ? "non-zero" : "positive", r.qty);
  if (r.qty > kMaxQuantity || r.qty < -kMaxQuantity)
    return make_error(Errc::invalid_argument,
                      "quantity {} is more than the maximum of {} units per movement", r.qty,
                      kMaxQuantity);
  bool needs_from = r.kind == MovementKind::issue || r.kind == MovementKind::transfer || dispose;
  bool needs_to = r.kind != MovementKind::issue && !dispose;
  if (needs_from && !r.from)
    return make_error(Errc::invalid_argument, "{} needs a source location", to_string(r.kind));
  if (needs_to && !r.to)
    return make_error(Errc::invalid_argument, "{} needs a {} location", to_string(r.kind),
                      adjust ? "" : "destination");
  if (r.kind == MovementKind::transfer && *r.from == *r.to)
    return make_error(Errc::invalid_argument, "transfer from {} to itself", *r.from);
  if ((adjust || dispose) && (!r.reason || r.reason->empty()))
    return make_error(Errc::invalid_argument, "{} needs a reason",
                      adjust ? "an adjustment" : "a disposal");
  if (r.actor.empty()) return make_error(Errc::invalid_argument, "actor is empty");
  if (r.key && r.key->empty())
    return make_error(Errc::invalid_argument, "idempotency key is empty");
  if (auto ok = check_text("actor", r.actor, TextKind::name); !ok) return ok;
  if (r.key)
    if (auto ok = check_text("idempotency key", *r.key, TextKind::name); !ok) return ok;
  if (r.reason)
    if (auto ok = check_text("reason", *r.reason, TextKind::note); !ok) return ok;
  return {};
}

Result<std::int64_t> location_id(sql::Database& db, const std::string& code) {
  auto id = find_location_id(db, code);
  if (!id) return make_error(Errc::not_found, "unknown location {}", code);
  return *id;
}

// Reads the item, its alert state, the locations, the stock at the destination, the free stock
// at the source (an untracked item's) and whether the key was used, in one statement (each part
// an indexed search); nullopt for an unknown SKU. What it reads is as stored.
std::optional<Plan> read_stored_plan(sql::Database& db, const MovementRequest& r) {
  static const std::string sql = fmt::format(
      "SELECT i.id, i.unit, i.lot_tracked, i.expiry_tracked, f.id, t.id, "
      "(SELECT qty FROM stock WHERE item_id = i.id AND location_id = t.id), "
      "(SELECT 1 FROM movement WHERE idem_key = ?4), "
      "CASE WHEN f.id IS NOT NULL AND NOT i.lot_tracked AND NOT i.expiry_tracked THEN {} END, "
      "{} FROM item i LEFT JOIN location f ON f.code = ?2 LEFT JOIN location t ON t.code = ?3 {} "
      "WHERE i.sku = ?1",
      free_stock_sql("i.id", "f.id", "?5", "NULL"), item_alert_columns(), kItemAlertJoin);
  auto st = db.prepare(sql);
  if (!st.bind(1, r.sku).bind(2, r.from).bind(3, r.to).bind(4, r.key).bind(5, r.hold).step())
    return std::nullopt;
  Plan p;
  p.item_id = st.int64(0);
  p.unit = st.text(1);
  p.tracking = {st.int64(2) != 0, st.int64(3) != 0};
  p.from_id = st.optional_int64(4);
  p.to_id = st.optional_int64(5);
  p.stock_row_at_to = !st.is_null(6);
  p.stock_at_to = st.optional_int64(6).value_or(0);
  p.key_used = !st.is_null(7);
  p.untracked_free_at_from = st.optional_int64(8).value_or(0);
  p.item = item_alert_state(st, 9);
  return p;
}

// Keeps what a batch's read found of an item whose totals the batch keeps (pending_totals.h).
void remember_plan(PendingTotals& pending, const MovementRequest& r, const Plan& p) {
  if (!batch_keeps_totals(p)) return;
  pending.remember_item(r.sku, {p.item_id, p.unit, p.item});
  if (p.from_id) {
    pending.remember_location(*r.from, *p.from_id);
    if (!r.hold) pending.stored_stock(p.item_id, *p.from_id).free = p.untracked_free_at_from;
  }
  if (p.to_id) {
    pending.remember_location(*r.to, *p.to_id);
    auto& stock = pending.stored_stock(p.item_id, *p.to_id);
    stock.row_read = true;
    stock.row = p.stock_row_at_to ? std::optional(p.stock_at_to) : std::nullopt;
  }
}

// The stored plan of an item the batch has read before, reading only what it has not: nullopt
// when the item or a location is new to the batch, or the movement draws a hold.
std::optional<Plan> remembered_plan(sql::Database& db, const MovementRequest& r,
                                    PendingTotals& pending) {
  if (r.hold) return std::nullopt;
  const auto* item = pending.stored_item(r.sku);
  if (!item) return std::nullopt;
  Plan p;
  if (r.from && !(p.from_id = pending.location_id(*r.from))) return std::nullopt;
  if (r.to && !(p.to_id = pending.location_id(*r.to))) return std::nullopt;
  p.item_id = item->id;
  p.unit = item->unit;
  p.item = item->alert_state;
  if (p.to_id) {
    auto& stock = pending.stored_stock(p.item_id, *p.to_id);
    if (!stock.row_read) {
      auto st = db.prepare("SELECT qty FROM stock WHERE item_id = ? AND location_id = ?");
      if (st.bind(1, p.item_id).bind(2, *p.to_id).step()) stock.row = st.int64(0);
      stock.row_read = true;
    }
    p.stock_row_at_to = stock.row.has_value();
    p.stock_at_to = stock.row.value_or(0);
  }
  if (p.from_id) {
    auto& stock = pending.stored_stock(p.item_id, *p.from_id);
    if (!stock.free) stock.free = free_stock_at(db, p.item_id, *p.from_id, std::nullopt);
    p.untracked_free_at_from = *stock.free;
  }
  if (r.key) {
    auto st = db.prepare("SELECT 1 FROM movement WHERE idem_key = ?");
    p.key_used = st.bind(1, *r.key).step();
  }
  return p;
}

// What a movement reads before it writes; nullopt for an unknown SKU. With `pending`, the
// totals a batch keeps for the item are added to what is stored, and what the batch read
// before is not read again.
std::optional<Plan> read_plan(sql::Database& db, const MovementRequest& r, PendingTotals* pending) {
  std::optional<Plan> p;
  if (pending) p = remembered_plan(db, r, *pending);
  if (!p) {
    p = read_stored_plan(db, r);
    if (!p) return std::nullopt;
    if (pending) remember_plan(*pending, r, *p);
  }
  if (pending) {
    if (p->to_id) p->stock_at_to += pending->stock_change(p->item_id, *p->to_id);
    if (p->from_id) p->untracked_free_at_from += pending->stock_change(p->item_id, *p->from_id);
    auto kept = pending->item_change(p->item_id);
    p->item.on_hand += kept.on_hand;
    p->item.on_order += kept.on_order;
  }
  p->amount = r.qty < 0 ? -r.qty : r.qty;
  switch (r.kind) {
    case MovementKind::receive:
      p->target = p->to_id;
      p->on_hand_delta = r.qty;
      break;
    case MovementKind::issue:
    case MovementKind::dispose:
      p->source = p->from_id;
      p->on_hand_delta = -r.qty;
      break;
    case MovementKind::transfer:
      p->source = p->from_id;
      p->target = p->to_id;
      break;
    case MovementKind::adjust:
      (r.qty < 0 ? p->source : p->target) = p->to_id;
      p->on_hand_delta = r.qty;
      break;
  }
  return p;
}

// Fills open purchase orders for the item, oldest first; returns the units allocated.
std::int64_t fill_orders(sql::Database& db, std::int64_t item_id, std::int64_t qty) {
  std::int64_t left = qty;
  std::vector<std::pair<std::int64_t, std::int64_t>> open;  // id, outstanding
  auto st = db.prepare(
      "SELECT id, qty - received FROM purchase_order WHERE item_id = ? AND status = 'open' "
      "ORDER BY id");
  st.bind(1, item_id);
  while (st.step()) open.emplace_back(st.int64(0), st.int64(1));
  for (auto [id, outstanding] : open) {
    if (left == 0) break;
    auto take = std::min(left, outstanding);
    db.prepare(
          "UPDATE purchase_order SET received = received + ?1, "
          "status = CASE WHEN received + ?1 >= qty THEN 'closed' ELSE status END WHERE id = ?2")
        .bind(1, take)
        .bind(2, id)
        .run();
    left -= take;
  }
  return qty - left;
}

// What a movement did, as people name it: "issue 2 GLOVE-L from A-01".
std::string describe(std::string_view kind, std::int64_t qty, const std::string& sku,
                     const std::optional<std::string>& from, const std::optional<std::string>& to,
                     const std::optional<std::string>& reason) {
  std::string out = fmt::format("{} {} {}", kind, qty, sku);
  if (from) out += " from " + *from;
  if (to) out += (kind == "adjust" ? " at " : " to ") + *to;
  if (reason) out += fmt::format(" ({})", *reason);
  return out;
}

// The movement stored under `key`, if any. A key names one movement: a request that repeats
// it exactly (kind, SKU, quantity, locations, reason) is a replay and changes nothing; one
// that differs is a conflict, never silently dropped in favour of the original.
std::optional<Result<PostedMovement>> replayed(sql::Database& db, const MovementRequest& r) {
  auto st = db.prepare(
      fmt::format("SELECT m.id, {}, i.sku, m.reason FROM movement m "
                  "JOIN item i ON i.id = m.item_id LEFT JOIN location f ON f.id = "
                  "m.from_location_id LEFT JOIN location t ON t.id = m.to_location_id WHERE "
                  "m.idem_key = ?",
                  kMovementAsNamed));
  if (!st.bind(1, *r.key).step()) return std::nullopt;
  auto id = st.int64(0);
  auto kind = st.text(1);
  auto qty = st.int64(2);
  auto from = st.optional_text(3);
  auto to = st.optional_text(4);
  auto sku = st.text(5);
  auto reason = st.optional_text(6);
  // The locations the request actually uses, as the movement row records them.
  bool uses_from = r.kind == MovementKind::issue || r.kind == MovementKind::transfer ||
                   r.kind == MovementKind::dispose;
  bool uses_to = r.kind != MovementKind::issue && r.kind != MovementKind::dispose;
  auto same_location = [&](const std::optional<std::string>& asked,
                           const std::optional<std::string>& stored) {
    if (!asked || !stored) return !asked && !stored;
    if (*asked == *stored) return true;
    auto a = find_location_id(db, *asked);
    return a && a == find_location_id(db, *stored);
  };
  bool same = kind == to_string(r.kind) && qty == r.qty &&
              (sku == r.sku || (find_item_id(db, r.sku) == find_item_id(db, sku))) &&
              same_location(uses_from ? r.from : std::nullopt, from) &&
              same_location(uses_to ? r.to : std::nullopt, to) && reason == r.reason;
  if (!same)
    return Result<PostedMovement>(make_error(
        Errc::conflict, "key {} was used by movement {} ({}); a retry must repeat it exactly",
        *r.key, id, describe(kind, qty, sku, from, to, reason)));
  auto lots = movement_lots(db, id);
  if (r.lot && (lots.size() != 1 || lots[0].lot != *r.lot))
    return Result<PostedMovement>(
        make_error(Errc::conflict,
                   "key {} was used by movement {} ({}, other lots); a retry must repeat it "
                   "exactly",
                   *r.key, id, describe(kind, qty, sku, from, to, reason)));
  return Result<PostedMovement>(PostedMovement{id, true, {}, std::move(lots)});
}

}  // namespace

namespace {

bool is_quarantine(sql::Database& db, std::int64_t location_id) {
  auto st = db.prepare("SELECT quarantine FROM location WHERE id = ?");
  return st.bind(1, location_id).step() && st.int64(0) != 0;
}

// The lots a tracked item's movement takes and adds: `lots` when given (a reversal repeats
// the lots of the movement it undoes), else the named lot or first expiry first out.
Result<std::vector<LotTake>> plan_lots(sql::Database& db, const MovementRequest& r, const Plan& p,
                                       std::int64_t available, bool any_state, Micros at,
                                       const std::vector<LotQty>* lots) {
  std::vector<LotTake> out;
  if (p.source) {
    const auto& where = r.kind == MovementKind::adjust ? *r.to : *r.from;
    if (!lots)
      return lots_to_take(db, p.item_id, *p.source, r, p.amount, any_state, available, p.unit,
                          where, at);
    for (const auto& lot : *lots) {
      MovementRequest one = r;
      one.lot = lot.lot;
      auto took = lots_to_take(db, p.item_id, *p.source, one, lot.qty, any_state, available, p.unit,
                               where, at);
      if (!took) return took.error();
      out.insert(out.end(), took->begin(), took->end());
    }
    return out;
  }
  if (!lots) {
    auto lot = lot_to_add(db, p.item_id, p.tracking, r, at);
    if (!lot) return lot.error();
    return std::vector<LotTake>{{*lot, p.amount}};
  }
  for (const auto& lot : *lots) {
    // Each lot as a label would carry it: an expiry-only item's lot is its expiry date, and a
    // receipt creates a new lot with its expiry.
    MovementRequest one = r;
    one.lot.reset();
    one.expiry.reset();
    add_carried_lot(p.tracking.lots, p.tracking.expiry, lot.lot, lot.expiry, one);
    if (!one.lot && !one.expiry)
      return make_error(Errc::invalid_argument, "lot {} of {} carries no expiry; {} tracks expiry",
                        lot.lot, r.sku, r.sku);
    auto id = lot_to_add(db, p.item_id, p.tracking, one, at);
    if (!id) return id.error();
    // Two carried lots may be one lot here (an expiry-only item's lots of one date).
    auto same =
        std::find_if(out.begin(), out.end(), [&](const LotTake& t) { return t.lot_id == *id; });
    if (same != out.end())
      same->qty += lot.qty;
    else
      out.push_back({*id, lot.qty});
  }
  return out;
}

}  // namespace

Result<PostedMovement> apply_movement(sql::Transaction& tx, const MovementRequest& r,
                                      const std::vector<LotQty>* lots, PendingTotals* pending) {
  auto& db = tx.db();
  if (auto ok = check_shape(r); !ok) return ok.error();
  auto p = read_plan(db, r, pending);
  // A key that was used names its movement: the request is its replay or a conflict, whatever
  // else is wrong with it now.
  if (r.key && (!p || p->key_used))
    if (auto earlier = replayed(db, r)) return std::move(*earlier);
  if (!p) return make_error(Errc::not_found, "unknown SKU {}", r.sku);
  if (r.from && !p->from_id) return make_error(Errc::not_found, "unknown location {}", *r.from);
  if (r.to && !p->to_id) return make_error(Errc::not_found, "unknown location {}", *r.to);
  // Exact lots (a reversal's, a pool hand-over's) stand for the request's own lot fields.
  if (auto ok = check_lot_fields(r, p->tracking, lots != nullptr); !ok) return ok.error();
  Micros at = r.at.value_or(now_micros());
  bool tracked = p->tracking.any();
  // Expired and held lots leave only by a disposal, an adjustment (what a count found) or a
  // transfer to a quarantine location.
  bool any_state = r.kind == MovementKind::adjust || r.kind == MovementKind::dispose ||
                   (tracked && r.kind == MovementKind::transfer && is_quarantine(db, *p->target));
  std::vector<LotTake> moved_lots;
  std::int64_t available = 0;
  if (p->source) {
    // Issue and transfer take only stock nobody holds; an adjustment records what is there.
    // Only a tracked item has lots that may be expired or held, so only its lookup needs the
    // day (formatting it costs more than the rest of the lookup).
    if (r.kind == MovementKind::adjust)
      available = p->stock_at_to;  // an adjustment's source is its `to`
    else if (!tracked)
      available = std::max<std::int64_t>(0, p->untracked_free_at_from);
    else
      available = available_at(db, p->item_id, *p->source, r.hold,
                               any_state ? std::nullopt : std::optional(utc_date(at)));
    if (!tracked && available < p->amount)
      return make_error(Errc::refused, "only {} {} of {} available at {} ({} requested)", available,
                        p->unit, r.sku, r.kind == MovementKind::adjust ? *r.to : *r.from,
                        p->amount);
  }
  // A failed movement writes nothing, so a batch (post_movements) or a caller's transaction
  // goes on without it. Only planning a tracked item's lots writes (a new lot) before the last
  // check; an untracked item's movement needs no savepoint.
  std::optional<sql::Savepoint> planning;
  if (tracked) {
    planning.emplace(tx, "movement_lots");
    auto planned = plan_lots(db, r, *p, available, any_state, at, lots);
    if (!planned) return planned.error();
    moved_lots = std::move(*planned);
  }
  // Every total the movement changes is checked before anything is written: SQLite would
  // store an overflowing integer sum as a REAL without a word.
  if (p->target) {
    if (auto sum = checked_add([&] { return fmt::format("stock of {} at {}", r.sku, *r.to); },
                               p->stock_at_to, p->amount);
        !sum)
      return sum.error();
  }
  if (p->on_hand_delta != 0) {
    if (auto sum = checked_add([&] { return fmt::format("on hand of {}", r.sku); }, p->item.on_hand,
                               p->on_hand_delta);
        !sum)
      return sum.error();
  }
  if (planning) planning->release();
  // The totals the movement changes wait for the end of a batch, or are written now.
  PendingTotals now_written;
  PendingTotals* kept = batch_keeps_totals(*p) ? pending : nullptr;
  PendingTotals& totals = kept ? *kept : now_written;
  if (p->source) {
    // The source row exists: it has the units taken from it (or the batch keeps them).
    totals.add_stock(p->item_id, *p->source, -p->amount, true);
    if (r.hold) {
      draw_hold(db, *r.hold, p->amount);
      if (pending) pending->forget_free_stock();
    }
  }
  if (p->target) totals.add_stock(p->item_id, *p->target, p->amount, p->stock_row_at_to);
  // item.on_order is what open orders still expect (orders.cpp): none is open when it is 0.
  std::int64_t filled = r.kind == MovementKind::receive && p->item.on_order > 0
                            ? fill_orders(db, p->item_id, r.qty)
                            : 0;
  totals.add_item(p->item_id, {p->on_hand_delta, -filled});
  if (!kept) now_written.flush(db);
  // A disposal is stored as the negative adjustment it is, marked (ledger_schema.cpp).
  bool dispose = r.kind == MovementKind::dispose;
  bool adjust = r.kind == MovementKind::adjust || dispose;
  std::int64_t stored_qty = dispose ? -r.qty : r.qty;
  db.prepare(
        "INSERT INTO movement(kind, item_id, qty, from_location_id, to_location_id, actor, at, "
        "reason, idem_key, disposal) VALUES (?,?,?,?,?,?,?,?,?,?)")
      .bind(1, to_string(dispose ? MovementKind::adjust : r.kind))
      .bind(2, p->item_id)
      .bind(3, stored_qty)
      .bind(4, adjust ? std::nullopt : p->source)
      .bind(5, adjust ? p->source ? p->source : p->target : p->target)
      .bind(6, r.actor)
      .bind(7, at)
      .bind(8, r.reason)
      .bind(9, r.key)
      .bind(10, dispose ? 1 : 0)
      .run();
  PostedMovement out{db.last_insert_id(), false, {}, {}};
  if (tracked) {
    write_lot_moves(db, p->item_id, p->source, p->target, moved_lots, out.id,
                    stored_qty < 0 ? -1 : 1);
    out.lots = movement_lots(db, out.id);
  }
  std::vector<StockTouch> touched;
  if (p->source) touched.push_back({*p->source, true});
  if (p->target) touched.push_back({*p->target, false});
  ItemAlertState after = p->item;
  after.on_hand += p->on_hand_delta;
  after.on_order -= filled;
  out.alerts = evaluate_movement_alerts(tx, p->item_id, after, touched, p->on_hand_delta < 0, at,
                                        PositionChange{p->on_hand_delta, -filled}, kept);
  return out;
}

Result<PostedMovement> post_movement(Store& store, const MovementRequest& request) {
  return sql::guarded("posting movement", [&]() -> Result<PostedMovement> {
    auto& db = database_of(store);
    sql::Transaction tx(db);
    auto posted = apply_movement(tx, request);
    if (!posted) return posted;  // the destructor rolls back
    tx.commit();
    return posted;
  });
}

Result<std::vector<Result<PostedMovement>>> post_movements(
    Store& store, std::span<const MovementRequest> requests) {
  return sql::guarded("posting movements", [&]() -> Result<std::vector<Result<PostedMovement>>> {
    auto& db = database_of(store);
    sql::Transaction tx(db);
    std::vector<Result<PostedMovement>> results;
    results.reserve(requests.size());
    // A refused movement writes nothing (apply_movement), so the others stand.
    PendingTotals totals;
    for (const auto& request : requests)
      results.push_back(apply_movement(tx, request, nullptr, &totals));
    totals.flush(db);
    tx.commit();
    return results;
  });
}

namespace {

std::string reversal_key(std::int64_t id) { return fmt::format("reversal of movement {}", id); }

}  // namespace

Result<Reversal> reverse_movement(Store& store, std::int64_t id, const std::string& reason,
                                  const std::string& actor) {
  if (reason.empty()) return make_error(Errc::invalid_argument, "a reversal needs a reason");
  return sql::guarded("reversing movement", [&]() -> Result<Reversal> {
    auto& db = database_of(store);
    sql::Transaction tx(db);
    std::string kind;
    MovementRequest r;
    std::int64_t qty = 0;
    std::optional<std::string> from, to, key;
    {
      auto st = db.prepare(
          "SELECT m.kind, i.sku, m.qty, f.code, t.code, m.idem_key FROM movement m "
          "JOIN item i ON i.id = m.item_id LEFT JOIN location f ON f.id = m.from_location_id "
          "LEFT JOIN location t ON t.id = m.to_location_id WHERE m.id = ?");
      if (!st.bind(1, id).step()) return make_error(Errc::not_found, "no movement {}", id);
      kind = st.text(0);
      r.sku = st.text(1);
      qty = st.int64(2);
      from = st.optional_text(3);
      to = st.optional_text(4);
      key = st.optional_text(5);
    }
    if (key && key->starts_with("reversal of movement "))
      return make_error(Errc::refused,
                        "movement {} is itself a {}; post the movement again instead", id, *key);
    r.key = reversal_key(id);
    {
      auto done = db.prepare("SELECT id FROM movement WHERE idem_key = ?");
      if (done.bind(1, *r.key).step())
        return Reversal{{done.int64(0), true, {}, movement_lots(db, done.int64(0))}, r.sku, ""};
    }
    if (kind == "transfer") {
      r.kind = MovementKind::transfer;
      r.qty = qty;
      r.from = to;
      r.to = from;
    } else {
      // An adjustment of the opposite sign where the stock went in or came out; an issue's
      // row names its location as `from`.
      r.kind = MovementKind::adjust;
      r.qty = kind == "issue" ? qty : -qty;
      r.to = kind == "issue" ? from : to;
    }
    r.actor = actor;
    r.reason = fmt::format("{}: {}", *r.key, reason);
    auto lots = movement_lots(db, id);
    auto posted = apply_movement(tx, r, lots.empty() ? nullptr : &lots);
    if (!posted) return posted.error();
    tx.commit();
    return Reversal{
        std::move(*posted), r.sku,
        describe(to_string(r.kind), r.qty, r.sku,
                 r.kind == MovementKind::transfer ? r.from : std::nullopt, r.to, std::nullopt)};
  });
}

Result<std::vector<StockLine>> stock_levels(Store& store, const StockFilter& filter) {
  return sql::guarded("reading stock", [&]() -> Result<std::vector<StockLine>> {
    auto& db = database_of(store);
    if (filter.sku && !find_item_id(db, *filter.sku))
      return make_error(Errc::not_found, "unknown SKU {}", *filter.sku);
    std::optional<std::int64_t> location;
    if (filter.location) {
      auto id = location_id(db, *filter.location);
      if (!id) return id.error();
      location = *id;
    }
    // With lots, a tracked item's stock rows give way to its rows per lot.
    auto st = db.prepare(fmt::format(
        "WITH RECURSIVE down(id) AS (SELECT ?2 UNION ALL SELECT l.id FROM location l "
        "JOIN down ON l.parent_id = down.id) "
        "SELECT i.sku, i.name, i.unit, l.code, s.qty, {} FROM {} "
        "JOIN item i ON i.id = s.item_id JOIN location l ON l.id = s.location_id "
        "WHERE s.qty <> 0 AND (?1 IS NULL OR i.sku = ?1) "
        "AND (?2 IS NULL OR s.location_id IN (SELECT id FROM down)) "
        "AND (?3 = 0 OR EXISTS (SELECT 1 FROM alert a WHERE a.item_id = i.id "
        "AND a.cleared_at IS NULL)) "
        "ORDER BY i.sku, l.code{}",
        filter.lots ? "lt.code, lt.expiry, lt.held_at IS NOT NULL" : "NULL, NULL, 0",
        filter.lots ? "(SELECT item_id, location_id, lot_id, qty FROM lot_stock UNION ALL "
                      "SELECT st.item_id, st.location_id, NULL, st.qty FROM stock st JOIN item "
                      "it ON it.id = st.item_id WHERE it.lot_tracked = 0 AND "
                      "it.expiry_tracked = 0) s LEFT JOIN lot lt ON lt.id = s.lot_id"
                    : "stock s",
        filter.lots ? ", lt.expiry IS NULL, lt.expiry, lt.id" : ""));
    st.bind(1, filter.sku).bind(2, location).bind(3, filter.low ? 1 : 0);
    std::vector<StockLine> out;
    Micros now = now_micros();
    while (st.step()) {
      StockLine line{st.text(0),          st.text(1),  st.text(2),
                     st.text(3),          st.int64(4), st.optional_text(5),
                     st.optional_text(6), false,       st.int64(7) != 0};
      line.expired = is_expired(line.expiry, now);
      out.push_back(std::move(line));
    }
    return out;
  });
}

Result<std::vector<MovementRecord>> movement_history(Store& store, const std::string& sku,
                                                     std::size_t limit) {
  return sql::guarded("reading history", [&]() -> Result<std::vector<MovementRecord>> {
    auto& db = database_of(store);
    auto item = find_item_id(db, sku);
    if (!item) return make_error(Errc::not_found, "unknown SKU {}", sku);
    auto st =
        db.prepare(fmt::format("SELECT m.id, {}, m.actor, m.at, m.reason, m.idem_key "
                               "FROM movement m LEFT JOIN location f ON f.id = m.from_location_id "
                               "LEFT JOIN location t ON t.id = m.to_location_id "
                               "WHERE m.item_id = ? ORDER BY m.id DESC LIMIT ?",
                               kMovementAsNamed));
    st.bind(1, *item).bind(2, std::int64_t(limit));
    std::vector<MovementRecord> out;
    while (st.step())
      out.push_back({st.int64(0),
                     st.text(1),
                     sku,
                     st.int64(2),
                     st.optional_text(3),
                     st.optional_text(4),
                     st.text(5),
                     st.int64(6),
                     st.optional_text(7),
                     st.optional_text(8),
                     {}});
    for (auto& m : out) m.lots = movement_lots(db, m.id);
    return out;
  });
}

}  // namespace rfinv::inventory
