// Namespace-aware element names: the document's prefixes mapped to fixed ones.
#include <cstring>

#include "parsers/xml_doc.hpp"

namespace nw::parsers {
namespace {

struct KnownNamespace {
  std::string_view uri;  // lower-case
  std::string_view prefix;
};

// Namespaces whose elements we read, mapped the way feedparser maps them so
// that "atom:title" in RSS and "title" in Atom are the same element.
constexpr KnownNamespace k_namespaces[] = {
    {"http://backend.userland.com/rss", ""},
    {"http://backend.userland.com/rss2", ""},
    {"http://blogs.law.harvard.edu/tech/rss", ""},
    {"http://purl.org/rss/1.0/", ""},
    {"http://my.netscape.com/rdf/simple/0.9/", ""},
    {"http://purl.org/atom/ns#", ""},
    {"http://www.w3.org/2005/atom", ""},
    {"http://purl.org/rss/1.0/modules/rss091#", ""},
    {"http://example.com/newformat#", ""},
    {"http://example.com/necho", ""},
    {"http://purl.org/echo/", ""},
    {"uri/of/echo/namespace#", ""},
    {"http://purl.org/pie/", ""},
    {"http://purl.org/dc/elements/1.1/", "dc"},
    {"http://purl.org/dc/terms/", "dcterms"},
    {"http://purl.org/rss/1.0/modules/content/", "content"},
    {"http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdf"},
    {"http://search.yahoo.com/mrss/", "media"},
    {"http://search.yahoo.com/mrss", "media"},
    {"http://video.search.yahoo.com/mrss", "media"},
    {"http://video.search.yahoo.com/mrss/", "media"},
    {"http://www.itunes.com/dtds/podcast-1.0.dtd", "itunes"},
    {"http://example.com/dtds/podcast-1.0.dtd", "itunes"},
    {"http://www.w3.org/1999/xhtml", "xhtml"},
    {"http://www.w3.org/xml/1998/namespace", "xml"},
    {"http://purl.org/rss/1.0/modules/slash/", "slash"},
    {"http://wellformedweb.org/commentapi/", "wfw"},
};

}  // namespace

std::string_view known_prefix(std::string_view uri, std::string_view written, bool& known) {
  known = true;
  // Case-insensitive compare without allocating: this runs for every element.
  for (const auto& ns : k_namespaces) {
    if (ns.uri.size() != uri.size()) continue;
    bool same = true;
    for (std::size_t i = 0; same && i < uri.size(); ++i) {
      char c = uri[i];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      same = c == ns.uri[i];
    }
    if (same) return ns.prefix;
  }
  known = false;
  return written;
}

namespace {

// Position of the first ':' in an element name: a plain loop, as names are short.
std::size_t colon_in(std::string_view name) {
  for (std::size_t i = 0; i < name.size(); ++i)
    if (name[i] == ':') return i;
  return std::string_view::npos;
}

// Depth of an element: the root element is 1.
std::size_t depth_of(pugi::xml_node node) {
  std::size_t d = 0;
  for (pugi::xml_node n = node; n && n.type() == pugi::node_element; n = n.parent()) ++d;
  return d;
}

// depth_of, with the parent's depth memoized in `doc`: the children of one
// item ask one after the other, and each walk up costs a call per ancestor.
std::size_t depth_of(pugi::xml_node node, XmlDocument& doc) {
  if (node.type() != pugi::node_element) return 0;
  const pugi::xml_node parent = node.parent();
  if (parent != doc.depth_memo_parent) {
    doc.depth_memo_parent = parent;
    doc.depth_memo = depth_of(parent);
  }
  return doc.depth_memo + 1;
}

// True when attribute `name` is "xmlns" (prefix empty) or "xmlns:<prefix>".
bool declares(const char* name, std::string_view prefix) {
  if (std::strncmp(name, "xmlns", 5) != 0) return false;
  if (prefix.empty()) return name[5] == '\0';
  return name[5] == ':' && std::strncmp(name + 6, prefix.data(), prefix.size()) == 0 &&
         name[6 + prefix.size()] == '\0';
}

}  // namespace

QName qname(pugi::xml_node node, XmlDocument* doc, bool note_undeclared) {
  // One pass finds the end or the colon: no strlen first, as most names have no prefix.
  const char* const name = node.name();
  std::size_t colon = 0;
  while (name[colon] != '\0' && name[colon] != ':') ++colon;
  const bool prefixed = name[colon] == ':';
  const std::string_view prefix = prefixed ? std::string_view(name, colon) : std::string_view{};
  const std::string_view local =
      prefixed ? std::string_view(name + colon + 1) : std::string_view(name, colon);
  if (prefix == "xml") return {"xml", local};
  if (prefix.size() + 6 >= 128) return {prefix, local};  // no real prefix is that long
  const bool noted = doc && note_undeclared;
  // Only the root declares namespaces above this element: the table made once per document.
  if (doc && doc->inner_ns_depth > 0 &&
      (doc->inner_ns_depth == static_cast<std::size_t>(-1) ||
       depth_of(node, *doc) < doc->inner_ns_depth)) {
    for (const RootPrefix& r : doc->root_prefixes)
      if (r.written == prefix) return {r.known ? r.mapped : prefix, local};
  } else {
    // Looks up xmlns or xmlns:prefix from the element outwards.
    for (pugi::xml_node n = node; n && n.type() == pugi::node_element; n = n.parent()) {
      for (pugi::xml_attribute a = n.first_attribute(); a; a = a.next_attribute()) {
        if (declares(a.name(), prefix)) {
          bool known = false;
          return {known_prefix(a.value(), prefix, known), local};
        }
      }
    }
  }
  if (!prefix.empty() && noted) doc->undeclared_prefix = true;
  // Undeclared: the usual prefixes still mean what they usually mean.
  return {prefix, local};
}

std::string_view local_name(pugi::xml_node node) {
  const std::string_view full = node.name();
  const std::size_t colon = colon_in(full);
  return colon == std::string_view::npos ? full : full.substr(colon + 1);
}

pugi::xml_attribute attr_local(pugi::xml_node node, std::string_view local) {
  for (pugi::xml_attribute a = node.first_attribute(); a; a = a.next_attribute()) {
    const std::string_view n = a.name();
    const std::size_t colon = n.find(':');
    const std::string_view l = colon == std::string_view::npos ? n : n.substr(colon + 1);
    if (l == local && !n.starts_with("xmlns")) return a;
  }
  return {};
}

}  // namespace nw::parsers
