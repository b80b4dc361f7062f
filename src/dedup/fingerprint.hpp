// Near-duplicate detection: MinHash over word shingles, banded for lookup
// (LSH), then an exact check of each candidate's text.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

namespace nw::dedup {

// Hashes of the overlapping 3-word shingles of a text, sorted and unique.
// Words are runs of letters and digits (any non-ASCII byte counts as a letter),
// ASCII case folded, so punctuation, spacing and markup leftovers do not matter.
std::vector<uint64_t> shingles(std::string_view text);

constexpr std::size_t k_bands = 12;
constexpr std::size_t k_rows = 3;

// The MinHash signature of a shingle set, cut into k_bands band keys. Two
// texts whose shingle sets have Jaccard similarity s share at least one key
// with probability 1 - (1 - s^3)^12: 0.99 at s = 0.7, 0.80 at s = 0.5, 0.28 at
// s = 0.3. Measured (bench/dedup_pairs_bench.cpp): 98.8% of syndicated copies
// become candidates, and none of 14,878 pairs of different articles; 8 x 4
// caught only 94.2% of copies, 16 x 3 no more than 12 x 3 at a third more rows.
using BandKeys = std::array<int64_t, k_bands>;
BandKeys band_keys(const std::vector<uint64_t>& shingles);

// How an incoming text relates to an earlier one.
struct Overlap {
  double containment = 0;  // share of the new text's shingles found in the old one
  double jaccard = 0;
  // Words in substantial paragraphs of the new text that the old one lacks
  // (short lines such as bylines and boilerplate are not counted).
  std::size_t novel_words = 0;
};
Overlap overlap(std::string_view new_text, std::string_view old_text);

// Whether the new text is the old story again as far as its words go: most of
// it already in the old text and no substantial new paragraph (a dropped
// paragraph, another byline or boilerplate are fine). A republication with new
// figures is caught by the caller, which compares claims.
bool is_near_duplicate(const Overlap& o);

}  // namespace nw::dedup
