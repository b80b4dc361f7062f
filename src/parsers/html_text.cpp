// html_to_text: a single forward scan, no tree, so any input is linear time
// and no nesting depth can exhaust the stack.
#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "parsers/entities.hpp"
#include "parsers/formats.hpp"
#include "parsers/parse.hpp"
#include "util/text.hpp"

namespace nw::parsers {
namespace {

// Block elements grouped by name length, each group one string of names with a
// separator after each: a lookup compares only names of the right length (the
// flat list cost a compare per entry for every inline tag).
constexpr std::string_view k_block_tags_by_length[] = {
    "",
    "p ",
    "dd dl dt h1 h2 h3 h4 h5 h6 hr li ol tr ul ",
    "div nav pre ",
    "form main ",
    "aside table tbody thead ",
    "figure footer header ",
    "address article caption details section summary ",
    "fieldset ",
    "",
    "blockquote figcaption "};

bool is_block_tag(std::string_view name) {
  if (name.empty() || name.size() >= std::size(k_block_tags_by_length)) return false;
  const std::string_view group = k_block_tags_by_length[name.size()];
  // Compared byte by byte: names are short, and a memcmp call per candidate cost more.
  for (std::size_t i = 0; i < group.size(); i += name.size() + 1) {
    std::size_t k = 0;
    while (k < name.size() && group[i + k] == name[k]) ++k;
    if (k == name.size()) return true;
  }
  return false;
}

constexpr std::string_view k_skipped_tags[] = {"script", "style",  "noscript", "template", "head",
                                               "iframe", "object", "svg",      "math"};

// std::isalnum in the "C" locale newswatch runs in, without a libc call per byte.
bool is_ascii_alnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

template <std::size_t N>
bool contains(const std::string_view (&list)[N], std::string_view name) {
  if (name.empty()) return false;
  // Length and first letter settle almost every miss without a memcmp call.
  for (auto n : list)
    if (n.size() == name.size() && n[0] == name[0] && n == name) return true;
  return false;
}

// Collapses whitespace and turns pending breaks into "\n" or "\n\n" before the next word.
class TextSink {
 public:
  explicit TextSink(std::size_t expected) { m_out.reserve(expected); }

  // One pass writing straight into the output: calling append once per word
  // cost more than the copying itself. `readable` bytes from s.data() (at
  // least s.size()) may be read, though only those of `s` are used: text cut
  // out of a larger buffer lets the last partial block be tested in place.
  void text(std::string_view s, std::size_t readable = 0) {
    const char* const readable_end = s.data() + std::max(readable, s.size());
    const std::size_t old = m_out.size();
    // Each separator written replaces at least one whitespace byte, except the
    // pending one from before this call: at most two bytes more than `s`.
    m_out.resize(old + s.size() + 2);
    char* const base = m_out.data();
    char* w = base + old;
    const char* p = s.data();
    const char* const end = p + s.size();
    while (p < end) {
      const auto c = static_cast<unsigned char>(*p);
      if (k_space_or_c2[c]) {
        if (c != 0xC2) {
          m_space = true;
          ++p;
          continue;
        }
        if (p + 1 < end && p[1] == '\xA0') {  // U+00A0, a no-break space
          m_space = true;
          p += 2;
          continue;
        }
      }
      if (m_break | m_space) {
        if (w != base) {
          if (m_break >= 2) {
            *w++ = '\n';
            *w++ = '\n';
          } else {
            *w++ = m_break == 1 ? '\n' : ' ';
          }
        }
        m_break = 0;
        m_space = false;
      }
      *w++ = static_cast<char>(c);
      ++p;
      // The rest of the run, a block at a time: writing a whole block at w
      // stays inside the buffer, as w is at most two bytes ahead of p. The
      // last partial block is tested in place when the bytes after it are
      // readable (the bytes past `s` count as stops), else from a copy padded
      // with stops (NULs): the copy's store and reload stall the CPU, and
      // short runs between tags are mostly last blocks.
      while (p < end) {
        std::size_t n;
        const auto left = static_cast<std::size_t>(end - p);
        if (left >= k_block) {
          std::memcpy(w, p, k_block);
          n = run_bytes(p, k_block);
        } else if (readable_end - p >= static_cast<std::ptrdiff_t>(k_block)) {
          n = run_bytes(p, left);
          std::memcpy(w, p, n);
        } else {
          char tail[k_block] = {};
          std::memcpy(tail, p, left);
          n = run_bytes(tail, k_block);
          std::memcpy(w, p, n);
        }
        p += n;
        w += n;
        if (n < k_block) break;
      }
    }
    m_out.resize(static_cast<std::size_t>(w - base));
  }
  void line_break() { m_break = std::max(m_break, 1); }
  void paragraph_break() { m_break = 2; }
  std::string take() { return std::move(m_out); }

