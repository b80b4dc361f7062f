// `newswatch report -c FILE -o DIR` and the daemon's live pages, with the real
// binary over a database that `newswatch once` filled from fixture feeds.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <regex>

#include "report/live.hpp"
#include "report/report_support.hpp"
#include "report/site.hpp"
#include "support/daemon_process.hpp"

namespace nw {
namespace {

using namespace std::chrono_literals;

using test::count;

// The body of a raw HTTP response.
std::string body(const std::string& response) {
  const auto at = response.find("\r\n\r\n");
  return at == std::string::npos ? "" : response.substr(at + 4);
}

TEST(ReportCommandTest, WritesTheStaticSite) {
  test::TempDir dir;
  const auto config = test::poll_report_fixtures(dir);
  const auto r = test::run_command(test::binary().string() + " report -c " + config.string() +
                                   " -o " + (dir / "site").string());
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  // Four pages and each group's CSV.
  EXPECT_NE(r.out.find("wrote 6 of 6 pages"), std::string::npos) << r.out;

  const auto index = test::read_file(dir / "site" / "index.html");
  EXPECT_NE(index.find("href=\"group/belarus-serving-people.html\""), std::string::npos);
  EXPECT_NE(index.find("href=\"group/belarus-killed-people.html\""), std::string::npos);

  const auto group = test::read_file(dir / "site" / "group" / "belarus-serving-people.html");
  EXPECT_EQ(count(group, "<svg class=\"chart\""), 1u);
  // The reconciled figure, its origins and status, the band and the CSV beside the page.
  EXPECT_NE(group.find("Reconciled (force Russia): best <b class=\"fig\">875</b> (675–1,500) "
                       "from 4 independent origins, <span class=\"badge open\">disputed</span>"),
            std::string::npos);
  EXPECT_NE(group.find("<g class=\"band\">"), std::string::npos);
  EXPECT_NE(group.find("href=\"belarus-serving-people.csv\""), std::string::npos);
  EXPECT_NE(group.find("<li>first: "), std::string::npos);
  EXPECT_NE(group.find("<li>repeated: "), std::string::npos);
  const auto csv = test::read_file(dir / "site" / "group" / "belarus-serving-people.csv");
  const auto series = test::run_command(test::binary().string() + " series --csv -c " +
                                        config.string() + " --subject Belarus --metric serving");
  EXPECT_EQ(csv, series.out);
  // Six reports of five figures: the two articles quoting I Want to Live's 742 fold.
  EXPECT_EQ(count(group, "<tr id=\"f"), 5u);
  EXPECT_NE(group.find("2 reports folded"), std::string::npos);
  EXPECT_NE(group.find("Slidstvo.Info"), std::string::npos);
  // (which alert id it is depends on the order the feeds' polls reach the writer)
  EXPECT_TRUE(std::regex_search(group, std::regex("alert #[0-9]+ open"))) << group;
  EXPECT_NE(group.find("href=\"https://eastern-wire.example/news/investigators-belarus\""),
            std::string::npos);
  // The feed's javascript: link is shown as text, never linked; its markup stays text.
  EXPECT_EQ(group.find("javascript:"), std::string::npos);
  EXPECT_EQ(group.find("<script"), std::string::npos);
  EXPECT_NE(group.find("&lt;b&gt;doubles&lt;/b&gt;"), std::string::npos);

  // Three alerts, and a fourth `confirmed` when the feeds are read in an order
  // where Hajun's 750 comes after I Want to Live's 742 was alerted.
  const auto alerts = test::read_file(dir / "site" / "alerts.html");
  const auto listed =
      test::run_command(test::binary().string() + " alerts --json -c " + config.string());
  EXPECT_EQ(count(alerts, "<tr id=\"a"), count(listed.out, "\n"));
  EXPECT_GE(count(alerts, "<tr id=\"a"), 3u);

  // Nothing else is written, and a second run leaves unchanged group pages as
  // they are (the same file, not rewritten) and drops the page of a group that
  // no longer exists.
  const auto inode = [&](const std::string& page) {
    struct stat st {};
    ::stat((dir / "site" / page).c_str(), &st);
    return st.st_ino;
  };
  const auto serving = inode("group/belarus-serving-people.html");
  const auto killed = inode("group/belarus-killed-people.html");
  test::write_file(dir / "site" / "group" / "gone-killed-people.html", "old");
  const auto again = test::run_command(test::binary().string() + " report -c " + config.string() +
                                       " -o " + (dir / "site").string());
  EXPECT_EQ(again.status, 0);
  // The index and alerts pages say when they were made: rewritten unless in the same second.
  EXPECT_TRUE(again.out.find("wrote 2 of 6 pages") != std::string::npos ||
              again.out.find("wrote 0 of 6 pages") != std::string::npos)
      << again.out;
  std::size_t files = 0;
  for (const auto& f : std::filesystem::recursive_directory_iterator(dir / "site")) {
    files += f.is_regular_file();
  }
  EXPECT_EQ(files, 6u);
  EXPECT_EQ(inode("group/belarus-serving-people.html"), serving);
  EXPECT_EQ(inode("group/belarus-killed-people.html"), killed);

  // A new figure in one group: only that group's page (and the index and
  // alerts pages, which say when they were made) is written again.
  test::write_file(dir / "border-post.xml", R"(<rss version="2.0"><channel><title>B</title>
<item><guid>bp-new</guid><title>Update</title><pubDate>Wed, 01 Oct 2025 09:00:00 +0000</pubDate>
<description>About 2,000 Belarusians have fought for Russia in Ukraine, the Belarusian Hajun project said.</description></item>
</channel></rss>)");
  ASSERT_EQ(test::run_command(test::binary().string() + " once -c " + config.string()).status, 0);
  const auto third = test::run_command(test::binary().string() + " report -c " + config.string() +
                                       " -o " + (dir / "site").string());
  EXPECT_EQ(third.status, 0);
  EXPECT_NE(inode("group/belarus-serving-people.html"), serving);
  EXPECT_EQ(inode("group/belarus-killed-people.html"), killed);
  EXPECT_NE(
      test::read_file(dir / "site" / "group" / "belarus-serving-people.html").find("about 2,000"),
      std::string::npos);
}

TEST(ReportCommandTest, NeedsAnOutputDirectoryAndADatabase) {
  test::TempDir dir;
  test::write_file(dir / "nw.toml", "[storage]\npath = \"nw.db\"\n");
  const std::string base = test::binary().string() + " report -c " + (dir / "nw.toml").string();
  const auto usage = test::run_command(base);
  EXPECT_EQ(usage.status, 2);
  EXPECT_NE(usage.err.find("-o DIR is required"), std::string::npos) << usage.err;
  const auto missing = test::run_command(base + " -o " + (dir / "site").string());
  EXPECT_EQ(missing.status, 1);
  EXPECT_NE(missing.err.find("no database yet"), std::string::npos) << missing.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "nw.db"));
  const auto help = test::run_command(test::binary().string() + " help report");
  EXPECT_EQ(help.status, 0);
  EXPECT_NE(help.out.find("report -c FILE -o DIR"), std::string::npos);
}

