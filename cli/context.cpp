#include "cli/context.h"

#include <fmt/format.h>
#include <unistd.h>

#include <array>

namespace rfinv::cli {

int exit_code_for(Errc code) {
  switch (code) {
    case Errc::invalid_argument:
      return 2;
    case Errc::not_found:
      return 3;
    case Errc::conflict:
    case Errc::refused:
      return 4;
    case Errc::corrupt:
    case Errc::unsupported:
    case Errc::io:
      return 5;
    case Errc::unauthorized:
      return 6;
  }
  return 1;
}

const char* errc_name(Errc code) {
  switch (code) {
    case Errc::invalid_argument:
      return "invalid_argument";
    case Errc::not_found:
      return "not_found";
    case Errc::conflict:
      return "conflict";
    case Errc::refused:
      return "refused";
    case Errc::corrupt:
      return "corrupt";
    case Errc::unsupported:
      return "unsupported";
    case Errc::io:
      return "io";
    case Errc::unauthorized:
      return "unauthorized";
  }
  return "failed";
}

void fail(const Error& error) { throw CliError(error.code, error.message); }

void fail_input(const std::string& message) { throw CliError(Errc::invalid_argument, message); }

std::optional<Micros> parse_date(const std::string& option, const std::string& text) {
  if (text.empty()) return std::nullopt;
  auto at = parse_utc(text);
  if (!at) fail_input(fmt::format("{} \"{}\" is not a date (YYYY-MM-DD)", option, text));
  return at;
}

namespace {

// This very binary, to start it again as the alert courier.
std::string own_executable() {
  std::array<char, 4096> path{};
  auto n = readlink("/proc/self/exe", path.data(), path.size() - 1);
  return n > 0 ? std::string(path.data(), std::size_t(n)) : std::string();
}

}  // namespace

service::Node& Context::node() {
  if (!node_) {
    node_ = need(service::Node::open(db_path));
    node_->set_warning_sink(
        [](const std::string& warning) { fmt::print(stderr, "rfinv: warning: {}\n", warning); });
    if (auto self = own_executable(); !self.empty())
      node_->set_alert_courier({self, "--db", db_path, "alerts", "deliver", "--if-idle"});
  }
  return *node_;
}

service::Node& Context::node_to_read() {
  if (!node_) node_ = need(service::Node::open(db_path, sql::Access::read_only));
  return *node_;
}

}  // namespace rfinv::cli
