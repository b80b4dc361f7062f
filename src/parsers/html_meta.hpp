// What a page's head says about it, read with gumbo (a real HTML5 parser).
#pragma once

#include <gumbo.h>

#include <string>
#include <string_view>

namespace nw::parsers {

struct PageMeta {
  std::string title;          // og:title, else <title>, else the first <h1>
  std::string canonical_url;  // <link rel=canonical>, else og:url; absolute; "" if none
  std::string published;      // article:published_time, JSON-LD datePublished or <time datetime>
  std::string author;         // meta author / article:author, else JSON-LD author name
};

// Reads the head (and any stray <link>/<meta> in the body) of `html`; relative
// URLs resolve against `base_url`. Bounded: gumbo limits its own tree depth.
PageMeta read_page_meta(std::string_view html, std::string_view base_url);

// The same from a document gumbo already parsed.
PageMeta read_page_meta(const GumboNode* root, std::string_view base_url);

}  // namespace nw::parsers
