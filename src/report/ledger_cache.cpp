#include "report/ledger_cache.hpp"

#include <algorithm>
#include <set>

namespace nw::report {
namespace {

bool same(const Tolerance& a, const Tolerance& b) {
  return a.base == b.base && a.per_metric == b.per_metric;
}

}  // namespace

std::optional<Ledger> LedgerCache::build(storage::StoreReader& reader, const GroupKey& key,
                                         const std::string& slug) const {
  Ledger one = build_ledger(reader.ledger_group(key.subject, key.metric, key.unit), m_tolerance,
                            m_ledger.generated_at);
  if (one.groups.empty()) return std::nullopt;
  one.groups.front().slug = slug;
  for (auto& a : one.alerts) a.group_slug = slug;
  return one;
}

void LedgerCache::name_groups(const std::vector<storage::LedgerGroupInfo>& infos) {
  m_slugs.clear();
  m_by_slug.clear();
  for (const auto& info : infos) {
    const GroupKey key{info.subject, info.metric, info.unit};
    std::string slug = group_slug(key);
    if (m_by_slug.count(slug)) slug = group_slug({key.subject + "\x1f", key.metric, key.unit});
    m_by_slug.emplace(slug, key);
    m_slugs.emplace(key, std::move(slug));
  }
}

std::size_t LedgerCache::refresh(storage::StoreReader& reader, const Tolerance& tolerance, Time now,
                                 const std::function<void(const Ledger&)>& built) {
  if (!m_built || !same(tolerance, m_tolerance)) m_slots.clear();
  m_tolerance = tolerance;
  m_built = true;
  m_ledger.generated_at = now;
  // Signatures first, then each group's rows: a change in between makes the
  // rows newer than the signature, so the next refresh reads the group again.
  auto infos = reader.ledger_groups();
  std::sort(infos.begin(), infos.end(), [](const auto& a, const auto& b) {
    return GroupKey{a.subject, a.metric, a.unit} < GroupKey{b.subject, b.metric, b.unit};
  });
  name_groups(infos);
  std::size_t count = 0;
  for (const auto& info : infos) {
    const GroupKey key{info.subject, info.metric, info.unit};
    const auto it = m_slots.find(key);
    // A group renamed (another group now takes its plain slug) is built again too.
    if (it != m_slots.end() && it->second.signature == info.signature &&
        it->second.summary.slug == m_slugs.at(key)) {
      continue;
    }
    auto one = build(reader, key, m_slugs.at(key));
    ++count;
    if (!one) {
      m_slots.erase(key);
      continue;
    }
    if (built) built(*one);
    Slot slot{info.signature, summary_of(one->groups.front()), std::move(one->alerts)};
    std::reverse(slot.alerts.begin(), slot.alerts.end());  // build_ledger gives newest first
    m_slots.insert_or_assign(key, std::move(slot));
  }
  std::erase_if(m_slots, [&](const auto& kv) { return !m_slugs.count(kv.first); });
  m_group_builds += count;
  assemble(now);
  return count;
}

void LedgerCache::assemble(Time now) {
  Ledger out;
  out.generated_at = now;
  for (const auto& [key, slot] : m_slots) {
    out.claims += slot.summary.reports;
    out.alerts.insert(out.alerts.end(), slot.alerts.begin(), slot.alerts.end());
    out.groups.push_back(slot.summary);
  }
  std::sort(out.alerts.begin(), out.alerts.end(),
            [](const AlertView& a, const AlertView& b) { return a.alert.id > b.alert.id; });
  m_ledger = std::move(out);
}

std::optional<Ledger> LedgerCache::group(storage::StoreReader& reader,
                                         std::string_view slug) const {
  const auto it = m_by_slug.find(slug);
  if (it == m_by_slug.end()) return std::nullopt;
  return build(reader, it->second, std::string(slug));
}

std::string LedgerCache::signature(std::string_view slug) const {
  const auto it = m_by_slug.find(slug);
  if (it == m_by_slug.end()) return "";
  const auto slot = m_slots.find(it->second);
  return slot == m_slots.end() ? "" : slot->second.signature;
}

}  // namespace nw::report
