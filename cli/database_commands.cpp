// rfinv check | backup FILE: looking after the database file itself.
#include "cli/commands.h"
#include "cli/output.h"
#include "service/node.h"

namespace rfinv::cli {

void add_database_commands(CLI::App& app, Context& ctx) {
  auto* check = app.add_subcommand(
      "check", "check the database file with SQLite's integrity check (exit 5 when damaged)");
  on_run(check, ctx, [&ctx] {
    auto problems = need(service::Node::check(ctx.db_path));
    if (!problems.empty()) {
      if (!ctx.json)
        for (const auto& problem : problems) fmt::print("{}\n", problem);
      fail({Errc::corrupt,
            fmt::format("{} is damaged: SQLite's integrity check found {} problem(s), the first: "
                        "{}; restore it from a backup",
                        ctx.db_path, problems.size(), problems.front())});
    }
    if (ctx.json) return print_json({{"database", ctx.db_path}, {"ok", true}});
    fmt::print("{}: ok\n", ctx.db_path);
  });

  auto* backup =
      app.add_subcommand("backup", "copy the database, consistent as of one moment, to a new file");
  auto to = std::make_shared<std::string>();
  backup->add_option("FILE", *to, "the copy to create (never overwritten)")->required();
  on_run(backup, ctx, [&ctx, to] {
    need(ctx.node_to_read().backup(*to));
    if (ctx.json) return print_json({{"database", ctx.db_path}, {"backup", *to}});
    fmt::print("backed up {} to {}\n", ctx.db_path, *to);
  });
}

}  // namespace rfinv::cli
