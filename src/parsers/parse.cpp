// parse_feed: decode, sniff the format from the content, dispatch, finish entries.
#include "parsers/parse.hpp"

#include <exception>

#include "parsers/charset.hpp"
#include "parsers/formats.hpp"
#include "parsers/urls.hpp"
#include "parsers/xml_doc.hpp"
#include "util/text.hpp"

namespace nw::parsers {
namespace {

// Documents larger than this are cut (and flagged): no feed needs more.
constexpr std::size_t k_max_bytes = 64u << 20;

// True when some '<' in `head` starts `lower` (ASCII letters in any case).
bool has_tag_ignoring_case(std::string_view head, std::string_view lower) {
  for (std::size_t lt = head.find('<'); lt != std::string_view::npos; lt = head.find('<', lt + 1)) {
    if (head.size() - lt < lower.size()) return false;
    std::size_t k = 1;
    while (k < lower.size()) {
      const char c = head[lt + k];
      if ((c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c) != lower[k]) break;
      ++k;
    }
    if (k == lower.size()) return true;
  }
  return false;
}

// Searched in place: a lower-cased copy of the head cost more than the rest of a small feed's
// sniffing.
bool looks_like_html(std::string_view text) {
  const std::string_view head = text.substr(0, 1024);
  return has_tag_ignoring_case(head, "<!doctype html") || has_tag_ignoring_case(head, "<html");
}

bool is_xml_media_type(std::string_view content_type) {
  const std::string t = ascii_lower(trim(content_type.substr(0, content_type.find(';'))));
  return t.empty() || t.ends_with("/xml") || t.ends_with("+xml") ||
         t.find("xml-") != std::string::npos || t == "application/octet-stream" ||
         t.ends_with("/json") || t.ends_with("+json");
}

void set_bozo(Feed& feed, std::string message) {
  if (!feed.bozo) feed.bozo_message = std::move(message);
  feed.bozo = true;
}

void parse_xml(std::string_view text, const ParseOptions& options, Feed& feed) {
  XmlDocument xml;
  load_xml(text, xml);
  if (xml.bozo) set_bozo(feed, xml.bozo_message);
  const pugi::xml_node root = xml.doc.document_element();
  if (!root) {
    set_bozo(feed, "no root element");
    return;
  }
  ReadContext ctx{xml, options, options.url, false, true, {}, {}, {}, {}};
  if (!options.content_location.empty() && is_safe_url(options.content_location))
    ctx.doc_base = resolve_url(options.url, options.content_location);
  const QName q = qname(root, &xml);
  if (q.local == "rss" || q.local == "RDF" || q.local == "channel")
    read_rss(root, ctx, feed);
  else if (q.local == "feed")
    read_atom(root, ctx, feed);
  else
    set_bozo(feed, "root element <" + std::string(root.name()) + "> is not a feed");
  if (xml.undeclared_prefix) set_bozo(feed, "undeclared namespace prefix");
}

void parse_any(std::string_view bytes, const ParseOptions& options, Feed& feed) {
  if (bytes.size() > k_max_bytes) {
    bytes = bytes.substr(0, k_max_bytes);
    set_bozo(feed, "document larger than the limit; truncated");
  }
  Decoded d = decode_document(bytes, options.content_type);
  feed.encoding = d.encoding;
  if (d.bozo) set_bozo(feed, d.message);
  if (!is_xml_media_type(options.content_type) &&
      !ascii_lower(options.content_type).starts_with("text/html"))
    set_bozo(feed, "content type " + options.content_type + " is not an XML media type");
  const std::string_view text = trim(d.text());
  if (text.empty()) {
    feed.format = "unknown";
    set_bozo(feed, "empty document");
    return;
  }
  if (text.front() == '{' && options.kind != "page") {
    if (!read_jsonfeed(text, options, feed)) {
      feed.format = "unknown";
      set_bozo(feed, "JSON that is not a JSON Feed");
    }
    return;
  }
  if (options.kind == "page" ||
      (looks_like_html(text) && text.find("<rss") == std::string_view::npos &&
       text.find("<feed") == std::string_view::npos &&
       text.find("RDF") == std::string_view::npos)) {
    read_html_page(text, options, feed);
    if (options.kind != "page") set_bozo(feed, "an HTML page, not a feed");
    return;
  }
  parse_xml(d.text(), options, feed);
  if (feed.format.empty()) feed.format = "unknown";
}

}  // namespace

Feed parse_feed(std::string_view bytes, const ParseOptions& options) {
  Feed feed;
  try {
    parse_any(bytes, options, feed);
    for (Entry& e : feed.entries) finish_entry(e);
  } catch (const std::exception& ex) {
    // Allocation failure or a bug: report (before any lesser defect), never
    // propagate into the daemon.
    feed.bozo = true;
    feed.bozo_message = std::string("parser failure: ") + ex.what();
    if (feed.format.empty()) feed.format = "unknown";
  }
  return feed;
}

}  // namespace nw::parsers
