// html_to_text: a single forward scan, no tree, so any input is linear time
// and no nesting depth can exhaust the stack.
#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <string_view>

#include "parsers/entities.hpp"
#include "parsers/formats.hpp"
#include "parsers/parse.hpp"
#include "util/text.hpp"

namespace nw::parsers {
namespace {

constexpr std::string_view k_block_tags[] = {
    "address",  "article",    "aside",   "blockquote", "dd",    "div", "dl",   "dt",
    "fieldset", "figcaption", "figure",  "footer",     "form",  "h1",  "h2",   "h3",
    "h4",       "h5",         "h6",      "header",     "hr",    "li",  "main", "nav",
    "ol",       "p",          "pre",     "section",    "table", "tr",  "ul",   "tbody",
    "thead",    "caption",    "details", "summary"};

constexpr std::string_view k_skipped_tags[] = {"script", "style",  "noscript", "template", "head",
                                               "iframe", "object", "svg",      "math"};

template <std::size_t N>
bool contains(const std::string_view (&list)[N], std::string_view name) {
  if (name.empty()) return false;
  // Length and first letter settle almost every miss without a memcmp call.
  for (auto n : list)
    if (n.size() == name.size() && n[0] == name[0] && n == name) return true;
  return false;
}

// Collapses whitespace and turns pending breaks into "\n" or "\n\n" before the next word.
class TextSink {
 public:
  explicit TextSink(std::size_t expected) { m_out.reserve(expected); }

  // One pass writing straight into the output: calling append once per word
  // cost more than the copying itself.
  void text(std::string_view s) {
    const std::size_t old = m_out.size();
    // Each separator written replaces at least one whitespace byte, except the
    // pending one from before this call: at most two bytes more than `s`.
    m_out.resize(old + s.size() + 2);
    char* const base = m_out.data();
    char* w = base + old;
    const char* p = s.data();
    const char* const end = p + s.size();
    while (p < end) {
      const auto c = static_cast<unsigned char>(*p);
      if (k_space_or_c2[c]) {
        if (c != 0xC2) {
          m_space = true;
          ++p;
          continue;
        }
        if (p + 1 < end && p[1] == '\xA0') {  // U+00A0, a no-break space
          m_space = true;
          p += 2;
          continue;
        }
      }
      if (m_break | m_space) {
        if (w != base) {
          if (m_break >= 2) {
            *w++ = '\n';
            *w++ = '\n';
          } else {
            *w++ = m_break == 1 ? '\n' : ' ';
          }
        }
        m_break = 0;
        m_space = false;
      }
      *w++ = static_cast<char>(c);
      ++p;
    }
    m_out.resize(static_cast<std::size_t>(w - base));
  }
  void line_break() { m_break = std::max(m_break, 1); }
  void paragraph_break() { m_break = 2; }
  std::string take() { return std::move(m_out); }

 private:
  // Whitespace, and the lead byte of U+00A0 (which needs a second look).
  static constexpr std::array<bool, 256> k_space_or_c2 = [] {
    std::array<bool, 256> t{};
    for (unsigned char c : {' ', '\n', '\t', '\r', '\f'}) t[c] = true;
    t[0xC2] = true;
    return t;
  }();

  std::string m_out;
  int m_break = 0;
  bool m_space = false;
};

}  // namespace

std::size_t html_tag_end(std::string_view html, std::size_t pos) {
  char quote = 0;
  for (std::size_t i = pos; i < html.size(); ++i) {
    const char c = html[i];
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      // Quotes only open inside attribute values (after '='); a stray one in a name is not a quote.
      if (i > 0 && (html[i - 1] == '=' || html[i - 1] == ' ')) quote = c;
    } else if (c == '>') {
      return i + 1;
    }
  }
  return html.size();
}

std::string html_to_text(std::string_view html) {
  TextSink sink(html.size());
  const bool has_references =
      html.find('&') != std::string_view::npos;  // one scan, not one a chunk
  std::size_t i = 0;
  while (i < html.size()) {
    const std::size_t lt = html.find('<', i);
    const std::size_t stop = lt == std::string_view::npos ? html.size() : lt;
    if (stop > i) {
      const std::string_view chunk = html.substr(i, stop - i);
      if (!has_references || chunk.find('&') == std::string_view::npos)
        sink.text(chunk);
      else
        sink.text(decode_entities(chunk));
    }
    if (lt == std::string_view::npos) break;
    i = lt;
    const std::string_view rest = html.substr(i);
    if (rest.starts_with("<!--")) {
      const std::size_t end = html.find("-->", i + 4);
      i = end == std::string_view::npos ? html.size() : end + 3;
      continue;
    }
    if (rest.starts_with("<![CDATA[")) {
      const std::size_t end = html.find("]]>", i + 9);
      const std::size_t content_end = end == std::string_view::npos ? html.size() : end;
      sink.text(html.substr(i + 9, content_end - i - 9));
      i = end == std::string_view::npos ? html.size() : end + 3;
      continue;
    }
    std::size_t j = i + 1;
    const bool closing = j < html.size() && html[j] == '/';
    if (closing) ++j;
    const std::size_t name_start = j;
    while (j < html.size() &&
           (std::isalnum(static_cast<unsigned char>(html[j])) || html[j] == ':' || html[j] == '-'))
      ++j;
    if (j == name_start) {
      if (html.substr(i, 2) == "<!" || html.substr(i, 2) == "<?") {
        i = html_tag_end(html, i);
      } else {
        sink.text("<");  // a lone '<' in text
        ++i;
      }
      continue;
    }
    // Lower-cased without allocating; no name we act on is longer than the buffer.
    std::string_view raw = html.substr(name_start, j - name_start);
    if (const std::size_t colon = raw.find(':'); colon != std::string_view::npos)
      raw.remove_prefix(colon + 1);
    char name_buf[16];
    const std::size_t name_len = raw.size() <= sizeof name_buf ? raw.size() : 0;
    for (std::size_t k = 0; k < name_len; ++k)
      name_buf[k] = raw[k] >= 'A' && raw[k] <= 'Z' ? static_cast<char>(raw[k] - 'A' + 'a') : raw[k];
    const std::string_view name(name_buf, name_len);
    i = html_tag_end(html, j);
    if (!closing && contains(k_skipped_tags, name)) {
      // Skip to the matching end tag (case-insensitive), or to the end.
      const std::string close = "</" + std::string(name);
      std::size_t k = i;
      while (k < html.size()) {
        k = html.find("</", k);
        if (k == std::string_view::npos) break;
        if (ascii_lower(html.substr(k, close.size())) == close) break;
        k += 2;
      }
      i = k == std::string_view::npos ? html.size() : html_tag_end(html, k);
      continue;
    }
    if (name == "br")
      sink.line_break();
    else if (contains(k_block_tags, name))
      sink.paragraph_break();
    else if (name == "td" || name == "th")
      sink.text(" ");
  }
  return sink.take();
}

}  // namespace nw::parsers
