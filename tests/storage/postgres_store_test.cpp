// What only the PostgreSQL backend has: migrations under a lock, several
// writers at once, and a server that cannot be reached. The tests both
// backends share are in store_test.cpp.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>

#include "storage/postgresql/schema.hpp"
#include "storage/store.hpp"
#include "support/alerts.hpp"
#include "support/pg_server.hpp"
#include "support/test_paths.hpp"

namespace nw::storage {
namespace {

using namespace std::chrono_literals;

class PostgresStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    NW_REQUIRE_POSTGRES();
    m_db.emplace();
  }
  StoreSpec spec() const { return {{}, m_db->url(), ""}; }
  std::optional<test::PgDatabase> m_db;
};

NewArticle article(const std::string& guid, const std::string& url, const std::string& hash) {
  NewArticle a;
  a.guid = guid;
  a.url = url;
  a.canonical_url = url;
  a.title = guid;
  a.fetched_at = now();
  a.text = "text";
  a.content_hash = hash;
  return a;
}

TEST_F(PostgresStoreTest, DaemonsStartingAtOnceMigrateOnce) {
  std::vector<std::future<int64_t>> opened;
  for (int i = 0; i < 4; ++i) {
    opened.push_back(
        std::async(std::launch::async, [&] { return open_store(spec())->counts().feeds; }));
  }
  for (auto& f : opened) EXPECT_EQ(f.get(), 0);
  EXPECT_EQ(m_db->query("SELECT version FROM newswatch_schema"),
            std::to_string(postgresql::migrations().size()));
  EXPECT_EQ(m_db->query("SELECT count(*) FROM newswatch_schema"), "1");
  // Native types: identity ids and timestamptz.
  EXPECT_EQ(m_db->query("SELECT is_identity FROM information_schema.columns "
                        "WHERE table_name = 'articles' AND column_name = 'id'"),
            "YES");
  EXPECT_EQ(m_db->query("SELECT data_type FROM information_schema.columns "
                        "WHERE table_name = 'articles' AND column_name = 'fetched_at'"),
            "timestamp with time zone");
}

TEST_F(PostgresStoreTest, RefusesADatabaseFromTheFuture) {
  { open_store(spec()); }
  m_db->query("UPDATE newswatch_schema SET version = 999 RETURNING version");
  try {
    open_store(spec());
    FAIL();
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("newer"), std::string::npos) << e.what();
  }
  EXPECT_THROW(open_store_readonly(spec()), StoreError);
}

// A database from before migration 10 has its confirmed contradictions
// closed, their claims matched as the ledger matches a body's prior (its
// article and value, the quote first).
TEST_F(PostgresStoreTest, AnOlderDatabaseHasItsConfirmedAlertsClosed) {
  std::vector<int64_t> ids;
  {
    const auto s = open_store(spec());
    const auto feed = s->ensure_feed("a", "https://a.example/feed");
    const auto claim = [](double value, const std::string& quote) {
      claims::Claim c;
      c.subject = "Belarus";
      c.metric = "killed";
      c.unit = "people";
      c.value = c.low.emplace(value);
      c.high = value;
      c.quote = quote;
      return c;
    };
    for (int i = 0; i < 3; ++i) {
      const auto id = s->insert_article(feed,
                                        article("g" + std::to_string(i),
                                                "https://a.example/" + std::to_string(i),
                                                "h" + std::to_string(i)),
                                        std::nullopt)
                          .id;
      ids.push_back(id);
    }
    const auto c0 = s->insert_claim(ids[0], claim(100, "one"));
    const auto c1 = s->insert_claim(ids[1], claim(300, "three"));
    const auto c2 = s->insert_claim(ids[2], claim(290, "two"));
    const auto c3 = s->insert_claim(ids[2], claim(900, "nine"));
    NewAlert a;
    a.subject = "Belarus";
    a.metric = "killed";
    a.unit = "people";
    a.detected_at = now();
    const auto alert = [&](const std::string& uid, const std::string& event, int64_t claim_id,
                           int64_t prior_article, int value, const std::string& quote) {
      a.uid = uid;
      a.event = event;
      a.claim_id = claim_id;
      a.body = R"({"prior": [{"value": )" + std::to_string(value) + R"(, "quote": ")" + quote +
               R"(", "article": {"id": )" + std::to_string(prior_article) + "}}]}";
      s->insert_alert(a, {"jsonl"});
    };
    alert("msg_1", "contradiction", c1, ids[0], 100, "one");
    alert("msg_2", "confirmed", c2, ids[1], 300, "three");
    alert("msg_3", "contradiction", c3, ids[0], 100, "one");
    EXPECT_EQ(s->open_alert_claims({"Belarus", "killed", "people"}).size(), 1u);
    (void)c0;
  }
  // Back to version 9: the column (and its partial index) and claims_open_bounds gone.
  m_db->query("ALTER TABLE alerts DROP COLUMN closed");
  m_db->query("DROP INDEX claims_open_bounds");
  m_db->query("UPDATE newswatch_schema SET version = 9 RETURNING version");
  const auto s = open_store(spec());
  const auto open = s->open_alert_claims({"Belarus", "killed", "people"});
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0].article_id, ids[2]);
  EXPECT_EQ(open[0].claim.value, 900);
}

