// The requisition steps that move stock: pick (holds), ship (into transit), receive, close and
// cancel (out of transit).
#include <fmt/format.h>

#include "base/text.h"
#include "inventory/catalog/internal/catalog_rows.h"
#include "inventory/catalog/validate.h"
#include "inventory/ledger/holds.h"
#include "inventory/ledger/internal/ledger_apply.h"
#include "inventory/ledger/lots.h"
#include "inventory/requisitions/internal/requisition_rows.h"
#include "inventory/store/store_database.h"

namespace rfinv::inventory {
namespace {

constexpr std::string_view kTransitSite = "TRANSIT";

// One line as the stock steps need it.
struct LineRow {
  std::int64_t item_id = 0;
  std::string sku;
  std::int64_t qty = 0, picked = 0, shipped = 0, received = 0;
  bool closed = false;
};

std::vector<LineRow> line_rows(sql::Database& db, std::int64_t id) {
  auto st = db.prepare(
      "SELECT l.item_id, i.sku, l.qty, l.picked, l.shipped, l.received, l.closed FROM "
      "requisition_line l JOIN item i ON i.id = l.item_id WHERE l.requisition_id = ? ORDER BY "
      "i.sku");
  st.bind(1, id);
  std::vector<LineRow> out;
  while (st.step())
    out.push_back({st.int64(0), st.text(1), st.int64(2), st.int64(3), st.int64(4), st.int64(5),
                   st.int64(6) != 0});
  return out;
}

std::int64_t location_id(sql::Database& db, const std::string& code) {
  return find_location_id(db, code).value_or(0);
}

std::string hold_key(std::int64_t id, const std::string& sku, const std::string& lot) {
  return fmt::format("requisition:{}:{}:{}", id, sku, lot);
}

// A lot as the ledger names it: none for stock not tracked by lot ("").
std::optional<std::string> lot_named(const std::string& lot) {
  return lot.empty() ? std::nullopt : std::optional(lot);
}

// What is still at the store of what pick held of `lot` under `hold`: all of it, unless a count
// found less since (an adjustment is not limited by holds).
std::int64_t still_held(sql::Database& db, std::int64_t item_id, std::int64_t from,
                        const RequisitionLot& lot, const std::string& hold) {
  std::int64_t there = available_at(db, item_id, from, hold);
  if (!lot.lot.empty()) {
    std::int64_t of_lot = 0;
    for (const auto& at : lots_at(db, item_id, from, hold))
      if (at.code == lot.lot) of_lot = at.free();
    there = std::min(there, of_lot);
  }
  return std::min(lot.picked, there);
}

// Closes a line: what did not arrive of what was asked is its shortfall.
void close_line(sql::Database& db, std::int64_t id, const LineRow& line) {
  db.prepare(
        "UPDATE requisition_line SET closed = 1, shortfall = qty - received WHERE "
        "requisition_id = ? AND item_id = ?")
      .bind(1, id)
      .bind(2, line.item_id)
      .run();
}

// The requisition's own transit location, a zone under the site TRANSIT, made at its shipment.
Result<std::string> make_transit(sql::Database& db, std::int64_t id) {
  std::optional<std::int64_t> site;
  {
    auto st = db.prepare("SELECT id, kind FROM location WHERE code = ?");
    st.bind(1, kTransitSite);
    if (st.step()) {
      if (st.text(1) != "site")
        return make_error(Errc::conflict,
                          "location {} is a {}; requisitions need it as the site of stock in "
                          "transit",
                          kTransitSite, st.text(1));
      site = st.int64(0);
    }
  }
  if (!site) {
    db.prepare("INSERT INTO location(code, name, kind) VALUES (?, 'Stock in transit', 'site')")
        .bind(1, kTransitSite)
        .run();
    site = db.last_insert_id();
  }
  std::string code = fmt::format("{}-R{}", kTransitSite, id);
  if (find_location_id(db, code))
    return make_error(Errc::conflict, "location {} exists; requisition {} needs it for its transit",
                      code, id);
  db.prepare("INSERT INTO location(code, name, kind, parent_id) VALUES (?, ?, 'zone', ?)")
      .bind(1, code)
      .bind(2, fmt::format("Requisition {} in transit", id))
      .bind(3, *site)
      .run();
  db.prepare("UPDATE requisition SET transit_location_id = ? WHERE id = ?")
      .bind(1, db.last_insert_id())
      .bind(2, id)
      .run();
  return code;
}

// Everything still in transit goes to `to` (the store on a cancel) or is written off.
Status empty_transit(sql::Transaction& tx, const Requisition& r, const std::vector<LineRow>& lines,
                     const std::optional<std::string>& to, const std::string& why,
                     const std::string& actor) {
  auto& db = tx.db();
  std::int64_t transit = location_id(db, *r.transit);
  for (const auto& line : lines) {
    for (const auto& lot : stock_by_lot(db, line.item_id, transit, false)) {
      std::string key = fmt::format("requisition:{}:{}:{}:{}", r.id, to ? "return" : "write-off",
                                    line.sku, lot.lot);
      release_hold(tx, hold_key(r.id, line.sku, lot.lot));
      auto moved = to ? transfer_lot(tx, {.sku = line.sku,
                                          .lot = lot.lot,
                                          .qty = lot.qty,
                                          .from = *r.transit,
                                          .to = *to,
                                          .key = key,
                                          .reason = why,
                                          .actor = actor})
                      : write_off_lot(tx, line.sku, lot.lot, lot.qty, *r.transit, key, why, actor);
      if (!moved) return moved.error();
    }
  }
  return {};
}

}  // namespace

std::vector<LotOnHand> stock_by_lot(sql::Database& db, std::int64_t item_id,
                                    std::int64_t location_id, bool free) {
  Micros now = now_micros();
  std::int64_t total = 0;
  bool tracked = false;
  {
    auto st = db.prepare(
        "SELECT COALESCE((SELECT qty FROM stock WHERE item_id = ?1 AND location_id = ?2), 0), "
        "(SELECT count(*) FROM unit WHERE item_id = ?1 AND location_id = ?2 AND on_hand = 1), "
        "(SELECT lot_tracked OR expiry_tracked FROM item WHERE id = ?1)");
    st.bind(1, item_id).bind(2, location_id);
    st.step();
    total = st.int64(0);
    tracked = st.int64(2) != 0;
    // Free: usable lots less every hold, and less tagged units, which move by their tags.
    if (free)
      total = available_at(db, item_id, location_id, std::nullopt, utc_date(now)) - st.int64(1);
  }
  if (total <= 0) return {};
  if (!tracked) return {LotOnHand{"", total}};
  // Lots first expiry first out (then the lot received first), as the ledger takes them. A
  // free lot is usable (not held, not expired) and gives what no hold on it keeps.
  std::vector<LotOnHand> out;
  for (const auto& lot : lots_at(db, item_id, location_id, std::nullopt)) {
    if (total == 0) break;
    if (free && (lot.quarantined || is_expired(lot.expiry, now))) continue;
    std::int64_t qty = std::min(total, free ? lot.free() : lot.qty);
    if (qty <= 0) continue;
    out.push_back({lot.code, qty});
    total -= qty;
  }
  return out;
}

Result<PostedMovement> transfer_lot(sql::Transaction& tx, const LotTransfer& t) {
  MovementRequest m{.kind = MovementKind::transfer,
                    .sku = t.sku,
                    .qty = t.qty,
                    .from = t.from,
                    .to = t.to,
                    .actor = t.actor,
                    .reason = t.reason,
                    .key = t.key,
                    .hold = t.hold,
                    .lot = lot_named(t.lot)};
  return apply_movement(tx, m);
}

Result<PostedMovement> write_off_lot(sql::Transaction& tx, const std::string& sku,
                                     const std::string& lot, std::int64_t qty,
                                     const std::string& at, const std::string& key,
                                     const std::string& reason, const std::string& actor) {
  MovementRequest m{.kind = MovementKind::adjust,
                    .sku = sku,
                    .qty = -qty,
                    .to = at,
                    .actor = actor,
                    .reason = reason,
                    .key = key,
                    .lot = lot_named(lot)};
  return apply_movement(tx, m);
}

Result<StepDone> pick_requisition(Store& store, const RequisitionStep& step) {
  return sql::guarded("picking requisition", [&]() -> Result<StepDone> {
    auto& db = database_of(store);
    sql::Transaction tx(db);
    std::string content = fmt::format("pick {}", step.id);
    auto start = begin_step(db, step, "pick", content, {RequisitionStatus::approved});
    if (!start) return start.error();
    if (start->replay) return StepDone{std::move(start->requisition), true};
    const auto& r = start->requisition;
    std::int64_t from = location_id(db, r.from);
    std::int64_t total = 0;
    for (const auto& line : line_rows(db, step.id)) {
      std::int64_t wanted = line.qty;
      for (const auto& lot : stock_by_lot(db, line.item_id, from, true)) {
        if (wanted == 0) break;
        std::int64_t take = std::min(wanted, lot.qty);
        if (auto held = place_hold(tx, hold_key(step.id, line.sku, lot.lot), line.sku, r.from, take,
                                   lot_named(lot.lot));
            !held)
          return held.error();
        db.prepare(
              "INSERT INTO requisition_lot(requisition_id, item_id, lot, picked) VALUES (?, ?, ?, "
              "?)")
            .bind(1, step.id)
            .bind(2, line.item_id)
            .bind(3, lot.lot)
            .bind(4, take)
            .run();
        wanted -= take;
      }
      db.prepare("UPDATE requisition_line SET picked = ? WHERE requisition_id = ? AND item_id = ?")
          .bind(1, line.qty - wanted)
          .bind(2, step.id)
          .bind(3, line.item_id)
          .run();
      total += line.qty - wanted;
    }
    if (total == 0)
      return make_error(Errc::refused,
                        "nothing asked for by requisition {} is free at {}; it stays approved",
                        step.id, r.from);
    auto done = finish_step(db, step, "pick", content, RequisitionStatus::picked);
    tx.commit();
    return StepDone{std::move(done), false};
  });
}

Result<StepDone> ship_requisition(Store& store, const RequisitionStep& step) {
  return sql::guarded("shipping requisition", [&]() -> Result<StepDone> {
    auto& db = database_of(store);
    sql::Transaction tx(db);
    std::string content = fmt::format("ship {}", step.id);
    auto start = begin_step(db, step, "ship", content, {RequisitionStatus::picked});
    if (!start) return start.error();
    if (start->replay) return StepDone{std::move(start->requisition), true};
    const auto& r = start->requisition;
    auto transit = make_transit(db, step.id);
    if (!transit) return transit.error();
    std::int64_t from = location_id(db, r.from);
    for (const auto& line : r.lines) {
      std::int64_t item_id = *find_item_id(db, line.sku);
      std::int64_t sent = 0;
      for (const auto& lot : line.lots) {
        // Exactly the picked lots: each transfer names its lot and draws its hold, which kept
        // those units from any other issue since the pick.
        std::string hold = hold_key(step.id, line.sku, lot.lot);
        std::int64_t qty = still_held(db, item_id, from, lot, hold);
        if (qty > 0) {
          auto moved = transfer_lot(
              tx, {.sku = line.sku,
                   .lot = lot.lot,
                   .qty = qty,
                   .from = r.from,
                   .to = *transit,
                   .hold = hold,
                   .key = fmt::format("requisition:{}:ship:{}:{}", step.id, line.sku, lot.lot),
                   .reason = fmt::format("requisition {} shipped", step.id),
                   .actor = step.actor});
          if (!moved) return moved.error();
        }
        // The hold goes with the units: what a count found missing is released at the store,
        // and what was shipped is held in transit, so only this requisition's receipt, close or
        // cancel takes it.
        release_hold(tx, hold);
        if (qty > 0)
          if (auto held = place_hold(tx, hold, line.sku, *transit, qty, lot_named(lot.lot)); !held)
            return held.error();
        db.prepare(
              "UPDATE requisition_lot SET shipped = ? WHERE requisition_id = ? AND item_id = ? "
              "AND lot = ?")
            .bind(1, qty)
            .bind(2, step.id)
            .bind(3, item_id)
            .bind(4, lot.lot)
            .run();
        sent += qty;
      }
      db.prepare("UPDATE requisition_line SET shipped = ? WHERE requisition_id = ? AND item_id = ?")
          .bind(1, sent)
          .bind(2, step.id)
          .bind(3, item_id)
          .run();
    }
    for (const auto& line : line_rows(db, step.id))
      if (line.shipped == 0) close_line(db, step.id, line);
    auto done = finish_step(db, step, "ship", content, RequisitionStatus::shipped);
    tx.commit();
    return StepDone{std::move(done), false};
  });
}

Result<StepDone> receive_requisition(Store& store, const RequisitionStep& step,
                                     const std::vector<RequestedQty>& lines) {
  return sql::guarded("receiving requisition", [&]() -> Result<StepDone> {
    for (const auto& l : lines) {
      if (auto ok = check_code("SKU", l.sku); !ok) return ok.error();
      if (l.qty <= 0 || l.qty > kMaxQuantity)
        return make_error(Errc::invalid_argument, "quantity of {} must be 1 to {}, got {}", l.sku,
                          kMaxQuantity, l.qty);
    }
    auto& db = database_of(store);
    sql::Transaction tx(db);
    std::string content = fmt::format("receive {}", step.id);
    for (const auto& l : lines) content += fmt::format(" {}={}", l.sku, l.qty);
    auto start = begin_step(db, step, "receive", content,
                            {RequisitionStatus::shipped, RequisitionStatus::partially_received});
    if (!start) return start.error();
    if (start->replay) return StepDone{std::move(start->requisition), true};
    const auto& r = start->requisition;
    auto rows = line_rows(db, step.id);
    // What to receive per line: as asked, or everything still in transit.
    std::vector<std::int64_t> take(rows.size(), 0);
    for (std::size_t i = 0; i < rows.size(); ++i)
      if (lines.empty()) take[i] = rows[i].shipped - rows[i].received;
    for (const auto& l : lines) {
      auto it = std::find_if(rows.begin(), rows.end(), [&](auto& row) { return row.sku == l.sku; });
      if (it == rows.end())
        return make_error(Errc::not_found, "{} is not on requisition {}", l.sku, step.id);
      auto& t = take[it - rows.begin()];
      t += l.qty;
      if (t > it->shipped - it->received)
        return make_error(Errc::refused,
                          "only {} of {} in transit on requisition {} ({} shipped, {} received; "
                          "{} asked)",
                          it->shipped - it->received, l.sku, step.id, it->shipped, it->received, t);
    }
    std::int64_t transit = location_id(db, *r.transit);
    std::int64_t receipt = 0;
    {
      auto st = db.prepare(
          "SELECT count(*) FROM requisition_step WHERE requisition_id = ? AND step = 'receive'");
      st.bind(1, step.id).step();
      receipt = st.int64(0) + 1;
    }
    for (std::size_t i = 0; i < rows.size(); ++i) {
      std::int64_t wanted = take[i];
      if (wanted == 0) continue;
      for (const auto& lot : stock_by_lot(db, rows[i].item_id, transit, false)) {
        if (wanted == 0) break;
        std::int64_t q = std::min(wanted, lot.qty);
        auto moved = transfer_lot(tx, {.sku = rows[i].sku,
                                       .lot = lot.lot,
                                       .qty = q,
                                       .from = *r.transit,
                                       .to = r.to,
                                       .hold = hold_key(step.id, rows[i].sku, lot.lot),
                                       .key = fmt::format("requisition:{}:receipt{}:{}:{}", step.id,
                                                          receipt, rows[i].sku, lot.lot),
                                       .reason = fmt::format("requisition {} received", step.id),
                                       .actor = step.actor});
        if (!moved) return moved.error();
        wanted -= q;
      }
      if (wanted != 0)
        return make_error(Errc::corrupt, "requisition {}: {} of {} missing from {}", step.id,
                          wanted, rows[i].sku, *r.transit);
      rows[i].received += take[i];
      db.prepare(
            "UPDATE requisition_line SET received = ? WHERE requisition_id = ? AND item_id = ?")
          .bind(1, rows[i].received)
          .bind(2, step.id)
          .bind(3, rows[i].item_id)
          .run();
      if (rows[i].received == rows[i].shipped) close_line(db, step.id, rows[i]);
    }
    bool all_closed = true;
    for (const auto& row : line_rows(db, step.id)) all_closed = all_closed && row.closed;
    auto done = finish_step(
        db, step, "receive", content,
        all_closed ? RequisitionStatus::received : RequisitionStatus::partially_received);
    tx.commit();
    return StepDone{std::move(done), false};
  });
}

Result<StepDone> close_requisition(Store& store, const RequisitionStep& step,
                                   const std::string& reason) {
  return sql::guarded("closing requisition", [&]() -> Result<StepDone> {
    if (auto ok = check_text("reason", reason, TextKind::note); !ok) return ok.error();
    if (reason.empty())
      return make_error(Errc::invalid_argument, "closing a requisition short needs a reason");
    auto& db = database_of(store);
    sql::Transaction tx(db);
    std::string content = fmt::format("close {}: {}", step.id, reason);
    auto start = begin_step(db, step, "close", content,
                            {RequisitionStatus::shipped, RequisitionStatus::partially_received});
    if (!start) return start.error();
    if (start->replay) return StepDone{std::move(start->requisition), true};
    auto rows = line_rows(db, step.id);
    if (auto ok = empty_transit(tx, start->requisition, rows, std::nullopt,
                                fmt::format("requisition {} closed short: {}", step.id, reason),
                                step.actor);
        !ok)
      return ok.error();
    for (const auto& row : rows)
      if (!row.closed) close_line(db, step.id, row);
    auto done = finish_step(db, step, "close", content, RequisitionStatus::closed);
    tx.commit();
    return StepDone{std::move(done), false};
  });
}

Result<StepDone> cancel_requisition(Store& store, const RequisitionStep& step) {
  return sql::guarded("cancelling requisition", [&]() -> Result<StepDone> {
    auto& db = database_of(store);
    sql::Transaction tx(db);
    std::string content = fmt::format("cancel {}", step.id);
    auto start = begin_step(
        db, step, "cancel", content,
        {RequisitionStatus::requested, RequisitionStatus::approved, RequisitionStatus::picked,
         RequisitionStatus::shipped, RequisitionStatus::partially_received});
    if (!start) return start.error();
    if (start->replay) return StepDone{std::move(start->requisition), true};
    const auto& r = start->requisition;
    auto rows = line_rows(db, step.id);
    if (r.status == RequisitionStatus::picked)
      for (const auto& line : r.lines)
        for (const auto& lot : line.lots) release_hold(tx, hold_key(step.id, line.sku, lot.lot));
    if (r.transit)
      if (auto ok = empty_transit(
              tx, r, rows, r.from,
              fmt::format("requisition {} cancelled: back to the store", step.id), step.actor);
          !ok)
        return ok.error();
    for (const auto& row : rows)
      if (!row.closed) close_line(db, step.id, row);
    auto done = finish_step(db, step, "cancel", content, RequisitionStatus::cancelled);
    tx.commit();
    return StepDone{std::move(done), false};
  });
}

}  // namespace rfinv::inventory
