#include "sync/hub/store_location.h"

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "sync/hub/sqlite_store.h"
#ifdef RFINV_WITH_POSTGRESQL
#include "sync/hub/postgresql_store.h"
#endif

namespace rfinv::sync {
namespace {

namespace fs = std::filesystem;

constexpr const char* kStoreFile = "hub.store";

bool is_postgresql_url(const std::string& url) {
  return url.starts_with("postgresql://") || url.starts_with("postgres://");
}

}  // namespace

bool postgresql_supported() {
#ifdef RFINV_WITH_POSTGRESQL
  return true;
#else
  return false;
#endif
}

Status check_store_url(const std::string& url) {
  // The URL itself is never repeated: it may hold a password.
  if (!is_postgresql_url(url))
    return make_error(Errc::invalid_argument,
                      "--store must be a postgresql:// URL (without it the hub uses hub.db)");
  if (!postgresql_supported())
    return make_error(Errc::invalid_argument,
                      "this rfinv was built without PostgreSQL support (configure with "
                      "-DRFINV_WITH_POSTGRESQL=ON)");
  return {};
}

Result<std::optional<std::string>> read_store_url(const std::string& dir) {
  const fs::path path = fs::path(dir) / kStoreFile;
  std::error_code ec;
  if (!fs::exists(path, ec)) return std::optional<std::string>{};
  std::ifstream in(path);
  std::string url;
  if (!in || !std::getline(in, url)) return make_error(Errc::io, "cannot read {}", path.string());
  if (!is_postgresql_url(url))
    return make_error(Errc::corrupt, "{} does not hold a postgresql:// URL", path.string());
  return std::optional<std::string>{url};
}

Status write_store_url(const std::string& dir, const std::string& url) {
  const fs::path path = fs::path(dir) / kStoreFile;
  // Created with its final mode: the URL may hold a password.
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return make_error(Errc::io, "cannot create {}", path.string());
  std::string line = url + "\n";
  bool ok = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
  ok = ::fsync(fd) == 0 && ok;
  ok = ::close(fd) == 0 && ok;
  if (!ok) return make_error(Errc::io, "cannot write {}", path.string());
  return {};
}

Result<std::unique_ptr<store::Store>> open_store(const std::string& dir,
                                                 const std::optional<std::string>& url) {
  if (!url) return store::open_sqlite_store((fs::path(dir) / "hub.db").string());
#ifdef RFINV_WITH_POSTGRESQL
  return store::open_postgresql_store(*url);
#else
  return make_error(Errc::unsupported,
                    "the hub in {} is on PostgreSQL ({}), and this rfinv was built without "
                    "PostgreSQL support (configure with -DRFINV_WITH_POSTGRESQL=ON)",
                    dir, kStoreFile);
#endif
}

}  // namespace rfinv::sync
