// The XML layer shared by the RSS, RDF and Atom readers: a forgiving load,
// namespace-aware element names, xml:base, and text extraction.
#pragma once

#include <pugixml.hpp>

#include <string>
#include <string_view>

namespace nw::parsers {

// A parsed document; pugixml parses in place, so the buffer lives alongside.
struct XmlDocument {
  std::string buffer;
  pugi::xml_document doc;
  bool bozo = false;
  std::string bozo_message;
  bool netscape_091 = false;       // the document declares Netscape's RSS 0.91 DTD
  bool undeclared_prefix = false;  // set while reading names: an element used an undeclared prefix
};

// Parses UTF-8 `text` (consumed). Entity soup is repaired first; a document
// that is still not well-formed is re-parsed after balancing its tags. Any
// repair sets `bozo`. Depth beyond `max_depth` is cut off (bozo).
void load_xml(std::string text, XmlDocument& out, std::size_t max_depth = 256);

// An element name with its namespace mapped to a fixed short prefix:
// "" for RSS/RDF/Atom, "dc", "dcterms", "content", "media", "itunes", "rdf",
// "xhtml"; an unknown namespace keeps the prefix written in the document.
struct QName {
  std::string_view ns;
  std::string_view local;
  bool is(std::string_view n, std::string_view l) const { return ns == n && local == l; }
};

// The QName of an element (namespace declarations looked up in its ancestors).
QName qname(pugi::xml_node node, XmlDocument* doc = nullptr);

// Attribute by local name, ignoring any prefix ("rdf:about" matches "about").
pugi::xml_attribute attr_local(pugi::xml_node node, std::string_view local);

// The base URI in scope for `node`: xml:base attributes of it and its
// ancestors resolved in turn against `doc_base`; unsafe schemes ignored.
std::string base_of(pugi::xml_node node, std::string_view doc_base);

// All character data below `node`, trimmed.
std::string text_of(pugi::xml_node node);

// The children of `node` serialized as XML (the markup of inline XHTML).
std::string inner_xml(pugi::xml_node node);

// True when `node` has element children.
bool has_element_children(pugi::xml_node node);

}  // namespace nw::parsers
