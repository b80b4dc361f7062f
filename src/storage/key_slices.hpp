// Retention's sweep of the near-duplicate key space (Store::prune, both
// backends): all int64 values in this many slices, one per step, so each step
// reads 1/1024 of fingerprint_bands by its primary key.
#pragma once

#include <cstdint>
#include <limits>
#include <utility>

namespace nw::storage {

constexpr uint64_t k_key_slices = 1024;
constexpr uint64_t k_slice_width = std::numeric_limits<uint64_t>::max() / k_key_slices + 1;

// The first and last key of slice `i`, as the signed values the table holds.
inline std::pair<int64_t, int64_t> slice_bounds(int64_t i) {
  const uint64_t lo = static_cast<uint64_t>(i) * k_slice_width;
  const uint64_t hi = lo + (k_slice_width - 1);
  // Offsetting by 2^63 maps 0..2^64-1 onto INT64_MIN..INT64_MAX in order.
  const auto to_signed = [](uint64_t u) { return static_cast<int64_t>(u ^ (uint64_t{1} << 63)); };
  return {to_signed(lo), to_signed(hi)};
}

}  // namespace nw::storage
