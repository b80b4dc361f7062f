// A web page where a feed was expected (or configured with kind "page").
// Main-text extraction is issue 12's; for now the whole page's text.
#include "parsers/dates.hpp"
#include "parsers/entities.hpp"
#include "parsers/formats.hpp"
#include "parsers/html_meta.hpp"
#include "util/text.hpp"

namespace nw::parsers {
namespace {

// The inner text of the first <tag>...</tag>, case-insensitive, entities decoded.
std::string first_element_text(std::string_view html, std::string_view tag) {
  const std::string lower = ascii_lower(html.substr(0, 1 << 20));
  const std::size_t open = lower.find("<" + std::string(tag));
  if (open == std::string::npos) return {};
  const std::size_t start = lower.find('>', open);
  if (start == std::string::npos) return {};
  const std::size_t end = lower.find("</" + std::string(tag), start);
  if (end == std::string::npos) return {};
  return html_to_text(html.substr(start + 1, end - start - 1));
}

}  // namespace

void read_html_page(std::string_view text, const ParseOptions& options, Feed& feed) {
  feed.format = "html";
  feed.version = "html";
  const PageMeta meta = read_page_meta(text, options.url);
  feed.title = meta.title;  // gumbo already read <title> when there is no og:title
  feed.link = options.url;
  if (options.kind != "page") return;  // an HTML page served as a feed: no entries from it
  Entry e;
  e.title = feed.title;
  // The page's own canonical URL, so copies of it elsewhere are recognised.
  e.link = meta.canonical_url.empty() ? options.url : meta.canonical_url;
  if (!meta.published.empty()) e.published = parse_date(meta.published);
  std::string body = first_element_text(text, "body");
  e.text = body.empty() ? html_to_text(text) : std::move(body);
  e.content = std::string(text);
  // Identity is the watched URL: the page stays one document however it names itself.
  e.id = !options.url.empty() ? options.url : sha256_hex(e.title + "\n" + e.text);
  feed.entries.push_back(std::move(e));
}

}  // namespace nw::parsers
