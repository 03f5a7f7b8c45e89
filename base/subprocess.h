// Runs a shell command with text on its standard input, bounded in time.
#pragma once

#include <chrono>
#include <string>

namespace rfinv {

struct CommandOutcome {
  bool ok = false;     // exited with status 0 in time
  std::string detail;  // why not: exit status, signal, timeout, last stderr line
};

// /bin/sh -c `command`, stdin = `input`, stdout discarded, killed after `timeout`.
CommandOutcome run_command(const std::string& command, const std::string& input,
                           std::chrono::milliseconds timeout);

}  // namespace rfinv
