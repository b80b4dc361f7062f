// `newswatch run` under a fake NOTIFY_SOCKET: READY=1, STATUS= with counts,
// WATCHDOG=1 at half of WATCHDOG_USEC, STOPPING=1.
#include <gtest/gtest.h>

#include "support/daemon_process.hpp"
#include "support/test_paths.hpp"

namespace nw {
namespace {

using namespace std::chrono_literals;

TEST(NotifyTest, ReadyStatusWatchdogStopping) {
  test::TempDir dir;
  test::write_single_feed_config(dir);
  test::NotifySocket notify(dir / "notify.sock");
  test::DaemonProcess daemon(
      {test::binary().string(), "run", "-c", (dir / "nw.toml").string()}, dir / "log",
      {{"NOTIFY_SOCKET", notify.path().string()}, {"WATCHDOG_USEC", "200000"}});
  ASSERT_TRUE(notify.wait_for("READY=1", 20s)) << daemon.log();
  EXPECT_TRUE(notify.wait_for("STATUS=1 feeds, 0 articles", 1s)) << daemon.log();
  // Counts go live after the first poll.
  EXPECT_TRUE(notify.wait_for("STATUS=1 feeds, 1 articles", 20s)) << daemon.log();
  // Pings every 100 ms: several within a second.
  EXPECT_TRUE(notify.wait_for("WATCHDOG=1", 2s));
  std::this_thread::sleep_for(1s);
  notify.wait_for("(drain)", 100ms);
  int pings = 0;
  for (const auto& m : notify.messages()) pings += m == "WATCHDOG=1";
  EXPECT_GE(pings, 4);
  daemon.signal(SIGTERM);
  EXPECT_TRUE(notify.wait_for("STOPPING=1", 10s)) << daemon.log();
  EXPECT_EQ(daemon.wait_exit(20s), 0) << daemon.log();
}

TEST(NotifyTest, NoWatchdogPingsWithoutWatchdogUsec) {
  test::TempDir dir;
  test::write_file(dir / "nw.toml", "[storage]\npath = \"nw.db\"\n");
  test::NotifySocket notify(dir / "notify.sock");
  test::DaemonProcess daemon({test::binary().string(), "run", "-c", (dir / "nw.toml").string()},
                             dir / "log", {{"NOTIFY_SOCKET", notify.path().string()}});
  ASSERT_TRUE(notify.wait_for("READY=1", 20s)) << daemon.log();
  EXPECT_FALSE(notify.wait_for("WATCHDOG=1", 500ms));
  daemon.signal(SIGINT);
  EXPECT_TRUE(notify.wait_for("STOPPING=1", 10s));
  EXPECT_EQ(daemon.wait_exit(20s), 0) << daemon.log();
}

}  // namespace
}  // namespace nw
