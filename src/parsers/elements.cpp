#include "parsers/elements.hpp"

#include "parsers/dates.hpp"
#include "parsers/parse.hpp"
#include "parsers/text_construct.hpp"
#include "parsers/urls.hpp"
#include "util/text.hpp"

namespace nw::parsers {
namespace {

// An e-mail address inside a person string ("jane@example.com (Jane Doe)").
std::pair<std::string, std::string> split_person(std::string_view s) {
  const std::size_t at = s.find('@');
  if (at == std::string_view::npos) return {std::string(trim(s)), {}};
  auto local_char = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.' ||
           c == '+';
  };
  auto domain_char = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.';
  };
  std::size_t b = at;
  while (b > 0 && local_char(s[b - 1])) --b;
  std::size_t e = at + 1;
  while (e < s.size() && domain_char(s[e])) ++e;
  while (e > at + 1 && s[e - 1] == '.') --e;
  if (b == at || e == at + 1) return {std::string(trim(s)), {}};
  std::string email(s.substr(b, e - b));
  std::string name = std::string(s.substr(0, b)) + std::string(s.substr(e));
  for (const char* empty : {"()", "<>", "&lt;&gt;", "mailto:"}) {
    for (std::size_t p; (p = name.find(empty)) != std::string::npos;)
      name.erase(p, std::string_view(empty).size());
  }
  std::string_view n = trim(name);
  if (!n.empty() && n.front() == '(') n.remove_prefix(1);
  if (!n.empty() && n.back() == ')') n.remove_suffix(1);
  return {std::string(trim(n)), email};
}

// Atom <author><name/><email/></author>, or a person written as text.
void read_person(pugi::xml_node el, std::string& name, std::string& email) {
  if (has_element_children(el)) {
    for (pugi::xml_node c = el.first_child(); c; c = c.next_sibling()) {
      if (c.type() != pugi::node_element) continue;
      const std::string_view local = local_name(c);
      if (local == "name" && name.empty())
        name = text_of(c);
      else if (local == "email" && email.empty())
        email = text_of(c);
    }
    return;
  }
  auto [n, e] = split_person(text_of(el));
  if (name.empty()) name = n;
  if (email.empty()) email = e;
}

void set_if_empty(std::string& field, std::string value) {
  if (field.empty()) field = std::move(value);
}

// A later date element overrides an earlier one, as in feedparser; an unparseable one does not.
void set_date(std::optional<Time>& field, pugi::xml_node el) {
  // The usual lone text (the element's own, or its single text child) is parsed where it lies.
  const std::string_view own = el.value();
  const pugi::xml_node first = el.first_child();
  std::optional<Time> t;
  if (!first)
    t = parse_date(trim(own));
  else if (own.empty() && !first.next_sibling() && is_text_node(first))
    t = parse_date(trim(first.value()));
  else
    t = parse_date(text_of(el));
  if (t) field = t;
}

// <link>: Atom's href (or, written loosely, its text) and RSS's text; rel decides what it is.
void read_link(pugi::xml_node el, const ReadContext& ctx, std::string& link,
               std::vector<Enclosure>* enclosures) {
  const pugi::xml_attribute href_attr = el.attribute("href");
  std::string text = href_attr ? std::string() : text_of(el);
  const std::string_view href = href_attr ? trim(href_attr.value()) : std::string_view(text);
  if (href.empty()) return;
  std::string rel = ascii_lower(trim(el.attribute("rel").value()));
  if (rel.empty()) rel = "alternate";
  if (rel == "alternate" && !link.empty()) return;  // the first one stays
  // An absolute link written as text (RSS) resolves to itself: it is kept, not copied.
  std::string url =
      !href_attr && has_scheme(text) ? std::move(text) : resolve_url(base_for(el, ctx), href);
  if (rel == "alternate") {
    set_if_empty(link, std::move(url));
  } else if (rel == "enclosure" && enclosures) {
    enclosures->push_back({url, el.attribute("length").value(), el.attribute("type").value()});
  }
}

// The first content body wins; textual content also stands in for a missing
// summary. Once seen, e.content no longer changes, so read_entry copies it into
// the summary at the end only when that is still empty, not on every entry.
void read_content(pugi::xml_node el, const ReadContext& ctx, bool default_html, Entry& e,
                  bool& content_seen, bool& content_textual) {
  if (content_seen) return;
  TextValue v = read_text_construct(el, ctx, default_html);
  if (v.value.empty()) return;
  content_seen = true;
  content_textual = v.textual;
  e.content = std::move(v.value);
}

