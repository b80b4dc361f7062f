// The daemon with [storage] keep_text prunes on its own, off the polling path,
// and keeps polling meanwhile.
#include <gtest/gtest.h>

#include "storage/store.hpp"
#include "support/daemon_process.hpp"
#include "support/sqlite_file.hpp"

namespace nw {
namespace {

TEST(DaemonRetention, PrunesOldBodiesWhileItPolls) {
  test::TempDir dir;
  test::write_file(dir / "a.xml",
                   test::rss({{"1", "One", "742 Belarusians have fought for Russia.", "", ""}}));
  const auto config =
      test::write_config(dir, "keep_text = \"30d\"\n" + test::feed_toml("a", "file:a.xml", "1s"));
  {
    const auto store = storage::open_store({dir / "nw.db"});
    const auto feed = store->ensure_feed("old", "file:old.xml");
    store->transaction([&] {
      for (int i = 0; i < 20; ++i) {
        storage::NewArticle a;
        a.guid = "old-" + std::to_string(i);
        a.fetched_at = now() - std::chrono::days(60);
        a.text = std::string(5000, 'x');
        a.content_hash = a.guid;
        store->insert_fingerprint(store->insert_article(feed, a, std::nullopt).id, a.fetched_at,
                                  {i});
      }
    });
  }
  test::DaemonProcess daemon({test::binary().string(), "run", "-c", config.string()}, dir / "log");
  const auto pruned = [&] {
    test::SqliteFile db(dir / "nw.db");
    return db.integer("SELECT count(*) FROM articles WHERE text = '' AND guid LIKE 'old-%'") ==
               20 &&
           db.integer("SELECT count(*) FROM articles WHERE guid = '1' AND text <> ''") == 1;
  };
  EXPECT_TRUE(test::eventually(pruned, std::chrono::seconds(20))) << daemon.log();
  EXPECT_NE(daemon.log().find("storage.pruned articles=20"), std::string::npos) << daemon.log();
  daemon.signal(SIGTERM);
  EXPECT_EQ(daemon.wait_exit(std::chrono::seconds(20)), 0) << daemon.log();
}

}  // namespace
}  // namespace nw
