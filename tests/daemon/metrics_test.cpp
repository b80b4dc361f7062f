// [metrics] listen: /metrics in the Prometheus text format and /healthz over
// 127.0.0.1, served by the running daemon; and the counters' rendering.
#include <gtest/gtest.h>

#include "daemon/metrics.hpp"
#include "daemon/poller.hpp"
#include "support/daemon_process.hpp"
#include "support/http_server.hpp"
#include "support/pg_server.hpp"
#include "support/test_paths.hpp"

namespace nw {
namespace {

using namespace std::chrono_literals;

TEST(MetricsTest, ServesMetricsAndHealthz) {
  test::HttpServer server;
  server.route("/feed", 200, R"(<rss version="2.0"><channel><title>M</title>
<item><guid>m1</guid><title>One</title><description>742 Belarusians have fought for Russia.</description></item>
</channel></rss>)",
               {{"Content-Type", "application/rss+xml"}});
  test::TempDir dir;
  const int port = test::free_port();
  test::write_file(dir / "nw.toml",
                   "[storage]\npath = \"nw.db\"\n[metrics]\nlisten = \"127.0.0.1:" +
                       std::to_string(port) + "\"\n[[feeds]]\nname = \"m\"\nurl = \"" +
                       server.url("/feed") + "\"\ninterval = \"1s\"\n");
  test::DaemonProcess daemon({test::binary().string(), "run", "-c", (dir / "nw.toml").string()},
                             dir / "log");
  std::string health;
  ASSERT_TRUE(test::eventually(
      [&] {
        return (health = test::http_get(port, "/healthz")).find("200 OK") != std::string::npos;
      },
      20s))
      << daemon.log();
  EXPECT_NE(health.find("\r\n\r\nok\n"), std::string::npos) << health;

  std::string metrics;
  ASSERT_TRUE(test::eventually(
      [&] {
        metrics = test::http_get(port, "/metrics");
        return metrics.find("newswatch_articles_total{kind=\"new\"} 1") != std::string::npos;
      },
      20s))
      << metrics << daemon.log();
  EXPECT_NE(metrics.find("Content-Type: text/plain; version=0.0.4"), std::string::npos);
  for (const char* expected :
       {"newswatch_feeds 1", "# TYPE newswatch_polls_total counter",
        "newswatch_http_responses_total{class=\"2xx\"} ", "newswatch_fetched_bytes_total ",
        "newswatch_claims_total ", "newswatch_alerts_raised_total 0",
        "newswatch_links_followed_total 0", "newswatch_link_failures_total 0",
        "newswatch_alert_deliveries_total 0", "newswatch_fetch_queue_depth ",
        "# TYPE newswatch_poll_duration_seconds histogram",
        "newswatch_poll_duration_seconds_bucket{le=\"+Inf\"} "}) {
    EXPECT_NE(metrics.find(expected), std::string::npos) << expected << "\n" << metrics;
  }
  EXPECT_NE(test::http_get(port, "/nope").find("404 Not Found"), std::string::npos);
  daemon.signal(SIGTERM);
  EXPECT_EQ(daemon.wait_exit(20s), 0) << daemon.log();
}

TEST(MetricsTest, BadListenIsAConfigError) {
  test::TempDir dir;
  test::write_file(dir / "nw.toml",
                   "[storage]\npath = \"nw.db\"\n[metrics]\nlisten = \"somewhere\"\n");
  const auto r =
      test::run_command(test::binary().string() + " check -c " + (dir / "nw.toml").string());
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("nw.toml:4:10: bad listen 'somewhere'"), std::string::npos) << r.err;
}

