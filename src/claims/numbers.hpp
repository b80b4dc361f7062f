// Figures in a sentence: digits, number words, scale words, vague amounts,
// currencies, ranges and the qualifier in front of them.
#pragma once

#include <bitset>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "claims/phrases.hpp"
#include "claims/rule_pack.hpp"
#include "claims/text.hpp"

namespace nw::claims {

// The number words of a pack, compiled for matching.
struct NumberLexicon {
  std::map<std::string, double> words;   // nine → 9
  std::map<std::string, double> scales;  // million → 1e6
  PhraseSet vague;                       // id → index into vague_bounds
  std::vector<std::pair<double, double>> vague_bounds;
  PhraseSet qualifiers;        // id → index into qualifier_names
  PhraseSet qualifiers_after;  // "or more": id → index into qualifier_after_names
  std::vector<std::string> qualifier_after_names;
  std::vector<std::string> qualifier_names;
  PhraseSet currencies;  // id → index into currency_codes
  std::vector<std::string> currency_codes;
  PhraseSet range_starts;
  PhraseSet range_joins;
  PhraseSet change_starts;  // "rose from", "вырос* с": the figure after is the old value
  PhraseSet change_tos;     // "rose to", "вырос* до": the figure after is the new value...
  PhraseSet change_froms;   // ...and one after it past "from", "с" the old one
  PhraseSet halves;  // "and a half", "с половиной": half a unit more before the scale
  PhraseSet shares;  // "half a", "четверть": id → index into share_values
  std::vector<double> share_values;
  // Bit (word_hash & mask) is set for every number and scale word, so the
  // tokens that are neither (nearly all) skip both map lookups.
  std::bitset<4096> number_filter;

  // The same for every word that can start a figure: number and scale words,
  // "a" and "an" ("a hundred"), and the first words of currencies and vague
  // amounts. One test rejects a word that otherwise cost four.
  std::bitset<4096> start_filter;
  bool start_filter_on = true;  // false if a currency or vague amount starts with a stem or "#"

  // False when the token is surely neither a number word nor a scale word.
  bool maybe_number_word(const Token& t) const { return number_filter.test(t.hash & 4095u); }
  // False when no figure can start at the token (true for every number).
  bool may_start_figure(const Token& t) const {
    return t.kind == TokenKind::Number || !start_filter_on || start_filter.test(t.hash & 4095u);
  }

  // Compiles the [numbers], [qualifiers] and [currencies] of a pack.
  static NumberLexicon from_pack(const RulePack& pack);
};

// One figure as written, with its bounds under claims.md.
struct Figure {
  std::size_t first = 0;       // first token of the figure (after any qualifier)
  std::size_t last = 0;        // last token (scale word, currency, range end)
  std::size_t qual_first = 0;  // first token including the qualifier
  double value = 0;
  std::optional<double> low;
  std::optional<double> high;
  std::string qualifier = "exact";
  std::optional<std::string> currency;  // ISO 4217
  bool spelled = false;                 // written in words ("nine")
  bool plain_int = false;               // bare digits without separators or scale (a possible year)
};

// Every figure in `tokens`, left to right, not overlapping.
std::vector<Figure> find_figures(const std::vector<Token>& tokens, const NumberLexicon& lex);

// Parses digits with separators: "1,031", "1.5", "1.031" (thousands when
// `dot_thousands` allows), "1,5" (decimal comma); nullopt if malformed.
std::optional<double> parse_digits(const std::string& s, bool dot_thousands,
                                   bool* separated = nullptr);

}  // namespace nw::claims
