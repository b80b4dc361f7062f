#include "parsers/xml_doc.hpp"

#include <algorithm>
#include <cstring>
#include <vector>

#include "parsers/entities.hpp"
#include "parsers/urls.hpp"
#include "parsers/xml_repair.hpp"
#include "util/text.hpp"

namespace nw::parsers {
namespace {

// An element's first child text is kept in the element itself
// (parse_embed_pcdata): in feeds half the nodes are such text, and each node
// costs the parse and every walk over the tree. The readers take an element's
// own value as that first text (text_of, inner_xml); all else is the default.
constexpr unsigned k_parse_flags = pugi::parse_default | pugi::parse_embed_pcdata;
// Text kept in an element cannot be cut off it, so a document deeper than the
// limit is read again with text as nodes, and cut as before.
constexpr unsigned k_deep_parse_flags = pugi::parse_default;

// What one walk over the parsed tree learns (and cuts): see XmlDocument.
struct TreeFacts {
  bool pruned = false;
  bool text_too_deep = false;    // embedded text to cut: the document must be read with text nodes
  bool lt_in_attribute = false;  // a raw '<' in an attribute value is what the entity pass repairs
};

// Records the root's namespace declarations, the shallowest inner one and any
// xml:base, and which elements sit at the depth limit. pugixml's own traverse
// loop is used: a walk through its accessors costs a library call per step.
class TreeScan : public pugi::xml_tree_walker {
 public:
  TreeScan(XmlDocument& out, std::size_t max_depth) : m_out(out), m_max_depth(max_depth) {}

  bool for_each(pugi::xml_node& node) override {
    if (node.type() != pugi::node_element) return true;
    const auto d = static_cast<std::size_t>(depth()) + 1;  // the root element is 1
    if (d > m_max_depth) return true;                      // cut off below
    for (pugi::xml_attribute a = node.first_attribute(); a; a = a.next_attribute()) note(a, d);
    if (d == m_max_depth && (node.first_child() || *node.value())) cut.push_back(node);
    return true;
  }

  std::vector<pugi::xml_node> cut;  // elements whose children go
  bool lt_in_attribute = false;  // a raw '<' in an attribute value is what the entity pass repairs

 private:
  void note(pugi::xml_attribute a, std::size_t d) {
    if (std::strchr(a.value(), '<')) lt_in_attribute = true;
    // Only names starting with 'x' matter: the rest are settled without measuring them.
    const char* const raw_name = a.name();
    if (raw_name[0] != 'x') return;
    const std::string_view name = raw_name;
    if (name.starts_with("xmlns")) {
      if (d > 1) {
        m_out.inner_ns_depth = std::min(m_out.inner_ns_depth, d);
      } else if (name.size() == 5 || name[5] == ':') {
        const std::string_view written = name.size() == 5 ? "" : name.substr(6);
        for (const RootPrefix& r : m_out.root_prefixes)
          if (r.written == written) return;  // the first declaration wins, as in the ancestor walk
        RootPrefix r{written, {}, false};
        r.mapped = known_prefix(a.value(), written, r.known);
        m_out.root_prefixes.push_back(r);
      }
    } else if (name == "xml:base") {
      m_out.has_xml_base = true;
    }
  }

