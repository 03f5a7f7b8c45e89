#include "inventory/counts/counts.h"

#include <fmt/format.h>

#include <algorithm>
#include <unordered_set>

#include "epc/epc.h"
#include "inventory/catalog/internal/catalog_rows.h"
#include "inventory/ledger/internal/ledger_apply.h"
#include "inventory/pipeline/internal/tag_lot.h"
#include "inventory/store/store_database.h"
#include "inventory/tags/tags.h"
#include "sql/database.h"

namespace rfinv::inventory {
namespace {

constexpr std::string_view kSessionSelect =
    "SELECT s.id, l.code, s.started_at, s.finished_at, s.applied, s.actor, "
    "(SELECT count(*) FROM count_seen c WHERE c.session_id = s.id) "
    "FROM count_session s JOIN location l ON l.id = s.location_id";

CountSession session_from_row(const sql::Statement& st) {
  CountSession s;
  s.id = st.int64(0);
  s.location = st.text(1);
  s.started_at = st.int64(2);
  s.finished_at = st.optional_int64(3);
  s.applied = st.int64(4) != 0;
  s.actor = st.text(5);
  s.seen = st.int64(6);
  return s;
}

std::string uri_of(const std::string& hex) {
  auto decoded = epc::decode_hex(hex);
  return decoded ? epc::pure_uri(*decoded) : "urn:epc:raw:" + hex;
}

// The session `which` names, read inside the caller's transaction.
Result<CountSession> choose_session(sql::Database& db, const CountSelector& which) {
  std::vector<CountSession> found;
  if (which.id) {
    auto st = db.prepare(fmt::format("{} WHERE s.id = ?", kSessionSelect));
    st.bind(1, *which.id);
    while (st.step()) found.push_back(session_from_row(st));
    if (found.empty()) return make_error(Errc::not_found, "no count session {}", *which.id);
  } else if (which.location) {
    if (!find_location_id(db, *which.location))
      return make_error(Errc::not_found, "no location '{}'", *which.location);
    auto st =
        db.prepare(fmt::format("{} WHERE l.code = ? AND s.finished_at IS NULL", kSessionSelect));
    st.bind(1, *which.location);
    while (st.step()) found.push_back(session_from_row(st));
    if (found.empty())
      return make_error(Errc::not_found, "no open count at {} (rfinv count start --location {})",
                        *which.location, *which.location);
  } else {
    auto st = db.prepare(fmt::format("{} WHERE s.finished_at IS NULL", kSessionSelect));
    while (st.step()) found.push_back(session_from_row(st));
    if (found.empty()) return make_error(Errc::not_found, "no count is open");
    if (found.size() > 1)
      return make_error(Errc::invalid_argument,
                        "{} counts are open: choose one with --location or --id", found.size());
  }
  if (found.front().finished_at)
    return make_error(Errc::conflict, "count {} was already finished at {}", found.front().id,
                      format_utc(*found.front().finished_at));
  return found.front();
}

struct Seen {
  std::string epc;
  Micros first_seen = 0;
  std::optional<std::int64_t> read_point_id;
  std::int64_t location_id = 0;
  std::string location;
};

struct BookedUnit {
  std::int64_t item_id = 0;
  std::optional<std::int64_t> location_id;
  std::optional<std::string> location;
  bool on_hand = false;
  Micros last_seen = 0;
};

std::optional<BookedUnit> booked_unit(sql::Database& db, const std::string& epc) {
  auto st = db.prepare(
      "SELECT u.item_id, u.location_id, l.code, u.on_hand, u.last_seen FROM unit u "
      "LEFT JOIN location l ON l.id = u.location_id WHERE u.epc = ?");
  if (!st.bind(1, epc).step()) return std::nullopt;
  BookedUnit u{st.int64(0), st.optional_int64(1), st.optional_text(2), st.int64(3) != 0,
               st.int64(4)};
  return u;
}

// Applies one count line inside the finishing transaction.
class Applier {
 public:
  Applier(sql::Transaction& tx, const CountSession& session, std::string actor, Micros at)
      : tx_(tx), db_(tx.db()), session_(session), actor_(std::move(actor)), at_(at) {}

