// Hostile input ends bounded: entity bombs and external entities (never
// expanded, never fetched), a 100 MB single line, a million-item feed, deeply
// nested HTML, invalid UTF-8 everywhere, a config with 10,000 feeds. The big
// inputs are generated here at run time. Outcomes are asserted, never times.
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "claims/extractor.hpp"
#include "config/config.hpp"
#include "parsers/html_gumbo.hpp"
#include "parsers/parse.hpp"
#include "support/http_server.hpp"
#include "support/sqlite_file.hpp"
#include "support/test_paths.hpp"

namespace nw {
namespace {

// Whether `s` is well-formed UTF-8 (no overlongs, surrogates or values past U+10FFFF).
bool valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = 0;
    char32_t cp = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if (c >= 0xC2 && c <= 0xDF) {
      n = 1, cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 2, cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 3, cp = c & 0x07;
    } else {
      return false;
    }
    if (i + n >= s.size()) return false;
    for (std::size_t k = 1; k <= n; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += n + 1;
  }
  return true;
}

std::size_t feed_bytes(const parsers::Feed& f) {
  std::size_t n = f.title.size() + f.subtitle.size();
  for (const auto& e : f.entries) {
    n += e.title.size() + e.summary.size() + e.content.size() + e.text.size() + e.link.size();
  }
  return n;
}

std::string config_for(const std::string& url) {
  return "[storage]\npath = \"nw.db\"\n[[feeds]]\nname = \"hostile\"\nurl = \"" + url + "\"\n";
}

test::CommandResult newswatch(const std::string& args, const test::TempDir& dir) {
  return test::run_command(test::binary().string() + " " + args + " -c " +
                           (dir / "nw.toml").string());
}

// --- entities ---

const char* k_billion_laughs = R"(<?xml version="1.0"?>
<!DOCTYPE rss [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>&lol9;</title>
<item><guid>bomb</guid><title>&lol9;</title><description>Boom &lol9; &lol9;</description></item>
</channel></rss>
)";

TEST(HostileInput, BillionLaughsIsNeverExpanded) {
  const auto f = parsers::parse_feed(k_billion_laughs, {});
  EXPECT_EQ(f.format, "rss");
  EXPECT_LT(feed_bytes(f), 64u * 1024) << "entities were expanded";
  ASSERT_LE(f.entries.size(), 1u);

  // And through the daemon: one small article, not three gigabytes.
  test::TempDir dir;
  test::HttpServer server;
  server.route("/bomb.xml", 200, k_billion_laughs, {{"Content-Type", "application/rss+xml"}});
  test::write_file(dir / "nw.toml", config_for(server.url("/bomb.xml")));
  const auto r = newswatch("once", dir);
  EXPECT_EQ(r.status, 0) << r.err;
  test::SqliteFile db(dir / "nw.db");
  EXPECT_LT(db.integer("SELECT COALESCE(SUM(LENGTH(content) + LENGTH(text)), 0) FROM articles"),
            64 * 1024);
}

TEST(HostileInput, ExternalEntitiesAreNeverFetched) {
  test::HttpServer server;
  server.route("/secret", 200, "STOLEN-SECRET");
  server.route("/evil.dtd", 200,
               "<!ENTITY % all \"<!ENTITY send SYSTEM 'http://127.0.0.1/secret'>\">%all;");
  const std::string doc = "<?xml version=\"1.0\"?>\n<!DOCTYPE rss SYSTEM \"" +
                          server.url("/evil.dtd") + "\" [\n  <!ENTITY xxe SYSTEM \"" +
                          server.url("/secret") +
                          "\">\n  <!ENTITY passwd SYSTEM \"file:///etc/passwd\">\n"
                          "  <!ENTITY % remote SYSTEM \"" +
                          server.url("/evil.dtd") +
                          "\">\n  %remote;\n]>\n<rss version=\"2.0\"><channel><title>X</title>\n"
                          "<item><guid>xxe</guid><title>&xxe;</title>"
                          "<description>A &passwd; B &send;</description></item>\n"
                          "</channel></rss>\n";
  const auto f = parsers::parse_feed(doc, {});
  for (const auto& e : f.entries) {
    EXPECT_EQ(e.text.find("STOLEN"), std::string::npos);
    EXPECT_EQ(e.text.find("root:"), std::string::npos);
  }

  test::TempDir dir;
  server.route("/xxe.xml", 200, doc, {{"Content-Type", "application/rss+xml"}});
  test::write_file(dir / "nw.toml", config_for(server.url("/xxe.xml")));
  const auto r = newswatch("once", dir);
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(server.count("/secret"), 0u);
  EXPECT_EQ(server.count("/evil.dtd"), 0u);
  const auto articles = newswatch("articles --json", dir);
  EXPECT_EQ(articles.out.find("STOLEN"), std::string::npos);
  EXPECT_EQ(articles.out.find("root:"), std::string::npos);
}

// --- size ---

TEST(HostileInput, HundredMegabyteSingleLine) {
  std::string line =
      "<rss version=\"2.0\"><channel><title>Long</title><item><guid>long</guid>"
      "<title>Long</title><description>";
  const std::string words = "742 Belarusians have fought for Russia and ";
  while (line.size() < 100u * 1024 * 1024) line += words;
  line += "</description></item></channel></rss>";

  // The parser caps what it reads (a body this size never gets past the fetcher).
  const auto f = parsers::parse_feed(line, {});
  EXPECT_EQ(f.format, "rss");
  EXPECT_TRUE(f.bozo);
  EXPECT_LE(f.entries.size(), 1u);

  // The daemon never reads past [fetch] max_body: the feed fails with a reason.
  test::TempDir dir;
  test::HttpServer server;
  server.route("/long.xml", 200, std::move(line), {{"Content-Type", "application/rss+xml"}});
  test::write_file(dir / "nw.toml", config_for(server.url("/long.xml")));
  const auto r = newswatch("once", dir);
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("1 failed"), std::string::npos) << r.out;
  const auto feeds = newswatch("feeds --json", dir);
  EXPECT_NE(feeds.out.find("max_body"), std::string::npos) << feeds.out;
}

