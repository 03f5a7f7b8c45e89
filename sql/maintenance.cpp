#include "sql/maintenance.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace rfinv::sql {

std::vector<std::string> integrity_problems(Database& db, CheckDepth depth) {
  std::vector<std::string> problems;
  // At most 100 lines: enough to see what is wrong, bounded however bad the damage.
  auto check = db.prepare(depth == CheckDepth::full ? "PRAGMA integrity_check(100)"
                                                    : "PRAGMA quick_check(100)");
  while (check.step()) {
    auto line = check.text(0);
    // The first problem comes as "*** in database main ***\n" and the problem itself.
    if (line.starts_with("*** in database "))
      line.erase(0, line.find('\n') == std::string::npos ? line.size() : line.find('\n') + 1);
    if (line != "ok" && !line.empty()) problems.push_back(std::move(line));
  }
  auto keys = db.prepare("PRAGMA foreign_key_check");
  while (keys.step())
    problems.push_back(fmt::format("row {} of table {} refers to a missing row of {}",
                                   keys.int64(1), keys.text(0), keys.text(2)));
  return problems;
}

Status backup_database(Database& db, const std::string& to) {
  // O_EXCL: never overwrite a file, not even one that appears between a check and the copy.
  int fd = ::open(to.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0 && errno == EEXIST)
    return make_error(Errc::conflict, "{} already exists; a backup never overwrites a file", to);
  if (fd < 0) return make_error(Errc::io, "cannot create {}: {}", to, std::strerror(errno));
  ::close(fd);
  auto fail = [&](const std::string& why) {
    ::unlink(to.c_str());
    return make_error(Errc::io, "backup to {} failed: {}", to, why);
  };
  sqlite3* target = nullptr;
  if (int rc = sqlite3_open_v2(to.c_str(), &target, SQLITE_OPEN_READWRITE, nullptr);
      rc != SQLITE_OK) {
    std::string why = target ? sqlite3_errmsg(target) : sqlite3_errstr(rc);
    sqlite3_close(target);
    return fail(why);
  }
  sqlite3_backup* backup = sqlite3_backup_init(target, "main", db.handle(), "main");
  if (!backup) {
    std::string why = sqlite3_errmsg(target);
    sqlite3_close(target);
    return fail(why);
  }
  // One pass (-1 pages): the copy is of one moment. The source connection holds a read
  // transaction meanwhile, which in WAL mode does not block the writer.
  int rc = sqlite3_backup_step(backup, -1);
  sqlite3_backup_finish(backup);
  std::string why = sqlite3_errstr(rc);
  sqlite3_close(target);
  if (rc != SQLITE_DONE) return fail(why);
  return {};
}

}  // namespace rfinv::sql
