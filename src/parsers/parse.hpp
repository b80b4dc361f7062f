// Entry point of the parsers stage: bytes in, normalized Feed out.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "parsers/feed.hpp"

namespace nw::parsers {

struct ParseOptions {
  std::string url;           // where the bytes came from: base for relative links
  std::string content_type;  // HTTP Content-Type (may carry a charset); never trusted for format
  std::string
      content_location;  // HTTP Content-Location: the base URI when given (resolved against url)
  std::string kind = "auto";  // auto | rss | atom | rdf | jsonfeed | page (config `kind`)
  std::size_t max_entries = 10000;
};

// Sniffs the format from the content and parses it. Never throws on bad input:
// a defect sets `bozo`; an unrecognizable document gives format "unknown" and no entries.
Feed parse_feed(std::string_view bytes, const ParseOptions& options);

// Reduces an HTML fragment to clean text: entities decoded, whitespace
// normalized, block elements separated by blank lines.
std::string html_to_text(std::string_view html);

}  // namespace nw::parsers
