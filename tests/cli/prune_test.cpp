// `newswatch prune -c FILE [--dry-run]` on a real database: reports what it
// would drop, then drops it and reports what it freed.
#include <gtest/gtest.h>

#include "storage/store.hpp"
#include "support/feeds.hpp"
#include "support/sqlite_file.hpp"
#include "support/test_paths.hpp"

namespace nw {
namespace {

// 50 articles of 200 days ago (20 kB of text each, one with a claim) and one of today.
void seed_old_articles(const std::filesystem::path& db) {
  const auto store = storage::open_store({db});
  const auto feed = store->ensure_feed("a", "file:a.xml");
  store->transaction([&] {
    for (int i = 0; i <= 50; ++i) {
      storage::NewArticle a;
      a.guid = std::to_string(i);
      a.title = "Title " + a.guid;
      a.url = "https://example.org/" + a.guid;
      a.fetched_at = now() - std::chrono::days(i < 50 ? 200 : 0);
      a.text = std::string(20000, 'x');
      a.content_hash = "h" + a.guid;
      const int64_t id = store->insert_article(feed, a, std::nullopt).id;
      store->insert_fingerprint(id, a.fetched_at, {i * 7919, -i - 1});
      if (i == 0) {
        claims::Claim c;
        c.subject = "Belarus";
        c.metric = "killed";
        c.value = 40;
        c.quote = "40 were killed";
        store->insert_claim(id, c);
      }
    }
  });
}

std::string prune(const std::filesystem::path& config, const std::string& extra = "") {
  const auto r =
      test::run_command(test::binary().string() + " prune -c " + config.string() + extra);
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  return r.out;
}

TEST(PruneCommand, DryRunReportsThenPruneDropsAndShrinksTheFile) {
  test::TempDir dir;
  const auto config =
      test::write_config(dir, "keep_text = \"180d\"\n" + test::feed_toml("a", "file:a.xml"));
  seed_old_articles(dir / "nw.db");
  const auto size_before = std::filesystem::file_size(dir / "nw.db");

  const auto dry = prune(config, " --dry-run");
  EXPECT_NE(dry.find("would drop 49 article bodies (980.0 kB) and 100 near-duplicate keys"),
            std::string::npos)
      << dry;
  {
    test::SqliteFile db(dir / "nw.db");
    EXPECT_EQ(db.integer("SELECT count(*) FROM articles WHERE text = ''"), 0);
  }

  const auto done = prune(config);
  EXPECT_NE(done.find("dropped 49 article bodies (980.0 kB) and 100 near-duplicate keys"),
            std::string::npos)
      << done;
  EXPECT_LT(std::filesystem::file_size(dir / "nw.db"), size_before / 2);
  {
    test::SqliteFile db(dir / "nw.db");
    EXPECT_EQ(db.integer("SELECT count(*) FROM articles WHERE text = ''"), 49);
    EXPECT_EQ(db.integer("SELECT count(*) FROM articles"), 51);
    EXPECT_EQ(db.integer("SELECT count(*) FROM claims"), 1);
    EXPECT_EQ(db.text("PRAGMA integrity_check"), "ok");
  }
  EXPECT_NE(prune(config).find("dropped 0 article bodies"), std::string::npos);
}

TEST(PruneCommand, WithoutKeepTextItSaysSoAndFails) {
  test::TempDir dir;
  const auto config = test::write_config(dir, test::feed_toml("a", "file:a.xml"));
  seed_old_articles(dir / "nw.db");
  const auto r = test::run_command(test::binary().string() + " prune -c " + config.string());
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("[storage] keep_text is not set"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace nw
