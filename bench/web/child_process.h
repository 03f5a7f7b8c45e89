// The rfinv binary as a child process of the web benchmark: run a command to its end, or
// start the server and stop it with SIGTERM.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace rfinv::bench {

// Starts `argv` with stdout and stderr appended to `log_file`. Aborts when it cannot start.
pid_t spawn(const std::vector<std::string>& argv, const std::string& log_file);
// Waits for `pid` and returns its exit status (-1 when killed by a signal).
int wait_for(pid_t pid);
// Runs `argv` to its end; exits the benchmark when it fails.
void run_or_exit(const std::vector<std::string>& argv, const std::string& log_file);

}  // namespace rfinv::bench
