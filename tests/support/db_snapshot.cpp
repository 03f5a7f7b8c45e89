#include "tests/support/db_snapshot.h"

#include <stdexcept>
#include <vector>

namespace rfinv::test {

std::string db_snapshot(sqlite3* handle) {
  std::vector<std::string> tables;
  sqlite3_exec(
      handle, "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name",
      [](void* t, int, char** v, char**) {
        static_cast<std::vector<std::string>*>(t)->push_back(v[0]);
        return 0;
      },
      &tables, nullptr);
  std::string out;
  for (const auto& t : tables) {
    out += "[" + t + "]\n";
    sqlite3_exec(
        handle, ("SELECT * FROM \"" + t + "\"").c_str(),
        [](void* o, int n, char** v, char**) {
          auto* s = static_cast<std::string*>(o);
          for (int i = 0; i < n; ++i) *s += (v[i] ? v[i] : "NULL") + std::string("|");
          *s += "\n";
          return 0;
        },
        &out, nullptr);
  }
  return out;
}

std::string db_snapshot(const std::string& path) {
  sqlite3* handle = nullptr;
  if (sqlite3_open_v2(path.c_str(), &handle, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(handle);
    throw std::runtime_error("cannot open " + path + " for a snapshot");
  }
  auto out = db_snapshot(handle);
  sqlite3_close(handle);
  return out;
}

}  // namespace rfinv::test
