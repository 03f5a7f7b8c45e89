#include "inventory/requisitions/requisitions.h"

#include <fmt/format.h>

#include <array>
#include <set>

#include "base/text.h"
#include "inventory/catalog/internal/catalog_rows.h"
#include "inventory/catalog/validate.h"
#include "inventory/requisitions/internal/requisition_rows.h"
#include "inventory/store/store_database.h"

namespace rfinv::inventory {
namespace {

constexpr std::array<std::pair<RequisitionStatus, std::string_view>, 8> kStatuses{{
    {RequisitionStatus::requested, "requested"},
    {RequisitionStatus::approved, "approved"},
    {RequisitionStatus::picked, "picked"},
    {RequisitionStatus::shipped, "shipped"},
    {RequisitionStatus::partially_received, "partially_received"},
    {RequisitionStatus::received, "received"},
    {RequisitionStatus::closed, "closed"},
    {RequisitionStatus::cancelled, "cancelled"},
}};

constexpr std::string_view kSelect =
    "SELECT r.id, f.code, t.code, d.code, r.status, r.origin, r.note, x.code, r.created_by, "
    "r.created_at, r.approved_by, r.updated_at FROM requisition r "
    "JOIN location f ON f.id = r.from_location_id JOIN location t ON t.id = r.to_location_id "
    "JOIN dept d ON d.id = r.dept_id LEFT JOIN location x ON x.id = r.transit_location_id";

Requisition requisition_from_row(const sql::Statement& st) {
  Requisition r;
  r.id = st.int64(0);
  r.from = st.text(1);
  r.to = st.text(2);
  r.dept = st.text(3);
  r.status = parse_requisition_status(st.text(4)).value_or(RequisitionStatus::requested);
  r.origin = st.text(5);
  r.note = st.optional_text(6);
  r.transit = st.optional_text(7);
  r.created_by = st.text(8);
  r.created_at = st.int64(9);
  r.approved_by = st.optional_text(10);
  r.updated_at = st.int64(11);
  return r;
}

void read_lines(sql::Database& db, Requisition& r) {
  auto st = db.prepare(
      "SELECT i.sku, i.name, i.unit, l.qty, l.picked, l.shipped, l.received, l.closed, "
      "l.shortfall, l.item_id FROM requisition_line l JOIN item i ON i.id = l.item_id "
      "WHERE l.requisition_id = ? ORDER BY i.sku");
  st.bind(1, r.id);
  std::vector<std::int64_t> items;
  while (st.step()) {
    r.lines.push_back({.sku = st.text(0),
                       .name = st.text(1),
                       .unit = st.text(2),
                       .qty = st.int64(3),
                       .picked = st.int64(4),
                       .shipped = st.int64(5),
                       .received = st.int64(6),
                       .closed = st.int64(7) != 0,
                       .shortfall = st.int64(8)});
    items.push_back(st.int64(9));
  }
  for (std::size_t i = 0; i < items.size(); ++i) {
    auto lots = db.prepare(
        "SELECT lot, picked, shipped FROM requisition_lot WHERE requisition_id = ? AND "
        "item_id = ? ORDER BY lot");
    lots.bind(1, r.id).bind(2, items[i]);
    while (lots.step()) r.lines[i].lots.push_back({lots.text(0), lots.int64(1), lots.int64(2)});
  }
}

std::string statuses_text(std::initializer_list<RequisitionStatus> allowed) {
  std::string out;
  std::size_t i = 0;
  for (auto s : allowed) {
    if (i > 0) out += i + 1 == allowed.size() ? " or " : ", ";
    out += to_string(s);
    ++i;
  }
  return out;
}

std::string create_content(const NewRequisition& r) {
  std::string out = fmt::format("create from {} to {}", r.from, r.to);
  for (const auto& l : r.lines) out += fmt::format(" {}={}", l.sku, l.qty);
  if (r.note) out += " note " + *r.note;
  return out;
}

}  // namespace

// The department a ward belongs to: its own, or the nearest one above it.
std::optional<std::int64_t> ward_dept(sql::Database& db, std::int64_t location_id) {
  auto st = db.prepare(
      "WITH RECURSIVE up(id, parent_id, dept_id, depth) AS ("
      " SELECT id, parent_id, dept_id, 0 FROM location WHERE id = ?"
      " UNION ALL SELECT l.id, l.parent_id, l.dept_id, up.depth + 1 FROM location l"
      " JOIN up ON l.id = up.parent_id)"
      " SELECT dept_id FROM up WHERE dept_id IS NOT NULL ORDER BY depth LIMIT 1");
  st.bind(1, location_id);
  if (!st.step()) return std::nullopt;
  return st.int64(0);
}

std::optional<std::string> ward_dept_code(sql::Database& db, std::int64_t location_id) {
  auto dept = ward_dept(db, location_id);
  if (!dept) return std::nullopt;
  auto st = db.prepare("SELECT code FROM dept WHERE id = ?");
  st.bind(1, *dept).step();
  return st.text(0);
}

std::string_view to_string(RequisitionStatus status) {
  for (const auto& [s, name] : kStatuses)
    if (s == status) return name;
  return "requested";
}

std::optional<RequisitionStatus> parse_requisition_status(std::string_view text) {
  for (const auto& [s, name] : kStatuses)
    if (name == text) return s;
  return std::nullopt;
}

std::optional<Requisition> read_requisition(sql::Database& db, std::int64_t id) {
  std::optional<Requisition> r;
  {
    auto st = db.prepare(std::string(kSelect) + " WHERE r.id = ?");
    st.bind(1, id);
    if (!st.step()) return std::nullopt;
    r = requisition_from_row(st);
  }
  read_lines(db, *r);
  return r;
}

Result<std::optional<std::int64_t>> keyed_step(sql::Database& db,
                                               const std::optional<std::string>& key,
                                               std::string_view name, const std::string& content) {
  if (!key) return std::optional<std::int64_t>{};
  auto st =
      db.prepare("SELECT requisition_id, step, content FROM requisition_step WHERE idem_key = ?");
  st.bind(1, *key);
  if (!st.step()) return std::optional<std::int64_t>{};
  if (st.text(1) != name || st.text(2) != content)
    return make_error(Errc::conflict,
                      "key {} was used by requisition {} ({}); a retry must repeat it exactly",
                      *key, st.int64(0), st.text(2));
  return std::optional<std::int64_t>{st.int64(0)};
}

void record_step(sql::Database& db, std::int64_t requisition_id, std::string_view name,
                 const std::string& content, const std::string& actor,
                 const std::optional<std::string>& key) {
  db.prepare(
        "INSERT INTO requisition_step(requisition_id, step, content, actor, at, idem_key) "
        "VALUES (?, ?, ?, ?, ?, ?)")
      .bind(1, requisition_id)
      .bind(2, name)
      .bind(3, content)
      .bind(4, actor)
      .bind(5, now_micros())
      .bind(6, key)
      .run();
}

Result<StepStart> begin_step(sql::Database& db, const RequisitionStep& step, std::string_view name,
                             const std::string& content,
                             std::initializer_list<RequisitionStatus> allowed) {
  if (auto ok = check_text("actor", step.actor, TextKind::name); !ok) return ok.error();
  if (step.key)
    if (auto ok = check_text("key", *step.key, TextKind::name); !ok) return ok.error();
  auto keyed = keyed_step(db, step.key, name, content);
  if (!keyed) return keyed.error();
  auto r = read_requisition(db, step.id);
  if (!r) return make_error(Errc::not_found, "unknown requisition {}", step.id);
  if (*keyed) {
    if (**keyed != step.id)
      return make_error(Errc::conflict,
                        "key {} was used by requisition {}; a retry must repeat it exactly",
                        *step.key, **keyed);
    return StepStart{std::move(*r), true};
  }
  for (auto s : allowed)
    if (s == r->status) return StepStart{std::move(*r), false};
  return make_error(Errc::refused, "requisition {} is {}; {} needs it {}", step.id,
                    to_string(r->status), name, statuses_text(allowed));
}

Requisition finish_step(sql::Database& db, const RequisitionStep& step, std::string_view name,
                        const std::string& content, RequisitionStatus status) {
  record_step(db, step.id, name, content, step.actor, step.key);
  db.prepare("UPDATE requisition SET status = ?, updated_at = ? WHERE id = ?")
      .bind(1, to_string(status))
      .bind(2, now_micros())
      .bind(3, step.id)
      .run();
  return *read_requisition(db, step.id);
}

Result<StepDone> create_requisition(Store& store, const NewRequisition& request) {
  return sql::guarded("creating requisition", [&]() -> Result<StepDone> {
    for (auto [field, code] : {std::pair{"store", &request.from}, std::pair{"ward", &request.to}})
      if (auto ok = check_code(field, *code); !ok) return ok.error();
    if (auto ok = check_text("actor", request.actor, TextKind::name); !ok) return ok.error();
    if (request.note)
      if (auto ok = check_text("note", *request.note, TextKind::note); !ok) return ok.error();
    if (request.key)
      if (auto ok = check_text("key", *request.key, TextKind::name); !ok) return ok.error();
    if (request.lines.empty())
      return make_error(Errc::invalid_argument, "a requisition needs at least one SKU=QTY line");
    if (request.from == request.to)
      return make_error(Errc::invalid_argument,
                        "a requisition goes from a store to another "
                        "location, not to {} itself",
                        request.from);
    std::set<std::string> seen;
    for (const auto& l : request.lines) {
      if (auto ok = check_code("SKU", l.sku); !ok) return ok.error();
      if (l.qty <= 0 || l.qty > kMaxQuantity)
        return make_error(Errc::invalid_argument, "quantity of {} must be 1 to {}, got {}", l.sku,
                          kMaxQuantity, l.qty);
      if (!seen.insert(l.sku).second)
        return make_error(Errc::invalid_argument, "{} is asked for twice; give it once", l.sku);
    }
    auto& db = database_of(store);
    sql::Transaction tx(db);
    std::string content = create_content(request);
    auto keyed = keyed_step(db, request.key, "create", content);
    if (!keyed) return keyed.error();
    if (*keyed) return StepDone{*read_requisition(db, **keyed), true};
    auto from = find_location_id(db, request.from);
    if (!from) return make_error(Errc::not_found, "unknown location {}", request.from);
    auto to = find_location_id(db, request.to);
    if (!to) return make_error(Errc::not_found, "unknown location {}", request.to);
    auto dept = ward_dept(db, *to);
    if (!dept)
      return make_error(Errc::invalid_argument,
                        "location {} has no department, so it is not a ward (location add {} "
                        "--dept DEPT, or a location above it with one)",
                        request.to, request.to);
    std::vector<std::int64_t> items;
    for (const auto& l : request.lines) {
      auto item = find_item_id(db, l.sku);
      if (!item) return make_error(Errc::not_found, "unknown SKU {}", l.sku);
      items.push_back(*item);
    }
    auto now = now_micros();
    db.prepare(
          "INSERT INTO requisition(from_location_id, to_location_id, dept_id, status, origin, "
          "note, created_by, created_at, updated_at) VALUES (?, ?, ?, 'requested', ?, ?, ?, ?, ?)")
        .bind(1, *from)
        .bind(2, *to)
        .bind(3, *dept)
        .bind(4, request.par_level ? "par_level" : "manual")
        .bind(5, request.note)
        .bind(6, request.actor)
        .bind(7, now)
        .bind(8, now)
        .run();
    std::int64_t id = db.last_insert_id();
    for (std::size_t i = 0; i < items.size(); ++i)
      db.prepare("INSERT INTO requisition_line(requisition_id, item_id, qty) VALUES (?, ?, ?)")
          .bind(1, id)
          .bind(2, items[i])
          .bind(3, request.lines[i].qty)
          .run();
    record_step(db, id, "create", content, request.actor, request.key);
    auto created = read_requisition(db, id);
    tx.commit();
    return StepDone{std::move(*created), false};
  });
}

Result<StepDone> approve_requisition(Store& store, const RequisitionStep& step) {
  return sql::guarded("approving requisition", [&]() -> Result<StepDone> {
    auto& db = database_of(store);
    sql::Transaction tx(db);
    std::string content = fmt::format("approve {}", step.id);
    auto start = begin_step(db, step, "approve", content, {RequisitionStatus::requested});
    if (!start) return start.error();
    if (start->replay) return StepDone{std::move(start->requisition), true};
    db.prepare("UPDATE requisition SET approved_by = ? WHERE id = ?")
        .bind(1, step.actor)
        .bind(2, step.id)
        .run();
    auto done = finish_step(db, step, "approve", content, RequisitionStatus::approved);
    tx.commit();
    return StepDone{std::move(done), false};
  });
}

Result<std::vector<Requisition>> list_requisitions(Store& store,
                                                   std::optional<RequisitionStatus> status) {
  return sql::guarded("listing requisitions", [&]() -> Result<std::vector<Requisition>> {
    auto& db = database_of(store);
    std::vector<Requisition> out;
    {
      auto st =
          db.prepare(std::string(kSelect) + " WHERE ?1 IS NULL OR r.status = ?1 ORDER BY r.id");
      st.bind(1, status ? std::optional<std::string>(std::string(to_string(*status)))
                        : std::optional<std::string>());
      while (st.step()) out.push_back(requisition_from_row(st));
    }
    for (auto& r : out) read_lines(db, r);
    return out;
  });
}

Result<std::string> ward_department(Store& store, const std::string& location) {
  return sql::guarded("finding the ward's department", [&]() -> Result<std::string> {
    auto& db = database_of(store);
    auto id = find_location_id(db, location);
    if (!id) return make_error(Errc::not_found, "unknown location {}", location);
    auto dept = ward_dept_code(db, *id);
    if (!dept) return make_error(Errc::invalid_argument, "location {} is not a ward", location);
    return *dept;
  });
}

Result<Requisition> get_requisition(Store& store, std::int64_t id) {
  return sql::guarded("reading requisition", [&]() -> Result<Requisition> {
    auto r = read_requisition(database_of(store), id);
    if (!r) return make_error(Errc::not_found, "unknown requisition {}", id);
    return std::move(*r);
  });
}

}  // namespace rfinv::inventory
