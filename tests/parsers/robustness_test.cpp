// parse_feed never throws, never hangs, and bounds what it builds.
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "parsers/parse.hpp"
#include "support/test_paths.hpp"

namespace nw::parsers {
namespace {

TEST(ParseRobustness, DeepNestingIsCutOff) {
  std::string doc = "<rss><channel><item><description>";
  for (int i = 0; i < 200000; ++i) doc += "<a>";
  doc += "x</description></item></channel></rss>";
  const Feed f = parse_feed(doc, {});
  EXPECT_TRUE(f.bozo);
  EXPECT_EQ(f.format, "rss");
}

TEST(ParseRobustness, MaxEntries) {
  std::string doc = "<rss version=\"2.0\"><channel>";
  for (int i = 0; i < 500; ++i) doc += "<item><title>t" + std::to_string(i) + "</title></item>";
  doc += "</channel></rss>";
  ParseOptions opts;
  opts.max_entries = 100;
  const Feed f = parse_feed(doc, opts);
  EXPECT_EQ(f.entries.size(), 100u);
  EXPECT_TRUE(f.truncated);
}

TEST(ParseRobustness, GarbageInputs) {
  const char* inputs[] = {"",
                          "   ",
                          "\xEF\xBB\xBF",
                          "<",
                          "<<<<>>>>",
                          "&&&&",
                          "<rss",
                          "<![CDATA[",
                          "<!--",
                          "<?xml",
                          "{",
                          "[1,2",
                          "{\"version\":\"https://jsonfeed.org/version/1\"}",
                          "<feed><entry><content type=\"xhtml\"><div>",
                          "\xFF\xFE<\0r\0",
                          "<rss><channel><item><title>\xC3\x28</title></item></channel></rss>"};
  for (const char* in : inputs) {
    const Feed f = parse_feed(std::string_view(in), {});
    EXPECT_FALSE(f.bozo_message.starts_with("parser failure")) << in << ": " << f.bozo_message;
  }
}

TEST(ParseRobustness, RandomMutationsOfFixtures) {
  std::mt19937 rng(12345);
  for (const char* name : {"rss20.xml", "atom10.xml", "rdf10.xml", "jsonfeed.json"}) {
    const std::string base = test::read_file(test::data_dir() / "parsers" / name);
    for (int round = 0; round < 300; ++round) {
      std::string doc = base;
      const int edits = 1 + static_cast<int>(rng() % 8);
      for (int k = 0; k < edits && !doc.empty(); ++k) {
        const std::size_t pos = rng() % doc.size();
        switch (rng() % 4) {
          case 0:
            doc[pos] = static_cast<char>(rng() % 256);
            break;
          case 1:
            doc.erase(pos, rng() % 16);
            break;
          case 2:
            doc.insert(pos, 1, "<>&\"'/]!"[rng() % 8]);
            break;
          default:
            doc.resize(pos);
            break;
        }
      }
      const Feed f = parse_feed(doc, {});
      EXPECT_FALSE(f.bozo_message.starts_with("parser failure")) << f.bozo_message;
    }
  }
}

// The entity pass is skipped for clean documents; what it repairs must still be repaired.
TEST(ParseRobustness, EntityPassRunsWhenNeeded) {
  const std::string head = "<rss version=\"2.0\"><channel><item>";
  const std::string tail = "</item></channel></rss>";
  const Feed clean = parse_feed(head + "<title>a &amp; b &lt;i&gt; &#233;</title>" + tail, {});
  EXPECT_FALSE(clean.bozo);
  ASSERT_EQ(clean.entries.size(), 1u);
  EXPECT_EQ(clean.entries[0].title, "a & b <i> \u00e9");
  const Feed named = parse_feed(head + "<title>a&nbsp;b &#150; c</title>" + tail, {});
  ASSERT_EQ(named.entries.size(), 1u);
  EXPECT_EQ(named.entries[0].title, "a\u00a0b \u2013 c");
  EXPECT_TRUE(named.bozo);
  const Feed attr = parse_feed(head + "<title a=\"x < y\">t</title>" + tail, {});
  EXPECT_TRUE(attr.bozo);
  const Feed text = parse_feed(head + "<title>1 < 2</title>" + tail, {});
  ASSERT_EQ(text.entries.size(), 1u);
  EXPECT_EQ(text.entries[0].title, "1 < 2");
  EXPECT_TRUE(text.bozo);
}

TEST(ParseHtmlText, BlocksEntitiesAndScripts) {
  EXPECT_EQ(html_to_text("<p>One&nbsp;two</p><p>Three<br>four</p>"), "One two\n\nThree\nfour");
  EXPECT_EQ(html_to_text("<div>a  \n b<script>var x = '<p>';</script> c</div>"), "a b c");
  EXPECT_EQ(html_to_text("5 &lt; 6 &amp; &mdash; &#8364;3"), "5 < 6 & \u2014 \u20ac3");
  EXPECT_EQ(html_to_text("<ul><li>x</li><li>y</li></ul>"), "x\n\ny");
  EXPECT_EQ(html_to_text("plain text"), "plain text");
  EXPECT_EQ(html_to_text(""), "");
}

// A run of text ending just before a tag is tested in place, with the tag's
// bytes after it: they must not count as text, so the run's last space still
// waits to be collapsed or dropped.
TEST(ParseHtmlText, TextEndingBeforeATagKeepsItsSpacesCollapsed) {
  EXPECT_EQ(html_to_text("<p>first words here and </p><p>next</p>"),
            "first words here and\n\nnext");
  EXPECT_EQ(html_to_text("<b>ab </b>cd <i> ef</i>"), "ab cd ef");
  EXPECT_EQ(html_to_text("<p>ab\u00a0</p>x"), "ab\n\nx");
  EXPECT_EQ(html_to_text("a long run of words in one paragraph <br>more"),
            "a long run of words in one paragraph\nmore");
}

}  // namespace
}  // namespace nw::parsers
