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

}  // namespace

bool read_jsonfeed(std::string_view text, const ParseOptions& options, Feed& feed) {
  // The depth limit guards the recursive parser against "[[[[...".
  int depth_exceeded = 0;
  const json::parser_callback_t limit = [&depth_exceeded](int depth, json::parse_event_t, json&) {
    if (depth > 64) depth_exceeded = 1;
    return depth <= 64;
  };
  json doc = json::parse(text.begin(), text.end(), limit, false);
  if (doc.is_discarded() || !doc.is_object()) return false;
  const std::string version = str(doc, "version");
  if (version.find("jsonfeed.org") == std::string::npos) return false;
  feed.format = "jsonfeed";
  feed.version = version.find("/1.1") != std::string::npos ? "jsonfeed11" : "jsonfeed10";
  feed.bozo = depth_exceeded != 0;
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
