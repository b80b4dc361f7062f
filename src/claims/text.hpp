// Tokens of one sentence: words, numbers, punctuation and URLs with byte offsets.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace nw::claims {

// Ordinal covers every number that is a position, not an amount: "20th",
// ISO dates ("2026-03-02") and citation marks ("[17]").
enum class TokenKind : std::uint8_t { Word, Number, Ordinal, Punct, Url };

// One token; `lower` is case-folded with apostrophes and dashes normalised.
struct Token {
  std::string lower;
  std::uint32_t hash = 0;       // word_hash(lower): phrase tables look tokens up without rehashing
  std::uint32_t stem_hash = 0;  // word_hash of the first k_stem_bytes of lower, for "sign*"
  std::size_t start = 0;        // byte offsets in the document
  std::size_t end = 0;
  TokenKind kind = TokenKind::Word;
  bool capitalized = false;   // first letter is upper case
  bool space_before = false;  // whitespace separates it from the previous token
};

// Splits `s` (which starts at document offset `base`) into tokens. Whitespace-free
// runs holding "/" or "://" become one Url token so paths never yield figures.
std::vector<Token> tokenize(std::string_view s, std::size_t base = 0);
// The same into `out`, overwriting the tokens already there: a caller that
// tokenizes sentence after sentence keeps their storage instead of
// allocating it anew for each.
void tokenize(std::string_view s, std::size_t base, std::vector<Token>& out);

// Stems ("sign*") are indexed by their first bytes; shorter stems are tried everywhere.
inline constexpr std::size_t k_stem_bytes = 3;

// FNV-1a of a folded word; the key of every word table (PhraseSet, NumberLexicon).
std::uint32_t word_hash(std::string_view s);

// Lower-cases UTF-8 text (ICU simple case mapping) and normalises apostrophes.
std::string fold_case(std::string_view s);

// True for punctuation that ends a clause: , ; : ( ) [ ] and dashes.
bool is_clause_break(const Token& t);

}  // namespace nw::claims