// Two daemons store one story at the same moment: each looked and found no
// original. The second insert waits for the first to commit, and is stored as
// its duplicate.
TEST_F(PostgresStoreTest, TwoWritersStoringOneStoryAgreeOnItsOriginal) {
  const auto a = open_store(spec());
  const auto b = open_store(spec());
  const auto fa = a->ensure_feed("a", "https://a.example/feed");
  const auto fb = b->ensure_feed("b", "https://b.example/feed");
  for (const bool same_url : {true, false}) {
    const std::string n = same_url ? "1" : "2";
    // Same canonical URL with another text, or the same text at another URL.
    const auto first = article("a" + n, "https://x.example/" + n, "h" + n + "a");
    const auto second = same_url ? article("b" + n, "https://x.example/" + n, "h" + n + "b")
                                 : article("b" + n, "https://y.example/" + n, "h" + n + "a");
    std::promise<void> inserted;
    std::future<StoredArticle> loser;
    StoredArticle winner;
    a->transaction([&] {
      EXPECT_FALSE(a->find_original_by_url(first.canonical_url));
      winner = a->insert_article(fa, first, std::nullopt);
      loser = std::async(std::launch::async, [&] {
        StoredArticle out;
        b->transaction([&] {
          EXPECT_FALSE(b->find_original_by_url(second.canonical_url));  // not committed yet
          out = b->insert_article(fb, second, std::nullopt);
        });
        return out;
      });
      // The loser is waiting on the winner's row.
      EXPECT_EQ(loser.wait_for(300ms), std::future_status::timeout);
    });
    const auto lost = loser.get();
    EXPECT_FALSE(winner.duplicate_of);
    EXPECT_EQ(lost.duplicate_of, winner.id) << (same_url ? "same URL" : "same text");
    EXPECT_NE(lost.id, winner.id);
  }
  EXPECT_EQ(a->counts().duplicates, 2);
}

// The same in a batch (Store::insert_articles): the batch's original waits for
// the other writer's, is then stored as its duplicate, and so is the batch's
// copy of it; the rows around it are stored at once, in order.
TEST_F(PostgresStoreTest, ABatchRowAnotherWriterStoredFirstBecomesItsDuplicateWithItsCopies) {
  const auto a = open_store(spec());
  const auto b = open_store(spec());
  const auto fa = a->ensure_feed("a", "https://a.example/feed");
  const auto fb = b->ensure_feed("b", "https://b.example/feed");
  const auto story = article("a1", "https://x.example/1", "h1");
  const auto before = article("b0", "https://y.example/0", "h0");
  const auto same = article("b1", "https://x.example/1", "h1b");
  const auto copy = article("b2", "https://y.example/2", "h1b");
  const auto after = article("b3", "https://y.example/3", "h3");
  std::future<std::vector<StoredArticle>> loser;
  StoredArticle winner;
  a->transaction([&] {
    winner = a->insert_article(fa, story, std::nullopt);
    loser = std::async(std::launch::async, [&] {
      std::vector<StoredArticle> out;
      b->transaction([&] {
        out = b->insert_articles(fb, {{&before, std::nullopt, std::nullopt},
                                      {&same, std::nullopt, std::nullopt},
                                      {&copy, std::nullopt, 1},
                                      {&after, std::nullopt, std::nullopt}});
      });
      return out;
    });
    EXPECT_EQ(loser.wait_for(300ms), std::future_status::timeout);
  });
  const auto rows = loser.get();
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_FALSE(rows[0].duplicate_of);
  EXPECT_EQ(rows[1].duplicate_of, winner.id);
  EXPECT_EQ(rows[2].duplicate_of, winner.id);
  EXPECT_FALSE(rows[3].duplicate_of);
  EXPECT_LT(rows[0].id, rows[3].id);
  EXPECT_EQ(a->counts().articles, 5);
  EXPECT_EQ(a->counts().duplicates, 2);
}

