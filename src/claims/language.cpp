#include "claims/language.hpp"

#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <string>

namespace nw::claims {
namespace {

constexpr std::size_t k_max_bytes = 8192;
// Fewer letters than this say nothing about the language (a bare figure).
constexpr int k_min_letters = 3;
// This many Latin letters before any Cyrillic one settle it: English.
constexpr int k_settled = 400;

enum Lang { k_ru = 0, k_uk = 1, k_be = 2 };

// Letters that only some of the three languages use: ы, э, ъ and ё are not
// Ukrainian; і is not Russian; ї, є, ґ are only Ukrainian; ў only Belarusian;
// и and щ are not Belarusian.
void score_letter(UChar32 c, std::array<int, 3>& s) {
  switch (c) {
    case 0x44B:  // ы
    case 0x44D:  // э
    case 0x451:  // ё
      s[k_ru] += 2, s[k_be] += 2, s[k_uk] -= 3;
      break;
    case 0x44A:  // ъ
      s[k_ru] += 3, s[k_uk] -= 3, s[k_be] -= 3;
      break;
    case 0x456:  // і
      s[k_uk] += 2, s[k_be] += 2, s[k_ru] -= 3;
      break;
    case 0x457:  // ї
    case 0x454:  // є
    case 0x491:  // ґ
      s[k_uk] += 4, s[k_ru] -= 3, s[k_be] -= 3;
      break;
    case 0x45E:  // ў
      s[k_be] += 5, s[k_ru] -= 3, s[k_uk] -= 3;
      break;
    case 0x438:  // и
    case 0x449:  // щ
      s[k_ru] += 1, s[k_uk] += 1, s[k_be] -= 2;
      break;
    default:
      break;
  }
}

// Function words only one of the three languages writes this way.
constexpr std::array<std::string_view, 16> k_ru_words = {
    "что", "это", "он",  "она",     "они",     "был",    "были", "также",
    "уже", "его", "или", "который", "которые", "только", "из",   "от"};
constexpr std::array<std::string_view, 16> k_uk_words = {
    "що",    "це",  "він",  "вона", "вони",   "був",   "була", "були",
    "також", "вже", "його", "який", "тільки", "після", "від",  "щоб"};
constexpr std::array<std::string_view, 16> k_be_words = {
    "што", "гэта", "ён",     "яна",   "яны", "быў", "былі", "таксама",
    "ужо", "яго",  "толькі", "пасля", "ад",  "ды",  "гэты", "таму"};

template <std::size_t N>
bool among(const std::array<std::string_view, N>& words, std::string_view w) {
  return std::find(words.begin(), words.end(), w) != words.end();
}

void score_word(std::string_view w, std::array<int, 3>& s) {
  if (among(k_ru_words, w)) s[k_ru] += 2;
  if (among(k_uk_words, w)) s[k_uk] += 2;
  if (among(k_be_words, w)) s[k_be] += 2;
}

}  // namespace

std::string detect_language(std::string_view text) {
  text = text.substr(0, std::min(text.size(), k_max_bytes));
  int latin = 0, cyrillic = 0;
  int dz = 0, iv = 0;  // "дз" (Belarusian дзеканне) and "ів" (Ukrainian genitive plural)
  UChar32 prev = 0;
  std::array<int, 3> score{};
  std::string word;  // the Cyrillic word being read, lower case
  auto end_word = [&] {
    if (!word.empty()) score_word(word, score);
    word.clear();
  };
  int32_t i = 0;
  const auto n = static_cast<int32_t>(text.size());
  const auto* p = reinterpret_cast<const uint8_t*>(text.data());
  while (i < n) {
    if (p[i] < 0x80) {  // ASCII without decoding: most of an English text
      const auto b = static_cast<unsigned char>(p[i++] | 0x20);
      if (b >= 'a' && b <= 'z') ++latin;
      prev = 0;
      end_word();
      // plainly Latin: the rest would not change the answer
      if (latin >= k_settled && cyrillic == 0) return "en";
      continue;
    }
    UChar32 c = 0;
    U8_NEXT(p, i, n, c);
    if (c < 0) continue;
    if (c < 0x400 || c > 0x4FF) {
      prev = 0;
      end_word();
    } else {
      ++cyrillic;
      // upper case letters count as their lower case forms
      if (c >= 0x400 && c <= 0x40F) c += 0x50;
      if (c >= 0x410 && c <= 0x42F) c += 0x20;
      if (c == 0x490) c = 0x491;
      if (prev == 0x434 && c == 0x437) ++dz;
      if (prev == 0x456 && c == 0x432) ++iv;
      score_letter(c, score);
      prev = c;
      if (word.size() < 32) {
        char buf[4];
        int32_t len = 0;
        U8_APPEND_UNSAFE(buf, len, c);
        word.append(buf, static_cast<std::size_t>(len));
      }
    }
  }
  end_word();
  if (latin + cyrillic < k_min_letters) return "";
  if (latin >= cyrillic) return "en";
  // і alone does not tell Ukrainian from Belarusian: their common digraphs do.
  // Russian is the default when nothing marks the others.
  score[k_uk] += iv;
  score[k_be] += dz;
  const auto best = std::max_element(score.begin(), score.end()) - score.begin();
  if (score[static_cast<std::size_t>(best)] <= score[k_ru]) return "ru";
  return best == k_uk ? "uk" : best == k_be ? "be" : "ru";
}

}  // namespace nw::claims
