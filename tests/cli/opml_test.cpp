// `newswatch import-opml`: OPML 1.0/2.0 with nested outlines into [[feeds]] TOML.
#include "cli/opml.hpp"

#include <gtest/gtest.h>

#include "config/config.hpp"
#include "support/test_paths.hpp"

namespace nw {
namespace {

const char* const k_nested = R"(<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
  <head><title>My feeds</title></head>
  <body>
    <outline text="News" title="News">
      <outline type="rss" text="World &quot;desk&quot;" title="World &quot;desk&quot;" xmlUrl="https://w.example/rss" htmlUrl="https://w.example/"/>
      <outline text="Europe">
        <outline type="rss" text="Kyiv \ Wire" xmlUrl="https://k.example/atom"/>
        <outline type="rss" title="World &quot;desk&quot;" xmlUrl="https://w2.example/rss"/>
      </outline>
    </outline>
    <outline type="rss" xmlURL="https://noname.example/feed.xml"/>
    <outline type="rss" text="Again" xmlUrl="https://w.example/rss"/>
    <outline text="Not a feed" htmlUrl="https://x.example/"/>
  </body>
</opml>)";

TEST(OpmlTest, NestedOutlinesBecomeUniquelyNamedFeeds) {
  const auto feeds = cli::parse_opml(k_nested);
  ASSERT_EQ(feeds.size(), 4u);
  EXPECT_EQ(feeds[0].name, "World \"desk\"");
  EXPECT_EQ(feeds[0].url, "https://w.example/rss");
  EXPECT_EQ(feeds[0].folder, "News");
  EXPECT_EQ(feeds[1].name, "Kyiv \\ Wire");  // text when there is no title
  EXPECT_EQ(feeds[1].folder, "News/Europe");
  EXPECT_EQ(feeds[2].name, "World \"desk\" (2)");
  EXPECT_EQ(feeds[3].name, "noname.example");  // neither: the host
  EXPECT_EQ(feeds[3].folder, "");
}

TEST(OpmlTest, Opml1WithoutTitles) {
  const auto feeds = cli::parse_opml(
      R"(<opml version="1.0"><body><outline text="A" xmlUrl="http://a/"/></body></opml>)");
  ASSERT_EQ(feeds.size(), 1u);
  EXPECT_EQ(feeds[0].name, "A");
}

TEST(OpmlTest, RejectsWhatIsNotOpml) {
  EXPECT_THROW(cli::parse_opml("<rss/>"), std::runtime_error);
  EXPECT_THROW(cli::parse_opml("<opml"), std::runtime_error);
}

TEST(OpmlTest, TomlStringsAreEscaped) {
  EXPECT_EQ(cli::toml_string("a\"b\\c\nd\x01"), "\"a\\\"b\\\\c\\nd\\u0001\"");
}

TEST(OpmlTest, CommandPrintsTomlTheConfigAccepts) {
  test::TempDir dir;
  test::write_file(dir / "subs.opml", k_nested);
  const auto r =
      test::run_command(test::binary().string() + " import-opml " + (dir / "subs.opml").string());
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("# News/Europe\n[[feeds]]\nname = \"Kyiv \\\\ Wire\"\n"
                       "url = \"https://k.example/atom\"\n"),
            std::string::npos)
      << r.out;
  test::write_file(dir / "nw.toml", "[storage]\npath = \"nw.db\"\n" + r.out);
  const auto c = config::load(dir / "nw.toml");
  ASSERT_EQ(c.feeds.size(), 4u);
  EXPECT_EQ(c.feeds[0].name, "World \"desk\"");
  EXPECT_EQ(c.feeds[2].name, "World \"desk\" (2)");
}

}  // namespace
}  // namespace nw
