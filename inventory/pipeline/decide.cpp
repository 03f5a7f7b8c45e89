#include "inventory/pipeline/internal/decide.h"

#include <fmt/format.h>

#include "inventory/assets/assets.h"
#include "inventory/ledger/internal/ledger_apply.h"
#include "inventory/pipeline/internal/tag_lot.h"
#include "inventory/tags/tags.h"

namespace rfinv::inventory::pipeline {
namespace {

struct Unit {
  std::int64_t item_id = 0;
  std::optional<std::int64_t> location_id;
  std::optional<std::string> location;
  bool on_hand = false;
  bool observed = false;
};

// What one decision needs to read before it writes, in one statement: the tagged unit (if
// any) and whether the ledger already holds the movement keyed `move_key` (a replay).
struct Known {
  std::optional<Unit> unit;
  bool replayed = false;
};

Known look_up(sql::Database& db, const std::string& epc,
              const std::optional<std::string>& move_key) {
  auto st = db.prepare(
      "SELECT EXISTS (SELECT 1 FROM movement WHERE idem_key = ?2), u.item_id, u.location_id, "
      "l.code, u.on_hand, u.observed FROM (SELECT 1) LEFT JOIN unit u ON u.epc = ?1 "
      "LEFT JOIN location l ON l.id = u.location_id");
  st.bind(1, epc).bind(2, move_key).step();
  Known k;
  k.replayed = st.int64(0) != 0;
  if (!st.is_null(1))
    k.unit = Unit{st.int64(1), st.optional_int64(2), st.optional_text(3), st.int64(4) != 0,
                  st.int64(5) != 0};
  return k;
}

class Decider {
 public:
  Decider(sql::Transaction& tx, Store& store, const Decision& d, std::vector<BusinessEvent>& out,
          PipelineStats& stats, PendingTotals& totals)
      : tx_(tx), store_(store), db_(tx.db()), d_(d), out_(out), stats_(stats), totals_(totals) {}

  void run() {
    auto identity = resolve_tag(store_, d_.epc);
    if (!identity) throw sql::DbError(identity.error());
    id_ = std::move(identity.value());
    key_prefix_ = fmt::format("{}:{}:{}:", d_.key_base, id_.epc_hex, d_.at);
    bool moves = d_.action == Decision::Action::arrive || d_.action == Decision::Action::depart ||
                 d_.action == Decision::Action::shelf_enter;
    auto known = look_up(db_, id_.epc_hex, moves ? std::optional(key("move")) : std::nullopt);
    unit_ = std::move(known.unit);
    // A replayed movement: everything this decision would write is already there.
    if (known.replayed) {
      ++stats_.replayed;
      return;
    }
    if (d_.count_session) count_sighting();
    switch (id_.kind) {
      case TagKind::unknown:
        return unknown();
      case TagKind::asset:
        return asset();
      case TagKind::item:
        return item();
    }
  }

 private:
  std::string key(std::string_view kind) const { return key_prefix_ + std::string(kind); }

  BusinessEvent& event(std::string kind, std::string_view key_kind, std::string detail,
                       std::optional<std::int64_t> movement_id = std::nullopt) {
    BusinessEvent e;
    e.kind = std::move(kind);
    e.at = d_.at;
    e.epc = id_.epc_hex;
    e.reader = d_.read_point.reader;
    e.antenna = d_.read_point.antenna;
    e.role = d_.read_point.role;
    e.location = d_.read_point.location;
    if (id_.kind == TagKind::item) e.sku = id_.code;
    if (id_.kind == TagKind::asset) e.asset = id_.code;
    e.movement_id = movement_id;
    e.detail = std::move(detail);
    db_.prepare(
           "INSERT OR IGNORE INTO business_event(key, at, kind, epc, read_point_id, location_id, "
           "item_id, asset_id, movement_id, detail) VALUES (?,?,?,?,?,?,?,?,?,?)")
        .bind(1, key(key_kind))
        .bind(2, e.at)
        .bind(3, e.kind)
        .bind(4, e.epc)
        .bind(5, d_.read_point.id)
        .bind(6, d_.read_point.location_id)
        .bind(7, id_.kind == TagKind::item ? std::optional(id_.id) : std::nullopt)
        .bind(8, id_.kind == TagKind::asset ? std::optional(id_.id) : std::nullopt)
        .bind(9, movement_id)
        .bind(10, e.detail)
        .run();
    e.id = db_.changes() ? db_.last_insert_id() : 0;
    out_.push_back(std::move(e));
    return out_.back();
  }

  void anomaly(std::string_view kind, std::string detail) {
    db_.prepare(
           "INSERT OR IGNORE INTO anomaly(at, kind, epc, read_point_id, location_id, detail) "
           "VALUES (?,?,?,?,?,?)")
        .bind(1, d_.at)
        .bind(2, kind)
        .bind(3, id_.epc_hex)
        .bind(4, d_.read_point.id)
        .bind(5, d_.read_point.location_id)
        .bind(6, detail)
        .run();
    ++stats_.anomalies;
    event("anomaly", kind, std::move(detail));
  }

  // A count sees what is inside its location when it is finished: the latest sighting of a
  // tag names its read point, and a shelf that stops seeing the tag withdraws the sighting it
  // made (a case taken off the shelf during the count is missing, not seen). A sighting
  // since made elsewhere (moved to another shelf inside the count) stands.
  void count_sighting() {
    if (d_.action == Decision::Action::shelf_leave) {
      db_.prepare("DELETE FROM count_seen WHERE session_id = ? AND epc = ? AND read_point_id = ?")
          .bind(1, *d_.count_session)
          .bind(2, id_.epc_hex)
          .bind(3, d_.read_point.id)
          .run();
      return;
    }
    db_.prepare(
           "INSERT INTO count_seen(session_id, epc, first_seen, read_point_id) VALUES (?,?,?,?) "
           "ON CONFLICT(session_id, epc) DO UPDATE SET read_point_id = excluded.read_point_id")
        .bind(1, *d_.count_session)
        .bind(2, id_.epc_hex)
        .bind(3, d_.at)
        .bind(4, d_.read_point.id)
        .run();
  }

