// Feeds and configs for tests: RSS documents from items, [[feeds]] tables,
// and a config file with its database beside it.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "support/test_paths.hpp"

namespace nw::test {

// One RSS <item>; empty fields are left out.
struct RssItem {
  std::string guid;
  std::string title;
  std::string description;  // as written into the XML (escape markup yourself)
  std::string link;
  std::string pub_date;  // RFC 822
};

inline std::string rss_item(const RssItem& i) {
  std::string out = "<item>";
  if (!i.guid.empty()) out += "<guid>" + i.guid + "</guid>";
  if (!i.title.empty()) out += "<title>" + i.title + "</title>";
  if (!i.link.empty()) out += "<link>" + i.link + "</link>";
  if (!i.pub_date.empty()) out += "<pubDate>" + i.pub_date + "</pubDate>";
  if (!i.description.empty()) out += "<description>" + i.description + "</description>";
  return out + "</item>";
}

// An RSS 2.0 document around `items` (already rendered <item> elements).
inline std::string rss(const std::string& items, const std::string& title = "T") {
  return "<rss version=\"2.0\"><channel><title>" + title + "</title>" + items + "</channel></rss>";
}
inline std::string rss(const std::vector<RssItem>& items, const std::string& title = "T") {
  std::string out;
  for (const auto& i : items) out += rss_item(i);
  return rss(out, title);
}

// A [[feeds]] table.
inline std::string feed_toml(const std::string& name, const std::string& url,
                             const std::string& interval = "") {
  std::string out = "[[feeds]]\nname = \"" + name + "\"\nurl = \"" + url + "\"\n";
  if (!interval.empty()) out += "interval = \"" + interval + "\"\n";
  return out;
}

// Writes `dir`/nw.toml: [storage] path = `database` (relative to it), then `body`.
inline std::filesystem::path write_config(const TempDir& dir, const std::string& body,
                                          const std::string& database = "nw.db") {
  write_file(dir / "nw.toml", "[storage]\npath = \"" + database + "\"\n" + body);
  return dir / "nw.toml";
}

}  // namespace nw::test
