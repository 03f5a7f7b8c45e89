// Runs a program (usually the real rfinv binary) and captures what it printed.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace rfinv::test {

struct ProcessResult {
  int exit_code = -1;  // -1 when killed by a signal or timed out
  std::string out;
  std::string err;
};

struct ProcessOptions {
  std::string stdin_text;
  std::map<std::string, std::string> env;  // added to (or replacing in) the inherited environment
  std::chrono::seconds timeout{60};        // the child is killed after this
};

ProcessResult run_process(const std::vector<std::string>& argv, const ProcessOptions& options = {});

// run_process with the rfinv binary built in this tree as argv[0].
ProcessResult run_rfinv(const std::vector<std::string>& args, const ProcessOptions& options = {});

}  // namespace rfinv::test
