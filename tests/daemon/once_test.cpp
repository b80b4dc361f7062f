// End to end: the real binary, a real config, real files and a real HTTP server.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "daemon/poller.hpp"
#include "support/feeds.hpp"
#include "support/http_server.hpp"
#include "support/json_lines.hpp"
#include "support/test_paths.hpp"

namespace nw {
namespace {

using test::run_command;
using test::TempDir;
using test::write_file;

using test::json_lines;

std::string nw_cmd(const std::string& args) {
  return test::binary().string() + " " + args;
}

const char* k_feed_a = R"(<?xml version="1.0"?>
<rss version="2.0"><channel><title>A</title><link>https://a.example/</link>
<item><title>Count of Belarusian volunteers</title><link>https://a.example/1?utm_source=x</link>
<guid>a-1</guid><pubDate>Fri, 03 Oct 2025 09:30:00 GMT</pubDate>
<description>The project said 742 Belarusians have fought for Russia in Ukraine.</description></item>
<item><title>Quiet week</title><link>https://a.example/2</link><guid>a-2</guid>
<description>Nothing was counted this week.</description></item>
</channel></rss>)";

const char* k_feed_b = R"(<?xml version="1.0"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>B</title>
<entry><title>Syndicated</title><id>b-1</id><link href="https://a.example/1?utm_medium=feed"/>
<summary>The project said 742 Belarusians have fought for Russia in Ukraine.</summary></entry>
<entry><title>Higher count</title><id>b-2</id><link href="https://b.example/2"/>
<summary>A new list shows 1,500 Belarusians have fought for Russia in Ukraine.</summary></entry>
</feed>)";

class OnceTest : public ::testing::Test {
 protected:
  // Polls `k_feeds` feeds "ROUTE?n=I" of `server` with max_connections set, and
  // checks every one was fetched and stored exactly once.
  void expect_each_polled_once(test::HttpServer& server, const std::string& route,
                               int max_connections, int k_feeds) {
    std::string feeds = "[fetch]\nmax_connections = " + std::to_string(max_connections) + "\n";
    for (int i = 0; i < k_feeds; ++i)
      feeds += "[[feeds]]\nname = \"f" + std::to_string(i) + "\"\nurl = \"" +
               server.url(route + "?n=" + std::to_string(i)) + "\"\n";
    write_file(dir / "nw.toml", "[storage]\npath = \"var/nw.db\"\n" + feeds);
    const auto r = nw("once");
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.out.find("polled " + std::to_string(k_feeds) + " feeds (0 failed"),
              std::string::npos)
        << r.out;
    EXPECT_EQ(server.count(route), static_cast<std::size_t>(k_feeds));
    EXPECT_EQ(json_lines(nw("articles --json").out).size(), static_cast<std::size_t>(k_feeds));
  }

  void SetUp() override {
    write_file(dir / "feeds" / "a.xml", k_feed_a);
    write_file(dir / "feeds" / "b.atom", k_feed_b);
    write_config(R"(
[[feeds]]
name = "a"
url = "file:feeds/a.xml"
[[feeds]]
name = "b"
url = "file:feeds/b.atom"
)");
  }
  void write_config(const std::string& feeds) { test::write_config(dir, feeds, "var/nw.db"); }
  test::CommandResult nw(const std::string& args) {
    return run_command(nw_cmd(args + " -c " + (dir / "nw.toml").string()));
  }
  TempDir dir;
};

TEST_F(OnceTest, PollingTwiceStoresEachItemOnce) {
  auto r = nw("once");
  ASSERT_EQ(r.status, 0) << r.err;
  const auto first = json_lines(nw("articles --json").out);
  ASSERT_EQ(first.size(), 4u);
  r = nw("once");
  ASSERT_EQ(r.status, 0) << r.err;
  const auto second = json_lines(nw("articles --json").out);
  EXPECT_EQ(second.size(), 4u);
  for (const auto& a : second) {
    for (const char* key : {"id", "feed", "url", "canonical_url", "guid", "title", "published",
                            "fetched_at", "duplicate_of", "claims"}) {
      EXPECT_TRUE(a.contains(key)) << key;
    }
  }
}

