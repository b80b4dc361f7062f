#include "parsers/entities.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <map>
#include <utility>

namespace nw::parsers {
namespace {

struct NamedEntity {
  std::string_view name;
  char32_t cp;
};

constexpr NamedEntity k_entities[] = {
#include "parsers/entity_table.inc"
};

// windows-1252's meaning of 0x80-0x9F; 0 where the byte is undefined.
constexpr std::array<char16_t, 32> k_cp1252 = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

bool is_name_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-' || c == '.' || c == ':' || u >= 0x80;
}

bool is_tag_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '/' || c == '!' || c == '?' ||
         c == '_' || c == ':' || static_cast<unsigned char>(c) >= 0x80;
}

// A character reference at s[0] == '&': its length and value, if numeric.
struct Ref {
  std::size_t length = 0;  // 0: not a complete reference
  bool numeric = false;
  char32_t value = 0;
  std::string_view name;
};

Ref read_ref(std::string_view s) {
  Ref r;
  if (s.size() < 3) return r;
  if (s[1] == '#') {
    const bool hex = s.size() > 2 && (s[2] == 'x' || s[2] == 'X');
    std::size_t i = hex ? 3 : 2;
    std::uint32_t v = 0;
    const std::size_t start = i;
    for (; i < s.size() && i < start + 8; ++i) {
      const char c = s[i];
      int d = -1;
      if (c >= '0' && c <= '9')
        d = c - '0';
      else if (hex && c >= 'a' && c <= 'f')
        d = c - 'a' + 10;
      else if (hex && c >= 'A' && c <= 'F')
        d = c - 'A' + 10;
      if (d < 0) break;
      v = v * (hex ? 16 : 10) + static_cast<std::uint32_t>(d);
    }
    if (i == start || i >= s.size() || s[i] != ';') return r;
    r.length = i + 1;
    r.numeric = true;
    r.value = v;
    return r;
  }
  std::size_t i = 1;
  while (i < s.size() && i < 40 && is_name_char(s[i])) ++i;
  if (i == 1 || i >= s.size() || s[i] != ';') return r;
  r.length = i + 1;
  r.name = s.substr(1, i - 1);
  return r;
}

bool is_xml_entity(std::string_view n) {
  return n == "amp" || n == "lt" || n == "gt" || n == "quot" || n == "apos";
}

// Entities declared in the internal DTD subset: <!ENTITY name "value">.
std::map<std::string, std::string, std::less<>> read_dtd_entities(std::string_view doctype) {
  std::map<std::string, std::string, std::less<>> out;
  std::size_t pos = 0;
  while ((pos = doctype.find("<!ENTITY", pos)) != std::string_view::npos) {
    pos += 8;
    while (pos < doctype.size() && (doctype[pos] == ' ' || doctype[pos] == '\t' ||
                                    doctype[pos] == '\n' || doctype[pos] == '\r'))
      ++pos;
    if (pos >= doctype.size() || doctype[pos] == '%') continue;  // parameter entity
    const std::size_t name_start = pos;
    while (pos < doctype.size() && is_name_char(doctype[pos])) ++pos;
    const std::string name(doctype.substr(name_start, pos - name_start));
    while (pos < doctype.size() && (doctype[pos] == ' ' || doctype[pos] == '\t' ||
                                    doctype[pos] == '\n' || doctype[pos] == '\r'))
      ++pos;
    if (pos >= doctype.size() || (doctype[pos] != '"' && doctype[pos] != '\'')) continue;
    const char quote = doctype[pos++];
    const std::size_t end = doctype.find(quote, pos);
    if (end == std::string_view::npos) break;
    if (!name.empty()) out.emplace(name, std::string(doctype.substr(pos, end - pos)));
    pos = end + 1;
  }
  return out;
}

// End of a <!DOCTYPE ...> starting at `pos`, honouring an internal subset.
std::size_t doctype_end(std::string_view s, std::size_t pos) {
  bool in_subset = false;
  char quote = 0;
  for (std::size_t i = pos; i < s.size(); ++i) {
    const char c = s[i];
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '[') {
      in_subset = true;
    } else if (c == ']') {
      in_subset = false;
    } else if (c == '>' && !in_subset) {
      return i + 1;
    }
  }
  return s.size();
}

// The value of a reference for double-encoding detection: numeric or HTML named.
std::optional<char32_t> ref_value(const Ref& r) {
  if (r.length == 0) return std::nullopt;
  if (r.numeric) return r.value;
  if (is_xml_entity(r.name)) return std::nullopt;
  return html_entity(r.name);
}

// UTF-8 written as one reference per byte (&#226;&#128;&#166;): the decoded
// character and the length consumed, or 0.
std::pair<char32_t, std::size_t> double_encoded(std::string_view s, char32_t lead) {
  int extra = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : 1;
  char32_t cp = lead & (lead >= 0xF0 ? 0x07 : lead >= 0xE0 ? 0x0F : 0x1F);
  std::size_t pos = read_ref(s).length;
  for (int k = 0; k < extra; ++k) {
    if (pos >= s.size() || s[pos] != '&') return {0, 0};
    const Ref r = read_ref(s.substr(pos));
    const auto v = ref_value(r);
    if (!v || *v < 0x80 || *v > 0xBF) return {0, 0};
    cp = (cp << 6) | (*v & 0x3F);
    pos += r.length;
  }
  if (cp < 0x80 || cp > 0x10FFFF) return {0, 0};
  return {cp, pos};
}

}  // namespace

