// Keeping each article once, end to end: syndicated copies under other URLs
// and headlines, republications with new content, and updated articles.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "support/feeds.hpp"
#include "support/json_lines.hpp"
#include "support/test_paths.hpp"

namespace nw {
namespace {

// A report written for this test, as paragraphs.
const std::vector<std::string> k_story = {
    "Volunteers who run a Ukrainian hotline said they had identified 742 Belarusian citizens who "
    "fought for Russia, and that the list grows every month as relatives write in.",
    "The organisers said the men came from every region of Belarus, most of them in their thirties "
    "and forties, and many had served in the Belarusian army before signing up.",
    "Recruiters approached some of them through job sites that offered work in construction or "
    "security, the volunteers said, before the offers turned into military contracts.",
    "Belarusian law forbids serving in foreign armies, but prosecutors have opened few cases, and "
    "families who spoke to reporters said they feared drawing attention to themselves.",
    "The volunteers said they would keep publishing names so that relatives abroad could find out "
    "what had happened to the men who stopped answering their phones."};

std::string html(const std::vector<std::string>& paragraphs) {
  std::string out;
  for (const auto& p : paragraphs) out += "&lt;p&gt;" + p + "&lt;/p&gt;";
  return out;
}

std::string rss(const std::string& items) {
  return test::rss(items, "t");
}

std::string item(const std::string& guid, const std::string& title, const std::string& link,
                 const std::vector<std::string>& paragraphs) {
  return test::rss_item({guid, title, html(paragraphs), link, ""});
}

class DedupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    test::write_config(dir, test::feed_toml("origin", "file:origin.xml") +
                                test::feed_toml("other", "file:other.xml"));
    test::write_file(dir / "origin.xml", rss(item("o1", "Hotline counts 742 Belarusians",
                                                  "https://origin.example/1", k_story)));
  }
  void other(const std::string& items) { test::write_file(dir / "other.xml", rss(items)); }
  std::vector<nlohmann::json> articles() {
    const auto r = test::run_command(test::binary().string() + " articles --json -c " +
                                     (dir / "nw.toml").string());
    return test::json_lines(r.out);
  }
  void once() {
    const auto r =
        test::run_command(test::binary().string() + " once -c " + (dir / "nw.toml").string());
    ASSERT_EQ(r.status, 0) << r.err;
  }
  test::TempDir dir;
};

TEST_F(DedupTest, SyndicatedCopyUnderAnotherUrlAndHeadlineIsADuplicate) {
  other("");
  once();  // the original first (a fuller text seen after its copy is a republication)
  auto copy = k_story;
  copy.erase(copy.begin() + 3);                         // a paragraph dropped
  copy.insert(copy.begin(), "By Regional Wire Staff");  // another byline
  copy.push_back("Follow us for more news from the region.");
  other(item("c1", "Belarusians fighting for Russia: a list", "https://wire.example/x", copy));
  once();
  const auto rows = articles();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_TRUE(rows[0]["duplicate_of"].is_null());
  EXPECT_EQ(rows[1]["duplicate_of"], rows[0]["id"]);
  EXPECT_EQ(rows[1]["claims"], 0);
}

TEST_F(DedupTest, RepublicationWithNewParagraphsAndFiguresIsNotADuplicate) {
  once();  // the original first
  auto updated = k_story;
  updated.push_back(
      "In a new update on Friday, the volunteers said at least 96 of the Belarusian men on the "
      "list had been killed, and that they were checking reports about dozens more.");
  other(item("r1", "Hotline: 96 Belarusians killed", "https://wire.example/r", updated));
  once();
  const auto rows = articles();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_TRUE(rows[1]["duplicate_of"].is_null());
  EXPECT_GT(rows[1]["claims"].get<int>(), 0);
}

TEST_F(DedupTest, ADifferentArticleOnTheSameTopicIsNotADuplicate) {
  other(item("d1", "Minsk silent on recruits", "https://wire.example/d",
             {"Officials in Minsk declined to comment on reports that Belarusian citizens were "
              "fighting for Russia, saying the government had no information about such cases.",
              "Opposition figures abroad said the silence showed that the authorities tolerated "
              "recruitment as long as it did not become a political embarrassment at home."}));
  once();
  const auto rows = articles();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_TRUE(rows[1]["duplicate_of"].is_null());
}

TEST_F(DedupTest, ChangedContentIsANewVersionWithOnlyTheNewClaimsAdded) {
  other("");
  once();
  auto rows = articles();
  ASSERT_EQ(rows.size(), 1u);
  const int claims_before = rows[0]["claims"];
  EXPECT_EQ(rows[0]["version"], 1);
  auto changed = k_story;
  changed.push_back("The group later said 96 of the Belarusians on its list had been killed.");
  test::write_file(dir / "origin.xml", rss(item("o1", "Hotline counts 742 Belarusians",
                                                "https://origin.example/1", changed)));
  once();
  rows = articles();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0]["version"], 2);
  EXPECT_EQ(rows[0]["claims"].get<int>(), claims_before + 1);
  once();  // unchanged again: nothing new
  EXPECT_EQ(articles()[0]["version"], 2);
}

TEST_F(DedupTest, AWatchedPageNamingAKnownArticleAsCanonicalIsADuplicate) {
  other("");
  once();
  // An AMP copy of the story, watched as a page, names the original as canonical.
  test::write_file(dir / "amp.html",
                   "<html><head><title>Hotline (AMP)</title><link rel=\"canonical\" "
                   "href=\"https://origin.example/1?utm_source=amp\"></head><body><p>" +
                       k_story[0] + "</p></body></html>");
  test::write_file(dir / "nw.toml", test::read_file(dir / "nw.toml") +
                                        "[[feeds]]\nname = \"amp\"\nurl = \"file:amp.html\"\n"
                                        "kind = \"page\"\n");
  once();
  const auto rows = articles();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1]["canonical_url"], "https://origin.example/1");
  EXPECT_EQ(rows[1]["duplicate_of"], rows[0]["id"]);
}

}  // namespace
}  // namespace nw
