// The PostgreSQL backend of StoreReader and Store: each method one call into
// queries.hpp on the store's one connection, in the open transaction or its own.
#include "storage/backends.hpp"
#include "storage/postgresql/queries.hpp"

namespace nw::storage::postgresql {
namespace {

constexpr const char* k_reading = "cannot read the database";
constexpr const char* k_writing = "cannot write the database";

// Every read of StoreReader on one connection, for both the read-only reader
// and the read-write store (`Base` is StoreReader or Store).
template <class Base>
class PgReads : public Base {
 public:
  PgReads(const StoreSpec& spec, Connection::Access access) : m_conn(spec, access) {}

  std::optional<FeedState> feed(int64_t id) override {
    return m_conn.run(k_reading, [&](Tx& tx) { return postgresql::feed(m_conn, tx, id); });
  }
  std::vector<FeedState> feeds() override {
    return m_conn.run(k_reading, [&](Tx& tx) { return postgresql::feeds(m_conn, tx); });
  }
  std::optional<KnownArticle> find_article(int64_t feed_id, const std::string& guid) override {
    return m_conn.run(k_reading,
                      [&](Tx& tx) { return postgresql::find_article(m_conn, tx, feed_id, guid); });
  }
  std::optional<int64_t> find_original_by_url(const std::string& canonical_url) override {
    return m_conn.run(k_reading, [&](Tx& tx) {
      return postgresql::find_original_by_url(m_conn, tx, canonical_url);
    });
  }
  std::optional<int64_t> find_original_by_hash(const std::string& content_hash) override {
    return m_conn.run(k_reading, [&](Tx& tx) {
      return postgresql::find_original_by_hash(m_conn, tx, content_hash);
    });
  }
  std::vector<ArticleRow> articles(std::size_t limit) override {
    return m_conn.run(k_reading, [&](Tx& tx) { return postgresql::articles(m_conn, tx, limit); });
  }
  std::string article_text(int64_t id) override {
    return m_conn.run(k_reading, [&](Tx& tx) { return postgresql::article_text(m_conn, tx, id); });
  }
  std::vector<int64_t> near_duplicate_candidates(const std::vector<int64_t>& band_keys, Time at,
                                                 std::size_t limit) override {
    return m_conn.run(k_reading, [&](Tx& tx) {
      return postgresql::near_duplicate_candidates(m_conn, tx, band_keys, at, limit);
    });
  }
  std::vector<ClaimRow> comparable_claims(const claims::Claim& claim, int64_t exclude_article,
                                          double window) override {
    return m_conn.run(k_reading, [&](Tx& tx) {
      return postgresql::comparable_claims(m_conn, tx, claim, exclude_article, window);
    });
  }
  bool any_claim_within(const claims::Claim& claim, int64_t exclude_article, double window,
                        const std::function<bool(const claims::Claim&)>& accept) override {
    return m_conn.run(k_reading, [&](Tx& tx) {
      return postgresql::any_claim_within(m_conn, tx, claim, exclude_article, window, accept);
    });
  }
  std::vector<ClaimRow> claims(const ClaimFilter& filter) override {
    return m_conn.run(k_reading, [&](Tx& tx) { return postgresql::claims(m_conn, tx, filter); });
  }
  std::optional<ClaimRow> claim(int64_t id) override {
    return m_conn.run(k_reading, [&](Tx& tx) { return postgresql::claim(m_conn, tx, id); });
  }
  std::vector<claims::Claim> article_claims(int64_t article_id) override {
    return m_conn.run(k_reading,
                      [&](Tx& tx) { return postgresql::article_claims(m_conn, tx, article_id); });
  }
  std::vector<AlertRow> alerts() override {
    return m_conn.run(k_reading, [&](Tx& tx) { return postgresql::alerts(m_conn, tx); });
  }
  std::vector<Delivery> due_deliveries(Time now, std::size_t limit) override {
    return m_conn.run(k_reading,
                      [&](Tx& tx) { return postgresql::due_deliveries(m_conn, tx, now, limit); });
  }
  std::optional<Time> next_delivery_due() override {
    return m_conn.run(k_reading, [&](Tx& tx) { return postgresql::next_delivery_due(m_conn, tx); });
  }
  StoreCounts counts() override {
    return m_conn.run(k_reading, [&](Tx& tx) { return postgresql::counts(m_conn, tx); });
  }
  LedgerData ledger(std::size_t max_claims) override {
    return m_conn.run("cannot read the ledger",
                      [&](Tx& tx) { return postgresql::ledger(m_conn, tx, max_claims); });
  }
  std::vector<LedgerGroupInfo> ledger_groups() override {
    return m_conn.run("cannot read the ledger",
                      [&](Tx& tx) { return postgresql::ledger_groups(m_conn, tx); });
  }
  LedgerData ledger_group(const std::string& subject, const std::string& metric,
                          const std::optional<std::string>& unit) override {
    return m_conn.run("cannot read the ledger", [&](Tx& tx) {
      return postgresql::ledger_group(m_conn, tx, subject, metric, unit);
    });
  }
  LedgerData ledger_group_page(const std::string& subject, const std::string& metric,
                               const std::optional<std::string>& unit, int64_t from_id,
                               std::size_t limit) override {
    return m_conn.run("cannot read the ledger", [&](Tx& tx) {
      return postgresql::ledger_group_page(m_conn, tx, subject, metric, unit, from_id, limit);
    });
  }
  LedgerGroupDelta ledger_group_since(const std::string& subject, const std::string& metric,
                                      const std::optional<std::string>& unit, int64_t after_claim,
                                      int64_t after_alert,
                                      const std::vector<int64_t>& recheck) override {
    return m_conn.run("cannot read the ledger", [&](Tx& tx) {
      return postgresql::ledger_group_since(m_conn, tx, subject, metric, unit, after_claim,
                                            after_alert, recheck);
    });
  }
  std::vector<std::optional<KnownArticle>> find_articles(
      int64_t feed_id, const std::vector<std::string>& guids) override {
    return m_conn.run(
        k_reading, [&](Tx& tx) { return postgresql::find_articles(m_conn, tx, feed_id, guids); });
  }
  std::vector<OriginalMatch> find_originals(const std::vector<OriginalKey>& keys) override {
    return m_conn.run(k_reading,
                      [&](Tx& tx) { return postgresql::find_originals(m_conn, tx, keys); });
  }
  std::vector<std::vector<int64_t>> find_near_duplicates(const std::vector<BandQuery>& texts,
                                                         std::size_t limit) override {
    return m_conn.run(k_reading, [&](Tx& tx) {
      return postgresql::find_near_duplicates(m_conn, tx, texts, limit);
    });
  }
  std::map<int64_t, std::string> article_texts(const std::vector<int64_t>& ids) override {
    return m_conn.run(k_reading,
                      [&](Tx& tx) { return postgresql::article_texts(m_conn, tx, ids); });
  }
  std::map<int64_t, std::vector<claims::Claim>> claims_of_articles(
      const std::vector<int64_t>& ids) override {
    return m_conn.run(k_reading,
                      [&](Tx& tx) { return postgresql::claims_of_articles(m_conn, tx, ids); });
  }
  std::string change_token() override {
    return m_conn.run("cannot read the ledger",
                      [&](Tx& tx) { return postgresql::change_token(m_conn, tx); });
  }

