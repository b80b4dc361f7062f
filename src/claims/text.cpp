#include "claims/text.hpp"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <array>
#include <utility>
#include <vector>

namespace nw::claims {
namespace {

struct Cp {
  UChar32 c = 0;
  std::size_t len = 1;
};

Cp decode(std::string_view s, std::size_t i) {
  const auto b = static_cast<unsigned char>(s[i]);
  if (b < 0x80) return {static_cast<UChar32>(b), 1};
  int32_t off = static_cast<int32_t>(i);
  UChar32 c = 0;
  U8_NEXT(reinterpret_cast<const uint8_t*>(s.data()), off, static_cast<int32_t>(s.size()), c);
  if (c < 0) c = 0xFFFD;
  return {c, static_cast<std::size_t>(off) - i};
}

bool is_space(UChar32 c) {
  // ASCII first: ICU's property lookup is the tokenizer's main cost otherwise
  if (c < 0x80) return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
  return u_isUWhiteSpace(c) || c == 0x202F || c == 0xA0;
}
bool is_apostrophe(UChar32 c) {
  return c == '\'' || c == 0x2019 || c == 0x2018 || c == 0x02BB || c == 0x02BC;
}
bool is_dash(UChar32 c) {
  return c == 0x2013 || c == 0x2014 || c == 0x2012 || c == 0x2212;
}
bool is_letter(UChar32 c) {
  return c < 0x80 ? ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') : u_isalpha(c);
}
bool is_digit(UChar32 c) {
  return c >= '0' && c <= '9';
}

void append(std::string& out, UChar32 c) {
  if (c < 0x80) {
    out.push_back(static_cast<char>(c));
    return;
  }
  char buf[4];
  int32_t n = 0;
  U8_APPEND_UNSAFE(buf, n, c);
  out.append(buf, static_cast<std::size_t>(n));
}

// "ё" is written as "е" in most Russian and Belarusian print, and as "ё" in
// some: both read as "е", so "развёрнуто" finds the pack's "развернут*" and
// "трёх" its "трех" (text and pack words alike are folded here).
UChar32 fold_letter(UChar32 lower) {
  return lower == 0x451 ? 0x435 : lower;
}

// Appends the lower case of the two-byte character (a, b) when it is a basic
// Cyrillic letter, U+0410-U+044F, whose case pairs differ by 0x20; false for
// anything else (Ё, і, ї, є, ґ and the rest go through ICU).
bool append_basic_cyrillic(std::string& out, char a, char b) {
  const auto x = static_cast<unsigned char>(a);
  const auto y = static_cast<unsigned char>(b);
  if (x == 0xD0 && y >= 0xB0 && y <= 0xBF) {         // а-п
  } else if (x == 0xD1 && y >= 0x80 && y <= 0x8F) {  // р-я
  } else if (x == 0xD0 && y >= 0x90 && y <= 0x9F) {  // А-П -> а-п
    b = static_cast<char>(y + 0x20);
  } else if (x == 0xD0 && y >= 0xA0 && y <= 0xAF) {  // Р-Я -> р-я
    a = static_cast<char>(0xD1);
    b = static_cast<char>(y - 0x20);
  } else {
    return false;
  }
  out.push_back(a);
  out.push_back(b);
  return true;
}

// ASCII letters and digits, folded to lower case; 0 for every other byte. One
// table look-up a byte for the runs that make up nearly every word.
constexpr std::array<char, 256> k_ascii_fold = [] {
  std::array<char, 256> t{};
  for (int c = '0'; c <= '9'; ++c) t[static_cast<std::size_t>(c)] = static_cast<char>(c);
  for (int c = 'a'; c <= 'z'; ++c) t[static_cast<std::size_t>(c)] = static_cast<char>(c);
  for (int c = 'A'; c <= 'Z'; ++c) t[static_cast<std::size_t>(c)] = static_cast<char>(c | 0x20);
  return t;
}();

// A word typed in two scripts, "камерунцeв" with a Latin "e" or "Ukrаine" with
// a Cyrillic "а", reads as the word it looks like: the letters of the script it
// has fewer of become their look-alikes in the other, so keywords and names
// still match it.
void fold_homoglyphs(std::string& lower) {
  // (lower case pairs whose glyphs are the same in common fonts)
  static constexpr std::array<std::pair<char, UChar32>, 9> k_pairs{{{'a', 0x430},
                                                                    {'c', 0x441},
                                                                    {'e', 0x435},
                                                                    {'i', 0x456},
                                                                    {'k', 0x43A},
                                                                    {'o', 0x43E},
                                                                    {'p', 0x440},
                                                                    {'x', 0x445},
                                                                    {'y', 0x443}}};
  std::vector<UChar32> cps;
  std::size_t latin = 0, cyrillic = 0;
  for (std::size_t i = 0; i < lower.size();) {
    const Cp cp = decode(lower, i);
    latin += cp.c >= 'a' && cp.c <= 'z';
    cyrillic += cp.c >= 0x400 && cp.c <= 0x4FF;
    cps.push_back(cp.c);
    i += cp.len;
  }
  if (latin == 0 || cyrillic == 0) return;
  const bool to_cyrillic = cyrillic >= latin;
  std::string out;
  out.reserve(lower.size());
  for (UChar32 c : cps) {
    for (const auto& [l, cy] : k_pairs) {
      if (to_cyrillic && c == l) {
        c = cy;
        break;
      }
      if (!to_cyrillic && c == cy) {
        c = l;
        break;
      }
    }
    append(out, c);
  }
  lower = std::move(out);
}

// A whitespace-free run that is a link or a file path rather than prose.
bool looks_like_url(std::string_view run) {
  if (run.starts_with("www.")) return true;
  const auto slash = run.find('/');  // every other link or path has one: most runs stop here
  if (slash == std::string_view::npos) return false;
  if (run.find("://") != std::string_view::npos) return true;
  if (run.size() < 5) return false;
  return run.find('.') != std::string_view::npos || run.find('_') != std::string_view::npos ||
         run.find("](") != std::string_view::npos || run.starts_with("(/") || run.starts_with('/');
}

class Tokenizer {
 public:
  Tokenizer(std::string_view s, std::size_t base, std::vector<Token>& out)
      : m_s(s), m_base(base), m_out(out), m_slash(s.find('/')) {}

