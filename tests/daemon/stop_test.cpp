// SIGTERM during a slow fetch: no new work, the fetch gets a bounded grace
// period (5 s) to finish, then is abandoned; results are committed; exit 0.
#include <gtest/gtest.h>

#include "support/daemon_process.hpp"
#include "support/feeds.hpp"
#include "support/http_server.hpp"
#include "support/test_paths.hpp"

namespace nw {
namespace {

using namespace std::chrono_literals;

const char* const k_feed = R"(<rss version="2.0"><channel><title>S</title>
<item><guid>s1</guid><title>Slow</title><description>742 Belarusians have fought.</description></item>
</channel></rss>)";

void write_slow_feed_config(const test::TempDir& dir, const std::string& url) {
  test::write_config(dir, "[fetch]\ntimeout = \"60s\"\n" + test::feed_toml("slow", url, "1s"));
}

TEST(StopTest, SigtermLetsAShortFetchFinishAndCommits) {
  test::HttpServer server;
  server.route("/feed", [](const test::HttpRequest&) {
    test::HttpResponse r;
    r.body = k_feed;
    r.headers = {{"Content-Type", "application/rss+xml"}};
    r.delay = 2s;
    return r;
  });
  test::TempDir dir;
  write_slow_feed_config(dir, server.url("/feed"));
  test::DaemonProcess daemon({test::binary().string(), "run", "-c", (dir / "nw.toml").string()},
                             dir / "log");
  ASSERT_TRUE(test::eventually([&] { return server.count("/feed") >= 1; }, 20s)) << daemon.log();
  daemon.signal(SIGTERM);
  EXPECT_EQ(daemon.wait_exit(9s), 0) << daemon.log();
  EXPECT_EQ(daemon.log().find("daemon.abandoning"), std::string::npos) << daemon.log();
  EXPECT_EQ(server.count("/feed"), 1u);  // no new poll after the signal
  const auto r = test::run_command(test::binary().string() + " articles --json -c " +
                                   (dir / "nw.toml").string());
  EXPECT_NE(r.out.find("\"guid\":\"s1\""), std::string::npos) << daemon.log();
}

TEST(StopTest, SigtermAbandonsAHungFetchWithinTheBound) {
  test::HttpServer server;
  server.route("/feed", [](const test::HttpRequest&) {
    test::HttpResponse r;
    r.body = k_feed;
    r.delay = 20s;
    return r;
  });
  test::TempDir dir;
  write_slow_feed_config(dir, server.url("/feed"));
  test::DaemonProcess daemon({test::binary().string(), "run", "-c", (dir / "nw.toml").string()},
                             dir / "log");
  ASSERT_TRUE(test::eventually([&] { return server.count("/feed") >= 1; }, 20s)) << daemon.log();
  const auto signalled = std::chrono::steady_clock::now();
  daemon.signal(SIGTERM);
  EXPECT_EQ(daemon.wait_exit(12s), 0) << daemon.log();
  // Well before curl's own 10 s low-speed abort: the daemon gave up, not the fetch.
  EXPECT_LT(std::chrono::steady_clock::now() - signalled, 9s);
  const std::string log = daemon.log();
  EXPECT_NE(log.find("daemon.abandoning in_flight=1"), std::string::npos) << log;
  EXPECT_NE(log.find("daemon.stopped"), std::string::npos) << log;
  // The abandoned poll is recorded as a failure in the feed's state.
  const auto r =
      test::run_command(test::binary().string() + " feeds --json -c " + (dir / "nw.toml").string());
  EXPECT_NE(r.out.find("\"consecutive_errors\":1"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace nw