TEST(HostileInput, TwoMegabyteSentenceThroughTheClaimExtractor) {
  // A long text as one sentence (up to max_body can reach the extractor; 2 MB
  // keeps this test quick under ASan while still far past any real sentence).
  std::string text;
  const std::string words = "some 742 Belarusians and 1,500 Nepalis have fought for Russia and ";
  while (text.size() < 2u * 1024 * 1024) text += words;
  const auto extractor = claims::Extractor::load({"recruitment"});
  const auto found = extractor.extract(text);
  // Read, not given up on: the figures in it are found, each quote a bounded cut.
  ASSERT_FALSE(found.empty());
  for (const auto& c : found) EXPECT_LT(c.quote.size(), text.size());
}

TEST(HostileInput, MillionItemFeedStopsAtMaxEntries) {
  std::string doc = "<rss version=\"2.0\"><channel><title>Many</title>\n";
  for (int i = 0; i < 1000000; ++i) doc += "<item><guid>" + std::to_string(i) + "</guid></item>";
  doc += "</channel></rss>";
  const auto f = parsers::parse_feed(doc, {});
  EXPECT_EQ(f.entries.size(), parsers::ParseOptions{}.max_entries);
  EXPECT_TRUE(f.truncated);

  std::string json = R"({"version":"https://jsonfeed.org/version/1.1","title":"Many","items":[)";
  for (int i = 0; i < 1000000; ++i) {
    json += (i ? "," : "") + std::string(R"({"id":")") + std::to_string(i) + "\"}";
  }
  json += "]}";
  const auto j = parsers::parse_feed(json, {});
  EXPECT_EQ(j.format, "jsonfeed");
  EXPECT_EQ(j.entries.size(), parsers::ParseOptions{}.max_entries);
}

// --- nesting ---

parsers::Feed parse_page(const std::string& html) {
  parsers::ParseOptions opts;
  opts.kind = "page";
  opts.url = "https://news.example/deep";
  return parsers::parse_feed(html, opts);
}

std::string nested(const std::string& open, int depth) {
  std::string page = "<html><head><title>Deep</title></head><body>";
  for (int i = 0; i < depth; ++i) page += open;
  return page + "<p>742 Belarusians have fought for Russia.</p></body></html>";
}

TEST(HostileInput, DeeplyNestedHtmlPage) {
  for (const char* open : {"<div>", "<b><i><span>", "<table><tr><td>"}) {
    const auto page = nested(open, 2000);
    EXPECT_EQ(parse_page(page).entries.size(), 1u) << open;
    EXPECT_LE(parsers::html_to_text(page).size(), page.size()) << open;
  }
}

// libgumbo checks scopes by walking its stack of open elements, so its time
// grows with the square of the depth: nesting beyond 128 is flattened first.
TEST(HostileInput, MillionDeepHtmlPage) {
  for (const char* open : {"<div>", "<b><i><span>"}) {
    const auto feed = parse_page(nested(open, 1000000));
    ASSERT_EQ(feed.entries.size(), 1u) << open;
    EXPECT_NE(feed.entries[0].text.find("742 Belarusians"), std::string::npos) << open;
    EXPECT_TRUE(feed.bozo) << open;
  }
}

