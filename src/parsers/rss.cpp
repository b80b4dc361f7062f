// RSS 0.9x/2.0 and RDF (RSS 0.90/1.0): find the channel and the items, name the version.
#include <algorithm>
#include <string>

#include "parsers/formats.hpp"
#include "util/text.hpp"

namespace nw::parsers {
namespace {

std::string rss_version(pugi::xml_node root, const XmlDocument& xml) {
  const std::string v(trim(root.attribute("version").value()));
  if (v == "2.0" || v == "2") return "rss20";
  if (v == "0.91") {
    // Netscape's 0.91 carries its DTD; UserLand's does not.
    return xml.netscape_091 ? "rss091n" : "rss091u";
  }
  if (v == "0.92") return "rss092";
  if (v == "0.93") return "rss093";
  if (v == "0.94") return "rss094";
  return "rss";
}

std::string rdf_version(pugi::xml_node root) {
  for (pugi::xml_attribute a = root.first_attribute(); a; a = a.next_attribute()) {
    if (!std::string_view(a.name()).starts_with("xmlns")) continue;
    const std::string value = ascii_lower(a.value());
    if (value == "http://my.netscape.com/rdf/simple/0.9/") return "rss090";
    if (value == "http://purl.org/rss/1.0/") return "rss10";
  }
  return "rss10";
}

void read_items(pugi::xml_node parent, ReadContext& ctx, Feed& feed) {
  // Sized once: growing moves every entry read so far, a dozen times for a big feed.
  if (feed.entries.empty())
    feed.entries.reserve(std::min(count_element_children(parent), ctx.options.max_entries));
  for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    const QName q = qname(c, &ctx.xml);
    if (!q.ns.empty() || q.local != "item") continue;
    if (feed.entries.size() >= ctx.options.max_entries) {
      feed.truncated = true;
      return;
    }
    append_entry(c, ctx, feed.entries);
  }
}

}  // namespace

void read_rss(pugi::xml_node root, ReadContext& ctx, Feed& feed) {
  const QName rq = qname(root, &ctx.xml);
  const bool rdf = rq.local == "RDF";
  feed.format = rdf ? "rdf" : "rss";
  feed.version = rdf ? rdf_version(root) : rss_version(root, ctx.xml);
  pugi::xml_node channel;
  if (rq.local == "channel") {
    channel = root;
  } else {
    for (pugi::xml_node c = root.first_child(); c; c = c.next_sibling())
      if (c.type() == pugi::node_element && qname(c, &ctx.xml).local == "channel") {
        channel = c;
        break;
      }
  }
  if (channel) {
    read_feed_head(channel, ctx, feed);
    read_items(channel, ctx, feed);
  }
  if (channel != root) read_items(root, ctx, feed);  // RDF, and RSS 0.9x written loosely
}

}  // namespace nw::parsers