  void missing(CountLine& line, std::int64_t item_id, std::int64_t location_id) {
    auto posted =
        move(MovementKind::adjust, -1, line, item_id, std::nullopt, line.location, "missing");
    // A refusal means the ledger already holds no stock of the item there (an untagged
    // issue took it): the unit is gone either way.
    line.applied = posted ? "adjusted out" : "marked not on hand";
    put_unit(line.epc, item_id, location_id, false, 0);
    event(line, std::nullopt, location_id,
          posted ? fmt::format("cycle count {}: missing from {}", session_.id, line.location)
                 : fmt::format("cycle count {}: missing from {}, no stock booked there",
                               session_.id, line.location));
  }

  Status found(CountLine& line, std::int64_t item_id, const Seen& seen,
               const std::optional<BookedUnit>& unit) {
    std::optional<PostedMovement> posted;
    if (unit && unit->on_hand && unit->location) {
      posted = move(MovementKind::transfer, 1, line, item_id, unit->location, seen.location, "");
      if (posted) line.applied = "transferred";
    }
    // Not on hand anywhere, or its booked location holds no stock to move: it is found here.
    if (!posted) {
      posted = move(MovementKind::adjust, 1, line, item_id, std::nullopt, seen.location, "found");
      if (!posted) return make_error(Errc::refused, "count {}: {}", session_.id, refusal_);
      line.applied = "adjusted in";
    }
    put_unit(line.epc, item_id, seen.location_id, true,
             std::max(seen.first_seen, unit ? unit->last_seen : seen.first_seen));
    event(line, seen.read_point_id, seen.location_id,
          line.applied == "transferred"
              ? fmt::format("cycle count {}: found at {}, moved from {}", session_.id,
                            seen.location, *unit->location)
              : fmt::format("cycle count {}: found at {}", session_.id, seen.location));
    return {};
  }

 private:
  std::optional<PostedMovement> move(MovementKind kind, std::int64_t qty, CountLine& line,
                                     std::int64_t item_id, std::optional<std::string> from,
                                     std::optional<std::string> to, std::string_view why) {
    MovementRequest r;
    r.kind = kind;
    r.sku = *line.sku;
    r.qty = qty;
    r.from = std::move(from);
    r.to = std::move(to);
    r.actor = actor_;
    if (kind == MovementKind::adjust)
      r.reason = fmt::format("cycle count {}: {}", session_.id, why);
    r.key = fmt::format("count{}:{}", session_.id, line.epc);
    r.at = at_;
    // A lot-tracked unit is counted in its tag's lot when the EPC carries one; else the
    // ledger takes lots first expiry first.
    if (auto decoded = epc::decode_hex(line.epc))
      pipeline::add_tag_lot(db_, *decoded, item_id, at_, r);
    auto posted = apply_movement(tx_, r);
    if (!posted) {
      // A lot-tracked item's unit found with no lot to book it in (its tag carries none) is
      // refused like missing stock, not a failure of the database.
      auto code = posted.error().code;
      if (code != Errc::refused && code != Errc::invalid_argument && code != Errc::not_found)
        throw sql::DbError(posted.error());
      refusal_ = fmt::format("{} {}: {}", r.sku, line.epc, posted.error().message);
      return std::nullopt;
    }
    line.movement_id = posted->id;
    line.alerts = posted->alerts;
    return std::move(posted.value());
  }

