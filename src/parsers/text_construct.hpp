// Atom text constructs and their RSS equivalents: plain text, escaped HTML,
// inline XHTML or base64, each turned into the string the feed meant.
#pragma once

#include <pugixml.hpp>

#include <string>

namespace nw::parsers {

struct ReadContext;

// The value of a text-bearing element and whether it is markup (HTML/XHTML).
struct TextValue {
  std::string value;
  bool markup = false;
  bool textual = true;  // text, HTML or XHTML (not some other media type carried as base64)
};

// Reads `el` as a text construct. `default_html` says how to read it without a
// type attribute (RSS descriptions are HTML; Atom titles are text). Markup has
// its relative URLs resolved against the element's base.
TextValue read_text_construct(pugi::xml_node el, const ReadContext& ctx, bool default_html);

// Decodes base64, skipping whitespace and stopping at the first invalid character.
std::string decode_base64(std::string_view in);

}  // namespace nw::parsers
