// Last-resort repair of XML that is not well-formed: tags balanced,
// attributes quoted, truncated constructs closed.
#pragma once

#include <string>
#include <string_view>

namespace nw::parsers {

// Re-serializes tag soup as well-formed XML: an end tag closes the nearest open
// element of that name (and those inside it), an end tag with no open element
// is dropped, elements still open at the end are closed, unquoted or duplicate
// attributes are fixed, text after the root element is dropped.
std::string repair_xml(std::string_view xml);

}  // namespace nw::parsers