TEST(HostileInput, FlatteningKeepsTextAndOrdinaryPagesAsTheyAre) {
  const std::string page =
      "<html><body><div><p>One<p>Two<ul><li>a<li>b</ul><br><img src=x>"
      "<script>if (a<b) document.write('<div><div>')</script></div></body></html>";
  EXPECT_EQ(parsers::flatten_html(page, 3), "");  // within the depth: nothing to do
  const std::string deep = "<div><div><div><div>text</div></div></div></div>";
  EXPECT_EQ(parsers::flatten_html(deep, 2), "<div><div>text</div></div>");
  EXPECT_EQ(parsers::flatten_html("<!DOCTYPE html><p>a<!doctype x><p>b"),
            "<!DOCTYPE html><p>a<p>b");
}

TEST(HostileInput, DeeplyNestedHtmlInsideAFeedItem) {
  std::string html;
  for (int i = 0; i < 300000; ++i) html += "<div><span>";
  html += "742 Belarusians have fought for Russia.";
  std::string doc =
      "<rss version=\"2.0\"><channel><title>T</title><item><guid>1</guid>"
      "<description><![CDATA[" +
      html + "]]></description></item></channel></rss>";
  const auto f = parsers::parse_feed(doc, {});
  ASSERT_EQ(f.entries.size(), 1u);
  EXPECT_LE(f.entries[0].text.size(), html.size());
}

// --- encoding ---

TEST(HostileInput, InvalidUtf8Everywhere) {
  // Lone continuation bytes, truncated sequences, overlongs, surrogates, 0xFF.
  const std::string bad = "\x80 \xC3 \xE2\x82 \xC0\xAF \xED\xA0\x80 \xF5\x80\x80\x80 \xFF\xFE";
  const std::string doc =
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\">"
      "<channel><title>T" +
      bad + "</title>\n<item><guid>g" + bad + "</guid><title>" + bad +
      "</title><link>https://news.example/a" + bad + "</link><author>x" + bad +
      "</author><category>" + bad + "</category><description>742 Belarusians " + bad +
      "have fought for Russia.</description></item></channel></rss>";
  const auto f = parsers::parse_feed(doc, {});
  EXPECT_TRUE(valid_utf8(f.title)) << f.title;
  ASSERT_EQ(f.entries.size(), 1u);
  const auto& e = f.entries[0];
  for (const std::string* s : {&e.id, &e.title, &e.link, &e.author, &e.summary, &e.text}) {
    EXPECT_TRUE(valid_utf8(*s)) << *s;
  }
  for (const auto& c : e.categories) EXPECT_TRUE(valid_utf8(c)) << c;

  // The extractor on raw invalid bytes: no crash, quotes are valid text.
  const auto extractor = claims::Extractor::load({"recruitment"});
  for (const auto& c : extractor.extract("Some 742 Belarusians " + bad + " have fought. " + bad)) {
    EXPECT_TRUE(valid_utf8(c.quote)) << c.quote;
  }

  // Through the daemon and back out as JSON.
  test::TempDir dir;
  test::HttpServer server;
  server.route("/bad.xml", 200, doc, {{"Content-Type", "application/rss+xml; charset=utf-8"}});
  test::write_file(dir / "nw.toml", config_for(server.url("/bad.xml")));
  const auto once = newswatch("once", dir);
  EXPECT_EQ(once.status, 0) << once.err;
  for (const char* cmd : {"articles --json", "claims --json", "feeds --json"}) {
    const auto r = newswatch(cmd, dir);
    EXPECT_EQ(r.status, 0) << cmd << ": " << r.err;
    std::istringstream lines(r.out);
    std::string line;
    while (std::getline(lines, line)) {
      EXPECT_TRUE(valid_utf8(line)) << cmd;
      EXPECT_TRUE(nlohmann::json::accept(line)) << cmd << ": " << line;
    }
  }

  // A config file with invalid UTF-8 is a clear error, not a crash.
  test::write_file(dir / "bad.toml", "[[feeds]]\nname = \"a" + bad + "\"\nurl = \"file:a.xml\"\n");
  EXPECT_THROW((void)config::load(dir / "bad.toml"), config::ConfigError);
}

// --- count ---

TEST(HostileInput, ConfigWithTenThousandFeeds) {
  test::TempDir dir;
  std::string toml = "[storage]\npath = \"nw.db\"\n";
  for (int i = 0; i < 10000; ++i) {
    const auto n = std::to_string(i);
    toml += "[[feeds]]\nname = \"feed-" + n + "\"\nurl = \"https://news" + n +
            ".example/rss.xml\"\ninterval = \"" + std::to_string(1 + i % 60) + "m\"\n";
  }
  test::write_file(dir / "nw.toml", toml);
  const auto c = config::load(dir / "nw.toml");
  EXPECT_EQ(c.feeds.size(), 10000u);
  const auto check = newswatch("check", dir);
  EXPECT_EQ(check.status, 0) << check.err;
  const auto feeds = newswatch("feeds --json", dir);
  EXPECT_EQ(feeds.status, 0) << feeds.err;
  EXPECT_EQ(std::count(feeds.out.begin(), feeds.out.end(), '\n'), 10000);
}

}  // namespace
}  // namespace nw
