// What every command handler gets: the global options and the node, opened on demand.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include "base/clock.h"
#include "base/result.h"
#include "service/node.h"

namespace rfinv::cli {

// Exit codes: 1 other failure, 2 bad input, 3 not found, 4 refused or conflict,
// 5 database/file unusable, 6 unauthorized.
int exit_code_for(Errc code);
// The name of an Errc as written in a --json error object ("not_found", "invalid_argument").
const char* errc_name(Errc code);

// A command failed: main() prints it on stderr ("rfinv: MESSAGE", or under --json one object
// {"error": MESSAGE, "code": CODE}) and exits with `exit_code`.
class CliError : public std::runtime_error {
 public:
  CliError(Errc code, const std::string& message)
      : std::runtime_error(message), exit_code_(exit_code_for(code)), code_(errc_name(code)) {}
  // A failure no Errc names (exit 1, code "failed"), or bad input (exit 2, "invalid_argument").
  CliError(int exit_code, const std::string& message)
      : std::runtime_error(message),
        exit_code_(exit_code),
        code_(exit_code == 2 ? errc_name(Errc::invalid_argument) : "failed") {}
  int exit_code() const { return exit_code_; }
  const std::string& code() const { return code_; }

 private:
  int exit_code_;
  std::string code_;
};

[[noreturn]] void fail(const Error& error);
[[noreturn]] void fail_input(const std::string& message);

// A date option's value (YYYY-MM-DD, or a UTC time): nullopt when empty; anything else fails
// as bad input naming the option.
std::optional<Micros> parse_date(const std::string& option, const std::string& text);

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
  // The node opened read-only, for commands that only read: they work on a database the user
  // may only read, and never create one (a missing file is not_found).
  service::Node& node_to_read();

  // The chosen command's work, set while parsing and run once parsing is complete, so
  // global options given after the subcommand are already known.
  std::function<void()> action;

 private:
  std::unique_ptr<service::Node> node_;
};

}  // namespace rfinv::cli
