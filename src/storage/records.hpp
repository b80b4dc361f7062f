// Value types that cross the storage boundary.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "claims/claim.hpp"
#include "util/time.hpp"

namespace nw::storage {

// Where an alert's delivery to one target stands (and, over all its targets,
// the alert's: failed if any failed, else pending if any is pending).
enum class DeliveryStatus { pending, delivered, failed };

// "pending", "delivered", "failed": the one place the status becomes text.
const char* to_string(DeliveryStatus status);
// The status a to_string() text stands for; nullopt for any other text.
std::optional<DeliveryStatus> delivery_status_from(std::string_view text);

struct FeedState {
  int64_t id = 0;
  std::string name;
  std::string url;
  std::string etag;
  std::string last_modified;
  std::optional<int> last_status;  // HTTP status, 0 for file:// reads
  std::string last_error;
  std::optional<Time> last_fetch;
  std::optional<Time> last_success;
  std::optional<Time> next_poll;
  std::optional<Time> retry_until;  // a server's Retry-After
  int consecutive_errors = 0;
  std::string config_url;  // the URL configured when `url` was last set from the config
};

// A feed leased to this writer (Store::lease_feeds): its fetch state as stored
// when leased (another writer may have polled it since this one last did), and
// the token its poll's result is stored under (Store::release_feed).
struct FeedLease {
  FeedState feed;
  int64_t token = 0;
  bool takeover = false;  // the lease before was never released: its writer died or let it lapse
};

// The outcome of one fetch, as stored.
struct FetchRecord {
  bool success = false;
  std::optional<int> status;
  std::string error;
  std::string etag;           // kept when empty
  std::string last_modified;  // kept when empty
  Time fetched_at{};
  std::optional<Time> next_poll;
  std::optional<Time> retry_until;
  std::string redirected_to;  // a successful fetch's permanent redirect (Store::record_redirect)
};

struct NewArticle {
  std::string guid;
  std::string url;
  std::string canonical_url;
  std::string title;
  std::string author;
  std::optional<Time> published;
  Time fetched_at{};
  std::string content;
  std::string text;
  std::string content_hash;  // of the normalized text (dedup)
  std::string language;      // "en", "ru", "uk", "be": the feed's or detected; "" unknown
};

struct KnownArticle {
  int64_t id = 0;
  std::string content_hash;
  std::optional<int64_t> duplicate_of;
};

// What Store::insert_article stored: the new id, and the original it copies.
struct StoredArticle {
  int64_t id = 0;
  std::optional<int64_t> duplicate_of;
};

// One subject/metric/unit group of claims (a missing unit is "").
struct GroupKey {
  std::string subject, metric, unit;
  auto operator<=>(const GroupKey&) const = default;
};

struct ArticleRow {
  int64_t id = 0;
  std::string feed;
  std::string url;
  std::string canonical_url;
  std::string guid;
  std::string title;
  std::optional<Time> published;
  Time fetched_at{};
  std::optional<int64_t> duplicate_of;
  int64_t claims = 0;
  int version = 1;       // goes up each time the article is seen with changed content
  std::string language;  // as NewArticle::language
};

struct ClaimRow {
  int64_t id = 0;
  int64_t article_id = 0;
  std::string url;
  std::string article_title;
  std::string feed;
  std::optional<Time> published;
  claims::Claim claim;
};

struct ClaimFilter {
  std::string subject;  // "" = any (case-insensitive)
  std::string metric;
  int64_t after_id = 0;  // only claims with a larger id
  // Paging, newest first: with `limit` > 0, only the newest `limit` claims
  // (below `before_id` when set), still returned oldest first; the read then
  // costs what it returns, per group of the subject, not the subject's claims.
  int64_t before_id = 0;  // 0 = no bound
  std::size_t limit = 0;  // 0 = every claim
};

struct NewAlert {
  std::string uid;  // the webhook-id: stable across retries
  std::string event = "divergence";
  int64_t claim_id = 0;
  std::string subject;
  std::string metric;
  std::string unit;
  double difference = 0;
  Time detected_at{};
  std::string body;  // the JSON body of interface.md
};

struct AlertRow {
  int64_t id = 0;
  std::string uid;
  std::string event;
  std::string subject;
  std::string metric;
  DeliveryStatus status = DeliveryStatus::pending;  // over all targets
  int attempts = 0;
  Time detected_at{};
  std::string body;
};

struct Delivery {
  int64_t alert_id = 0;
  std::string target;
  DeliveryStatus status = DeliveryStatus::pending;
  int attempts = 0;
  std::optional<Time> next_attempt;
  std::string last_error;
  std::string uid;   // filled by due_deliveries
  std::string body;  // filled by due_deliveries
  Time detected_at{};
  // The lease it was taken under (Store::lease_deliveries; 0: none): an attempt
  // is recorded only while this token holds.
  int64_t lease_token = 0;
};

// Totals, and the latest ids (to list only what comes after).
struct StoreCounts {
  int64_t feeds = 0, articles = 0, duplicates = 0, claims = 0, alerts = 0;
  int64_t last_claim_id = 0, last_alert_id = 0;
};

// The newest `limit` claims of `rows` (by id), oldest first: a page of
// `claims` (ClaimFilter::limit) from rows read newest first by group.
std::vector<ClaimRow> newest(std::vector<ClaimRow> rows, std::size_t limit);

// What retention (Store::prune, [storage] keep_text) dropped, or would drop.
struct PruneStats {
  int64_t articles = 0;    // articles whose bodies (content and text) were dropped
  int64_t text_bytes = 0;  // the bytes of those bodies
  int64_t band_keys = 0;   // near-duplicate keys dropped
  bool done = false;       // nothing older than the cutoff is left to drop
  PruneStats& operator+=(const PruneStats& o) {
    articles += o.articles;
    text_bytes += o.text_bytes;
    band_keys += o.band_keys;
    done = o.done;
    return *this;
  }
};

}  // namespace nw::storage
