#include "alerts/divergence.hpp"

#include <gtest/gtest.h>

namespace nw::alerts {
namespace {

storage::ClaimRow prior(double value, std::string qualifier = "exact") {
  storage::ClaimRow r;
  r.claim.subject = "Belarus";
  r.claim.metric = "serving";
  r.claim.value = value;
  r.claim.qualifier = std::move(qualifier);
  return r;
}

claims::Claim claim(double value, std::string qualifier = "exact") {
  return prior(value, std::move(qualifier)).claim;
}

TEST(DivergenceTest, NoPriorsNoAlert) {
  EXPECT_FALSE(find_divergence(claim(742), std::vector<storage::ClaimRow>{}, 0.1));
}

TEST(DivergenceTest, AFigureSomeEarlierReportGaveCorroboratesIt) {
  EXPECT_FALSE(find_divergence(claim(742), {prior(1031), prior(750)}, 0.1));
}

TEST(DivergenceTest, AgreeingWithNoneAlertsAndNamesTheNearest) {
  const auto d = find_divergence(claim(1031), {prior(400), prior(742), prior(5000)}, 0.1);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->nearest, 1u);
  EXPECT_NEAR(d->difference, (1031.0 - 742) / 1031, 1e-9);
}

TEST(DivergenceTest, ToleranceIsRelativeToTheLargerFigure) {
  EXPECT_FALSE(find_divergence(claim(100), {prior(110)}, 0.10));  // 10/110 = 0.091
  EXPECT_TRUE(find_divergence(claim(100), {prior(112)}, 0.10));   // 12/112 = 0.107
  EXPECT_TRUE(find_divergence(claim(100), {prior(110)}, 0.05));
}

TEST(DivergenceTest, OpenBoundsThatContainTheFigureAgree) {
  // "more than 500" does not contradict 742, nor "up to 800".
  auto more = claim(500, "more_than");
  more.low = 500;
  EXPECT_FALSE(find_divergence(more, {prior(742)}, 0.1));
  auto upto = claim(800, "at_most");
  upto.high = 800;
  EXPECT_FALSE(find_divergence(upto, {prior(742)}, 0.1));
  auto at_least = claim(1000, "at_least");
  at_least.low = 1000;
  EXPECT_TRUE(find_divergence(at_least, {prior(742)}, 0.1));
}

TEST(DivergenceTest, AFigureOutsideEveryBoundIsAContradiction) {
  const auto d = find_divergence(claim(1500), {prior(742)}, 0.1, 2.0);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->event, "contradiction");
}

TEST(DivergenceTest, OpenBoundsAgreeOnlyWithinTheFactor) {
  // "more than 550" does not silence "almost 3,400" with open_bound_factor 2 ...
  auto more = prior(550, "more_than");
  more.claim.low = 550;
  const auto d = find_divergence(claim(3400, "nearly"), {more}, 0.1, 2.0);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->event, "divergence");
  EXPECT_NEAR(d->difference, (3400.0 - 550) / 3400, 1e-9);
  // ... but agrees with 1,000, inside the factor; with a factor of 10, 3,400 agrees too.
  EXPECT_FALSE(find_divergence(claim(1000), {more}, 0.1, 2.0));
  EXPECT_FALSE(find_divergence(claim(3400, "nearly"), {more}, 0.1, 10.0));
  // "up to 800" reaches down to 400 only.
  auto upto = prior(800, "at_most");
  upto.claim.high = 800;
  EXPECT_FALSE(find_divergence(claim(500), {upto}, 0.1, 2.0));
  const auto low = find_divergence(claim(100), {upto}, 0.1, 2.0);
  ASSERT_TRUE(low);
  EXPECT_EQ(low->event, "divergence");
}

TEST(DivergenceTest, PlainlyDifferentPeriodsOrForcesAreNotCompared) {
  auto c = claim(300);
  c.period = "in 2024";
  auto p = prior(100);
  p.claim.period = "in 2023";
  EXPECT_FALSE(find_divergence(c, {p}, 0.1));
  p.claim.period = "between 2022 and 2024";
  EXPECT_TRUE(find_divergence(c, {p}, 0.1));  // overlapping years: compared
  p.claim.period.reset();
  p.claim.force = "Ukraine";
  c.force = "Russia";
  EXPECT_FALSE(find_divergence(c, {p}, 0.1));
}

TEST(DivergenceTest, VagueAmountsNeverAlert) {
  auto hundreds = claim(200, "vague");
  hundreds.low = 200;
  hundreds.high = 999;
  EXPECT_FALSE(find_divergence(hundreds, {prior(5000)}, 0.1));
  EXPECT_FALSE(find_divergence(claim(5000), {prior(200, "vague")}, 0.1));
}

}  // namespace
}  // namespace nw::alerts
