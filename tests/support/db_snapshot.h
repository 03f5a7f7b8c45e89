// Every row of every table of an SQLite database as text: two equal snapshots taken around a
// refused operation prove that it wrote nothing.
#pragma once

#include <sqlite3.h>

#include <string>

namespace rfinv::test {

std::string db_snapshot(sqlite3* handle);
// Opens the file read-only for the snapshot.
std::string db_snapshot(const std::string& path);

}  // namespace rfinv::test