TEST(ReportLiveTest, WebListenServesTheSamePagesReadOnly) {
  test::TempDir dir;
  const int web = test::free_port(), metrics = test::free_port();
  const auto config = test::poll_report_fixtures(
      dir, "[web]\nlisten = \"127.0.0.1:" + std::to_string(web) +
               "\"\n[metrics]\nlisten = \"127.0.0.1:" + std::to_string(metrics) + "\"\n");
  ASSERT_EQ(test::run_command(test::binary().string() + " report -c " + config.string() + " -o " +
                              (dir / "site").string())
                .status,
            0);
  test::DaemonProcess daemon({test::binary().string(), "run", "-c", config.string()}, dir / "log");
  std::string index;
  ASSERT_TRUE(test::eventually(
      [&] { return (index = test::http_get(web, "/")).find("200 OK") != std::string::npos; }, 20s))
      << daemon.log();
  EXPECT_NE(index.find("Content-Type: text/html; charset=utf-8"), std::string::npos);
  EXPECT_NE(index.find("Content-Security-Policy: default-src 'none'"), std::string::npos);
  EXPECT_EQ(test::without_footer(body(index)),
            test::without_footer(test::read_file(dir / "site" / "index.html")));
  for (const std::string page : {"index.html", "alerts.html", "group/belarus-serving-people.html",
                                 "group/belarus-killed-people.html"}) {
    const auto live = test::http_get(web, "/" + page);
    EXPECT_NE(live.find("200 OK"), std::string::npos) << page;
    EXPECT_EQ(test::without_footer(body(live)),
              test::without_footer(test::read_file(dir / "site" / page)))
        << page;
  }
  EXPECT_NE(test::http_get(web, "/group/nope.html").find("404"), std::string::npos);
  EXPECT_NE(test::http_get(web, "/../nw.db").find("404"), std::string::npos);
  EXPECT_NE(test::http_get(web, "/metrics").find("404"), std::string::npos);  // on its own port
  EXPECT_NE(test::http_get(web, "/healthz").find("200 OK"), std::string::npos);
  EXPECT_NE(test::http_get(metrics, "/metrics").find("newswatch_feeds 3"), std::string::npos);
  EXPECT_NE(test::http_get(metrics, "/").find("404"), std::string::npos);  // pages are on [web]
  daemon.signal(SIGTERM);
  EXPECT_EQ(daemon.wait_exit(20s), 0) << daemon.log();
}

