#include "parsers/xml_doc.hpp"

#include <cstdio>
#include <vector>

#include "parsers/entities.hpp"
#include "parsers/urls.hpp"
#include "parsers/xml_repair.hpp"
#include "util/text.hpp"

namespace nw::parsers {
namespace {

constexpr unsigned k_parse_flags = pugi::parse_default;

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

// Cuts the tree below `max_depth` so that no later walk can go deep.
bool prune_depth(pugi::xml_node root, std::size_t max_depth) {
  bool pruned = false;
  std::vector<std::pair<pugi::xml_node, std::size_t>> stack{{root, 0}};
  while (!stack.empty()) {
    auto [node, depth] = stack.back();
    stack.pop_back();
    if (depth >= max_depth) {
      while (node.first_child()) {
        node.remove_child(node.first_child());
        pruned = true;
      }
      continue;
    }
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling())
      if (c.type() == pugi::node_element) stack.emplace_back(c, depth + 1);
  }
  return pruned;
}

// "<?xml" somewhere other than the very start: not well-formed.
bool misplaced_declaration(std::string_view text) {
  const std::size_t pos = text.find("<?xml");
  if (pos == std::string_view::npos || pos == 0) return false;
  const std::size_t root = text.find_first_not_of(" \t\r\n");
  const char next = pos + 5 < text.size() ? text[pos + 5] : ' ';
  return root != pos && (next == ' ' || next == '\t' || next == '\r' || next == '\n') &&
         text.find("<?xml-") != pos;
}

class StringWriter : public pugi::xml_writer {
 public:
  explicit StringWriter(std::string& out) : m_out(out) {}
  void write(const void* data, size_t size) override {
    m_out.append(static_cast<const char*>(data), size);
  }

 private:
  std::string& m_out;
};

void set_bozo(XmlDocument& out, std::string message) {
  if (!out.bozo) out.bozo_message = std::move(message);
  out.bozo = true;
}

}  // namespace

void load_xml(std::string text, XmlDocument& out, std::size_t max_depth) {
  if (misplaced_declaration(text))
    set_bozo(out, "XML declaration not at the start of the document");
  out.netscape_091 = text.find("-//Netscape Communications//DTD RSS 0.91") < 4096;
  EntityPrepass pre = prepare_entities(text);
  if (pre.changed) text.swap(pre.text);
  if (pre.bozo) set_bozo(out, pre.message);
  out.buffer = std::move(text);
  // pugixml parses in place and rewrites the buffer: keep the original for a repair pass.
  std::string copy_for_repair = out.buffer;
  pugi::xml_parse_result result = out.doc.load_buffer_inplace(out.buffer.data(), out.buffer.size(),
                                                              k_parse_flags, pugi::encoding_utf8);
  if (!result || !out.doc.document_element()) {
    set_bozo(out, std::string("not well-formed XML: ") + result.description() + " at byte " +
                      std::to_string(result.offset));
    std::string repaired = repair_xml(copy_for_repair);
    out.buffer = std::move(repaired);
    out.doc.reset();
    out.doc.load_buffer_inplace(out.buffer.data(), out.buffer.size(), k_parse_flags,
                                pugi::encoding_utf8);
  }
  if (prune_depth(out.doc, max_depth)) set_bozo(out, "nesting too deep; cut off");
}

QName qname(pugi::xml_node node, XmlDocument* doc) {
  const std::string_view full = node.name();
  const std::size_t colon = full.find(':');
  const std::string_view prefix =
      colon == std::string_view::npos ? std::string_view{} : full.substr(0, colon);
  const std::string_view local = colon == std::string_view::npos ? full : full.substr(colon + 1);
  if (prefix == "xml") return {"xml", local};
  // Looks up xmlns or xmlns:prefix from the element outwards.
  char attr_name[128];
  std::string_view wanted = "xmlns";
  if (!prefix.empty()) {
    if (prefix.size() + 6 >= sizeof attr_name) return {prefix, local};
    std::snprintf(attr_name, sizeof attr_name, "xmlns:%.*s", static_cast<int>(prefix.size()),
                  prefix.data());
    wanted = attr_name;
  }
  for (pugi::xml_node n = node; n && n.type() == pugi::node_element; n = n.parent()) {
    for (pugi::xml_attribute a = n.first_attribute(); a; a = a.next_attribute()) {
      if (wanted == a.name()) {
        bool known = false;
        const std::string_view p = known_prefix(a.value(), prefix, known);
        return {p, local};
      }
    }
  }
  if (!prefix.empty() && doc) doc->undeclared_prefix = true;
  // Undeclared: the usual prefixes still mean what they usually mean.
  return {prefix, local};
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

std::string base_of(pugi::xml_node node, std::string_view doc_base) {
  std::vector<std::string_view> bases;
  for (pugi::xml_node n = node; n && n.type() == pugi::node_element; n = n.parent())
    if (pugi::xml_attribute b = n.attribute("xml:base")) bases.push_back(b.value());
  std::string base(doc_base);
  for (auto it = bases.rbegin(); it != bases.rend(); ++it) {
    if (!is_safe_url(*it)) continue;
    base = resolve_url(base, *it);
  }
  return base;
}

std::string text_of(pugi::xml_node node) {
  std::string out;
  if (node.type() == pugi::node_pcdata || node.type() == pugi::node_cdata) {
    out = node.value();
  } else {
    pugi::xml_node first = node.first_child();
    if (first && !first.next_sibling() &&
        (first.type() == pugi::node_pcdata || first.type() == pugi::node_cdata)) {
      out = first.value();  // the common case, without a traversal
    } else {
      for (pugi::xml_node n = node.first_child(); n;) {
        if (n.type() == pugi::node_pcdata || n.type() == pugi::node_cdata) out += n.value();
        if (n.first_child()) {
          n = n.first_child();
          continue;
        }
        while (n && n != node && !n.next_sibling()) n = n.parent();
        if (!n || n == node) break;
        n = n.next_sibling();
      }
    }
  }
  const std::string_view t = trim(out);
  if (t.size() != out.size()) return std::string(t);
  return out;
}

std::string inner_xml(pugi::xml_node node) {
  std::string out;
  StringWriter writer(out);
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling())
    c.print(writer, "", pugi::format_raw, pugi::encoding_utf8);
  const std::string_view t = trim(out);
  if (t.size() != out.size()) return std::string(t);
  return out;
}

bool has_element_children(pugi::xml_node node) {
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element) return true;
  return false;
}

}  // namespace nw::parsers
