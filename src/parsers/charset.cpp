#include "parsers/charset.hpp"

#include <unicode/ucnv.h>
#include <unicode/ucnv_err.h>
#include <unicode/ucsdet.h>

#include <cstdint>
#include <cstring>
#include <memory>

#include "parsers/entities.hpp"
#include "util/text.hpp"

namespace nw::parsers {
namespace {

struct Sniffed {
  std::string encoding;  // "" when nothing decisive was found
  std::size_t bom = 0;   // bytes of BOM to skip
};

bool starts(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// BOMs, then the byte patterns of "<?" in UTF-16/32 without a BOM (XML 1.0 appendix F).
Sniffed sniff_bom(std::string_view b) {
  using namespace std::string_view_literals;
  if (starts(b, "\xEF\xBB\xBF"sv)) return {"utf-8", 3};
  if (starts(b, "\x00\x00\xFE\xFF"sv)) return {"utf-32be", 4};
  if (starts(b, "\xFF\xFE\x00\x00"sv)) return {"utf-32le", 4};
  if (starts(b, "\xFE\xFF"sv)) return {"utf-16be", 2};
  if (starts(b, "\xFF\xFE"sv)) return {"utf-16le", 2};
  if (starts(b, "\x00\x00\x00\x3C"sv)) return {"utf-32be", 0};
  if (starts(b, "\x3C\x00\x00\x00"sv)) return {"utf-32le", 0};
  if (starts(b, "\x00\x3C\x00\x3F"sv)) return {"utf-16be", 0};
  if (starts(b, "\x3C\x00\x3F\x00"sv)) return {"utf-16le", 0};
  return {};
}

// The encoding="..." of an XML declaration at the start of ASCII-compatible text.
std::string declared_encoding(std::string_view text) {
  if (!starts(text, "<?xml")) return {};
  const std::size_t end = text.find("?>");
  const std::string_view decl = text.substr(0, end == std::string_view::npos ? 200 : end);
  std::size_t pos = decl.find("encoding");
  if (pos == std::string_view::npos) return {};
  pos = decl.find_first_of("\"'", pos);
  if (pos == std::string_view::npos) return {};
  const std::size_t close = decl.find(decl[pos], pos + 1);
  if (close == std::string_view::npos) return {};
  return ascii_lower(trim(decl.substr(pos + 1, close - pos - 1)));
}

// <meta charset=...> or <meta http-equiv content="...; charset=..."> in the first 4 KB of HTML.
std::string meta_charset(std::string_view text) {
  const std::string head = ascii_lower(text.substr(0, 4096));
  std::size_t pos = 0;
  while ((pos = head.find("<meta", pos)) != std::string::npos) {
    const std::size_t end = head.find('>', pos);
    const std::string_view tag = std::string_view(head).substr(pos, end - pos);
    pos += 5;
    const std::size_t cs = tag.find("charset=");
    if (cs == std::string_view::npos) continue;
    std::size_t v = cs + 8;
    while (v < tag.size() && (tag[v] == '"' || tag[v] == '\'' || tag[v] == ' ')) ++v;
    std::size_t e = v;
    while (e < tag.size() && tag[e] != '"' && tag[e] != '\'' && tag[e] != ' ' && tag[e] != ';' &&
           tag[e] != '/')
      ++e;
    if (e > v) return std::string(tag.substr(v, e - v));
  }
  return {};
}

// Whether `c2` may follow the lead byte `c` (Unicode table 3-7): excludes
// overlong forms, UTF-16 surrogates (ED A0..BF) and values past U+10FFFF,
// which JSON output and SQLite's text functions reject or mangle.
bool second_byte_ok(unsigned char c, unsigned char c2) {
  if ((c2 & 0xC0) != 0x80) return false;
  if (c == 0xE0) return c2 >= 0xA0;
  if (c == 0xED) return c2 <= 0x9F;
  if (c == 0xF0) return c2 >= 0x90;
  if (c == 0xF4) return c2 <= 0x8F;
  return true;
}

bool is_utf8(std::string_view s, bool& has_multibyte) {
  has_multibyte = false;
  std::size_t i = 0;
  while (i < s.size()) {
    // ASCII fast path, 32 bytes at a time (one test for four words), then eight.
    while (i + 32 <= s.size()) {
      std::uint64_t w[4];
      std::memcpy(w, s.data() + i, 32);
      if ((w[0] | w[1] | w[2] | w[3]) & 0x8080808080808080ULL) break;
      i += 32;
    }
    while (i + 8 <= s.size()) {
      std::uint64_t word;
      std::memcpy(&word, s.data() + i, 8);
      if (word & 0x8080808080808080ULL) break;
      i += 8;
    }
    if (i >= s.size()) break;
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    int n = 0;
    if (c >= 0xC2 && c <= 0xDF)
      n = 1;
    else if (c >= 0xE0 && c <= 0xEF)
      n = 2;
    else if (c >= 0xF0 && c <= 0xF4)
      n = 3;
    else
      return false;
    if (i + static_cast<std::size_t>(n) >= s.size()) return false;
    if (!second_byte_ok(c, static_cast<unsigned char>(s[i + 1]))) return false;
    for (int k = 1; k <= n; ++k)
      if ((static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]) & 0xC0) != 0x80)
        return false;
    has_multibyte = true;
    i += static_cast<std::size_t>(n) + 1;
  }
  return true;
}

bool is_single_byte(std::string_view enc) {
  return enc.starts_with("iso-8859") || enc.starts_with("windows-12") || enc.starts_with("cp12") ||
         enc == "latin1" || enc == "latin-1" || enc == "us-ascii" || enc == "ascii" ||
         enc.starts_with("koi8");
}

// Repairs invalid UTF-8 by replacing bad sequences with U+FFFD; true when it had to.
bool repair_utf8(std::string& s) {
  bool multi = false;
  if (is_utf8(s, multi)) return false;
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      out += s[i++];
      continue;
    }
    std::size_t n = c >= 0xC2 && c <= 0xDF   ? 1
                    : c >= 0xE0 && c <= 0xEF ? 2
                    : c >= 0xF0 && c <= 0xF4 ? 3
                                             : 0;
    bool ok = n > 0 && i + n < s.size() && second_byte_ok(c, static_cast<unsigned char>(s[i + 1]));
    for (std::size_t k = 1; ok && k <= n; ++k)
      ok = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
    if (ok) {
      out.append(s, i, n + 1);
      i += n + 1;
    } else {
      out += "\xEF\xBF\xBD";
      ++i;
    }
  }
  s.swap(out);
  return true;
}

