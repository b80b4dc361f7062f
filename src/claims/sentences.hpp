// Sentence boundaries in article text.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace nw::claims {

// A half-open byte range [start, end) of the document.
struct Span {
  std::size_t start = 0;
  std::size_t end = 0;
};

// Longest sentence kept whole; longer runs are cut at whitespace so hostile
// input (one huge line) costs linear time and bounded memory per sentence.
inline constexpr std::size_t k_max_sentence_bytes = 4096;

// Splits text into trimmed sentences. Line breaks always end a sentence; a
// period does not after abbreviations (U.S., Dr., Jan.), inside decimals or
// names (Slidstvo.Info), or before a lower-case continuation ("Belarus... is").
// Closing quotes and citation marks like [12] stay with their sentence.
std::vector<Span> split_sentences(std::string_view text);

}  // namespace nw::claims
