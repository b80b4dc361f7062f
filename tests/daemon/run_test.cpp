// `newswatch run`: the daemon polls on its own and stops cleanly on a signal.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fcntl.h>

#include <chrono>
#include <thread>

#include "support/test_paths.hpp"

namespace nw {
namespace {

// Starts the binary with `args`, stdout and stderr to `log`; returns its pid.
pid_t spawn(const std::vector<std::string>& args, const std::filesystem::path& log) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(fd, 1);
    ::dup2(fd, 2);
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  return pid;
}

// Waits up to `limit` for the child to exit; returns its exit status or -1.
int wait_exit(pid_t pid, std::chrono::seconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (::waitpid(pid, &status, WNOHANG) == pid)
      return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ::kill(pid, SIGKILL);
  ::waitpid(pid, nullptr, 0);
  return -1;
}

class RunTest : public ::testing::TestWithParam<int> {};

TEST_P(RunTest, PollsThenExitsZeroOnSignal) {
  test::TempDir dir;
  test::write_file(dir / "a.xml", R"(<rss version="2.0"><channel><title>A</title>
<item><guid>1</guid><title>One</title><description>742 Belarusians have fought for Russia.</description></item>
</channel></rss>)");
  test::write_file(dir / "nw.toml",
                   "[storage]\npath = \"nw.db\"\n[[feeds]]\nname = \"a\"\nurl = \"file:a.xml\"\n"
                   "interval = \"1s\"\n");
  const pid_t pid =
      spawn({test::binary().string(), "run", "-c", (dir / "nw.toml").string()}, dir / "log");
  ASSERT_GT(pid, 0);
  // New feeds start within their first interval; wait until the article is stored.
  const std::string list =
      test::binary().string() + " articles --json -c " + (dir / "nw.toml").string();
  bool stored = false;
  for (int i = 0; i < 100 && !stored; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    stored = test::run_command(list).out.find("\"guid\":\"1\"") != std::string::npos;
  }
  EXPECT_TRUE(stored) << test::read_file(dir / "log");
  ::kill(pid, GetParam());
  EXPECT_EQ(wait_exit(pid, std::chrono::seconds(20)), 0) << test::read_file(dir / "log");
  EXPECT_NE(test::read_file(dir / "log").find("daemon.stopped"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Signals, RunTest, ::testing::Values(SIGTERM, SIGINT));

}  // namespace
}  // namespace nw