void add_category(std::vector<std::string>& cats, std::string term) {
  if (!term.empty()) cats.push_back(std::move(term));
}

}  // namespace

std::string_view base_for(pugi::xml_node node, const ReadContext& ctx) {
  if (!ctx.xml.has_xml_base) return ctx.doc_base;
  pugi::xml_node holder;  // none for a node that is not an element, as in xml_base_holder
  if (node.type() == pugi::node_element) {
    if (node.attribute("xml:base")) {
      holder = node;
    } else {
      const pugi::xml_node parent = node.parent();
      if (parent != ctx.holder_memo_parent) {
        ctx.holder_memo_parent = parent;
        ctx.holder_memo = xml_base_holder(parent);
      }
      holder = ctx.holder_memo;
    }
  }
  if (!holder) return ctx.doc_base;
  // Below the holder nothing changes the base, so the holder's base is node's.
  if (holder != ctx.base_holder) {
    ctx.base_value = base_of(holder, ctx.doc_base);
    ctx.base_holder = holder;
  }
  return ctx.base_value;
}

void read_feed_head(pugi::xml_node head, ReadContext& ctx, Feed& feed) {
  std::string subtitle_fallback;
  for (pugi::xml_node c = head.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    const QName q = qname(c, &ctx.xml);
    if (q.ns.empty()) {
      if (q.local == "title") {
        if (feed.title.empty()) feed.title = read_text_construct(c, ctx, false).value;
      } else if (q.local == "link") {
        read_link(c, ctx, feed.link, nullptr);
      } else if (q.local == "description" || q.local == "subtitle" || q.local == "tagline") {
        if (feed.subtitle.empty())
          feed.subtitle =
              read_text_construct(c, ctx, q.local == "description" && ctx.rss_html).value;
      } else if (q.local == "id") {
        set_if_empty(feed.id, text_of(c));
      } else if (q.local == "updated" || q.local == "modified" || q.local == "lastBuildDate") {
        set_date(feed.updated, c);
      } else if (q.local == "published" || q.local == "pubDate" || q.local == "issued") {
        set_date(feed.published, c);
      } else if (q.local == "language") {
        set_if_empty(feed.language, text_of(c));
      } else if (q.local == "author" || q.local == "managingEditor") {
        read_person(c, feed.author, feed.author_email);
      }
    } else if (q.ns == "dc") {
      if (q.local == "title" && feed.title.empty())
        feed.title = text_of(c);
      else if (q.local == "description")
        set_if_empty(subtitle_fallback, text_of(c));
      else if (q.local == "date")
        set_date(feed.updated, c);
      else if (q.local == "language")
        set_if_empty(feed.language, text_of(c));
      else if (q.local == "creator" || q.local == "author")
        read_person(c, feed.author, feed.author_email);
    } else if (q.ns == "itunes") {
      if (q.local == "subtitle")
        set_if_empty(subtitle_fallback, text_of(c));
      else if (q.local == "author")
        read_person(c, feed.author, feed.author_email);
    }
  }
  if (feed.subtitle.empty()) feed.subtitle = std::move(subtitle_fallback);
  if (feed.language.empty()) feed.language = head.attribute("xml:lang").value();
}

