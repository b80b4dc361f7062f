// Log format: "<N>" syslog priorities and no timestamps under journald
// (JOURNAL_STREAM set), a human format otherwise; --log-level checked.
#include <gtest/gtest.h>

#include "support/daemon_process.hpp"
#include "support/test_paths.hpp"

namespace nw {
namespace {

using namespace std::chrono_literals;

std::string run_briefly(const test::TempDir& dir,
                        const std::vector<std::pair<std::string, std::string>>& env) {
  test::write_file(dir / "nw.toml", "[storage]\npath = \"nw.db\"\n");
  test::DaemonProcess daemon({test::binary().string(), "run", "-c", (dir / "nw.toml").string()},
                             dir / "log", env);
  EXPECT_TRUE(test::eventually(
      [&] { return daemon.log().find("daemon.ready") != std::string::npos; }, 20s));
  daemon.signal(SIGTERM);
  EXPECT_EQ(daemon.wait_exit(20s), 0) << daemon.log();
  return daemon.log();
}

TEST(LoggingTest, JournalGetsPrioritiesAndNoTimestamps) {
  test::TempDir dir;
  const std::string log = run_briefly(dir, {{"JOURNAL_STREAM", "8:12345"}});
  EXPECT_EQ(log.rfind("<6>daemon.ready feeds=0", 0), 0u) << log;
  EXPECT_NE(log.find("\n<6>daemon.stopped\n"), std::string::npos) << log;
}

TEST(LoggingTest, TerminalGetsTimeAndLevel) {
  test::TempDir dir;
  const std::string log = run_briefly(dir, {});
  EXPECT_NE(log.find(" info daemon.ready feeds=0"), std::string::npos) << log;
  EXPECT_EQ(log.find("<6>"), std::string::npos) << log;
  EXPECT_EQ(log.substr(0, 2), "20") << log;  // an ISO 8601 timestamp first
}

TEST(LoggingTest, UnknownLevelIsAUsageError) {
  const auto r =
      test::run_command(test::binary().string() + " run -c /nonexistent.toml --log-level loud");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("unknown log level 'loud'"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace nw