  XmlDocument& m_out;
  std::size_t m_max_depth;
};

// Scans the parsed tree into `out` and cuts it below `max_depth`, so that no later walk can go
// deep. A tree parsed with embedded text (`flags`) is not cut but reported.
TreeFacts scan_tree(XmlDocument& out, std::size_t max_depth, unsigned flags) {
  out.root_prefixes.clear();
  out.inner_ns_depth = static_cast<std::size_t>(-1);
  out.has_xml_base = false;
  out.depth_memo_parent = {};  // a new tree: the memo's node may be gone
  TreeScan scan(out, max_depth);
  out.doc.traverse(scan);
  TreeFacts facts;
  facts.lt_in_attribute = scan.lt_in_attribute;
  if (!scan.cut.empty() && (flags & pugi::parse_embed_pcdata)) {
    facts.text_too_deep = true;
    return facts;
  }
  for (pugi::xml_node node : scan.cut) {
    while (node.first_child()) node.remove_child(node.first_child());
    facts.pruned = true;
  }
  return facts;
}

// "<?xml" somewhere other than the very start: not well-formed.
bool misplaced_declaration(std::string_view text) {
  // Searching for the rare '?' first: "<?xml" via find() stops at every '<'.
  std::size_t pos = 0;
  for (std::size_t q = text.find('?'); q != std::string_view::npos; q = text.find('?', q + 1)) {
    if (q > 0 && text[q - 1] == '<' && text.substr(q + 1, 3) == "xml") {
      pos = q - 1;
      break;
    }
  }
  if (pos == 0) return false;
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

// What lies between the start and end tag of an element pugixml printed as
// "<name attr=\"...\">...</name>": the start tag ends at the first '>' outside
// an attribute value (pugixml writes values in double quotes, a quote inside
// escaped).
std::string_view between_tags(std::string_view printed, std::string_view name) {
  bool quoted = false;
  std::size_t i = 0;
  while (i < printed.size() && (printed[i] != '>' || quoted)) {
    if (printed[i] == '"') quoted = !quoted;
    ++i;
  }
  const std::size_t start = i + 1;
  const std::size_t end_tag = name.size() + 3;  // "</" + name + ">"
  if (start + end_tag > printed.size()) return {};
  return printed.substr(start, printed.size() - start - end_tag);
}

void set_bozo(XmlDocument& out, std::string message) {
  if (!out.bozo) out.bozo_message = std::move(message);
  out.bozo = true;
}

}  // namespace

void load_xml(std::string_view text, XmlDocument& out, std::size_t max_depth) {
  if (misplaced_declaration(text))
    set_bozo(out, "XML declaration not at the start of the document");
  out.netscape_091 =
      text.substr(0, 4096 + 64).find("-//Netscape Communications//DTD RSS 0.91") < 4096;
  // The entity pass runs only when the document has something it would rewrite
  // (an '&' that is not a plain XML reference), or when a raw '<' made pugixml
  // fail or sits in an attribute value; otherwise pugixml reads the text as is.
  std::string prepared;
  bool prepassed = false;
  auto prepass = [&] {
    prepassed = true;
    EntityPrepass pre = prepare_entities(text);
    if (pre.bozo) set_bozo(out, pre.message);
    if (!pre.changed) return false;
    prepared = std::move(pre.text);
    text = prepared;
    return true;
  };
  unsigned flags = k_parse_flags;
  std::string_view source = text;  // what out.buffer was last loaded from
  auto parse_from = [&](std::string_view src) {
    source = src;
    out.doc.reset();
    out.buffer.assign(src);  // pugixml rewrites it; `src` stays intact for another pass
    return out.doc.load_buffer_inplace(out.buffer.data(), out.buffer.size(), flags,
                                       pugi::encoding_utf8);
  };
  auto parse = [&] { return parse_from(text); };
  if (entity_prepass_needed(text)) prepass();
  pugi::xml_parse_result result = parse();
  // A failed parse is not cut: pugixml frees a deep subtree recursively, and it is reparsed anyway.
  TreeFacts facts = scan_tree(out, result ? max_depth : static_cast<std::size_t>(-1), flags);
  if (!prepassed && (!result || !out.doc.document_element() || facts.lt_in_attribute) &&
      prepass()) {
    result = parse();
    facts = scan_tree(out, result ? max_depth : static_cast<std::size_t>(-1), flags);
  }
  std::string repaired;
  if (!result || !out.doc.document_element()) {
    set_bozo(out, std::string("not well-formed XML: ") + result.description() + " at byte " +
                      std::to_string(result.offset));
    repaired = repair_xml(text);
    parse_from(repaired);
    facts = scan_tree(out, max_depth, flags);
  }
  if (facts.text_too_deep) {
    flags = k_deep_parse_flags;
    parse_from(source);
    facts = scan_tree(out, max_depth, flags);
  }
  if (facts.pruned) set_bozo(out, "nesting too deep; cut off");
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

pugi::xml_node xml_base_holder(pugi::xml_node node) {
  for (pugi::xml_node n = node; n && n.type() == pugi::node_element; n = n.parent())
    if (n.attribute("xml:base")) return n;
  return {};
}

bool is_text_node(pugi::xml_node node) {
  return node.type() == pugi::node_pcdata || node.type() == pugi::node_cdata;
}

std::string text_of(pugi::xml_node node) {
  // A text node's text, or an element's embedded first text (see k_parse_flags).
  const std::string_view own = node.value();
  const pugi::xml_node first = node.first_child();
  // The common cases, one copy and no traversal: the text is the element's own, or its only child.
  if (!first) return std::string(trim(own));
  if (own.empty() && !first.next_sibling() && is_text_node(first))
    return std::string(trim(first.value()));
  std::string out(own);
  for (pugi::xml_node n = first; n;) {
    // An element's own value is its embedded text, which comes before its children.
    if (is_text_node(n) || n.type() == pugi::node_element) out += n.value();
    if (n.first_child()) {
      n = n.first_child();
      continue;
    }
    while (n && n != node && !n.next_sibling()) n = n.parent();
    if (!n || n == node) break;
    n = n.next_sibling();
  }
  const std::string_view t = trim(out);
  if (t.size() != out.size()) return std::string(t);
  return out;
}

std::string inner_xml(pugi::xml_node node) {
  // Printed into a buffer kept for the thread, then copied out once at its final size: printing
  // child by child into the result grew it by reallocation, one copy of all so far per child.
  thread_local std::string printed;
  printed.clear();
  StringWriter writer(printed);
  std::string_view inner;
  if (*node.value()) {
    // pugixml prints an element's embedded text only as part of the element:
    // print all of it and keep what lies between its start and end tags.
    node.print(writer, "", pugi::format_raw, pugi::encoding_utf8);
    inner = between_tags(printed, node.name());
  } else {
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling())
      c.print(writer, "", pugi::format_raw, pugi::encoding_utf8);
    inner = printed;
  }
  std::string out(trim(inner));
  // A huge body is not kept alive for the rest of the thread.
  if (printed.capacity() > (64u << 10)) std::string().swap(printed);
  return out;
}

bool has_element_children(pugi::xml_node node) {
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element) return true;
  return false;
}

std::size_t count_element_children(pugi::xml_node node) {
  std::size_t n = 0;
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element) ++n;
  return n;
}

}  // namespace nw::parsers