namespace {

// Fills `e` from one item/entry element.
void read_entry(pugi::xml_node item, ReadContext& ctx, Entry& e) {
  std::string guid_link;  // a permalink <guid>, the link of last resort
  std::string summary_fallback, title_fallback;
  bool content_seen = false;
  bool content_textual = false;  // textual content stands in for a missing summary
  for (pugi::xml_node c = item.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    const QName q = qname(c, &ctx.xml);
    if (q.ns.empty()) {
      const std::string_view l = q.local;
      if (l == "title") {
        if (e.title.empty()) e.title = read_text_construct(c, ctx, false).value;
      } else if (l == "link") {
        read_link(c, ctx, e.link, &e.enclosures);
      } else if (l == "guid") {
        if (e.id.empty()) {
          e.id = text_of(c);
          const std::string perma = ascii_lower(trim(c.attribute("isPermaLink").value()));
          if (perma != "false" &&
              (e.id.starts_with("http://") || e.id.starts_with("https://") || perma == "true"))
            guid_link = resolve_url(base_for(c, ctx), e.id);
        }
      } else if (l == "id") {
        if (e.id.empty()) {
          e.id = text_of(c);
          if (!e.id.empty() && e.id.find(':') == std::string::npos)
            e.id = resolve_url(base_for(c, ctx), e.id);
        }
      } else if (l == "description" || l == "summary") {
        // A second summary-like element is the content, as feedparser reads it.
        TextValue v = read_text_construct(c, ctx, l == "description" && ctx.rss_html);
        if (e.summary.empty() || (!content_seen && e.content.empty()))
          (e.summary.empty() ? e.summary : e.content) = std::move(v.value);
      } else if (l == "content" || l == "fullitem" || l == "body") {
        read_content(c, ctx, l != "content", e, content_seen, content_textual);
      } else if (l == "pubDate" || l == "published" || l == "issued") {
        set_date(e.published, c);
      } else if (l == "updated" || l == "modified") {
        set_date(e.updated, c);
      } else if (l == "author") {
        read_person(c, e.author, e.author_email);
      } else if (l == "category") {
        add_category(e.categories, c.attribute("term")
                                       ? std::string(trim(c.attribute("term").value()))
                                       : text_of(c));
      } else if (l == "enclosure") {
        const std::string_view url = trim(c.attribute("url").value());
        if (!url.empty())
          e.enclosures.push_back({resolve_url(base_for(c, ctx), url), c.attribute("length").value(),
                                  c.attribute("type").value()});
      }
    } else if (q.ns == "content") {
      if (q.local == "encoded") read_content(c, ctx, true, e, content_seen, content_textual);
    } else if (q.ns == "xhtml") {
      if (q.local == "body") read_content(c, ctx, true, e, content_seen, content_textual);
    } else if (q.ns == "dc") {
      if (q.local == "title")
        set_if_empty(title_fallback, text_of(c));
      else if (q.local == "creator" || q.local == "author")
        read_person(c, e.author, e.author_email);
      else if (q.local == "date")
        set_date(e.updated, c);
      else if (q.local == "subject")
        add_category(e.categories, text_of(c));
      else if (q.local == "description")
        set_if_empty(summary_fallback, read_text_construct(c, ctx, true).value);
      else if (q.local == "identifier" && e.id.empty())
        e.id = text_of(c);
    } else if (q.ns == "dcterms") {
      if (q.local == "issued")
        set_date(e.published, c);
      else if (q.local == "modified")
        set_date(e.updated, c);
      else if (q.local == "created" && !e.published)
        set_date(e.published, c);
    } else if (q.ns == "media") {
      if (q.local == "title")
        set_if_empty(title_fallback, text_of(c));
      else if (q.local == "description")
        set_if_empty(summary_fallback, text_of(c));
      else if (q.local == "category")
        add_category(e.categories, text_of(c));
    } else if (q.ns == "itunes") {
      if (q.local == "author")
        read_person(c, e.author, e.author_email);
      else if (q.local == "summary" || q.local == "subtitle")
        set_if_empty(summary_fallback, text_of(c));
    }
  }
  if (e.title.empty()) e.title = std::move(title_fallback);
  if (e.summary.empty() && content_textual) e.summary = e.content;
  if (e.summary.empty()) e.summary = std::move(summary_fallback);
  if (e.link.empty()) e.link = std::move(guid_link);
  if (e.id.empty()) {
    if (pugi::xml_attribute about = attr_local(item, "about")) e.id = about.value();
  }
}

}  // namespace

void append_entry(pugi::xml_node item, ReadContext& ctx, std::vector<Entry>& entries) {
  // Built in its slot, never moved; a read cut short (allocation failure) leaves no half entry.
  Entry& e = entries.emplace_back();
  try {
    read_entry(item, ctx, e);
  } catch (...) {
    entries.pop_back();
    throw;
  }
}

void finish_entry(Entry& entry) {
  const std::string& body = !entry.content.empty() ? entry.content : entry.summary;
  // An HTML page's entry already has its extracted main text.
  if (entry.text.empty()) entry.text = html_to_text(body);
  if (entry.id.empty())
    entry.id = !entry.link.empty() ? entry.link
                                   : sha256_hex(entry.title + "\n" + entry.content + entry.summary);
}

}  // namespace nw::parsers
