#include "claims/sentences.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

namespace nw::claims {
namespace {

// Words after which a period is an abbreviation, not a full stop (lower case).
constexpr std::array<std::string_view, 52> k_abbreviations = {
    "mr",  "mrs", "ms",  "dr",   "prof", "gen",  "col",  "lt",  "sgt",  "capt",   "maj",
    "st",  "jan", "feb", "mar",  "apr",  "jun",  "jul",  "aug", "sep",  "sept",   "oct",
    "nov", "dec", "no",  "nos",  "vs",   "etc",  "e.g",  "i.e", "u.s",  "u.k",    "u.n",
    "inc", "ltd", "co",  "jr",   "sr",   "gov",  "sen",  "rep", "pres", "approx", "est",
    "fig", "mt",  "adm", "cmdr", "rev",  "corp", "dept", "lit"};

// Bytes the splitter stops at: line breaks and sentence terminators.
constexpr std::array<bool, 256> k_stops = [] {
  std::array<bool, 256> t{};
  for (unsigned char c : {'\n', '.', '!', '?'}) t[c] = true;
  return t;
}();

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}
// A lower-case letter starts at t[i]: ASCII or Cyrillic (а-я, ё, і, ї, є, ў, ґ).
bool is_lower_at(std::string_view t, std::size_t i) {
  const auto c = static_cast<unsigned char>(t[i]);
  if (c >= 'a' && c <= 'z') return true;
  if (i + 1 >= t.size()) return false;
  const auto d = static_cast<unsigned char>(t[i + 1]);
  return (c == 0xD0 && d >= 0xB0 && d <= 0xBF) || (c == 0xD1 && d >= 0x80 && d <= 0x9F) ||
         (c == 0xD2 && d == 0x91);
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
// An upper-case letter starts at t[i]: ASCII or Cyrillic (А-Я, Ё, Є, І, Ї, Ў, Ґ).
bool is_upper_at(std::string_view t, std::size_t i) {
  const auto c = static_cast<unsigned char>(t[i]);
  if (c >= 'A' && c <= 'Z') return true;
  if (i + 1 >= t.size()) return false;
  const auto d = static_cast<unsigned char>(t[i + 1]);
  return (c == 0xD0 && d >= 0x80 && d <= 0xAF) || (c == 0xD2 && d == 0x90);
}

// "the front.Another 12": a stop with the space after it lost. Only a plain
// lower-case word of three letters or more before it, and a capitalised word
// going on in lower case after it, so "Slidstvo.Info", "U.S.Army" and "e.g.The" stay.
bool lost_space_after(std::string_view t, std::size_t dot, std::size_t after) {
  if (after + 2 >= t.size() || !is_upper_at(t, after)) return false;
  const std::size_t next = after + (static_cast<unsigned char>(t[after]) < 0x80 ? 1 : 2);
  if (!is_lower_at(t, next)) return false;
  // "on Feb 24.Russian officers": a figure ends the sentence (a decimal has a
  // digit after its point, and a plain number no point before it)
  std::size_t d = dot;
  while (d > 0 && is_digit(t[d - 1])) --d;
  if (d < dot && (d == 0 || is_space(t[d - 1]))) return true;
  std::size_t b = dot, letters = 0;
  while (b > 0 && !is_space(t[b - 1]) && t[b - 1] != '.') {
    --b;
    if (is_lower_at(t, b))
      ++letters;
    else if (static_cast<unsigned char>(t[b]) >= 0x80 && static_cast<unsigned char>(t[b]) < 0xC0)
      continue;  // the second byte of a Cyrillic letter
    else
      return false;
  }
  return letters >= 3 && (b == 0 || t[b - 1] != '.');
}

// Skips closing quotes, brackets and citation marks after a terminator.
std::size_t skip_closers(std::string_view t, std::size_t i) {
  while (i < t.size()) {
    const char c = t[i];
    if (c == '"' || c == '\'' || c == ')' || c == ']') {
      ++i;
    } else if (t.compare(i, 3, "\xE2\x80\x9D") == 0 || t.compare(i, 3, "\xE2\x80\x99") == 0 ||
               t.compare(i, 2, "\xC2\xBB") == 0) {
      i += t[i] == '\xC2' ? 2 : 3;
    } else if (c == '[') {
      // citation mark: [12], [a], [citation needed]
      std::size_t j = i + 1;
      while (j < t.size() && j - i < 24 && t[j] != ']' && t[j] != '\n') ++j;
      if (j < t.size() && t[j] == ']') {
        i = j + 1;
      } else {
        break;
      }
    } else {
      break;
    }
  }
  return i;
}

// The word ending just before position `dot`, lower-cased.
std::string word_before(std::string_view t, std::size_t dot) {
  std::size_t b = dot;
  while (b > 0 && !is_space(t[b - 1]) && t[b - 1] != '(' && t[b - 1] != '"') --b;
  std::string w(t.substr(b, dot - b));
  for (char& c : w) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return w;
}

bool ends_sentence(std::string_view t, std::size_t i, std::size_t after) {
  const char term = t[i];
  if (after < t.size() && !is_space(t[after]))
    return term == '.' && lost_space_after(t, i, after);  // "Slidstvo.Info", "1.5", "U.S.-led"
  std::size_t n = after;
  while (n < t.size() && (t[n] == ' ' || t[n] == '\t')) ++n;
  if (n >= t.size() || t[n] == '\n') return true;
  if (is_lower_at(t, n)) return false;  // "Belarus... is closing", "Why? he asked"
  if (term != '.') return true;
  const std::string w = word_before(t, i);
  if (w.size() == 1 && std::isalpha(static_cast<unsigned char>(w[0]))) return false;  // "J. Smith"
  if (std::find(k_abbreviations.begin(), k_abbreviations.end(), w) != k_abbreviations.end()) {
    // "Jan. 5" and "Dr. Smith" continue; "the U.S. The" is rare enough to accept.
    return false;
  }
  // "No. 5"; "1 тис. 436", "2 млн. 300 тис.": an abbreviated scale goes on in
  // the amount after it; so does a law's article or part ("ст. 359", "ч. 2",
  // "art. 5", "арт. 361")
  constexpr std::array<std::string_view, 6> k_scales = {"тис", "тыс", "млн", "млрд", "mln", "bn"};
  constexpr std::array<std::string_view, 9> k_numbered = {"no",  "ст",  "ч",   "п", "арт",
                                                          "art", "par", "sec", "pt"};
  const bool scale = std::find(k_scales.begin(), k_scales.end(), w) != k_scales.end();
  if (is_digit(t[n]) &&
      (scale || std::find(k_numbered.begin(), k_numbered.end(), w) != k_numbered.end()))
    return false;
  // "из них 7 тыс. — иностранцы": a dash after an abbreviated scale stands
  // for the verb, and the sentence goes on
  const bool dash = t.substr(n, 3) == "\xE2\x80\x94" || t.substr(n, 3) == "\xE2\x80\x93";
  return !(dash && scale);
}

// Words no sentence or headline ends on (lower case): a line that ends on one
// was wrapped ("to fight alongside the Russian army in\nUkraine").
constexpr std::array<std::string_view, 41> k_joining_words = {
    "the", "a",    "an", "of", "in", "to",  "for", "and", "or",  "with", "by",  "from", "on",  "at",
    "as",  "that", "в",  "на", "и",  "с",   "по",  "о",   "для", "к",    "из",  "от",   "что", "у",
    "і",   "й",    "з",  "із", "до", "про", "від", "що",  "ў",   "да",   "пра", "аб",   "ад"};

// The last word of the line that ends before `e`, lower-cased (ASCII only:
// the joining words in Cyrillic are lower case as written).
std::string last_word(std::string_view t, std::size_t start, std::size_t e) {
  std::size_t b = e;
  while (b > start && !is_space(t[b - 1])) --b;
  std::string w(t.substr(b, e - b));
  for (char& c : w) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return w;
}

// English month names and their short forms (lower case), which a day number follows.
bool is_month(std::string_view w) {
  if (!w.empty() && w.back() == '.') w.remove_suffix(1);
  constexpr std::array<std::string_view, 24> k_months = {
      "january",   "february", "march",    "april",    "may",  "june", "july", "august",
      "september", "october",  "november", "december", "jan",  "feb",  "mar",  "apr",
      "jun",       "jul",      "aug",      "sep",      "sept", "oct",  "nov",  "dec"};
  return std::find(k_months.begin(), k_months.end(), w) != k_months.end();
}

// A line break inside a sentence: text wrapped at a width, or a figure split
// from its noun. A line goes on in the next one when it ends on a figure and
// the next starts with a word ("More than 1,300\nTajik migrants", "on
// 12\nMarch"), when the next starts in lower case (no sentence does), or when
// it ends on a joining word ("in", "the", "на").
// Past a blank line, only a joining word goes on: a page laid out in
// paragraphs may still cut a sentence there ("ordered the\n\ncall-up of
// 300,000 reservists"), but a headline's byline starts in lower case too.
bool continues_after_break(std::string_view t, std::size_t start, std::size_t nl) {
  std::size_t e = nl;
  bool blank = false;
  while (e > start && is_space(t[e - 1])) {
    blank = blank || t[e - 1] == '\n';
    --e;
  }
  if (e == start) return false;
  std::size_t n = nl + 1;
  while (n < t.size() && is_space(t[n])) {
    blank = blank || t[n] == '\n';
    ++n;
  }
  if (n >= t.size()) return false;
  const auto c = static_cast<unsigned char>(t[n]);
  const bool word_next = std::isalpha(c) || c == 0xD0 || c == 0xD1 || c == 0xD2;
  // (a line that is a number alone is a counter or a caption, "568\nНа стороне
  // РФ воюет ...": no figure of the next line's sentence)
  if (is_digit(t[e - 1])) {
    if (blank) return false;
    std::size_t b = start;
    while (b < e && (is_digit(t[b]) || is_space(t[b]) || t[b] == ',' || t[b] == '.')) ++b;
    return word_next && b < e;
  }
  // (but not past a blank line: "Headline\n\nby Staff Writer")
  if (!blank && is_lower_at(t, n)) return true;
  const std::string w = last_word(t, start, e);
  // "launched on Feb\n24": a date split from its day
  if (is_digit(t[n]) && is_month(w)) return true;
  return (word_next || is_digit(t[n])) &&
         std::find(k_joining_words.begin(), k_joining_words.end(), w) != k_joining_words.end();
}

void push_trimmed(std::vector<Span>& out, std::string_view t, std::size_t b, std::size_t e) {
  while (b < e && is_space(t[b])) ++b;
  while (e > b && is_space(t[e - 1])) --e;
  if (e > b) out.push_back({b, e});
}

}  // namespace

std::vector<Span> split_sentences(std::string_view text) {
  std::vector<Span> out;
  out.reserve(text.size() / 100 + 1);
  std::size_t start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    // most bytes are none of these: skip them in a tight loop
    const std::size_t limit = std::min(text.size(), start + k_max_sentence_bytes);
    while (i < limit && !k_stops[static_cast<unsigned char>(text[i])]) ++i;
    if (i >= text.size()) break;
    const char c = text[i];
    if (c == '\n' && continues_after_break(text, start, i)) continue;
    if (c == '\n') {
      push_trimmed(out, text, start, i);
      start = i + 1;
      continue;
    }
    if (i - start >= k_max_sentence_bytes) {
      // hostile input: cut at the last whitespace (or right here)
      std::size_t cut = i;
      for (std::size_t j = i; j > start; --j) {
        if (is_space(text[j])) {
          cut = j;
          break;
        }
      }
      push_trimmed(out, text, start, cut);
      start = cut;
      continue;
    }
    if (c != '.' && c != '!' && c != '?') continue;
    if (c == '.' && i > 0 && i + 1 < text.size() && is_digit(text[i - 1]) && is_digit(text[i + 1]))
      continue;
    std::size_t after = i + 1;
    while (after < text.size() && (text[after] == '.' || text[after] == '!' || text[after] == '?'))
      ++after;
    after = skip_closers(text, after);
    if (!ends_sentence(text, i, after)) {
      i = after - 1;
      continue;
    }
    push_trimmed(out, text, start, after);
    start = after;
    i = after - 1;
  }
  push_trimmed(out, text, start, text.size());
  return out;
}

}  // namespace nw::claims
