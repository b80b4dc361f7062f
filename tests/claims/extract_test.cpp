#include <gtest/gtest.h>

#include <atomic>
#include <iomanip>
#include <sstream>
#include <thread>

#include "claims_test_support.hpp"

namespace nw::claims {
namespace {

// "subject/metric=value" for each claim, joined by "; ".
std::string summary(const std::vector<Claim>& claims) {
  std::ostringstream os;
  for (std::size_t i = 0; i < claims.size(); ++i) {
    if (i) os << "; ";
    os << claims[i].subject << '/' << claims[i].metric << '=' << std::fixed << std::setprecision(0)
       << claims[i].value;
  }
  return os.str();
}

struct ExtractCase {
  const char* text;
  const char* expected;  // summary() of the claims
};

class ExtractTest : public ::testing::TestWithParam<ExtractCase> {};

TEST_P(ExtractTest, FindsTheFigures) {
  const auto claims = test::recruitment().extract(GetParam().text);
  EXPECT_EQ(summary(claims), GetParam().expected) << GetParam().text;
}

// Subjects: the mention governing the figure, for any country and its spellings.
INSTANTIATE_TEST_SUITE_P(
    Subjects, ExtractTest,
    ::testing::Values(
        ExtractCase{"742 Belarusians have fought for Russia.", "Belarus/serving=742"},
        ExtractCase{"At least 35 Indian citizens were lured to Russia.", "India/recruited=35"},
        ExtractCase{"Some 120 Nepali nationals were killed in Ukraine.", "Nepal/killed=120"},
        ExtractCase{"Officials in Qazaqstan said 40 citizens of the country had signed contracts.",
                    "Kazakhstan/recruited=40"},
        ExtractCase{"O'zbekiston says 31 of its citizens died fighting in Ukraine.",
                    "Uzbekistan/killed=31"},
        ExtractCase{"Nine Kyrgyz men were captured near Bakhmut.", "Kyrgyzstan/captured=9"},
        ExtractCase{"About 200 Tajikistan citizens are serving in the Russian army.",
                    "Tajikistan/serving=200"},
        ExtractCase{"Sri Lanka says 59 Sri Lankans have died in the war.", "Sri Lanka/killed=59"},
        ExtractCase{"More than 1,000 Cubans signed contracts with the Russian military.",
                    "Cuba/recruited=1000"},
        ExtractCase{"Some 12,000 North Korean soldiers were deployed to Kursk.",
                    "North Korea/serving=12000"},
        ExtractCase{"Over 1,500 foreign fighters have been captured.", "foreign/captured=1500"},
        ExtractCase{"About 400 women from various African countries were recruited to work at a "
                    "drone plant.",
                    "Africa/labor_recruited=400"},
        ExtractCase{"Serbia's prosecutors opened 12 criminal cases against Serbian volunteers.",
                    "Serbia/prosecuted=12"},
        ExtractCase{"Many South Africans went to Russia. Seventeen of them are missing.",
                    "South Africa/missing=17"}));

// Metrics from the words around the figure, and several figures in one sentence.
INSTANTIATE_TEST_SUITE_P(
    Metrics, ExtractTest,
    ::testing::Values(
        ExtractCase{"Of those, 105 Belarusians have been killed and 84 are missing.",
                    "Belarus/killed=105; Belarus/missing=84"},
        ExtractCase{"Only six Belarusians signed contracts in 2022, compared with 235 in 2023 and "
                    "518 in 2024.",
                    "Belarus/recruited=6; Belarus/recruited=235; Belarus/recruited=518"},
        ExtractCase{"More than 1 million Russian troops may have been killed or wounded.",
                    "Russia/casualties=1000000"},
        ExtractCase{"A mobilisation of 300,000 Russian men was announced.",
                    "Russia/mobilized=300000"},
        ExtractCase{"Kyiv returned 40 Belarusians who had been demobilized.",
                    "Belarus/returned=40"},
        ExtractCase{"Recruits from Russia get a sign-on bonus of 1.5 million rubles.",
                    "Russia/payment=1500000"},
        ExtractCase{"The Belarusian army numbers 48,000 personnel.", "Belarus/personnel=48000"},
        ExtractCase{"Some 2,000 Syrians are fighting on the Russian side, and 300 have died.",
                    "Syria/serving=2000; Syria/killed=300"}));

// What claims.md says is not a claim, negations and hypotheticals.
INSTANTIATE_TEST_SUITE_P(
    NotClaims, ExtractTest,
    ::testing::Values(
        ExtractCase{"Belarusians have fought for Russia since 2014.", ""},
        ExtractCase{"On February 24, 2022, Russian troops invaded Ukraine.", ""},
        ExtractCase{"He trained for two weeks before he was sent to fight.", ""},
        ExtractCase{"Belarusians rank fourth among foreign fighters captured.", ""},
        ExtractCase{"The 25th Division's soldiers fought near Kupiansk.", ""},
        ExtractCase{"Conscripts aged 18-30 are often pressured into fighting.", ""},
        ExtractCase{"40% of the prisoners who signed contracts died.", ""},
        ExtractCase{"Foreign fighters from 40 different countries are serving.", ""},
        ExtractCase{"The exam results were 120 out of 400 for the recruits.", ""},
        ExtractCase{"Nearly one in five Belarusian mercenaries has died.", ""},
        ExtractCase{"Recruitment was 100 times higher than before among Belarusians who joined.",
                    ""},
        ExtractCase{"A 24-year-old Belarusian was killed.", ""},
        ExtractCase{"Russia did not recruit 500 Belarusians, the ministry said.", ""},
        ExtractCase{"If 5,000 Nepalis were recruited, the ministry would act.", ""},
        ExtractCase{"The photo ![Belarusian soldiers](/img/2025/10/03/5212-fighters-370_237.webp) "
                    "shows it.",
                    ""},
        ExtractCase{
            "Average salaries in the region are $1,600 a month, far below the enlistment bonus.",
            ""},
        ExtractCase{"One of the Nepali men who fought said he was lied to.", ""}));

TEST(Extract, FieldsOfAClaim) {
  DocContext ctx;
  ctx.published = parse_iso8601("2025-10-03T08:00:00Z");
  const std::string text =
      "WARSAW -- Recruitment continues. Nearly 600 Belarusians signed contracts with the Russian "
      "army in the first "
      "half of this year, according to Ukrainian estimates.";
  const auto claims = test::recruitment().extract(text, ctx);
  ASSERT_EQ(claims.size(), 1u);
  const Claim& c = claims[0];
  EXPECT_EQ(c.qualifier, "nearly");
  EXPECT_FALSE(c.low);
  EXPECT_EQ(c.high, 600);
  EXPECT_EQ(c.unit, "people");
  EXPECT_EQ(c.period, "in the first half of this year");
  EXPECT_EQ(c.as_of, "2025-06");
  EXPECT_EQ(c.source, "Ukrainian estimates");
  EXPECT_EQ(c.force, "Russia");
  EXPECT_EQ(text.substr(c.start, c.end - c.start), "600");
  EXPECT_EQ(c.quote.rfind("Nearly 600", 0), 0u);
}

TEST(Extract, SourceFromAttributionAndPronoun) {
  const std::string text =
      "Between February 24, 2022, and early July 2025, 1,031 Belarusians signed contracts with the "
      "Russian army, "
      "Slidstvo.Info reported, citing Ukrainian military intelligence. Of those, 105 have been "
      "killed, the outlet "
      "wrote.";
  const auto claims = test::recruitment().extract(text);
  ASSERT_EQ(claims.size(), 2u);
  EXPECT_EQ(claims[0].source, "Slidstvo.Info");
  EXPECT_EQ(claims[0].as_of, "2025-07");
  EXPECT_EQ(claims[1].subject, "Belarus");
  EXPECT_EQ(claims[1].source, "Slidstvo.Info");
}

TEST(Extract, LastMonthAnchoredOnPublished) {
  DocContext ctx;
  ctx.published = parse_iso8601("2026-01-15T00:00:00Z");
  const auto claims =
      test::recruitment().extract("Last month 300 Nepalis were recruited, police said.", ctx);
  ASSERT_EQ(claims.size(), 1u);
  EXPECT_EQ(claims[0].as_of, "2025-12");
}

TEST(Extract, HostileInputIsBounded) {
  std::string text;
  for (int i = 0; i < 200000; ++i) text += "1,000 Belarusians killed ";
  text += std::string(1 << 20, 'x');
  const auto claims = test::recruitment().extract(text);
  EXPECT_GT(claims.size(), 0u);
  for (const Claim& c : claims) EXPECT_LE(c.quote.size(), 4200u);
}

TEST(Extract, ThreadSafe) {
  const std::string text = "Nearly 600 Belarusians signed contracts. At least 96 of them died.";
  const auto expected = summary(test::recruitment().extract(text));
  std::vector<std::thread> threads;
  std::atomic<int> bad{0};
  for (int i = 0; i < 4; ++i)
    threads.emplace_back([&] {
      for (int k = 0; k < 200; ++k)
        if (summary(test::recruitment().extract(text)) != expected) ++bad;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(bad.load(), 0);
}

}  // namespace
}  // namespace nw::claims

namespace nw::claims {
namespace {

// --explain accounts for every number: the claim with its cues, or why not.
TEST(ExtractExplain, GivesEveryNumberItsClaimOrReason) {
  const std::string text =
      "Nearly 600 Belarusians signed contracts with the Russian army in 2024, according to "
      "the group I Want to Live. The brigade has 40 tanks.\nThe town has 3,000 residents.";
  const std::string out = test::recruitment().explain(text);
  EXPECT_NE(out.find("\"Nearly 600\"\n  claim: Belarus / recruited = 600 (nearly, people)"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("metric: \"signed contracts\""), std::string::npos) << out;
  EXPECT_NE(out.find("\"40\"\n  left out: counts things, not people"), std::string::npos) << out;
  EXPECT_NE(out.find("\"3,000\"\n  left out: no metric word"), std::string::npos) << out;
  EXPECT_EQ(out.find("\"2024\"\n  claim"), std::string::npos) << out;
}

}  // namespace
}  // namespace nw::claims
