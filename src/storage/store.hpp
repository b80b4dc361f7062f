// The SQLite store: feeds and their fetch state, articles, claims, alerts and
// their deliveries. One Store per connection; the daemon keeps one writer.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "claims/claim.hpp"
#include "storage/records.hpp"

namespace nw::storage {

// The database could not be opened, migrated or written; `what()` names the file.
class StorageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Store {
 public:
  enum class Mode { ReadWrite, ReadOnly };

  // Opens (creating and migrating when ReadWrite) the database at `path`. Throws StorageError.
  explicit Store(const std::filesystem::path& path, Mode mode = Mode::ReadWrite);
  ~Store();
  Store(Store&&) noexcept;
  Store& operator=(Store&&) noexcept;

  // Runs `work` inside one transaction (BEGIN IMMEDIATE); rolls back if it throws.
  void transaction(const std::function<void()>& work);

  // --- feeds ---
  // The feed's id, inserting it when needed. A feed whose configured URL changed
  // is polled at the new one; otherwise a URL it moved to (record_redirect) is kept.
  int64_t ensure_feed(const std::string& name, const std::string& url);
  std::optional<FeedState> feed(int64_t id);
  std::vector<FeedState> feeds();
  void record_fetch(int64_t feed_id, const FetchRecord& record);
  // Counts consecutive polls that were permanently redirected to `target` (empty:
  // not redirected, which resets the count). At `threshold` the feed's URL becomes
  // `target` and that URL is returned; otherwise nullopt.
  std::optional<std::string> record_redirect(int64_t feed_id, const std::string& target,
                                             int threshold);

  // --- articles ---
  std::optional<KnownArticle> find_article(int64_t feed_id, const std::string& guid);
  // The earliest original (not itself a duplicate) article with this canonical URL / text hash.
  std::optional<int64_t> find_original_by_url(const std::string& canonical_url);
  std::optional<int64_t> find_original_by_hash(const std::string& content_hash);
  int64_t insert_article(int64_t feed_id, const NewArticle& article,
                         std::optional<int64_t> duplicate_of);
  std::vector<ArticleRow> articles(std::size_t limit = 0);
  // A changed article: new title, content, text and hash; its version goes up by one.
  void update_article(int64_t id, const NewArticle& article);
  std::string article_text(int64_t id);

  // --- near-duplicate index (LSH band keys of original articles) ---
  void insert_fingerprint(int64_t article_id, const std::vector<int64_t>& band_keys);
  // Original articles sharing at least one band key, most shared first.
  std::vector<int64_t> near_duplicate_candidates(const std::vector<int64_t>& band_keys,
                                                 std::size_t limit = 20);

  // --- claims ---
  int64_t insert_claim(int64_t article_id, const claims::Claim& claim);
  // Claims for subject/metric/unit from original articles other than `exclude_article`:
  // all whose value is within `window` (relative) of the claim's, and the group's latest 100.
  // Rows carry the claim only: claim(id) gives the one whose article is needed.
  std::vector<ClaimRow> comparable_claims(const claims::Claim& claim, int64_t exclude_article,
                                          double window = 0.5);
  // Whether `accept` holds for one of the claims within `window` of the claim's value
  // (same group, other articles); stops reading at the first, so an agreeing
  // figure costs one row however large the group.
  bool any_claim_within(const claims::Claim& claim, int64_t exclude_article, double window,
                        const std::function<bool(const claims::Claim&)>& accept);
  std::vector<ClaimRow> claims(const ClaimFilter& filter = {});
  std::optional<ClaimRow> claim(int64_t id);
  std::vector<claims::Claim> article_claims(int64_t article_id);

  // --- alerts and their deliveries ---
  // Inserts the alert and one pending delivery per target (webhook name or "jsonl").
  int64_t insert_alert(const NewAlert& alert, const std::vector<std::string>& targets);
  std::vector<AlertRow> alerts();
  std::vector<Delivery> due_deliveries(Time now, std::size_t limit = 100);
  void record_delivery(const Delivery& delivery);
  // When the earliest pending delivery is due, if any is pending.
  std::optional<Time> next_delivery_due();
  // Queues every failed delivery of the alert again; false if no such alert.
  bool retry_alert(int64_t alert_id);

  struct Counts {
    int64_t feeds = 0, articles = 0, duplicates = 0, claims = 0, alerts = 0;
    int64_t last_claim_id = 0, last_alert_id = 0;  // to list only what comes after
  };
  Counts counts();

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace nw::storage
