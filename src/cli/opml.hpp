// OPML subscription lists (OPML 1.0 and 2.0, as every feed reader exports
// them) turned into the [[feeds]] entries of our config.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace nw::cli {

struct OpmlFeed {
  std::string name;    // title, else text, else the URL's host; unique within the list
  std::string url;     // xmlUrl
  std::string folder;  // enclosing outlines' titles joined by "/" ("" at the top)
};

// Every outline with an xmlUrl, at any depth, in document order; a URL listed
// twice is kept once. Throws std::runtime_error when the XML does not parse
// or is not OPML.
std::vector<OpmlFeed> parse_opml(std::string_view xml);

// TOML basic string with quotes: backslash, quote and control characters escaped.
std::string toml_string(std::string_view s);

// The feeds as `[[feeds]]` tables (name, url), each after a comment naming its folder.
std::string to_toml(const std::vector<OpmlFeed>& feeds);

}  // namespace nw::cli