TEST(ReportLiveTest, PagesGoBesideMetricsWithoutWebListen) {
  test::TempDir dir;
  const int port = test::free_port();
  const auto config = test::poll_report_fixtures(
      dir, "[metrics]\nlisten = \"127.0.0.1:" + std::to_string(port) + "\"\n");
  test::DaemonProcess daemon({test::binary().string(), "run", "-c", config.string()}, dir / "log");
  std::string page;
  ASSERT_TRUE(test::eventually(
      [&] {
        return (page = test::http_get(port, "/group/belarus-serving-people.html")).find("200 OK") !=
               std::string::npos;
      },
      20s))
      << daemon.log();
  EXPECT_NE(page.find("<svg class=\"chart\""), std::string::npos);
  EXPECT_NE(test::http_get(port, "/metrics").find("newswatch_feeds 3"), std::string::npos);
  daemon.signal(SIGTERM);
  EXPECT_EQ(daemon.wait_exit(20s), 0) << daemon.log();
}

TEST(ReportLiveTest, RebuildsOnlyWhenTheDatabaseChanged) {
  test::TempDir dir;
  const auto config = test::poll_report_fixtures(dir);
  report::LivePages pages(storage::StoreSpec(dir / "nw.db"));
  const auto first = pages.page("index.html", {});
  ASSERT_TRUE(first.has_value());
  EXPECT_TRUE(pages.page("group/belarus-serving-people.html", {}).has_value());
  EXPECT_FALSE(pages.page("group/nope.html", {}).has_value());
  EXPECT_EQ(pages.builds(), 1);
  pages.page("index.html", {0.5, {}});  // another tolerance settles other alerts
  EXPECT_EQ(pages.builds(), 2);

  // A new feed item with a new figure: the next request sees it.
  test::write_file(dir / "border-post.xml", R"(<rss version="2.0"><channel><title>B</title>
<item><guid>bp-new</guid><title>Update</title><pubDate>Wed, 01 Oct 2025 09:00:00 +0000</pubDate>
<description>About 2,000 Belarusians have fought for Russia in Ukraine, the Belarusian Hajun project said.</description></item>
</channel></rss>)");
  ASSERT_EQ(test::run_command(test::binary().string() + " once -c " + config.string()).status, 0);
  const std::size_t groups_built = pages.group_builds();
  const auto after = pages.page("group/belarus-serving-people.html", {0.5, {}});
  EXPECT_EQ(pages.builds(), 3);
  EXPECT_EQ(pages.group_builds(), groups_built + 1);  // the group the new figure joined, only
  EXPECT_NE(after->find("about 2,000"), std::string::npos);
}

}  // namespace
}  // namespace nw
