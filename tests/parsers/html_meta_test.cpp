#include "parsers/html_meta.hpp"

#include <gtest/gtest.h>

#include "parsers/parse.hpp"

namespace nw::parsers {
namespace {

TEST(PageMetaTest, CanonicalLinkWinsOverOgUrlAndIsResolved) {
  const auto m = read_page_meta(
      R"(<html><head><title>Site | Story</title>
<meta property="og:url" content="https://news.example/og">
<meta property="og:title" content="The story">
<link rel="Canonical" href="/2025/10/story?id=7">
<meta property="article:published_time" content="2025-10-03T09:30:00Z"></head>
<body><p>Text</p></body></html>)",
      "https://news.example/amp/story");
  EXPECT_EQ(m.canonical_url, "https://news.example/2025/10/story?id=7");
  EXPECT_EQ(m.title, "The story");
  EXPECT_EQ(m.published, "2025-10-03T09:30:00Z");
}

TEST(PageMetaTest, OgUrlWhenNoCanonicalAndNothingWhenNeither) {
  EXPECT_EQ(
      read_page_meta(R"(<meta property="og:url" content="https://a.example/x">)", "").canonical_url,
      "https://a.example/x");
  const auto none = read_page_meta("<title>Only a title</title><p>x</p>", "https://a.example/");
  EXPECT_EQ(none.canonical_url, "");
  EXPECT_EQ(none.title, "Only a title");
  EXPECT_EQ(
      read_page_meta(R"x(<link rel="canonical" href="javascript:alert(1)">)x", "").canonical_url,
      "");
}

TEST(PageMetaTest, DeeplyNestedPagesEndBounded) {
  std::string deep;
  for (int i = 0; i < 20000; ++i) deep += "<div>";
  deep += R"(<link rel="canonical" href="https://a.example/deep">)";
  // The explicit stack walks all 20,000 levels (a recursive walk would risk the stack).
  EXPECT_EQ(read_page_meta(deep, "").canonical_url, "https://a.example/deep");
}

TEST(PageMetaTest, AWatchedPageEntryLinksToItsCanonicalUrlButKeepsItsIdentity) {
  ParseOptions opts;
  opts.url = "https://m.news.example/story?utm_source=x";
  opts.kind = "page";
  const auto feed = parse_feed(
      R"(<html><head><title>T</title><link rel="canonical" href="https://news.example/story"></head>
<body><p>742 Belarusians have fought for Russia.</p></body></html>)",
      opts);
  ASSERT_EQ(feed.entries.size(), 1u);
  EXPECT_EQ(feed.entries[0].link, "https://news.example/story");
  EXPECT_EQ(feed.entries[0].id, opts.url);
}

}  // namespace
}  // namespace nw::parsers
