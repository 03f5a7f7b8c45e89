// Feeds arbitrary JSON as a pulled GET /v1/events reply into the node's apply step
// (apply_log_events, as pull_log calls it) on a real node database in a temporary
// directory: department LAB with one asset, one item and one location, joined to a hub.
// A crash or sanitizer report is a finding, and so is a refused batch (an error) that
// changed any row of the database: a refused event must change nothing.
#include <sqlite3.h>

#include <boost/json.hpp>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "inventory/assets/assets.h"
#include "inventory/catalog/catalog.h"
#include "inventory/store/store.h"
#include "inventory/store/store_database.h"
#include "sync/node/node.h"
#include "sync/node/node_schema.h"

namespace {

namespace inv = rfinv::inventory;

void check(bool ok) {
  if (!ok) std::abort();
}

inv::Store& store() {
  static std::unique_ptr<inv::Store> instance = [] {
    char pattern[] = "/tmp/node_apply_fuzz.XXXXXX";
    check(mkdtemp(pattern) != nullptr);
    static std::string dir = pattern;
    std::atexit([] {
      std::error_code ec;
      std::filesystem::remove_all(dir, ec);
    });
    auto opened = inv::Store::open(dir + "/node.db", rfinv::sync::node_schema());
    check(bool(opened));
    auto& s = **opened;
    check(bool(inv::add_dept(s, "LAB", "LAB")));
    inv::NewLocation loc;
    loc.code = "A-01";
    check(bool(inv::add_location(s, loc)));
    inv::ItemFields cable;
    cable.name = "cable";
    check(bool(inv::add_item(s, "CABLE", cable)));
    inv::NewAsset laptop;
    laptop.code = "LAPTOP-0042";
    laptop.epc = "3034257bf7194e4000001a85";
    laptop.dept = "LAB";
    check(bool(inv::register_asset(s, laptop, "fuzz")));
    database_of(s).exec(
        "INSERT INTO sync_settings(id, hub_url, dept, token) "
        "VALUES (1, 'https://127.0.0.1:1', 'LAB', 'token')");
    return std::move(*opened);
  }();
  return *instance;
}

// Every row of every table, as text: equal digests mean nothing changed.
std::string digest(sqlite3* db) {
  std::vector<std::string> tables;
  std::string out;
  sqlite3_stmt* st = nullptr;
  check(sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name",
                           -1, &st, nullptr) == SQLITE_OK);
  while (sqlite3_step(st) == SQLITE_ROW)
    tables.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
  sqlite3_finalize(st);
  for (const auto& t : tables) {
    out += "\n#" + t;
    std::string sql = "SELECT * FROM \"" + t + "\" ORDER BY rowid";
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
      sqlite3_finalize(st);  // WITHOUT ROWID tables: their primary key orders them
      sql = "SELECT * FROM \"" + t + "\"";
      check(sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK);
    }
    while (sqlite3_step(st) == SQLITE_ROW) {
      out += '\n';
      for (int c = 0; c < sqlite3_column_count(st); ++c) {
        auto* text = sqlite3_column_text(st, c);
        out += text ? reinterpret_cast<const char*>(text) : "NULL";
        out += '|';
      }
    }
    sqlite3_finalize(st);
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  boost::system::error_code ec;
  auto reply = boost::json::parse(std::string_view(reinterpret_cast<const char*>(data), size), ec);
  if (ec || !reply.is_object()) return 0;
  auto events = reply.as_object().find("events");
  if (events == reply.as_object().end() || !events->value().is_array()) return 0;
  auto& s = store();
  // Forgetting applied ids lets every input reach the effects, not only new ids.
  database_of(s).exec("DELETE FROM sync_applied");
  std::string before = digest(database_of(s).handle());
  auto applied = rfinv::sync::apply_log_events(s, "LAB", events->value().as_array());
  if (!applied) {
    check(!applied.error().message.empty());
    check(digest(database_of(s).handle()) == before);
  }
  return 0;
}