  void put_unit(const std::string& epc, std::int64_t item_id, std::int64_t location_id,
                bool on_hand, Micros last_seen) {
    db_.prepare(
           "INSERT INTO unit(epc, item_id, location_id, on_hand, observed, last_seen) "
           "VALUES (?1, ?2, ?3, ?4, ?4, ?5) ON CONFLICT(epc) DO UPDATE SET item_id = ?2, "
           "location_id = ?3, on_hand = ?4, observed = ?4, last_seen = max(last_seen, ?5)")
        .bind(1, epc)
        .bind(2, item_id)
        .bind(3, location_id)
        .bind(4, on_hand ? 1 : 0)
        .bind(5, last_seen)
        .run();
  }

  void event(const CountLine& line, std::optional<std::int64_t> read_point_id,
             std::int64_t location_id, const std::string& detail) {
    db_.prepare(
           "INSERT OR IGNORE INTO business_event(key, at, kind, epc, read_point_id, "
           "location_id, item_id, movement_id, detail) VALUES (?, ?, 'count_adjust', ?, ?, ?, "
           "(SELECT id FROM item WHERE sku = ?), ?, ?)")
        .bind(1, fmt::format("count{}:{}", session_.id, line.epc))
        .bind(2, at_)
        .bind(3, line.epc)
        .bind(4, read_point_id)
        .bind(5, location_id)
        .bind(6, *line.sku)
        .bind(7, line.movement_id)
        .bind(8, detail)
        .run();
  }

