// A small open-addressing table from a word hash (Token::hash) to the ids
// filed under it; the phrase sets probe it once per token.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace nw::claims {

class HashIndex {
 public:
  // Files `id` under `hash`; ids of colliding words share a list (callers verify).
  void add(std::uint32_t hash, std::size_t id);
  // The ids filed under `hash`, or null: one probe for most misses.
  const std::vector<std::size_t>* find(std::uint32_t hash) const {
    if (m_slots.empty()) return nullptr;
    const std::size_t mask = m_slots.size() - 1;
    for (std::size_t at = hash & mask;; at = (at + 1) & mask) {
      const Slot& s = m_slots[at];
      if (s.list < 0) return nullptr;
      if (s.hash == hash) return &m_lists[static_cast<std::size_t>(s.list)];
    }
  }

 private:
  struct Slot {
    std::uint32_t hash = 0;
    std::int32_t list = -1;  // index into m_lists; -1: empty
  };
  void grow();
  std::vector<Slot> m_slots;  // power-of-two size, at most half full
  std::vector<std::vector<std::size_t>> m_lists;
};

}  // namespace nw::claims
