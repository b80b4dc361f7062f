// `newswatch run`: the daemon polls on its own and stops cleanly on a signal.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "support/daemon_process.hpp"
#include "support/test_paths.hpp"

namespace nw {
namespace {

class RunTest : public ::testing::TestWithParam<int> {};

TEST_P(RunTest, PollsThenExitsZeroOnSignal) {
  test::TempDir dir;
  test::write_single_feed_config(dir);
  test::DaemonProcess daemon({test::binary().string(), "run", "-c", (dir / "nw.toml").string()},
                             dir / "log");
  ASSERT_GT(daemon.pid(), 0);
  // New feeds start within their first interval; wait until the article is stored.
  const std::string list =
      test::binary().string() + " articles --json -c " + (dir / "nw.toml").string();
  bool stored = false;
  for (int i = 0; i < 100 && !stored; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    stored = test::run_command(list).out.find("\"guid\":\"1\"") != std::string::npos;
  }
  EXPECT_TRUE(stored) << test::read_file(dir / "log");
  daemon.signal(GetParam());
  EXPECT_EQ(daemon.wait_exit(std::chrono::seconds(20)), 0) << daemon.log();
  EXPECT_NE(test::read_file(dir / "log").find("daemon.stopped"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Signals, RunTest, ::testing::Values(SIGTERM, SIGINT));

}  // namespace
}  // namespace nw
