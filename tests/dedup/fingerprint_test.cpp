#include "dedup/fingerprint.hpp"

#include <gtest/gtest.h>

#include "dedup/canonical.hpp"

namespace nw::dedup {
namespace {

// Five paragraphs of a report written for this test.
const std::string k_story =
    "Ukrainian officials said on Tuesday that foreign recruits continue to arrive at training "
    "grounds in the Rostov region, many of them lured by offers of work on construction sites.\n\n"
    "A hotline run by volunteers recorded more than four hundred calls from relatives abroad in "
    "the past month, most of them asking how to reach men who had stopped answering their "
    "phones.\n\n"
    "Recruiters advertise on messaging apps in several languages and promise signing bonuses, "
    "monthly pay and a quick path to a residence permit once the contract has been served.\n\n"
    "Rights groups say many of the men did not understand the contracts, which were written only "
    "in Russian, and that passports were taken from them on arrival at the recruitment offices.\n\n"
    "The ministry in Kathmandu said it had asked Moscow again to return the bodies of citizens "
    "killed at the front and to stop enlisting its nationals in the regular army.";

std::string paragraph(int i) {
  std::size_t start = 0;
  for (int k = 0; k < i; ++k) start = k_story.find("\n\n", start) + 2;
  const auto end = k_story.find("\n\n", start);
  return k_story.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

bool share_a_band(const std::string& a, const std::string& b) {
  const auto ka = band_keys(shingles(a)), kb = band_keys(shingles(b));
  for (std::size_t i = 0; i < ka.size(); ++i) {
    if (ka[i] == kb[i]) return true;
  }
  return false;
}

TEST(ShinglesTest, IgnoreCasePunctuationAndSpacing) {
  EXPECT_EQ(shingles("The Army, said: 742 men!"), shingles("the army said  742\nmen"));
  EXPECT_NE(shingles("the army said 742 men"), shingles("the army said 743 men"));
  EXPECT_TRUE(shingles("").empty());
}

TEST(NearDuplicateTest, SyndicatedCopyWithBylineBoilerplateAndADroppedParagraphIsADuplicate) {
  const std::string copy = "By Agency Staff\n\n" + paragraph(0) + "\n\n" + paragraph(1) + "\n\n" +
                           paragraph(2) + "\n\n" + paragraph(4) +
                           "\n\nSign up for our newsletter to get the day's top stories.";
  const auto o = overlap(copy, k_story);
  EXPECT_GE(o.containment, 0.8);
  EXPECT_EQ(o.novel_words, 0u);
  EXPECT_TRUE(is_near_duplicate(o));
  EXPECT_TRUE(share_a_band(copy, k_story));
}

TEST(NearDuplicateTest, RepublicationWithASubstantialNewParagraphIsNot) {
  const std::string updated =
      k_story +
      "\n\nIn a statement issued late on Wednesday, the foreign ministry added that a second group "
      "of families had come forward with documents showing their sons had been sent to the front "
      "after only two weeks of training.";
  const auto o = overlap(updated, k_story);
  EXPECT_GT(o.novel_words, 20u);
  EXPECT_FALSE(is_near_duplicate(o));
}

TEST(NearDuplicateTest, ADifferentArticleOnTheSameTopicIsNot) {
  const std::string other =
      "Officials in Kathmandu said on Friday that they had asked Russia to send home the citizens "
      "who had enlisted, and to compensate the families of those who died.\n\n"
      "A parliamentary committee will question the ministers responsible for labour migration next "
      "week, after relatives protested outside the foreign ministry for a third day.";
  const auto o = overlap(other, k_story);
  EXPECT_LT(o.containment, 0.3);
  EXPECT_FALSE(is_near_duplicate(o));
  EXPECT_FALSE(share_a_band(other, k_story));
}

TEST(CanonicalUrlTest, DropsTrackingFragmentDefaultPortAndSortsTheQuery) {
  EXPECT_EQ(canonical_url("HTTPS://News.Example.ORG:443/a/b?utm_source=rss&b=2&fbclid=x&a=1#top"),
            "https://news.example.org/a/b?a=1&b=2");
  EXPECT_EQ(canonical_url("http://example.org:80/x?gclid=1&yclid=2&mc_cid=3&mc_eid=4"),
            "http://example.org/x");
  EXPECT_EQ(canonical_url("http://example.org:8080/x"), "http://example.org:8080/x");
  EXPECT_EQ(canonical_url("not a url"), "not a url");
}

TEST(TextHashTest, FoldsCaseWhitespaceAndPunctuation) {
  EXPECT_EQ(text_hash("742 Belarusians,  fought."), text_hash("742 belarusians fought"));
  EXPECT_NE(text_hash("742 Belarusians fought"), text_hash("743 Belarusians fought"));
  EXPECT_NE(text_hash("Белорусы воюют"), text_hash("Украинцы воюют"));  // non-ASCII kept
}

}  // namespace
}  // namespace nw::dedup
