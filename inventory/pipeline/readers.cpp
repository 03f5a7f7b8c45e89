#include "inventory/pipeline/readers.h"

#include "inventory/store/store_database.h"
#include "sql/database.h"

namespace rfinv::inventory {
namespace {

Status check_name(std::string_view name) {
  if (name.empty() || name.size() > 64)
    return make_error(Errc::invalid_argument, "reader name must be 1 to 64 characters");
  for (char c : name)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
          c == '-' || c == '_'))
      return make_error(Errc::invalid_argument,
                        "reader name '{}' may hold only letters, digits, '.', '-' and '_'", name);
  return {};
}

constexpr std::string_view kSelect =
    "SELECT name, uri, added_at, state, state_reason, state_at FROM reader";

ReaderRecord row(const sql::Statement& st) {
  return ReaderRecord{st.text(0),          st.text(1),          st.int64(2),
                      st.optional_text(3), st.optional_text(4), st.optional_int64(5)};
}

}  // namespace

Status add_reader(Store& store, std::string_view name, std::string_view uri, Micros at) {
  if (auto ok = check_name(name); !ok) return ok;
  if (uri.empty()) return make_error(Errc::invalid_argument, "reader '{}' needs a URI", name);
  return sql::guarded("adding a reader", [&]() -> Status {
    sql::Transaction tx(database_of(store));
    auto exists = database_of(store).prepare("SELECT 1 FROM reader WHERE name = ?");
    bool taken = exists.bind(1, name).step();
    if (taken) return make_error(Errc::conflict, "a reader named '{}' already exists", name);
    database_of(store)
        .prepare("INSERT INTO reader(name, uri, added_at) VALUES (?, ?, ?)")
        .bind(1, name)
        .bind(2, uri)
        .bind(3, at)
        .run();
    tx.commit();
    return {};
  });
}

Result<int> remove_reader(Store& store, std::string_view name, Micros at) {
  return sql::guarded("removing a reader", [&]() -> Result<int> {
    auto& db = database_of(store);
    sql::Transaction tx(db);
    db.prepare("DELETE FROM reader WHERE name = ?").bind(1, name).run();
    if (db.changes() == 0) return make_error(Errc::not_found, "no reader named '{}'", name);
    // Its read points go with it (kept for their history), so a reader added later under
    // the same name starts with none.
    db.prepare("UPDATE read_point SET removed_at = ? WHERE reader = ? AND removed_at IS NULL")
        .bind(1, at)
        .bind(2, name)
        .run();
    int read_points = db.changes();
    tx.commit();
    return read_points;
  });
}

Result<ReaderRecord> get_reader(Store& store, std::string_view name) {
  return sql::guarded("reading a reader", [&]() -> Result<ReaderRecord> {
    auto st = database_of(store).prepare(std::string(kSelect) + " WHERE name = ?");
    if (!st.bind(1, name).step()) return make_error(Errc::not_found, "no reader named '{}'", name);
    ReaderRecord record = row(st);
    return record;
  });
}

Result<std::vector<ReaderRecord>> list_readers(Store& store) {
  return sql::guarded("listing readers", [&]() -> Result<std::vector<ReaderRecord>> {
    std::vector<ReaderRecord> out;
    auto st = database_of(store).prepare(std::string(kSelect) + " ORDER BY name");
    while (st.step()) out.push_back(row(st));
    return out;
  });
}

Status record_reader_state(Store& store, std::string_view name, std::string_view state,
                           std::string_view reason, Micros at) {
  return sql::guarded("recording a reader's state", [&]() -> Status {
    auto st = database_of(store).prepare(
        "UPDATE reader SET state = ?, state_reason = ?, state_at = ? WHERE name = ?");
    st.bind(1, state).bind(3, at).bind(4, name);
    if (reason.empty())
      st.bind_null(2);
    else
      st.bind(2, reason);
    st.run();
    if (database_of(store).changes() == 0)
      return make_error(Errc::not_found, "no reader named '{}'", name);
    return {};
  });
}

}  // namespace rfinv::inventory
