// Judging against a bounded part of a group (pipeline/priors.hpp): on a group
// far larger than what a judgement reads, the indexed search gives what
// alerts::find_divergence gives over every earlier claim, on both backends;
// and a confirmation closes the alert it confirms (Store::open_alert_claims).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "alerts/divergence.hpp"
#include "pipeline/priors.hpp"
#include "storage/schema.hpp"
#include "storage/store.hpp"
#include "support/backends.hpp"
#include "support/claims.hpp"
#include "support/sqlite_file.hpp"

namespace nw::pipeline {
namespace {

using storage::LedgerClaim;

storage::NewArticle article(int n) {
  storage::NewArticle a;
  a.guid = "g" + std::to_string(n);
  a.url = "https://site" + std::to_string(n % 7) + ".example/" + a.guid;
  a.canonical_url = a.url;
  a.title = "Story " + a.guid;
  a.fetched_at = now();
  a.text = "text of " + a.guid;
  a.content_hash = "h" + a.guid;
  return a;
}

// A figure of every kind the divergence rules tell apart: qualifiers with and
// without bounds, forces, as_of years and periods that do and do not compare.
claims::Claim random_claim(std::mt19937& rng) {
  static const char* const qualifiers[] = {"exact",    "approx",  "nearly", "more_than",
                                           "at_least", "at_most", "range",  "vague",
                                           "exact",    "exact",   "approx", "exact"};
  static const std::optional<std::string> forces[] = {std::nullopt, "Russia", "Ukraine",
                                                      std::nullopt};
  static const std::optional<std::string> as_ofs[] = {std::nullopt, "2023", "2024-05", std::nullopt,
                                                      std::nullopt};
  static const std::optional<std::string> periods[] = {
      std::nullopt, "in 2023", "in 2024", "between 2023 and 2025", std::nullopt, std::nullopt};
  auto c = test::killed("Belarus", 0, "q" + std::to_string(rng() % 5));
  // Log-uniform from 10 to about 20,000, rounded: many values repeat.
  c.value = std::round(10 * std::pow(2000.0, std::uniform_real_distribution<>(0, 1)(rng)));
  c.qualifier = qualifiers[rng() % std::size(qualifiers)];
  c.low = c.high = std::nullopt;
  if (c.qualifier == "exact" || c.qualifier == "approx" || c.qualifier == "nearly") {
    c.low = c.high = c.value;
  } else if (c.qualifier == "more_than" || c.qualifier == "at_least") {
    c.low = c.value;
  } else if (c.qualifier == "at_most") {
    c.high = c.value;
  } else if (c.qualifier == "range") {
    c.low = c.value;
    c.high = c.value * 1.5;
  } else {
    c.low = c.value;
    c.high = c.value * 5;
  }
  c.force = forces[rng() % std::size(forces)];
  c.as_of = as_ofs[rng() % std::size(as_ofs)];
  c.period = periods[rng() % std::size(periods)];
  return c;
}

class PriorsTest : public test::BackendTest {
 protected:
  void SetUp() override {
    test::BackendTest::SetUp();
    m_store = open();
    m_feed = m_store->ensure_feed("a", "https://a.example/feed");
  }
  // Stores `articles` articles of one to three random figures each; returns the group.
  std::vector<LedgerClaim> fill(int articles, unsigned seed) {
    std::mt19937 rng(seed);
    m_store->transaction([&] {
      for (int n = 0; n < articles; ++n) {
        const auto id = m_store->insert_article(m_feed, article(n), std::nullopt).id;
        std::vector<storage::ClaimInsert> rows;
        for (unsigned k = 0; k <= rng() % 3; ++k) rows.push_back({id, random_claim(rng)});
        m_store->insert_claims(rows);
      }
    });
    return m_store->ledger_group("Belarus", "killed", std::string("people")).claims;
  }
  std::unique_ptr<storage::Store> m_store;
  int64_t m_feed = 0;
};

// Each claim judged as if it had just joined the group: the earlier claims of
// other articles, read whole, against the indexed search.
TEST_P(PriorsTest, TheIndexedSearchFindsWhatTheWholeGroupGives) {
  const auto group = fill(sqlite() ? 900 : 300, 21);
  ASSERT_GT(group.size(), 500u);
  for (const alerts::Agreement agreement : {alerts::Agreement{0.10, 2.0}, {0.05, 1.5}}) {
    int alerts = 0;
    for (std::size_t i = 0; i < group.size(); i += 3) {
      const auto& self = group[i];
      std::vector<const claims::Claim*> priors;
      std::vector<int64_t> ids;
      for (const auto& c : group) {
        if (c.article_id == self.article_id || c.id >= self.id) continue;
        priors.push_back(&c.claim);
        ids.push_back(c.id);
      }
      const auto whole = alerts::find_divergence(self.claim, priors, agreement.tolerance,
                                                 agreement.open_bound_factor);
      const auto indexed =
          find_divergence_indexed(*m_store, self.claim, self.id, self.article_id, agreement);
      ASSERT_EQ(whole.has_value(), indexed.found.has_value()) << "claim " << self.id;
      if (!whole) continue;
      ++alerts;
      EXPECT_EQ(ids[whole->nearest], indexed.found->prior_id) << "claim " << self.id;
      EXPECT_EQ(whole->difference, indexed.found->difference) << "claim " << self.id;
      EXPECT_EQ(whole->event, indexed.found->event) << "claim " << self.id;
    }
    EXPECT_GT(alerts, 5);  // the comparison saw alerts, not only agreement
  }
}

// A figure in a group of 3,000 exact ones reads a few pages, not the group.
TEST_P(PriorsTest, AJudgementReadsAFewRowsOfALargeGroup) {
  const int n = sqlite() ? 3000 : 600;
  m_store->transaction([&] {
    for (int i = 0; i < n; ++i) {
      const auto id = m_store->insert_article(m_feed, article(i), std::nullopt).id;
      m_store->insert_claim(id, test::killed("Belarus", 100 + (i * 7919) % 5000, "q"));
    }
  });
  const auto last = m_store->ledger_group("Belarus", "killed", std::string("people")).claims;
  ASSERT_EQ(last.size(), static_cast<std::size_t>(n));
  std::size_t most = 0;
  for (const double value : {50.0, 1234.0, 4000.0, 99999.0}) {
    const auto c = test::killed("Belarus", value, "q");
    const auto r = find_divergence_indexed(*m_store, c, last.back().id + 1, 0, {0.10, 2.0});
    most = std::max(most, r.rows_read);
  }
  EXPECT_LE(most, 64u);
}

// A contradiction stays open until a `confirmed` alert names its claim as prior.
TEST_P(PriorsTest, AConfirmationClosesTheAlertItNames) {
  storage::Store& s = *m_store;
  const auto a = s.insert_article(m_feed, article(1), std::nullopt).id;
  const auto b = s.insert_article(m_feed, article(2), std::nullopt).id;
  const auto first = s.insert_claim(a, test::killed("Belarus", 100, "one hundred"));
  const auto second = s.insert_claim(b, test::killed("Belarus", 300, "three hundred"));
  const storage::ClaimGroup group{"Belarus", "killed", "people"};
  storage::NewAlert alert;
  alert.uid = "msg_1";
  alert.event = "contradiction";
  alert.claim_id = second;
  alert.subject = "Belarus";
  alert.metric = "killed";
  alert.unit = "people";
  alert.detected_at = now();
  alert.body = R"({"prior": [{"value": 100, "quote": "one hundred", "article": {"id": )" +
               std::to_string(a) + "}}]}";
  s.insert_alert(alert, {"jsonl"});
  const auto open = s.open_alert_claims(group);
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0].id, second);
  EXPECT_EQ(open[0].article_id, b);
  EXPECT_TRUE(s.open_alert_claims({"Belarus", "killed", std::nullopt}).empty());

