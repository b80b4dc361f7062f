// The pipeline in-process, against a temporary SQLite file: entries prepared
// and ingested as a poll would, without the daemon's loop.
#include "pipeline/ingest.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "claims/extractor.hpp"
#include "parsers/identity.hpp"
#include "storage/store.hpp"
#include "support/backends.hpp"
#include "support/claims.hpp"
#include "support/test_paths.hpp"

namespace nw::pipeline {
namespace {

claims::Claim figure(double value, const std::string& source) {
  return test::killed("Belarus", value,
                      std::to_string(static_cast<int>(value)) + " Belarusians have been killed.",
                      source);
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

class IngestTest : public test::BackendTest {
 protected:
  // Ingests `articles` as feed `feed`'s, each published on the feed's own site.
  IngestStats run(std::vector<PreparedArticle> articles, const std::string& feed = "a") {
    for (auto& a : articles) {
      a.article.url = "https://" + feed + ".example/" + a.article.guid;
      a.article.canonical_url = a.article.url;
    }
    IngestStats stats;
    const int64_t id = m_store->ensure_feed(feed, "https://" + feed + ".example/feed");
    m_store->transaction([&] { stats = ingest(*m_store, id, feed, articles, m_policy); });
    return stats;
  }

  void SetUp() override {
    test::BackendTest::SetUp();
    m_store = open();
  }

  std::unique_ptr<storage::Store> m_store;
  IngestPolicy m_policy = [] {
    IngestPolicy p;
    p.alert_targets = {"jsonl"};
    return p;
  }();
};

TEST_P(IngestTest, NewArticlesAndTheirClaimsAreStoredOnce) {
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

TEST_P(IngestTest, ACopyFromAnotherFeedIsADuplicateWithoutClaims) {
  run({article("1", "The same syndicated story.", {figure(96, "Hajun")})});
  auto copy = article("1", "The same syndicated story.", {figure(96, "Hajun")});
  const auto s = run({copy}, "b");
  EXPECT_EQ(s.duplicates, 1);
  EXPECT_EQ(s.claims, 0);
  const auto rows = m_store->articles();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1].duplicate_of, rows[0].id);
}

TEST_P(IngestTest, AChangedArticleIsANewVersionAndItsNewFigureIsAClaim) {
  run({article("1", "First version.", {figure(96, "Hajun")})});
  const auto s = run({article("1", "Second version.", {figure(96, "Hajun"), figure(97, "Hajun")})});
  EXPECT_EQ(s.updated, 1);
  EXPECT_EQ(s.claims, 1);  // only the figure it did not state before
  EXPECT_EQ(m_store->articles().at(0).version, 2);
}

TEST_P(IngestTest, AFigureThatAgreesWithNoEarlierReportRaisesOneAlert) {
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

// The alerts stored so far, their bodies parsed, oldest first.
std::vector<nlohmann::json> bodies(storage::Store& store) {
  std::vector<nlohmann::json> out;
  for (const auto& a : store.alerts()) out.push_back(nlohmann::json::parse(a.body));
  return out;
}

TEST_P(IngestTest, FiveOutletsQuotingOneMinistryAreOneOrigin) {
  for (const char* outlet : {"a", "b", "c", "d", "e"}) {
    run({article(std::string("m-") + outlet, std::string("Ministry figure via ") + outlet,
                 {figure(600, "Ministry of Defence")})},
        outlet);
  }
  EXPECT_TRUE(bodies(*m_store).empty());
  run({article("monitor", "A monitor counts far more.", {figure(1200, "")})}, "f");
  const auto b = bodies(*m_store);
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(b[0]["event"], "contradiction");
  EXPECT_EQ(b[0]["claim"]["origin"], "f.example");  // unattributed: the site
  EXPECT_EQ(b[0]["prior"][0]["origin"], "Ministry of Defence");
  EXPECT_EQ(b[0]["origins"], 1);
  EXPECT_EQ(b[0]["reconciled"]["origins"], 2);  // the ministry and outlet f, not six
  EXPECT_EQ(b[0]["reconciled"]["low"], 600);
  EXPECT_EQ(b[0]["reconciled"]["best"], 900);
  EXPECT_EQ(b[0]["reconciled"]["high"], 1200);
  EXPECT_EQ(b[0]["reconciled"]["disputed"], true);
}

TEST_P(IngestTest, AnOpenBoundAgreesOnlyWithinTheFactor) {
  auto more = figure(550, "Monitor");
  more.qualifier = "more_than";
  more.high.reset();
  run({article("1", "More than 550 foreigners killed.", {more})});
  const auto inside = run({article("2", "A thousand killed.", {figure(1000, "Other")})}, "b");
  EXPECT_EQ(inside.alerts, 0);  // 1,000 is within twice 550
  auto nearly = figure(3400, "Third");
  nearly.qualifier = "nearly";
  const auto outside = run({article("3", "Almost 3,400 killed.", {nearly})}, "c");
  ASSERT_EQ(outside.alerts, 1);
  const auto b = bodies(*m_store);
  EXPECT_EQ(b[0]["event"], "divergence");
  EXPECT_EQ(b[0]["prior"][0]["value"], 1000);  // the nearest earlier figure
}

TEST_P(IngestTest, AnInPlaceEditOfAFigureIsARevisionAndBothAreKept) {
  run({article("1", "First version: 96 killed.", {figure(96, "Hajun")})});
  const auto s = run({article("1", "Second version: 105 killed.", {figure(105, "Hajun")})});
  EXPECT_EQ(s.updated, 1);
  ASSERT_EQ(s.alerts, 1);
  const auto b = bodies(*m_store);
  EXPECT_EQ(b[0]["event"], "revision");
  EXPECT_EQ(b[0]["claim"]["value"], 105);
  EXPECT_EQ(b[0]["claim"]["version"], 2);
  EXPECT_EQ(b[0]["prior"][0]["value"], 96);
  EXPECT_EQ(b[0]["prior"][0]["version"], 1);
  EXPECT_EQ(m_store->counts().claims, 2);  // both figures stay
  // A new version that adds a figure but keeps the old one revises nothing.
  const auto more = run({article("1", "Third version.", {figure(105, "Hajun"), figure(7, "X")})});
  EXPECT_EQ(more.alerts, 0);
}

TEST_P(IngestTest, ALaterReportFromAnotherOriginConfirmsAnOpenAlertOnce) {
  run({article("1", "An early count.", {figure(100, "First monitor")})});
  run({article("2", "A much higher count.", {figure(200, "Second monitor")})}, "b");
  ASSERT_EQ(bodies(*m_store).size(), 1u);
  // The same origin repeating its figure confirms nothing.
  run({article("3", "The second monitor again.", {figure(200, "Second monitor")})}, "c");
  ASSERT_EQ(bodies(*m_store).size(), 1u);
  const auto s =
      run({article("4", "A third monitor agrees.", {figure(205, "Third monitor")})}, "d");
  ASSERT_EQ(s.alerts, 1);
  const auto b = bodies(*m_store);
  EXPECT_EQ(b[1]["event"], "confirmed");
  EXPECT_EQ(b[1]["prior"][0]["value"], 200);
  EXPECT_EQ(b[1]["origins"], 2);
  // Closed: a fourth report agreeing raises nothing more.
  const auto again = run({article("5", "A fourth agrees.", {figure(198, "Fourth")})}, "e");
  EXPECT_EQ(again.alerts, 0);
}

TEST_P(IngestTest, RoutesGetOnlyTheAlertsTheyAskFor) {
  alerts::Route belarus;
  belarus.target = "belarus-desk";
  belarus.subjects = {"belarus"};
  belarus.events = {"contradiction", "confirmed"};
  alerts::Route payments;
  payments.target = "payments-desk";
  payments.metrics = {"payment"};
  alerts::Route quiet;
  quiet.target = "quiet-desk";
  quiet.cooldown = std::chrono::hours(6);
  quiet.min_difference = 0.3;
  m_policy.routes = {belarus, payments, quiet};
  run({article("1", "An early count.", {figure(100, "First")})});
  run({article("2", "A higher count.", {figure(200, "Second")})}, "b");    // contradiction
  run({article("3", "Agreeing.", {figure(205, "Third")})}, "c");           // confirmed
  run({article("4", "Far higher still.", {figure(900, "Fourth")})}, "d");  // contradiction
  std::multiset<std::string> targets;
  for (const auto& d : m_store->due_deliveries(now())) targets.insert(d.target);
  EXPECT_EQ(targets.count("belarus-desk"), 3u);
  EXPECT_EQ(targets.count("payments-desk"), 0u);
  EXPECT_EQ(targets.count("quiet-desk"), 1u);  // the second contradiction is in its cooldown
  EXPECT_EQ(targets.count("jsonl"), 0u);
}

// A story long enough for near-duplicate fingerprints, and a syndicated copy of it.
const std::string k_story =
    "Relatives of men recruited abroad gathered outside the ministry on Tuesday to ask what "
    "had become of their sons, brothers and husbands, most of whom signed contracts after "
    "being promised construction work and regular wages far from the front line.";

// One poll whose entries copy each other: by canonical URL, by text, by a
// near-duplicate text, and one listed twice. Each is found among the entries
// before it, as if each had been stored before the next was looked up.
TEST_P(IngestTest, ABatchFindsTheCopiesAmongItsOwnEntries) {
  auto first = article("1", k_story, {figure(96, "Hajun")});
  auto same_url = article("2", "Another text entirely, at the same address.");
  auto same_text = article("3", k_story, {figure(96, "Hajun")});
  auto near = article("4", "By Agency Staff\n\n" + k_story, {figure(96, "Hajun")});
  auto other = article("5", "An unrelated story about the weather in the mountains.");
  auto listed_twice = article("5", "An unrelated story about the weather in the mountains.");
  std::vector<PreparedArticle> batch{first, same_url, same_text, near, other, listed_twice};
  for (auto& a : batch)
    a.article.canonical_url = a.article.url = "https://a.example/" + a.article.guid;
  batch[1].article.canonical_url = batch[0].article.canonical_url;
  IngestStats s;
  const int64_t feed = m_store->ensure_feed("a", "https://a.example/feed");
  m_store->transaction([&] { s = ingest(*m_store, feed, "a", batch, m_policy); });
  EXPECT_EQ(s.new_articles, 2);
  EXPECT_EQ(s.duplicates, 3);
  EXPECT_EQ(s.unchanged, 1);
  EXPECT_EQ(s.claims, 1);
  const auto rows = m_store->articles();
  ASSERT_EQ(rows.size(), 5u);
  for (std::size_t i = 1; i < rows.size(); ++i) EXPECT_LT(rows[i - 1].id, rows[i].id);
  EXPECT_FALSE(rows[0].duplicate_of);
  for (int i : {1, 2, 3}) EXPECT_EQ(rows[i].duplicate_of, rows[0].id) << rows[i].guid;
  EXPECT_FALSE(rows[4].duplicate_of);
  // A copy with a figure the original does not state is news, batch or not.
  auto news = article("6", "By Agency Staff\n\n" + k_story, {figure(96, "Hajun"), figure(3, "X")});
  auto news_copy =
      article("7", "Staff report\n\n" + k_story, {figure(96, "Hajun"), figure(3, "X")});
  const auto more = run({news, news_copy});
  EXPECT_EQ(more.new_articles, 1);
  EXPECT_EQ(more.duplicates, 1);
  EXPECT_EQ(m_store->articles().back().duplicate_of, m_store->articles().at(5).id);
  // Another feed's copy in a later poll finds the stored original.
  EXPECT_EQ(run({article("8", k_story)}, "b").duplicates, 1);
}

// Figures of one poll are judged in turn: the second against the first, each
// reconciled with the figures stored before it only.
TEST_P(IngestTest, ASecondEntryThatDivergesFromTheFirstOfItsBatchRaisesAnAlert) {
  const auto s = run({article("1", "An early count.", {figure(96, "Hajun")}),
                      article("2", "A far higher count.", {figure(182, "Monitor")}),
                      article("3", "Higher still.", {figure(400, "Third")})});
  EXPECT_EQ(s.claims, 3);
  ASSERT_EQ(s.alerts, 2);
  const auto b = bodies(*m_store);
  ASSERT_EQ(b.size(), 2u);
  EXPECT_EQ(b[0]["claim"]["value"], 182);
  EXPECT_EQ(b[0]["prior"][0]["value"], 96);
  EXPECT_EQ(b[0]["reconciled"]["high"], 182);  // 400 came after it
  EXPECT_EQ(b[1]["claim"]["value"], 400);
  EXPECT_EQ(b[1]["reconciled"]["high"], 400);
}

// An alert raised by an entry is open for the entries after it in the same poll.
TEST_P(IngestTest, AReportLaterInThePollConfirmsAnAlertRaisedEarlierInIt) {
  const auto s = run({article("1", "An early count.", {figure(100, "First monitor")}),
                      article("2", "A much higher count.", {figure(200, "Second monitor")}),
                      article("3", "A third monitor agrees.", {figure(205, "Third monitor")}),
                      article("4", "A fourth agrees.", {figure(198, "Fourth")})});
  ASSERT_EQ(s.alerts, 2);
  const auto b = bodies(*m_store);
  EXPECT_EQ(b[1]["event"], "confirmed");
  EXPECT_EQ(b[1]["prior"][0]["value"], 200);
}

// The store is asked per poll, not per entry: a poll of eight new entries
// costs the round trips one of two costs (PostgreSQL; SQLite has none).
TEST_P(IngestTest, APollCostsTheSameRoundTripsWhateverItsEntries) {
  const auto poll = [&](const std::string& feed, int entries) {
    std::vector<PreparedArticle> batch;
    for (int i = 0; i < entries; ++i) {
      const std::string guid = feed + std::to_string(i);
      batch.push_back(i == 0 ? article(guid, "Figures from " + feed, {figure(96, feed)})
                             : article(guid, "Story " + guid + " without figures."));
    }
    const int64_t before = m_store->round_trips();
    const auto s = run(batch, feed);
    EXPECT_EQ(s.new_articles, entries);
    return m_store->round_trips() - before;
  };
  poll("warm", 3);  // prepares the statements
  const int64_t two = poll("b", 2);
  EXPECT_EQ(poll("c", 8), two);
  EXPECT_EQ(two == 0, sqlite());
}

INSTANTIATE_TEST_SUITE_P(Backends, IngestTest, test::k_backends, test::backend_name);

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
