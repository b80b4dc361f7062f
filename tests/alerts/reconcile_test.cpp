#include "alerts/reconcile.hpp"

#include <gtest/gtest.h>

#include "alerts/divergence.hpp"

namespace nw::alerts {
namespace {

// A figure reported `day` days into 2025 by `outlet`, attributed to `source` ("" none).
Figure fig(int64_t id, double value, std::string outlet, std::string source = "", int day = 0,
           std::string qualifier = "exact", std::string metric = "killed") {
  Figure f;
  f.id = id;
  f.article_id = id;
  f.reported =
      Time(std::chrono::sys_days(std::chrono::year{2025} / 1 / 1)) + std::chrono::days(day);
  f.claim.subject = "foreign";
  f.claim.metric = std::move(metric);
  f.claim.unit = "people";
  f.claim.value = value;
  f.claim.qualifier = std::move(qualifier);
  if (f.claim.qualifier == "more_than" || f.claim.qualifier == "at_least") f.claim.low = value;
  if (f.claim.qualifier == "at_most") f.claim.high = value;
  if (!source.empty()) f.claim.source = source;
  f.origin = origin_of(f.claim, "", outlet);
  return f;
}

TEST(OriginTest, TheSourceWhenAttributedElseTheSiteElseTheFeed) {
  claims::Claim c;
  // Whichever feed delivered it, an article is its site's: an aggregator's
  // feed carries many outlets, and a syndicated copy keeps its first site.
  EXPECT_EQ(origin_of(c, "https://www.Meduza.io/news/1?utm_source=x", "aggregator"), "meduza.io");
  EXPECT_EQ(origin_of(c, "http://b.example:8080/2", "aggregator"), "b.example");
  EXPECT_EQ(origin_of(c, "file:///srv/feeds/a.xml", "Meduza"), "Meduza");
  EXPECT_EQ(origin_of(c, "", "Meduza"), "Meduza");
  c.source = "I Want to Live";
  EXPECT_EQ(origin_of(c, "https://meduza.io/1", "Meduza"), "I Want to Live");
  EXPECT_EQ(origin_key("The  Ministry of Defence"), origin_key("ministry of defence"));
}

TEST(OriginTest, GroupKeyIsForceAndPeriodYears) {
  claims::Claim c;
  EXPECT_EQ(group_key(c), "|");
  c.force = "Russia";
  c.period = "between 2024 and early 2025";
  EXPECT_EQ(group_key(c), "Russia|2024,2025");
}

struct Case {
  const char* name;
  std::vector<Figure> figures;
  double low, best, high;
  int origins;
  bool disputed;
};

class ReconcileTest : public testing::TestWithParam<Case> {};

TEST_P(ReconcileTest, Rule) {
  const Case& c = GetParam();
  const auto r = reconcile(c.figures, Agreement{0.10, 2.0});
  ASSERT_TRUE(r);
  EXPECT_DOUBLE_EQ(r->low, c.low);
  EXPECT_DOUBLE_EQ(r->best, c.best);
  EXPECT_DOUBLE_EQ(r->high, c.high);
  EXPECT_EQ(r->origins, c.origins);
  EXPECT_EQ(r->disputed, c.disputed);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ReconcileTest,
    testing::Values(
        // The same ministry figure through five outlets: one origin, five reports.
        Case{
            "FiveOutletsOneMinistry",
            {fig(1, 600, "a", "Ministry of Defence", 0), fig(2, 600, "b", "Ministry of Defence", 1),
             fig(3, 600, "c", "the ministry of defence", 1),
             fig(4, 600, "d", "Ministry of Defence", 2),
             fig(5, 600, "e", "Ministry of Defence", 3)},
            600,
            600,
            600,
            1,
            false},
        // Two origins 40% apart at the same time: disputed.
        Case{"TwoOriginsFortyPercentApart",
             {fig(1, 1000, "a", "", 10), fig(2, 600, "b", "", 12)},
             600,
             800,
             1000,
             2,
             true},
        // Within the tolerance: not disputed.
        Case{"TwoOriginsWithinTolerance",
             {fig(1, 1000, "a", "", 10), fig(2, 950, "b", "", 12)},
             950,
             975,
             1000,
             2,
             false},
        // A stock growing over a year: each origin's latest counts, growth is no dispute.
        Case{"StockGrowingOverAYear",
             {fig(1, 1000, "a", "", 0), fig(2, 1800, "a", "", 200), fig(3, 1200, "b", "", 30),
              fig(4, 3000, "a", "", 360)},
             1200,
             2100,
             3000,
             2,
             false},
        // ... but a later lower count than an earlier one is a dispute.
        Case{"StockShrinkingIsDisputed",
             {fig(1, 3000, "a", "", 0), fig(2, 1000, "b", "", 200)},
             1000,
             2000,
             3000,
             2,
             true},
        // An open bound agrees within the factor: "more than 550" and 1,000.
        Case{"OpenBoundInsideTheFactor",
             {fig(1, 550, "a", "", 0, "more_than"), fig(2, 1000, "b", "", 1)},
             550,
             775,
             1000,
             2,
             false},
        // ... and not beyond it: "more than 550" and "almost 3,400".
        Case{"OpenBoundOutsideTheFactor",
             {fig(1, 550, "a", "", 0, "more_than"), fig(2, 3400, "b", "", 1, "nearly")},
             550,
             1975,
             3400,
             2,
             true},
        // The median of three origins; a revision (same article, later claim) replaces
        // its origin's figure; vague amounts are left out.
        Case{"MedianOfLatestPerOrigin",
             {fig(1, 96, "a", "", 0), fig(2, 100, "b", "", 0), fig(3, 104, "c", "", 0),
              fig(4, 105, "a", "", 0), fig(5, 200, "d", "", 0, "vague")},
             100,
             104,
             105,
             3,
             false}),
    [](const testing::TestParamInfo<Case>& p) { return std::string(p.param.name); });

TEST(ReconcileTest, AsOfADateSeesOnlyWhatWasReportedByThen) {
  const std::vector<Figure> g{fig(1, 1000, "a", "", 0), fig(2, 600, "b", "", 5)};
  const auto early = reconcile(g, {}, g[0].reported);
  ASSERT_TRUE(early);
  EXPECT_EQ(early->origins, 1);
  EXPECT_FALSE(early->disputed);
  EXPECT_FALSE(reconcile(g, {}, g[0].reported - std::chrono::days(1)));
}

TEST(ReconcileTest, SupportingOriginsAndChain) {
  const std::vector<Figure> g{fig(1, 600, "a", "Ministry", 0), fig(2, 600, "b", "Ministry", 1),
                              fig(3, 610, "c", "", 2), fig(4, 900, "d", "", 3)};
  EXPECT_EQ(supporting_origins(g[0], g, {}), 2);  // the ministry and outlet c
  EXPECT_EQ(supporting_origins(g[3], g, {}), 1);
  const auto chain = origin_chain(g[1], g, {});
  EXPECT_EQ(chain.origin, "Ministry");
  ASSERT_TRUE(chain.first);
  EXPECT_EQ(chain.first->id, 1);
  ASSERT_EQ(chain.repeated.size(), 1u);
  EXPECT_EQ(chain.repeated[0]->id, 2);
}

}  // namespace
}  // namespace nw::alerts