  const auto c = s.insert_article(m_feed, article(3), std::nullopt).id;
  const auto third = s.insert_claim(c, test::killed("Belarus", 290, "two hundred ninety"));
  alert.uid = "msg_2";
  alert.event = "confirmed";
  alert.claim_id = third;
  alert.body = R"({"prior": [{"value": 300, "quote": "three hundred", "article": {"id": )" +
               std::to_string(b) + "}}]}";
  s.insert_alert(alert, {"jsonl"});
  EXPECT_TRUE(s.open_alert_claims(group).empty());
  const auto own = s.article_group_claims(a, group);
  ASSERT_EQ(own.size(), 1u);
  EXPECT_EQ(own[0].id, first);
}

INSTANTIATE_TEST_SUITE_P(Backends, PriorsTest, test::k_backends, test::backend_name);

// A SQLite file made before migration 14 has its confirmed contradictions
// closed, matched as the ledger matches a body's prior (article, value, quote).
TEST(PriorsMigration, AnOlderDatabaseHasItsConfirmedAlertsClosed) {
  test::TempDir dir;
  const auto path = dir / "nw.db";
  {
    test::SqliteFile db(path, test::SqliteFile::Mode::create);
    for (int v = 0; v < 13; ++v) db.exec(std::string(storage::migrations()[v]));
    db.exec("PRAGMA user_version = 13");
    db.exec(R"sql(
INSERT INTO feeds (id, name, url) VALUES (1, 'wire', 'https://wire.example/feed');
INSERT INTO articles (id, feed_id, guid, fetched_at, content_hash)
  VALUES (1, 1, 'a', '2026-03-01T00:00:00Z', 'h1'), (2, 1, 'b', '2026-03-02T00:00:00Z', 'h2'),
         (3, 1, 'c', '2026-03-03T00:00:00Z', 'h3');
INSERT INTO claims (id, article_id, subject, metric, value, qualifier, unit, quote, start_offset,
                    end_offset)
  VALUES (1, 1, 'Belarus', 'killed', 100, 'exact', 'people', 'one', 0, 1),
         (2, 2, 'Belarus', 'killed', 300, 'exact', 'people', 'three', 0, 1),
         (3, 3, 'Belarus', 'killed', 290, 'exact', 'people', 'two', 0, 1),
         (4, 3, 'Belarus', 'killed', 900, 'exact', 'people', 'nine', 0, 1);
INSERT INTO alerts (id, uid, event, claim_id, subject, metric, unit, difference, detected_at, body)
  VALUES (1, 'msg_1', 'contradiction', 2, 'Belarus', 'killed', 'people', 0.6,
          '2026-03-02T00:00:00Z', '{"prior": [{"value": 100, "quote": "one", "article": {"id": 1}}]}'),
         (2, 'msg_2', 'confirmed', 3, 'Belarus', 'killed', 'people', 0.03,
          '2026-03-03T00:00:00Z', '{"prior": [{"value": 300, "quote": "three", "article": {"id": 2}}]}'),
         (3, 'msg_3', 'contradiction', 4, 'Belarus', 'killed', 'people', 0.6,
          '2026-03-03T00:00:00Z', 'not json');
)sql");
  }
  const auto store = storage::open_store({path});
  const auto open = store->open_alert_claims({"Belarus", "killed", "people"});
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0].id, 4);
}

