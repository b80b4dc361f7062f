// The near-duplicate index on both backends (a real SQLite file, a real
// PostgreSQL database): keys filed by the span of days their article was
// fetched in, lookups bounded to two spans; and the SQLite migration that files
// the keys of a database made before (schema 7) under their spans.
#include <gtest/gtest.h>

#include "storage/schema.hpp"
#include "storage/store.hpp"
#include "support/backends.hpp"
#include "support/sqlite_file.hpp"
#include "support/test_paths.hpp"

namespace nw::storage {
namespace {

NewArticle article(const std::string& guid, Time fetched_at) {
  NewArticle a;
  a.guid = guid;
  a.url = "https://example.org/" + guid;
  a.title = "Title " + guid;
  a.fetched_at = fetched_at;
  a.text = "text of " + guid;
  a.content_hash = "hash-" + guid;
  return a;
}

class NearDuplicateKeysTest : public test::BackendTest {};

TEST_P(NearDuplicateKeysTest, AreFoundInTheirSpanAndTheSpanBefore) {
  const auto store = open();
  // The first second of the span now is in, and of the two before it.
  const Time span =
      Time(std::chrono::days(near_duplicate_span(now()) * k_near_duplicate_span_days));
  const Time previous = span - std::chrono::days(k_near_duplicate_span_days);
  const Time older = previous - std::chrono::days(k_near_duplicate_span_days);
  const auto feed = store->ensure_feed("wire", "https://wire.example/feed");
  int64_t a = 0, b = 0, c = 0;
  store->transaction([&] {
    a = store->insert_article(feed, article("a", previous), std::nullopt).id;
    store->insert_fingerprint(a, previous, {11, 12});
    b = store->insert_article(feed, article("b", previous - std::chrono::seconds(1)), std::nullopt)
            .id;
    store->insert_fingerprint(b, previous - std::chrono::seconds(1), {11, 13});
    c = store->insert_article(feed, article("c", span), std::nullopt).id;
    store->insert_fingerprint(c, span, {12});
  });
  // From the span's last second: back to the first second of the span before (8 days)...
  const Time last = span + std::chrono::days(k_near_duplicate_span_days) - std::chrono::seconds(1);
  EXPECT_EQ(store->near_duplicate_candidates({11}, last), std::vector<int64_t>{a});
  // ...and from its first, no further (4 days and a second back is too old).
  EXPECT_EQ(store->near_duplicate_candidates({11}, span), std::vector<int64_t>{a});
  EXPECT_TRUE(store->near_duplicate_candidates({13}, span).empty());
  // Most shared bands first.
  EXPECT_EQ(store->near_duplicate_candidates({11, 12}, span), (std::vector<int64_t>{a, c}));
  // Seen from the span before: what came before, nothing from later on.
  EXPECT_EQ(store->near_duplicate_candidates({11, 13}, previous), (std::vector<int64_t>{b, a}));
  EXPECT_EQ(store->near_duplicate_candidates({11, 12}, older), std::vector<int64_t>{b});
  EXPECT_TRUE(store->near_duplicate_candidates({11}, older - std::chrono::seconds(1)).empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, NearDuplicateKeysTest, test::k_backends, test::backend_name);

TEST(NearDuplicateKeys, AnOlderDatabaseHasItsKeysFiledUnderTheirSpans) {
  test::TempDir dir;
  const auto path = dir / "nw.db";
  {
    // A database as schema 7 left it, with keys in the old table.
    test::SqliteFile db(path, test::SqliteFile::Mode::create);
    for (int v = 0; v < 7; ++v) db.exec(std::string(migrations()[v]));
    db.exec("PRAGMA user_version = 7");
    db.exec(R"sql(
INSERT INTO feeds (id, name, url) VALUES (1, 'wire', 'https://wire.example/feed');
INSERT INTO articles (id, feed_id, guid, fetched_at, content_hash)
  VALUES (1, 1, 'a', '2026-03-01T23:59:59Z', 'h1'), (2, 1, 'b', '2026-03-09T00:00:00Z', 'h2');
INSERT INTO fingerprint_bands (key, article_id) VALUES (-5, 1), (7, 1), (7, 2), (9, 2);
)sql");
  }
  const auto store = open_store({path});
  {
    test::SqliteFile db(path);
    EXPECT_EQ(db.integer("PRAGMA user_version"), static_cast<int64_t>(migrations().size()));
    EXPECT_EQ(db.integer("SELECT count(*) FROM sqlite_master WHERE name = 'fingerprint_bands'"), 0);
    // 2026-03-01 is day 20513 since 1970, in span 5128 (Feb 28 to Mar 3); Mar 9 in 5130.
    EXPECT_EQ(near_duplicate_span(*parse_iso8601("2026-03-01T23:59:59Z")), 5128);
    EXPECT_EQ(
        db.rows("SELECT span, key, article_id FROM near_duplicate_keys ORDER BY 1, 2"),
        (std::vector<std::vector<std::string>>{
            {"5128", "-5", "1"}, {"5128", "7", "1"}, {"5130", "7", "2"}, {"5130", "9", "2"}}));
    EXPECT_EQ(db.text("PRAGMA integrity_check"), "ok");
    EXPECT_TRUE(db.rows("PRAGMA foreign_key_check").empty());
  }
  const Time march_9 = *parse_iso8601("2026-03-09T12:00:00Z");
  EXPECT_EQ(store->near_duplicate_candidates({7}, march_9), std::vector<int64_t>{2});
  const Time march_4 = *parse_iso8601("2026-03-04T00:00:00Z");  // span 5129
  EXPECT_EQ(store->near_duplicate_candidates({-5, 7}, march_4), std::vector<int64_t>{1});
  // New keys go in beside the migrated ones.
  store->transaction([&] {
    const auto id = store->insert_article(1, article("c", march_9), std::nullopt).id;
    store->insert_fingerprint(id, march_9, {9});
  });
  EXPECT_EQ(store->near_duplicate_candidates({9}, march_9), (std::vector<int64_t>{2, 3}));
}

// The SQLite writer asks a Bloom filter of each span before it looks a key up
// (sqlite/band_filter.hpp). It may look up keys that are not there, but must
// never skip one that is: filed before or after the filter was made, while it
// grows, across a span boundary, or by another connection.
TEST(NearDuplicateKeys, TheWritersFilterSkipsNoStoredKey) {
  test::TempDir dir;
  const auto store = open_store({dir / "nw.db"});
  const Time span =
      Time(std::chrono::days(near_duplicate_span(now()) * k_near_duplicate_span_days));
  const Time before = span - std::chrono::seconds(1);  // the last second of the span before
  const auto feed = store->ensure_feed("wire", "https://wire.example/feed");
  int64_t old_one = 0;
  store->transaction([&] {
    old_one = store->insert_article(feed, article("old", before), std::nullopt).id;
    store->insert_fingerprint(old_one, before, {42});
  });
  // Asking makes both spans' filters; the key filed before is in the span before.
  EXPECT_EQ(store->near_duplicate_candidates({42}, span), std::vector<int64_t>{old_one});
  EXPECT_TRUE(store->near_duplicate_candidates({43}, span).empty());
  // 20,000 keys filed after: the filter is made again, larger, several times.
  std::vector<int64_t> many;
  for (int64_t k = 0; k < 20'000; ++k) many.push_back(k * 7919 + 1'000'003);
  int64_t big = 0;
  store->transaction([&] {
    big = store->insert_article(feed, article("big", span), std::nullopt).id;
    store->insert_fingerprint(big, span, many);
  });
  for (const int64_t k : many)
    ASSERT_EQ(store->near_duplicate_candidates({k}, span), std::vector<int64_t>{big}) << k;
  EXPECT_EQ(store->near_duplicate_candidates({42}, span), std::vector<int64_t>{old_one});
  // Keys another connection files are found too.
  int64_t elsewhere = 0;
  {
    const auto other = open_store({dir / "nw.db"});
    other->transaction([&] {
      elsewhere = other->insert_article(feed, article("elsewhere", span), std::nullopt).id;
      other->insert_fingerprint(elsewhere, span, {77});
    });
  }
  EXPECT_EQ(store->near_duplicate_candidates({77}, span), std::vector<int64_t>{elsewhere});
}

// The SQLite writer stages new keys and merges them into near_duplicate_keys,
// sorted, once 100,000 are staged (migration 13), after the commit of the
// batch that staged them and in a transaction of its own: a key is found
// wherever it is, the keys' articles are checked again after the merge, a
// rolled-back batch leaves nothing staged, and retention drops staged keys of
// old spans too.
TEST(NearDuplicateKeys, StagedKeysAreMergedAndFoundWhereverTheyAre) {
  test::TempDir dir;
  const auto path = dir / "nw.db";
  const auto store = open_store({path});
  const Time span =
      Time(std::chrono::days(near_duplicate_span(now()) * k_near_duplicate_span_days));
  const auto feed = store->ensure_feed("wire", "https://wire.example/feed");
  std::vector<int64_t> many;
  for (int64_t k = 0; k < 100'000; ++k) many.push_back(k * 7919 + 3);
  int64_t big = 0, small = 0;
  store->transaction([&] {
    big = store->insert_article(feed, article("big", span), std::nullopt).id;
    store->insert_fingerprint(big, span, many);  // reaches the mark: merged after the commit
    test::SqliteFile db(path);
    EXPECT_EQ(db.integer("SELECT count(*) FROM near_duplicate_keys"), 0);  // not committed
  });
  {
    test::SqliteFile db(path);
    EXPECT_EQ(db.integer("SELECT count(*) FROM near_duplicate_keys"), 100'000);
    EXPECT_EQ(db.integer("SELECT count(*) FROM near_duplicate_staged"), 0);
  }
  store->transaction([&] {
    small = store->insert_article(feed, article("small", span), std::nullopt).id;
    store->insert_fingerprint(small, span, {5, 3});  // staged
  });
  {
    test::SqliteFile db(path);
    EXPECT_EQ(db.integer("SELECT count(*) FROM near_duplicate_keys"), 100'000);
    EXPECT_EQ(db.integer("SELECT count(*) FROM near_duplicate_staged"), 2);
  }
  // The merge turned the foreign key checks off for itself only.
  EXPECT_THROW(store->transaction([&] { store->insert_fingerprint(small + 1000, span, {4}); }),
               StoreError);
  EXPECT_EQ(store->near_duplicate_candidates({3}, span), (std::vector<int64_t>{big, small}));
  EXPECT_EQ(store->near_duplicate_candidates({5}, span), std::vector<int64_t>{small});
  try {
    store->transaction([&] {
      const auto id = store->insert_article(feed, article("gone", span), std::nullopt).id;
      store->insert_fingerprint(id, span, {6});
      throw std::runtime_error("rolled back");
    });
  } catch (const StoreError&) {
  }
  EXPECT_TRUE(store->near_duplicate_candidates({6}, span).empty());
  // Everything is older than a cutoff two spans on: pruned from both tables.
  const Time later = span + std::chrono::days(2 * k_near_duplicate_span_days);
  EXPECT_EQ(store->prune_preview(later).band_keys, 100'002);
  PruneStats total;
  for (PruneStats step; !step.done;) {
    store->transaction([&] { step = store->prune(later, 50'000); });
    total.band_keys += step.band_keys;
  }
  EXPECT_EQ(total.band_keys, 100'002);
  EXPECT_TRUE(store->near_duplicate_candidates({3, 5}, span).empty());
}

}  // namespace
}  // namespace nw::storage
