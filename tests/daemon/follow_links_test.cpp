// Watched pages and followed links, end to end: the real binary, a real
// config, a real HTTP server on 127.0.0.1 and the real SQLite file.
#include <gtest/gtest.h>

#include <atomic>
#include <nlohmann/json.hpp>
#include <sstream>

#include "storage/store.hpp"
#include "support/feeds.hpp"
#include "support/http_server.hpp"
#include "support/json_lines.hpp"
#include "support/test_paths.hpp"

namespace nw {
namespace {

using test::TempDir;
using test::write_file;

using test::json_lines;

// A news page: navigation, the article, a sidebar and comments. `clock` is
// the header's time stamp; `figure` the number the article reports.
std::string news_page(const std::string& clock, const std::string& figure) {
  return R"(<!doctype html><html><head><meta charset="utf-8"><title>Volunteers counted</title>
<meta property="og:title" content="Volunteers counted"></head><body>
<header class="masthead"><a href="/">The Example Post</a> <span class="clock">)" +
         clock + R"(</span>
<nav><a href="/world">World</a> <a href="/politics">Politics</a> <a href="/sport">Sport</a></nav></header>
<main><article><h1>Volunteers counted</h1>
<p>The monitoring project said on Friday that )" +
         figure + R"( Belarusians have fought for Russia in Ukraine since the invasion began,
according to its review of published obituaries and court records.</p>
<p>The project added that the real number is likely to be higher, since many deaths are never
reported by the families, who fear the consequences of speaking to journalists.</p>
</article></main>
<aside class="sidebar"><a href="/x">Most read: an unrelated story about the weather this week</a></aside>
<section class="comments"><p>A reader's comment that is long enough to look like a paragraph.</p></section>
</body></html>)";
}

class FollowLinksTest : public ::testing::Test {
 protected:
  void write_config(const std::string& body) { test::write_config(dir, body, "var/nw.db"); }
  test::CommandResult nw(const std::string& args) {
    return test::run_command(test::binary().string() + " " + args + " -c " +
                             (dir / "nw.toml").string());
  }
  std::string stored_text(std::size_t index) {
    const auto store = storage::open_store_readonly({dir / "var" / "nw.db"});
    const auto rows = store->articles();
    EXPECT_GT(rows.size(), index);
    return rows.size() > index ? store->article_text(rows[index].id) : std::string();
  }

  // A feed whose one item has a one-line summary and links to the full story.
  void serve_feed() {
    server.route("/story", 200, news_page("10:00", "742"),
                 {{"Content-Type", "text/html; charset=utf-8"}});
    const std::string feed =
        R"(<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>
<item><guid>s-1</guid><title>Volunteers counted</title><link>)" +
        server.url("/story") +
        R"(</link><description>A new count of volunteers.</description></item>
</channel></rss>)";
    server.route("/feed", 200, feed, {{"Content-Type", "application/rss+xml"}});
  }
  std::string feed_config(const std::string& extra = "") {
    return extra + "[[feeds]]\nname = \"f\"\nurl = \"" + server.url("/feed") +
           "\"\nfollow_links = true\n";
  }

  TempDir dir;
  test::HttpServer server;
};

TEST_F(FollowLinksTest, AFollowedLinkToLoopbackIsRefusedByDefaultAndTheSummaryKept) {
  serve_feed();
  write_config(feed_config());
  const auto r = nw("once");
  ASSERT_EQ(r.status, 0) << r.err;
  // The feed itself is the operator's and may be on 127.0.0.1; its link may not.
  EXPECT_EQ(server.count("/feed"), 1u);
  EXPECT_EQ(server.count("/story"), 0u);
  EXPECT_NE(r.err.find("feed.follow_failed"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("forbidden_address"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("followed=1 follow_errors=1"), std::string::npos) << r.err;
  const std::string text = stored_text(0);
  EXPECT_NE(text.find("A new count of volunteers."), std::string::npos) << text;
  EXPECT_EQ(text.find("742"), std::string::npos) << text;
}

TEST_F(FollowLinksTest, WithAllowPrivateTheLinksMainTextReplacesTheSummary) {
  serve_feed();
  write_config(feed_config("[fetch]\nallow_private = true\n"));
  auto r = nw("once");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(server.count("/story"), 1u);
  const std::string text = stored_text(0);
  EXPECT_NE(text.find("742 Belarusians have fought for Russia"), std::string::npos) << text;
  EXPECT_EQ(text.find("Politics"), std::string::npos) << text;
  EXPECT_EQ(text.find("reader's comment"), std::string::npos) << text;
  const auto claims = json_lines(nw("claims --json").out);
  ASSERT_EQ(claims.size(), 1u);
  EXPECT_EQ(claims[0]["value"], 742);
  // Polled again: the item is known, its link is not fetched again and no
  // version is made from the feed's (shorter) summary.
  r = nw("once");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(server.count("/story"), 1u);
  const auto articles = json_lines(nw("articles --json").out);
  ASSERT_EQ(articles.size(), 1u);
  EXPECT_EQ(stored_text(0), text);
}

TEST_F(FollowLinksTest, AFailingLinkLeavesTheItemWithItsSummary) {
  serve_feed();
  server.route("/story", 500, "oops");
  write_config(feed_config("[fetch]\nallow_private = true\n"));
  const auto r = nw("once");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.err.find("http_status"), std::string::npos) << r.err;
  EXPECT_NE(stored_text(0).find("A new count of volunteers."), std::string::npos);
}

TEST_F(FollowLinksTest, AWatchedPageMakesAVersionWhenItsTextChangesNotItsTimestamp) {
  std::atomic<int> state{0};
  server.route("/page", [&](const test::HttpRequest&) {
    test::HttpResponse r;
    r.headers = {{"Content-Type", "text/html; charset=utf-8"}};
    r.body = state == 0   ? news_page("10:00", "742")
             : state == 1 ? news_page("10:05", "742")  // only the clock moved
                          : news_page("10:10", "1,500");
    return r;
  });
  write_config("[[feeds]]\nname = \"p\"\nurl = \"" + server.url("/page") + "\"\nkind = \"page\"\n");
  auto r = nw("once");
  ASSERT_EQ(r.status, 0) << r.err;
  auto articles = json_lines(nw("articles --json").out);
  ASSERT_EQ(articles.size(), 1u);
  EXPECT_EQ(articles[0]["title"], "Volunteers counted");
  state = 1;
  r = nw("once");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("0 updated"), std::string::npos) << r.out;
  const auto before = storage::open_store_readonly({dir / "var" / "nw.db"});
  ASSERT_EQ(before->articles().at(0).version, 1);
  state = 2;
  r = nw("once");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("1 updated"), std::string::npos) << r.out;
  const auto after = storage::open_store_readonly({dir / "var" / "nw.db"});
  EXPECT_EQ(after->articles().at(0).version, 2);
  // The changed figure is a new claim.
  bool saw_new_figure = false;
  for (const auto& c : json_lines(nw("claims --json").out)) saw_new_figure |= c["value"] == 1500;
  EXPECT_TRUE(saw_new_figure);
}

}  // namespace
}  // namespace nw
