// Character references: HTML named entities, UTF-8 encoding, and the pre-pass
// that makes a feed's entity soup acceptable to a strict XML parser.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace nw::parsers {

// Appends the UTF-8 form of a code point; invalid ones become U+FFFD.
void append_utf8(std::string& out, char32_t cp);

// The code point of an HTML 4 named entity ("nbsp" -> U+00A0), or nullopt.
std::optional<char32_t> html_entity(std::string_view name);

// Maps code points 0x80-0x9F (windows-1252 bytes misread as Latin-1) to the
// characters they were meant to be; other code points pass through.
char32_t demoronize(char32_t cp);

// Decodes numeric and HTML named character references in text (not markup-aware).
std::string decode_entities(std::string_view text);

// Result of preparing XML text for pugixml.
struct EntityPrepass {
  std::string text;      // the rewritten document (empty when `changed` is false)
  bool changed = false;  // false: the input can be parsed as is
  bool bozo = false;     // undefined entities, stray '&' or '<' were repaired
  std::string message;
};

// Rewrites what a strict XML parser would reject or misread, outside CDATA and
// comments: HTML named entities and internal-DTD entities become their text,
// a stray '&' becomes "&amp;", a stray '<' becomes "&lt;", references to
// windows-1252 code points (&#146;) become the intended characters.
EntityPrepass prepare_entities(std::string_view xml);

// False when every '&' in `xml` is an XML entity or a numeric reference that
// prepare_entities leaves alone, so the pass can be skipped. Stray '<' is not
// looked at: pugixml rejects it in text, and load_xml checks attributes.
bool entity_prepass_needed(std::string_view xml);

}  // namespace nw::parsers
