// A web page where a feed was expected (or configured with kind "page"): one
// gumbo parse gives both what the head says and the article's main text.
#include "parsers/dates.hpp"
#include "parsers/formats.hpp"
#include "parsers/html_extract.hpp"
#include "parsers/html_gumbo.hpp"
#include "parsers/html_meta.hpp"
#include "util/text.hpp"

namespace nw::parsers {

void read_html_page(std::string_view text, const ParseOptions& options, Feed& feed) {
  feed.format = "html";
  feed.version = "html";
  const GumboDocument doc(text);
  if (doc.flattened()) {
    feed.bozo = true;
    if (feed.bozo_message.empty()) feed.bozo_message = "HTML nested too deep; flattened";
  }
  const PageMeta meta = read_page_meta(doc.root(), options.url);
  feed.title = meta.title;
  feed.link = options.url;
  if (options.kind != "page") return;  // an HTML page served as a feed: no entries from it
  MainText main = extract_main_text(doc.root());
  Entry e;
  e.title = meta.title;
  // The page's own canonical URL, so copies of it elsewhere are recognised.
  e.link = meta.canonical_url.empty() ? options.url : meta.canonical_url;
  if (!meta.published.empty()) e.published = parse_date(meta.published);
  e.author = meta.author;
  e.text = std::move(main.text);
  e.content = std::move(main.html);
  // Identity is the watched URL: the page stays one document however it names itself.
  e.id = !options.url.empty() ? options.url : sha256_hex(e.title + "\n" + e.text);
  feed.entries.push_back(std::move(e));
}

}  // namespace nw::parsers
