#include "parsers/xml_repair.hpp"

#include <vector>

namespace nw::parsers {
namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

bool is_name_char(char c) {
  return !(is_space(c) || c == '>' || c == '/' || c == '=' || c == '<' || c == '"' || c == '\'');
}

// Writes the attributes of a start tag well-formed; returns the index after '>'.
std::size_t copy_attributes(std::string_view s, std::size_t i, std::string& out,
                            bool& self_closing) {
  std::vector<std::string_view> seen;
  self_closing = false;
  while (i < s.size() && s[i] != '>') {
    if (is_space(s[i])) {
      ++i;
      continue;
    }
    if (s[i] == '/') {
      self_closing = i + 1 < s.size() && s[i + 1] == '>';
      ++i;
      continue;
    }
    if (s[i] == '<') return i;  // a new tag began before this one closed
    const std::size_t name_start = i;
    while (i < s.size() && is_name_char(s[i])) ++i;
    const std::string_view name = s.substr(name_start, i - name_start);
    if (name.empty()) {
      ++i;
      continue;
    }
    while (i < s.size() && is_space(s[i])) ++i;
    std::string value;
    bool has_value = false;
    if (i < s.size() && s[i] == '=') {
      ++i;
      while (i < s.size() && is_space(s[i])) ++i;
      has_value = true;
      if (i < s.size() && (s[i] == '"' || s[i] == '\'')) {
        const char q = s[i++];
        const std::size_t end = s.find(q, i);
        const std::size_t stop = end == std::string_view::npos ? s.size() : end;
        value = s.substr(i, stop - i);
        i = end == std::string_view::npos ? s.size() : end + 1;
      } else {
        const std::size_t v = i;
        while (i < s.size() && !is_space(s[i]) && s[i] != '>') ++i;
        value = s.substr(v, i - v);
      }
    }
    bool duplicate = false;
    for (auto n : seen) duplicate = duplicate || n == name;
    if (duplicate) continue;
    seen.push_back(name);
    out += ' ';
    out.append(name);
    out += "=\"";
    for (char c : has_value ? value : std::string(name)) {
      if (c == '"')
        out += "&quot;";
      else if (c == '<')
        out += "&lt;";
      else
        out += c;
    }
    out += '"';
  }
  return i < s.size() ? i + 1 : i;
}

// Copies a construct from `open` to `close` (comment, CDATA, PI), closing it if truncated.
std::size_t copy_construct(std::string_view s, std::size_t i, std::string_view close,
                           std::string& out) {
  const std::size_t end = s.find(close, i);
  if (end == std::string_view::npos) {
    out.append(s.substr(i));
    out.append(close);
    return s.size();
  }
  out.append(s.substr(i, end + close.size() - i));
  return end + close.size();
}

}  // namespace

std::string repair_xml(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 64);
  std::vector<std::string> open;
  bool root_closed = false;
  std::size_t i = 0;
  while (i < s.size()) {
    const std::size_t lt = s.find('<', i);
    const std::size_t text_end = lt == std::string_view::npos ? s.size() : lt;
    if (!root_closed) out.append(s.substr(i, text_end - i));
    if (lt == std::string_view::npos) break;
    i = lt;
    const std::string_view rest = s.substr(i);
    if (rest.starts_with("<!--")) {
      i = copy_construct(s, i, "-->", out);
    } else if (rest.starts_with("<![CDATA[")) {
      if (root_closed) {
        const std::size_t end = s.find("]]>", i);
        i = end == std::string_view::npos ? s.size() : end + 3;
      } else {
        i = copy_construct(s, i, "]]>", out);
      }
    } else if (rest.starts_with("<?")) {
      std::string pi;
      i = copy_construct(s, i, "?>", pi);
      if (!pi.starts_with("<?xml ") || out.find_first_not_of(" \t\r\n") == std::string::npos)
        out += pi;
    } else if (rest.starts_with("<!")) {
      const std::size_t end = s.find('>', i);
      if (!root_closed && open.empty())
        out.append(
            s.substr(i, end == std::string_view::npos ? std::string_view::npos : end + 1 - i));
      i = end == std::string_view::npos ? s.size() : end + 1;
    } else if (rest.starts_with("</")) {
      std::size_t j = i + 2;
      while (j < s.size() && is_name_char(s[j])) ++j;
      const std::string name(s.substr(i + 2, j - i - 2));
      const std::size_t end = s.find('>', j);
      i = end == std::string_view::npos ? s.size() : end + 1;
      std::size_t k = open.size();
      while (k > 0 && open[k - 1] != name) --k;
      if (k == 0) continue;  // nothing of that name is open: drop the stray end tag
      while (open.size() >= k) {
        out += "</" + open.back() + ">";
        open.pop_back();
      }
      if (open.empty()) root_closed = true;
    } else {
      std::size_t j = i + 1;
      while (j < s.size() && is_name_char(s[j])) ++j;
      const std::string name(s.substr(i + 1, j - i - 1));
      if (name.empty() || root_closed) {
        const std::size_t end = s.find('>', j);
        i = end == std::string_view::npos ? s.size() : end + 1;
        if (!root_closed && name.empty()) out += "&lt;";
        continue;
      }
      // <title>a<title>b: the second one starts a sibling (containers may nest).
      if (!open.empty() && open.back() == name && name != "div" && name != "span" &&
          name != "blockquote" && name != "ul" && name != "ol" && name != "table") {
        out += "</" + name + ">";
        open.pop_back();
      }
      out += '<';
      out += name;
      bool self_closing = false;
      i = copy_attributes(s, j, out, self_closing);
      out += self_closing ? "/>" : ">";
      if (!self_closing) open.push_back(name);
    }
  }
  while (!open.empty()) {
    out += "</" + open.back() + ">";
    open.pop_back();
  }
  return out;
}

}  // namespace nw::parsers