 protected:
  Connection m_conn;
};

// A read-only session: a type of its own, so nothing can write through it.
class PgReader final : public PgReads<StoreReader> {
 public:
  explicit PgReader(const StoreSpec& spec) : PgReads(spec, Connection::Access::read_only) {}
};

class PgStore final : public PgReads<Store> {
 public:
  explicit PgStore(const StoreSpec& spec) : PgReads(spec, Connection::Access::read_write) {
    // Rows from before migration 6, or copied by `newswatch migrate`.
    m_conn.run("cannot open the database", [&](Tx& tx) { postgresql::fill_hosts(m_conn, tx); });
  }

  bool shared() const override { return true; }
  int64_t round_trips() const override { return m_conn.round_trips(); }

  void transaction(const std::function<void()>& work) override {
    // What prepare_judging read holds inside one transaction only.
    m_prepared.clear();
    try {
      m_conn.transaction(work);
    } catch (...) {
      m_prepared.clear();
      throw;
    }
    m_prepared.clear();
  }

  int64_t ensure_feed(const std::string& name, const std::string& url) override {
    return m_conn.run(k_writing,
                      [&](Tx& tx) { return postgresql::ensure_feed(m_conn, tx, name, url); });
  }
  void record_fetch(int64_t feed_id, const FetchRecord& record) override {
    m_conn.run(k_writing, [&](Tx& tx) { postgresql::record_fetch(m_conn, tx, feed_id, record); });
  }
  std::vector<FeedLease> lease_feeds(const std::vector<int64_t>& feed_ids, Time now,
                                     std::size_t limit, std::chrono::seconds duration,
                                     int per_host) override {
    return m_conn.run(k_writing, [&](Tx& tx) {
      return postgresql::lease_feeds(m_conn, tx, feed_ids, now, limit, duration, per_host);
    });
  }
  bool release_feed(int64_t feed_id, int64_t token) override {
    return m_conn.run(k_writing,
                      [&](Tx& tx) { return postgresql::release_feed(m_conn, tx, feed_id, token); });
  }
  std::size_t renew_leases(std::chrono::seconds duration) override {
    return m_conn.run(k_writing,
                      [&](Tx& tx) { return postgresql::renew_leases(m_conn, tx, duration); });
  }
  std::optional<std::string> record_redirect(int64_t feed_id, const std::string& target,
                                             int threshold) override {
    return m_conn.run(k_writing, [&](Tx& tx) {
      return postgresql::record_redirect(m_conn, tx, feed_id, target, threshold);
    });
  }
  StoredArticle insert_article(int64_t feed_id, const NewArticle& article,
                               std::optional<int64_t> duplicate_of) override {
    m_prepared.clear();
    return m_conn.run(k_writing, [&](Tx& tx) {
      return postgresql::insert_article(m_conn, tx, feed_id, article, duplicate_of);
    });
  }
  std::vector<StoredArticle> insert_articles(int64_t feed_id,
                                             const std::vector<ArticleInsert>& rows) override {
    m_prepared.clear();
    return m_conn.run(
        k_writing, [&](Tx& tx) { return postgresql::insert_articles(m_conn, tx, feed_id, rows); });
  }
  void insert_fingerprints(const std::vector<FingerprintInsert>& rows) override {
    m_conn.run(k_writing, [&](Tx& tx) { postgresql::insert_fingerprints(m_conn, tx, rows); });
  }
  void lock_batch(const std::vector<GroupKey>& groups,
                  const std::vector<int64_t>& band_keys) override {
    m_conn.run(k_writing, [&](Tx& tx) { postgresql::lock_batch(m_conn, tx, groups, band_keys); });
  }
  std::vector<int64_t> insert_claims(const std::vector<ClaimInsert>& rows) override {
    m_prepared.clear();
    return m_conn.run(k_writing,
                      [&](Tx& tx) { return postgresql::insert_claims(m_conn, tx, rows); });
  }
  void prepare_judging(const std::vector<ClaimGroup>& groups) override {
    // Read when first judged, not now: a claim that raises no alert reads only
    // what judging_priors finds (pipeline/priors.hpp), so most groups of a
    // poll are never read whole.
    m_prepared.clear();
    for (const auto& g : groups) m_prepared[g] = {LedgerData{}, true};
  }
  void update_article(int64_t id, const NewArticle& article) override {
    m_prepared.clear();
    m_conn.run(k_writing, [&](Tx& tx) { postgresql::update_article(m_conn, tx, id, article); });
  }
  const LedgerData& judging_group(const std::string& subject, const std::string& metric,
                                  const std::optional<std::string>& unit) override {
    // Claims and alerts only: judging never reads the copies.
    const auto read = [&] {
      return m_conn
          .run("cannot read the ledger",
               [&](Tx& tx) {
                 return postgresql::judging_groups(m_conn, tx, {{subject, metric, unit}});
               })
          .at(0);
    };
    const auto it = m_prepared.find({subject, metric, unit});
    if (it == m_prepared.end()) {
      m_judging = read();
      return m_judging;
    }
    if (it->second.stale) it->second = {read()};
    return it->second.group;
  }
  std::vector<PriorClaim> judging_priors(const PriorScan& scan, std::size_t limit) override {
    return m_conn.run("cannot read the ledger",
                      [&](Tx& tx) { return postgresql::judging_priors(m_conn, tx, scan, limit); });
  }
  std::vector<LedgerClaim> open_alert_claims(const ClaimGroup& group) override {
    return m_conn.run("cannot read the ledger",
                      [&](Tx& tx) { return postgresql::open_alert_claims(m_conn, tx, group); });
  }
  std::vector<LedgerClaim> article_group_claims(int64_t article_id,
                                                const ClaimGroup& group) override {
    return m_conn.run("cannot read the ledger", [&](Tx& tx) {
      return postgresql::article_group_claims(m_conn, tx, article_id, group);
    });
  }
  void insert_fingerprint(int64_t article_id, Time fetched_at,
                          const std::vector<int64_t>& band_keys) override {
    m_conn.run(k_writing, [&](Tx& tx) {
      postgresql::insert_fingerprint(m_conn, tx, article_id, fetched_at, band_keys);
    });
  }
  void lock_bands(const std::vector<int64_t>& band_keys) override {
    m_conn.run(k_writing, [&](Tx& tx) { postgresql::lock_bands(m_conn, tx, band_keys); });
  }
  void lock_groups(const std::vector<GroupKey>& groups) override {
    m_conn.run(k_writing, [&](Tx& tx) { postgresql::lock_groups(m_conn, tx, groups); });
  }
  int64_t insert_claim(int64_t article_id, const claims::Claim& claim) override {
    m_prepared.clear();
    return m_conn.run(
        k_writing, [&](Tx& tx) { return postgresql::insert_claim(m_conn, tx, article_id, claim); });
  }
  int64_t insert_alert(const NewAlert& alert, const std::vector<std::string>& targets) override {
    // The alert's group is read again when next judged; the caller may still
    // hold what judging_group returned, so it is kept until then.
    for (auto& [group, prepared] : m_prepared) {
      if (group.subject == alert.subject && group.metric == alert.metric &&
          group.unit.value_or("") == alert.unit)
        prepared.stale = true;
    }
    return m_conn.run(k_writing,
                      [&](Tx& tx) { return postgresql::insert_alert(m_conn, tx, alert, targets); });
  }
  std::vector<Delivery> lease_deliveries(Time now, std::size_t limit,
                                         std::chrono::seconds visibility) override {
    return m_conn.run(k_writing, [&](Tx& tx) {
      return postgresql::lease_deliveries(m_conn, tx, now, limit, visibility);
    });
  }
  std::size_t renew_delivery_leases(std::chrono::seconds visibility) override {
    return m_conn.run(k_writing, [&](Tx& tx) {
      return postgresql::renew_delivery_leases(m_conn, tx, visibility);
    });
  }

