#include "tests/support/process.h"

#include <signal.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace rfinv::test {

ProcessResult run_process(const std::vector<std::string>& argv, const ProcessOptions& options) {
  // Tests ignore SIGPIPE for good: a child or a peer that goes away must fail a check, not
  // kill the test program.
  signal(SIGPIPE, SIG_IGN);
  SpawnOptions spawn;
  spawn.argv = argv;
  if (options.unprivileged && geteuid() == 0)
    spawn.argv.insert(spawn.argv.begin(),
                      {"/usr/bin/setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"});
  spawn.env = options.env;
  spawn.in = Stdio::pipe;
  auto child = Subprocess::spawn(spawn);
  // As a shell reports a program it cannot execute.
  if (!child) return {127, "", child.error().message};
  auto done = child->finish(options.stdin_text, options.timeout);
  ProcessResult result;
  result.out = std::move(done.out);
  result.err = std::move(done.err);
  if (!done.timed_out) result.exit_code = done.status.code;
  return result;
}

BackgroundProcess::BackgroundProcess(const std::vector<std::string>& argv,
                                     const std::string& output_file,
                                     const std::map<std::string, std::string>& env)
    : output_file_(output_file) {
  SpawnOptions spawn;
  spawn.argv = argv;
  spawn.env = env;
  spawn.output_file = output_file;
  auto child = Subprocess::spawn(spawn);
  if (!child) throw std::runtime_error(child.error().message);
  process_.emplace(std::move(*child));
}

// The Subprocess kills and reaps it.
BackgroundProcess::~BackgroundProcess() = default;

void BackgroundProcess::signal(int sig) { process_->signal(sig); }

int BackgroundProcess::wait(std::chrono::milliseconds timeout) {
  auto status = process_->wait(timeout);
  return status ? status->code : -1;
}

bool BackgroundProcess::running() { return !process_->wait(std::chrono::milliseconds(0)); }

std::string BackgroundProcess::output() const {
  std::ifstream in(output_file_, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

ProcessResult run_rfinv(const std::vector<std::string>& args, const ProcessOptions& options) {
  std::vector<std::string> argv{RFINV_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_process(argv, options);
}

}  // namespace rfinv::test
