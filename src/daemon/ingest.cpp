#include "daemon/ingest.hpp"

#include <spdlog/spdlog.h>

#include "alerts/alert.hpp"
#include "alerts/divergence.hpp"
#include "storage/store.hpp"

namespace nw::daemon {

IngestStats& IngestStats::operator+=(const IngestStats& o) {
  new_articles += o.new_articles;
  duplicates += o.duplicates;
  unchanged += o.unchanged;
  claims += o.claims;
  alerts += o.alerts;
  return *this;
}

namespace {

// Stores one claim of an original article and, if it diverges from every
// earlier report, its alert.
void store_claim(storage::Store& store, const claims::Claim& claim, int64_t article_id,
                 const PreparedArticle& prepared, const std::string& feed_name,
                 const IngestPolicy& policy, IngestStats& stats) {
  const int64_t claim_id = store.insert_claim(article_id, claim);
  ++stats.claims;
  const auto priors = store.comparable_claims(claim, article_id);
  const auto it = policy.metric_tolerance.find(claim.metric);
  const double tolerance = it == policy.metric_tolerance.end() ? policy.tolerance : it->second;
  const auto divergence = alerts::find_divergence(claim, priors, tolerance);
  if (!divergence) return;

  storage::ClaimRow row;
  row.id = claim_id;
  row.article_id = article_id;
  row.url = prepared.article.url;
  row.article_title = prepared.article.title;
  row.feed = feed_name;
  row.published = prepared.article.published;
  row.claim = claim;
  storage::NewAlert alert;
  alert.uid = alerts::new_alert_uid();
  alert.claim_id = claim_id;
  alert.subject = claim.subject;
  alert.metric = claim.metric;
  alert.unit = claim.unit.value_or("");
  alert.difference = divergence->difference;
  alert.detected_at = now();
  alert.body = alerts::alert_body(alert.uid, alert.detected_at, alert.difference, row,
                                  {priors[divergence->nearest]})
                   .dump();
  store.insert_alert(alert, policy.alert_targets);
  ++stats.alerts;
  spdlog::info("alert.raised feed={} subject={} metric={} value={} prior={} difference={:.2f}",
               feed_name, claim.subject, claim.metric, claim.value,
               priors[divergence->nearest].claim.value, divergence->difference);
}

}  // namespace

IngestStats ingest(storage::Store& store, int64_t feed_id, const std::string& feed_name,
                   const std::vector<PreparedArticle>& articles, const IngestPolicy& policy) {
  IngestStats stats;
  for (const auto& prepared : articles) {
    const auto& a = prepared.article;
    if (store.find_article(feed_id, a.guid)) {
      ++stats.unchanged;
      continue;
    }
    // Across feeds the same story is known by its canonical URL, else its text.
    auto original = store.find_original_by_url(a.canonical_url);
    if (!original) original = store.find_original_by_hash(a.content_hash);
    const int64_t id = store.insert_article(feed_id, a, original);
    if (original) {
      ++stats.duplicates;
      continue;
    }
    ++stats.new_articles;
    for (const auto& claim : prepared.claims) {
      store_claim(store, claim, id, prepared, feed_name, policy, stats);
    }
  }
  return stats;
}

}  // namespace nw::daemon