struct ConverterCloser {
  void operator()(UConverter* c) const { ucnv_close(c); }
};

// Converts with ICU; false when ICU does not know the charset.
bool convert(std::string_view bytes, const std::string& charset, std::string& out, bool& lossy) {
  UErrorCode err = U_ZERO_ERROR;
  std::unique_ptr<UConverter, ConverterCloser> conv(ucnv_open(charset.c_str(), &err));
  if (U_FAILURE(err) || !conv) return false;
  lossy = false;
  std::u16string u16(bytes.size() + 4, u'\0');
  err = U_ZERO_ERROR;
  const char* src = bytes.data();
  const char* src_end = bytes.data() + bytes.size();
  UChar* dst = reinterpret_cast<UChar*>(u16.data());
  UChar* dst_end = dst + u16.size();
  ucnv_toUnicode(conv.get(), &dst, dst_end, &src, src_end, nullptr, true, &err);
  if (U_FAILURE(err)) return false;
  u16.resize(static_cast<std::size_t>(dst - reinterpret_cast<UChar*>(u16.data())));
  out.clear();
  out.reserve(u16.size() + u16.size() / 2);
  for (std::size_t i = 0; i < u16.size(); ++i) {
    char32_t cp = u16[i];
    if (cp >= 0xD800 && cp <= 0xDBFF && i + 1 < u16.size() && u16[i + 1] >= 0xDC00 &&
        u16[i + 1] <= 0xDFFF) {
      cp = 0x10000 + ((cp - 0xD800) << 10) + (u16[i + 1] - 0xDC00);
      ++i;
    }
    if (cp == 0xFFFD || cp == 0x1A) lossy = true;
    append_utf8(out, cp);
  }
  return true;
}

