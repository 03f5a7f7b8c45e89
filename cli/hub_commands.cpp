// rfinv hub init|serve|dept add: the pool hub, run from its own directory.
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "cli/commands.h"
#include "sync/hub/hub_server.h"
#include "sync/hub/hub_store.h"
#include "sync/protocol/crypto.h"

namespace rfinv::cli {
namespace {

Status write_file(const std::filesystem::path& path, const std::string& text, mode_t mode) {
  std::error_code ec;
  std::filesystem::remove(path, ec);
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

void add_hub_commands(CLI::App& app, Context& ctx) {
  auto* hub = group(app, "hub", "the pool hub that connects department nodes");

  auto* init =
      hub->add_subcommand("init", "create the hub's database, TLS certificate and admin token");
  auto dir = std::make_shared<std::string>();
  init->add_option("--dir", *dir, "hub directory (created if missing)")->required();
  on_run(init, ctx, [dir] {
    namespace fs = std::filesystem;
    fs::path d(*dir);
    std::error_code ec;
    fs::create_directories(d, ec);
    if (ec) fail(make_error(Errc::io, "cannot create {}: {}", *dir, ec.message()));
    if (fs::exists(d / "hub.key") || fs::exists(d / "hub.db"))
      fail(make_error(Errc::conflict, "{} already holds a hub", *dir));
    auto cert = need(sync::make_self_signed({}));
    auto hub_store = need(sync::Hub::open(*dir));
    need(write_file(d / "hub.key", cert.key_pem, 0600));
    need(write_file(d / "hub.crt", cert.cert_pem, 0644));
    auto token = need(hub_store->reset_admin_token());
    fmt::print(
        "hub created in {}\ncertificate for nodes to pin: {}\nadmin token (shown once): {}\n", *dir,
        (d / "hub.crt").string(), token);
  });

  auto* serve = hub->add_subcommand("serve", "serve the hub API over HTTPS until SIGINT/SIGTERM");
  auto opts = std::make_shared<sync::ServeOptions>();
  serve->add_option("--dir", opts->dir, "hub directory")->required();
  serve->add_option("--listen", opts->listen, "HOST:PORT to listen on (port 0: any free port)")
      ->capture_default_str();
  serve->add_option("--body-limit", opts->body_limit, "largest request body in bytes")
      ->capture_default_str();
  serve->add_option("--threads", opts->threads, "I/O threads")->check(CLI::Range(1, 64));
  on_run(serve, ctx, [opts] {
    need(sync::serve_hub(*opts, [](const std::string& where) {
      // The first stdout line names the bound address, so a script can use port 0.
      fmt::print("listening {}\n", where);
      std::fflush(stdout);
    }));
  });

  auto* dept = hub->add_subcommand("dept", "hub departments")->require_subcommand(1);
  auto* add = dept->add_subcommand("add", "add a department and print its token (only)");
  auto code = std::make_shared<std::string>();
  auto add_dir = std::make_shared<std::string>();
  add->add_option("CODE", *code, "department code")->required();
  add->add_option("--dir", *add_dir, "hub directory")->required();
  on_run(add, ctx, [code, add_dir] {
    auto hub_store = need(sync::Hub::open(*add_dir));
    fmt::print("{}\n", need(hub_store->add_dept(*code)));
  });
}

}  // namespace rfinv::cli
