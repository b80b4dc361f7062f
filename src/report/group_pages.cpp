#include "report/group_pages.hpp"

#include <algorithm>

namespace nw::report {

void PageStarts::add(int64_t claim_id) {
  if (m_claims % k_group_page_size == 0) m_starts.push_back(claim_id);
  ++m_claims;
}

int64_t PageStarts::newest_from() const {
  if (m_starts.empty()) return 0;
  return m_starts.size() >= 2 ? m_starts[m_starts.size() - 2] : m_starts.front();
}

std::vector<int64_t> PageStarts::older() const {
  if (m_starts.size() <= 2) return {};
  return {m_starts.begin(), m_starts.end() - 2};
}

bool PageStarts::is_older(int64_t from) const {
  if (m_starts.size() <= 2) return false;
  const auto end = m_starts.end() - 2;
  const auto it = std::lower_bound(m_starts.begin(), end, from);
  return it != end && *it == from;
}

int64_t PageStarts::before(int64_t from) const {
  const auto it = std::lower_bound(m_starts.begin(), m_starts.end(), from);
  return it == m_starts.begin() ? 0 : *(it - 1);
}

int64_t PageStarts::after(int64_t from) const {
  const auto it = std::upper_bound(m_starts.begin(), m_starts.end(), from);
  // The cut after `from` is an older page unless it is one the newest page shows.
  if (it == m_starts.end() || it >= m_starts.end() - 2) return 0;
  return *it;
}

}  // namespace nw::report