// Statistical guess (ICU's detector) for undeclared bytes that are not UTF-8:
// Cyrillic, CJK and Latin legacy charsets. "" when ICU has no confident answer.
std::string detect_charset(std::string_view bytes) {
  UErrorCode err = U_ZERO_ERROR;
  UCharsetDetector* det = ucsdet_open(&err);
  if (U_FAILURE(err)) return {};
  const std::string_view sample = bytes.substr(0, 64 * 1024);
  ucsdet_setText(det, sample.data(), static_cast<int32_t>(sample.size()), &err);
  const UCharsetMatch* match = U_SUCCESS(err) ? ucsdet_detect(det, &err) : nullptr;
  std::string name;
  if (match && U_SUCCESS(err) && ucsdet_getConfidence(match, &err) >= 10) {
    if (const char* n = ucsdet_getName(match, &err); n && U_SUCCESS(err)) name = ascii_lower(n);
  }
  ucsdet_close(det);
  if (name == "utf-8") return {};
  if (name.starts_with("iso-8859") || name.starts_with("windows-125")) {
    // ICU needs long texts; in short Cyrillic ones letters >= 0xC0 dominate, which no
    // Latin text does. Lower-case Cyrillic is 0xE0-0xFF in windows-1251, 0xC0-0xDF in KOI8-R.
    std::size_t ascii_letters = 0, upper_half = 0, lower_half = 0;
    for (char ch : sample) {
      const auto c = static_cast<unsigned char>(ch);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
        ++ascii_letters;
      else if (c >= 0xE0)
        ++upper_half;
      else if (c >= 0xC0)
        ++lower_half;
    }
    const std::size_t high = upper_half + lower_half;
    if (high * 4 > (high + ascii_letters))
      return upper_half >= lower_half ? "windows-1251" : "koi8-r";
  }
  return name;
}

// Names as Python's codecs (and the conformance corpus) spell them.
std::string canonical_label(std::string label) {
  if (label == "gb2312" || label == "gbk" || label == "x-gbk") return "gb18030";
  if (label == "utf8") return "utf-8";
  if (label == "latin1" || label == "latin-1" || label == "iso8859-1") return "iso-8859-1";
  if (label == "ascii") return "us-ascii";
  if (label == "utf-16" || label == "utf16") return "utf-16be";
  if (label == "utf-32" || label == "utf32") return "utf-32be";
  return label;
}

// C1 controls (U+0080-U+009F) in text are windows-1252 bytes that were read as
// Latin-1 somewhere upstream; nobody means the control characters.
void demoronize_c1(std::string& s) {
  std::size_t pos = s.find('\xC2');
  if (pos == std::string::npos) return;
  std::string out;
  out.reserve(s.size() + 16);
  std::size_t copied = 0;
  for (; pos != std::string::npos; pos = s.find('\xC2', pos + 1)) {
    if (pos + 1 >= s.size()) break;
    const auto c = static_cast<unsigned char>(s[pos + 1]);
    if (c < 0x80 || c > 0x9F) continue;
    const char32_t cp = demoronize(c);
    if (cp == c) continue;
    out.append(s, copied, pos - copied);
    append_utf8(out, cp);
    copied = pos + 2;
  }
  if (copied == 0) return;
  out.append(s, copied, std::string::npos);
  s.swap(out);
}

// True when demoronize_c1 would change `s`.
bool has_c1(std::string_view s) {
  for (std::size_t pos = s.find('\xC2'); pos != std::string_view::npos;
       pos = s.find('\xC2', pos + 1)) {
    if (pos + 1 >= s.size()) return false;
    const auto c = static_cast<unsigned char>(s[pos + 1]);
    if (c >= 0x80 && c <= 0x9F && demoronize(c) != c) return true;
  }
  return false;
}

}  // namespace

