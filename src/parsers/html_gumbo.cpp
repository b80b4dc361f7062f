#include "parsers/html_gumbo.hpp"

#include <array>
#include <cctype>

#include "parsers/formats.hpp"
#include "util/text.hpp"

namespace nw::parsers {
namespace {

// Void elements, and those whose end tag may be omitted: none of them nests
// the way an unclosed <div> does.
constexpr std::array<std::string_view, 36> k_not_counted = {
    "area", "base",  "br",       "col",     "embed", "hr",    "img",    "input",    "link",
    "meta", "param", "source",   "track",   "wbr",   "p",     "li",     "dt",       "dd",
    "tr",   "td",    "th",       "tbody",   "thead", "tfoot", "option", "optgroup", "rb",
    "rt",   "rp",    "colgroup", "caption", "html",  "head",  "body",   "frame",    "keygen"};

// Their content is text up to the matching end tag, never tags.
constexpr std::array<std::string_view, 8> k_raw_text = {"script", "style",  "textarea", "title",
                                                        "xmp",    "iframe", "noembed",  "noframes"};

template <std::size_t N>
bool among(const std::array<std::string_view, N>& list, std::string_view name) {
  for (auto n : list)
    if (n == name) return true;
  return false;
}

}  // namespace

std::string flatten_html(std::string_view html, std::size_t max_depth) {
  std::string out;
  bool copying = false;
  std::size_t copied_to = 0;  // html[copied_to, ...) not yet in `out`
  auto drop = [&](std::size_t from, std::size_t to) {
    if (!copying) {
      out.reserve(html.size());
      copying = true;
    }
    out.append(html.substr(copied_to, from - copied_to));
    copied_to = to;
  };
  std::size_t depth = 0, dropped = 0;
  bool seen_tag = false;  // a DOCTYPE after any tag is out of place
  std::size_t i = 0;
  while ((i = html.find('<', i)) != std::string_view::npos) {
    if (html.substr(i, 4) == "<!--") {
      const std::size_t end = html.find("-->", i + 4);
      i = end == std::string_view::npos ? html.size() : end + 3;
      continue;
    }
    if (i + 1 < html.size() && html[i + 1] == '!') {
      const std::size_t end = html_tag_end(html, i);
      // libgumbo 0.10 leaks memory on each DOCTYPE out of place: hostile pages repeat them
      if (seen_tag && ascii_lower(html.substr(i + 2, 7)) == "doctype") drop(i, end);
      seen_tag = true;
      i = end;
      continue;
    }
    seen_tag = true;
    const bool closing = i + 1 < html.size() && html[i + 1] == '/';
    std::size_t j = i + (closing ? 2 : 1);
    const std::size_t name_start = j;
    while (j < html.size() && std::isalnum(static_cast<unsigned char>(html[j]))) ++j;
    if (j == name_start) {
      ++i;
      continue;
    }
    const std::string name = ascii_lower(html.substr(name_start, j - name_start));
    const std::size_t end = html_tag_end(html, j);
    const bool counted = !among(k_not_counted, name);
    if (closing) {
      if (counted && dropped > 0) {
        --dropped;
        drop(i, end);
      } else if (counted && depth > 0) {
        --depth;
      }
    } else {
      const bool self_closed = end >= 2 && html[end - 2] == '/';
      if (counted && !self_closed) {
        if (depth >= max_depth) {
          ++dropped;
          drop(i, end);
        } else {
          ++depth;
        }
      }
      if (among(k_raw_text, name)) {
        const std::string close = "</" + name;
        std::size_t k = end;
        while ((k = html.find("</", k)) != std::string_view::npos &&
               ascii_lower(html.substr(k, close.size())) != close)
          k += 2;
        i = k == std::string_view::npos ? html.size() : k;
        continue;
      }
    }
    i = end;
  }
  if (copying) out.append(html.substr(copied_to));
  return out;
}

GumboDocument::GumboDocument(std::string_view html)
    : m_flat(flatten_html(html)), m_options(kGumboDefaultOptions) {
  // Parse errors are never read; recording them copies the open-element stack each time.
  m_options.max_errors = 0;
  const std::string_view text = m_flat.empty() ? html : std::string_view(m_flat);
  m_out = gumbo_parse_with_options(&m_options, text.data(), text.size());
}

GumboDocument::~GumboDocument() {
  gumbo_destroy_output(&m_options, m_out);
}

}  // namespace nw::parsers