  void run() {
    const std::size_t want = m_s.size() / 5 + 4;  // about one token per five bytes of prose
    if (m_out.capacity() < want) m_out.reserve(want);
    std::size_t i = 0;
    bool space = true;
    while (i < m_s.size()) {
      const Cp cp = decode(m_s, i);
      if (is_space(cp.c)) {
        space = true;
        i += cp.len;
        continue;
      }
      if (space && may_be_url(i)) {
        const std::size_t run_end = find_run_end(i);
        if (looks_like_url(m_s.substr(i, run_end - i))) {
          push(i, run_end, TokenKind::Url, m_s.substr(i, run_end - i), space);
          i = run_end;
          space = false;
          continue;
        }
      }
      if (is_letter(cp.c)) {
        i = word(i, space);
      } else if (is_digit(cp.c)) {
        i = number(i, space);
      } else {
        i = punct(i, cp, space);
      }
      space = false;
    }
    m_out.resize(m_n);
  }

 private:
  // Whether the run at i can be a link at all: looks_like_url wants "www." or
  // a slash in it, and most sentences have no slash, so their runs need no
  // scan for their end.
  bool may_be_url(std::size_t i) {
    // (byte by byte: compare() calls memcmp, and this runs at every word)
    if (m_s[i] == 'w' && i + 4 <= m_s.size() && m_s[i + 1] == 'w' && m_s[i + 2] == 'w' &&
        m_s[i + 3] == '.')
      return true;
    if (m_slash < i) m_slash = m_s.find('/', i);
    return m_slash != std::string_view::npos;
  }

