// SIGHUP: a valid new config applies its feed difference while running; an
// invalid one is logged with FILE:LINE:COLUMN and the old one kept.
#include <gtest/gtest.h>

#include "daemon/reload.hpp"
#include "support/daemon_process.hpp"
#include "support/feeds.hpp"
#include "support/test_paths.hpp"

namespace nw {
namespace {

using namespace std::chrono_literals;

// One item whose title and description are `text`.
std::string rss(const std::string& guid, const std::string& text) {
  return test::rss({{guid, text, text, "", ""}});
}

std::string feed_toml(const std::string& name, const std::string& file) {
  return test::feed_toml(name, "file:" + file, "1s");
}

// Reads through a config of its own: the daemon's may be broken on purpose.
bool has_article(const test::TempDir& dir, const std::string& guid) {
  if (!std::filesystem::exists(dir / "reader.toml")) {
    test::write_file(dir / "reader.toml", "[storage]\npath = \"nw.db\"\n");
  }
  const auto r = test::run_command(test::binary().string() + " articles --json -c " +
                                   (dir / "reader.toml").string());
  return r.out.find("\"guid\":\"" + guid + "\"") != std::string::npos;
}

TEST(ReloadTest, SighupStartsNewFeedsAndStopsRemovedOnes) {
  test::TempDir dir;
  test::write_file(dir / "a.xml", rss("a1", "Alpha"));
  test::write_file(dir / "b.xml", rss("b1", "Bravo"));
  const std::string head = "[storage]\npath = \"nw.db\"\n";
  test::write_file(dir / "nw.toml", head + feed_toml("a", "a.xml"));
  test::DaemonProcess daemon({test::binary().string(), "run", "-c", (dir / "nw.toml").string()},
                             dir / "log");
  ASSERT_TRUE(test::eventually([&] { return has_article(dir, "a1"); }, 20s)) << daemon.log();

  test::write_file(dir / "nw.toml", head + feed_toml("a", "a.xml") + feed_toml("b", "b.xml"));
  daemon.signal(SIGHUP);
  EXPECT_TRUE(test::eventually([&] { return has_article(dir, "b1"); }, 20s)) << daemon.log();
  EXPECT_NE(daemon.log().find("daemon.reloaded added=1 removed=0 changed=0"), std::string::npos)
      << daemon.log();

  // Removing a: its item, changed on disk now, is never fetched again.
  test::write_file(dir / "nw.toml", head + feed_toml("b", "b.xml"));
  daemon.signal(SIGHUP);
  ASSERT_TRUE(
      test::eventually([&] { return daemon.log().find("removed=1") != std::string::npos; }, 10s))
      << daemon.log();
  // A poll of a in flight at the reload may finish; and a new modification time.
  std::this_thread::sleep_for(1100ms);
  test::write_file(dir / "a.xml", rss("a2", "Alpha again"));
  test::write_file(dir / "b.xml", rss("b2", "Bravo again"));
  EXPECT_TRUE(test::eventually([&] { return has_article(dir, "b2"); }, 20s)) << daemon.log();
  std::this_thread::sleep_for(1500ms);
  EXPECT_FALSE(has_article(dir, "a2")) << daemon.log();

  daemon.signal(SIGTERM);
  EXPECT_EQ(daemon.wait_exit(20s), 0) << daemon.log();
}

TEST(ReloadTest, ChangedFeedIsRescheduledWithItsNewSettings) {
  test::TempDir dir;
  test::write_file(dir / "a.xml", rss("a1", "Alpha"));
  test::write_file(dir / "c.xml", rss("c1", "Charlie"));
  const std::string head = "[storage]\npath = \"nw.db\"\n";
  test::write_file(dir / "nw.toml", head + feed_toml("a", "a.xml"));
  test::DaemonProcess daemon({test::binary().string(), "run", "-c", (dir / "nw.toml").string()},
                             dir / "log");
  ASSERT_TRUE(test::eventually([&] { return has_article(dir, "a1"); }, 20s)) << daemon.log();
  // Same name, new URL and a long interval: the new URL is polled at once all the same.
  test::write_file(dir / "nw.toml", head +
                                        "[[feeds]]\nname = \"a\"\nurl = \"file:c.xml\"\n"
                                        "interval = \"1h\"\n");
  daemon.signal(SIGHUP);
  EXPECT_TRUE(test::eventually([&] { return has_article(dir, "c1"); }, 20s)) << daemon.log();
  EXPECT_NE(daemon.log().find("daemon.reloaded added=0 removed=0 changed=1"), std::string::npos)
      << daemon.log();
  daemon.signal(SIGTERM);
  EXPECT_EQ(daemon.wait_exit(20s), 0) << daemon.log();
}

TEST(ReloadTest, BrokenConfigIsLoggedAndTheOldOneKept) {
  test::TempDir dir;
  test::write_file(dir / "a.xml", rss("a1", "Alpha"));
  const std::string good = "[storage]\npath = \"nw.db\"\n" + feed_toml("a", "a.xml");
  test::write_file(dir / "nw.toml", good);
  test::DaemonProcess daemon({test::binary().string(), "run", "-c", (dir / "nw.toml").string()},
                             dir / "log");
  ASSERT_TRUE(test::eventually([&] { return has_article(dir, "a1"); }, 20s)) << daemon.log();

  // Line 3, column 1: an unknown key; line 7: a bad duration.
  test::write_file(dir / "nw.toml",
                   "[storage]\npath = \"nw.db\"\ncolour = \"blue\"\n"
                   "[[feeds]]\nname = \"a\"\nurl = \"file:a.xml\"\n"
                   "interval = \"soon\"\n");
  daemon.signal(SIGHUP);
  ASSERT_TRUE(test::eventually(
      [&] { return daemon.log().find("daemon.reload_failed") != std::string::npos; }, 10s))
      << daemon.log();
  EXPECT_NE(daemon.log().find("nw.toml:3:1: unknown key 'colour'"), std::string::npos)
      << daemon.log();
  EXPECT_NE(daemon.log().find("nw.toml:7:12: bad duration"), std::string::npos) << daemon.log();

  // Still running on the old config: feed a keeps being polled. (A second
  // later, so the file's modification time differs.)
  std::this_thread::sleep_for(1100ms);
  test::write_file(dir / "a.xml", rss("a2", "Alpha again"));
  EXPECT_TRUE(test::eventually([&] { return has_article(dir, "a2"); }, 20s)) << daemon.log();
  EXPECT_TRUE(daemon.running());
  daemon.signal(SIGTERM);
  EXPECT_EQ(daemon.wait_exit(20s), 0) << daemon.log();
}

config::FeedConfig feed(const std::string& name, const std::string& url) {
  config::FeedConfig f;
  f.name = name;
  f.url = url;
  return f;
}

TEST(ReloadDiffTest, FeedsMatchedByName) {
  config::Config before;
  before.feeds = {feed("a", "https://a/"), feed("b", "https://b/"), feed("c", "https://c/")};
  config::Config after = before;
  after.feeds.erase(after.feeds.begin());              // a removed
  after.feeds[0].interval = std::chrono::seconds(60);  // b changed
  after.feeds.push_back(feed("d", "https://d/"));      // d added
  const auto diff = daemon::diff_feeds(before, after);
  ASSERT_EQ(diff.added.size(), 1u);
  EXPECT_EQ(diff.added[0].name, "d");
  ASSERT_EQ(diff.removed.size(), 1u);
  EXPECT_EQ(diff.removed[0], "a");
  ASSERT_EQ(diff.changed.size(), 1u);
  EXPECT_EQ(diff.changed[0].name, "b");
  EXPECT_TRUE(daemon::needs_restart(before, after).empty());
}

TEST(ReloadDiffTest, StartupSettingsNeedARestart) {
  config::Config before;
  config::Config after = before;
  after.tolerance = 0.2;
  after.rule_packs = {"other"};
  after.storage_path = "/elsewhere.db";
  config::WebhookConfig desk;
  desk.name = "desk";
  desk.url = "https://h/";
  desk.secret = "secret";
  after.webhooks.push_back(desk);
  after.fetch.timeout = std::chrono::seconds(5);  // reloadable
  const auto lines = daemon::needs_restart(before, after);
  EXPECT_EQ(lines.size(), 4u);
  for (const auto& l : lines) EXPECT_EQ(l.find("secret"), std::string::npos);
  daemon::apply_reloadable(before, after);
  EXPECT_EQ(before.fetch.timeout, std::chrono::seconds(5));
  EXPECT_EQ(before.tolerance, 0.10);
}

// [fetch] allow_private is read per followed link: a reload applies it (it
// was neither applied nor reported as needing a restart).
TEST(ReloadDiffTest, AllowPrivateIsAppliedByAReload) {
  config::Config before;
  config::Config after = before;
  after.fetch.allow_private = true;
  EXPECT_TRUE(daemon::needs_restart(before, after).empty());
  daemon::apply_reloadable(before, after);
  EXPECT_TRUE(before.fetch.allow_private);
  after.fetch.allow_private = false;
  daemon::apply_reloadable(before, after);
  EXPECT_FALSE(before.fetch.allow_private);
}

}  // namespace
}  // namespace nw
