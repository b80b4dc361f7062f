// Two writers on one PostgreSQL database, ingesting at the same moment as two
// daemons would: conflicting figures raise exactly one alert, and one story
// is stored once as an original.
#include <gtest/gtest.h>

#include <barrier>
#include <thread>

#include "pipeline/ingest.hpp"
#include "storage/store.hpp"
#include "support/claims.hpp"
#include "support/pg_server.hpp"

namespace nw::pipeline {
namespace {

claims::Claim figure(const std::string& subject, double value) {
  return test::killed(
      subject, value,
      std::to_string(static_cast<int>(value)) + " people from " + subject + " were killed.");
}

PreparedArticle article(const std::string& guid, const std::string& url, const std::string& text,
                        std::vector<claims::Claim> found) {
  PreparedArticle p;
  p.article.guid = guid;
  p.article.url = p.article.canonical_url = url;
  p.article.title = guid;
  p.article.text = p.body = text;
  p.article.content_hash = "hash of " + text;
  p.article.fetched_at = now();
  p.claims = std::move(found);
  return p;
}

// Runs `round(writer, i)` for both writers at once, `rounds` times: each
// writer has its own connection, as a daemon does.
class PostgresRaceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    NW_REQUIRE_POSTGRES();
    m_db.emplace();
    for (auto& s : m_stores) s = storage::open_store({{}, m_db->url(), ""});
    for (int w = 0; w < 2; ++w) m_feeds[w] = m_stores[w]->ensure_feed("f" + std::to_string(w), "u");
  }
  // With `one_feed`, both writers ingest into the first writer's feed, as two
  // daemons polling one feed at once (`once` leases nothing) would.
  void race(int rounds, const std::function<std::vector<PreparedArticle>(int, int)>& make,
            bool one_feed = false) {
    std::barrier start(2);
    auto writer = [&](int w) {
      for (int i = 0; i < rounds; ++i) {
        auto batch = make(w, i);
        start.arrive_and_wait();
        const int f = one_feed ? 0 : w;
        m_stores[w]->transaction(
            [&] { ingest(*m_stores[w], m_feeds[f], "f" + std::to_string(f), batch, m_policy); });
      }
    };
    std::thread other(writer, 1);
    writer(0);
    other.join();
  }

  std::optional<test::PgDatabase> m_db;
  std::unique_ptr<storage::Store> m_stores[2];
  int64_t m_feeds[2] = {};
  IngestPolicy m_policy = [] {
    IngestPolicy p;
    p.alert_targets = {"jsonl"};
    return p;
  }();
};

// Each batch holds figures of ten groups, in opposite orders for the two
// writers: the locks are taken sorted, so they wait for each other, never deadlock.
TEST_F(PostgresRaceTest, ConflictingFiguresStoredAtOnceRaiseExactlyOneAlert) {
  constexpr int k_rounds = 10, k_groups = 10;
  race(k_rounds, [](int w, int i) {
    std::vector<PreparedArticle> batch;
    for (int k = 0; k < k_groups; ++k) {
      const int g = i * k_groups + (w == 0 ? k : k_groups - 1 - k);
      const auto subject = "Country" + std::to_string(g);
      const auto id = std::to_string(w) + "-" + std::to_string(g);
      batch.push_back(article(id, "https://w" + id + ".example/", "Story " + id + " of " + subject,
                              {figure(subject, w == 0 ? 100 : 300)}));
    }
    return batch;
  });
  const auto counts = m_stores[0]->counts();
  EXPECT_EQ(counts.claims, 2 * k_rounds * k_groups);
  // One per group: whichever writer came second saw the other's figure.
  EXPECT_EQ(counts.alerts, k_rounds * k_groups);
}

TEST_F(PostgresRaceTest, OneStoryFromTwoWritersIsStoredOnceAsAnOriginal) {
  constexpr int k_rounds = 20;
  race(k_rounds, [](int w, int i) {
    const auto n = std::to_string(i);
    return std::vector{article(std::to_string(w) + "-" + n, "https://story.example/" + n,
                               "The same story number " + n,
                               // Groups of their own: no group lock orders the two writers.
                               {figure("Land" + n + "-" + std::to_string(w), 5)})};
  });
  const auto counts = m_stores[0]->counts();
  EXPECT_EQ(counts.articles, 2 * k_rounds);
  EXPECT_EQ(counts.duplicates, k_rounds);
  EXPECT_EQ(counts.claims, k_rounds);  // a duplicate's figures are not stored again
}

// Two near-duplicate texts (another URL, another hash, one word apart) stored
// at once: the band-key stripe locks make the second writer find the first's.
TEST_F(PostgresRaceTest, ANearDuplicateFromTwoWritersIsStoredOnceAsAnOriginal) {
  constexpr int k_rounds = 10;
  race(k_rounds, [](int w, int i) {
    std::string text = "Round " + std::to_string(i) + ":";
    for (int k = 0; k < 80; ++k) text += " w" + std::to_string((k * 7919 + i * 104729) % 100003);
    text += w == 0 ? " ends here." : " ends there.";
    const auto id = std::to_string(w) + "-" + std::to_string(i);
    return std::vector{article(id, "https://near" + id + ".example/", text, {})};
  });
  const auto counts = m_stores[0]->counts();
  EXPECT_EQ(counts.articles, 2 * k_rounds);
  EXPECT_EQ(counts.duplicates, k_rounds);
}

// Both writers poll one feed and find the same new entries: the second to
// take the batch lock finds them stored and leaves them unchanged, instead of
// failing on the feed's unique guids. Every other round has only an entry
// with no text and no figures, which no group or band lock orders.
TEST_F(PostgresRaceTest, OneFeedPolledByTwoWritersStoresEachEntryOnce) {
  constexpr int k_rounds = 20;
  race(
      k_rounds,
      [](int, int i) {
        const auto n = std::to_string(i);
        std::vector<PreparedArticle> batch{
            article("entry-" + n, "https://feed.example/" + n, "Entry number " + n,
                    {figure("Realm" + n, 7)}),
            article("bare-" + n, "https://feed.example/bare/" + n, "", {})};
        batch[1].article.content_hash = "bare " + n;
        if (i % 2) batch.erase(batch.begin());
        return batch;
      },
      /*one_feed=*/true);
  const auto counts = m_stores[0]->counts();
  EXPECT_EQ(counts.articles, k_rounds + k_rounds / 2);
  EXPECT_EQ(counts.duplicates, 0);
  EXPECT_EQ(counts.claims, k_rounds / 2);
}

}  // namespace
}  // namespace nw::pipeline
