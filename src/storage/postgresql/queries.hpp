// The SQL behind each Store and StoreReader method on PostgreSQL (internal to
// storage/postgresql/). Each runs in the given transaction and lets libpqxx's
// exceptions through: the store classes (store.cpp) turn them into StoreError.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "storage/postgresql/connection.hpp"

namespace nw::storage::postgresql {

using Tx = pqxx::transaction_base;

// A feed's columns, in the order read_feed reads them.
inline constexpr const char* k_feed_columns =
    "id, name, url, etag, last_modified, last_status, last_error, "
    "extract(epoch FROM last_fetch)::int8, extract(epoch FROM last_success)::int8, "
    "extract(epoch FROM next_poll)::int8, extract(epoch FROM retry_until)::int8, "
    "consecutive_errors, config_url";

// Reads (reads.cpp).
FeedState read_feed(const pqxx::row& r);
std::optional<FeedState> feed(Connection& c, Tx& tx, int64_t id);
std::vector<FeedState> feeds(Connection& c, Tx& tx);
std::optional<KnownArticle> find_article(Connection& c, Tx& tx, int64_t feed_id,
                                         const std::string& guid);
std::optional<int64_t> find_original_by_url(Connection& c, Tx& tx, const std::string& url);
std::optional<int64_t> find_original_by_hash(Connection& c, Tx& tx, const std::string& hash);
std::vector<ArticleRow> articles(Connection& c, Tx& tx, std::size_t limit);
std::string article_text(Connection& c, Tx& tx, int64_t id);
std::vector<int64_t> near_duplicate_candidates(Connection& c, Tx& tx,
                                               const std::vector<int64_t>& band_keys, Time at,
                                               std::size_t limit);
std::vector<ClaimRow> comparable_claims(Connection& c, Tx& tx, const claims::Claim& claim,
                                        int64_t exclude_article, double window);
bool any_claim_within(Connection& c, Tx& tx, const claims::Claim& claim, int64_t exclude_article,
                      double window, const std::function<bool(const claims::Claim&)>& accept);
std::vector<ClaimRow> claims(Connection& c, Tx& tx, const ClaimFilter& filter);
std::optional<ClaimRow> claim(Connection& c, Tx& tx, int64_t id);
std::vector<claims::Claim> article_claims(Connection& c, Tx& tx, int64_t article_id);
std::vector<AlertRow> alerts(Connection& c, Tx& tx);
std::vector<Delivery> due_deliveries(Connection& c, Tx& tx, Time now, std::size_t limit);
// A delivery from its columns 0..8: alert_id, target, status, attempts,
// next_attempt (epoch), last_error, the alert's uid, body and detected_at (epoch).
Delivery read_delivery(const pqxx::row& row);
std::optional<Time> next_delivery_due(Connection& c, Tx& tx);
StoreCounts counts(Connection& c, Tx& tx);

// The ledger (ledger.cpp).
LedgerData ledger(Connection& c, Tx& tx, std::size_t max_claims);
LedgerData ledger_group(Connection& c, Tx& tx, const std::string& subject,
                        const std::string& metric, const std::optional<std::string>& unit);
LedgerData ledger_group_page(Connection& c, Tx& tx, const std::string& subject,
                             const std::string& metric, const std::optional<std::string>& unit,
                             int64_t from_id, std::size_t limit);
std::vector<LedgerGroupInfo> ledger_groups(Connection& c, Tx& tx);
LedgerGroupDelta ledger_group_since(Connection& c, Tx& tx, const std::string& subject,
                                    const std::string& metric,
                                    const std::optional<std::string>& unit, int64_t after_claim,
                                    int64_t after_alert, const std::vector<int64_t>& recheck);
std::string change_token(Connection& c, Tx& tx);

// Writes (writes.cpp).
int64_t ensure_feed(Connection& c, Tx& tx, const std::string& name, const std::string& url);
void record_fetch(Connection& c, Tx& tx, int64_t feed_id, const FetchRecord& record);
std::optional<std::string> record_redirect(Connection& c, Tx& tx, int64_t feed_id,
                                           const std::string& target, int threshold);
StoredArticle insert_article(Connection& c, Tx& tx, int64_t feed_id, const NewArticle& article,
                             std::optional<int64_t> duplicate_of);
void update_article(Connection& c, Tx& tx, int64_t id, const NewArticle& article);
void insert_fingerprint(Connection& c, Tx& tx, int64_t article_id, Time fetched_at,
                        const std::vector<int64_t>& band_keys);
int64_t insert_claim(Connection& c, Tx& tx, int64_t article_id, const claims::Claim& claim);
int64_t insert_alert(Connection& c, Tx& tx, const NewAlert& alert,
                     const std::vector<std::string>& targets);
std::vector<Delivery> lease_deliveries(Connection& c, Tx& tx, Time now, std::size_t limit,
                                       std::chrono::seconds visibility);
bool record_delivery(Connection& c, Tx& tx, const Delivery& delivery);
bool retry_alert(Connection& c, Tx& tx, int64_t alert_id);
void lock_groups(Connection& c, Tx& tx, std::vector<GroupKey> groups);

// The keys lock_groups locks and the stripes lock_bands locks, sorted and once each.
std::vector<std::string> group_lock_keys(std::vector<GroupKey> groups);
std::vector<int64_t> band_stripes(const std::vector<int64_t>& band_keys);

// A batch's lookups and inserts, one statement each (batch.cpp).
std::vector<std::optional<KnownArticle>> find_articles(Connection& c, Tx& tx, int64_t feed_id,
                                                       const std::vector<std::string>& guids);
std::vector<OriginalMatch> find_originals(Connection& c, Tx& tx,
                                          const std::vector<OriginalKey>& keys);
std::vector<std::vector<int64_t>> find_near_duplicates(Connection& c, Tx& tx,
                                                       const std::vector<BandQuery>& texts,
                                                       std::size_t limit);
std::map<int64_t, std::string> article_texts(Connection& c, Tx& tx,
                                             const std::vector<int64_t>& ids);
std::map<int64_t, std::vector<claims::Claim>> claims_of_articles(Connection& c, Tx& tx,
                                                                 const std::vector<int64_t>& ids);
std::vector<StoredArticle> insert_articles(Connection& c, Tx& tx, int64_t feed_id,
                                           const std::vector<ArticleInsert>& rows);
void insert_fingerprints(Connection& c, Tx& tx, const std::vector<FingerprintInsert>& rows);
std::vector<int64_t> insert_claims(Connection& c, Tx& tx, const std::vector<ClaimInsert>& rows);
void lock_batch(Connection& c, Tx& tx, std::vector<GroupKey> groups,
                const std::vector<int64_t>& band_keys);
// The claims and alerts of each group, in order, as ledger_group reads them
// (copies left out), in one statement for the claims and one for the alerts (ledger.cpp).
std::vector<LedgerData> judging_groups(Connection& c, Tx& tx,
                                       const std::vector<ClaimGroup>& groups);
// Store::judging_priors (judging.cpp), open_alert_claims and article_group_claims (ledger.cpp).
std::vector<PriorClaim> judging_priors(Connection& c, Tx& tx, const PriorScan& scan,
                                       std::size_t limit);
std::vector<LedgerClaim> open_alert_claims(Connection& c, Tx& tx, const ClaimGroup& group);
std::vector<LedgerClaim> article_group_claims(Connection& c, Tx& tx, int64_t article_id,
                                              const ClaimGroup& group);

// Feed leases (leases.cpp).
std::vector<FeedLease> lease_feeds(Connection& c, Tx& tx, const std::vector<int64_t>& feed_ids,
                                   Time now, std::size_t limit, std::chrono::seconds duration,
                                   int per_host);
bool release_feed(Connection& c, Tx& tx, int64_t feed_id, int64_t token);
std::size_t renew_leases(Connection& c, Tx& tx, std::chrono::seconds duration);
// The same for this session's delivery leases (lease_deliveries, writes.cpp).
std::size_t renew_delivery_leases(Connection& c, Tx& tx, std::chrono::seconds visibility);
// Writes the host (fetchers::host_key) of every feed stored without one.
void fill_hosts(Connection& c, Tx& tx);
void lock_bands(Connection& c, Tx& tx, const std::vector<int64_t>& band_keys);

// Retention (retention.cpp).
PruneStats prune(Connection& c, Tx& tx, Time cutoff, std::size_t batch);
PruneStats prune_preview(Connection& c, Tx& tx, Time cutoff);

}  // namespace nw::storage::postgresql