 private:
  // Whitespace, and the lead byte of U+00A0 (which needs a second look).
  static constexpr std::array<bool, 256> k_space_or_c2 = [] {
    std::array<bool, 256> t{};
    for (unsigned char c : {' ', '\n', '\t', '\r', '\f'}) t[c] = true;
    t[0xC2] = true;
    return t;
  }();

  // How many of the k_block bytes at `p` text() can copy as they are (those
  // from `len` on count as stops, as if they were NULs): it
  // stops at ASCII whitespace or control (< 0x21) and 0xC2, except a single
  // ' ' between two word bytes, which collapses to itself. So ordinary prose
  // is copied a block at a time instead of a byte at a time. SSE2 (part of
  // every x86-64) tests 16 bytes at once; elsewhere the same test runs on a
  // 64-bit word, exact per byte as no carry crosses a byte.
#if defined(__SSE2__)
  static constexpr std::size_t k_block = 16;
  static std::size_t run_bytes(const char* p, std::size_t len) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i below = _mm_cmpeq_epi8(_mm_max_epu8(v, _mm_set1_epi8(0x20)), _mm_set1_epi8(0x20));
    const __m128i c2 = _mm_cmpeq_epi8(v, _mm_set1_epi8(static_cast<char>(0xC2)));
    const auto stop = static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(below, c2))) |
                      (0xFFFFu << len & 0xFFFFu);
    const auto space =
        static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(' '))));
    // A space whose next byte (in this block: not the last byte) is no stop.
    // The byte before it is a word byte: the run only goes on after word bytes.
    const unsigned lone_space = space & ~(stop >> 1) & 0x7FFFu;
    const unsigned real_stop = stop & ~lone_space;
    return real_stop == 0 ? k_block : static_cast<std::size_t>(std::countr_zero(real_stop));
  }
#else
  static constexpr std::size_t k_block = 8;
  static std::size_t run_bytes(const char* p, std::size_t len) {
    if constexpr (std::endian::native != std::endian::little) {
      (void)p, (void)len;
      return 0;  // the byte loop does it all
    } else {
      std::uint64_t block;
      std::memcpy(&block, p, 8);
      constexpr std::uint64_t k_low7 = 0x7F7F7F7F7F7F7F7FULL;
      constexpr std::uint64_t k_high = 0x8080808080808080ULL;
      // High bit set in each byte equal to `byte`.
      auto equal = [&](std::uint64_t byte) {
        const std::uint64_t x = block ^ (byte * 0x0101010101010101ULL);
        return ~(((x & k_low7) + k_low7) | x) & k_high;
      };
      const std::uint64_t below = ~(((block & k_low7) + 0x5F5F5F5F5F5F5F5FULL) | block) & k_high;
      const std::uint64_t past = len >= 8 ? 0 : k_high << (8 * len);  // bytes from len on
      const std::uint64_t stop = below | equal(0xC2) | past;
      const std::uint64_t lone_space = equal(' ') & ~(stop >> 8) & (k_high >> 8);
      const std::uint64_t real_stop = stop & ~lone_space;
      return real_stop == 0 ? 8 : static_cast<std::size_t>(std::countr_zero(real_stop)) / 8;
    }
  }
