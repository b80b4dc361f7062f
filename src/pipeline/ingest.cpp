#include "pipeline/ingest.hpp"

#include <algorithm>

#include "dedup/fingerprint.hpp"
#include "pipeline/judge.hpp"
#include "storage/store.hpp"

namespace nw::pipeline {

IngestStats& IngestStats::operator+=(const IngestStats& o) {
  new_articles += o.new_articles;
  duplicates += o.duplicates;
  unchanged += o.unchanged;
  claims += o.claims;
  alerts += o.alerts;
  updated += o.updated;
  claim_ids.insert(claim_ids.end(), o.claim_ids.begin(), o.claim_ids.end());
  alert_ids.insert(alert_ids.end(), o.alert_ids.begin(), o.alert_ids.end());
  return *this;
}

namespace {

// Stores one claim of an original article and the alerts it raises
// (pipeline/judge.hpp); `revised` when it comes from a new version of the article.
void store_claim(storage::Store& store, const claims::Claim& claim, int64_t article_id,
                 const PreparedArticle& prepared, bool revised, const IngestPolicy& policy,
                 IngestStats& stats) {
  const int64_t claim_id = store.insert_claim(article_id, claim);
  ++stats.claims;
  stats.claim_ids.push_back(claim_id);
  const auto alerts =
      judge_claim(store, claim, claim_id, article_id, revised, prepared.claims, policy);
  stats.alerts += static_cast<int>(alerts.size());
  stats.alert_ids.insert(stats.alert_ids.end(), alerts.begin(), alerts.end());
}

// Whether every figure of `fresh` is among `known` (same subject, metric, value):
// a copy that states a new figure is news, not a duplicate.
bool figures_known(const std::vector<claims::Claim>& fresh,
                   const std::vector<claims::Claim>& known) {
  for (const auto& c : fresh) {
    const bool found = std::any_of(known.begin(), known.end(), [&](const claims::Claim& k) {
      return k.subject == c.subject && k.metric == c.metric && k.value == c.value &&
             k.unit == c.unit;
    });
    if (!found) return false;
  }
  return true;
}

// The original this article copies, by canonical URL, exact text, or near-duplicate text.
std::optional<int64_t> find_original(storage::Store& store, PreparedArticle& prepared) {
  const auto& a = prepared.article;
  if (auto id = store.find_original_by_url(a.canonical_url)) return id;
  if (auto id = store.find_original_by_hash(a.content_hash)) return id;
  if (prepared.band_keys.empty()) fingerprint(prepared);
  for (const int64_t candidate :
       store.near_duplicate_candidates(prepared.band_keys, a.fetched_at)) {
    const auto o = dedup::overlap(prepared.body, store.article_text(candidate));
    if (dedup::is_near_duplicate(o) &&
        figures_known(prepared.claims, store.article_claims(candidate))) {
      return candidate;
    }
  }
  return std::nullopt;
}

// A known article whose content changed: stored as its next version, and the
// claims it did not state before are added (and may alert).
void store_new_version(storage::Store& store, int64_t id, const PreparedArticle& prepared,
                       const IngestPolicy& policy, bool is_duplicate, IngestStats& stats) {
  store.update_article(id, prepared.article);
  ++stats.updated;
  if (is_duplicate) return;
  const auto before = store.article_claims(id);
  for (const auto& claim : prepared.claims) {
    if (!figures_known({claim}, before)) {
      store_claim(store, claim, id, prepared, true, policy, stats);
    }
  }
}

}  // namespace

// The feed's name is not needed here any more: alerts read it with their group.
IngestStats ingest(storage::Store& store, int64_t feed_id, const std::string& /*feed_name*/,
                   std::vector<PreparedArticle>& articles, const IngestPolicy& policy) {
  IngestStats stats;
  std::vector<std::optional<storage::KnownArticle>> known;
  for (const auto& prepared : articles) {
    known.push_back(store.find_article(feed_id, prepared.article.guid));
  }
  // Another writer storing figures of the same groups, or a text like one of
  // these, waits for this one to commit, so each sees the other's figures as
  // priors and its text as an original (PostgreSQL). Unchanged entries lock nothing.
  std::vector<storage::GroupKey> groups;
  std::vector<int64_t> bands;
  for (std::size_t i = 0; i < articles.size(); ++i) {
    auto& prepared = articles[i];
    if (known[i] && known[i]->content_hash == prepared.article.content_hash) continue;
    if (!known[i] && prepared.band_keys.empty()) fingerprint(prepared);
    for (const auto& c : prepared.claims)
      groups.push_back({c.subject, c.metric, c.unit.value_or("")});
    if (!known[i]) bands.insert(bands.end(), prepared.band_keys.begin(), prepared.band_keys.end());
  }
  store.lock_groups(groups);
  store.lock_bands(bands);
  for (std::size_t i = 0; i < articles.size(); ++i) {
    auto& prepared = articles[i];
    const auto& a = prepared.article;
    if (const auto& k = known[i]) {
      const auto* known_article = &*k;
      if (known_article->content_hash == a.content_hash) {
        ++stats.unchanged;
      } else {
        store_new_version(store, known_article->id, prepared, policy,
                          known_article->duplicate_of.has_value(), stats);
      }
      continue;
    }
    const auto stored = store.insert_article(feed_id, a, find_original(store, prepared));
    const int64_t id = stored.id;
    if (stored.duplicate_of) {
      ++stats.duplicates;
      continue;
    }
    ++stats.new_articles;
    store.insert_fingerprint(id, a.fetched_at, prepared.band_keys);
    for (const auto& claim : prepared.claims) {
      store_claim(store, claim, id, prepared, false, policy, stats);
    }
  }
  return stats;
}

}  // namespace nw::pipeline
