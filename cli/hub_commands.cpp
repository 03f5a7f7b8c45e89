// rfinv hub init|serve|dept add: the pool hub, run from its own directory.
#include "cli/commands.h"
#include "sync/hub/hub_init.h"
#include "sync/hub/hub_server.h"
#include "sync/hub/hub_store.h"

namespace rfinv::cli {

void add_hub_commands(CLI::App& app, Context& ctx) {
  auto* hub = group(app, "hub", "the pool hub that connects department nodes");

  auto* init =
      hub->add_subcommand("init", "create the hub's database, TLS certificate and admin token");
  auto dir = std::make_shared<std::string>();
  init->add_option("--dir", *dir, "hub directory (created if missing)")->required();
  auto store = std::make_shared<std::string>();
  auto* store_option = init->add_option(
      "--store", *store,
      "postgresql://... URL of the hub's database, kept in DIR/hub.store (0600); default: "
      "DIR/hub.db");
  on_run(init, ctx, [dir, store, store_option] {
    auto created = need(sync::init_hub(
        *dir, store_option->count() ? std::optional<std::string>(*store) : std::nullopt));
    fmt::print(
        "hub created in {}\ncertificate for nodes to pin: {}\nadmin token (shown once): {}\n", *dir,
        created.cert_path, created.admin_token);
  });

  auto* serve = hub->add_subcommand("serve", "serve the hub API over HTTPS until SIGINT/SIGTERM");
  auto opts = std::make_shared<sync::ServeOptions>();
  serve->add_option("--dir", opts->dir, "hub directory")->required();
  serve->add_option("--listen", opts->listen, "HOST:PORT to listen on (port 0: any free port)")
      ->capture_default_str();
  serve->add_option("--body-limit", opts->body_limit, "largest request body in bytes")
      ->capture_default_str();
  serve
      ->add_option("--max-connections", opts->max_connections,
                   "connections served at once (lowered to fit RLIMIT_NOFILE)")
      ->capture_default_str()
      ->check(CLI::Range(1, 100000));
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
  auto* token = dept->add_subcommand(
      "token", "replace a department's token (a leaked one) and print the new one (only)");
  auto token_code = std::make_shared<std::string>();
  auto token_dir = std::make_shared<std::string>();
  token->add_option("CODE", *token_code, "department code")->required();
  token->add_option("--dir", *token_dir, "hub directory")->required();
  on_run(token, ctx, [token_code, token_dir] {
    auto hub_store = need(sync::Hub::open(*token_dir));
    fmt::print("{}\n", need(hub_store->replace_dept_token(*token_code)));
  });
}

}  // namespace rfinv::cli
