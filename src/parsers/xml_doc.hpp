// The XML layer shared by the RSS, RDF and Atom readers: a forgiving load,
// namespace-aware element names, xml:base, and text extraction.
#pragma once

#include <pugixml.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace nw::parsers {

// A namespace declaration on the root element: `xmlns` ("") or `xmlns:prefix`.
struct RootPrefix {
  std::string_view written;  // the prefix as declared
  std::string_view mapped;   // the fixed short prefix of a known namespace
  bool known = false;        // false: names keep the prefix written in the document
};

// A parsed document; pugixml parses in place, so the buffer lives alongside.
struct XmlDocument {
  std::string buffer;
  pugi::xml_document doc;
  bool bozo = false;
  std::string bozo_message;
  bool netscape_091 = false;       // the document declares Netscape's RSS 0.91 DTD
  bool undeclared_prefix = false;  // set while reading names: an element used an undeclared prefix
  // Namespace scope found once by load_xml, so qname need not walk up the tree:
  // below `inner_ns_depth` (root = 1) only the root's declarations are in scope.
  std::vector<RootPrefix> root_prefixes;
  std::size_t inner_ns_depth = 0;  // 0 until load_xml has scanned the tree
  bool has_xml_base = false;       // some element carries xml:base
  // qname's memo: the depth of the last parent asked about (readers ask for runs of siblings).
  pugi::xml_node depth_memo_parent;
  std::size_t depth_memo = 0;
};

// Parses UTF-8 `text`, which must outlive the call only (the tree lives in
// out.buffer). Entity soup is repaired first when the document has any; a
// document that is still not well-formed is re-parsed after balancing its tags.
// Any repair sets `bozo`. Depth beyond `max_depth` is cut off (bozo).
void load_xml(std::string_view text, XmlDocument& out, std::size_t max_depth = 256);

// An element name with its namespace mapped to a fixed short prefix:
// "" for RSS/RDF/Atom, "dc", "dcterms", "content", "media", "itunes", "rdf",
// "xhtml"; an unknown namespace keeps the prefix written in the document.
struct QName {
  std::string_view ns;
  std::string_view local;
  bool is(std::string_view n, std::string_view l) const { return ns == n && local == l; }
};

// The QName of an element (namespace declarations looked up in its ancestors,
// or in doc's root table when that is all that is in scope). An undeclared
// prefix sets doc->undeclared_prefix when `note_undeclared`.
QName qname(pugi::xml_node node, XmlDocument* doc = nullptr, bool note_undeclared = true);

// The local part of an element's name: no namespace lookup at all.
std::string_view local_name(pugi::xml_node node);

// The mapped prefix of namespace `uri`, or `written` (known = false) for an unknown one.
std::string_view known_prefix(std::string_view uri, std::string_view written, bool& known);

// Attribute by local name, ignoring any prefix ("rdf:about" matches "about").
pugi::xml_attribute attr_local(pugi::xml_node node, std::string_view local);

// The base URI in scope for `node`: xml:base attributes of it and its
// ancestors resolved in turn against `doc_base`; unsafe schemes ignored.
std::string base_of(pugi::xml_node node, std::string_view doc_base);

// The nearest element at or above `node` that carries xml:base, or null.
pugi::xml_node xml_base_holder(pugi::xml_node node);

// True for a text node (PCDATA or CDATA).
bool is_text_node(pugi::xml_node node);

// All character data below `node`, trimmed. Elements are parsed with their
// first child text kept as their own value (see load_xml), which this includes.
std::string text_of(pugi::xml_node node);

// The children of `node` serialized as XML (the markup of inline XHTML).
std::string inner_xml(pugi::xml_node node);

// True when `node` has element children.
bool has_element_children(pugi::xml_node node);

// The number of element children of `node`.
std::size_t count_element_children(pugi::xml_node node);

}  // namespace nw::parsers
