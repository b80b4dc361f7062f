#include "parsers/text_construct.hpp"

#include <cctype>
#include <cstdio>

#include "parsers/elements.hpp"
#include "parsers/entities.hpp"
#include "parsers/urls.hpp"
#include "util/text.hpp"

namespace nw::parsers {
namespace {

bool is_xhtml_type(std::string_view t) {
  return t == "xhtml" || t == "application/xhtml+xml";
}

bool is_html_type(std::string_view t) {
  return t == "html" || t == "text/html";
}

// "&#146;" in HTML meant windows-1252's right quote: written back as "&#x2019;". Rewritten in
// place, as the next helper: a string handed through and back costs a copy of its header that
// stalls on the stores just made to it.
void demoronize_references(std::string& s) {
  std::size_t pos = 0;
  while ((pos = s.find("&#", pos)) != std::string::npos) {
    std::size_t i = pos + 2;
    const bool hex = i < s.size() && (s[i] == 'x' || s[i] == 'X');
    if (hex) {
      s[i] = 'x';  // "&#X61;" is not XML; HTML readers accept it, written the XML way
      ++i;
    }
    const std::size_t start = i;
    unsigned v = 0;
    while (i < s.size() && i < start + 6 && std::isxdigit(static_cast<unsigned char>(s[i]))) {
      if (!hex && !std::isdigit(static_cast<unsigned char>(s[i]))) break;
      v = v * (hex ? 16 : 10) + static_cast<unsigned>(std::isdigit(static_cast<unsigned char>(s[i]))
                                                          ? s[i] - '0'
                                                          : (std::tolower(s[i]) - 'a' + 10));
      ++i;
    }
    if (i == start || i >= s.size() || s[i] != ';' || v < 0x80 || v > 0x9F || demoronize(v) == v) {
      pos += 2;
      continue;
    }
    char buf[16];
    std::snprintf(buf, sizeof buf, "&#x%X;", static_cast<unsigned>(demoronize(v)));
    s.replace(pos, i + 1 - pos, buf);
    pos += 2;
  }
}

// Serialized inline XHTML repeats its namespace declaration on the top elements; HTML has none.
void strip_xhtml_namespace(std::string& s) {
  if (s.find("xmlns") == std::string::npos) return;  // the usual case, one cheap scan
  for (std::string_view decl :
       {" xmlns=\"http://www.w3.org/1999/xhtml\"", " xmlns='http://www.w3.org/1999/xhtml'"}) {
    for (std::size_t p; (p = s.find(decl)) != std::string::npos;) s.erase(p, decl.size());
  }
}

// Atom 1.0 XHTML content sits inside one <div>; the content is what is inside it.
pugi::xml_node xhtml_container(pugi::xml_node el) {
  if (!trim(el.value()).empty()) return el;  // text before the first child, kept in el itself
  pugi::xml_node only;
  for (pugi::xml_node c = el.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_element) {
      if (only) return el;
      only = c;
    } else if (c.type() == pugi::node_pcdata && !trim(c.value()).empty()) {
      return el;
    }
  }
  if (only && local_name(only) == "div") return only;
  return el;
}

}  // namespace

std::string decode_base64(std::string_view in) {
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (char c : in) {
    int v;
    if (c >= 'A' && c <= 'Z')
      v = c - 'A';
    else if (c >= 'a' && c <= 'z')
      v = c - 'a' + 26;
    else if (c >= '0' && c <= '9')
      v = c - '0' + 52;
    else if (c == '+' || c == '-')
      v = 62;
    else if (c == '/' || c == '_')
      v = 63;
    else if (c == ' ' || c == '\n' || c == '\r' || c == '\t')
      continue;
    else
      break;
    buffer = (buffer << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  return out;
}

TextValue read_text_construct(pugi::xml_node el, const ReadContext& ctx, bool default_html) {
  // One pass over the attributes; the first of each name counts, as attribute() finds it.
  std::string type, mode;
  bool have_type = false, have_mode = false;
  for (pugi::xml_attribute a = el.first_attribute(); a; a = a.next_attribute()) {
    const std::string_view name = a.name();
    if (name == "type" && !have_type) {
      have_type = true;
      type = ascii_lower(trim(a.value()));
    } else if (name == "mode" && !have_mode) {
      have_mode = true;
      mode = ascii_lower(trim(a.value()));
    }
  }
  TextValue tv;
  // Atom 1.0: any other media type that is not XML is base64 (RFC 4287 4.1.3.3).
  const bool other_type = !type.empty() && type != "text" && type != "html" && type != "xhtml" &&
                          !type.starts_with("text/") && !type.ends_with("+xml") &&
                          !type.ends_with("/xml");
  if (other_type) tv.textual = false;
  if (mode == "base64" || (ctx.atom10 && other_type)) {
    tv.value = std::string(trim(decode_base64(text_of(el))));
    tv.markup = is_html_type(type) || is_xhtml_type(type);
  } else if (mode == "xml" || is_xhtml_type(type) ||
             (type.empty() && mode.empty() && has_element_children(el))) {
    const bool strip_div = ctx.atom10 && type == "xhtml";
    tv.value = inner_xml(strip_div ? xhtml_container(el) : el);
    tv.markup = true;
  } else if (is_html_type(type) || (type.empty() && default_html) ||
             (mode == "escaped" && type != "text/plain" && type != "text")) {
    tv.value = text_of(el);
    tv.markup = true;
  } else {
    tv.value = text_of(el);
  }
  if (tv.markup) {
    demoronize_references(tv.value);
    strip_xhtml_namespace(tv.value);
    if (tv.value.find('<') != std::string::npos) resolve_html_urls(tv.value, base_for(el, ctx));
  }
  return tv;
}

}  // namespace nw::parsers
