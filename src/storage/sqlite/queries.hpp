// The SQL behind each Store and StoreReader method (internal to storage/sqlite/).
// Each runs on the given connection and lets SQLite's exceptions through:
// the store classes (store.cpp) turn them into StoreError.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "storage/sqlite/connection.hpp"

namespace nw::storage::sqlite {

// Reads (reads.cpp).
std::optional<FeedState> feed(Connection& c, int64_t id);
std::vector<FeedState> feeds(Connection& c);
std::optional<KnownArticle> find_article(Connection& c, int64_t feed_id, const std::string& guid);
std::optional<int64_t> find_original_by_url(Connection& c, const std::string& canonical_url);
std::optional<int64_t> find_original_by_hash(Connection& c, const std::string& content_hash);
std::vector<ArticleRow> articles(Connection& c, std::size_t limit);
std::string article_text(Connection& c, int64_t id);
std::vector<int64_t> near_duplicate_candidates(Connection& c, const std::vector<int64_t>& band_keys,
                                               Time at, std::size_t limit);
// The same over the given (span, key) pairs alone.
std::vector<int64_t> near_duplicate_candidates(
    Connection& c, const std::vector<std::pair<int64_t, int64_t>>& span_keys, std::size_t limit);
std::vector<ClaimRow> comparable_claims(Connection& c, const claims::Claim& claim,
                                        int64_t exclude_article, double window);
bool any_claim_within(Connection& c, const claims::Claim& claim, int64_t exclude_article,
                      double window, const std::function<bool(const claims::Claim&)>& accept);
std::vector<ClaimRow> claims(Connection& c, const ClaimFilter& filter);
std::optional<ClaimRow> claim(Connection& c, int64_t id);
std::vector<claims::Claim> article_claims(Connection& c, int64_t article_id);
std::vector<AlertRow> alerts(Connection& c);
std::vector<Delivery> due_deliveries(Connection& c, Time now, std::size_t limit);
std::optional<Time> next_delivery_due(Connection& c);
StoreCounts counts(Connection& c);

// The ledger (ledger.cpp).
LedgerData ledger(Connection& c, std::size_t max_claims);
// `copies` false leaves the copies out (judging never reads them).
LedgerData ledger_group(Connection& c, const std::string& subject, const std::string& metric,
                        const std::optional<std::string>& unit, bool copies = true);
LedgerData ledger_group_page(Connection& c, const std::string& subject, const std::string& metric,
                             const std::optional<std::string>& unit, int64_t from_id,
                             std::size_t limit);
std::vector<LedgerGroupInfo> ledger_groups(Connection& c);
std::vector<PriorClaim> judging_priors(Connection& c, const PriorScan& scan, std::size_t limit);
std::vector<LedgerClaim> open_alert_claims(Connection& c, const ClaimGroup& group);
std::vector<LedgerClaim> article_group_claims(Connection& c, int64_t article_id,
                                              const ClaimGroup& group);
LedgerGroupDelta ledger_group_since(Connection& c, const std::string& subject,
                                    const std::string& metric,
                                    const std::optional<std::string>& unit, int64_t after_claim,
                                    int64_t after_alert, const std::vector<int64_t>& recheck);
std::string change_token(Connection& c);

// Writes (writes.cpp).
int64_t ensure_feed(Connection& c, const std::string& name, const std::string& url);
void record_fetch(Connection& c, int64_t feed_id, const FetchRecord& record);
std::optional<std::string> record_redirect(Connection& c, int64_t feed_id,
                                           const std::string& target, int threshold);
int64_t insert_article(Connection& c, int64_t feed_id, const NewArticle& article,
                       std::optional<int64_t> duplicate_of);
void update_article(Connection& c, int64_t id, const NewArticle& article);
// Files the keys in near_duplicate_keys, or stages them (near_duplicate_staged)
// for merge_staged_keys to file.
void insert_fingerprint(Connection& c, int64_t article_id, Time fetched_at,
                        const std::vector<int64_t>& band_keys, bool staged);
// How many keys are staged.
int64_t staged_keys(Connection& c);
// Moves the staged keys into near_duplicate_keys, in key order; outside a
// transaction, in one of its own that does not check each key's article.
void merge_staged_keys(Connection& c);
int64_t insert_claim(Connection& c, int64_t article_id, const claims::Claim& claim);
int64_t insert_alert(Connection& c, const NewAlert& alert, const std::vector<std::string>& targets);
bool record_delivery(Connection& c, const Delivery& delivery);
bool retry_alert(Connection& c, int64_t alert_id);

// Retention (retention.cpp).
PruneStats prune(Connection& c, Time cutoff, std::size_t batch);
PruneStats prune_preview(Connection& c, Time cutoff);
int64_t reclaim_space(Connection& c, std::size_t max_pages, bool convert);

// An alert's status over all its deliveries, as one SQL expression over `d`
// (deliveries LEFT JOINed and grouped by alert): written once, read by alerts() and ledger().
inline constexpr const char* k_alert_status_sql =
    "CASE WHEN sum(d.status = 'failed') > 0 THEN 'failed' "
    "WHEN sum(d.status = 'pending') > 0 THEN 'pending' ELSE 'delivered' END";

// The status a column holds (as k_alert_status_sql or deliveries.status writes it).
inline DeliveryStatus col_status(const SQLite::Column& col) {
  return delivery_status_from(col.getString()).value_or(DeliveryStatus::pending);
}

}  // namespace nw::storage::sqlite