TEST(MetricsTest, HistogramIsCumulative) {
  daemon::Metrics m;
  daemon::PollResult ok;
  ok.ok = true;
  ok.stats.new_articles = 2;
  ok.followed = 3;
  ok.follow_errors = 1;
  m.record_poll(ok, 30ms);
  m.record_poll(ok, 3s);
  daemon::PollResult failed;
  m.record_poll(failed, 120s);
  m.record_response(404, true, 10);
  m.record_response(0, false, 0);
  m.record_response(0, true, 5);  // file://: bytes, no status class
  const std::string text = m.render();
  EXPECT_NE(text.find("newswatch_poll_duration_seconds_bucket{le=\"0.05\"} 1\n"), std::string::npos)
      << text;
  EXPECT_NE(text.find("newswatch_poll_duration_seconds_bucket{le=\"5\"} 2\n"), std::string::npos);
  EXPECT_NE(text.find("newswatch_poll_duration_seconds_bucket{le=\"60\"} 2\n"), std::string::npos);
  EXPECT_NE(text.find("newswatch_poll_duration_seconds_bucket{le=\"+Inf\"} 3\n"),
            std::string::npos);
  EXPECT_NE(text.find("newswatch_poll_duration_seconds_count 3\n"), std::string::npos);
  EXPECT_NE(text.find("newswatch_poll_failures_total 1\n"), std::string::npos);
  EXPECT_NE(text.find("newswatch_articles_total{kind=\"new\"} 4\n"), std::string::npos);
  EXPECT_NE(text.find("newswatch_http_responses_total{class=\"4xx\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("newswatch_http_responses_total{class=\"none\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("newswatch_fetched_bytes_total 15\n"), std::string::npos);
  EXPECT_NE(text.find("newswatch_links_followed_total 6\n"), std::string::npos);
  EXPECT_NE(text.find("newswatch_link_failures_total 2\n"), std::string::npos);
}

TEST(MetricsTest, CountsFeedLeasesHeldTakenOverAndLost) {
  daemon::Metrics m;
  daemon::PollResult lost;
  lost.ok = true;
  lost.lease = 7;
  lost.lease_lost = true;
  m.record_poll(lost, 10ms);
  m.leases_held = 3;
  m.lease_takeovers = 2;
  const std::string text = m.render();
  EXPECT_NE(text.find("# TYPE newswatch_feed_leases gauge\nnewswatch_feed_leases 3\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("newswatch_feed_lease_takeovers_total 2\n"), std::string::npos);
  EXPECT_NE(text.find("newswatch_feed_leases_lost_total 1\n"), std::string::npos);
}

// A daemon on PostgreSQL polls under leases, and says so in /metrics and its log.
TEST(MetricsTest, PostgresDaemonReportsItsFeedLeases) {
  NW_REQUIRE_POSTGRES();
  test::PgDatabase db;
  test::TempDir dir;
  test::write_file(dir / "a.xml", test::rss({{"1", "One", "A quiet day.", "", ""}}, "A"));
  const int port = test::free_port();
  test::write_file(dir / "nw.toml",
                   "[storage]\nurl = \"" + db.url() +
                       "\"\n[metrics]\nlisten = \"127.0.0.1:" + std::to_string(port) + "\"\n" +
                       test::feed_toml("a", "file:" + (dir / "a.xml").string(), "1s"));
  test::DaemonProcess daemon({test::binary().string(), "run", "-c", (dir / "nw.toml").string()},
                             dir / "log");
  std::string metrics;
  // Polled twice: the first lease was released with its commit, and leased again.
  ASSERT_TRUE(test::eventually(
      [&] {
        metrics = test::http_get(port, "/metrics");
        return metrics.find("newswatch_polls_total 2") != std::string::npos;
      },
      20s))
      << metrics << daemon.log();
  for (const char* expected : {"newswatch_feed_leases ", "newswatch_feed_lease_takeovers_total 0",
                               "newswatch_feed_leases_lost_total 0"}) {
    EXPECT_NE(metrics.find(expected), std::string::npos) << expected << "\n" << metrics;
  }
  EXPECT_NE(daemon.log().find("leasing=true"), std::string::npos) << daemon.log();
  EXPECT_GE(std::stoll(db.query("SELECT lease_token FROM feeds")), 2);
  daemon.signal(SIGTERM);
  EXPECT_EQ(daemon.wait_exit(20s), 0) << daemon.log();
}

}  // namespace
}  // namespace nw
