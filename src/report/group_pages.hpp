// Where a group's pages start. Its claims, oldest first, are cut every
// k_group_page_size claims; a cut is named by the id of the claim it starts
// at, so an older page holds the same claims however the group grows (keyset
// pages: `id >= start ORDER BY id LIMIT k_group_page_size`), and a report
// run over an earlier site rewrites only the pages that changed. The newest
// page shows the last two cuts (up to 2 x k_group_page_size claims).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace nw::report {

// Claims an older page of a group holds; the newest holds up to twice as many.
inline constexpr std::size_t k_group_page_size = 100;

class PageStarts {
 public:
  // Notes the group's next claim (ids ascending, each once).
  void add(int64_t claim_id);

  std::size_t claims() const { return m_claims; }
  // The first claim the newest page shows (0 when the group has none).
  int64_t newest_from() const;
  // The older pages' first claims, oldest first (the cuts before the newest page's).
  std::vector<int64_t> older() const;
  // Whether an older page starts at `from`; the page before it and after it
  // (0: none before; after, 0 means the newest page).
  bool is_older(int64_t from) const;
  int64_t before(int64_t from) const;
  int64_t after(int64_t from) const;

 private:
  std::vector<int64_t> m_starts;  // every k_group_page_size-th claim, from the first
  std::size_t m_claims = 0;
};

}  // namespace nw::report
