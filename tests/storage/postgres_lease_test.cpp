// Feed leases (Store::lease_feeds, release_feed) on a real PostgreSQL server:
// several stores stand for several daemons, each with its own session.
#include <gtest/gtest.h>

#include <future>
#include <map>
#include <set>
#include <thread>

#include "storage/store.hpp"
#include "support/alerts.hpp"
#include "support/daemon_process.hpp"
#include "support/pg_server.hpp"
#include "support/test_paths.hpp"

namespace nw::storage {
namespace {

using namespace std::chrono_literals;

constexpr std::chrono::seconds k_duration{300};
constexpr int k_unbounded = 1000;  // per_host where the test is not about it

class PostgresLeaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    NW_REQUIRE_POSTGRES();
    m_db.emplace();
  }
  StoreSpec spec() const { return {{}, m_db->url(), ""}; }
  // `n` feeds on `host` (http://HOST/i), registered through `store`.
  static std::vector<int64_t> add_feeds(Store& store, const std::string& host, int n) {
    std::vector<int64_t> ids;
    for (int i = 0; i < n; ++i) {
      ids.push_back(store.ensure_feed(host + "-" + std::to_string(i),
                                      "http://" + host + "/" + std::to_string(i)));
    }
    return ids;
  }
  // Leases `ids` through `store` until it holds all of them (within 10 s);
  // each must be a takeover of another owner's lease.
  static void takes_all_over(Store& store, const std::vector<int64_t>& ids) {
    std::vector<FeedLease> taken;
    ASSERT_TRUE(test::eventually(
        [&] {
          auto got = store.lease_feeds(ids, now(), ids.size(), k_duration, k_unbounded);
          taken.insert(taken.end(), got.begin(), got.end());
          return taken.size() == ids.size();
        },
        10s));
    for (const auto& l : taken) EXPECT_TRUE(l.takeover) << l.feed.name;
  }
  static std::set<int64_t> ids_of(const std::vector<FeedLease>& leases) {
    std::set<int64_t> out;
    for (const auto& l : leases) out.insert(l.feed.id);
    return out;
  }
  std::optional<test::PgDatabase> m_db;
};

TEST_F(PostgresLeaseTest, TwoOwnersNeverHoldOneFeed) {
  const auto a = open_store(spec());
  const auto b = open_store(spec());
  const auto ids = add_feeds(*a, "one.example", 20);
  const auto first = a->lease_feeds(ids, now(), 8, k_duration, k_unbounded);
  ASSERT_EQ(first.size(), 8u);
  const auto second = b->lease_feeds(ids, now(), 100, k_duration, k_unbounded);
  EXPECT_EQ(second.size(), 12u);
  for (const auto id : ids_of(second)) EXPECT_EQ(ids_of(first).count(id), 0u) << id;
  EXPECT_TRUE(a->lease_feeds(ids, now(), 100, k_duration, k_unbounded).empty());
  // Only the given feeds: one not in the list is never leased.
  const auto other = a->ensure_feed("other", "http://one.example/other");
  EXPECT_TRUE(b->lease_feeds(ids, now(), 100, k_duration, k_unbounded).empty());
  EXPECT_EQ(ids_of(b->lease_feeds({other}, now(), 100, k_duration, k_unbounded)),
            std::set<int64_t>{other});
}

// Four owners leasing in a loop at once, each releasing what it got: no feed
// is ever held by two of them.
TEST_F(PostgresLeaseTest, OwnersLeasingAtOnceNeverShareAFeed) {
  std::vector<int64_t> ids;
  {
    const auto setup = open_store(spec());
    ids = add_feeds(*setup, "many.example", 200);
  }
  std::atomic<bool> overlap{false};
  std::mutex mutex;
  std::set<int64_t> held;
  std::vector<std::future<int>> owners;
  for (int o = 0; o < 4; ++o) {
    owners.push_back(std::async(std::launch::async, [&] {
      const auto store = open_store(spec());
      int leased = 0;
      for (int round = 0; round < 30; ++round) {
        const auto leases = store->lease_feeds(ids, now(), 7, k_duration, k_unbounded);
        {
          std::lock_guard lock(mutex);
          for (const auto& l : leases) overlap = overlap || !held.insert(l.feed.id).second;
        }
        for (const auto& l : leases) {
          {
            std::lock_guard lock(mutex);
            held.erase(l.feed.id);  // before the release commits: no false overlap
          }
          store->transaction([&] { EXPECT_TRUE(store->release_feed(l.feed.id, l.token)); });
        }
        leased += static_cast<int>(leases.size());
      }
      return leased;
    }));
  }
  int total = 0;
  for (auto& o : owners) total += o.get();
  EXPECT_FALSE(overlap);
  EXPECT_GT(total, 0);
}

