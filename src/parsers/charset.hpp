// Character encoding of a fetched document: detection in the XML
// specification's order and conversion to UTF-8 with ICU.
#pragma once

#include <string>
#include <string_view>

namespace nw::parsers {

// A document turned into UTF-8.
struct Decoded {
  std::string owned;          // the converted text, unless the input could be used as is
  std::string_view borrowed;  // the input minus its BOM when it was clean UTF-8 (no copy)
  bool is_borrowed = false;
  std::string encoding;  // the charset the bytes were read as, lower-case ("utf-8", "windows-1252")
  bool bozo = false;     // invalid bytes, or a declared charset that did not fit the bytes
  std::string message;
  // UTF-8, BOM removed, invalid bytes replaced by U+FFFD; borrowed text lives as long as the input.
  std::string_view text() const { return is_borrowed ? borrowed : std::string_view(owned); }
};

// The charset parameter of a Content-Type value ("text/xml; charset=koi8-r"), lower-case, or "".
std::string charset_of(std::string_view content_type);

// Decodes `bytes`: the HTTP charset wins, then a BOM or the UTF-16/32 pattern
// of "<?", then the XML declaration (or an HTML meta charset), then UTF-8.
// Never fails: an unknown charset falls back to UTF-8 (bozo), bad bytes become U+FFFD.
Decoded decode_document(std::string_view bytes, std::string_view content_type);

}  // namespace nw::parsers
