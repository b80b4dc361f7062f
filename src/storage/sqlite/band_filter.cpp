#include "storage/sqlite/band_filter.hpp"

#include <algorithm>
#include <bit>

namespace nw::storage::sqlite {
namespace {

// 4 probes a key; a filter is built with 12 to 24 bits a key and built again,
// twice as large, once it holds one key per 8 bits: at most about 2.4% of the
// keys it does not hold look like ones it does.
constexpr int k_probes = 4;
constexpr std::size_t k_min_keys = 4096;

uint64_t mix(uint64_t x) {  // splitmix64's finalizer
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

}  // namespace

void BandFilter::set(Filter& f, int64_t key) {
  const uint64_t h = mix(static_cast<uint64_t>(key));
  const uint64_t bits = f.words.size() * 64 - 1;  // a power of two, less one
  for (int i = 0; i < k_probes; ++i) {
    const uint64_t b = ((h >> 32) + static_cast<uint64_t>(i) * (h | 1)) & bits;
    f.words[b / 64] |= uint64_t{1} << (b % 64);
  }
}

bool BandFilter::test(const Filter& f, int64_t key) {
  const uint64_t h = mix(static_cast<uint64_t>(key));
  const uint64_t bits = f.words.size() * 64 - 1;
  for (int i = 0; i < k_probes; ++i) {
    const uint64_t b = ((h >> 32) + static_cast<uint64_t>(i) * (h | 1)) & bits;
    if (!(f.words[b / 64] & (uint64_t{1} << (b % 64)))) return false;
  }
  return true;
}

void BandFilter::build(Connection& c, int64_t span, std::size_t at_least) {
  std::vector<int64_t> keys;
  {
    auto q = c.cached(
        "SELECT key FROM near_duplicate_keys WHERE span = ?1 UNION ALL "
        "SELECT key FROM near_duplicate_staged WHERE span = ?1");
    q->bind(1, span);
    while (q->executeStep()) keys.push_back(q->getColumn(0).getInt64());
  }
  const std::size_t n = std::max({keys.size(), at_least, k_min_keys});
  Filter f;
  f.words.assign(std::bit_ceil(n * 12) / 64, 0);
  for (const int64_t k : keys) set(f, k);
  f.keys = keys.size();
  m_spans[span] = std::move(f);
  // Lookups read the span of an article's fetch and the one before: older
  // spans are not asked about again (fetch times only move on).
  while (m_spans.size() > 2 && m_spans.begin()->first < span - 1) m_spans.erase(m_spans.begin());
}

void BandFilter::sync(Connection& c) {
  const int64_t version = c.scalar("PRAGMA data_version");
  if (version != m_data_version) {
    m_spans.clear();
    m_data_version = version;
  }
}

bool BandFilter::may_hold(Connection& c, int64_t span, int64_t key) {
  auto it = m_spans.find(span);
  if (it == m_spans.end()) {
    build(c, span, 0);
    it = m_spans.find(span);
    if (it == m_spans.end()) return true;  // an old span, dropped at once: look it up
  }
  return test(it->second, key);
}

std::optional<std::size_t> BandFilter::keys(int64_t span) const {
  const auto it = m_spans.find(span);
  if (it == m_spans.end()) return std::nullopt;
  return it->second.keys;
}

void BandFilter::add(Connection& c, int64_t span, int64_t key) {
  const auto it = m_spans.find(span);
  if (it == m_spans.end()) return;  // read from the database when first asked about
  Filter& f = it->second;
  if ((f.keys + 1) * 8 > f.words.size() * 64) {
    build(c, span, 2 * (f.keys + 1));  // the key is already stored: read with the others
    return;
  }
  set(f, key);
  ++f.keys;
}

}  // namespace nw::storage::sqlite