TEST_F(OnceTest, SyndicatedCopyIsADuplicateWithoutClaims) {
  ASSERT_EQ(nw("once").status, 0);
  const auto articles = json_lines(nw("articles --json").out);
  int duplicates = 0;
  for (const auto& a : articles) {
    if (!a["duplicate_of"].is_null()) {
      ++duplicates;
      EXPECT_EQ(a["claims"], 0);
      EXPECT_EQ(a["canonical_url"], "https://a.example/1");
    }
  }
  EXPECT_EQ(duplicates, 1);
}

TEST_F(OnceTest, DivergingReportsRaiseOneAlertWrittenToJsonl) {
  auto r = nw("once");
  ASSERT_EQ(r.status, 0) << r.err;
  const auto claims = json_lines(nw("claims --json").out);
  ASSERT_GE(claims.size(), 2u);
  for (const auto& c : claims) {
    for (const char* key : {"id", "article_id", "url", "subject", "metric", "value", "low", "high",
                            "qualifier", "unit", "quote", "start", "end"}) {
      EXPECT_TRUE(c.contains(key)) << key;
    }
  }
  const auto alerts = json_lines(nw("alerts --json").out);
  ASSERT_EQ(alerts.size(), 1u) << r.out;
  EXPECT_EQ(alerts[0]["subject"], "Belarus");
  EXPECT_EQ(alerts[0]["status"], "delivered");
  const auto logged = json_lines(test::read_file(dir / "var" / "alerts.jsonl"));
  ASSERT_EQ(logged.size(), 1u);
  // Exact figures outside each other's bounds: a contradiction (issue 19).
  EXPECT_EQ(logged[0]["event"], "contradiction");
  EXPECT_EQ(logged[0]["origins"], 1);
  EXPECT_EQ(logged[0]["reconciled"]["origins"], 2);
  const double a = logged[0]["claim"]["value"], b = logged[0]["prior"][0]["value"];
  EXPECT_EQ(std::min(a, b), 742);
  EXPECT_EQ(std::max(a, b), 1500);
  // A second run neither raises nor logs the alert again.
  ASSERT_EQ(nw("once").status, 0);
  EXPECT_EQ(json_lines(test::read_file(dir / "var" / "alerts.jsonl")).size(), 1u);
}

TEST_F(OnceTest, HttpFeedIsPolledConditionallyAndFailuresAreCounted) {
  test::HttpServer server;
  server.route("/feed", [](const test::HttpRequest& rq) {
    test::HttpResponse r;
    if (rq.header("if-none-match") == "\"v1\"") {
      r.status = 304;
      return r;
    }
    r.body = k_feed_a;
    r.headers = {{"ETag", "\"v1\""}, {"Content-Type", "application/rss+xml"}};
    return r;
  });
  server.route("/down", 503, "", {{"Retry-After", "3600"}});
  write_config("[[feeds]]\nname = \"h\"\nurl = \"" + server.url("/feed") +
               "\"\n[[feeds]]\nname = \"down\"\nurl = \"" + server.url("/down") + "\"\n");
  auto r = nw("once");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("1 failed"), std::string::npos) << r.out;
  r = nw("once");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("1 unchanged"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("1 skipped"), std::string::npos) << r.out;  // Retry-After honoured
  EXPECT_EQ(server.count("/down"), 1u);
  EXPECT_EQ(server.count("/feed"), 2u);
  EXPECT_EQ(json_lines(nw("articles --json").out).size(), 2u);
  const auto feeds = json_lines(nw("feeds --json").out);
  ASSERT_EQ(feeds.size(), 2u);
  EXPECT_EQ(feeds[1]["last_status"], 503);
  EXPECT_EQ(feeds[1]["consecutive_errors"], 1);
}

// Polls beyond the in-flight limit (16 x max_connections, at least 64) wait
// their turn: every feed is still polled, each exactly once.
TEST_F(OnceTest, FeedsBeyondTheInFlightLimitAreAllPolled) {
  test::HttpServer server;
  server.route("/feed", [](const test::HttpRequest& rq) {
    test::HttpResponse r;
    const std::string n = rq.target.substr(rq.target.find('=') + 1);
    r.body = "<rss version=\"2.0\"><channel><title>F" + n + "</title><item><guid>g" + n +
             "</guid><title>Story " + n + "</title><description>Item number " + n +
             " of a long list of local feeds, each with its own words " + n +
             ".</description>"
             "</item></channel></rss>";
    r.delay = std::chrono::milliseconds(5);
    return r;
  });
  expect_each_polled_once(server, "/feed", 2, 150);  // the limit is 64 here
}