void append_utf8(std::string& out, char32_t cp) {
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::optional<char32_t> html_entity(std::string_view name) {
  const auto* it =
      std::lower_bound(std::begin(k_entities), std::end(k_entities), name,
                       [](const NamedEntity& e, std::string_view n) { return e.name < n; });
  if (it != std::end(k_entities) && it->name == name) return it->cp;
  return std::nullopt;
}

char32_t demoronize(char32_t cp) {
  if (cp >= 0x80 && cp <= 0x9F && k_cp1252[cp - 0x80] != 0) return k_cp1252[cp - 0x80];
  return cp;
}

std::string decode_entities(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    if (text[i] != '&') {
      out += text[i++];
      continue;
    }
    const Ref r = read_ref(text.substr(i));
    std::optional<char32_t> v;
    if (r.numeric)
      v = demoronize(r.value);
    else if (r.length)
      v = html_entity(r.name);
    if (!v) {
      out += text[i++];
      continue;
    }
    append_utf8(out, *v);
    i += r.length;
  }
  return out;
}

bool entity_prepass_needed(std::string_view xml) {
  for (std::size_t i = xml.find('&'); i != std::string_view::npos; i = xml.find('&', i + 1)) {
    // The references escaped HTML is made of, settled without read_ref.
    const std::string_view rest = xml.substr(i + 1, 4);
    if (rest.starts_with("lt;") || rest.starts_with("gt;") || rest == "amp;") continue;
    const Ref r = read_ref(xml.substr(i));
    if (r.length == 0) return true;  // a stray '&'
    if (!r.numeric) {
      if (!is_xml_entity(r.name)) return true;
      continue;
    }
    // Upper-case hex, windows-1252 code points and possible double-encoded UTF-8 are rewritten.
    if (xml[i + 2] == 'X' || (r.value >= 0x80 && r.value <= 0xF4)) return true;
  }
  return false;
}

EntityPrepass prepare_entities(std::string_view xml) {
  EntityPrepass res;
  std::map<std::string, std::string, std::less<>> declared;
  bool external_dtd = false;  // a DTD such as Netscape's RSS 0.91 defines the HTML entities
  std::size_t copied = 0;
  auto replace = [&](std::size_t from, std::size_t len, std::string_view with, bool defect) {
    if (!res.changed) res.text.reserve(xml.size() + 64);
    res.changed = true;
    res.text.append(xml.substr(copied, from - copied));
    res.text.append(with);
    copied = from + len;
    if (defect && !res.bozo) {
      res.bozo = true;
      res.message = "undefined entity or stray markup character repaired";
    }
  };
  std::size_t i = 0;
  while (i < xml.size()) {
    // A plain loop: string_view::find_first_of calls memchr once per byte.
    while (i < xml.size() && xml[i] != '&' && xml[i] != '<') ++i;
    if (i >= xml.size()) break;
    const std::string_view rest = xml.substr(i);
    if (rest[0] == '<') {
      if (rest.starts_with("<!--")) {
        const std::size_t end = xml.find("-->", i + 4);
        i = end == std::string_view::npos ? xml.size() : end + 3;
      } else if (rest.starts_with("<![CDATA[")) {
        const std::size_t end = xml.find("]]>", i + 9);
        i = end == std::string_view::npos ? xml.size() : end + 3;
      } else if (rest.starts_with("<?")) {
        const std::size_t end = xml.find("?>", i + 2);
        i = end == std::string_view::npos ? xml.size() : end + 2;
      } else if (rest.starts_with("<!DOCTYPE") || rest.starts_with("<!doctype")) {
        const std::size_t end = doctype_end(xml, i);
        const std::string_view doctype = xml.substr(i, end - i);
        declared = read_dtd_entities(doctype);
        external_dtd = doctype.find("PUBLIC") != std::string_view::npos ||
                       doctype.find("SYSTEM") != std::string_view::npos;
        i = end;
      } else if (rest.size() > 1 && is_tag_start(rest[1])) {
        ++i;
      } else {
        replace(i, 1, "&lt;", true);
        ++i;
      }
      continue;
    }
    const Ref r = read_ref(rest);
    if (r.length == 0) {
      replace(i, 1, "&amp;", true);
      ++i;
      continue;
    }
    if (!r.numeric && is_xml_entity(r.name)) {
      i += r.length;
      continue;
    }
    if (!r.numeric) {
      if (const auto d = declared.find(r.name); d != declared.end()) {
        replace(i, r.length, d->second, false);
        i += r.length;
        continue;
      }
    }
    const auto v = ref_value(r);
    if (!v) {
      // Unknown name: keep it visible as text, as lenient readers do.
      replace(i, 1, "&amp;", true);
      i += 1;
      continue;
    }
    std::string with;
    std::size_t len = r.length;
    if (*v >= 0xC2 && *v <= 0xF4) {
      if (const auto [cp, used] = double_encoded(rest, *v); used > 0) {
        append_utf8(with, cp);
        len = used;
      }
    }
    if (with.empty()) {
      if (r.numeric && !(*v >= 0x80 && *v <= 0x9F) && rest[2] != 'X') {
        i += r.length;  // pugixml decodes ordinary numeric references itself
        continue;
      }
      const char32_t cp = demoronize(*v);
      if (cp == '<' || cp == '&' || cp == '>' || cp == '"' || cp == '\'' || cp < 0x20) {
        if (r.numeric && rest[2] == 'X') {
          char buf[16];
          std::snprintf(buf, sizeof buf, "&#x%X;", static_cast<unsigned>(cp));
          replace(i, r.length, buf, false);
        }
        i += r.length;
        continue;
      }
      append_utf8(with, cp);
    }
    replace(i, len, with, !r.numeric && !external_dtd);
    i += len;
  }
  if (res.changed) res.text.append(xml.substr(copied));
  return res;
}

}  // namespace nw::parsers
