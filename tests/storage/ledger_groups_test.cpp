// The ledger's group rows (SQLite migration 11, PostgreSQL 7): filled from the
// claims and alerts of a database made before, then kept by triggers, on both
// backends alike; and ledger_group_since, what joined a group after marks.
#include <gtest/gtest.h>

#include "storage/schema.hpp"
#include "storage/store.hpp"
#include "support/backends.hpp"
#include "support/sqlite_file.hpp"
#include "support/test_paths.hpp"

namespace nw::storage {
namespace {

NewArticle article(const std::string& guid) {
  NewArticle a;
  a.guid = guid;
  a.url = "https://example.org/" + guid;
  a.title = "Title " + guid;
  a.fetched_at = now();
  a.text = "text of " + guid;
  a.content_hash = "hash-" + guid;
  return a;
}

claims::Claim claim(const std::string& subject, double value, std::optional<std::string> unit) {
  claims::Claim c;
  c.subject = subject;
  c.metric = "killed";
  c.unit = std::move(unit);
  c.value = value;
  c.qualifier = "exact";
  c.quote = std::to_string(value);
  return c;
}

NewAlert alert(const std::string& uid, int64_t claim_id) {
  NewAlert a;
  a.uid = uid;
  a.claim_id = claim_id;
  a.subject = "Belarus";
  a.metric = "killed";
  a.detected_at = now();
  a.body = "{}";
  return a;
}

class LedgerGroupsTest : public test::BackendTest {};
INSTANTIATE_TEST_SUITE_P(Backends, LedgerGroupsTest, test::k_backends, test::backend_name);

TEST_P(LedgerGroupsTest, RowsFollowClaimsAlertsDeliveriesCopiesAndRevisions) {
  const auto s = open();
  const auto feed = s->ensure_feed("wire", "https://wire.example/feed");
  int64_t a1 = 0, c1 = 0, c2 = 0, c3 = 0, alert1 = 0;
  s->transaction([&] {
    a1 = s->insert_article(feed, article("a1"), std::nullopt).id;
    c1 = s->insert_claim(a1, claim("Belarus", 742, "people"));
    c2 = s->insert_claim(a1, claim("Belarus", 800, std::nullopt));  // no unit: a group of its own
    const auto a2 = s->insert_article(feed, article("a2"), std::nullopt).id;
    c3 = s->insert_claim(a2, claim("Belarus", 1500, "people"));
    alert1 = s->insert_alert(alert("msg_1", c3), {"jsonl"});
  });
  const auto reader = open_store_readonly(spec());
  auto groups = reader->ledger_groups();
  ASSERT_EQ(groups.size(), 2u);
  EXPECT_FALSE(groups[0].unit.has_value());  // no unit sorts first
  EXPECT_EQ(groups[0].claims, 1);
  EXPECT_EQ(groups[0].last_claim, c2);
  EXPECT_EQ(groups[0].last_alert, 0);
  EXPECT_EQ(groups[1].unit, "people");
  EXPECT_EQ(groups[1].claims, 2);
  EXPECT_EQ(groups[1].last_claim, c3);
  EXPECT_EQ(groups[1].last_alert, alert1);

  // Each change moves the groups it touched, and the token.
  const auto moved = [&](const std::vector<bool>& touched, const std::function<void()>& change) {
    const auto before = reader->ledger_groups();
    const auto token = reader->change_token();
    s->transaction(change);
    const auto after = reader->ledger_groups();
    EXPECT_NE(reader->change_token(), token);
    for (std::size_t i = 0; i < after.size(); ++i)
      EXPECT_EQ(after[i].signature != before[i].signature, touched[i]) << i;
    return after;
  };
  Delivery delivered;
  delivered.alert_id = alert1;
  delivered.target = "jsonl";
  delivered.status = DeliveryStatus::delivered;
  delivered.attempts = 1;
  EXPECT_GT(moved({false, true}, [&] { s->record_delivery(delivered); })[1].deliveries, 0);
  const auto a2 = reader->claim(c3)->article_id;
  moved({false, true}, [&] { s->insert_article(feed, article("copy of a2"), a2); });
  auto revised = article("a1");
  revised.content_hash = "revised";
  const auto after = moved({true, true}, [&] { s->update_article(a1, revised); });
  EXPECT_GT(after[0].revisions, 0);
  EXPECT_GT(after[1].revisions, 0);
  int64_t c4 = 0;
  EXPECT_EQ(moved({true, false},
                  [&] { c4 = s->insert_claim(a1, claim("Belarus", 810, std::nullopt)); })[0]
                .last_claim,
            c4);
  // An article without claims moves nothing.
  const auto token = reader->change_token();
  s->transaction([&] { s->insert_article(feed, article("plain"), std::nullopt); });
  EXPECT_EQ(reader->change_token(), token);

  // What joined the group with a unit after c1 and no alert, and the status of alert1.
  const auto delta = reader->ledger_group_since("Belarus", "killed", "people", c1, 0, {alert1});
  ASSERT_EQ(delta.claims.size(), 1u);
  EXPECT_EQ(delta.claims[0].id, c3);
  ASSERT_EQ(delta.alerts.size(), 1u);
  EXPECT_EQ(delta.alerts[0].id, alert1);
  ASSERT_EQ(delta.statuses.size(), 1u);
  EXPECT_EQ(delta.statuses[0].second, DeliveryStatus::delivered);
  EXPECT_TRUE(
      reader->ledger_group_since("Belarus", "killed", "people", c3, alert1, {}).claims.empty());
}

// A SQLite file made before migration 11 gets a row for each group of its
// claims, with its alerts counted.
TEST(LedgerGroups, AnOlderDatabaseGetsItsGroupRows) {
  test::TempDir dir;
  const auto path = dir / "nw.db";
  {
    test::SqliteFile db(path, test::SqliteFile::Mode::create);
    for (int v = 0; v < 10; ++v) db.exec(std::string(migrations()[v]));
    db.exec("PRAGMA user_version = 10");
    db.exec(R"sql(
INSERT INTO feeds (id, name, url) VALUES (1, 'wire', 'https://wire.example/feed');
INSERT INTO articles (id, feed_id, guid, fetched_at, content_hash)
  VALUES (1, 1, 'a', '2026-03-01T00:00:00Z', 'h1'), (2, 1, 'b', '2026-03-02T00:00:00Z', 'h2');
INSERT INTO claims (id, article_id, subject, metric, value, qualifier, unit, quote, start_offset,
                    end_offset)
  VALUES (1, 1, 'Belarus', 'killed', 742, 'exact', 'people', 'q', 0, 1),
         (2, 2, 'Belarus', 'killed', 1500, 'exact', 'people', 'q', 0, 1),
         (3, 2, 'Belarus', 'killed', 9, 'exact', NULL, 'q', 0, 1);
INSERT INTO alerts (id, uid, event, claim_id, subject, metric, unit, difference, detected_at, body)
  VALUES (1, 'msg_1', 'divergence', 2, 'Belarus', 'killed', 'people', 0.5,
          '2026-03-02T00:00:00Z', '{}');
)sql");
  }
  const auto store = open_store({path});
  const auto groups = store->ledger_groups();
  ASSERT_EQ(groups.size(), 2u);
  EXPECT_EQ(groups[0].claims, 1);
  EXPECT_EQ(groups[0].last_claim, 3);
  EXPECT_EQ(groups[0].last_alert, 0);
  EXPECT_EQ(groups[1].claims, 2);
  EXPECT_EQ(groups[1].last_claim, 2);
  EXPECT_EQ(groups[1].last_alert, 1);
  EXPECT_EQ(store->claims({"belarus", "", 0}).size(), 3u);  // the subject, in any case
}

}  // namespace
}  // namespace nw::storage
