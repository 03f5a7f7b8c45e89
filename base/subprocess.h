// Child processes: start a program with its standard streams wired as asked, feed it, read
// what it writes, and wait for it within a deadline. The one place rfinv (and its tests)
// start other programs; POSIX only.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstddef>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace rfinv {

// Where one standard stream of the child goes.
enum class Stdio {
  inherit,  // the parent's own stream
  null,     // /dev/null
  pipe,     // a pipe to the Subprocess object (finish(), read_line())
};

struct SpawnOptions {
  std::vector<std::string> argv;           // argv[0] is the program's path; no PATH search
  std::map<std::string, std::string> env;  // added to (or replacing in) the inherited environment
  Stdio in = Stdio::null;
  Stdio out = Stdio::pipe;
  Stdio err = Stdio::pipe;
  // When set, stdout and stderr both go to this file (created or truncated); `out` and `err`
  // are then ignored.
  std::string output_file;
  // Linux: the child gets SIGKILL when the thread that started it ends, so a crashed test
  // leaves no server behind.
  bool die_with_parent = false;
  // The child leads a process group of its own; Subprocess::signal() and the kill after a
  // timeout then reach everything it started too (a shell's own children).
  bool own_process_group = false;
};

struct ExitStatus {
  int code = -1;                 // the exit code, or -1 when a signal ended it
  int signal = 0;                // that signal
  std::string describe() const;  // "exit status 3", "killed by signal 9"
};

// One child process, owned by one thread at a time (nothing here locks). The destructor
// kills (SIGKILL) and reaps a child that is still running, so none outlives its owner unseen.
class Subprocess {
 public:
  // Starts the program. Fails (Errc::io) when a pipe or the output file cannot be opened or the
  // program cannot be executed (missing, not executable); nothing is left running then.
  static Result<Subprocess> spawn(const SpawnOptions& options);

  Subprocess(Subprocess&& other) noexcept;
  Subprocess& operator=(Subprocess&&) = delete;
  ~Subprocess();

  struct Finished {
    bool timed_out = false;  // the deadline passed: the child was killed
    ExitStatus status;
    std::string out;  // what it wrote to a piped stdout, the first `limit` bytes or so
    std::string err;  // the same for a piped stderr
  };
  // Writes `input` to a piped stdin and closes it (at once when `input` is empty), reads piped
  // stdout and stderr to their end, and waits for the exit, all within `timeout`, after which
  // the child is killed. SIGPIPE is ignored meanwhile: a child that does not read its input is
  // not a reason for us to die.
  Finished finish(std::string_view input, std::chrono::milliseconds timeout,
                  std::size_t limit = std::numeric_limits<std::size_t>::max());

  // The next line of a piped stdout, without its '\n'; nullopt at the end of output or when
  // `timeout` passes first.
  std::optional<std::string> read_line(std::chrono::milliseconds timeout);

  pid_t pid() const { return pid_; }  // for reading /proc/PID while it runs
  void signal(int sig);               // no effect once the child has been reaped
  // Waits up to `timeout` for the child to end; nullopt while it still runs.
  std::optional<ExitStatus> wait(std::chrono::milliseconds timeout);

 private:
  Subprocess() = default;
  void close_pipes();

  pid_t pid_ = -1;
  bool group_ = false;  // pid_ leads its own process group: signals go to the whole group
  bool reaped_ = false;
  ExitStatus status_;
  int in_ = -1, out_ = -1, err_ = -1;  // our ends of the pipes, -1 when not piped
  std::string line_buffer_;            // read_line's bytes after the last line returned
};

// Starts the program detached: in a session of its own, not our child (nobody waits for it),
// so it outlives us. Fails (Errc::io) as spawn() does; nothing is left running then. For work
// that must not hold up its caller, e.g. delivering alert notices after a command.
Status spawn_detached(const SpawnOptions& options);

struct CommandOutcome {
  bool ok = false;     // exited with status 0 in time
  std::string detail;  // why not: exit status, signal, timeout, last stderr line
};

// /bin/sh -c `command`, stdin = `input`, stdout discarded; after `timeout` the shell and
// everything it started are killed.
CommandOutcome run_command(const std::string& command, const std::string& input,
                           std::chrono::milliseconds timeout);

}  // namespace rfinv
