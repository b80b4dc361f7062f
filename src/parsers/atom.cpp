// Atom 0.3 and 1.0: the feed head and its entries.
#include <algorithm>
#include <string>

#include "parsers/formats.hpp"
#include "util/text.hpp"

namespace nw::parsers {

void read_atom(pugi::xml_node root, ReadContext& ctx, Feed& feed) {
  feed.format = "atom";
  std::string ns;
  for (pugi::xml_node n = root; n && n.type() == pugi::node_element; n = n.parent()) {
    const std::string_view name = root.name();
    const std::size_t colon = name.find(':');
    const std::string attr =
        colon == std::string_view::npos ? "xmlns" : "xmlns:" + std::string(name.substr(0, colon));
    if (pugi::xml_attribute a = n.attribute(attr.c_str())) {
      ns = ascii_lower(a.value());
      break;
    }
  }
  const std::string version(trim(root.attribute("version").value()));
  if (ns == "http://www.w3.org/2005/atom")
    feed.version = "atom10";
  else if (ns == "http://purl.org/atom/ns#" || version == "0.3")
    feed.version = "atom03";
  else if (version == "0.2")
    feed.version = "atom02";
  else if (version == "0.1")
    feed.version = "atom01";
  else if (version == "1.0")
    feed.version = "atom10";
  else
    feed.version = "atom";
  ctx.atom10 = feed.version == "atom10";
  ctx.rss_html = false;
  read_feed_head(root, ctx, feed);
  // Sized once: growing moves every entry read so far, a dozen times for a big feed.
  feed.entries.reserve(std::min(count_element_children(root), ctx.options.max_entries));
  for (pugi::xml_node c = root.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    const QName q = qname(c, &ctx.xml);
    if (!q.ns.empty() || q.local != "entry") continue;
    if (feed.entries.size() >= ctx.options.max_entries) {
      feed.truncated = true;
      break;
    }
    append_entry(c, ctx, feed.entries);
  }
}

}  // namespace nw::parsers
