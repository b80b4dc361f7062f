// Parses the 40 real feeds of ../shared/corpus/realworld and compares what
// newswatch finds with what feedparser 6.0.10 found in the same bytes (the
// manifest's `feedparser_observed`). Where newswatch differs on purpose, the
// case is listed below with the reason.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "parsers/parse.hpp"
#include "support/test_paths.hpp"
#include "util/time.hpp"

namespace nw::parsers {
namespace {

using nlohmann::json;

// file -> field -> why newswatch's value is not feedparser's.
const std::map<std::string, std::map<std::string, std::string>> k_on_purpose = {
    {"node-feedparser/illegally-nested.xml",
     {{"entries", "each item holds an empty nested <item/>; feedparser counts those too"}}},
    {"node-feedparser/notafeed.html",
     {{"version", "an HTML page is reported as format html, with bozo set"},
      {"feed.title", "the page's <title> is kept as the feed title"}}},
    {"miniflux/encoding-windows-1252-incorrect-prolog.xml",
     {{"encoding", "the bytes are valid UTF-8: kept as UTF-8 (bozo), not mis-decoded"},
      {"feed.title", "feedparser's title is mojibake ('Euro â‚¬')"},
      {"bozo", "the wrong prolog is a defect worth flagging"}}},
    {"miniflux/encoding-utf8-incorrect-prolog.xml",
     {{"encoding", "the bytes are valid UTF-8: kept as UTF-8 (bozo)"},
      {"bozo", "the wrong prolog is a defect worth flagging"}}},
    {"feed-rs/rss_2.0_nbcny.xml",
     {{"entries[0].published", "'02:02:33 PM' is 14:02; feedparser drops the PM"}}},
    {"feed-rs/atom_mediarss_youtube_1.xml",
     {{"feed.link", "the feed has no link element; feedparser reuses the non-URL id"}}},
};

// A field of a manifest record, null when absent (a const json's [] must not
// be asked for a missing key: it asserts).
json field(const json& record, const char* key) {
  const auto it = record.find(key);
  return it == record.end() ? json() : *it;
}

std::string str_or_empty(const json& j) {
  return j.is_string() ? j.get<std::string>() : "";
}

std::string date_or_empty(const std::optional<Time>& t) {
  return t ? format_iso8601(*t) : "";
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

TEST(RealWorldFeeds, AgreeWithFeedparserExceptWhereListed) {
  const auto shared = test::shared_dir();
  if (!shared) GTEST_SKIP() << "../shared is absent: real-world feed corpus not run";
  const auto root = *shared / "corpus" / "realworld";
  std::ifstream manifest(root / "manifest.jsonl");
  ASSERT_TRUE(manifest) << "no manifest in " << root;
  int files = 0, fields = 0, differences = 0;
  for (std::string line; std::getline(manifest, line);) {
    const json m = json::parse(line);
    const std::string file = m.at("file");
    const json& fp = m.at("feedparser_observed");
    ParseOptions options;  // no URL, as feedparser was given none: relative links stay relative
    const Feed feed = parse_feed(test::read_file(root / file), options);
    ++files;
    const Entry* first = feed.entries.empty() ? nullptr : &feed.entries.front();
    const std::map<std::string, std::pair<std::string, std::string>> compared = {
        {"version", {feed.version, str_or_empty(field(fp, "version"))}},
        {"entries", {std::to_string(feed.entries.size()), field(fp, "entries").dump()}},
        {"encoding", {lower(feed.encoding), lower(str_or_empty(field(fp, "encoding")))}},
        {"bozo", {feed.bozo ? "true" : "false", field(fp, "bozo").dump()}},
        {"feed.title", {feed.title, str_or_empty(field(fp, "feed.title"))}},
        {"feed.link", {feed.link, str_or_empty(field(fp, "feed.link"))}},
        {"entries[0].title",
         {first ? first->title : "", str_or_empty(field(fp, "entries[0].title"))}},
        {"entries[0].link", {first ? first->link : "", str_or_empty(field(fp, "entries[0].link"))}},
        {"entries[0].published",
         {first ? date_or_empty(first->published) : "",
          str_or_empty(field(fp, "entries[0].published"))}},
    };
    const auto listed = k_on_purpose.find(file);
    for (const auto& [name, values] : compared) {
      ++fields;
      const bool on_purpose = listed != k_on_purpose.end() && listed->second.count(name);
      if (values.first == values.second) {
        EXPECT_FALSE(on_purpose) << file << ": " << name << " now agrees; drop it from the list";
        continue;
      }
      ++differences;
      EXPECT_TRUE(on_purpose) << file << ": " << name << " is '" << values.first
                              << "', feedparser found '" << values.second << "'";
    }
    // Counts feedparser saw are a floor for what a reader needs.
    std::size_t with_link = 0, with_date = 0, with_id = 0;
    for (const Entry& e : feed.entries) {
      with_link += !e.link.empty();
      with_date += e.published || e.updated;
      with_id += !e.id.empty();
    }
    if (!(listed != k_on_purpose.end() && listed->second.count("entries"))) {
      EXPECT_GE(with_link, field(fp, "entries_with_link").get<std::size_t>()) << file;
      EXPECT_GE(with_date, field(fp, "entries_with_date").get<std::size_t>()) << file;
      EXPECT_GE(with_id, field(fp, "entries_with_id").get<std::size_t>()) << file;
    }
  }
  EXPECT_EQ(files, 40);
  std::printf("real-world feeds: %d files, %d of %d fields differ from feedparser, all listed\n",
              files, differences, fields);
}

}  // namespace
}  // namespace nw::parsers
