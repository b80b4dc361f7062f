// parse_feed on fixtures in tests/data/parsers: one row per format, encoding or defect.
#include <gtest/gtest.h>

#include <string>

#include "parsers/parse.hpp"
#include "support/test_paths.hpp"

namespace nw::parsers {
namespace {

struct FormatCase {
  const char* file;
  const char* format;
  const char* version;
  const char* encoding;
  bool bozo;
  const char* feed_title;
  std::size_t entries;
  const char* first_title;  // nullptr: not checked
  const char* first_link;   // nullptr: not checked
};

void PrintTo(const FormatCase& c, std::ostream* os) {
  *os << c.file;
}

class ParseFormats : public ::testing::TestWithParam<FormatCase> {};

TEST_P(ParseFormats, Normalizes) {
  const FormatCase& c = GetParam();
  const std::string bytes = test::read_file(test::data_dir() / "parsers" / c.file);
  ASSERT_FALSE(bytes.empty()) << c.file;
  ParseOptions opts;
  const Feed feed = parse_feed(bytes, opts);
  EXPECT_EQ(feed.format, c.format);
  EXPECT_EQ(feed.version, c.version);
  EXPECT_EQ(feed.encoding, c.encoding);
  EXPECT_EQ(feed.bozo, c.bozo) << feed.bozo_message;
  EXPECT_EQ(feed.title, c.feed_title);
  ASSERT_EQ(feed.entries.size(), c.entries);
  if (c.entries == 0) return;
  if (c.first_title) {
    EXPECT_EQ(feed.entries[0].title, c.first_title);
  }
  if (c.first_link) {
    EXPECT_EQ(feed.entries[0].link, c.first_link);
  }
  for (const Entry& e : feed.entries) EXPECT_FALSE(e.id.empty());
}

INSTANTIATE_TEST_SUITE_P(
    Fixtures, ParseFormats,
    ::testing::Values(
        FormatCase{"rss20.xml", "rss", "rss20", "utf-8", true, "Harbour Gazette", 3,
                   "Cranes \u2014 new & improved", "/news/cranes"},
        FormatCase{"rss091.xml", "rss", "rss091u", "utf-8", false, "Plain 0.91", 1, "One",
                   "http://p.example/1"},
        FormatCase{"rdf10.xml", "rdf", "rss10", "utf-8", false, "RDF Weekly", 1, "First",
                   "http://rdf.example/1"},
        FormatCase{"atom10.xml", "atom", "atom10", "utf-8", false, "Field Notes", 1,
                   "Counting birds", "https://blog.example/root/posts/birds.html"},
        FormatCase{"atom03.xml", "atom", "atom03", "utf-8", false, "Old Atom", 1, "A &amp; B",
                   "http://old.example/1"},
        FormatCase{"jsonfeed.json", "jsonfeed", "jsonfeed11", "utf-8", false, "JSON Desk", 1,
                   "Budget passed", "/posts/1"},
        FormatCase{
            "koi8r.xml", "rss", "rss20", "koi8-r", false,
            "\u041d\u043e\u0432\u043e\u0441\u0442\u0438 \u041c\u0438\u043d\u0441\u043a\u0430", 1,
            nullptr, nullptr},
        FormatCase{
            "windows1251.xml", "rss", "rss20", "windows-1251", false,
            "\u041d\u043e\u0432\u043e\u0441\u0442\u0438 \u041c\u0438\u043d\u0441\u043a\u0430", 1,
            nullptr, nullptr},
        FormatCase{
            "undeclared_cp1251.xml", "rss", "rss20", "windows-1251", true,
            "\u041d\u043e\u0432\u043e\u0441\u0442\u0438 \u041c\u0438\u043d\u0441\u043a\u0430", 1,
            nullptr, nullptr},
        FormatCase{
            "utf16le_bom.xml", "rss", "rss20", "utf-16le", false,
            "\u041d\u043e\u0432\u043e\u0441\u0442\u0438 \u041c\u0438\u043d\u0441\u043a\u0430", 1,
            nullptr, nullptr},
        FormatCase{"latin1.xml", "rss", "rss20", "iso-8859-1", false,
                   "\u00c9lection \u00e0 Gen\u00e8ve - r\u00e9sultats", 0, nullptr, nullptr},
        FormatCase{"cp1252_smart_quotes.xml", "rss", "rss20", "windows-1252", false,
                   "\u201cQuoted\u201d \u2013 dash", 0, nullptr, nullptr},
        FormatCase{"broken_unclosed.xml", "rss", "rss20", "utf-8", true, "Broken & proud", 2,
                   "First item", nullptr},
        FormatCase{"garbage_after_root.xml", "rss", "rss20", "utf-8", true, "Tail", 1, "x",
                   nullptr},
        FormatCase{"undeclared_entity.xml", "rss", "rss20", "utf-8", true,
                   "Caf\u00e9 \u00a9 2026 &bogus; \u2014 ok", 1, "a\u00a0b", nullptr},
        FormatCase{"error_page.html", "html", "html", "utf-8", true, "502 Bad Gateway", 0, nullptr,
                   nullptr}));

TEST(ParseFeedDetails, RssFieldsAndIdentityChain) {
  const std::string bytes = test::read_file(test::data_dir() / "parsers" / "rss20.xml");
  ParseOptions opts;
  opts.url = "https://gazette.example/feed.xml";
  const Feed feed = parse_feed(bytes, opts);
  ASSERT_EQ(feed.entries.size(), 3u);
  const Entry& a = feed.entries[0];
  EXPECT_EQ(a.link, "https://gazette.example/news/cranes");
  EXPECT_EQ(a.id, "gz-1001");
  EXPECT_EQ(a.author, "Ana Ruiz");
  EXPECT_EQ(format_iso8601(*a.published), "2026-01-06T08:30:00Z");
  ASSERT_EQ(a.categories.size(), 2u);
  ASSERT_EQ(a.enclosures.size(), 1u);
  EXPECT_EQ(a.enclosures[0].length, "1234");
  EXPECT_EQ(a.text, "The port bought 4 cranes.\n\nSecond paragraph.");
  EXPECT_EQ(feed.entries[1].id, "https://gazette.example/news/2");  // no GUID: the link
  EXPECT_EQ(feed.entries[1].summary,
            "<p>Escaped <a href=\"https://gazette.example/x\">link</a></p>");
  EXPECT_EQ(feed.entries[2].id.size(), 64u);  // neither: a hash of title and content
}

TEST(ParseFeedDetails, AtomBaseAndXhtml) {
  const std::string bytes = test::read_file(test::data_dir() / "parsers" / "atom10.xml");
  const Feed feed = parse_feed(bytes, {});
  ASSERT_EQ(feed.entries.size(), 1u);
  const Entry& e = feed.entries[0];
  EXPECT_EQ(feed.link, "https://blog.example/root/index.html");
  EXPECT_EQ(
      e.content,
      "<p>We counted <a href=\"https://blog.example/root/posts/tally.html\">312</a> birds.</p>");
  EXPECT_EQ(e.author_email, "kim@blog.example");
  EXPECT_EQ(format_iso8601(*e.published), "2026-01-04T13:00:00Z");
  ASSERT_EQ(e.enclosures.size(), 1u);
  EXPECT_EQ(e.enclosures[0].url, "https://blog.example/root/posts/birds.jpg");
}

TEST(ParseFeedDetails, HttpCharsetWinsAndKindPage) {
  const std::string bytes = test::read_file(test::data_dir() / "parsers" / "windows1251.xml");
  ParseOptions opts;
  opts.content_type = "application/rss+xml; charset=koi8-r";
  EXPECT_EQ(parse_feed(bytes, opts).encoding, "koi8-r");
  ParseOptions page;
  page.kind = "page";
  page.url = "https://x.example/502";
  const Feed f =
      parse_feed(test::read_file(test::data_dir() / "parsers" / "error_page.html"), page);
  EXPECT_EQ(f.format, "html");
  ASSERT_EQ(f.entries.size(), 1u);
  // The headline is the entry's title, not part of its main text.
  EXPECT_EQ(f.entries[0].title, "502 Bad Gateway");
  EXPECT_EQ(f.entries[0].text, "nginx");
}

}  // namespace
}  // namespace nw::parsers
