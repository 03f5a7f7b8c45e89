// A node database in a temporary directory, driven through the real rfinv binary: the fixture
// of the end-to-end CLI tests. A test's own fixture derives from it and adds what only it needs.
#pragma once

#include <boost/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

namespace rfinv::test {

class CliDb {
 public:
  // `global_args` go before each command's own (e.g. {"--actor", "alice"}).
  explicit CliDb(std::vector<std::string> global_args = {});

  TempDir dir;
  std::string db = dir.file("rfinv.db");  // a test may point it elsewhere

  // rfinv --db DB GLOBAL_ARGS... ARGS...
  ProcessResult run(std::vector<std::string> args, const ProcessOptions& options = {}) const;
  // A command that must exit 0 (else the test stops, naming it, its exit code and stderr);
  // its stdout.
  std::string ok(const std::vector<std::string>& args, const ProcessOptions& options = {}) const;
  // ok() with --json added at the end, its stdout parsed.
  boost::json::value ok_json(std::vector<std::string> args) const;
  // A command that must exit with `exit_code`, print nothing on stdout, say `says` (when given)
  // on stderr and write nothing; its stderr. An issue refused for want of usable stock records
  // the demand it turned away (README "Demand planning") and nothing else: those records are
  // deleted before the database is compared.
  std::string refused(const std::vector<std::string>& args, int exit_code,
                      std::string_view says = {}) const;
  // Every row of every table, as text: equal snapshots mean nothing was written.
  std::string snapshot() const;
  // Writes `text` to the file `name` in dir; its path.
  std::string write(const std::string& name, const std::string& text) const;

 private:
  std::vector<std::string> global_args_;
};

}  // namespace rfinv::test
