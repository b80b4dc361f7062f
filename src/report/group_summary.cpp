#include "report/group_summary.hpp"

#include <algorithm>
#include <functional>

#include "report/folding.hpp"
#include "util/text.hpp"

namespace nw::report {
namespace {

// A 64-bit hash of the fold key: 8 bytes a figure instead of the key's strings
// (a year of 5 million articles holds about half a million figures). Two
// figures sharing one (about n^2 / 2^65: 1e-8 at that size) would count as one.
uint64_t fold_hash(const storage::LedgerClaim& r) {
  const auto [source, value, low, high, qualifier, as_of, force, period] = fold_key(r);
  std::string s = source;
  const auto add_number = [&](std::optional<double> d) {
    s += d ? '\x1e' : '\x1f';
    if (d) s.append(reinterpret_cast<const char*>(&*d), sizeof(double));
  };
  const auto add_text = [&](const std::optional<std::string>& t) {
    s += t ? '\x1e' : '\x1f';
    if (t) s += *t;
  };
  add_number(value);
  add_number(low);
  add_number(high);
  add_text(qualifier);
  add_text(as_of);
  add_text(force);
  add_text(period);
  return std::hash<std::string>{}(s);
}

// When a report goes on the reconciliation's timeline (report/series.cpp).
Time row_date(const storage::LedgerClaim& c) {
  return c.published.value_or(c.fetched_at);
}

const storage::LedgerClaim* find_by_id(const std::vector<storage::LedgerClaim>& claims,
                                       int64_t id) {
  const auto it =
      std::lower_bound(claims.begin(), claims.end(), id,
                       [](const storage::LedgerClaim& c, int64_t v) { return c.id < v; });
  return it != claims.end() && it->id == id ? &*it : nullptr;
}

}  // namespace

GroupSummary::GroupSummary(const Ledger& one, const Tolerance& tolerance, int64_t claims_through,
                           int64_t alerts_through)
    : m_tolerance(tolerance), m_claims_through(claims_through), m_alerts_through(alerts_through) {
  const Group& g = one.groups.front();
  m_summary = summary_of(g);
  m_alerts.assign(one.alerts.rbegin(), one.alerts.rend());  // build_ledger gives newest first
  for (std::size_t i = 0; i < m_alerts.size(); ++i) {
    if (m_alerts[i].open) m_open.push_back(i);
  }
  // Each figure's date and the order it was first reported in (its first report's id).
  std::vector<std::pair<int64_t, const Entry*>> firsts;
  for (const auto& e : g.entries) firsts.emplace_back(e.reports.front().id, &e);
  std::sort(firsts.begin(), firsts.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  for (std::size_t i = 0; i < firsts.size(); ++i) {
    const Entry& e = *firsts[i].second;
    m_folded[fold_hash(e.reports.front())] = {e.date.value_or(Time{}), e.date.has_value(),
                                              e.date_kind == DateKind::AsOf, i};
  }
  if (const Entry* latest = g.latest()) m_latest_hash = fold_hash(latest->reports.front());
  std::vector<int64_t> ids;
  for (const auto& e : g.entries) {
    for (const auto& r : e.reports) {
      note_row(r);
      ids.push_back(r.id);
    }
  }
  std::sort(ids.begin(), ids.end());
  for (const int64_t id : ids) m_pages.add(id);
}

void GroupSummary::note_row(const storage::LedgerClaim& c) {
  const Time date = row_date(c);
  const std::pair<Time, int64_t> at{date, c.id};
  if (!m_last_row || at > *m_last_row) {
    m_last_row = at;
    m_last_scope = alerts::group_key(c.claim);
  }
  if (c.claim.qualifier == "vague") return;  // build_series leaves vague amounts out
  auto& latest = m_origins[alerts::group_key(c.claim)]
                          [alerts::origin_key(alerts::origin_of(c.claim, c.url, c.feed))];
  if (latest.figure.id == 0 || at > std::pair{latest.figure.reported, latest.figure.id}) {
    latest.figure = {c.id, c.article_id, date, alerts::origin_of(c.claim, c.url, c.feed), c.claim};
  }
}

bool GroupSummary::add_claim(const storage::LedgerClaim& c) {
  ++m_summary.reports;
  note_row(c);
  Entry fresh;
  fresh.claim = c.claim;
  fresh.source = source_of(c);
  fresh.reports.push_back(c);
  date_entry(fresh);
  const uint64_t hash = fold_hash(c);
  const auto it = m_folded.find(hash);
  if (it == m_folded.end()) {
    m_folded[hash] = {fresh.date.value_or(Time{}), fresh.date.has_value(),
                      fresh.date_kind == DateKind::AsOf, m_folded.size()};
    ++m_summary.figures;
    if (std::find(m_summary.sources.begin(), m_summary.sources.end(), fresh.source) ==
        m_summary.sources.end()) {
      m_summary.sources.push_back(fresh.source);
    }
    // The latest is the most recently dated figure, the last first reported
    // among equals (Group::latest over entries sorted by date).
    const Entry* now = m_summary.entries.empty() ? nullptr : &m_summary.entries.front();
    if (!now || (fresh.date && (!now->date || *fresh.date >= *now->date))) {
      m_summary.entries.assign(1, std::move(fresh));
      m_latest_hash = hash;
    }
  } else if (!it->second.fixed && fresh.date) {
    Folded& f = it->second;
    // A figure dated by its earliest report moves back when an earlier one
    // comes in: the latest figure may then be another, which is not kept here.
    if (!f.dated || *fresh.date < f.date) {
      if (!f.dated || hash == m_latest_hash) return false;
      f.date = *fresh.date;
    }
  }
  std::erase_if(m_open, [&](std::size_t i) { return settle(m_alerts[i], c); });
  return true;
}

bool GroupSummary::settle(AlertView& v, const storage::LedgerClaim& later) {
  // As build_ledger: a later report from another article and another source
  // that agrees with the alerted figure settles the alert.
  if (!v.claim || later.id <= v.alert.claim_id || later.article_id == v.claim->article_id)
    return false;
  if (ascii_lower(source_of(later)) == ascii_lower(source_of(*v.claim))) return false;
  if (!agrees(later.claim, v.claim->claim, m_tolerance(v.alert.metric))) return false;
  v.open = false;
  --m_summary.open_alerts;
  return true;
}

bool GroupSummary::add(const storage::LedgerGroupDelta& delta) {
  for (const auto& a : delta.alerts) {
    if (a.id > m_alerts_through && a.claim_id <= m_claims_through) return false;
  }
  for (const auto& c : delta.claims) {
    if (c.id <= m_claims_through) continue;
    if (!add_claim(c)) return false;
    m_pages.add(c.id);
  }
  for (const auto& a : delta.alerts) {
    if (a.id <= m_alerts_through) continue;
    const storage::LedgerClaim* claim = find_by_id(delta.claims, a.claim_id);
    if (!claim) return false;
    AlertView v;
    v.alert = a;
    v.group_slug = m_summary.slug;
    v.claim = *claim;
    // Confirmations and revisions are news, not disputes waiting to be settled.
    v.open = a.event != "confirmed" && a.event != "revision";
    m_summary.open_alerts += v.open;
    for (const auto& later : delta.claims) {
      if (!v.open || settle(v, later)) break;
    }
    for (const int64_t p : a.prior_claims) {
      const storage::LedgerClaim* prior = find_by_id(delta.claims, p);
      if (!prior) {
        const auto it = std::find_if(delta.priors.begin(), delta.priors.end(),
                                     [&](const storage::LedgerClaim& c) { return c.id == p; });
        if (it != delta.priors.end()) prior = &*it;
      }
      if (prior) v.priors.push_back(*prior);
    }
    m_summary.alerts.push_back(a.id);
    if (v.open) m_open.push_back(m_alerts.size());
    m_alerts.push_back(std::move(v));
  }
  for (const auto& [id, status] : delta.statuses) {
    const auto it = std::lower_bound(m_alerts.begin(), m_alerts.end(), id,
                                     [](const AlertView& v, int64_t i) { return v.alert.id < i; });
    if (it != m_alerts.end() && it->alert.id == id) it->alert.status = status;
  }
  if (!delta.claims.empty()) m_claims_through = std::max(m_claims_through, delta.claims.back().id);
  if (!delta.alerts.empty()) m_alerts_through = std::max(m_alerts_through, delta.alerts.back().id);
  reconcile();
  return true;
}

void GroupSummary::reconcile() {
  if (!m_last_row) return;
  m_summary.scope = m_last_scope;
  std::vector<alerts::Figure> figures;
  if (const auto it = m_origins.find(m_last_scope); it != m_origins.end()) {
    for (const auto& [origin, latest] : it->second) figures.push_back(latest.figure);
  }
  m_summary.reconciled =
      figures.empty() ? std::nullopt : alerts::reconcile(figures, m_summary.agreement);
  // Every force and period's figure now (the newest page lists the others).
  for (const auto& [scope, origins] : m_origins) {
    std::vector<alerts::Figure> of_scope;
    for (const auto& [origin, latest] : origins) of_scope.push_back(latest.figure);
    if (of_scope.empty()) continue;
    if (auto r = alerts::reconcile(of_scope, m_summary.agreement)) m_summary.scopes[scope] = *r;
  }
}

std::vector<int64_t> GroupSummary::unsettled_alerts() const {
  std::vector<int64_t> out;
  for (const auto& v : m_alerts) {
    if (v.alert.status != storage::DeliveryStatus::delivered) out.push_back(v.alert.id);
  }
  return out;
}

}  // namespace nw::report
