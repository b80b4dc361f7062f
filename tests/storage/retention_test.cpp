// Retention ([storage] keep_text) on a real SQLite file and a PostgreSQL
// database: what Store::prune drops, what it must never drop, and (SQLite) the
// space it gives back.
#include <gtest/gtest.h>

#include <limits>

#include "storage/store.hpp"
#include "support/backends.hpp"
#include "support/sqlite_file.hpp"
#include "support/test_paths.hpp"

namespace nw::storage {
namespace {

constexpr auto k_keep = std::chrono::days(180);

NewArticle article(const std::string& guid, Time fetched_at, std::size_t text_bytes = 2000) {
  NewArticle a;
  a.guid = guid;
  a.url = "https://example.org/" + guid;
  a.canonical_url = a.url;
  a.title = "Title " + guid;
  a.fetched_at = fetched_at;
  a.content = "<p>" + std::string(text_bytes, 'c') + "</p>";
  a.text = std::string(text_bytes, 't');
  a.content_hash = "hash-" + guid;
  return a;
}

claims::Claim figure(double value) {
  claims::Claim c;
  c.subject = "Belarus";
  c.metric = "killed";
  c.value = value;
  c.unit = "people";
  c.quote = "at least " + std::to_string(static_cast<int>(value)) + " were killed";
  c.start = 10;
  c.end = 40;
  return c;
}

// A database holding old and new articles, originals and copies, claims and an
// alert naming a prior claim; ids of what the checks need.
struct Seeded {
  int64_t old_with_claim = 0, old_plain = 0, old_copy = 0, old_alerted = 0;
  int64_t new_plain = 0, new_with_claim = 0;
  int64_t old_bytes = 0;  // the bodies prune may drop
  std::vector<int64_t> old_keys, new_keys;
};

Seeded seed(Store& s) {
  Seeded d;
  const Time old = now() - std::chrono::days(200);
  const Time fresh = now() - std::chrono::days(1);
  const auto feed = s.ensure_feed("wire", "https://wire.example/feed");
  constexpr int64_t lowest = std::numeric_limits<int64_t>::min();
  constexpr int64_t highest = std::numeric_limits<int64_t>::max();
  s.transaction([&] {
    auto body_bytes = [](const NewArticle& a) {
      return static_cast<int64_t>(a.content.size() + a.text.size());
    };
    d.old_with_claim = s.insert_article(feed, article("old-claim", old), std::nullopt).id;
    s.insert_fingerprint(d.old_with_claim, old, {lowest, 2, 3});
    const int64_t first = s.insert_claim(d.old_with_claim, figure(100));
    const auto plain = article("old-plain", old);
    d.old_plain = s.insert_article(feed, plain, std::nullopt).id;
    d.old_bytes += body_bytes(plain);
    s.insert_fingerprint(d.old_plain, old, {-1, highest});
    const auto copy = article("old-copy", old);
    d.old_copy = s.insert_article(feed, copy, d.old_with_claim).id;
    d.old_bytes += body_bytes(copy);
    d.old_alerted = s.insert_article(feed, article("old-alerted", old), std::nullopt).id;
    s.insert_fingerprint(d.old_alerted, old, {0, 7});
    const int64_t second = s.insert_claim(d.old_alerted, figure(300));
    NewAlert alert;
    alert.uid = "msg_1";
    alert.claim_id = second;
    alert.subject = "Belarus";
    alert.metric = "killed";
    alert.unit = "people";
    alert.difference = 2;
    alert.detected_at = old;
    alert.body = R"({"prior":[{"id":)" + std::to_string(first) + "}]}";
    s.insert_alert(alert, {"jsonl"});
    // Enough old articles that pruning takes several steps.
    for (int i = 0; i < 40; ++i) {
      const auto filler = article("old-" + std::to_string(i), old, 100 + i);
      const int64_t id = s.insert_article(feed, filler, std::nullopt).id;
      d.old_bytes += body_bytes(filler);
      s.insert_fingerprint(id, old, {int64_t{1000} * i, -int64_t{1000} * i - 5});
    }
    d.new_plain = s.insert_article(feed, article("new-plain", fresh), std::nullopt).id;
    s.insert_fingerprint(d.new_plain, fresh, {2, 99});
    d.new_with_claim = s.insert_article(feed, article("new-claim", fresh), std::nullopt).id;
    s.insert_claim(d.new_with_claim, figure(120));
  });
  d.old_keys = {lowest, 3, -1, highest, 0, 7, 1000, -5};
  d.new_keys = {99};
  return d;
}

// Prunes in small steps until done; the number of steps taken.
int prune_all(Store& s, PruneStats& total) {
  int steps = 0;
  do {
    s.transaction([&] { total += s.prune(now() - k_keep, 7); });
    ++steps;
  } while (!total.done && steps < 5000);
  return steps;
}

// What retention drops and keeps is the same on both backends.
class RetentionTest : public test::BackendTest {};
INSTANTIATE_TEST_SUITE_P(Backends, RetentionTest, test::k_backends, test::backend_name);

TEST_P(RetentionTest, DropsOldBodiesAndKeysInStepsAndKeepsEverythingAFigureOrAlertNeeds) {
  const auto store = open();
  Store& s = *store;
  const Seeded d = seed(s);
  const auto articles_before = s.articles();
  const auto claims_before = s.claims();
  const auto alerts_before = s.alerts();
  const auto ledger_before = s.ledger();
  const auto preview = s.prune_preview(now() - k_keep);

  PruneStats total;
  const int steps = prune_all(s, total);
  ASSERT_TRUE(total.done);
  EXPECT_GT(steps, 5);  // small steps, not one sweep

  // What went: the bodies of old articles no claim came from, and old keys.
  EXPECT_EQ(total.articles, 42);
  EXPECT_EQ(total.text_bytes, d.old_bytes);
  EXPECT_EQ(total.band_keys, 7 + 80);
  EXPECT_EQ(s.article_text(d.old_plain), "");
  EXPECT_EQ(s.article_text(d.old_copy), "");
  for (const int64_t key : d.old_keys) {
    EXPECT_TRUE(s.near_duplicate_candidates({key}, now() - std::chrono::days(200)).empty()) << key;
  }
  // The preview said so beforehand.
  EXPECT_EQ(preview.articles, total.articles);
  EXPECT_EQ(preview.text_bytes, total.text_bytes);
  EXPECT_EQ(preview.band_keys, total.band_keys);

  // What stayed: articles a claim was read from keep their text; new articles
  // keep everything; every row, title, URL and hash; claims, alerts, the ledger.
  EXPECT_EQ(s.article_text(d.old_with_claim), std::string(2000, 't'));
  EXPECT_EQ(s.article_text(d.old_alerted), std::string(2000, 't'));
  EXPECT_EQ(s.article_text(d.new_plain), std::string(2000, 't'));
  EXPECT_EQ(s.near_duplicate_candidates({2}, now()), std::vector<int64_t>{d.new_plain});
  EXPECT_EQ(s.near_duplicate_candidates({99}, now()), std::vector<int64_t>{d.new_plain});
  EXPECT_EQ(s.find_original_by_hash("hash-old-plain"), d.old_plain);
  EXPECT_EQ(s.find_original_by_url("https://example.org/old-plain"), d.old_plain);

  const auto articles_after = s.articles();
  ASSERT_EQ(articles_after.size(), articles_before.size());
  for (std::size_t i = 0; i < articles_after.size(); ++i) {
    EXPECT_EQ(articles_after[i].id, articles_before[i].id);
    EXPECT_EQ(articles_after[i].title, articles_before[i].title);
    EXPECT_EQ(articles_after[i].url, articles_before[i].url);
    EXPECT_EQ(articles_after[i].duplicate_of, articles_before[i].duplicate_of);
    EXPECT_EQ(articles_after[i].claims, articles_before[i].claims);
  }
  const auto claims_after = s.claims();
  ASSERT_EQ(claims_after.size(), claims_before.size());
  for (std::size_t i = 0; i < claims_after.size(); ++i) {
    EXPECT_EQ(claims_after[i].id, claims_before[i].id);
    EXPECT_EQ(claims_after[i].article_id, claims_before[i].article_id);
    EXPECT_EQ(claims_after[i].url, claims_before[i].url);
    EXPECT_EQ(claims_after[i].claim.quote, claims_before[i].claim.quote);
    EXPECT_EQ(claims_after[i].claim.value, claims_before[i].claim.value);
  }
  const auto alerts_after = s.alerts();
  ASSERT_EQ(alerts_after.size(), 1u);
  EXPECT_EQ(alerts_after[0].body, alerts_before[0].body);
  const auto ledger_after = s.ledger();
  ASSERT_EQ(ledger_after.claims.size(), ledger_before.claims.size());
  for (std::size_t i = 0; i < ledger_after.claims.size(); ++i) {
    EXPECT_EQ(ledger_after.claims[i].title, ledger_before.claims[i].title);
    EXPECT_EQ(ledger_after.claims[i].url, ledger_before.claims[i].url);
  }
  ASSERT_EQ(ledger_after.alerts.size(), 1u);
  EXPECT_EQ(ledger_after.alerts[0].prior_claims, ledger_before.alerts[0].prior_claims);

  // Again: nothing left to do, done at once.
  const auto again = s.prune(now() - k_keep, 7);
  EXPECT_TRUE(again.done);
  EXPECT_EQ(again.articles + again.band_keys, 0);

  if (sqlite()) {
    test::SqliteFile file(m_dir / "nw.db");
    EXPECT_EQ(file.text("PRAGMA integrity_check"), "ok");
    EXPECT_TRUE(file.rows("PRAGMA foreign_key_check").empty());
  } else {
    // Nothing to give back on PostgreSQL (its vacuum reuses the space).
    EXPECT_EQ(s.reclaim_space(0, true), 0);
  }
}

TEST_P(RetentionTest, ArticlesStoredLaterAreLeftForTheirTime) {
  const auto store = open();
  Store& s = *store;
  const Seeded d = seed(s);
  PruneStats total;
  prune_all(s, total);
  // A later article, past the mark; the next prune leaves it and its keys alone.
  const auto feed = s.ensure_feed("wire", "https://wire.example/feed");
  int64_t later = 0;
  s.transaction([&] {
    later = s.insert_article(feed, article("later", now()), std::nullopt).id;
    s.insert_fingerprint(later, now(), {42});
  });
  PruneStats next;
  prune_all(s, next);
  EXPECT_EQ(next.articles, 0);
  EXPECT_EQ(s.article_text(later), std::string(2000, 't'));
  EXPECT_EQ(s.near_duplicate_candidates({42}, now()), std::vector<int64_t>{later});
  EXPECT_EQ(s.article_text(d.new_with_claim), std::string(2000, 't'));
}

TEST(Retention, NewDatabasesGiveFreedPagesBackPiecemeal) {
  test::TempDir dir;
  const auto store = open_store({dir / "nw.db"});
  Store& s = *store;
  {
    test::SqliteFile file(dir / "nw.db");
    EXPECT_EQ(file.integer("PRAGMA auto_vacuum"), 2);  // incremental
  }
  const auto feed = s.ensure_feed("wire", "https://wire.example/feed");
  s.transaction([&] {
    for (int i = 0; i < 200; ++i) {
      s.insert_article(feed, article(std::to_string(i), now() - std::chrono::days(365), 20000),
                       std::nullopt);
    }
  });
  PruneStats total;
  prune_all(s, total);
  EXPECT_EQ(total.articles, 200);
  int64_t freed = 0;
  s.transaction([&] { freed = s.reclaim_space(100, false); });  // as the daemon does
  EXPECT_EQ(freed, 100 * 4096);
  EXPECT_GT(s.reclaim_space(0, true), 1'000'000);
  EXPECT_LT(std::filesystem::file_size(dir / "nw.db"), 1'000'000u);
}

TEST(Retention, AnOlderDatabaseIsConvertedOnlyWhenAskedTo) {
  test::TempDir dir;
  {
    // A file whose header was written before newswatch set auto_vacuum, as
    // every database made before retention existed.
    test::SqliteFile file(dir / "nw.db", test::SqliteFile::Mode::create);
    file.exec("PRAGMA journal_mode=WAL");
  }
  const auto store = open_store({dir / "nw.db"});
  Store& s = *store;
  const auto feed = s.ensure_feed("wire", "https://wire.example/feed");
  s.transaction([&] {
    for (int i = 0; i < 100; ++i) {
      s.insert_article(feed, article(std::to_string(i), now() - std::chrono::days(365), 20000),
                       std::nullopt);
    }
  });
  PruneStats total;
  prune_all(s, total);
  EXPECT_EQ(s.reclaim_space(0, false), 0);
  EXPECT_GT(s.reclaim_space(0, true), 1'000'000);
  test::SqliteFile file(dir / "nw.db");
  EXPECT_EQ(file.integer("PRAGMA auto_vacuum"), 2);
  EXPECT_EQ(s.counts().articles, 100);
}

}  // namespace
}  // namespace nw::storage