// The SQLite writer keeps each group's open alerts between claims: what it
// keeps is read again after an alert is stored, a rollback, or another
// connection's commit.
TEST(OpenAlerts, TheWritersKeptOpenAlertsFollowEveryChange) {
  test::TempDir dir;
  const auto path = dir / "nw.db";
  const auto store = storage::open_store({path});
  const storage::ClaimGroup group{"Belarus", "killed", "people"};
  int64_t feed = 0, first = 0, second = 0;
  store->transaction([&] {
    feed = store->ensure_feed("wire", "https://wire.example/feed");
    const auto a = store->insert_article(feed, article(1), std::nullopt).id;
    first = store->insert_claim(a, test::killed("Belarus", 100, "one hundred"));
    const auto b = store->insert_article(feed, article(2), std::nullopt).id;
    second = store->insert_claim(b, test::killed("Belarus", 300, "three hundred"));
  });
  EXPECT_TRUE(store->open_alert_claims(group).empty());  // kept: none
  storage::NewAlert alert;
  alert.uid = "msg_1";
  alert.event = "contradiction";
  alert.claim_id = second;
  alert.subject = "Belarus";
  alert.metric = "killed";
  alert.unit = "people";
  alert.detected_at = now();
  alert.body = "{}";
  try {
    store->transaction([&] {
      store->insert_alert(alert, {"jsonl"});
      EXPECT_EQ(store->open_alert_claims(group).size(), 1u);
      throw std::runtime_error("rolled back");
    });
  } catch (const storage::StoreError&) {
  }
  EXPECT_TRUE(store->open_alert_claims(group).empty());
  {
    // Another connection stores an alert: seen at once.
    test::SqliteFile db(path, test::SqliteFile::Mode::read_write);
    db.exec(
        "INSERT INTO alerts (uid, event, claim_id, subject, metric, unit, difference, "
        "detected_at, body) VALUES ('msg_2', 'contradiction', " +
        std::to_string(first) +
        ", 'Belarus', 'killed', 'people', 0.5, '2026-03-01T00:00:00Z', '{}')");
  }
  const auto open = store->open_alert_claims(group);
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0].id, first);
  store->transaction([&] { store->insert_alert(alert, {"jsonl"}); });
  EXPECT_EQ(store->open_alert_claims(group).size(), 2u);
}

}  // namespace
}  // namespace nw::pipeline