  std::size_t find_run_end(std::size_t i) const {
    while (i < m_s.size()) {
      const auto b = static_cast<unsigned char>(m_s[i]);
      if (b < 0x80) {  // ASCII: no decoding
        if (is_space(b)) break;
        ++i;
        continue;
      }
      const Cp cp = decode(m_s, i);
      if (is_space(cp.c)) break;
      i += cp.len;
    }
    return i;
  }

  // The next token to fill: one left in `m_out` by an earlier sentence (its
  // string keeps its buffer) or a new one. `close` completes it.
  Token& open() {
    if (m_n == m_out.size()) m_out.emplace_back();
    return m_out[m_n];
  }

  void push(std::size_t b, std::size_t e, TokenKind k, std::string_view lower, bool space) {
    Token& t = open();
    t.lower.assign(lower);
    close(t, b, e, k, space);
  }

  void close(Token& t, std::size_t b, std::size_t e, TokenKind k, bool space) {
    ++m_n;
    // Belarusian writes a word's first "у" as "ў" after a vowel ("Непальскі
    // ўрад"): one word, so one form
    if (t.lower.size() >= 2 && t.lower[0] == '\xD1' && t.lower[1] == '\x9E') t.lower[1] = '\x83';
    // one pass for both hashes: the stem hash is the word hash after k_stem_bytes
    std::uint32_t h = 2166136261u;
    for (std::size_t i = 0; i < t.lower.size(); ++i) {
      if (i == k_stem_bytes) t.stem_hash = h;
      h = (h ^ static_cast<unsigned char>(t.lower[i])) * 16777619u;
    }
    t.hash = h;
    if (t.lower.size() <= k_stem_bytes) t.stem_hash = h;
    t.start = m_base + b;
    t.end = m_base + e;
    t.kind = k;
    t.space_before = space;
    t.capitalized = false;
    if (k == TokenKind::Word) {
      const auto c0 = static_cast<unsigned char>(m_s[b]);
      t.capitalized = c0 < 0x80 ? (c0 >= 'A' && c0 <= 'Z') : u_isupper(decode(m_s, b).c);
    }
  }

  // The length of the run of ASCII letters and digits at i.
  std::size_t ascii_alnum_run(std::size_t i) const {
    std::size_t e = i;
    while (e < m_s.size() && k_ascii_fold[static_cast<unsigned char>(m_s[e])] != 0) ++e;
    return e - i;
  }

  bool letter_at(std::size_t i) const { return i < m_s.size() && is_letter(decode(m_s, i).c); }

  std::size_t word(std::size_t i, bool space) {
    const std::size_t b = i;
    Token& t = open();
    std::string& lower = t.lower;
    lower.clear();
    bool latin = false, cyrillic = false;  // for fold_homoglyphs
    while (i < m_s.size()) {
      // Fast paths without ICU for the two scripts of nearly every word: a
      // run of ASCII letters and digits, and basic Cyrillic (U+0410-U+044F).
      if (const std::size_t n = ascii_alnum_run(i)) {
        const std::size_t at = lower.size();
        lower.resize(at + n);
        for (std::size_t k = 0; k < n; ++k)
          lower[at + k] = k_ascii_fold[static_cast<unsigned char>(m_s[i + k])];
        latin = true;
        i += n;
        continue;
      }
      if (i + 1 < m_s.size() && append_basic_cyrillic(lower, m_s[i], m_s[i + 1])) {
        cyrillic = true;
        i += 2;
        continue;
      }
      const Cp cp = decode(m_s, i);
      if (is_letter(cp.c) || is_digit(cp.c)) {
        append(lower, cp.c < 0x80 ? (cp.c | (cp.c >= 'A' && cp.c <= 'Z' ? 0x20 : 0))
                                  : fold_letter(u_tolower(cp.c)));
        i += cp.len;
      } else if (is_apostrophe(cp.c) && letter_at(i + cp.len)) {
        // "Russia's" splits off the possessive; "O'zbekiston" stays whole.
        const std::size_t n = i + cp.len;
        const bool possessive = (m_s[n] == 's' || m_s[n] == 'S') && !letter_at(n + 1);
        if (possessive) break;
        lower.push_back('\'');
        i += cp.len;
      } else if (cp.c == '.' && letter_at(i + 1) && i > b) {
        lower.push_back('.');  // U.S., Slidstvo.Info
        i += 1;
      } else {
        break;
      }
    }
    if (i < m_s.size() && m_s[i] == '.' && lower.find('.') != std::string::npos) {
      lower.push_back('.');  // trailing period of U.S. belongs to the abbreviation
      ++i;
    }
    if (latin && cyrillic) fold_homoglyphs(lower);
    close(t, b, i, TokenKind::Word, space);
    return i;
  }

