// Reading the elements RSS, RDF and Atom share. Like feedparser, we treat an
// element by its namespace-mapped name whatever the format around it, since
// real feeds mix vocabularies (atom:link in RSS, dc:creator in Atom).
#pragma once

#include <pugixml.hpp>

#include <string>
#include <vector>

#include "parsers/feed.hpp"
#include "parsers/parse.hpp"
#include "parsers/xml_doc.hpp"

namespace nw::parsers {

// What the readers need besides the element itself.
struct ReadContext {
  XmlDocument& xml;
  const ParseOptions& options;
  std::string doc_base;  // the document URL (or Content-Location resolved against it)
  bool atom10 = false;   // Atom 1.0: type="xhtml" content is wrapped in a <div>
  bool rss_html = true;  // untyped RSS description/title text is HTML
  // base_for's memo: the last element carrying xml:base and the base it gives,
  // and the last parent looked up and its xml:base holder (siblings come in runs).
  mutable pugi::xml_node base_holder;
  mutable std::string base_value;
  mutable pugi::xml_node holder_memo_parent;
  mutable pugi::xml_node holder_memo;
};

// The base URI in scope for `node` (see base_of), without walking up the tree
// when the document has no xml:base; valid until the next call.
std::string_view base_for(pugi::xml_node node, const ReadContext& ctx);

// Reads the head of a channel or feed element (title, link, subtitle, ...) into `feed`.
void read_feed_head(pugi::xml_node head, ReadContext& ctx, Feed& feed);

// Reads one item/entry element and appends it to `entries`.
void append_entry(pugi::xml_node item, ReadContext& ctx, std::vector<Entry>& entries);

// Fills the derived fields of a finished entry: `text`, and `id` by the GUID -> link -> hash chain.
void finish_entry(Entry& entry);

}  // namespace nw::parsers
