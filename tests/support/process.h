// Runs a program (usually the real rfinv binary) and captures what it printed.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/subprocess.h"

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
  // Run as an ordinary user, to whom file permissions apply: as `nobody` (through setpriv)
  // when the test runs as root, which permissions do not restrict; else as ourselves.
  bool unprivileged = false;
};

ProcessResult run_process(const std::vector<std::string>& argv, const ProcessOptions& options = {});

// A program left running in the background (a service, a hub), with its stdout and stderr
// captured to files. The destructor kills it (SIGKILL) if it is still running.
class BackgroundProcess {
 public:
  BackgroundProcess(const std::vector<std::string>& argv, const std::string& output_file,
                    const std::map<std::string, std::string>& env = {});
  ~BackgroundProcess();
  BackgroundProcess(const BackgroundProcess&) = delete;
  BackgroundProcess& operator=(const BackgroundProcess&) = delete;

  void signal(int sig);
  // Waits up to `timeout` for it to exit; its exit code, or -1 (killed, or still running).
  int wait(std::chrono::milliseconds timeout);
  bool running();
  // What it has written to stdout and stderr so far.
  std::string output() const;

 private:
  std::optional<Subprocess> process_;
  std::string output_file_;
};

// run_process with the rfinv binary built in this tree as argv[0].
ProcessResult run_rfinv(const std::vector<std::string>& args, const ProcessOptions& options = {});

}  // namespace rfinv::test