  // "2026-03-02": an ISO date, one token that is never a figure.
  bool iso_date_at(std::size_t b) const {
    auto digits = [&](std::size_t from, std::size_t n) {
      for (std::size_t k = from; k < from + n; ++k)
        if (k >= m_s.size() || m_s[k] < '0' || m_s[k] > '9') return false;
      return true;
    };
    return digits(b, 4) && b + 10 <= m_s.size() && m_s[b + 4] == '-' && digits(b + 5, 2) &&
           m_s[b + 7] == '-' && digits(b + 8, 2) && (b + 10 == m_s.size() || !is_digit_at(b + 10));
  }
  bool is_digit_at(std::size_t i) const { return m_s[i] >= '0' && m_s[i] <= '9'; }

  std::size_t number(std::size_t i, bool space) {
    const std::size_t b = i;
    if (iso_date_at(b)) {
      push(b, b + 10, TokenKind::Ordinal, m_s.substr(b, 10), space);
      return b + 10;
    }
    while (i < m_s.size()) {
      const char c = m_s[i];
      if (c >= '0' && c <= '9') {
        ++i;
      } else if ((c == ',' || c == '.') && i + 1 < m_s.size() && m_s[i + 1] >= '0' &&
                 m_s[i + 1] <= '9') {
        ++i;
      } else {
        break;
      }
    }
    Token& t = open();
    t.lower.assign(m_s.substr(b, i - b));
    // 20th, 1st: ordinals are ranks, never figures.
    std::size_t j = i;
    std::string suffix;
    while (j < m_s.size() && j - i < 3 && is_letter(decode(m_s, j).c) &&
           static_cast<unsigned char>(m_s[j]) < 0x80) {
      suffix.push_back(static_cast<char>(m_s[j] | 0x20));
      ++j;
    }
    if ((suffix == "st" || suffix == "nd" || suffix == "rd" || suffix == "th") && !letter_at(j)) {
      t.lower += suffix;
      close(t, b, j, TokenKind::Ordinal, space);
      return j;
    }
    // "units.[17]", "citizens,[12]": a citation mark, not a figure
    if (b > 0 && m_s[b - 1] == '[' && i < m_s.size() && m_s[i] == ']') {
      close(t, b, i, TokenKind::Ordinal, space);
      return i;
    }
    close(t, b, i, TokenKind::Number, space);
    return i;
  }

  // Whether the word before the token just read and the word after `after`
  // (past spaces) both start with a capital letter.
  bool joins_names(std::size_t after) const {
    if (m_n == 0 || m_out[m_n - 1].kind != TokenKind::Word || !m_out[m_n - 1].capitalized)
      return false;
    std::size_t j = after;
    while (j < m_s.size() && m_s[j] == ' ') ++j;
    if (j == after || j >= m_s.size()) return false;
    const Cp next = decode(m_s, j);
    return next.c < 0x80 ? (next.c >= 'A' && next.c <= 'Z') : u_isupper(next.c);
  }