std::string charset_of(std::string_view content_type) {
  const std::string lower = ascii_lower(content_type);
  std::size_t pos = 0;
  while ((pos = lower.find(';', pos)) != std::string::npos) {
    ++pos;
    const std::size_t end = lower.find(';', pos);
    std::string_view param = trim(std::string_view(lower).substr(pos, end - pos));
    const std::size_t eq = param.find('=');
    if (eq == std::string_view::npos || trim(param.substr(0, eq)) != "charset") continue;
    std::string_view value = trim(param.substr(eq + 1));
    while (!value.empty() && (value.front() == '"' || value.front() == '\''))
      value.remove_prefix(1);
    while (!value.empty() && (value.back() == '"' || value.back() == '\'')) value.remove_suffix(1);
    return std::string(trim(value));
  }
  return {};
}

static Decoded decode_bytes(std::string_view bytes, std::string_view content_type) {
  Decoded d;
  const Sniffed bom = sniff_bom(bytes);
  std::string label = charset_of(content_type);
  if (label.empty()) label = bom.encoding;
  std::string declared;
  if (label.empty()) {
    declared = declared_encoding(bytes);
    if (declared.empty() && bytes.find("<?xml") != 0) declared = ascii_lower(meta_charset(bytes));
    label = declared;
  }
  // A UTF-16/32 document saying "utf-16" in its declaration: the BOM or byte order decides.
  if ((label == "utf-16" || label == "utf-32") && !bom.encoding.empty()) label = bom.encoding;
  bool guessed = false;
  if (label.empty()) {
    bool multi_unused = false;
    if (!is_utf8(bytes, multi_unused)) {
      label = detect_charset(bytes);
      guessed = !label.empty();
    }
  }
  if (label.empty()) label = "utf-8";
  label = canonical_label(label);

  std::string_view body = bytes;
  if (bom.bom > 0 && label == bom.encoding) body.remove_prefix(bom.bom);

  bool multi = false;
  if (label == "utf-8" || label == "us-ascii") {
    if (body.starts_with("\xEF\xBB\xBF")) body.remove_prefix(3);
    // The common case: valid UTF-8 that needs no change is read in place, not copied.
    if (is_utf8(body, multi) && !(label == "us-ascii" && multi) && !has_c1(body)) {
      d.borrowed = body;
      d.is_borrowed = true;
      d.encoding = label;
      return d;
    }
    d.owned.assign(body);
    if (d.owned.starts_with("\xEF\xBB\xBF")) d.owned.erase(0, 3);
    if (repair_utf8(d.owned)) {
      d.bozo = true;
      d.message = "invalid bytes for " + label;
    } else if (label == "us-ascii" && is_utf8(d.owned, multi) && multi) {
      d.bozo = true;
      d.message = "non-ASCII bytes in a us-ascii document";
    }
    d.encoding = label;
    return d;
  }
  if (is_single_byte(label) && is_utf8(body, multi) && multi) {
    // Declared single-byte but really UTF-8: mojibake helps no one.
    d.owned.assign(body);
    d.encoding = "utf-8";
    d.bozo = true;
    d.message = "declared " + label + " but the bytes are UTF-8";
    return d;
  }
  // Latin-1 labels are read as windows-1252, as browsers do: feeds mean it.
  const std::string icu_name =
      label == "iso-8859-1" || label == "us-ascii" ? "windows-1252" : label;
  bool lossy = false;
  if (convert(body, icu_name, d.owned, lossy)) {
    d.encoding = label;
    if (guessed) {
      d.bozo = true;  // as feedparser: undeclared bytes that are not UTF-8 are a defect
      d.message = "undeclared charset; guessed " + label;
    }
    if (lossy) {
      d.bozo = true;
      d.message = "invalid bytes for " + label;
    }
  } else {
    d.owned.assign(body);
    repair_utf8(d.owned);
    d.encoding = "utf-8";
    d.bozo = true;
    d.message = "unknown charset " + label;
  }
  if (d.owned.starts_with("\xEF\xBB\xBF")) d.owned.erase(0, 3);
  return d;
}

}  // namespace nw::parsers

namespace nw::parsers {

Decoded decode_document(std::string_view bytes, std::string_view content_type) {
  Decoded d = decode_bytes(bytes, content_type);
  if (!d.is_borrowed) demoronize_c1(d.owned);
  return d;
}

}  // namespace nw::parsers
