#include "report/ledger_cache.hpp"

#include <algorithm>
#include <set>

namespace nw::report {
namespace {

bool same(const Tolerance& a, const Tolerance& b) {
  return a.base == b.base && a.per_metric == b.per_metric;
}

}  // namespace

std::optional<Ledger> LedgerCache::build(storage::StoreReader& reader, const GroupKey& key) const {
  Ledger one =
      build_ledger(reader.ledger_group(key.subject, key.metric, key.unit), m_tolerance, Time{});
  if (one.groups.empty()) return std::nullopt;
  return one;
}

std::size_t LedgerCache::refresh(storage::StoreReader& reader, const Tolerance& tolerance,
                                 Time now) {
  if (!m_built || !same(tolerance, m_tolerance)) m_slots.clear();
  m_tolerance = tolerance;
  m_built = true;
  // Signatures first, then each group's rows: a change in between makes the
  // rows newer than the signature, so the next refresh reads the group again.
  std::set<GroupKey> present;
  std::size_t built = 0;
  for (const auto& info : reader.ledger_groups()) {
    const GroupKey key{info.subject, info.metric, info.unit};
    present.insert(key);
    const auto it = m_slots.find(key);
    if (it != m_slots.end() && it->second.signature == info.signature) continue;
    auto one = build(reader, key);
    ++built;
    if (!one) continue;
    Slot slot{info.signature, summary_of(one->groups.front()), std::move(one->alerts)};
    std::reverse(slot.alerts.begin(), slot.alerts.end());  // build_ledger gives newest first
    m_slots.insert_or_assign(key, std::move(slot));
  }
  std::erase_if(m_slots, [&](const auto& kv) { return !present.count(kv.first); });
  m_group_builds += built;
  assemble(now);
  return built;
}

void LedgerCache::assemble(Time now) {
  Ledger out;
  out.generated_at = now;
  m_by_slug.clear();
  // Slugs over all groups in key order, as build_ledger gives them: a plain slug
  // another group already took (case alone differed) is hashed.
  for (auto& [key, slot] : m_slots) {
    Group g = slot.summary;
    g.slug = group_slug(key);
    if (m_by_slug.count(g.slug)) g.slug = group_slug({key.subject + "\x1f", key.metric, key.unit});
    m_by_slug.emplace(g.slug, key);
    out.claims += g.reports;
    for (auto a : slot.alerts) {
      a.group_slug = g.slug;
      out.alerts.push_back(std::move(a));
    }
    out.groups.push_back(std::move(g));
  }
  std::sort(out.alerts.begin(), out.alerts.end(),
            [](const AlertView& a, const AlertView& b) { return a.alert.id > b.alert.id; });
  m_ledger = std::move(out);
}

std::optional<Ledger> LedgerCache::group(storage::StoreReader& reader,
                                         std::string_view slug) const {
  const auto it = m_by_slug.find(slug);
  if (it == m_by_slug.end()) return std::nullopt;
  auto one = build(reader, it->second);
  if (!one) return std::nullopt;
  one->generated_at = m_ledger.generated_at;
  one->groups.front().slug = std::string(slug);
  for (auto& a : one->alerts) a.group_slug = std::string(slug);
  return one;
}

std::string LedgerCache::signature(std::string_view slug) const {
  const auto it = m_by_slug.find(slug);
  if (it == m_by_slug.end()) return "";
  return m_slots.at(it->second).signature;
}

}  // namespace nw::report