// A writer that locks a group makes the next one wait until it commits, so
// the second reads the first's figures as priors.
TEST_F(PostgresStoreTest, GroupLocksMakeTheSecondWriterWait) {
  const auto a = open_store(spec());
  const auto b = open_store(spec());
  const GroupKey group{"Belarus", "killed", "people"};
  std::atomic<bool> committed{false};
  std::future<bool> waited;
  a->transaction([&] {
    a->lock_groups({group, {"Cuba", "killed", ""}});
    waited = std::async(std::launch::async, [&] {
      bool saw_commit = false;
      b->transaction([&] {
        b->lock_groups({{"Cuba", "serving", ""}, group});
        saw_commit = committed.load();
      });
      return saw_commit;
    });
    std::this_thread::sleep_for(300ms);
    committed = true;
  });
  EXPECT_TRUE(waited.get());
  // Writers storing other groups take turns too: every ingest takes one lock
  // before its group locks (a batch takes those job by job, and two batches
  // taking them in different orders deadlocked).
  committed = false;
  a->transaction([&] {
    a->lock_groups({group});
    waited = std::async(std::launch::async, [&] {
      bool saw_commit = false;
      b->transaction([&] {
        b->lock_groups({{"Cuba", "x", ""}});
        saw_commit = committed.load();
      });
      return saw_commit;
    });
    std::this_thread::sleep_for(300ms);
    committed = true;
  });
  EXPECT_TRUE(waited.get());
}

// Two daemons deliver from one outbox: a delivery is leased by one at a time,
// again by another only when the lease lapses, and then the first one's
// record is refused (its token no longer holds).
TEST_F(PostgresStoreTest, ADeliveryIsLeasedByOneWriterUntilItsLeaseLapses) {
  const auto a = open_store(spec());
  const auto b = open_store(spec());
  test::add_pending_alert(*a, "msg_1");

  // While one writer's lease is being taken (its transaction open), the other
  // skips the row rather than waiting for it.
  std::vector<Delivery> mine;
  a->transaction([&] {
    mine = a->lease_deliveries(now(), 10, 1s);
    auto theirs =
        std::async(std::launch::async, [&] { return b->lease_deliveries(now(), 10, 1s).size(); });
    EXPECT_EQ(theirs.wait_for(5s), std::future_status::ready);
    EXPECT_EQ(theirs.get(), 0u);
  });
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_TRUE(b->lease_deliveries(now(), 10, 1s).empty());  // leased, not lapsed
  std::this_thread::sleep_for(2100ms);
  auto taken = b->lease_deliveries(now(), 10, 60s);  // the first writer "died"
  ASSERT_EQ(taken.size(), 1u);
  EXPECT_GT(taken[0].lease_token, mine[0].lease_token);
  EXPECT_EQ(taken[0].uid, "msg_1");  // the same webhook-id

  mine[0].status = DeliveryStatus::failed;
  EXPECT_FALSE(a->record_delivery(mine[0]));
  taken[0].status = DeliveryStatus::delivered;
  taken[0].attempts = 1;
  EXPECT_TRUE(b->record_delivery(taken[0]));
  EXPECT_EQ(a->alerts().at(0).status, DeliveryStatus::delivered);
  EXPECT_TRUE(a->lease_deliveries(now(), 10, 1s).empty());
}

TEST_F(PostgresStoreTest, AnUnreachableServerIsTypedAndThePasswordStaysOut) {
  test::TempDir empty;  // no server listens here
  StoreSpec nowhere{
      {}, "postgresql://newswatch@/nw?host=" + empty.path().string() + "&port=5432", "s3cret pass"};
  try {
    open_store(nowhere);
    FAIL();
  } catch (const StoreError& e) {
    EXPECT_EQ(e.failure(), StoreFailure::unreachable) << e.what();
    EXPECT_NE(std::string(e.what()).find("postgresql://newswatch@/nw"), std::string::npos);
    EXPECT_EQ(std::string(e.what()).find("s3cret"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace nw::storage
