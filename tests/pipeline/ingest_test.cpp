// The pipeline in-process, against a temporary SQLite file: entries prepared
// and ingested as a poll would, without the daemon's loop.
#include "pipeline/ingest.hpp"

#include <gtest/gtest.h>

#include "claims/extractor.hpp"
#include "parsers/identity.hpp"
#include "storage/store.hpp"
#include "support/test_paths.hpp"

namespace nw::pipeline {
namespace {

claims::Claim figure(double value, const std::string& source) {
  claims::Claim c;
  c.subject = "Belarus";
  c.metric = "killed";
  c.unit = "people";
  c.value = value;
  c.low = c.high = value;
  c.qualifier = "exact";
  c.source = source;
  c.quote = std::to_string(static_cast<int>(value)) + " Belarusians have been killed.";
  return c;
}

PreparedArticle article(const std::string& guid, const std::string& text,
                        std::vector<claims::Claim> found = {}) {
  PreparedArticle p;
  p.article.guid = guid;
  p.article.url = "https://example.org/" + guid;
  p.article.canonical_url = p.article.url;
  p.article.title = "Story " + guid;
  p.article.text = text;
  p.article.content_hash = "hash of " + text;
  p.article.fetched_at = now();
  p.body = text;
  p.claims = std::move(found);
  return p;
}

class IngestTest : public ::testing::Test {
 protected:
  IngestStats run(std::vector<PreparedArticle> articles, const std::string& feed = "a") {
    IngestStats stats;
    const int64_t id = m_store->ensure_feed(feed, "https://" + feed + ".example/feed");
    m_store->transaction([&] { stats = ingest(*m_store, id, feed, articles, m_policy); });
    return stats;
  }

  test::TempDir m_dir;
  std::unique_ptr<storage::Store> m_store = storage::open_store({m_dir / "nw.db"});
  IngestPolicy m_policy{0.10, {}, {"jsonl"}};
};

TEST_F(IngestTest, NewArticlesAndTheirClaimsAreStoredOnce) {
  const auto s = run({article("1", "A first story about the count.", {figure(96, "Hajun")}),
                      article("2", "A second, unrelated story.")});
  EXPECT_EQ(s.new_articles, 2);
  EXPECT_EQ(s.claims, 1);
  EXPECT_EQ(s.alerts, 0);
  const auto again = run({article("1", "A first story about the count.", {figure(96, "Hajun")})});
  EXPECT_EQ(again.unchanged, 1);
  EXPECT_EQ(again.new_articles, 0);
  EXPECT_EQ(m_store->counts().claims, 1);
}

TEST_F(IngestTest, ACopyFromAnotherFeedIsADuplicateWithoutClaims) {
  run({article("1", "The same syndicated story.", {figure(96, "Hajun")})});
  auto copy = article("1", "The same syndicated story.", {figure(96, "Hajun")});
  const auto s = run({copy}, "b");
  EXPECT_EQ(s.duplicates, 1);
  EXPECT_EQ(s.claims, 0);
  const auto rows = m_store->articles();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1].duplicate_of, rows[0].id);
}

TEST_F(IngestTest, AChangedArticleIsANewVersionAndItsNewFigureIsAClaim) {
  run({article("1", "First version.", {figure(96, "Hajun")})});
  const auto s = run({article("1", "Second version.", {figure(96, "Hajun"), figure(97, "Hajun")})});
  EXPECT_EQ(s.updated, 1);
  EXPECT_EQ(s.claims, 1);  // only the figure it did not state before
  EXPECT_EQ(m_store->articles().at(0).version, 2);
}

TEST_F(IngestTest, AFigureThatAgreesWithNoEarlierReportRaisesOneAlert) {
  run({article("1", "An early count.", {figure(96, "Hajun")})});
  const auto agreeing = run({article("2", "Another count.", {figure(100, "Other")})}, "b");
  EXPECT_EQ(agreeing.alerts, 0);  // within the 10% tolerance
  const auto diverging = run({article("3", "A far higher count.", {figure(182, "Monitor")})}, "c");
  EXPECT_EQ(diverging.alerts, 1);
  const auto alerts = m_store->alerts();
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].status, storage::DeliveryStatus::pending);
  EXPECT_EQ(m_store->due_deliveries(now()).at(0).target, "jsonl");
}

TEST(PrepareTest, AnEntryGetsItsIdentityCanonicalUrlTextAndLanguage) {
  parsers::Entry e;
  e.link = "https://example.org/story?utm_source=rss";
  e.title = "Headline";
  e.summary = "<p>The body of the story.</p>";
  const auto extractor = claims::Extractor::load({"recruitment"}, test::source_dir());
  const auto p = prepare(e, now(), extractor, "");
  EXPECT_EQ(p.article.guid, e.link);  // no id: the link
  EXPECT_EQ(p.article.canonical_url, "https://example.org/story");
  EXPECT_EQ(p.article.text, "Headline\n\nThe body of the story.");
  EXPECT_EQ(p.article.language, "en");
  EXPECT_FALSE(p.band_keys.empty());
  e.id = "urn:1";
  EXPECT_EQ(parsers::entry_guid(e), "urn:1");
  e.id.clear();
  e.link.clear();
  EXPECT_EQ(parsers::entry_guid(e).size(), 64u);  // a SHA-256 of title and content
}

}  // namespace
}  // namespace nw::pipeline
