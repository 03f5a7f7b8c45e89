#include "sync/hub/sqlite_store.h"

#include "sql/database.h"
#include "sql/schema.h"
#include "sync/hub/hub_schema.h"

namespace rfinv::sync::store {
namespace {

class SqliteRows final : public Rows {
 public:
  SqliteRows(sql::Database& db, sql::Statement st) : db_(db), st_(std::move(st)) {}
  bool next() override {
    if (st_.step()) return true;
    changes_ = db_.changes();
    return false;
  }
  bool is_null(int column) const override { return st_.is_null(column); }
  std::int64_t int64(int column) const override { return st_.int64(column); }
  std::string text(int column) const override { return st_.text(column); }
  std::int64_t changes() const override { return changes_; }

 private:
  sql::Database& db_;
  sql::Statement st_;
  std::int64_t changes_ = 0;
};

class SqliteStore final : public Store {
 public:
  explicit SqliteStore(std::unique_ptr<sql::Database> db) : db_(std::move(db)) {}

  std::string_view kind() const override { return "sqlite"; }

  std::int64_t schema_version() override {
    auto st = db_->prepare("PRAGMA user_version");
    return st.step() ? st.int64(0) : 0;
  }

  std::unique_ptr<Rows> execute(const std::string& sql, const std::vector<Param>& params) override {
    auto st = db_->prepare(sql);
    for (std::size_t i = 0; i < params.size(); ++i) {
      int index = static_cast<int>(i + 1);
      std::visit(
          [&](const auto& v) {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::monostate>)
              st.bind_null(index);
            else
              st.bind(index, v);
          },
          params[i]);
    }
    return std::make_unique<SqliteRows>(*db_, std::move(st));
  }

  // Writers take SQLite's lock up front, so two never deadlock upgrading a read.
  void begin(Access access) override {
    db_->exec(access == Access::write ? "BEGIN IMMEDIATE" : "BEGIN");
  }
  void commit() override { db_->exec("COMMIT"); }
  void rollback() noexcept override {
    try {
      db_->exec("ROLLBACK");
    } catch (...) {
      // SQLite rolled back already (a failed COMMIT, a full disk): nothing is left open.
    }
  }

 private:
  std::unique_ptr<sql::Database> db_;
};

}  // namespace

Result<std::unique_ptr<Store>> open_sqlite_store(const std::string& path) {
  auto db = sql::open_with_schema(path, hub_schema());
  if (!db) return db.error();
  try {
    // The hub acknowledges pushes: an acknowledged push must survive a crash.
    (*db)->exec("PRAGMA synchronous = FULL; PRAGMA busy_timeout = 10000;");
  } catch (const sql::DbError& e) {
    return make_error(Errc::io, "hub database: {}", e.what());
  }
  return std::unique_ptr<Store>(new SqliteStore(std::move(*db)));
}

}  // namespace rfinv::sync::store
