#include "report/ledger_cache.hpp"

#include <algorithm>
#include <set>

#include "report/pages.hpp"

namespace nw::report {
namespace {

bool same(const Tolerance& a, const Tolerance& b) {
  return a.base == b.base && a.per_metric == b.per_metric;
}

}  // namespace

std::optional<Ledger> LedgerCache::build(storage::StoreReader& reader, const GroupKey& key,
                                         const std::string& slug,
                                         std::pair<int64_t, int64_t>* marks) const {
  auto data = reader.ledger_group(key.subject, key.metric, key.unit);
  if (marks) {
    *marks = {data.claims.empty() ? 0 : data.claims.back().id,
              data.alerts.empty() ? 0 : data.alerts.back().id};
  }
  Ledger one = build_ledger(std::move(data), m_tolerance, m_summaries.generated_at);
  if (one.groups.empty()) return std::nullopt;
  one.groups.front().slug = slug;
  for (auto& a : one.alerts) a.group_slug = slug;
  return one;
}

bool LedgerCache::update(storage::StoreReader& reader, const GroupKey& key,
                         const storage::LedgerGroupInfo& info, Slot& slot) const {
  // An updated article changes reports already folded (title, date): build it whole.
  if (info.revisions != slot.revisions) return false;
  const auto recheck =
      info.deliveries != slot.deliveries ? slot.group.unsettled_alerts() : std::vector<int64_t>{};
  const auto delta =
      reader.ledger_group_since(key.subject, key.metric, key.unit, slot.group.claims_through(),
                                slot.group.alerts_through(), recheck);
  if (!slot.group.add(delta)) return false;
  slot.signature = info.signature;
  slot.revisions = info.revisions;
  slot.deliveries = info.deliveries;
  return true;
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
  m_summaries.generated_at = now;
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
        it->second.group.summary().slug == m_slugs.at(key)) {
      continue;
    }
    // Summaries only (the live pages): follow what joined the group since.
    if (it != m_slots.end() && !built && it->second.group.summary().slug == m_slugs.at(key) &&
        update(reader, key, info, it->second)) {
      ++count;
      continue;
    }
    std::pair<int64_t, int64_t> marks;
    auto one = build(reader, key, m_slugs.at(key), &marks);
    ++count;
    ++m_whole_builds;
    if (!one) {
      m_slots.erase(key);
      continue;
    }
    if (built) built(*one);
    m_slots.insert_or_assign(key, Slot{info.signature, info.revisions, info.deliveries,
                                       GroupSummary(*one, m_tolerance, marks.first, marks.second)});
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
    out.claims += slot.group.summary().reports;
    out.groups.push_back(slot.group.summary());
  }
  m_summaries = std::move(out);
  m_ledger.reset();
}

const Ledger& LedgerCache::ledger() const {
  if (!m_ledger) {
    m_ledger = m_summaries;
    for (const auto& [key, slot] : m_slots) {
      const auto& alerts = slot.group.alerts();
      m_ledger->alerts.insert(m_ledger->alerts.end(), alerts.begin(), alerts.end());
    }
    std::sort(m_ledger->alerts.begin(), m_ledger->alerts.end(),
              [](const AlertView& a, const AlertView& b) { return a.alert.id > b.alert.id; });
  }
  return *m_ledger;
}

std::optional<Ledger> LedgerCache::group(storage::StoreReader& reader,
                                         std::string_view slug) const {
  const auto it = m_by_slug.find(slug);
  if (it == m_by_slug.end()) return std::nullopt;
  return build(reader, it->second, std::string(slug));
}

std::optional<std::string> LedgerCache::group_page(storage::StoreReader& reader,
                                                   std::string_view slug, int64_t from) const {
  const auto it = m_by_slug.find(slug);
  if (it == m_by_slug.end()) return std::nullopt;
  const auto slot = m_slots.find(it->second);
  if (slot == m_slots.end()) return std::nullopt;
  const GroupSummary& g = slot->second.group;
  const PageStarts& pages = g.pages();
  if (from != 0 && !pages.is_older(from)) return std::nullopt;
  const GroupKey& key = it->second;
  // The newest page holds the last two cuts; claims stored since the refresh
  // beyond that wait for the next one.
  auto rows =
      reader.ledger_group_page(key.subject, key.metric, key.unit, from ? from : pages.newest_from(),
                               from ? k_group_page_size : 2 * k_group_page_size);
  const Group shown = page_group(std::move(rows), g.summary(), g.alerts());
  return report::group_page(m_summaries, g.summary(), shown, pages, from);
}

std::string LedgerCache::signature(std::string_view slug) const {
  const auto it = m_by_slug.find(slug);
  if (it == m_by_slug.end()) return "";
  const auto slot = m_slots.find(it->second);
  return slot == m_slots.end() ? "" : slot->second.signature;
}

}  // namespace nw::report
