#include "tests/support/cli_db.h"

#include <boost/test/unit_test.hpp>
#include <fstream>

#include "tests/support/db_snapshot.h"
#include "tests/support/raw_sql.h"

namespace rfinv::test {
namespace {

std::string command_line(const std::vector<std::string>& args) {
  std::string line = "rfinv";
  for (const auto& a : args) line += " " + a;
  return line;
}

}  // namespace

CliDb::CliDb(std::vector<std::string> global_args) : global_args_(std::move(global_args)) {}

ProcessResult CliDb::run(std::vector<std::string> args, const ProcessOptions& options) const {
  args.insert(args.begin(), global_args_.begin(), global_args_.end());
  args.insert(args.begin(), {"--db", db});
  return run_rfinv(args, options);
}

std::string CliDb::ok(const std::vector<std::string>& args, const ProcessOptions& options) const {
  auto r = run(args, options);
  BOOST_REQUIRE_MESSAGE(r.exit_code == 0, command_line(args) << " failed (" << r.exit_code
                                                             << "): " << r.err << r.out);
  return r.out;
}

boost::json::value CliDb::ok_json(std::vector<std::string> args) const {
  args.push_back("--json");
  return boost::json::parse(ok(args));
}

std::string CliDb::refused(const std::vector<std::string>& args, int exit_code,
                           std::string_view says) const {
  const std::string before = snapshot(), line = command_line(args);
  auto r = run(args);
  BOOST_TEST(r.exit_code == exit_code, line << " -> " << r.exit_code << ": " << r.err);
  BOOST_TEST(r.err.find(says) != std::string::npos, line << " -> " << r.err);
  BOOST_TEST(r.out.empty(), line << " printed " << r.out);
  if (!args.empty() && args.front() == "issue") raw_exec(db, "DELETE FROM demand_refusal");
  BOOST_TEST(snapshot() == before, line << " wrote something");
  return r.err;
}

std::string CliDb::snapshot() const { return db_snapshot(db); }

std::string CliDb::write(const std::string& name, const std::string& text) const {
  std::ofstream(dir.file(name), std::ios::binary) << text;
  return dir.file(name);
}

}  // namespace rfinv::test
