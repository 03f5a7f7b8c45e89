// What every command handler gets: the global options and the node, opened on demand.
#pragma once

#include <functional>
#include <memory>
#include <stdexcept>
#include <string>

#include "base/result.h"
#include "service/node.h"

namespace rfinv::cli {

// A command failed: main() prints "rfinv: MESSAGE" on stderr and exits with `exit_code`.
class CliError : public std::runtime_error {
 public:
  CliError(int exit_code, const std::string& message)
      : std::runtime_error(message), exit_code_(exit_code) {}
  int exit_code() const { return exit_code_; }

 private:
  int exit_code_;
};

// Exit codes: 1 other failure, 2 bad input, 3 not found, 4 refused or conflict,
// 5 database/file unusable, 6 unauthorized.
int exit_code_for(Errc code);

[[noreturn]] void fail(const Error& error);
[[noreturn]] void fail_input(const std::string& message);

// Unwraps a Result or fails the command with its error.
template <class T>
T need(Result<T> result) {
  if (!result) fail(result.error());
  return std::move(result.value());
}
inline void need(Status status) {
  if (!status) fail(status.error());
}

struct Context {
  std::string db_path;  // --db, else $RFINV_DB, else ./rfinv.db
  bool json = false;    // --json
  std::string actor;    // --actor, else the login name

  // The node (its database created or migrated) opened on first use; its warnings (alert
  // notices not delivered after a stock change) go to stderr as "rfinv: warning: ...".
  service::Node& node();

  // The chosen command's work, set while parsing and run once parsing is complete, so
  // global options given after the subcommand are already known.
  std::function<void()> action;

 private:
  std::unique_ptr<service::Node> node_;
};

}  // namespace rfinv::cli
