#include "inventory/pipeline/readpoints.h"

#include "inventory/catalog/internal/catalog_rows.h"
#include "inventory/store/store_database.h"
#include "sql/database.h"

namespace rfinv::inventory {

namespace {

constexpr std::pair<ReadPointRole, std::string_view> kRoles[] = {
    {ReadPointRole::dock_in, "dock-in"},
    {ReadPointRole::dock_out, "dock-out"},
    {ReadPointRole::portal_outer, "portal-outer"},
    {ReadPointRole::portal_inner, "portal-inner"},
    {ReadPointRole::shelf, "shelf"},
    {ReadPointRole::handheld, "handheld"},
};

}  // namespace

std::string_view to_string(ReadPointRole role) {
  for (auto [r, name] : kRoles)
    if (r == role) return name;
  return "?";
}

std::optional<ReadPointRole> parse_read_point_role(std::string_view text) {
  for (auto [r, name] : kRoles)
    if (name == text) return r;
  return std::nullopt;
}

Result<ReadPoint> add_read_point(Store& store, const NewReadPoint& rp) {
  if (rp.antenna < 1 || rp.antenna > 65535)
    return make_error(Errc::invalid_argument, "antenna {} must be 1 to 65535", rp.antenna);
  const auto& s = rp.smoothing;
  if (s.enter_reads < 1 || s.enter_reads > 1000)
    return make_error(Errc::invalid_argument, "enter reads {} must be 1 to 1000", s.enter_reads);
  if (s.window <= 0 || s.leave_after <= 0)
    return make_error(Errc::invalid_argument, "window and leave time must be positive");
  if (s.rssi_floor && (*s.rssi_floor < -128 || *s.rssi_floor > 20))
    return make_error(Errc::invalid_argument, "RSSI floor {} dBm is out of range", *s.rssi_floor);
  return sql::guarded("adding read point", [&]() -> Result<ReadPoint> {
    auto& db = database_of(store);
    sql::Transaction tx(db);
    auto reader = db.prepare("SELECT 1 FROM reader WHERE name = ?");
    bool known = reader.bind(1, rp.reader).step();
    if (!known)
      return make_error(Errc::not_found, "unknown reader {} (add it with rfinv reader add)",
                        rp.reader);
    auto location = find_location_id(db, rp.location);
    if (!location) return make_error(Errc::not_found, "unknown location {}", rp.location);
    auto taken = db.prepare(
        "SELECT removed_at IS NOT NULL FROM read_point WHERE reader = ? AND antenna = ?");
    bool exists = taken.bind(1, rp.reader).bind(2, rp.antenna).step();
    bool removed = exists && taken.int64(0) != 0;
    if (exists && !removed)
      return make_error(Errc::conflict, "reader {} antenna {} already has a read point", rp.reader,
                        rp.antenna);
    std::optional<double> floor;
    if (s.rssi_floor && !rp.no_rssi_floor) floor = double(*s.rssi_floor);
    // A removed read point keeps its row for the history that names it; the same reader
    // and antenna added again takes that row back, with the new settings.
    db.prepare(
          "INSERT INTO read_point(reader, antenna, location_id, role, enter_reads, window_ms, "
          "leave_ms, rssi_floor) VALUES (?1,?2,?3,?4,?5,?6,?7,?8) "
          "ON CONFLICT(reader, antenna) DO UPDATE SET location_id = ?3, role = ?4, "
          "enter_reads = ?5, window_ms = ?6, leave_ms = ?7, rssi_floor = ?8, removed_at = NULL")
        .bind(1, rp.reader)
        .bind(2, rp.antenna)
        .bind(3, *location)
        .bind(4, to_string(rp.role))
        .bind(5, s.enter_reads)
        .bind(6, s.window / 1000)
        .bind(7, s.leave_after / 1000)
        .bind(8, floor)
        .run();
    auto id = db.prepare("SELECT id FROM read_point WHERE reader = ? AND antenna = ?");
    id.bind(1, rp.reader).bind(2, rp.antenna).step();
    ReadPoint out{id.int64(0), rp.reader, std::uint16_t(rp.antenna), *location, rp.location,
                  rp.role,     s};
    if (!floor) out.smoothing.rssi_floor.reset();
    tx.commit();
    return out;
  });
}

Status remove_read_point(Store& store, const std::string& reader, int antenna) {
  return sql::guarded("removing read point", [&]() -> Status {
    // Kept, marked removed: business events, anomalies and count sightings refer to it.
    database_of(store)
        .prepare(
            "UPDATE read_point SET removed_at = ? WHERE reader = ? AND antenna = ? "
            "AND removed_at IS NULL")
        .bind(1, now_micros())
        .bind(2, reader)
        .bind(3, antenna)
        .run();
    if (database_of(store).changes() == 0)
      return make_error(Errc::not_found, "reader {} antenna {} has no read point", reader, antenna);
    return {};
  });
}

Result<std::vector<ReadPoint>> list_read_points(Store& store) {
  return sql::guarded("listing read points", [&]() -> Result<std::vector<ReadPoint>> {
    auto st = database_of(store).prepare(
        "SELECT r.id, r.reader, r.antenna, r.location_id, l.code, r.role, r.enter_reads, "
        "r.window_ms, r.leave_ms, r.rssi_floor FROM read_point r "
        "JOIN location l ON l.id = r.location_id WHERE r.removed_at IS NULL "
        "ORDER BY r.reader, r.antenna");
    std::vector<ReadPoint> out;
    while (st.step()) {
      ReadPoint rp;
      rp.id = st.int64(0);
      rp.reader = st.text(1);
      rp.antenna = std::uint16_t(st.int64(2));
      rp.location_id = st.int64(3);
      rp.location = st.text(4);
      rp.role = parse_read_point_role(st.text(5)).value_or(ReadPointRole::shelf);
      rp.smoothing.enter_reads = int(st.int64(6));
      rp.smoothing.window = st.int64(7) * 1000;
      rp.smoothing.leave_after = st.int64(8) * 1000;
      if (st.is_null(9))
        rp.smoothing.rssi_floor.reset();
      else
        rp.smoothing.rssi_floor = float(st.real(9));
      out.push_back(std::move(rp));
    }
    return out;
  });
}

}  // namespace rfinv::inventory
