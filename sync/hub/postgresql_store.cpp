#include "sync/hub/postgresql_store.h"

#include <charconv>
#include <utility>

#include "sql/database.h"
#include "sync/hub/pg_connection.h"
#include "sync/hub/postgresql_schema.h"

namespace rfinv::sync::store {
namespace {

// pg_advisory_xact_lock key of the migrations: "RFHB", as SQLite's application id.
constexpr const char* kMigrationLock = "SELECT pg_advisory_xact_lock(1380337730)";

std::int64_t parse_int64(const char* text) {
  std::int64_t out = 0;
  const char* end = text + std::char_traits<char>::length(text);
  auto [ptr, ec] = std::from_chars(text, end, out);
  if (ec != std::errc{} || ptr != end)
    throw sql::DbError(Error{Errc::corrupt, "hub database (PostgreSQL): not an integer"});
  return out;
}

class PgRows final : public Rows {
 public:
  explicit PgRows(pg::ResultPtr result) : result_(std::move(result)) {}
  bool next() override { return ++row_ < PQntuples(result_.get()); }
  bool is_null(int column) const override { return PQgetisnull(result_.get(), row_, column); }
  std::int64_t int64(int column) const override {
    return parse_int64(PQgetvalue(result_.get(), row_, column));
  }
  std::string text(int column) const override {
    return {PQgetvalue(result_.get(), row_, column),
            static_cast<std::size_t>(PQgetlength(result_.get(), row_, column))};
  }
  std::int64_t changes() const override {
    const char* n = PQcmdTuples(result_.get());
    return *n ? parse_int64(n) : 0;
  }

 private:
  pg::ResultPtr result_;
  int row_ = -1;
};

class PostgresqlStore final : public Store {
 public:
  explicit PostgresqlStore(std::unique_ptr<pg::Connection> conn) : conn_(std::move(conn)) {}

  std::string_view kind() const override { return "postgresql"; }

  std::int64_t schema_version() override {
    auto query = prepare("SELECT version FROM rfinv_hub_schema");
    return query.step() ? query.int64(0) : 0;
  }

  std::unique_ptr<Rows> execute(const std::string& sql, const std::vector<Param>& params) override {
    // Inside a transaction a lost connection fails the statement: a reconnect would run the
    // rest outside it.
    if (!in_transaction_) conn_->reconnect_if_lost();
    return std::make_unique<PgRows>(conn_->execute(pg::dollar_placeholders(sql), params));
  }

  void begin(Access access) override {
    conn_->reconnect_if_lost();
    in_transaction_ = true;
    try {
      if (access == Access::read) {
        conn_->execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", {});
        return;
      }
      conn_->execute("BEGIN", {});
      // The writers' lock (postgresql_store.h): held until COMMIT or ROLLBACK.
      conn_->execute("SELECT last_id FROM log_head WHERE id = 1 FOR UPDATE", {});
    } catch (...) {
      rollback();  // no Transaction exists to do it
      throw;
    }
  }

  void commit() override {
    in_transaction_ = false;
    auto result = conn_->execute("COMMIT", {});
    // COMMIT of a transaction that failed answers ROLLBACK, not an error.
    if (std::string_view(PQcmdStatus(result.get())) != "COMMIT")
      throw sql::DbError(Error{Errc::io, "hub database (PostgreSQL): the transaction rolled back"});
  }

  void rollback() noexcept override {
    if (!std::exchange(in_transaction_, false) || conn_->lost()) return;
    try {
      conn_->execute("ROLLBACK", {});
    } catch (...) {
      // The connection broke: the server rolls the transaction back itself.
    }
  }

 private:
  std::unique_ptr<pg::Connection> conn_;
  bool in_transaction_ = false;
};

// Brings the database to the newest schema in one transaction under an advisory lock, or
// refuses a newer one without changing anything.
Status migrate(pg::Connection& conn) {
  const auto& steps = postgresql_hub_schema();
  const auto known = static_cast<std::int64_t>(steps.size());
  conn.execute("BEGIN", {});
  conn.execute(kMigrationLock, {});
  auto exists = conn.execute("SELECT to_regclass('rfinv_hub_schema') IS NOT NULL", {});
  if (std::string_view(PQgetvalue(exists.get(), 0, 0)) != "t")
    conn.execute_script(
        "CREATE TABLE rfinv_hub_schema(id bigint PRIMARY KEY CHECK (id = 1), version bigint NOT "
        "NULL); INSERT INTO rfinv_hub_schema(id, version) VALUES (1, 0);");
  auto row = conn.execute("SELECT version FROM rfinv_hub_schema WHERE id = 1", {});
  if (PQntuples(row.get()) != 1) {
    conn.execute("ROLLBACK", {});
    return make_error(Errc::corrupt, "the hub's PostgreSQL database has no schema version row");
  }
  const std::int64_t version = parse_int64(PQgetvalue(row.get(), 0, 0));
  if (version > known) {
    conn.execute("ROLLBACK", {});
    return make_error(Errc::unsupported,
                      "the hub's PostgreSQL database was written by a newer rfinv (schema version "
                      "{}, this build knows {}); it was not modified",
                      version, known);
  }
  for (auto v = version; v < known; ++v) conn.execute_script(steps[static_cast<std::size_t>(v)]);
  if (version < known)
    conn.execute("UPDATE rfinv_hub_schema SET version = $1 WHERE id = 1", {Param{known}});
  conn.execute("COMMIT", {});
  return {};
}

}  // namespace

Result<std::unique_ptr<Store>> open_postgresql_store(const std::string& url) {
  auto conn = pg::Connection::open(url);
  if (!conn) return conn.error();
  return sql::guarded("hub database", [&]() -> Result<std::unique_ptr<Store>> {
    if (auto migrated = migrate(**conn); !migrated) return migrated.error();
    return std::unique_ptr<Store>(new PostgresqlStore(std::move(*conn)));
  });
}

}  // namespace rfinv::sync::store
