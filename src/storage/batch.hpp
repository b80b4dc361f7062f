// What the store's batch calls take and give: pipeline::ingest asks once for
// all of a poll's entries, not once per entry, which on PostgreSQL is one
// round trip instead of one per entry (storage/store.hpp, "a batch").
#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "claims/claim.hpp"
#include "storage/records.hpp"

namespace nw::storage {

// An entry's identity among originals: its canonical URL ("" for none) and text hash.
struct OriginalKey {
  std::string canonical_url;
  std::string content_hash;
};

// The earliest original with the key's canonical URL, and the earliest with its hash.
struct OriginalMatch {
  std::optional<int64_t> by_url;
  std::optional<int64_t> by_hash;
};

// A text's near-duplicate band keys and when it was fetched (which spans to search).
struct BandQuery {
  std::vector<int64_t> band_keys;
  Time at{};
};

// One row of Store::insert_articles: the article (the caller's, read during the
// call), stored as a duplicate of `duplicate_of`, or of what row `copies_row`
// (an earlier row of the same call) was stored as a copy of or as, or else as
// an original.
struct ArticleInsert {
  const NewArticle* article = nullptr;
  std::optional<int64_t> duplicate_of;
  std::optional<std::size_t> copies_row;
};

// One original's band keys for the near-duplicate index (Store::insert_fingerprint).
struct FingerprintInsert {
  int64_t article_id = 0;
  Time fetched_at{};
  std::vector<int64_t> band_keys;
};

// One claim to store (Store::insert_claim).
struct ClaimInsert {
  int64_t article_id = 0;
  claims::Claim claim;
};

// A claims group as Store::judging_group names it (a missing unit is a group of its own).
struct ClaimGroup {
  std::string subject;
  std::string metric;
  std::optional<std::string> unit;
  auto operator<=>(const ClaimGroup&) const = default;
};

}  // namespace nw::storage
