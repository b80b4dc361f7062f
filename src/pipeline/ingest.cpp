#include "pipeline/ingest.hpp"

#include <map>
#include <set>

#include "pipeline/judge.hpp"
#include "pipeline/origins.hpp"
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

// A claim to store and judge, in batch order.
struct NewClaim {
  std::size_t entry;  // index into the batch
  int64_t article_id;
  const claims::Claim* claim;
  bool revised;  // from a new version of its article
};

// Whether each entry was seen before: stored in this feed, or listed earlier
// in this batch under the same guid (a feed that lists an item twice: the
// first is stored, the others are left as unchanged).
struct Seen {
  std::vector<std::optional<storage::KnownArticle>> stored;
  std::vector<bool> repeated;
};

Seen look_up_guids(storage::Store& store, int64_t feed_id,
                   const std::vector<PreparedArticle>& articles) {
  std::vector<std::string> guids;
  for (const auto& p : articles) guids.push_back(p.article.guid);
  Seen seen{store.find_articles(feed_id, guids), std::vector<bool>(articles.size())};
  std::set<std::string> first;
  for (std::size_t i = 0; i < articles.size(); ++i) {
    seen.repeated[i] = !seen.stored[i] && !first.insert(guids[i]).second;
  }
  return seen;
}

// Another writer storing figures of the same groups, or a text like one of
// these, waits for this one to commit, so each sees the other's figures as
// priors and its text as an original (PostgreSQL). A batch with nothing new
// or changed locks nothing; one with new entries also waits for any other
// writer's batch, and then looks their guids up again: a writer polling the
// same feed may have stored them meanwhile, and they are then known, not new.
void lock_batch(storage::Store& store, int64_t feed_id, std::vector<PreparedArticle>& articles,
                Seen& seen) {
  std::vector<storage::GroupKey> groups;
  std::vector<int64_t> bands;
  std::vector<std::size_t> fresh;
  bool changed = false;
  for (std::size_t i = 0; i < articles.size(); ++i) {
    auto& prepared = articles[i];
    const auto& known = seen.stored[i];
    if (seen.repeated[i] || (known && known->content_hash == prepared.article.content_hash))
      continue;
    changed = true;
    if (!known) {
      fresh.push_back(i);
      if (prepared.band_keys.empty()) fingerprint(prepared);
    }
    for (const auto& c : prepared.claims)
      groups.push_back({c.subject, c.metric, c.unit.value_or("")});
    if (!known) bands.insert(bands.end(), prepared.band_keys.begin(), prepared.band_keys.end());
  }
  if (!changed) return;
  store.lock_batch(groups, bands);
  if (fresh.empty()) return;
  std::vector<std::string> guids;
  for (const std::size_t i : fresh) guids.push_back(articles[i].article.guid);
  auto again = store.find_articles(feed_id, guids);
  for (std::size_t k = 0; k < fresh.size(); ++k) seen.stored[fresh[k]] = std::move(again[k]);
}

// Stores the claims, then judges each in batch order (pipeline/judge.hpp):
// every group read once for the batch, each claim judged against the figures
// stored before it, those of earlier entries of the batch included.
void store_claims(storage::Store& store, const std::vector<NewClaim>& fresh,
                  const std::vector<PreparedArticle>& articles, const IngestPolicy& policy,
                  IngestStats& stats) {
  if (fresh.empty()) return;
  std::vector<storage::ClaimInsert> rows;
  std::set<storage::ClaimGroup> groups;
  for (const auto& c : fresh) {
    rows.push_back({c.article_id, *c.claim});
    groups.insert({c.claim->subject, c.claim->metric, c.claim->unit});
  }
  const auto ids = store.insert_claims(rows);
  store.prepare_judging({groups.begin(), groups.end()});
  for (std::size_t k = 0; k < fresh.size(); ++k) {
    const auto& c = fresh[k];
    ++stats.claims;
    stats.claim_ids.push_back(ids[k]);
    const auto alerts = judge_claim(store, *c.claim, ids[k], c.article_id, c.revised,
                                    articles[c.entry].claims, policy);
    stats.alerts += static_cast<int>(alerts.size());
    stats.alert_ids.insert(stats.alert_ids.end(), alerts.begin(), alerts.end());
  }
}

