// The per-format readers behind parse_feed (internal to the parsers stage).
#pragma once

#include <pugixml.hpp>

#include <string_view>

#include "parsers/elements.hpp"
#include "parsers/feed.hpp"
#include "parsers/parse.hpp"

namespace nw::parsers {

// Index just past the '>' closing the markup tag that starts at `pos` (quoted
// attribute values respected), or the end of `html`.
std::size_t html_tag_end(std::string_view html, std::size_t pos);

// RSS 0.9x/2.0 (<rss>, or a bare <channel>) and RSS 0.90/1.0 (<rdf:RDF>).
void read_rss(pugi::xml_node root, ReadContext& ctx, Feed& feed);

// Atom 0.3 and 1.0 (<feed>).
void read_atom(pugi::xml_node root, ReadContext& ctx, Feed& feed);

// JSON Feed 1.0/1.1. False when `text` is not a JSON Feed.
bool read_jsonfeed(std::string_view text, const ParseOptions& options, Feed& feed);

// An HTML page: its title, and (for kind "page") one entry with the page text.
void read_html_page(std::string_view text, const ParseOptions& options, Feed& feed);

}  // namespace nw::parsers