  void unknown() {
    if (d_.action == Decision::Action::shelf_leave) return;
    auto ok = record_unknown(store_,
                             {id_.epc_hex, d_.at, d_.read_point.reader, d_.read_point.location_id});
    if (!ok) throw sql::DbError(ok.error());
    ++stats_.unknown_tags;
    event("unknown", "unknown",
          fmt::format("unknown tag {}", id_.epc.scheme == epc::Scheme::raw ? "(raw EPC)" : ""));
  }

  void asset() {
    if (d_.action == Decision::Action::shelf_leave) return;
    record_asset_sighting(tx_, id_.id, d_.read_point.location_id, d_.at);
    event("asset_seen", "asset", fmt::format("asset {} at {}", id_.code, d_.read_point.location));
  }

  // Posts a one-unit movement with an idempotency key; nullopt when it was refused.
  std::optional<PostedMovement> move(MovementKind kind, std::optional<std::string> from,
                                     std::optional<std::string> to, const std::string& key) {
    MovementRequest r;
    r.kind = kind;
    r.sku = id_.code;
    r.qty = 1;
    r.from = std::move(from);
    r.to = std::move(to);
    r.actor = "reader:" + d_.read_point.reader;
    r.key = key;
    r.at = d_.at;
    add_tag_lot(db_, id_.epc, id_.id, d_.at, r);
    auto posted = apply_movement(tx_, r, nullptr, &totals_);
    if (!posted) {
      anomaly("movement_refused", posted.error().message);
      return std::nullopt;
    }
    ++stats_.movements;
    return std::move(posted.value());
  }

  // Writes the tagged unit: the row read with the replay check says whether to insert or update.
  void put_unit(std::optional<std::int64_t> location_id, bool on_hand, bool observed) {
    db_.prepare(unit_ ? "UPDATE unit SET item_id = ?2, location_id = ?3, on_hand = ?4, "
                        "observed = ?5, last_seen = max(last_seen, ?6) WHERE epc = ?1"
                      : "INSERT INTO unit(epc, item_id, location_id, on_hand, observed, last_seen) "
                        "VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
        .bind(1, id_.epc_hex)
        .bind(2, id_.id)
        .bind(3, location_id)
        .bind(4, on_hand ? 1 : 0)
        .bind(5, observed ? 1 : 0)
        .bind(6, d_.at)
        .run();
  }

  void item() {
    const auto& unit = unit_;
    bool on_hand = unit && unit->on_hand;
    const ReadPoint& rp = d_.read_point;
    switch (d_.action) {
      case Decision::Action::arrive: {
        if (on_hand) {
          event("seen", "seen", fmt::format("already on hand at {}", *unit->location));
          return;
        }
        if (auto posted = move(MovementKind::receive, std::nullopt, rp.location, key("move"))) {
          put_unit(rp.location_id, true, true);
          event("receive", "move", fmt::format("received into {}", rp.location), posted->id)
              .alerts = posted->alerts;
        }
        return;
      }
      case Decision::Action::depart: {
        if (!on_hand) return anomaly("issued_not_on_hand", "left through the dock but not on hand");
        if (auto posted = move(MovementKind::issue, unit->location, std::nullopt, key("move"))) {
          put_unit(unit->location_id, false, false);
          event("issue", "move", fmt::format("issued from {}", *unit->location), posted->id)
              .alerts = posted->alerts;
        }
        return;
      }
      case Decision::Action::shelf_enter: {
        if (!on_hand)
          return anomaly("shelf_not_on_hand",
                         fmt::format("seen on {} but never received", rp.location));
        if (unit->location_id == rp.location_id) {
          put_unit(rp.location_id, true, true);
          if (!unit->observed) event("seen", "seen", "observed again");
          return;
        }
        auto from = *unit->location;
        if (auto posted = move(MovementKind::transfer, from, rp.location, key("move"))) {
          put_unit(rp.location_id, true, true);
          event("transfer", "move", fmt::format("moved from {} to {}", from, rp.location),
                posted->id)
              .alerts = posted->alerts;
        }
        return;
      }
      case Decision::Action::shelf_leave: {
        if (on_hand && unit->location_id == rp.location_id && unit->observed) {
          put_unit(rp.location_id, true, false);
          event("unobserved", "unobserved", fmt::format("no longer seen on {}", rp.location));
        }
        return;
      }
      case Decision::Action::handheld: {
        if (on_hand) put_unit(unit->location_id, true, unit->observed);
        if (d_.count_session)
          event("counted", "counted", fmt::format("counted at {}", rp.location));
        return;
      }
    }
  }

  sql::Transaction& tx_;
  Store& store_;
  sql::Database& db_;
  const Decision& d_;
  std::vector<BusinessEvent>& out_;
  PipelineStats& stats_;
  PendingTotals& totals_;
  TagIdentity id_;
  std::string key_prefix_;    // "<key base>:<EPC hex>:<entry time>:"
  std::optional<Unit> unit_;  // the tagged unit, read with the replay check
};

}  // namespace

void decide(sql::Transaction& tx, Store& store, const Decision& d, std::vector<BusinessEvent>& out,
            PipelineStats& stats, PendingTotals& totals) {
  Decider(tx, store, d, out, stats, totals).run();
}

}  // namespace rfinv::inventory::pipeline