TEST_F(PostgresLeaseTest, EveryLeaseHasAHigherTokenAndItsResultIsStoredOnce) {
  const auto a = open_store(spec());
  const auto ids = add_feeds(*a, "one.example", 1);
  const auto first = a->lease_feeds(ids, now(), 1, k_duration, k_unbounded);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_FALSE(first[0].takeover);
  EXPECT_TRUE(a->release_feed(ids[0], first[0].token));
  EXPECT_FALSE(a->release_feed(ids[0], first[0].token));  // released already
  const auto again = a->lease_feeds(ids, now(), 1, k_duration, k_unbounded);
  ASSERT_EQ(again.size(), 1u);
  EXPECT_GT(again[0].token, first[0].token);
  EXPECT_FALSE(again[0].takeover);  // the one before was released
}

// A lease that lapsed is taken over; the first owner's late result is refused
// (its token no longer holds) and the new owner's is stored.
TEST_F(PostgresLeaseTest, AStaleTokensWriteIsRefused) {
  const auto a = open_store(spec());
  const auto b = open_store(spec());
  const auto ids = add_feeds(*a, "one.example", 1);
  const auto old = a->lease_feeds(ids, now(), 1, k_duration, k_unbounded);
  ASSERT_EQ(old.size(), 1u);
  m_db->query("UPDATE feeds SET lease_until = now() - interval '1 second' RETURNING id");
  const auto taken = b->lease_feeds(ids, now(), 1, k_duration, k_unbounded);
  ASSERT_EQ(taken.size(), 1u);
  EXPECT_TRUE(taken[0].takeover);
  EXPECT_GT(taken[0].token, old[0].token);
  // The old owner's poll: checked first in its transaction, nothing stored.
  FetchRecord late;
  late.success = true;
  late.etag = "\"late\"";
  late.fetched_at = now();
  a->transaction([&] {
    if (a->release_feed(ids[0], old[0].token)) a->record_fetch(ids[0], late);
  });
  EXPECT_EQ(a->feed(ids[0])->etag, "");
  FetchRecord fresh = late;
  fresh.etag = "\"fresh\"";
  b->transaction([&] {
    if (b->release_feed(ids[0], taken[0].token)) b->record_fetch(ids[0], fresh);
  });
  EXPECT_EQ(a->feed(ids[0])->etag, "\"fresh\"");
}

// A lease whose owner's session is gone (the daemon died) is free at once,
// long before it would lapse.
TEST_F(PostgresLeaseTest, ADeadOwnersLeasesAreTakenOver) {
  auto a = open_store(spec());
  const auto b = open_store(spec());
  const auto ids = add_feeds(*a, "one.example", 5);
  ASSERT_EQ(a->lease_feeds(ids, now(), 5, std::chrono::hours(1), k_unbounded).size(), 5u);
  EXPECT_TRUE(b->lease_feeds(ids, now(), 5, k_duration, k_unbounded).empty());
  a.reset();  // its session ends, as a killed daemon's does
  // The server ends the session once it sees the socket close; that takes a moment.
  takes_all_over(*b, ids);
}

