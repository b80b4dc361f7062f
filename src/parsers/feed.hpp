// The normalized feed: what every format (RSS, Atom, RDF, JSON Feed, HTML page)
// is turned into. Field names follow interface.md's `parse` output.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "util/time.hpp"

namespace nw::parsers {

struct Enclosure {
  std::string url;
  std::string length;
  std::string type;
};

struct Entry {
  std::string id;  // identity within the feed: GUID, else link, else hash of title+content
  std::string title;
  std::string link;  // absolute
  std::optional<Time> published;
  std::optional<Time> updated;
  std::string author;
  std::string author_email;
  std::string summary;  // as the feed gives it (HTML kept, relative links resolved)
  std::string content;  // as the feed gives it (HTML kept, relative links resolved)
  std::vector<std::string> categories;
  std::vector<Enclosure> enclosures;
  std::string text;  // clean text for claim extraction: paragraphs separated by "\n\n"
};

struct Feed {
  std::string format;    // rss | atom | rdf | jsonfeed | html | unknown
  std::string version;   // e.g. "rss20", "atom10"
  std::string encoding;  // the charset the bytes were decoded from
  bool bozo = false;     // the input had a defect and was recovered
  std::string bozo_message;
  std::string title;
  std::string link;
  std::string subtitle;
  std::string id;  // Atom feed id
  std::optional<Time> published;
  std::optional<Time> updated;
  std::string author;
  std::string author_email;
  std::string language;
  std::vector<Entry> entries;
  bool truncated = false;  // more entries than ParseOptions.max_entries; the rest were dropped
};

}  // namespace nw::parsers