#endif

  std::string m_out;
  int m_break = 0;
  bool m_space = false;
};

}  // namespace

std::size_t html_tag_end(std::string_view html, std::size_t pos) {
  char quote = 0;
  for (std::size_t i = pos; i < html.size(); ++i) {
    const char c = html[i];
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      // Quotes only open inside attribute values (after '='); a stray one in a name is not a quote.
      if (i > 0 && (html[i - 1] == '=' || html[i - 1] == ' ')) quote = c;
    } else if (c == '>') {
      return i + 1;
    }
  }
  return html.size();
}

std::string html_to_text(std::string_view html) {
  TextSink sink(html.size());
  const bool has_references =
      html.find('&') != std::string_view::npos;  // one scan, not one a chunk
  std::size_t i = 0;
  while (i < html.size()) {
    const std::size_t lt = html.find('<', i);
    const std::size_t stop = lt == std::string_view::npos ? html.size() : lt;
    if (stop > i) {
      const std::string_view chunk = html.substr(i, stop - i);
      if (!has_references || chunk.find('&') == std::string_view::npos)
        sink.text(chunk, html.size() - i);
      else
        sink.text(decode_entities(chunk));
    }
    if (lt == std::string_view::npos) break;
    i = lt;
    const std::string_view rest = html.substr(i);
    if (rest.starts_with("<!--")) {
      const std::size_t end = html.find("-->", i + 4);
      i = end == std::string_view::npos ? html.size() : end + 3;
      continue;
    }
    if (rest.starts_with("<![CDATA[")) {
      const std::size_t end = html.find("]]>", i + 9);
      const std::size_t content_end = end == std::string_view::npos ? html.size() : end;
      sink.text(html.substr(i + 9, content_end - i - 9));
      i = end == std::string_view::npos ? html.size() : end + 3;
      continue;
    }
    std::size_t j = i + 1;
    const bool closing = j < html.size() && html[j] == '/';
    if (closing) ++j;
    const std::size_t name_start = j;
    while (j < html.size() && (is_ascii_alnum(html[j]) || html[j] == ':' || html[j] == '-')) ++j;
    if (j == name_start) {
      if (html.substr(i, 2) == "<!" || html.substr(i, 2) == "<?") {
        i = html_tag_end(html, i);
      } else {
        sink.text("<");  // a lone '<' in text
        ++i;
      }
      continue;
    }
    // Lower-cased without allocating; no name we act on is longer than the buffer.
    std::string_view raw = html.substr(name_start, j - name_start);
    if (const std::size_t colon = raw.find(':'); colon != std::string_view::npos)
      raw.remove_prefix(colon + 1);
    char name_buf[16];
    const std::size_t name_len = raw.size() <= sizeof name_buf ? raw.size() : 0;
    for (std::size_t k = 0; k < name_len; ++k)
      name_buf[k] = raw[k] >= 'A' && raw[k] <= 'Z' ? static_cast<char>(raw[k] - 'A' + 'a') : raw[k];
    const std::string_view name(name_buf, name_len);
    i = html_tag_end(html, j);
    if (!closing && contains(k_skipped_tags, name)) {
      // Skip to the matching end tag (case-insensitive), or to the end.
      const std::string close = "</" + std::string(name);
      std::size_t k = i;
      while (k < html.size()) {
        k = html.find("</", k);
        if (k == std::string_view::npos) break;
        if (ascii_lower(html.substr(k, close.size())) == close) break;
        k += 2;
      }
      i = k == std::string_view::npos ? html.size() : html_tag_end(html, k);
      continue;
    }
    if (name == "br")
      sink.line_break();
    else if (is_block_tag(name))
      sink.paragraph_break();
    else if (name == "td" || name == "th")
      sink.text(" ");
  }
  return sink.take();
}

}  // namespace nw::parsers
