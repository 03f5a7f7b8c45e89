#include "base/subprocess.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <thread>
#include <utility>

extern char** environ;

namespace rfinv {
namespace {

using Clock = std::chrono::steady_clock;

void close_fd(int& fd) {
  if (fd >= 0) close(fd);
  fd = -1;
}

// Descriptors made before fork() and closed on every path; all are O_CLOEXEC, so a child that
// another thread starts meanwhile inherits none of them.
struct Fds {
  int child[3] = {-1, -1, -1};  // what becomes the child's stdin, stdout, stderr (-1: inherit)
  int parent[3] = {-1, -1, -1};
  int exec_error[2] = {-1, -1};  // the child reports a failed exec through it
  ~Fds() {
    for (int& fd : child) close_fd(fd);
    for (int& fd : parent) close_fd(fd);
    for (int& fd : exec_error) close_fd(fd);
  }
};

Status make_pipe(int& read_end, int& write_end) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return make_error(Errc::io, "cannot create a pipe");
  read_end = fds[0];
  write_end = fds[1];
  return {};
}

Status open_fd(int& fd, const std::string& path, int flags) {
  fd = open(path.c_str(), flags | O_CLOEXEC, 0644);
  if (fd < 0) return make_error(Errc::io, "cannot open {}: error {}", path, errno);
  return {};
}

// The inherited environment with `overrides` added or replacing, as "NAME=value" strings.
std::vector<std::string> environment(const std::map<std::string, std::string>& overrides) {
  std::vector<std::string> out;
  for (char** e = environ; *e; ++e) {
    std::string entry = *e;
    if (!overrides.count(entry.substr(0, entry.find('=')))) out.push_back(std::move(entry));
  }
  for (const auto& [name, value] : overrides) out.push_back(name + "=" + value);
  return out;
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (auto& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

ExitStatus from_wait_status(int status) {
  if (WIFEXITED(status)) return {WEXITSTATUS(status), 0};
  return {-1, WIFSIGNALED(status) ? WTERMSIG(status) : 0};
}

}  // namespace

std::string ExitStatus::describe() const {
  return code >= 0 ? fmt::format("exit status {}", code)
                   : fmt::format("killed by signal {}", signal);
}

namespace {

// fork() and exec for spawn() and spawn_detached(): the running child's pid (the intermediate
// one, already reaped, when `detached`), with the parent's ends of its pipes in `parent`.
Result<pid_t> start(const SpawnOptions& options, bool detached, int (&parent_fds)[3]) {
  if (options.argv.empty()) return make_error(Errc::invalid_argument, "no program to start");
  Fds fds;
  auto wire = [&](Stdio how, int stream) -> Status {
    if (how == Stdio::null)
      return open_fd(fds.child[stream], "/dev/null", stream == 0 ? O_RDONLY : O_WRONLY);
    if (how != Stdio::pipe) return {};
    return stream == 0 ? make_pipe(fds.child[0], fds.parent[0])
                       : make_pipe(fds.parent[stream], fds.child[stream]);
  };
  if (auto s = wire(options.in, 0); !s) return s.error();
  if (options.output_file.empty()) {
    if (auto s = wire(options.out, 1); !s) return s.error();
    if (auto s = wire(options.err, 2); !s) return s.error();
  } else {
    auto s = open_fd(fds.child[1], options.output_file, O_WRONLY | O_CREAT | O_TRUNC);
    if (!s) return s.error();
    fds.child[2] = fcntl(fds.child[1], F_DUPFD_CLOEXEC, 0);
    if (fds.child[2] < 0)
      return make_error(Errc::io, "cannot open {}: error {}", options.output_file, errno);
  }
  if (auto s = make_pipe(fds.exec_error[0], fds.exec_error[1]); !s) return s.error();

  // Everything the child needs is built before fork(): after it, only async-signal-safe calls.
  std::vector<std::string> argv_strings = options.argv;
  std::vector<std::string> env_strings = environment(options.env);
  std::vector<char*> argv = pointers(argv_strings), envp = pointers(env_strings);
  const pid_t parent = getpid();

  pid_t pid = fork();
  if (pid < 0) return make_error(Errc::io, "cannot start {}: error {}", options.argv[0], errno);
  if (pid == 0) {
    if (detached) {
      // A new session, then fork again and leave: the program is init's child, not ours.
      setsid();
      pid_t grandchild = fork();
      if (grandchild != 0) _exit(grandchild < 0 ? 127 : 0);
    } else if (options.own_process_group) {
      setpgid(0, 0);
    }
    if (options.die_with_parent && !detached) {
      prctl(PR_SET_PDEATHSIG, SIGKILL);
      if (getppid() != parent) _exit(127);  // the parent is already gone
    }
    for (int stream = 0; stream < 3; ++stream)
      if (fds.child[stream] >= 0) dup2(fds.child[stream], stream);  // dup2 clears O_CLOEXEC
    execve(argv[0], argv.data(), envp.data());
    int error = errno;
    (void)!write(fds.exec_error[1], &error, sizeof error);
    _exit(127);
  }
  if (options.own_process_group && !detached) setpgid(pid, pid);  // whichever runs first
  close_fd(fds.exec_error[1]);
  for (int& fd : fds.child) close_fd(fd);
  if (detached) {  // the intermediate child leaves at once; it fails only when fork() did
    int status = 0;
    waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
      return make_error(Errc::io, "cannot start {}: fork failed", options.argv[0]);
  }
  // The write end closes on a successful exec (O_CLOEXEC), so EOF here means "running".
  int exec_errno = 0;
  ssize_t n;
  while ((n = read(fds.exec_error[0], &exec_errno, sizeof exec_errno)) < 0 && errno == EINTR) {
  }
  if (n > 0) {
    if (!detached) waitpid(pid, nullptr, 0);
    return make_error(Errc::io, "cannot start {}: error {}", options.argv[0], exec_errno);
  }
  for (int i = 0; i < 3; ++i) parent_fds[i] = std::exchange(fds.parent[i], -1);
  return pid;
}

}  // namespace

Result<Subprocess> Subprocess::spawn(const SpawnOptions& options) {
  int parent[3];
  auto pid = start(options, false, parent);
  if (!pid) return pid.error();
  Subprocess child;
  child.pid_ = *pid;
  child.group_ = options.own_process_group;
  child.in_ = parent[0];
  child.out_ = parent[1];
  child.err_ = parent[2];
  return child;
}

Status spawn_detached(const SpawnOptions& options) {
  int parent[3];
  auto pid = start(options, true, parent);
  if (!pid) return pid.error();
  for (int& fd : parent) close_fd(fd);
  return {};
}

Subprocess::Subprocess(Subprocess&& other) noexcept
    : pid_(std::exchange(other.pid_, -1)),
      group_(other.group_),
      reaped_(other.reaped_),
      status_(other.status_),
      in_(std::exchange(other.in_, -1)),
      out_(std::exchange(other.out_, -1)),
      err_(std::exchange(other.err_, -1)),
      line_buffer_(std::move(other.line_buffer_)) {}

Subprocess::~Subprocess() {
  if (pid_ > 0 && !reaped_) {
    kill(group_ ? -pid_ : pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  close_pipes();
}

void Subprocess::close_pipes() {
  close_fd(in_);
  close_fd(out_);
  close_fd(err_);
}

Subprocess::Finished Subprocess::finish(std::string_view input, std::chrono::milliseconds timeout,
                                        std::size_t limit) {
  struct sigaction ignore {
  }, previous{};
  ignore.sa_handler = SIG_IGN;
  sigaction(SIGPIPE, &ignore, &previous);

  Finished done;
  const auto deadline = Clock::now() + timeout;
  std::size_t written = 0;
  if (input.empty())
    close_fd(in_);
  else if (in_ >= 0)
    fcntl(in_, F_SETFL, O_NONBLOCK);
  while (in_ >= 0 || out_ >= 0 || err_ >= 0) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) {
      done.timed_out = true;
      break;
    }
    pollfd fds[3];
    nfds_t n = 0;
    if (in_ >= 0) fds[n++] = {in_, POLLOUT, 0};
    if (out_ >= 0) fds[n++] = {out_, POLLIN, 0};
    if (err_ >= 0) fds[n++] = {err_, POLLIN, 0};
    if (poll(fds, n, int(left.count())) < 0 && errno != EINTR) break;
    for (nfds_t i = 0; i < n; ++i) {
      if (!fds[i].revents) continue;
      if (fds[i].fd == in_) {
        ssize_t w = write(in_, input.data() + written, input.size() - written);
        if (w > 0) written += std::size_t(w);
        if (w < 0 || written == input.size()) close_fd(in_);
        continue;
      }
      char buf[65536];
      ssize_t r = read(fds[i].fd, buf, sizeof buf);
      bool is_out = fds[i].fd == out_;
      if (r <= 0) {
        close_fd(is_out ? out_ : err_);
      } else if (auto& text = is_out ? done.out : done.err; text.size() < limit) {
        text.append(buf, std::size_t(r));
      }
    }
  }
  close_pipes();
  // The child may close its streams and still run: wait for it within the same deadline.
  if (!done.timed_out) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    done.timed_out = !wait(std::max(left, std::chrono::milliseconds(0)));
  }
  if (done.timed_out) {
    signal(SIGKILL);
    wait(std::chrono::hours(1));
  }
  done.status = status_;
  sigaction(SIGPIPE, &previous, nullptr);
  return done;
}

std::optional<std::string> Subprocess::read_line(std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    if (auto nl = line_buffer_.find('\n'); nl != std::string::npos) {
      std::string line = line_buffer_.substr(0, nl);
      line_buffer_.erase(0, nl + 1);
      return line;
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (out_ < 0 || left.count() <= 0) return std::nullopt;
    pollfd p{out_, POLLIN, 0};
    if (poll(&p, 1, int(left.count())) <= 0) continue;
    char buf[4096];
    ssize_t n = read(out_, buf, sizeof buf);
    if (n <= 0) return std::nullopt;
    line_buffer_.append(buf, std::size_t(n));
  }
}

void Subprocess::signal(int sig) {
  if (pid_ > 0 && !reaped_) kill(group_ ? -pid_ : pid_, sig);
}

std::optional<ExitStatus> Subprocess::wait(std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  while (!reaped_) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      reaped_ = true;
      status_ = from_wait_status(status);
      break;
    }
    if (Clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return status_;
}

CommandOutcome run_command(const std::string& command, const std::string& input,
                           std::chrono::milliseconds timeout) {
  SpawnOptions options;
  options.argv = {"/bin/sh", "-c", command};
  options.in = Stdio::pipe;
  options.out = Stdio::null;
  options.err = Stdio::pipe;
  options.own_process_group = true;  // a hung hook's own children die with it
  auto child = Subprocess::spawn(options);
  if (!child) return {false, child.error().message};
  auto done = child->finish(input, timeout, 65536);
  if (done.timed_out) return {false, fmt::format("timed out after {} ms", timeout.count())};
  if (done.status.code == 0) return {true, ""};
  auto& text = done.err;
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  auto last_line = text.substr(text.rfind('\n') == std::string::npos ? 0 : text.rfind('\n') + 1);
  std::string why = done.status.describe();
  return {false, last_line.empty() ? why : why + ": " + last_line};
}

}  // namespace rfinv
