// The daemon on PostgreSQL, end to end: the real binary with `[storage] url`.
#include <gtest/gtest.h>

#include "support/daemon_process.hpp"
#include "support/feeds.hpp"
#include "support/http_server.hpp"
#include "support/json_lines.hpp"
#include "support/pg_server.hpp"
#include "support/test_paths.hpp"

namespace nw {
namespace {

using namespace std::chrono_literals;
using test::TempDir;
using test::write_file;

// Two feeds: one original with a figure, its syndicated copy, and a higher
// figure for the same group (a divergence).
void write_feeds(const TempDir& dir) {
  write_file(dir / "a.xml",
             test::rss({{"a-1", "Count", "The project said 742 Belarusians have fought for Russia.",
                         "https://a.example/1", ""}},
                       "A"));
  write_file(
      dir / "b.xml",
      test::rss({{"b-1", "Copy", "The project said 742 Belarusians have fought for Russia.",
                  "https://a.example/1", ""},
                 {"b-2", "Higher", "A new list shows 1,500 Belarusians have fought for Russia.",
                  "https://b.example/2", ""}},
                "B"));
}

std::filesystem::path write_pg_config(const TempDir& dir, const std::string& url) {
  write_feeds(dir);
  write_file(dir / "nw.toml", "[storage]\nurl = \"" + url + "\"\n" +
                                  test::feed_toml("a", "file:a.xml") +
                                  test::feed_toml("b", "file:b.xml"));
  return dir / "nw.toml";
}

std::string nw(const std::filesystem::path& config, const std::string& args) {
  return test::binary().string() + " " + args + " -c " + config.string();
}

TEST(PostgresDaemonTest, OnceStoresIntoPostgreSQLAndTheListingsReadIt) {
  NW_REQUIRE_POSTGRES();
  test::PgDatabase db;
  TempDir dir;
  const auto config = write_pg_config(dir, db.url());
  const auto check = test::run_command(nw(config, "check"));
  ASSERT_EQ(check.status, 0) << check.err;
  const auto r = test::run_command(nw(config, "once --wait 0s"));
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("stored 2 new articles, 1 duplicates"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("database postgresql://"), std::string::npos) << r.out;
  EXPECT_EQ(db.query("SELECT count(*) FROM articles"), "3");
  EXPECT_EQ(db.query("SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL"), "1");
  EXPECT_EQ(db.query("SELECT count(*) FROM alerts"), "1");
  EXPECT_EQ(test::json_lines(test::run_command(nw(config, "claims --json")).out).size(), 2u);
  // Again: nothing new.
  const auto again = test::run_command(nw(config, "once --wait 0s"));
  ASSERT_EQ(again.status, 0) << again.err;
  EXPECT_EQ(db.query("SELECT count(*) FROM articles"), "3");
  EXPECT_EQ(db.query("SELECT count(*) FROM alerts"), "1");
}

// Two daemons on one database at once, both polling both feeds: each story is
// stored once, the divergence raises one alert, and the webhook receives it once.
TEST(PostgresDaemonTest, TwoDaemonsAtOnceStoreOnceAndDeliverTheAlertOnce) {
  NW_REQUIRE_POSTGRES();
  test::PgDatabase db;
  TempDir dir;
  test::HttpServer receiver;
  receiver.route("/hook", [](const test::HttpRequest&) {
    test::HttpResponse r;
    r.delay = 300ms;  // both daemons are still running while the first send is in flight
    return r;
  });
  write_feeds(dir);
  write_file(dir / "nw.toml",
             "[storage]\nurl = \"" + db.url() + "\"\n" + test::feed_toml("a", "file:a.xml") +
                 test::feed_toml("b", "file:b.xml") + "[[webhooks]]\nname = \"desk\"\nurl = \"" +
                 receiver.url("/hook") + "\"\n");
  std::vector<std::unique_ptr<test::DaemonProcess>> daemons;
  for (int i = 0; i < 2; ++i) {
    daemons.push_back(std::make_unique<test::DaemonProcess>(
        std::vector<std::string>{test::binary().string(), "once", "--wait", "5s", "-c",
                                 (dir / "nw.toml").string()},
        dir / ("log" + std::to_string(i))));
  }
  for (auto& d : daemons) EXPECT_EQ(d->wait_exit(30s), 0) << d->log();
  EXPECT_EQ(db.query("SELECT count(*) FROM articles"), "3");
  EXPECT_EQ(db.query("SELECT count(*) FROM articles WHERE duplicate_of IS NULL"), "2");
  EXPECT_EQ(db.query("SELECT count(*) FROM claims"), "2");
  EXPECT_EQ(db.query("SELECT count(*) FROM alerts"), "1");
  EXPECT_EQ(db.query("SELECT status FROM deliveries"), "delivered");
  // Each lists what it stored, not the other's claims (ids of both interleave).
  const auto listed = [&](const std::string& quote) {
    int n = 0;
    for (auto& d : daemons) {
      for (auto at = d->log().find(quote); at != std::string::npos;
           at = d->log().find(quote, at + 1)) {
        ++n;
      }
    }
    return n;
  };
  EXPECT_EQ(listed("The project said 742"), 1);
  EXPECT_EQ(listed("A new list shows 1,500"), 1);
  const auto got = receiver.requests();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].header("webhook-id"), db.query("SELECT uid FROM alerts"));
}

TEST(PostgresDaemonTest, OnceFailsClearlyWhenTheServerCannotBeReached) {
  TempDir dir;
  const auto config =
      write_pg_config(dir, "postgresql://nw@/nw?host=" + (dir / "nothing").string());
  const auto r = test::run_command(nw(config, "once --wait 0s"));
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.err.find("postgresql://nw@/nw"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("cannot open the database"), std::string::npos) << r.err;
}

TEST(PostgresDaemonTest, RunSaysTheServerCannotBeReachedAndKeepsTrying) {
  TempDir dir;
  const auto config =
      write_pg_config(dir, "postgresql://nw@/nw?host=" + (dir / "nothing").string());
  test::DaemonProcess daemon({test::binary().string(), "run", "-c", config.string()}, dir / "log");
  ASSERT_TRUE(test::eventually(
      [&] {
        const auto log = daemon.log();
        const auto first = log.find("storage.unreachable");
        return first != std::string::npos &&
               log.find("storage.unreachable", first + 1) != std::string::npos;
      },
      10s))
      << daemon.log();
  EXPECT_NE(daemon.log().find("retry_in_s=2"), std::string::npos) << daemon.log();  // backing off
  EXPECT_TRUE(daemon.running());
}

}  // namespace
}  // namespace nw
