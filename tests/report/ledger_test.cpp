// The ledger model: grouping, folding repeated figures, dates, slugs, open
// alerts; and the read-only reader over a real SQLite file.
#include "report/ledger.hpp"

#include <gtest/gtest.h>

#include <set>

#include "alerts/alert.hpp"
#include "report/pages.hpp"
#include "storage/ledger.hpp"
#include "storage/store.hpp"
#include "support/test_paths.hpp"

namespace nw::report {
namespace {

using namespace std::chrono;

Time day(int y, unsigned m, unsigned d) {
  return Time(sys_days(year(y) / month(m) / d));
}

storage::LedgerClaim report(int64_t id, int64_t article, double value,
                            std::optional<std::string> source, std::optional<Time> published,
                            std::string metric = "serving") {
  storage::LedgerClaim r;
  r.id = id;
  r.article_id = article;
  r.url = "https://example.org/" + std::to_string(article);
  r.title = "Article " + std::to_string(article);
  r.feed = "feed" + std::to_string(article % 2);
  r.published = published;
  r.fetched_at = day(2026, 1, 1);
  r.claim.subject = "Belarus";
  r.claim.metric = std::move(metric);
  r.claim.unit = "people";
  r.claim.value = value;
  r.claim.source = std::move(source);
  r.claim.quote = "Quote " + std::to_string(id);
  return r;
}

storage::LedgerAlert alert(int64_t id, int64_t claim, std::vector<int64_t> priors) {
  storage::LedgerAlert a;
  a.id = id;
  a.event = "divergence";
  a.claim_id = claim;
  a.subject = "Belarus";
  a.metric = "serving";
  a.unit = "people";
  a.difference = 0.5;
  a.status = storage::DeliveryStatus::delivered;
  a.prior_claims = std::move(priors);
  return a;
}

TEST(LedgerTest, GroupsBySubjectMetricAndUnit) {
  storage::LedgerData data;
  data.claims = {report(1, 1, 480, "I Want to Live", day(2024, 11, 12)),
                 report(2, 2, 96, "I Want to Live", day(2025, 6, 20), "killed"),
                 report(3, 3, 742, "I Want to Live", day(2025, 6, 20))};
  data.claims.push_back(report(4, 4, 5000000, "Ministry", day(2025, 1, 1), "payment"));
  data.claims.back().claim.unit = "RUB";
  const Ledger l = build_ledger(data, {}, day(2026, 1, 1));
  ASSERT_EQ(l.groups.size(), 3u);
  EXPECT_EQ(l.groups[0].slug, "belarus-killed-people");
  EXPECT_EQ(l.groups[1].slug, "belarus-payment-rub");
  EXPECT_EQ(l.groups[2].slug, "belarus-serving-people");
  EXPECT_EQ(l.groups[2].entries.size(), 2u);
  EXPECT_EQ(l.groups[2].latest()->claim.value, 742);
  EXPECT_EQ(l.find("belarus-serving-people"), &l.groups[2]);
  EXPECT_EQ(l.find("nope"), nullptr);
}

TEST(LedgerTest, EachForceAndPeriodHasItsReconciledFigure) {
  // A group is subject, metric, unit, force and period: Belarusians serving
  // Russia and serving Ukraine are reconciled apart, and the page shows both.
  storage::LedgerData data;
  data.claims = {report(1, 1, 480, "I Want to Live", day(2025, 1, 10)),
                 report(2, 2, 500, "Mediazona", day(2025, 2, 10)),
                 report(3, 3, 1200, "Kalinouski Regiment", day(2025, 3, 10))};
  data.claims[0].claim.force = data.claims[1].claim.force = "Russia";
  data.claims[2].claim.force = "Ukraine";
  const Ledger l = build_ledger(data, {}, day(2026, 1, 1));
  ASSERT_EQ(l.groups.size(), 1u);
  const Group& g = l.groups[0];
  EXPECT_EQ(g.scope, "Ukraine|");  // the latest report's
  ASSERT_EQ(g.scopes.size(), 2u);
  EXPECT_DOUBLE_EQ(g.scopes.at("Russia|").best, 490);
  EXPECT_EQ(g.scopes.at("Russia|").origins, 2);
  EXPECT_DOUBLE_EQ(g.scopes.at("Ukraine|").best, 1200);
  const std::string html = *render_page(l, "group/" + g.slug + ".html");
  EXPECT_NE(html.find("Reconciled (force Ukraine)"), std::string::npos);
  EXPECT_NE(html.find("<td>force Russia</td>"), std::string::npos) << html;
}

TEST(LedgerTest, FoldsTheSameFigureFromTheSameSource) {
  storage::LedgerData data;
  // Syndicated copies: same figure and source, three articles, two days apart.
  data.claims = {report(1, 1, 742, "I Want to Live", day(2025, 6, 21)),
                 report(2, 2, 742, "i want to live ", day(2025, 6, 20)),
                 report(3, 3, 742, "I Want to Live", day(2025, 6, 22)),
                 // Same figure, another source: kept apart.
                 report(4, 4, 742, "Hajun", day(2025, 6, 22)),
                 // Same source, another figure: kept apart.
                 report(5, 5, 750, "I Want to Live", day(2025, 7, 1))};
  const Ledger l = build_ledger(data, {}, day(2026, 1, 1));
  ASSERT_EQ(l.groups.size(), 1u);
  const auto& g = l.groups[0];
  ASSERT_EQ(g.entries.size(), 3u);
  EXPECT_EQ(g.entries[0].reports.size(), 3u);
  EXPECT_EQ(g.entries[0].date, day(2025, 6, 20));  // the earliest report
  EXPECT_EQ(g.entries[0].date_kind, DateKind::Published);
  EXPECT_EQ(g.sources, (std::vector<std::string>{"I Want to Live", "Hajun"}));
}

TEST(LedgerTest, DatesFromAsOfElseTheArticleAndUndatedLast) {
  storage::LedgerData data;
  data.claims = {report(1, 1, 100, "A", std::nullopt), report(2, 2, 200, "B", day(2025, 3, 4)),
                 report(3, 3, 300, "C", day(2025, 9, 1)), report(4, 4, 400, "D", std::nullopt)};
  data.claims[0].fetched_at = Time{};  // no date at all
  data.claims[2].claim.as_of = "2024";
  data.claims[3].claim.as_of = "2025-02";
  const Ledger l = build_ledger(data, {}, day(2026, 1, 1));
  const auto& e = l.groups.at(0).entries;
  ASSERT_EQ(e.size(), 4u);
  EXPECT_EQ(e[0].claim.value, 300);
  EXPECT_EQ(e[0].date_kind, DateKind::AsOf);
  EXPECT_EQ(e[0].date, day(2024, 1, 1));
  EXPECT_EQ(e[0].date_end, day(2025, 1, 1));
  EXPECT_EQ(e[1].claim.value, 400);
  EXPECT_EQ(e[1].date_end, day(2025, 3, 1));
  EXPECT_EQ(e[2].claim.value, 200);
  EXPECT_EQ(e[3].claim.value, 100);
  EXPECT_FALSE(e[3].date.has_value());
  EXPECT_EQ(e[3].date_kind, DateKind::None);
}

TEST(LedgerTest, AlertIsOpenUntilALaterReportConfirmsItsFigure) {
  storage::LedgerData data;
  data.claims = {report(1, 1, 742, "I Want to Live", day(2025, 6, 20)),
                 report(2, 2, 1500, "Intelligence", day(2025, 9, 2))};
  data.alerts = {alert(7, 2, {1})};
  Ledger l = build_ledger(data, {}, day(2026, 1, 1));
  ASSERT_EQ(l.alerts.size(), 1u);
  EXPECT_TRUE(l.alerts[0].open);
  EXPECT_EQ(l.alerts[0].group_slug, "belarus-serving-people");
  EXPECT_EQ(l.groups[0].open_alerts, 1);
  EXPECT_EQ(l.groups[0].entries[1].alerts, std::vector<int64_t>{7});
  EXPECT_EQ(l.groups[0].entries[0].prior_of, std::vector<int64_t>{7});
  ASSERT_EQ(l.alerts[0].priors.size(), 1u);

  // A later article agreeing within the tolerance settles it.
  data.claims.push_back(report(3, 3, 1450, "Slidstvo.Info", day(2025, 10, 5)));
  l = build_ledger(data, {}, day(2026, 1, 1));
  EXPECT_FALSE(l.alerts[0].open);
  EXPECT_EQ(l.groups[0].open_alerts, 0);
  // Not within a tighter tolerance for this metric.
  l = build_ledger(data, {0.10, {{"serving", 0.01}}}, day(2026, 1, 1));
  EXPECT_TRUE(l.alerts[0].open);
}

TEST(LedgerTest, SlugsAreSafeStableAndUnique) {
  EXPECT_EQ(group_slug({"North Korea", "labor_recruited", "people"}),
            "north-korea-labor-recruited-people");
  EXPECT_EQ(group_slug({"foreign", "killed", std::nullopt}), "foreign-killed");
  const std::string odd = group_slug({"<script>\"x\"/../", "killed", "people"});
  EXPECT_EQ(odd, group_slug({"<script>\"x\"/../", "killed", "people"}));
  EXPECT_EQ(odd.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-"), std::string::npos)
      << odd;
  EXPECT_NE(odd, group_slug({"<script>\"y\"/../", "killed", "people"}));
  EXPECT_EQ(group_slug({"Беларусь", "killed", "people"}).rfind("killed-people-", 0), 0u);
  EXPECT_LE(group_slug({std::string(500, 'a'), "killed", "people"}).size(), 90u);

  // Case alone differs: both get pages, under different names.
  storage::LedgerData data;
  data.claims = {report(1, 1, 10, "A", day(2025, 1, 1)), report(2, 2, 20, "B", day(2025, 1, 1))};
  data.claims[1].claim.subject = "BELARUS";
  const Ledger l = build_ledger(data, {}, day(2026, 1, 1));
  ASSERT_EQ(l.groups.size(), 2u);
  EXPECT_NE(l.groups[0].slug, l.groups[1].slug);
}

storage::NewArticle article(const std::string& guid, Time published) {
  storage::NewArticle a;
  a.guid = guid;
  a.url = "https://example.org/" + guid;
  a.title = "Title " + guid;
  a.published = published;
  a.fetched_at = published;
  a.text = "text " + guid;
  a.content_hash = guid;
  return a;
}

TEST(LedgerReaderTest, ReadsClaimsAndAlertsWithTheirPriorsReadOnly) {
  test::TempDir dir;
  const auto path = dir / "nw.db";
  {
    const auto owned = storage::open_store({path});
    storage::Store& store = *owned;
    store.transaction([&] {
      const auto feed = store.ensure_feed("desk", "https://example.org/feed");
      const auto a1 = store.insert_article(feed, article("a1", day(2025, 6, 20)), std::nullopt).id;
      const auto a2 = store.insert_article(feed, article("a2", day(2025, 9, 2)), std::nullopt).id;
      claims::Claim c;
      c.subject = "Belarus";
      c.metric = "serving";
      c.unit = "people";
      c.value = 742;
      c.source = "I Want to Live";
      c.quote = "742 have fought.";
      const auto first = store.insert_claim(a1, c);
      c.value = 1500;
      c.source = "Intelligence";
      c.quote = "1,500 have fought.";
      const auto second = store.insert_claim(a2, c);
      storage::NewAlert al;
      al.uid = "msg_1";
      al.claim_id = second;
      al.subject = "Belarus";
      al.metric = "serving";
      al.unit = "people";
      al.difference = 0.5;
      al.detected_at = day(2025, 9, 2);
      al.body = alerts::alert_body("msg_1", al.detected_at, 0.5, *store.claim(second),
                                   {*store.claim(first)})
                    .dump();
      store.insert_alert(al, {"jsonl"});
    });
  }
  const auto reader = storage::open_store_readonly({path});
  const auto data = reader->ledger();
  ASSERT_EQ(data.claims.size(), 2u);
  EXPECT_FALSE(data.truncated);
  EXPECT_EQ(data.claims[0].claim.value, 742);
  EXPECT_EQ(data.claims[0].feed, "desk");
  EXPECT_EQ(data.claims[0].url, "https://example.org/a1");
  EXPECT_EQ(data.claims[1].published, day(2025, 9, 2));
  ASSERT_EQ(data.alerts.size(), 1u);
  EXPECT_EQ(data.alerts[0].claim_id, data.claims[1].id);
  EXPECT_EQ(data.alerts[0].prior_claims, std::vector<int64_t>{data.claims[0].id});
  EXPECT_EQ(data.alerts[0].status, storage::DeliveryStatus::pending);

  const auto latest = reader->ledger(1);
  ASSERT_EQ(latest.claims.size(), 1u);
  EXPECT_TRUE(latest.truncated);
  EXPECT_EQ(latest.claims[0].claim.value, 1500);
  ASSERT_EQ(latest.alerts.size(), 1u);
  EXPECT_TRUE(latest.alerts[0].prior_claims.empty());  // its prior was left out
}

TEST(LedgerReaderTest, AMissingDatabaseIsAStoreError) {
  test::TempDir dir;
  EXPECT_THROW(storage::open_store_readonly({dir / "missing.db"}), storage::StoreError);
  EXPECT_FALSE(std::filesystem::exists(dir / "missing.db"));
}

}  // namespace
}  // namespace nw::report
