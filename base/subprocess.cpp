#include "base/subprocess.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

extern char** environ;

namespace rfinv {

CommandOutcome run_command(const std::string& command, const std::string& input,
                           std::chrono::milliseconds timeout) {
  int in[2], err[2];
  if (pipe2(in, O_CLOEXEC) != 0) return {false, "cannot create a pipe"};
  if (pipe2(err, O_CLOEXEC) != 0) {
    close(in[0]);
    close(in[1]);
    return {false, "cannot create a pipe"};
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in[0], 0);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, err[1], 2);
  const char* argv[] = {"/bin/sh", "-c", command.c_str(), nullptr};
  pid_t pid = 0;
  int rc = posix_spawn(&pid, "/bin/sh", &actions, nullptr, const_cast<char**>(argv), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(in[0]);
  close(err[1]);
  if (rc != 0) {
    close(in[1]);
    close(err[0]);
    return {false, fmt::format("cannot start /bin/sh: error {}", rc)};
  }
  fcntl(in[1], F_SETFL, O_NONBLOCK);
  // A command that does not read its input must not kill us with SIGPIPE.
  struct sigaction ignore {
  }, previous{};
  ignore.sa_handler = SIG_IGN;
  sigaction(SIGPIPE, &ignore, &previous);

  std::string stderr_text;
  std::size_t written = 0;
  int in_fd = in[1];
  if (input.empty()) {
    close(in_fd);
    in_fd = -1;
  }
  bool err_open = true, timed_out = false;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (err_open || in_fd >= 0) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      timed_out = true;
      kill(pid, SIGKILL);
      break;
    }
    pollfd fds[2];
    nfds_t n = 0;
    if (err_open) fds[n++] = {err[0], POLLIN, 0};
    if (in_fd >= 0) fds[n++] = {in_fd, POLLOUT, 0};
    if (poll(fds, n, int(left.count())) < 0 && errno != EINTR) break;
    for (nfds_t i = 0; i < n; ++i) {
      if (!fds[i].revents) continue;
      if (fds[i].fd == in_fd) {
        ssize_t w = write(in_fd, input.data() + written, input.size() - written);
        if (w > 0) written += std::size_t(w);
        if (w < 0 || written == input.size()) {
          close(in_fd);
          in_fd = -1;
        }
      } else {
        char buf[4096];
        ssize_t r = read(err[0], buf, sizeof buf);
        if (r <= 0)
          err_open = false;
        else if (stderr_text.size() < 65536)
          stderr_text.append(buf, std::size_t(r));
      }
    }
  }
  if (in_fd >= 0) close(in_fd);
  close(err[0]);
  // The command may close its stderr and still run: wait for it within the same deadline.
  int status = 0;
  while (!timed_out && waitpid(pid, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() >= deadline) {
      timed_out = true;
      kill(pid, SIGKILL);
      break;
    }
    usleep(5000);
  }
  if (timed_out) waitpid(pid, &status, 0);
  sigaction(SIGPIPE, &previous, nullptr);

  while (!stderr_text.empty() && (stderr_text.back() == '\n' || stderr_text.back() == '\r'))
    stderr_text.pop_back();
  auto last_line = stderr_text.substr(
      stderr_text.rfind('\n') == std::string::npos ? 0 : stderr_text.rfind('\n') + 1);
  if (timed_out) return {false, fmt::format("timed out after {} ms", timeout.count())};
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return {true, ""};
  std::string why = WIFEXITED(status) ? fmt::format("exit status {}", WEXITSTATUS(status))
                                      : fmt::format("killed by signal {}", WTERMSIG(status));
  return {false, last_line.empty() ? why : why + ": " + last_line};
}

}  // namespace rfinv
