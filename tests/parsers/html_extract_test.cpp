// Main-text extraction on pages shaped like real ones: navigation, sidebars,
// comment sections, share bars, listings, and scripts other than Latin.
#include <gtest/gtest.h>

#include "parsers/parse.hpp"

namespace nw::parsers {
namespace {

Entry page(const std::string& html, const std::string& url = "https://news.example/story") {
  ParseOptions opts;
  opts.url = url;
  opts.kind = "page";
  Feed feed = parse_feed(html, opts);
  EXPECT_EQ(feed.format, "html");
  EXPECT_EQ(feed.entries.size(), 1u);
  return feed.entries.empty() ? Entry{} : feed.entries[0];
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

const char* k_article = R"(<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Recruits from Central Asia | The Daily Example</title>
<meta property="og:title" content="Recruits from Central Asia">
<meta name="author" content="A. Reporter">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",
 "headline":"Recruits from Central Asia","datePublished":"2025-10-03T09:30:00Z"}</script>
<script>var tracking = "Do not read this script as text";</script>
</head><body>
<header class="site-header"><a href="/">The Daily Example</a>
 <nav><ul><li><a href="/world">World</a></li><li><a href="/politics">Politics</a></li>
 <li><a href="/sport">Sport</a></li><li><a href="/culture">Culture and the arts</a></li></ul></nav></header>
<div class="layout">
 <main><article class="story">
  <h1>Recruits from Central Asia</h1>
  <div class="share-bar"><a href="#">Share on the social network</a> <a href="#">Email this story</a></div>
  <div class="story-body">
   <p>Officials in the region said on Tuesday that at least 1,200 citizens had signed contracts with the
   Russian army since the start of the year, most of them labour migrants already living in Russia.</p>
   <p>The figure, which could not be independently verified, is higher than the one published in
   the spring, when the ministry counted fewer than 800 such contracts.</p>
   <h2>Promises of citizenship</h2>
   <p>Recruiters offered a fast track to a Russian passport, according to relatives who spoke on
   condition of anonymity, and a signing bonus that was often paid late or not at all.</p>
   <ul><li>Contracts were signed for six months, then extended without consent.</li>
   <li>Several families said they had not heard from their sons for weeks.</li></ul>
   <p>Read more: <a href="/related/1">Earlier report on the labour migrants who went to war</a></p>
  </div>
 </article></main>
 <aside class="sidebar"><h3>Most read</h3><ul>
  <li><a href="/a">A completely different story about the weather in the capital city</a></li>
  <li><a href="/b">Another story about football results from the weekend league games</a></li></ul></aside>
</div>
<section id="comments" class="comments"><h3>12 comments</h3>
 <div class="comment"><p>This is a reader's comment, long enough to look like a paragraph of text.</p></div>
 <div class="comment"><p>Another reader disagrees at great length with the first commenter here.</p></div>
</section>
<footer><p>Copyright The Daily Example. All rights reserved. Terms of use and privacy policy.</p></footer>
</body></html>)";

TEST(HtmlExtractTest, KeepsTheArticleAndDropsNavigationSidebarCommentsAndScripts) {
  const Entry e = page(k_article);
  EXPECT_EQ(e.title, "Recruits from Central Asia");
  EXPECT_EQ(e.author, "A. Reporter");
  ASSERT_TRUE(e.published.has_value());
  EXPECT_TRUE(has(e.text, "at least 1,200 citizens had signed contracts"));
  EXPECT_TRUE(has(e.text, "Promises of citizenship"));
  EXPECT_TRUE(has(e.text, "Contracts were signed for six months"));
  EXPECT_TRUE(has(e.text, "a signing bonus that was often paid late"));
  for (const char* boilerplate :
       {"Politics", "Culture and the arts", "Share on the social network", "weather in the capital",
        "reader's comment", "Copyright", "tracking", "12 comments"}) {
    EXPECT_FALSE(has(e.text, boilerplate)) << boilerplate << " in:\n" << e.text;
  }
  // The headline is the title, not the first line of the text.
  EXPECT_FALSE(e.text.starts_with("Recruits from Central Asia"));
  // Blocks are paragraphs separated by blank lines; content is the same blocks as HTML.
  EXPECT_TRUE(has(e.text, "contracts.\n\nRecruiters") ||
              has(e.text, "\n\nPromises of citizenship\n\n"));
  EXPECT_TRUE(has(e.content, "<h2>Promises of citizenship</h2>"));
  EXPECT_TRUE(has(e.content, "<li>Contracts were signed"));
}

TEST(HtmlExtractTest, AListingPageGivesItsTeasersNotItsMenus) {
  // A section front: many short linked teasers, no article. What comes out
  // must be the teaser text, not the site's navigation or footer.
  std::string html = R"(<html><head><title>World news</title></head><body>
<nav class="menu"><a href="/">Home</a> <a href="/world">World</a> <a href="/about">About us</a></nav>
<div class="listing">)";
  for (int i = 0; i < 8; ++i) {
    html += "<div class=\"teaser\"><h3><a href=\"/s" + std::to_string(i) + "\">Headline number " +
            std::to_string(i) + "</a></h3><p>A two-line summary of story " + std::to_string(i) +
            ", with enough words to be a paragraph of its own.</p></div>\n";
  }
  html += R"(</div><footer>About us. Contact. Privacy.</footer></body></html>)";
  const Entry e = page(html);
  EXPECT_EQ(e.title, "World news");
  EXPECT_TRUE(has(e.text, "A two-line summary of story 0"));
  EXPECT_TRUE(has(e.text, "A two-line summary of story 7"));
  EXPECT_FALSE(has(e.text, "About us"));
}

