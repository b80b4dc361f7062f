#include "report/ledger.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <unordered_map>

#include "alerts/divergence.hpp"
#include "report/folding.hpp"
#include "report/series.hpp"
#include "util/text.hpp"

namespace nw::report {
namespace {

constexpr std::size_t k_max_slug = 80;

// The group's entries; its claims are moved into them.
Group make_group(const GroupKey& key, const std::vector<storage::LedgerClaim*>& claims) {
  Group g;
  g.key = key;
  std::map<FoldKey, std::size_t> folded;
  for (auto* c : claims) {
    auto [it, fresh] = folded.emplace(fold_key(*c), g.entries.size());
    if (fresh) {
      Entry e;
      e.claim = c->claim;
      e.source = source_of(*c);
      g.entries.push_back(std::move(e));
      if (std::find(g.sources.begin(), g.sources.end(), g.entries.back().source) ==
          g.sources.end()) {
        g.sources.push_back(g.entries.back().source);
      }
    }
    g.entries[it->second].reports.push_back(std::move(*c));
  }
  for (auto& e : g.entries) date_entry(e);
  g.figures = g.entries.size();
  g.reports = claims.size();
  std::stable_sort(g.entries.begin(), g.entries.end(), [](const Entry& a, const Entry& b) {
    if (a.date.has_value() != b.date.has_value()) return a.date.has_value();
    return a.date && *a.date < *b.date;
  });
  return g;
}

// The group's reconciled figure now and as of each date, for the force and
// period of its latest report (report/series.hpp walks the dates), and every
// other force and period's figure now.
void reconcile_group(Group& g, const std::vector<storage::LedgerClaim*>& claims) {
  std::vector<storage::LedgerClaim> copies;
  copies.reserve(claims.size());
  for (const auto* c : claims) copies.push_back(*c);
  const auto rows = build_series(copies, g.agreement);
  if (rows.empty()) return;
  g.scope = alerts::group_key(rows.back().claim.claim);
  for (const auto& r : rows)
    if (r.reconciled) g.scopes[alerts::group_key(r.claim.claim)] = *r.reconciled;
  for (const auto& r : rows) {
    if (!r.reconciled || alerts::group_key(r.claim.claim) != g.scope) continue;
    if (!g.band.empty() && g.band.back().date == r.date)
      g.band.back().reconciled = *r.reconciled;
    else
      g.band.push_back({r.date, *r.reconciled});
  }
  if (!g.band.empty()) g.reconciled = g.band.back().reconciled;
}

}  // namespace

const Entry* Group::latest() const {
  const Entry* best = nullptr;
  for (const auto& e : entries) {
    if (!best || (e.date && (!best->date || *e.date >= *best->date))) best = &e;
  }
  return best;
}

Group summary_of(const Group& group) {
  Group s;
  s.key = group.key;
  s.slug = group.slug;
  s.sources = group.sources;
  s.alerts = group.alerts;
  s.open_alerts = group.open_alerts;
  s.figures = group.figures;
  s.reports = group.reports;
  s.reconciled = group.reconciled;
  s.scope = group.scope;
  s.scopes = group.scopes;
  s.agreement = group.agreement;
  s.complete = false;
  if (const Entry* latest = group.latest()) {
    // What the index shows of it: the figure, its date and source, its first report.
    Entry e;
    e.claim = latest->claim;
    e.date = latest->date;
    e.date_end = latest->date_end;
    e.date_kind = latest->date_kind;
    e.source = latest->source;
    if (!latest->reports.empty()) e.reports.push_back(latest->reports.front());
    s.entries.push_back(std::move(e));
  }
  return s;
}

const Group* Ledger::find(std::string_view slug) const {
  for (const auto& g : groups) {
    if (g.slug == slug) return &g;
  }
  return nullptr;
}

std::string group_slug(const GroupKey& key) {
  const std::string full = key.subject + "\x1f" + key.metric + "\x1f" + key.unit.value_or("");
  std::string slug;
  bool plain = true;
  for (const std::string* part : {&key.subject, &key.metric}) {
    if (!slug.empty()) slug += '-';
    for (const char ch : *part) {
      const auto c = static_cast<unsigned char>(ch);
      if (std::isalnum(c)) {
        slug += static_cast<char>(std::tolower(c));
      } else {
        // Spaces and underscores read as '-'; anything else loses information.
        if (c != ' ' && c != '_') plain = false;
        if (!slug.empty() && slug.back() != '-') slug += '-';
      }
    }
  }
  if (key.unit) {
    slug += '-';
    for (const char ch : *key.unit) {
      const auto c = static_cast<unsigned char>(ch);
      if (std::isalnum(c)) {
        slug += static_cast<char>(std::tolower(c));
      } else {
        plain = false;
      }
    }
  }
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  if (slug.size() > k_max_slug) {
    slug.resize(k_max_slug);
    plain = false;
  }
  if (plain && !slug.empty()) return slug;
  // FNV-1a of the exact key: stable across runs and machines.
  uint32_t h = 2166136261u;
  for (const char c : full) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
  char buf[12];
  std::snprintf(buf, sizeof buf, "%08x", h);
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  return slug.empty() ? std::string("group-") + buf : slug + "-" + buf;
}

Ledger build_ledger(storage::LedgerData data, const Tolerance& tolerance, Time generated_at) {
  Ledger out;
  out.claims = data.claims.size();
  out.generated_at = generated_at;

  // The copies of each article: the chain of every figure read from it.
  std::map<int64_t, std::vector<storage::LedgerCopy>> copies;
  for (auto& copy : data.copies) copies[copy.original_id].push_back(std::move(copy));
  std::map<GroupKey, std::vector<storage::LedgerClaim*>> by_key;
  for (auto& c : data.claims) by_key[{c.claim.subject, c.claim.metric, c.claim.unit}].push_back(&c);
  std::set<std::string> slugs;
  for (const auto& [key, claims] : by_key) {
    Group g;
    g.agreement = {tolerance(key.metric), tolerance.open_bound_factor};
    reconcile_group(g, claims);  // before make_group moves the claims into its entries
    {
      Group made = make_group(key, claims);
      made.agreement = g.agreement;
      made.reconciled = g.reconciled;
      made.scope = std::move(g.scope);
      made.scopes = std::move(g.scopes);
      made.band = std::move(g.band);
      g = std::move(made);
    }
    for (auto& e : g.entries) {
      for (const auto& r : e.reports) {
        const auto it = copies.find(r.article_id);
        if (it != copies.end())
          e.copies.insert(e.copies.end(), it->second.begin(), it->second.end());
      }
    }
    g.slug = group_slug(key);
    // A plain slug taken by an earlier group (case alone differed): hash it too.
    if (slugs.count(g.slug)) g.slug = group_slug({key.subject + "\x1f", key.metric, key.unit});
    slugs.insert(g.slug);
    out.groups.push_back(std::move(g));
  }

  // Claim id -> where it now lives. Stable: no group or entry is added after this.
  struct Place {
    Group* group;
    Entry* entry;
    const storage::LedgerClaim* claim;
  };
  std::unordered_map<int64_t, Place> place;
  for (auto& g : out.groups) {
    for (auto& e : g.entries) {
      for (const auto& r : e.reports) place[r.id] = {&g, &e, &r};
    }
  }
  for (auto& a : data.alerts) {
    AlertView v;
    v.alert = a;
    if (const auto it = place.find(a.claim_id); it != place.end()) {
      const auto [group, entry, claim] = it->second;
      v.claim = *claim;
      v.group_slug = group->slug;
      entry->alerts.push_back(a.id);
      group->alerts.push_back(a.id);
      const std::string source = ascii_lower(entry->source);
      // Confirmations and revisions are news, not disputes waiting to be settled.
      if (a.event == "confirmed" || a.event == "revision") v.open = false;
      for (const auto& e : group->entries) {
        if (!v.open) break;
        if (ascii_lower(e.source) == source) continue;
        for (const auto& later : e.reports) {
          if (later.id > a.claim_id && later.article_id != claim->article_id &&
              agrees(later.claim, claim->claim, tolerance(a.metric))) {
            v.open = false;
            break;
          }
        }
      }
      group->open_alerts += v.open;
      if (v.open) entry->open_alerts.push_back(a.id);
    }
    for (const int64_t p : a.prior_claims) {
      if (const auto it = place.find(p); it != place.end()) {
        v.priors.push_back(*it->second.claim);
        it->second.entry->prior_of.push_back(a.id);
      }
    }
    out.alerts.push_back(std::move(v));
  }
  std::reverse(out.alerts.begin(), out.alerts.end());
  return out;
}

}  // namespace nw::report