  bool record_delivery(const Delivery& delivery) override {
    m_prepared.clear();  // a delivery's status shows on its alert
    return m_conn.run(k_writing,
                      [&](Tx& tx) { return postgresql::record_delivery(m_conn, tx, delivery); });
  }
  bool retry_alert(int64_t alert_id) override {
    m_prepared.clear();  // a delivery's status shows on its alert
    return m_conn.run(k_writing,
                      [&](Tx& tx) { return postgresql::retry_alert(m_conn, tx, alert_id); });
  }
  PruneStats prune(Time cutoff, std::size_t batch) override {
    return m_conn.run("cannot prune",
                      [&](Tx& tx) { return postgresql::prune(m_conn, tx, cutoff, batch); });
  }
  PruneStats prune_preview(Time cutoff) override {
    return m_conn.run(k_reading,
                      [&](Tx& tx) { return postgresql::prune_preview(m_conn, tx, cutoff); });
  }
  // Nothing to give back here. PostgreSQL's (auto)vacuum already makes the
  // space of dropped bodies reusable for new rows; returning it to the
  // filesystem takes VACUUM FULL, which rewrites each table under an exclusive
  // lock that stops every other daemon, and cannot run inside a transaction
  // (the daemon calls this in one). That is for an operator, not a daemon step.
  int64_t reclaim_space(std::size_t, bool) override { return 0; }

 private:
  // A group prepare_judging read, and whether an alert was stored in it since.
  struct Prepared {
    LedgerData group;
    bool stale = false;
  };
  LedgerData m_judging;  // what judging_group() last returned, when not prepared
  std::map<ClaimGroup, Prepared> m_prepared;
};

}  // namespace

std::unique_ptr<Store> open_store(const StoreSpec& spec) {
  return std::make_unique<PgStore>(spec);
}

std::unique_ptr<StoreReader> open_reader(const StoreSpec& spec) {
  return std::make_unique<PgReader>(spec);
}

}  // namespace nw::storage::postgresql
