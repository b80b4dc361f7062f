#include "claims/hash_index.hpp"

namespace nw::claims {

void HashIndex::add(std::uint32_t hash, std::size_t id) {
  if (const auto* list = find(hash)) {
    m_lists[static_cast<std::size_t>(list - m_lists.data())].push_back(id);
    return;
  }
  if ((m_lists.size() + 1) * 2 > m_slots.size()) grow();
  const std::size_t mask = m_slots.size() - 1;
  std::size_t at = hash & mask;
  while (m_slots[at].list >= 0) at = (at + 1) & mask;
  m_slots[at] = {hash, static_cast<std::int32_t>(m_lists.size())};
  m_lists.push_back({id});
}

void HashIndex::grow() {
  std::vector<Slot> old = std::move(m_slots);
  m_slots.assign(old.empty() ? 16 : old.size() * 2, Slot{});
  const std::size_t mask = m_slots.size() - 1;
  for (const Slot& s : old) {
    if (s.list < 0) continue;
    std::size_t at = s.hash & mask;
    while (m_slots[at].list >= 0) at = (at + 1) & mask;
    m_slots[at] = s;
  }
}

}  // namespace nw::claims
