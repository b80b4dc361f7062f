#include "cli/opml.hpp"

#include <pugixml.hpp>

#include <cctype>
#include <cstdio>
#include <set>
#include <stdexcept>

namespace nw::cli {
namespace {

// An attribute by name, case-insensitively (some exporters write "xmlurl" or "XMLURL").
std::string attribute(const pugi::xml_node& node, std::string_view name) {
  for (const auto& a : node.attributes()) {
    std::string_view n = a.name();
    if (n.size() != name.size()) continue;
    bool same = true;
    for (std::size_t i = 0; i < n.size() && same; ++i) {
      same = std::tolower(static_cast<unsigned char>(n[i])) ==
             std::tolower(static_cast<unsigned char>(name[i]));
    }
    if (same) return a.value();
  }
  return {};
}

std::string trim(std::string s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

std::string host_of(const std::string& url) {
  const auto scheme = url.find("://");
  const auto start = scheme == std::string::npos ? 0 : scheme + 3;
  return url.substr(start, url.find_first_of("/?#", start) - start);
}

struct Walker {
  std::vector<OpmlFeed> feeds;
  std::set<std::string> urls;
  std::set<std::string> names;

  std::string unique_name(std::string name) {
    if (name.empty()) name = "feed";
    std::string candidate = name;
    for (int n = 2; names.count(candidate); ++n) candidate = name + " (" + std::to_string(n) + ")";
    names.insert(candidate);
    return candidate;
  }

  void walk(const pugi::xml_node& parent, const std::string& folder) {
    for (const auto& node : parent.children()) {
      if (std::string_view(node.name()) != "outline") continue;
      std::string title = trim(attribute(node, "title"));
      if (title.empty()) title = trim(attribute(node, "text"));
      const std::string url = trim(attribute(node, "xmlUrl"));
      if (!url.empty() && urls.insert(url).second) {
        feeds.push_back({unique_name(title.empty() ? host_of(url) : title), url, folder});
      }
      walk(node, folder.empty() ? title : title.empty() ? folder : folder + "/" + title);
    }
  }
};

}  // namespace

std::vector<OpmlFeed> parse_opml(std::string_view xml) {
  pugi::xml_document doc;
  const auto parsed = doc.load_buffer(xml.data(), xml.size());
  if (!parsed) {
    throw std::runtime_error(std::string("not XML: ") + parsed.description() + " at byte " +
                             std::to_string(parsed.offset));
  }
  const auto opml = doc.child("opml");
  if (!opml) throw std::runtime_error("not OPML: the root element is not <opml>");
  Walker w;
  w.walk(opml.child("body"), "");
  return std::move(w.feeds);
}

std::string toml_string(std::string_view s) {
  std::string out = "\"";
  for (const char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04X", static_cast<unsigned>(c));
          out += buf;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

std::string to_toml(const std::vector<OpmlFeed>& feeds) {
  std::string out;
  for (const auto& f : feeds) {
    if (!out.empty()) out += '\n';
    if (!f.folder.empty()) {
      std::string folder = f.folder;
      for (auto& c : folder) {
        if (c == '\n' || c == '\r') c = ' ';
      }
      out += "# " + folder + "\n";
    }
    out += "[[feeds]]\nname = " + toml_string(f.name) + "\nurl = " + toml_string(f.url) + "\n";
  }
  return out;
}

}  // namespace nw::cli