// A lease its owner renews holds past its first term; one it stops renewing
// (a daemon that hangs with its session open) lapses for another to take, and
// is not revived by a renewal after that.
TEST_F(PostgresLeaseTest, RenewedLeasesHoldAndUnrenewedOnesLapse) {
  const auto a = open_store(spec());
  const auto b = open_store(spec());
  const auto ids = add_feeds(*a, "one.example", 3);
  constexpr std::chrono::seconds term{4};
  ASSERT_EQ(a->lease_feeds(ids, now(), 3, term, k_unbounded).size(), 3u);
  std::this_thread::sleep_for(2s);
  EXPECT_EQ(a->renew_leases(term), 3u);
  std::this_thread::sleep_for(2500ms);  // past the first term, inside the renewed one
  EXPECT_TRUE(b->lease_feeds(ids, now(), 3, term, k_unbounded).empty());
  takes_all_over(*b, ids);
  EXPECT_EQ(a->renew_leases(term), 0u);
  EXPECT_EQ(b->renew_leases(term), 3u);
}

// The same for an alert's delivery: a dead writer's delivery lease is free
// at once, and the alert goes out under its one webhook-id.
TEST_F(PostgresLeaseTest, ADeadWritersDeliveryLeasesAreFreeAtOnce) {
  auto a = open_store(spec());
  const auto b = open_store(spec());
  test::add_pending_alert(*a, "msg_1");
  const auto mine = a->lease_deliveries(now(), 10, std::chrono::hours(1));
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_TRUE(b->lease_deliveries(now(), 10, k_duration).empty());
  a.reset();
  std::vector<Delivery> taken;
  ASSERT_TRUE(test::eventually(
      [&] {
        taken = b->lease_deliveries(now(), 10, k_duration);
        return !taken.empty();
      },
      10s));
  EXPECT_GT(taken[0].lease_token, mine[0].lease_token);
  EXPECT_EQ(taken[0].uid, "msg_1");
}

// A delivery lease renewed holds past its first term; one not renewed lapses
// for another writer, and its first owner can no longer renew it.
TEST_F(PostgresLeaseTest, RenewedDeliveryLeasesHoldAndUnrenewedOnesLapse) {
  const auto a = open_store(spec());
  const auto b = open_store(spec());
  test::add_pending_alert(*a, "msg_1");
  test::add_pending_alert(*a, "msg_2");
  constexpr std::chrono::seconds term{4};
  ASSERT_EQ(a->lease_deliveries(now(), 10, term).size(), 2u);
  std::this_thread::sleep_for(2s);
  EXPECT_EQ(a->renew_delivery_leases(term), 2u);
  std::this_thread::sleep_for(2500ms);  // past the first term, inside the renewed one
  EXPECT_TRUE(b->lease_deliveries(now(), 10, term).empty());
  std::vector<Delivery> taken;
  ASSERT_TRUE(test::eventually(
      [&] {
        auto got = b->lease_deliveries(now(), 10, term);
        taken.insert(taken.end(), got.begin(), got.end());
        return taken.size() == 2;
      },
      10s));
  EXPECT_EQ(a->renew_delivery_leases(term), 0u);
  EXPECT_EQ(b->renew_delivery_leases(term), 2u);
  // a delivery recorded has no lease left to renew
  taken[0].attempts = 1;
  taken[0].status = DeliveryStatus::delivered;
  ASSERT_TRUE(b->record_delivery(taken[0]));
  EXPECT_EQ(b->renew_delivery_leases(term), 1u);
  // and SQLite, with one writer, has none at all
  const test::TempDir dir;
  const auto lite = open_store(StoreSpec(dir / "nw.db"));
  EXPECT_EQ(lite->renew_delivery_leases(term), 0u);
}