  std::size_t punct(std::size_t i, Cp cp, bool space) {
    if (cp.c == '-' && i + 1 < m_s.size() && m_s[i + 1] == '-') {
      std::size_t e = i;
      while (e < m_s.size() && m_s[e] == '-') ++e;
      push(i, e, TokenKind::Punct, "\xE2\x80\x94", space);
      return e;
    }
    // "вступили в ряды армии... вербовочные сети": an ellipsis inside a
    // sentence is one token, "…", and breaks the clause as a dash does
    if (cp.c == '.' && i + 1 < m_s.size() && m_s[i + 1] == '.') {
      std::size_t e = i;
      while (e < m_s.size() && m_s[e] == '.') ++e;
      push(i, e, TokenKind::Punct, "\xE2\x80\xA6", space);
      return e;
    }
    if (is_dash(cp.c) || (cp.c == '-' && space)) {
      // "the Ukraine - Russia War", "the Russia – Ukraine conflict": a spaced
      // hyphen or en dash between two capitalized words joins a name; it
      // breaks no clause
      if ((cp.c == '-' || cp.c == 0x2013) && space && joins_names(i + cp.len)) {
        push(i, i + cp.len, TokenKind::Punct, "-", space);
        return i + cp.len;
      }
      push(i, i + cp.len, TokenKind::Punct, "\xE2\x80\x94", space);
      return i + cp.len;
    }
    Token& t = open();
    std::string& lower = t.lower;
    lower.clear();
    if (is_apostrophe(cp.c)) {
      // the possessive 's as one token
      if (i + cp.len < m_s.size() && (m_s[i + cp.len] | 0x20) == 's' &&
          !letter_at(i + cp.len + 1)) {
        lower = "'s";
        close(t, i, i + cp.len + 1, TokenKind::Word, space);
        return i + cp.len + 1;
      }
      lower = "'";
    } else if (cp.c == 0x201C || cp.c == 0x201D || cp.c == 0xAB || cp.c == 0xBB) {
      lower = "\"";
    } else {
      append(lower, cp.c);
    }
    close(t, i, i + cp.len, TokenKind::Punct, space);
    return i + cp.len;
  }

  std::string_view m_s;
  std::size_t m_base;
  std::vector<Token>& m_out;
  std::size_t m_n = 0;      // tokens of this text in m_out so far
  std::size_t m_slash = 0;  // the first '/' at or after the last run looked at
};

}  // namespace

std::vector<Token> tokenize(std::string_view s, std::size_t base) {
  std::vector<Token> out;
  tokenize(s, base, out);
  return out;
}

void tokenize(std::string_view s, std::size_t base, std::vector<Token>& out) {
  Tokenizer(s, base, out).run();
}

std::uint32_t word_hash(std::string_view s) {
  std::uint32_t h = 2166136261u;
  for (char c : s) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
  return h;
}

std::string fold_case(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const Cp cp = decode(s, i);
    append(out, is_apostrophe(cp.c) ? UChar32{'\''} : fold_letter(u_tolower(cp.c)));
    i += cp.len;
  }
  return out;
}

bool is_clause_break(const Token& t) {
  if (t.kind != TokenKind::Punct) return false;
  // by length first: comparing with each string literal in turn called memcmp
  // eight times a token, and clause ids ask this of every token
  const std::string& s = t.lower;
  if (s.size() == 1) {
    const char c = s[0];
    // (square brackets are left out: in news text they hold an editor's
    // words inside a quote, "efforts for [the] discharge of 50", which go
    // on with the clause)
    return c == ',' || c == ';' || c == ':' || c == '(' || c == ')';
  }
  return s.size() == 3 && (s == "\xE2\x80\x94" || s == "\xE2\x80\xA6");
}

}  // namespace nw::claims