TEST(HtmlExtractTest, CountsCharactersInScriptsWithoutSpaces) {
  // Chinese has no spaces between words: lengths are counted in characters.
  const Entry e = page(R"(<html><head><meta charset="utf-8"><title>报道</title></head><body>
<div class="nav"><a href="/">首页</a><a href="/a">国际</a><a href="/b">体育</a></div>
<div class="main-content">
<p>据当地官员周二表示，今年以来至少有一千二百名公民与俄罗斯军队签订了合同，其中大多数是已经在俄罗斯生活的劳务移民。</p>
<p>这一数字无法得到独立核实，但高于春季公布的数字，当时该部统计的此类合同不到八百份。</p>
</div>
<div class="related"><a href="/x">另一条完全无关的新闻标题</a><a href="/y">体育比赛结果</a></div>
</body></html>)");
  EXPECT_TRUE(has(e.text, "至少有一千二百名公民"));
  EXPECT_TRUE(has(e.text, "这一数字无法得到独立核实"));
  EXPECT_FALSE(has(e.text, "体育比赛结果"));
  EXPECT_FALSE(has(e.text, "首页"));
}

TEST(HtmlExtractTest, HiddenElementsAndFormsAreNotText) {
  const Entry e = page(R"(<html><body><div class="article-body">
<p>Visible paragraph with the figure of 742 people who were counted by the project.</p>
<div style="display: none"><p>A hidden paragraph that the reader never sees on the page.</p></div>
<div class="newsletter-signup"><form><p>Sign up to our newsletter for the daily briefing.</p>
<input type="email"><button>Subscribe now</button></form></div>
</div></body></html>)");
  EXPECT_TRUE(has(e.text, "742 people"));
  EXPECT_FALSE(has(e.text, "hidden paragraph"));
  EXPECT_FALSE(has(e.text, "newsletter"));
  EXPECT_FALSE(has(e.text, "Subscribe"));
}

TEST(HtmlExtractTest, TitleFallsBackToTheFirstHeadingAndDateToTimeElement) {
  const Entry e = page(R"(<html><body><article>
<h1>A headline <span>in two parts</span></h1><time datetime="2025-11-02T08:00:00Z">2 Nov</time>
<p>The paragraph of the article, long enough to count as text for the extractor.</p>
</article></body></html>)");
  EXPECT_EQ(e.title, "A headline in two parts");
  ASSERT_TRUE(e.published.has_value());
  EXPECT_EQ(format_iso8601(*e.published), "2025-11-02T08:00:00Z");
}

TEST(HtmlExtractTest, ATimestampOnlyChangeLeavesTheTextAsItWas) {
  // The same page rendered twice: the clock in the header and the "updated"
  // line in the sidebar changed, the article did not.
  const std::string before = std::string(k_article);
  std::string after = before;
  const std::string from = "<header class=\"site-header\">";
  after.replace(after.find(from), from.size(),
                from + "<span class=\"clock\">Updated 10:42, Tuesday 4 November</span>");
  EXPECT_EQ(page(before).text, page(after).text);
}

TEST(HtmlExtractTest, DeeplyNestedPagesEndBounded) {
  std::string deep = "<html><body>";
  for (int i = 0; i < 20000; ++i) deep += "<div>";
  deep += "<p>Buried far below any real page's depth, this paragraph is still read.</p>";
  // Nesting past the limit is flattened before parsing, so the text survives.
  const Entry e = page(deep + "</body></html>");
  EXPECT_TRUE(has(e.text, "this paragraph is still read")) << e.text;
  // A paragraph at an ordinary depth beside the deep part still is.
  std::string mixed =
      "<html><body><div class=\"story\"><p>An ordinary paragraph at a normal "
      "depth, long enough to count as article text.</p></div>";
  for (int i = 0; i < 20000; ++i) mixed += "<div>";
  const Entry m = page(mixed + "</body></html>");
  EXPECT_TRUE(has(m.text, "An ordinary paragraph at a normal depth")) << m.text;
}

TEST(HtmlExtractTest, CharsetComesFromTheHttpHeaderElseTheMetaTag) {
  // "Вербовка" (recruitment) in windows-1251 bytes.
  const std::string word = "\xC2\xE5\xF0\xE1\xEE\xE2\xEA\xE0";
  const std::string body = "<p>" + word +
                           " \xE8\xED\xEE\xF1\xF2\xF0\xE0\xED\xF6\xE5\xE2: 742 "
                           "\xF7\xE5\xEB\xEE\xE2\xE5\xEA\xE0, 2025.</p>";
  ParseOptions opts;
  opts.kind = "page";
  const Feed by_meta = parse_feed(
      "<html><head><meta charset=\"windows-1251\"></head><body>" + body + "</body></html>", opts);
  ASSERT_EQ(by_meta.entries.size(), 1u);
  EXPECT_TRUE(has(by_meta.entries[0].text, "Вербовка иностранцев: 742 человека"))
      << by_meta.entries[0].text;
  opts.content_type = "text/html; charset=windows-1251";
  const Feed by_header = parse_feed(
      "<html><head><meta charset=\"utf-8\"></head><body>" + body + "</body></html>", opts);
  ASSERT_EQ(by_header.entries.size(), 1u);
  EXPECT_EQ(by_header.encoding, "windows-1251");
  EXPECT_TRUE(has(by_header.entries[0].text, "Вербовка")) << by_header.entries[0].text;
}

}  // namespace
}  // namespace nw::parsers
