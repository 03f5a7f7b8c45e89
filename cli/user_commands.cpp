// rfinv user add|list|passwd|disable|token: the people who use the web app and the API.
#include <termios.h>
#include <unistd.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/commands.h"
#include "cli/output.h"
#include "webapp/views.h"

namespace rfinv::cli {
namespace {

// A password from `file` (its first line), else typed at the terminal without echo, else the
// first line of standard input (a script piping it in).
std::string read_password(const std::string& file) {
  std::string line;
  if (!file.empty()) {
    std::ifstream in(file);
    if (!in) fail(make_error(Errc::io, "cannot read {}", file));
    std::getline(in, line);
    return line;
  }
  if (!isatty(STDIN_FILENO)) {
    std::getline(std::cin, line);
    return line;
  }
  termios before{};
  tcgetattr(STDIN_FILENO, &before);
  termios quiet = before;
  quiet.c_lflag &= ~tcflag_t(ECHO);
  fmt::print(stderr, "password: ");
  std::fflush(stderr);
  tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  std::getline(std::cin, line);
  tcsetattr(STDIN_FILENO, TCSANOW, &before);
  fmt::print(stderr, "\n");
  return line;
}

}  // namespace

void add_user_commands(CLI::App& app, Context& ctx) {
  auto* user = group(app, "user", "people who use the web app and the API, with a role");
  struct Options {
    std::string name, role, password_file;
    std::optional<std::string> dept;
  };
  auto o = std::make_shared<Options>();

  auto* add = user->add_subcommand("add", "add a user (the password from a file, or asked for)");
  add->add_option("name", o->name, "user name")->required();
  add->add_option("--role", o->role, "admin, storekeeper, buyer, manager or viewer")->required();
  add->add_option("--dept", o->dept, "department code (a manager needs one)");
  add->add_option("--password-file", o->password_file, "read the password from this file");
  on_run(add, ctx, [&ctx, o] {
    auto role = auth::parse_role(o->role);
    if (!role) fail_input(fmt::format("unknown role '{}'", o->role));
    auto added =
        need(ctx.node().add_user({o->name, *role, o->dept, read_password(o->password_file)}));
    if (ctx.json) return print_json(webapp::user_json(added));
    fmt::print("user {} added ({})\n", added.name, auth::to_string(added.role));
  });

  on_run(user->add_subcommand("list", "list users"), ctx, [&ctx] {
    auto users = need(ctx.node().list_users());
    if (ctx.json) {
      boost::json::array a;
      for (const auto& u : users) a.push_back(webapp::user_json(u));
      return print_json(a);
    }
    Table t{{"name", "role", "dept", "lang", "state"}, {}};
    for (const auto& u : users)
      t.rows.push_back({u.name, std::string(auth::to_string(u.role)), u.dept.value_or("-"), u.lang,
                        u.disabled ? "disabled" : "active"});
    print_table(t);
  });

  auto* passwd = user->add_subcommand("passwd", "set a user's password (ends their sessions)");
  passwd->add_option("name", o->name, "user name")->required();
  passwd->add_option("--password-file", o->password_file, "read the password from this file");
  on_run(passwd, ctx, [&ctx, o] {
    need(ctx.node().set_password(o->name, read_password(o->password_file)));
    if (ctx.json) return print_json({{"name", o->name}, {"password_set", true}});
    fmt::print("password of {} set\n", o->name);
  });

  auto* disable = user->add_subcommand("disable", "disable a user (ends sessions, revokes tokens)");
  disable->add_option("name", o->name, "user name")->required();
  on_run(disable, ctx, [&ctx, o] {
    need(ctx.node().disable_user(o->name));
    if (ctx.json) return print_json({{"name", o->name}, {"disabled", true}});
    fmt::print("user {} disabled\n", o->name);
  });

  auto* token = user->add_subcommand("token", "print a new API token for a user (shown once)");
  token->add_option("name", o->name, "user name")->required();
  on_run(token, ctx, [&ctx, o] {
    auto issued = need(ctx.node().issue_token(o->name));
    if (ctx.json) return print_json({{"name", o->name}, {"token", issued}});
    fmt::print("{}\n", issued);
  });
}

}  // namespace rfinv::cli
