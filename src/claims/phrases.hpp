// Word-sequence patterns ("signed contract*", "from # countries") matched on tokens.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "claims/text.hpp"

namespace nw::claims {

// One term: an exact folded word, a stem ("contract*": any word starting so,
// for inflected languages), "#" (any number) or "?" (any one word).
struct Term {
  enum class Kind : unsigned char { Exact, Prefix, Number, AnyWord };
  Kind kind = Kind::Exact;
  std::string text;
};

// A phrase as compiled from a pack string, with the id of what it stands for.
struct Phrase {
  std::vector<Term> terms;
  int id = 0;
};

// A match of phrase `id` over tokens [first, last].
struct PhraseMatch {
  std::size_t first = 0;
  std::size_t last = 0;
  int id = 0;
};

// Compiles a pack string into terms with the same tokenizer as the text, so
// "sign-on" or "U.S." match however the article writes them; empty: nullopt.
std::optional<std::vector<Term>> compile_terms(std::string_view phrase);

// A set of phrases indexed by their first word; matching is linear in tokens.
class PhraseSet {
 public:
  // Adds `phrase` standing for `id`; returns false if it has no terms.
  bool add(std::string_view phrase, int id);
  // The longest phrase starting at token `i`, if any.
  std::optional<PhraseMatch> longest_at(const std::vector<Token>& tokens, std::size_t i) const;
  // The longest phrase ending at token `last` (for qualifiers before a figure).
  std::optional<PhraseMatch> longest_ending_at(const std::vector<Token>& tokens,
                                               std::size_t last) const;
  // Longest, non-overlapping matches left to right.
  std::vector<PhraseMatch> find_all(const std::vector<Token>& tokens) const;
  bool empty() const { return m_phrases.empty(); }
  // Every phrase (for building the prefilter).
  const std::vector<Phrase>& phrases() const { return m_phrases; }

 private:
  bool matches(const Phrase& p, const std::vector<Token>& tokens, std::size_t i) const;
  std::vector<Phrase> m_phrases;
  std::unordered_map<std::string, std::vector<std::size_t>> m_by_first;
  std::vector<std::size_t> m_wild_first;  // phrases whose first term is not exact
  std::size_t m_max_len = 0;
};

}  // namespace nw::claims
