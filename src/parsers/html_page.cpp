// A web page where a feed was expected (or configured with kind "page"): one
// gumbo parse gives both what the head says and the article's main text.
#include <gumbo.h>

#include "parsers/dates.hpp"
#include "parsers/formats.hpp"
#include "parsers/html_extract.hpp"
#include "parsers/html_meta.hpp"
#include "util/text.hpp"

namespace nw::parsers {

void read_html_page(std::string_view text, const ParseOptions& options, Feed& feed) {
  feed.format = "html";
  feed.version = "html";
  GumboOutput* out = gumbo_parse_with_options(&kGumboDefaultOptions, text.data(), text.size());
  const PageMeta meta = read_page_meta(out->root, options.url);
  feed.title = meta.title;
  feed.link = options.url;
  if (options.kind != "page") {  // an HTML page served as a feed: no entries from it
    gumbo_destroy_output(&kGumboDefaultOptions, out);
    return;
  }
  MainText main = extract_main_text(out->root);
  gumbo_destroy_output(&kGumboDefaultOptions, out);
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
