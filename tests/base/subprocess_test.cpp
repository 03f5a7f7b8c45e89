#define BOOST_TEST_MODULE subprocess
#include "base/subprocess.h"

#include <signal.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <fstream>
#include <sstream>
#include <thread>

#include "tests/support/temp_dir.h"

using namespace rfinv;
using namespace std::chrono_literals;

BOOST_AUTO_TEST_CASE(a_command_that_succeeds_reads_its_input) {
  test::TempDir dir;
  auto out = run_command("cat > " + dir.file("got"), "hello\n", 10s);
  BOOST_TEST(out.ok, out.detail);
  std::ifstream in(dir.file("got"));
  std::stringstream text;
  text << in.rdbuf();
  BOOST_TEST(text.str() == "hello\n");
}

BOOST_AUTO_TEST_CASE(a_failure_names_the_status_and_the_last_stderr_line) {
  auto out = run_command("echo first >&2; echo 'mailer down' >&2; exit 3", "", 10s);
  BOOST_TEST(!out.ok);
  BOOST_TEST(out.detail == "exit status 3: mailer down");
  auto killed = run_command("kill -9 $$", "", 10s);
  BOOST_TEST(killed.detail == "killed by signal 9");
}

BOOST_AUTO_TEST_CASE(a_command_past_its_timeout_is_killed) {
  auto start = std::chrono::steady_clock::now();
  auto out = run_command("sleep 30", "", 200ms);
  BOOST_TEST(!out.ok);
  BOOST_TEST(out.detail == "timed out after 200 ms");
  BOOST_TEST((std::chrono::steady_clock::now() - start < 10s));
  // Closing its streams does not end the wait: the process itself must end in time.
  BOOST_TEST(run_command("exec 2>&-; sleep 30", "", 200ms).detail == "timed out after 200 ms");
}

BOOST_AUTO_TEST_CASE(a_command_that_ignores_a_large_input_does_not_hurt_us) {
  auto out = run_command("exit 0", std::string(1 << 20, 'x'), 10s);
  BOOST_TEST(out.ok, out.detail);
}

BOOST_AUTO_TEST_CASE(captures_both_streams_with_the_environment_it_was_given) {
  SpawnOptions options;
  options.argv = {"/bin/sh", "-c", "cat; echo \"$RFINV_TEST_VALUE\" >&2; exit 4"};
  options.env = {{"RFINV_TEST_VALUE", "given"}};
  options.in = Stdio::pipe;
  auto child = Subprocess::spawn(options);
  BOOST_TEST_REQUIRE(child.ok());
  auto done = child->finish("to stdout\n", 10s);
  BOOST_TEST(!done.timed_out);
  BOOST_TEST(done.status.code == 4);
  BOOST_TEST(done.out == "to stdout\n");
  BOOST_TEST(done.err == "given\n");
}

BOOST_AUTO_TEST_CASE(reads_lines_waits_and_signals) {
  SpawnOptions options;
  options.argv = {"/bin/sh", "-c", "echo one; echo two; exec sleep 30"};
  auto child = Subprocess::spawn(options);
  BOOST_TEST_REQUIRE(child.ok());
  BOOST_TEST(child->read_line(10s).value_or("") == "one");
  BOOST_TEST(child->read_line(10s).value_or("") == "two");
  BOOST_TEST(!child->read_line(50ms));  // nothing more yet
  BOOST_TEST(!child->wait(0ms));
  child->signal(SIGTERM);
  auto status = child->wait(10s);
  BOOST_TEST_REQUIRE(status.has_value());
  BOOST_TEST(status->code == -1);
  BOOST_TEST(status->signal == SIGTERM);
}

BOOST_AUTO_TEST_CASE(writes_both_streams_to_an_output_file) {
  test::TempDir dir;
  SpawnOptions options;
  options.argv = {"/bin/sh", "-c", "echo out; echo err >&2"};
  options.output_file = dir.file("log");
  auto child = Subprocess::spawn(options);
  BOOST_TEST_REQUIRE(child.ok());
  auto status = child->wait(10s);
  BOOST_TEST_REQUIRE(status.has_value());
  BOOST_TEST(status->code == 0);
  std::ifstream in(dir.file("log"));
  std::stringstream text;
  text << in.rdbuf();
  BOOST_TEST(text.str() == "out\nerr\n");
}

BOOST_AUTO_TEST_CASE(a_program_that_cannot_start_is_an_error_not_a_child) {
  SpawnOptions options;
  options.argv = {"/nonexistent/program"};
  auto child = Subprocess::spawn(options);
  BOOST_TEST_REQUIRE(!child.ok());
  BOOST_TEST((child.error().code == Errc::io));
  BOOST_TEST(child.error().message.find("cannot start /nonexistent/program") == 0u,
             child.error().message);
}

namespace {

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Polls (at most 10 s, in 20 ms steps) until `path` holds a whole line.
std::string wait_for_line(const std::string& path) {
  for (int i = 0; i < 500; ++i) {
    auto text = read_text(path);
    if (text.find('\n') != std::string::npos) return text.substr(0, text.find('\n'));
    std::this_thread::sleep_for(20ms);
  }
  return "";
}

// Running and not a zombie.
bool alive(pid_t pid) {
  auto stat = read_text("/proc/" + std::to_string(pid) + "/stat");
  auto state = stat.rfind(')');
  return !stat.empty() && state + 2 < stat.size() && stat[state + 2] != 'Z';
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_detached_program_is_not_our_child_and_runs_on_its_own) {
  test::TempDir dir;
  SpawnOptions options;
  options.argv = {"/bin/sh", "-c", "echo $PPID > " + dir.file("ppid")};
  options.out = options.err = Stdio::null;
  auto started = spawn_detached(options);
  BOOST_REQUIRE(started.ok());
  auto parent = wait_for_line(dir.file("ppid"));
  BOOST_REQUIRE(!parent.empty());
  BOOST_TEST(parent != std::to_string(getpid()));
  options.argv = {"/no/such/program"};
  BOOST_TEST(!spawn_detached(options).ok());
}

BOOST_AUTO_TEST_CASE(a_command_past_its_timeout_is_killed_with_what_it_started) {
  test::TempDir dir;
  auto out = run_command("sleep 60 & echo $! > " + dir.file("pid") + "; wait", "", 500ms);
  BOOST_TEST(out.detail == "timed out after 500 ms");
  auto pid = wait_for_line(dir.file("pid"));
  BOOST_REQUIRE(!pid.empty());
  bool gone = false;
  for (int i = 0; i < 500 && !gone; ++i) {  // SIGKILL lands at once; allow the kernel 10 s
    gone = !alive(std::stoi(pid));
    if (!gone) std::this_thread::sleep_for(20ms);
  }
  BOOST_TEST(gone, "sleep " << pid << " outlived the timed-out command");
}