  sql::Transaction& tx_;
  sql::Database& db_;
  const CountSession& session_;
  std::string actor_;
  Micros at_;
  std::string refusal_;
};

Result<CountReport> finish_in_transaction(sql::Transaction& tx, Store& store,
                                          const CountSelector& which, CountFinish how,
                                          const std::string& actor, Micros at) {
  bool apply = how == CountFinish::apply;
  auto& db = tx.db();
  auto session = choose_session(db, which);
  if (!session) return session.error();
  CountReport report;
  report.session = *session;
  std::int64_t session_id = session->id;

  std::unordered_set<std::int64_t> inside;  // the counted location and everything below it
  {
    auto st = db.prepare(
        "WITH RECURSIVE down(id) AS (SELECT location_id FROM count_session WHERE id = ? "
        "UNION ALL SELECT l.id FROM location l JOIN down ON l.parent_id = down.id) "
        "SELECT id FROM down");
    st.bind(1, session_id);
    while (st.step()) inside.insert(st.int64(0));
  }
  std::vector<Seen> seen;
  {
    // A sighting whose read point was removed since counts where the count is.
    auto st = db.prepare(
        "SELECT c.epc, c.first_seen, c.read_point_id, coalesce(rp.location_id, s.location_id), "
        "l.code FROM count_seen c JOIN count_session s ON s.id = c.session_id "
        "LEFT JOIN read_point rp ON rp.id = c.read_point_id "
        "JOIN location l ON l.id = coalesce(rp.location_id, s.location_id) "
        "WHERE c.session_id = ? ORDER BY c.epc");
    st.bind(1, session_id);
    while (st.step())
      seen.push_back({st.text(0), st.int64(1), st.optional_int64(2), st.int64(3), st.text(4)});
  }
  struct MissingUnit {
    CountLine line;
    std::int64_t item_id, location_id;
  };
  std::vector<MissingUnit> missing;
  {
    auto st = db.prepare(
        "SELECT u.epc, i.sku, l.code, u.item_id, u.location_id FROM unit u "
        "JOIN item i ON i.id = u.item_id JOIN location l ON l.id = u.location_id "
        "WHERE u.on_hand = 1 AND NOT EXISTS (SELECT 1 FROM count_seen c "
        "WHERE c.session_id = ? AND c.epc = u.epc) ORDER BY u.epc");
    st.bind(1, session_id);
    while (st.step()) {
      if (!inside.contains(st.int64(4))) continue;
      CountLine line;
      line.epc = st.text(0);
      line.sku = st.text(1);
      line.location = st.text(2);
      missing.push_back({std::move(line), st.int64(3), st.int64(4)});
    }
  }

  Applier applier(tx, report.session, actor, at);
  for (const auto& s : seen) {
    auto bytes = epc::parse_hex(s.epc);
    if (!bytes)
      return make_error(Errc::corrupt, "count {}: stored EPC '{}' is not hex", session_id, s.epc);
    auto id = resolve_tag(store, *bytes);
    if (!id) return id.error();
    CountLine line;
    line.epc = s.epc;
    line.uri = uri_of(s.epc);
    line.location = s.location;
    switch (id->kind) {
      case TagKind::unknown:
        report.unknown.push_back(std::move(line));
        continue;
      case TagKind::asset:
        line.asset = id->code;
        report.assets.push_back(std::move(line));
        continue;
      case TagKind::item:
        break;
    }
    auto unit = booked_unit(db, s.epc);
    line.sku = id->code;
    if (unit && unit->on_hand && unit->location_id && inside.contains(*unit->location_id)) {
      line.location = *unit->location;
      report.expected_seen.push_back(std::move(line));
      continue;
    }
    if (unit && unit->on_hand) line.belongs_at = unit->location;
    if (apply) {
      if (auto ok = applier.found(line, unit ? unit->item_id : id->id, s, unit); !ok)
        return ok.error();
    }
    report.unexpected.push_back(std::move(line));
  }
  for (auto& m : missing) {
    m.line.uri = uri_of(m.line.epc);
    if (apply) applier.missing(m.line, m.item_id, m.location_id);
    report.missing.push_back(std::move(m.line));
  }

  report.session.seen = std::int64_t(seen.size());
  if (how == CountFinish::preview) return report;
  db.prepare("UPDATE count_session SET finished_at = ?, applied = ? WHERE id = ?")
      .bind(1, at)
      .bind(2, apply ? 1 : 0)
      .bind(3, session_id)
      .run();
  report.session.finished_at = at;
  report.session.applied = apply;
  return report;
}

}  // namespace

Result<CountSession> start_count(Store& store, const std::string& location,
                                 const std::string& actor, Micros at) {
  return sql::guarded("starting a count", [&]() -> Result<CountSession> {
    auto& db = database_of(store);
    sql::Transaction tx(db);
    auto location_id = find_location_id(db, location);
    if (!location_id) return make_error(Errc::not_found, "no location '{}'", location);
    auto open =
        db.prepare("SELECT id FROM count_session WHERE location_id = ? AND finished_at IS NULL");
    if (open.bind(1, *location_id).step()) {
      auto id = open.int64(0);
      return make_error(Errc::conflict, "count {} is already open at {}", id, location);
    }
    db.prepare("INSERT INTO count_session(location_id, started_at, actor) VALUES (?, ?, ?)")
        .bind(1, *location_id)
        .bind(2, at)
        .bind(3, actor)
        .run();
    CountSession s{db.last_insert_id(), location, at, std::nullopt, false, actor, 0};
    tx.commit();
    return s;
  });
}

Result<std::vector<CountSession>> open_counts(Store& store) {
  return sql::guarded("listing counts", [&]() -> Result<std::vector<CountSession>> {
    auto st = database_of(store).prepare(
        fmt::format("{} WHERE s.finished_at IS NULL ORDER BY s.id", kSessionSelect));
    std::vector<CountSession> out;
    while (st.step()) out.push_back(session_from_row(st));
    return out;
  });
}

Result<CountReport> finish_count(Store& store, const CountSelector& which, CountFinish how,
                                 const std::string& actor, Micros at) {
  return sql::guarded("finishing a count", [&]() -> Result<CountReport> {
    sql::Transaction tx(database_of(store));
    auto report = finish_in_transaction(tx, store, which, how, actor, at);
    // A preview wrote nothing; its transaction only gave it one consistent view.
    if (report && how != CountFinish::preview) tx.commit();
    return report;
  });
}

}  // namespace rfinv::inventory