// per_host bounds the live leases of one host across all owners together.
TEST_F(PostgresLeaseTest, PerHostHoldsAcrossOwners) {
  const auto a = open_store(spec());
  const auto b = open_store(spec());
  const auto c = open_store(spec());
  auto ids = add_feeds(*a, "x.example", 10);
  const auto y = add_feeds(*a, "y.example:8080", 10);
  ids.insert(ids.end(), y.begin(), y.end());
  EXPECT_EQ(m_db->query("SELECT host FROM feeds WHERE name = 'y.example:8080-0'"),
            "http://y.example:8080");
  EXPECT_EQ(a->lease_feeds(ids, now(), 2, k_duration, 3).size(), 2u);
  EXPECT_EQ(b->lease_feeds(ids, now(), 100, k_duration, 3).size(), 4u);
  EXPECT_TRUE(c->lease_feeds(ids, now(), 100, k_duration, 3).empty());
  EXPECT_EQ(m_db->query("SELECT count(*) FROM feeds WHERE lease_owner IS NOT NULL "
                        "AND host = 'http://x.example:80'"),
            "3");
  // A lease released frees its host's place for any owner.
  const auto held = m_db->query(
      "SELECT id || ' ' || lease_token FROM feeds WHERE lease_owner = "
      "(SELECT min(lease_owner) FROM feeds) AND host = 'http://x.example:80' LIMIT 1");
  const auto space = held.find(' ');
  const int64_t id = std::stoll(held.substr(0, space));
  const int64_t token = std::stoll(held.substr(space + 1));
  // Whichever store owns it: a release is by token, and only that store's
  // session could have been given this one.
  EXPECT_TRUE(a->release_feed(id, token));
  const auto more = c->lease_feeds(ids, now(), 100, k_duration, 3);
  ASSERT_EQ(more.size(), 1u);
  EXPECT_EQ(more[0].feed.url.rfind("http://x.example/", 0), 0u) << more[0].feed.url;
}

// Many owners leasing at once never put more than per_host on a host.
TEST_F(PostgresLeaseTest, PerHostHoldsWhenOwnersLeaseAtOnce) {
  std::vector<int64_t> ids;
  {
    const auto setup = open_store(spec());
    for (const auto* host : {"a.example", "b.example", "c.example"}) {
      const auto some = add_feeds(*setup, host, 30);
      ids.insert(ids.end(), some.begin(), some.end());
    }
  }
  std::vector<std::future<void>> owners;
  for (int o = 0; o < 4; ++o) {
    owners.push_back(std::async(std::launch::async, [&] {
      const auto store = open_store(spec());
      for (int round = 0; round < 5; ++round) store->lease_feeds(ids, now(), 3, k_duration, 2);
    }));
  }
  for (auto& o : owners) o.get();
  EXPECT_EQ(m_db->query("SELECT max(n) FROM (SELECT count(*) AS n FROM feeds "
                        "WHERE lease_owner IS NOT NULL GROUP BY host) h"),
            "2");
}

// A feed is due when its next poll and any Retry-After have passed.
TEST_F(PostgresLeaseTest, OnlyDueFeedsAreLeased) {
  const auto a = open_store(spec());
  const auto ids = add_feeds(*a, "one.example", 3);
  FetchRecord later;
  later.success = true;
  later.fetched_at = now();
  later.next_poll = now() + std::chrono::hours(1);
  a->record_fetch(ids[0], later);
  FetchRecord throttled = later;
  throttled.next_poll = now() - std::chrono::seconds(1);
  throttled.retry_until = now() + std::chrono::hours(1);
  a->record_fetch(ids[1], throttled);
  EXPECT_EQ(ids_of(a->lease_feeds(ids, now(), 10, k_duration, k_unbounded)),
            std::set<int64_t>{ids[2]});
}

// SQLite has one writer: a lease is a due feed under token 0, always released.
TEST(SqliteLeaseTest, LeasesAreTheDueFeeds) {
  test::TempDir dir;
  const auto store = open_store(dir / "nw.db");
  EXPECT_FALSE(store->shared());
  const auto a = store->ensure_feed("a", "http://one.example/a");
  const auto b = store->ensure_feed("b", "http://one.example/b");
  FetchRecord later;
  later.success = true;
  later.fetched_at = now();
  later.next_poll = now() + std::chrono::hours(1);
  store->record_fetch(b, later);
  const auto leases = store->lease_feeds({a, b}, now(), 10, k_duration, 1);
  ASSERT_EQ(leases.size(), 1u);
  EXPECT_EQ(leases[0].feed.id, a);
  EXPECT_EQ(leases[0].token, 0);
  EXPECT_TRUE(store->release_feed(a, 0));
}

}  // namespace
}  // namespace nw::storage
