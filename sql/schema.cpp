#include "sql/schema.h"

#include <fmt/format.h>

namespace rfinv::sql {
namespace {

std::int64_t pragma_value(Database& db, const char* pragma) {
  auto st = db.prepare(pragma);
  return st.step() ? st.int64(0) : 0;
}

}  // namespace

Schema compose_schema(std::string name, std::int32_t application_id,
                      std::initializer_list<std::span<const SchemaPart>> areas) {
  Schema schema{std::move(name), application_id, {}};
  for (int version = 1;; ++version) {
    std::string step;
    for (auto area : areas)
      for (const auto& part : area)
        if (part.version == version) step += part.sql;
    if (step.empty()) return schema;
    schema.steps.push_back(std::move(step));
  }
}

namespace {

// The file's schema version, after checking that it is ours (or new and empty of tables).
// Reads only, so a foreign file is left untouched. Throws DbError on other read failures.
Result<std::int64_t> own_version(Database& db, const std::string& path, const Schema& schema) {
  std::int64_t app_id = 0, version = 0, tables = 0;
  try {
    app_id = pragma_value(db, "PRAGMA application_id");
    version = pragma_value(db, "PRAGMA user_version");
    tables = pragma_value(db, "SELECT count(*) FROM sqlite_schema");
  } catch (const DbError& e) {
    if ((e.sqlite_code() & 0xff) == SQLITE_NOTADB)
      return make_error(Errc::unsupported, "{} is not an {} database (not an SQLite file)", path,
                        schema.name);
    throw;
  }
  bool fresh = app_id == 0 && version == 0 && tables == 0;
  if (!fresh && app_id != schema.application_id)
    return make_error(Errc::unsupported, "{} is not an {} database (application id {})", path,
                      schema.name, app_id);
  return version;
}

Error open_failure(const std::string& path, const Schema& schema, const DbError& e) {
  return Error{e.error().code == Errc::corrupt ? Errc::corrupt : Errc::io,
               fmt::format("cannot open {} database {}: {}", schema.name, path, e.what())};
}

}  // namespace

Result<std::unique_ptr<Database>> open_with_schema(const std::string& path, const Schema& schema,
                                                   Access access) {
  auto opened = Database::open(path, access);
  if (!opened) return opened.error();
  auto db = std::move(opened.value());
  try {
    auto version = own_version(*db, path, schema);
    if (!version) return version.error();
    auto known = std::int64_t(schema.steps.size());
    if (*version > known)
      return make_error(Errc::unsupported,
                        "{} was written by a newer rfinv (schema version {}, this build knows {}); "
                        "it was not modified",
                        path, *version, known);
    if (access == Access::read_only) {
      if (*version == known) return db;
      // An older file is brought up to date first, by a connection that may write (and fails
      // with its reason when it cannot); then it is read as asked.
      db.reset();
      auto upgraded = open_with_schema(path, schema, Access::read_write);
      if (!upgraded) return upgraded.error();
      upgraded->reset();
      return open_with_schema(path, schema, Access::read_only);
    }
    db->exec("PRAGMA journal_mode=WAL");
    db->exec("PRAGMA synchronous=FULL");
    db->exec("PRAGMA foreign_keys=ON");
    for (auto step = *version; step < known; ++step) {
      Transaction tx(*db);
      if (step == 0) db->exec(fmt::format("PRAGMA application_id={}", schema.application_id));
      db->exec(schema.steps[std::size_t(step)]);
      db->exec(fmt::format("PRAGMA user_version={}", step + 1));
      tx.commit();
    }
  } catch (const DbError& e) {
    return open_failure(path, schema, e);
  }
  return db;
}

Result<std::unique_ptr<Database>> open_as_is(const std::string& path, const Schema& schema) {
  auto opened = Database::open(path, Access::read_only);
  if (!opened) return opened.error();
  try {
    auto version = own_version(**opened, path, schema);
    if (!version) return version.error();
  } catch (const DbError& e) {
    return open_failure(path, schema, e);
  }
  return opened;
}

}  // namespace rfinv::sql
