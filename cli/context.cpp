#include "sync/node/node_schema.h"
#include "cli/context.h"

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

void fail(const Error& error) { throw CliError(exit_code_for(error.code), error.message); }

void fail_input(const std::string& message) { throw CliError(2, message); }

inventory::Store& Context::store() {
  if (!store_) store_ = need(inventory::Store::open(db_path, sync::node_schema()));
  return *store_;
}

}  // namespace rfinv::cli
