// Word-sequence patterns ("signed contract*", "from # countries") matched on tokens.
#pragma once

#include <bitset>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "claims/text.hpp"

namespace nw::claims {

// One term: an exact folded word, a stem ("contract*": any word starting so,
// for inflected languages), "#" (any number) or "?" (any one word).
struct Term {
  enum class Kind : unsigned char { Exact, Prefix, Number, AnyWord };
  Kind kind = Kind::Exact;
  std::string text;
  std::uint32_t hash = 0;  // word_hash(text) for Exact: most mismatches end on it
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

// A set of phrases indexed by the hash of their first word (Token::hash, computed
// once by the tokenizer), so a token that starts no phrase costs one probe.
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
  // Open-addressing slot: phrases whose first word has this hash (`list` -1: empty).
  struct Slot {
    std::uint32_t hash = 0;
    std::int32_t list = -1;
  };
  bool matches(const Phrase& p, const std::vector<Token>& tokens, std::size_t i) const;
  // Phrases starting with a word of hash `h`, or null.
  const std::vector<std::size_t>* starting(std::uint32_t h) const;
  void rehash(std::size_t slots);
  std::vector<Phrase> m_phrases;
  std::vector<Slot> m_slots;                         // power-of-two size, at most half full
  std::vector<std::vector<std::size_t>> m_by_first;  // indexed by Slot::list
  std::vector<std::size_t> m_prefix_first;           // phrases whose first term is a stem ("sign*")
  std::bitset<256> m_prefix_bytes;        // first bytes of those stems: most tokens skip them
  std::vector<std::size_t> m_wild_first;  // phrases starting with "#" or "?"
  // Candidates for tokens[i] other than by exact first word.
  template <typename F>
  void for_each_inexact(const Token& tok, F&& f) const;
  std::size_t m_max_len = 0;
};

}  // namespace nw::claims
