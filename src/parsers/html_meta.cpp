#include "parsers/html_meta.hpp"

#include <gumbo.h>

#include <nlohmann/json.hpp>
#include <vector>

#include "parsers/html_gumbo.hpp"
#include "parsers/urls.hpp"
#include "util/text.hpp"

namespace nw::parsers {
namespace {

std::string attribute(const GumboElement& e, const char* name) {
  const GumboAttribute* a = gumbo_get_attribute(&e.attributes, name);
  return a ? std::string(trim(a->value)) : std::string();
}

// Whether a rel attribute ("canonical", "Canonical alternate") names canonical.
bool rel_has(const std::string& rel, std::string_view token) {
  const std::string lower = ascii_lower(rel);
  std::size_t pos = 0;
  while ((pos = lower.find(token, pos)) != std::string::npos) {
    const bool start = pos == 0 || lower[pos - 1] == ' ';
    const bool end = pos + token.size() == lower.size() || lower[pos + token.size()] == ' ';
    if (start && end) return true;
    pos += token.size();
  }
  return false;
}

std::string text_of(const GumboNode* node) {
  std::string out;
  if (node->type != GUMBO_NODE_ELEMENT) return out;
  const GumboVector& children = node->v.element.children;
  for (unsigned i = 0; i < children.length; ++i) {
    const auto* c = static_cast<const GumboNode*>(children.data[i]);
    if (c->type == GUMBO_NODE_TEXT || c->type == GUMBO_NODE_WHITESPACE) out += c->v.text.text;
  }
  return std::string(trim(out));
}

// All the text below `node` (for <h1>, whose words may sit in spans).
std::string deep_text_of(const GumboNode* node) {
  std::string out;
  std::vector<const GumboNode*> stack{node};
  while (!stack.empty() && out.size() < 4096) {
    const GumboNode* n = stack.back();
    stack.pop_back();
    if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE) {
      out += n->v.text.text;
    } else if (n->type == GUMBO_NODE_ELEMENT) {
      const GumboVector& children = n->v.element.children;
      for (unsigned i = children.length; i-- > 0;) {
        stack.push_back(static_cast<const GumboNode*>(children.data[i]));
      }
    }
  }
  std::string collapsed;
  for (char c : out) {
    const bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
    if (!space) {
      collapsed += c;
    } else if (!collapsed.empty() && collapsed.back() != ' ') {
      collapsed += ' ';
    }
  }
  return std::string(trim(collapsed));
}

// The first "datePublished" and author name in a JSON-LD object (or @graph).
void read_json_ld(const nlohmann::json& j, int depth, std::string& published, std::string& author) {
  if (depth > 8) return;
  if (j.is_array()) {
    for (const auto& item : j) read_json_ld(item, depth + 1, published, author);
    return;
  }
  if (!j.is_object()) return;
  if (published.empty()) {
    const auto it = j.find("datePublished");
    if (it != j.end() && it->is_string()) published = it->get<std::string>();
  }
  if (author.empty()) {
    const auto it = j.find("author");
    if (it != j.end()) {
      const nlohmann::json& a = it->is_array() && !it->empty() ? (*it)[0] : *it;
      if (a.is_string()) author = a.get<std::string>();
      if (a.is_object() && a.contains("name") && a["name"].is_string()) {
        author = a["name"].get<std::string>();
      }
    }
  }
  const auto graph = j.find("@graph");
  if (graph != j.end()) read_json_ld(*graph, depth + 1, published, author);
}

}  // namespace

PageMeta read_page_meta(std::string_view html, std::string_view base_url) {
  const GumboDocument doc(html);
  return read_page_meta(doc.root(), base_url);
}

PageMeta read_page_meta(const GumboNode* root, std::string_view base_url) {
  PageMeta meta;
  std::string og_title, og_url, title, h1, ld_published, ld_author, time_published;
  // An explicit stack: pages can nest deeper than a recursive walk should go.
  std::vector<const GumboNode*> stack{root};
  while (!stack.empty()) {
    const GumboNode* node = stack.back();
    stack.pop_back();
    if (node->type != GUMBO_NODE_ELEMENT) continue;
    const GumboElement& e = node->v.element;
    if (e.tag == GUMBO_TAG_LINK && meta.canonical_url.empty() &&
        rel_has(attribute(e, "rel"), "canonical")) {
      meta.canonical_url = attribute(e, "href");
    } else if (e.tag == GUMBO_TAG_META) {
      const std::string property = ascii_lower(attribute(e, "property"));
      const std::string content = attribute(e, "content");
      if (property == "og:url" && og_url.empty()) og_url = content;
      if (property == "og:title" && og_title.empty()) og_title = content;
      if (property == "article:published_time" && meta.published.empty()) meta.published = content;
      const std::string name = ascii_lower(attribute(e, "name"));
      if ((name == "author" || property == "article:author") && meta.author.empty() &&
          content.find("://") == std::string::npos) {
        meta.author = content;
      }
    } else if (e.tag == GUMBO_TAG_TITLE && title.empty()) {
      title = text_of(node);
    } else if (e.tag == GUMBO_TAG_H1 && h1.empty()) {
      h1 = deep_text_of(node);
    } else if (e.tag == GUMBO_TAG_TIME && time_published.empty()) {
      time_published = attribute(e, "datetime");
    } else if (e.tag == GUMBO_TAG_SCRIPT &&
               ascii_lower(attribute(e, "type")) == "application/ld+json" &&
               (ld_published.empty() || ld_author.empty())) {
      const std::string json = text_of(node);
      if (json.size() < (1u << 20)) {
        const auto j = nlohmann::json::parse(json, nullptr, false);
        if (!j.is_discarded()) read_json_ld(j, 0, ld_published, ld_author);
      }
    }
    for (unsigned i = e.children.length; i-- > 0;) {
      stack.push_back(static_cast<const GumboNode*>(e.children.data[i]));
    }
  }
  if (meta.canonical_url.empty()) meta.canonical_url = og_url;
  if (meta.published.empty())
    meta.published = !ld_published.empty() ? ld_published : time_published;
  if (meta.author.empty()) meta.author = ld_author;
  if (!meta.canonical_url.empty()) {
    meta.canonical_url = resolve_url(base_url, meta.canonical_url);
    if (!is_safe_url(meta.canonical_url)) meta.canonical_url.clear();
  }
  meta.title = !og_title.empty() ? og_title : !title.empty() ? title : h1;
  return meta;
}

}  // namespace nw::parsers
