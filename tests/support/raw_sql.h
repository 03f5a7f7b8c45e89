// SQL run on a database file through the C API alone, bypassing rfinv: to build a file as an
// older rfinv or a foreign program left it.
#pragma once

#include <string>

namespace rfinv::test {

// Opens (creating) `path`, runs `sql`, closes; fails the current test naming SQLite's error.
void raw_exec(const std::string& path, const std::string& sql);

}  // namespace rfinv::test
