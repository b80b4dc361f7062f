// `newswatch migrate`: a SQLite store copied into PostgreSQL, twice.
#include "storage/migrate.hpp"

#include <gtest/gtest.h>

#include "support/pg_server.hpp"
#include "support/test_paths.hpp"

namespace nw::storage {
namespace {

// A SQLite store with a bit of everything: fetch state, an original and its
// duplicate, fingerprints, claims, an alert with two deliveries.
void fill(const std::filesystem::path& path) {
  const auto s = open_store({path});
  const auto feed = s->ensure_feed("a", "https://a.example/feed");
  FetchRecord ok;
  ok.success = true;
  ok.status = 200;
  ok.etag = "\"v1\"";
  ok.fetched_at = Time(std::chrono::seconds(1764800000));
  ok.next_poll = ok.fetched_at + std::chrono::hours(1);
  s->record_fetch(feed, ok);
  NewArticle a;
  a.guid = "1";
  a.url = a.canonical_url = "https://a.example/1";
  a.title = "Quote \"and\" back\\slash, {braces}";
  a.fetched_at = ok.fetched_at;
  a.text = "742 Belarusians";
  a.content_hash = "h1";
  const auto original = s->insert_article(feed, a, std::nullopt).id;
  s->insert_fingerprint(original, a.fetched_at, {11, 22, 33});
  a.guid = "2";
  a.url = a.canonical_url = "https://b.example/2";
  s->insert_article(feed, a, original);
  claims::Claim c;
  c.subject = "Belarus";
  c.metric = "killed";
  c.value = 742;
  c.unit = "people";
  c.quote = "742 Belarusians";
  const auto claim = s->insert_claim(original, c);
  NewAlert al;
  al.uid = "msg_1";
  al.claim_id = claim;
  al.subject = "Belarus";
  al.metric = "killed";
  al.detected_at = ok.fetched_at;
  al.body = R"({"id":"msg_1"})";
  s->insert_alert(al, {"desk", "jsonl"});
}

TEST(PostgresMigrateTest, CopiesEveryTableAndASecondRunChangesNothing) {
  NW_REQUIRE_POSTGRES();
  test::TempDir dir;
  test::PgDatabase db;
  fill(dir / "nw.db");
  const StoreSpec target({}, db.url(), "");
  int reports = 0;
  const auto progress = [&](const std::string&, int64_t done, int64_t total) {
    EXPECT_LE(done, total);
    ++reports;
  };
  const auto first = migrate_to_postgresql(dir / "nw.db", target, progress);
  ASSERT_EQ(first.size(), 7u);
  for (const auto& t : first) EXPECT_EQ(t.source, t.target) << t.table;
  EXPECT_GT(reports, 0);

  const auto sqlite = open_store_readonly({dir / "nw.db"});
  const auto pg = open_store(target);
  const auto fs = pg->feeds();
  ASSERT_EQ(fs.size(), 1u);
  EXPECT_EQ(fs[0].etag, "\"v1\"");
  EXPECT_EQ(fs[0].next_poll, sqlite->feeds()[0].next_poll);
  const auto articles = pg->articles();
  ASSERT_EQ(articles.size(), 2u);
  EXPECT_EQ(articles[0].fetched_at, sqlite->articles()[0].fetched_at);
  EXPECT_EQ(articles[1].duplicate_of, articles[0].id);
  EXPECT_EQ(pg->near_duplicate_candidates({11, 22}, articles[0].fetched_at),
            std::vector<int64_t>{articles[0].id});
  EXPECT_EQ(pg->claims().at(0).claim.value, 742);
  EXPECT_EQ(pg->claims().at(0).article_title, "Quote \"and\" back\\slash, {braces}");
  EXPECT_EQ(pg->alerts().at(0).uid, "msg_1");
  EXPECT_EQ(pg->due_deliveries(now()).size(), 2u);

  // Again: the same counts, nothing added or changed.
  const auto token = pg->change_token();
  const auto second = migrate_to_postgresql(dir / "nw.db", target, progress);
  for (std::size_t i = 0; i < second.size(); ++i) EXPECT_EQ(second[i].target, first[i].target);
  EXPECT_EQ(pg->change_token(), token);
  // New rows continue after the copied ids.
  EXPECT_GT(pg->ensure_feed("b", "https://b.example/feed"), fs[0].id);
}

TEST(PostgresMigrateTest, RefusesADatabaseThatHoldsOtherFeeds) {
  NW_REQUIRE_POSTGRES();
  test::TempDir dir;
  test::PgDatabase db;
  fill(dir / "nw.db");
  const StoreSpec target({}, db.url(), "");
  open_store(target)->ensure_feed("other", "https://o.example/feed");
  try {
    migrate_to_postgresql(dir / "nw.db", target, [](const std::string&, int64_t, int64_t) {});
    FAIL();
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("migrate into an empty database"), std::string::npos)
        << e.what();
  }
}

TEST(PostgresMigrateTest, TheCommandPrintsProgressAndTheCountCheck) {
  NW_REQUIRE_POSTGRES();
  test::TempDir dir;
  test::PgDatabase db;
  fill(dir / "nw.db");
  test::write_file(dir / "nw.toml", "[storage]\npath = \"nw.db\"\n");
  const auto cmd = test::binary().string() + " migrate -c " + (dir / "nw.toml").string() +
                   " --to '" + db.url() + "'";
  for (int run = 0; run < 2; ++run) {
    const auto r = test::run_command(cmd);
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.err.find("migrate: articles 2/2"), std::string::npos) << r.err;
    EXPECT_NE(r.out.find("ok"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("DIFFERENT"), std::string::npos) << r.out;
    EXPECT_EQ(db.query("SELECT count(*) FROM articles"), "2");
  }
  const auto bad = test::run_command(test::binary().string() + " migrate -c " +
                                     (dir / "nw.toml").string() + " --to mysql://x");
  EXPECT_NE(bad.status, 0);
}

}  // namespace
}  // namespace nw::storage