TEST_F(OnceTest, FeedsBeyondTheBytesHeldLimitAreAllPolled) {
  // 40 bodies of 4 MB: once 16 are fetched and waiting to be committed (the
  // 64 MiB limit), later polls wait for bytes to be released, not for a slot
  // (40 is below both count limits for max_connections = 4).
  const std::string filler(4 << 20, 'x');
  test::HttpServer server;
  server.route("/big", [&](const test::HttpRequest& rq) {
    test::HttpResponse r;
    const std::string n = rq.target.substr(rq.target.find('=') + 1);
    r.body = "<rss version=\"2.0\"><channel><title>B" + n + "</title><item><guid>b" + n +
             "</guid><title>Big " + n + "</title><description>" + filler +
             "</description></item></channel></rss>";
    return r;
  });
  constexpr int k_feeds = 40;
  static_assert(k_feeds * (4 << 20) > 2 * nw::daemon::Poller::k_held_bytes_limit);
  expect_each_polled_once(server, "/big", 4, k_feeds);
}

TEST_F(OnceTest, TheSummaryListsOnlyWhatThisRunStored) {
  auto r = nw("once");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("742 Belarusians"), std::string::npos) << r.out;
  std::string feed = k_feed_a;
  feed.insert(feed.find("</channel>"),
              "<item><guid>a-3</guid><title>New</title><description>Officials said 65 Belarusians "
              "have been killed fighting for Russia.</description></item>");
  write_file(dir / "feeds" / "a.xml", feed);
  r = nw("once");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("65 Belarusians"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("742 Belarusians"), std::string::npos) << r.out;
}

TEST_F(OnceTest, BrokenFeedDoesNotLoseStoredArticles) {
  ASSERT_EQ(nw("once").status, 0);
  write_file(dir / "feeds" / "a.xml", "<html><body>502 Bad Gateway</body></html>");
  std::filesystem::remove(dir / "feeds" / "b.atom");
  const auto r = nw("once");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(json_lines(nw("articles --json").out).size(), 4u);
}

TEST(CheckTest, UnknownKeyIsNamedWithLineAndColumnAndExit1) {
  TempDir dir;
  write_file(dir / "nw.toml",
             "[storage]\npath = \"x.db\"\n\n[[feeds]]\nurl = \"https://a.example/\"\nintervall = "
             "\"5m\"\n");
  const auto r = run_command(nw_cmd("check -c " + (dir / "nw.toml").string()));
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err, (dir / "nw.toml").string() + ":6:1: unknown key 'intervall' in [[feeds]]\n");
  // Every command that loads the config reports the same way.
  const auto once = run_command(nw_cmd("once -c " + (dir / "nw.toml").string()));
  EXPECT_EQ(once.status, 1);
  EXPECT_NE(once.err.find(":6:1: unknown key 'intervall'"), std::string::npos);
}

TEST(CheckTest, TheBundledExampleIsValid) {
  const auto r = run_command(
      nw_cmd("check -c " + (test::source_dir() / "examples" / "newswatch.toml").string()));
  EXPECT_EQ(r.status, 0) << r.err;
}

TEST(CliTest, UsageErrorsExit2AndVersionWorks) {
  EXPECT_EQ(run_command(nw_cmd("frobnicate")).status, 2);
  EXPECT_EQ(run_command(nw_cmd("articles --bogus")).status, 2);
  EXPECT_EQ(run_command(nw_cmd("articles")).status, 2);  // no -c
  const auto v = run_command(nw_cmd("--version"));
  EXPECT_EQ(v.status, 0);
  EXPECT_EQ(v.out.rfind("newswatch ", 0), 0u);
  EXPECT_EQ(run_command(nw_cmd("help once")).status, 0);
}

TEST(CliTest, ExtractPrintsJsonLinesWithDoc) {
  TempDir dir;
  write_file(dir / "a.txt", "The group said 742 Belarusians have fought for Russia in Ukraine.\n");
  const auto r = run_command(nw_cmd("extract " + (dir / "a.txt").string()));
  ASSERT_EQ(r.status, 0) << r.err;
  const auto rows = json_lines(r.out);
  ASSERT_FALSE(rows.empty());
  EXPECT_EQ(rows[0]["doc"], (dir / "a.txt").string());
  EXPECT_EQ(rows[0]["value"], 742);
}

}  // namespace
}  // namespace nw
