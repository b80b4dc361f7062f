// Word-sequence patterns ("signed contract*", "from # countries") matched on tokens.
#pragma once

#include <bitset>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "claims/hash_index.hpp"
#include "claims/text.hpp"

namespace nw::claims {

// One term: an exact folded word, a stem ("contract*": any word starting so,
// for inflected languages), "#" (any number) or "?" (any one word or ordinal: "the ? brigade" takes
// "the 3rd brigade").
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
  std::size_t weight = 0;  // literal bytes, exact words above stems: breaks ties in length
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
  // The longest phrase starting at token `i`, if any. Inline so that the common
  // miss (no phrase starts with this word) costs one bit test.
  std::optional<PhraseMatch> longest_at(const std::vector<Token>& tokens, std::size_t i) const {
    if (i >= tokens.size() || !may_start(tokens[i])) return std::nullopt;
    return longest_from(tokens, i);
  }
  // The longest phrase ending at token `last` (for qualifiers before a figure).
  std::optional<PhraseMatch> longest_ending_at(const std::vector<Token>& tokens,
                                               std::size_t last) const;
  // Longest, non-overlapping matches left to right.
  std::vector<PhraseMatch> find_all(const std::vector<Token>& tokens) const;
  bool empty() const { return m_phrases.empty(); }
  // Every phrase (for building the prefilter).
  const std::vector<Phrase>& phrases() const { return m_phrases; }

 private:
  // First words and stems have a filter each: in one, a word's stem hash
  // passed on the bit of another's first word. The subject sets hold over a
  // thousand names, which filled most of 1024 bits.
  static constexpr std::size_t k_head_bits = 4096;
  static constexpr std::size_t k_stem_bits = 1024;
  // False when no phrase can start at `tok` (a Bloom filter over first words and stems).
  bool may_start(const Token& tok) const {
    return !m_wild_first.empty() || (tok.kind == TokenKind::Number && !m_number_first.empty()) ||
           m_heads.test(tok.hash & (k_head_bits - 1)) ||
           m_stem_heads.test(tok.stem_hash & (k_stem_bits - 1));
  }
  std::optional<PhraseMatch> longest_from(const std::vector<Token>& tokens, std::size_t i) const;
  bool matches(const Phrase& p, const std::vector<Token>& tokens, std::size_t i) const;
  // Calls f(phrase index) for every phrase that may start at `tok`.
  template <typename F>
  void for_each_candidate(const Token& tok, F&& f) const;
  std::vector<Phrase> m_phrases;
  std::bitset<k_head_bits> m_heads;         // bits of first-word hashes
  std::bitset<k_stem_bits> m_stem_heads;    // bits of stem hashes
  HashIndex m_exact;                        // by the hash of the first word
  HashIndex m_stems;                        // stems ("sign*") by Token::stem_hash
  std::vector<std::size_t> m_wild_first;    // "?" or a stem shorter than k_stem_bytes
  std::vector<std::size_t> m_number_first;  // "#": only a number token can start them
  std::size_t m_max_len = 0;
};

}  // namespace nw::claims