// Stores the batch's new entries (`fresh`, at `entries` in the batch), each as
// a duplicate of what it copies or as an original with its band keys; returns
// the id of each entry stored as an original, by batch index.
std::vector<std::optional<int64_t>> store_new(storage::Store& store, int64_t feed_id,
                                              const std::vector<PreparedArticle*>& fresh,
                                              const std::vector<std::size_t>& entries,
                                              std::size_t batch_size, IngestStats& stats) {
  const auto origins = find_origins(store, fresh);
  std::vector<storage::ArticleInsert> rows;
  for (std::size_t k = 0; k < fresh.size(); ++k) {
    rows.push_back({&fresh[k]->article, origins[k].stored, origins[k].entry});
  }
  const auto stored = store.insert_articles(feed_id, rows);
  std::vector<std::optional<int64_t>> originals(batch_size);
  std::vector<storage::FingerprintInsert> fingerprints;
  for (std::size_t k = 0; k < fresh.size(); ++k) {
    if (stored[k].duplicate_of) {
      ++stats.duplicates;
      continue;
    }
    ++stats.new_articles;
    originals[entries[k]] = stored[k].id;
    fingerprints.push_back({stored[k].id, fresh[k]->article.fetched_at, fresh[k]->band_keys});
  }
  store.insert_fingerprints(fingerprints);
  return originals;
}

}  // namespace

// The feed's name is not needed here any more: alerts read it with their group.
// The store is asked per batch, not per entry (one round trip each on
// PostgreSQL): the guids, the locks, then new versions (so that the lookups
// see their texts), the originals of the new entries, the inserts, the claims.
IngestStats ingest(storage::Store& store, int64_t feed_id, const std::string& /*feed_name*/,
                   std::vector<PreparedArticle>& articles, const IngestPolicy& policy) {
  IngestStats stats;
  Seen seen = look_up_guids(store, feed_id, articles);
  lock_batch(store, feed_id, articles, seen);

  // Known articles with changed content become their next version; those
  // that are originals gain the figures they did not state before.
  std::vector<int64_t> changed(articles.size());  // the known article's id, or 0
  std::vector<int64_t> changed_originals;
  std::vector<PreparedArticle*> fresh;
  std::vector<std::size_t> fresh_entries;
  for (std::size_t i = 0; i < articles.size(); ++i) {
    const auto& known = seen.stored[i];
    if (seen.repeated[i] || (known && known->content_hash == articles[i].article.content_hash)) {
      ++stats.unchanged;
    } else if (known) {
      store.update_article(known->id, articles[i].article);
      ++stats.updated;
      if (!known->duplicate_of) {
        changed[i] = known->id;
        changed_originals.push_back(known->id);
      }
    } else {
      fresh.push_back(&articles[i]);
      fresh_entries.push_back(i);
    }
  }
  const auto stated_before = changed_originals.empty()
                                 ? std::map<int64_t, std::vector<claims::Claim>>{}
                                 : store.claims_of_articles(changed_originals);
  const auto originals = store_new(store, feed_id, fresh, fresh_entries, articles.size(), stats);

  // The claims of new originals and of new versions, in batch order.
  std::vector<NewClaim> claims;
  for (std::size_t i = 0; i < articles.size(); ++i) {
    if (const auto id = originals[i]) {
      for (const auto& c : articles[i].claims) claims.push_back({i, *id, &c, false});
    } else if (changed[i]) {
      const auto& before = stated_before.at(changed[i]);
      for (const auto& c : articles[i].claims) {
        if (!figures_known({c}, before)) claims.push_back({i, changed[i], &c, true});
      }
    }
  }
  store_claims(store, claims, articles, policy, stats);
  return stats;
}

}  // namespace nw::pipeline
