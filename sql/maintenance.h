// Looking after a database file: SQLite's own integrity checks and its online backup.
//
// Threading: each function uses the connection it is given, on the caller's thread.
#pragma once

#include <string>
#include <vector>

#include "sql/database.h"

namespace rfinv::sql {

enum class CheckDepth {
  quick,  // PRAGMA quick_check: every page and record, not index contents
  full,   // PRAGMA integrity_check: also that every index matches its table
};

// What SQLite finds wrong with the file, one line per problem, plus each foreign key that
// points nowhere (PRAGMA foreign_key_check); empty when the file is sound. Reads only.
// Throws DbError when the file cannot be read at all.
std::vector<std::string> integrity_problems(Database& db, CheckDepth depth);

// Copies the whole database, as of one moment, into a new file at `to` (mode 0600) with
// SQLite's online backup API; writers on other connections go on meanwhile. An existing `to`
// is refused (conflict) and left alone; a copy that fails part-way is removed.
Status backup_database(Database& db, const std::string& to);

}  // namespace rfinv::sql
