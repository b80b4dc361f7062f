// JSON Feed 1.0/1.1 (https://jsonfeed.org/version/1.1) into Feed.
#include <nlohmann/json.hpp>

#include "parsers/dates.hpp"
#include "parsers/formats.hpp"
#include "parsers/urls.hpp"

namespace nw::parsers {
namespace {

using nlohmann::json;

std::string str(const json& obj, const char* key) {
  const auto it = obj.find(key);
  if (it == obj.end()) return {};
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_integer()) return std::to_string(it->get<long long>());
  return {};
}

// 1.1 "authors": [{name, url}], 1.0 "author": {name, url}.
void read_author(const json& obj, std::string& name, std::string& email) {
  const json* person = nullptr;
  if (auto it = obj.find("authors");
      it != obj.end() && it->is_array() && !it->empty() && (*it)[0].is_object())
    person = &(*it)[0];
  else if (auto a = obj.find("author"); a != obj.end() && a->is_object())
    person = &*a;
  if (!person) return;
  name = str(*person, "name");
  const std::string url = str(*person, "url");
  if (url.starts_with("mailto:")) email = url.substr(7);
}

Entry read_item(const json& item, const std::string& base) {
  Entry e;
  e.id = str(item, "id");
  e.title = str(item, "title");
  e.link = resolve_url(base, str(item, "url"));
  if (e.link.empty()) e.link = resolve_url(base, str(item, "external_url"));
  e.content = str(item, "content_html");
  const std::string content_text = str(item, "content_text");
  if (e.content.empty()) e.content = content_text;
  e.summary = str(item, "summary");
  e.published = parse_date(str(item, "date_published"));
  e.updated = parse_date(str(item, "date_modified"));
  read_author(item, e.author, e.author_email);
  if (auto tags = item.find("tags"); tags != item.end() && tags->is_array())
    for (const auto& t : *tags)
      if (t.is_string()) e.categories.push_back(t.get<std::string>());
  if (auto atts = item.find("attachments"); atts != item.end() && atts->is_array())
    for (const auto& a : *atts)
      if (a.is_object())
        e.enclosures.push_back(
            {resolve_url(base, str(a, "url")), str(a, "size_in_bytes"), str(a, "mime_type")});
  return e;
}

// Builds the document like json::parse, but stops at nesting deeper than
// `k_max_depth`, keeping what was read before: the DOM's destructor and our
// readers recurse. (The parse callback could discard deep values instead, but
// nlohmann 3.11's callback parser rescans the parent at every object's end,
// which is quadratic in a long array of items.)
class DepthLimitedParser : public nlohmann::detail::json_sax_dom_parser<json> {
 public:
  static constexpr int k_max_depth = 64;
  explicit DepthLimitedParser(json& out) : json_sax_dom_parser(out, false) {}
  bool start_object(std::size_t n) { return deeper() && json_sax_dom_parser::start_object(n); }
  bool start_array(std::size_t n) { return deeper() && json_sax_dom_parser::start_array(n); }
  bool end_object() { return --m_depth, json_sax_dom_parser::end_object(); }
  bool end_array() { return --m_depth, json_sax_dom_parser::end_array(); }
  bool too_deep() const { return m_too_deep; }

 private:
  bool deeper() {
    if (++m_depth <= k_max_depth) return true;
    m_too_deep = true;
    return false;
  }
  int m_depth = 0;
  bool m_too_deep = false;
};

}  // namespace

bool read_jsonfeed(std::string_view text, const ParseOptions& options, Feed& feed) {
  json doc;
  DepthLimitedParser sax(doc);
  const bool complete = json::sax_parse(text.begin(), text.end(), &sax);
  // A syntax error is not a JSON Feed; nesting too deep is a defect in one.
  if ((!complete && !sax.too_deep()) || !doc.is_object()) return false;
  const std::string version = str(doc, "version");
  if (version.find("jsonfeed.org") == std::string::npos) return false;
  feed.format = "jsonfeed";
  feed.version = version.find("/1.1") != std::string::npos ? "jsonfeed11" : "jsonfeed10";
  if (sax.too_deep()) {
    feed.bozo = true;
    feed.bozo_message = "JSON nested deeper than 64 levels; the rest was dropped";
  }
  const std::string base = options.url;
  feed.title = str(doc, "title");
  feed.link = resolve_url(base, str(doc, "home_page_url"));
  feed.subtitle = str(doc, "description");
  feed.language = str(doc, "language");
  read_author(doc, feed.author, feed.author_email);
  if (auto items = doc.find("items"); items != doc.end() && items->is_array()) {
    for (const auto& item : *items) {
      if (!item.is_object()) continue;
      if (feed.entries.size() >= options.max_entries) {
        feed.truncated = true;
        break;
      }
      feed.entries.push_back(read_item(item, base));
    }
  }
  return true;
}

}  // namespace nw::parsers
