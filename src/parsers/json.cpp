#include "parsers/json.hpp"

namespace nw::parsers {
namespace {

using nlohmann::json;

void put(json& obj, const char* key, const std::string& value) {
  if (!value.empty()) obj[key] = value;
}

void put(json& obj, const char* key, const std::optional<Time>& value) {
  if (value) obj[key] = format_iso8601(*value);
}

json entry_json(const Entry& e) {
  json o = json::object();
  put(o, "title", e.title);
  put(o, "link", e.link);
  put(o, "id", e.id);
  put(o, "published", e.published);
  put(o, "updated", e.updated);
  put(o, "summary", e.summary);
  put(o, "content", e.content);
  put(o, "author", e.author);
  put(o, "author_email", e.author_email);
  json cats = json::array();
  for (const auto& c : e.categories) cats.push_back({{"term", c}});
  o["categories"] = std::move(cats);
  json encs = json::array();
  for (const auto& en : e.enclosures) {
    json x = {{"url", en.url}};
    put(x, "length", en.length);
    put(x, "type", en.type);
    encs.push_back(std::move(x));
  }
  o["enclosures"] = std::move(encs);
  o["text"] = e.text;
  return o;
}

}  // namespace

json to_json(const Feed& feed) {
  json out = json::object();
  out["format"] = feed.format;
  out["version"] = feed.version;
  out["encoding"] = feed.encoding;
  out["bozo"] = feed.bozo;
  if (feed.bozo) out["bozo_message"] = feed.bozo_message;
  json head = json::object();
  put(head, "title", feed.title);
  put(head, "link", feed.link);
  put(head, "subtitle", feed.subtitle);
  put(head, "id", feed.id);
  put(head, "published", feed.published);
  put(head, "updated", feed.updated);
  put(head, "author", feed.author);
  put(head, "author_email", feed.author_email);
  put(head, "language", feed.language);
  out["feed"] = std::move(head);
  json entries = json::array();
  for (const auto& e : feed.entries) entries.push_back(entry_json(e));
  out["entries"] = std::move(entries);
  if (feed.truncated) out["truncated"] = true;
  return out;
}

}  // namespace nw::parsers
