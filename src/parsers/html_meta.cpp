#include "parsers/html_meta.hpp"

#include <gumbo.h>

#include <vector>

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

}  // namespace

PageMeta read_page_meta(std::string_view html, std::string_view base_url) {
  PageMeta meta;
  GumboOutput* out = gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size());
  std::string og_title, og_url, title;
  // An explicit stack: pages can nest deeper than a recursive walk should go.
  std::vector<const GumboNode*> stack{out->root};
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
    } else if (e.tag == GUMBO_TAG_TITLE && title.empty()) {
      title = text_of(node);
    }
    for (unsigned i = e.children.length; i-- > 0;) {
      stack.push_back(static_cast<const GumboNode*>(e.children.data[i]));
    }
  }
  gumbo_destroy_output(&kGumboDefaultOptions, out);
  if (meta.canonical_url.empty()) meta.canonical_url = og_url;
  if (!meta.canonical_url.empty()) {
    meta.canonical_url = resolve_url(base_url, meta.canonical_url);
    if (!is_safe_url(meta.canonical_url)) meta.canonical_url.clear();
  }
  meta.title = og_title.empty() ? title : og_title;
  return meta;
}

}  // namespace nw::parsers
