#include "sync/hub/hub_init.h"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "sync/hub/hub_store.h"
#include "sync/hub/store_location.h"
#include "sync/protocol/crypto.h"

namespace rfinv::sync {
namespace {

namespace fs = std::filesystem;

Status write_file(const fs::path& path, const std::string& text, mode_t mode) {
  std::error_code ec;
  fs::remove(path, ec);
  // Created with its final mode, so the key is never readable by others even briefly.
  mode_t old = umask(0077);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  umask(old);
  out << text;
  out.close();
  if (!out) return make_error(Errc::io, "cannot write {}", path.string());
  if (chmod(path.c_str(), mode) != 0) return make_error(Errc::io, "cannot chmod {}", path.string());
  return {};
}

}  // namespace

Result<HubCreated> init_hub(const std::string& dir, const std::optional<std::string>& store_url) {
  if (store_url)
    if (auto s = check_store_url(*store_url); !s) return s.error();
  fs::path d(dir);
  std::error_code ec;
  fs::create_directories(d, ec);
  if (ec) return make_error(Errc::io, "cannot create {}: {}", dir, ec.message());
  if (fs::exists(d / "hub.key") || fs::exists(d / "hub.db") || fs::exists(d / "hub.store"))
    return make_error(Errc::conflict, "{} already holds a hub", dir);
  auto cert = make_self_signed({});
  if (!cert) return cert.error();
  auto store = open_store(dir, store_url);
  if (!store) return store.error();
  Hub hub(std::move(*store));
  // A second init on a shared database would replace the admin token of the hub already
  // serving from it: its other processes get a copy of its directory instead.
  auto held = hub.holds_hub();
  if (!held) return held.error();
  if (*held)
    return make_error(Errc::conflict,
                      "the PostgreSQL database already holds a hub; copy the directory of the hub "
                      "that created it (hub.crt, hub.key, hub.store) instead");
  if (store_url)
    if (auto s = write_store_url(dir, *store_url); !s) return s.error();
  if (auto s = write_file(d / "hub.key", cert->key_pem, 0600); !s) return s.error();
  if (auto s = write_file(d / "hub.crt", cert->cert_pem, 0644); !s) return s.error();
  auto token = hub.reset_admin_token();
  if (!token) return token.error();
  return HubCreated{(d / "hub.crt").string(), std::move(*token)};
}

}  // namespace rfinv::sync
