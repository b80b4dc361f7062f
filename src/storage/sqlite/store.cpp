// The SQLite backend of StoreReader and Store.
#include "storage/store.hpp"

#include "storage/backends.hpp"
#include "storage/sqlite/band_filter.hpp"
#include "storage/sqlite/group_cache.hpp"
#include "storage/sqlite/queries.hpp"

#include <map>
#include <optional>
#include <unordered_set>

namespace nw::storage {

namespace {

using sqlite::Connection;

constexpr const char* k_reading = "cannot read the database";
constexpr const char* k_writing = "cannot write the database";

// Every read of StoreReader on one connection, for both the read-only reader
// and the read-write store (`Base` is StoreReader or Store).
template <class Base>
class SqliteReads : public Base {
 public:
  SqliteReads(const std::filesystem::path& path, Connection::Access access)
      : m_conn(path, access) {}

  std::optional<FeedState> feed(int64_t id) override {
    return m_conn.guard(k_reading, [&] { return sqlite::feed(m_conn, id); });
  }
  std::vector<FeedState> feeds() override {
    return m_conn.guard(k_reading, [&] { return sqlite::feeds(m_conn); });
  }
  std::optional<KnownArticle> find_article(int64_t feed_id, const std::string& guid) override {
    return m_conn.guard(k_reading, [&] { return sqlite::find_article(m_conn, feed_id, guid); });
  }
  std::optional<int64_t> find_original_by_url(const std::string& canonical_url) override {
    return m_conn.guard(k_reading,
                        [&] { return sqlite::find_original_by_url(m_conn, canonical_url); });
  }
  std::optional<int64_t> find_original_by_hash(const std::string& content_hash) override {
    return m_conn.guard(k_reading,
                        [&] { return sqlite::find_original_by_hash(m_conn, content_hash); });
  }
  std::vector<ArticleRow> articles(std::size_t limit) override {
    return m_conn.guard(k_reading, [&] { return sqlite::articles(m_conn, limit); });
  }
  std::string article_text(int64_t id) override {
    return m_conn.guard(k_reading, [&] { return sqlite::article_text(m_conn, id); });
  }
  std::vector<int64_t> near_duplicate_candidates(const std::vector<int64_t>& band_keys, Time at,
                                                 std::size_t limit) override {
    return m_conn.guard(
        k_reading, [&] { return sqlite::near_duplicate_candidates(m_conn, band_keys, at, limit); });
  }
  std::vector<ClaimRow> comparable_claims(const claims::Claim& claim, int64_t exclude_article,
                                          double window) override {
    return m_conn.guard(k_reading, [&] {
      return sqlite::comparable_claims(m_conn, claim, exclude_article, window);
    });
  }
  bool any_claim_within(const claims::Claim& claim, int64_t exclude_article, double window,
                        const std::function<bool(const claims::Claim&)>& accept) override {
    return m_conn.guard(k_reading, [&] {
      return sqlite::any_claim_within(m_conn, claim, exclude_article, window, accept);
    });
  }
  std::vector<ClaimRow> claims(const ClaimFilter& filter) override {
    return m_conn.guard(k_reading, [&] { return sqlite::claims(m_conn, filter); });
  }
  std::optional<ClaimRow> claim(int64_t id) override {
    return m_conn.guard(k_reading, [&] { return sqlite::claim(m_conn, id); });
  }
  std::vector<claims::Claim> article_claims(int64_t article_id) override {
    return m_conn.guard(k_reading, [&] { return sqlite::article_claims(m_conn, article_id); });
  }
  std::vector<AlertRow> alerts() override {
    return m_conn.guard(k_reading, [&] { return sqlite::alerts(m_conn); });
  }
  std::vector<Delivery> due_deliveries(Time now, std::size_t limit) override {
    return m_conn.guard(k_reading, [&] { return sqlite::due_deliveries(m_conn, now, limit); });
  }
  std::optional<Time> next_delivery_due() override {
    return m_conn.guard(k_reading, [&] { return sqlite::next_delivery_due(m_conn); });
  }
  StoreCounts counts() override {
    return m_conn.guard(k_reading, [&] { return sqlite::counts(m_conn); });
  }
  LedgerData ledger(std::size_t max_claims) override {
    return m_conn.guard("cannot read the ledger",
                        [&] { return sqlite::ledger(m_conn, max_claims); });
  }
  std::vector<LedgerGroupInfo> ledger_groups() override {
    return m_conn.guard("cannot read the ledger", [&] { return sqlite::ledger_groups(m_conn); });
  }
  LedgerData ledger_group(const std::string& subject, const std::string& metric,
                          const std::optional<std::string>& unit) override {
    return m_conn.guard("cannot read the ledger",
                        [&] { return sqlite::ledger_group(m_conn, subject, metric, unit); });
  }
  LedgerData ledger_group_page(const std::string& subject, const std::string& metric,
                               const std::optional<std::string>& unit, int64_t from_id,
                               std::size_t limit) override {
    return m_conn.guard("cannot read the ledger", [&] {
      return sqlite::ledger_group_page(m_conn, subject, metric, unit, from_id, limit);
    });
  }
  LedgerGroupDelta ledger_group_since(const std::string& subject, const std::string& metric,
                                      const std::optional<std::string>& unit, int64_t after_claim,
                                      int64_t after_alert,
                                      const std::vector<int64_t>& recheck) override {
    return m_conn.guard("cannot read the ledger", [&] {
      return sqlite::ledger_group_since(m_conn, subject, metric, unit, after_claim, after_alert,
                                        recheck);
    });
  }
  std::string change_token() override {
    return m_conn.guard("cannot read the ledger", [&] { return sqlite::change_token(m_conn); });
  }

 protected:
  Connection m_conn;
};

// A read-only connection: a type of its own, so nothing can write through it.
class SqliteReader final : public SqliteReads<StoreReader> {
 public:
  explicit SqliteReader(const std::filesystem::path& path)
      : SqliteReads(path, Connection::Access::read_only) {}

  // The full token is only computed again after another connection committed
  // (PRAGMA data_version): an idle database costs one statement per request.
  std::string change_token() override {
    return m_conn.guard("cannot read the ledger", [&] {
      const int64_t version = m_conn.scalar("PRAGMA data_version");
      if (m_token.empty() || version != m_data_version) {
        m_token = sqlite::change_token(m_conn);
        m_data_version = version;
      }
      return m_token;
    });
  }

 private:
  int64_t m_data_version = -1;
  std::string m_token;
};

class SqliteStore final : public SqliteReads<Store> {
 public:
  explicit SqliteStore(const std::filesystem::path& path)
      : SqliteReads(path, Connection::Access::read_write) {}

  void transaction(const std::function<void()>& work) override {
    try {
      m_conn.transaction(work);
    } catch (...) {
      m_groups.clear();  // it may hold claims and alerts that were rolled back
      m_staged.reset();  // so may the staged keys' count
      m_merge_due = false;
      m_open.clear();
      throw;
    }
    if (m_merge_due) merge_staged();
  }

  int64_t ensure_feed(const std::string& name, const std::string& url) override {
    return m_conn.guard(k_writing, [&] { return sqlite::ensure_feed(m_conn, name, url); });
  }
  void record_fetch(int64_t feed_id, const FetchRecord& record) override {
    m_conn.guard(k_writing, [&] { sqlite::record_fetch(m_conn, feed_id, record); });
  }
  bool shared() const override { return false; }
  // One writer: nobody else could poll a feed, so a lease is just a due feed, token 0.
  std::vector<FeedLease> lease_feeds(const std::vector<int64_t>& feed_ids, Time now,
                                     std::size_t limit, std::chrono::seconds, int) override {
    const std::unordered_set<int64_t> wanted(feed_ids.begin(), feed_ids.end());
    std::vector<FeedLease> out;
    for (auto& f : feeds()) {
      if (out.size() >= limit) break;
      if (!wanted.count(f.id) || f.next_poll.value_or(now) > now ||
          f.retry_until.value_or(now) > now) {
        continue;
      }
      out.push_back({std::move(f), 0, false});
    }
    return out;
  }
  bool release_feed(int64_t, int64_t) override { return true; }
  std::size_t renew_leases(std::chrono::seconds) override { return 0; }
  std::optional<std::string> record_redirect(int64_t feed_id, const std::string& target,
                                             int threshold) override {
    return m_conn.guard(
        k_writing, [&] { return sqlite::record_redirect(m_conn, feed_id, target, threshold); });
  }
  // One writer: nobody can store an original between the caller's look and this insert.
  StoredArticle insert_article(int64_t feed_id, const NewArticle& article,
                               std::optional<int64_t> duplicate_of) override {
    return m_conn.guard(k_writing, [&] {
      return StoredArticle{sqlite::insert_article(m_conn, feed_id, article, duplicate_of),
                           duplicate_of};
    });
  }
  void update_article(int64_t id, const NewArticle& article) override {
    m_conn.guard(k_writing, [&] { sqlite::update_article(m_conn, id, article); });
    m_groups.clear();  // its claims show its title and date (rare: a changed article)
    m_open.clear();
  }
  void insert_fingerprint(int64_t article_id, Time fetched_at,
                          const std::vector<int64_t>& band_keys) override {
    m_conn.guard(k_writing, [&] {
      const int64_t span = near_duplicate_span(fetched_at);
      // A span that still fits the page cache takes its keys directly: staging
      // would only add a second insert for each.
      const auto held = m_bands.keys(span);
      const bool staged = !held || *held >= k_stage_from;
      sqlite::insert_fingerprint(m_conn, article_id, fetched_at, band_keys, staged);
      for (const int64_t key : band_keys) m_bands.add(m_conn, span, key);
      if (!staged) return;
      // Counted here rather than read for every article; another connection
      // (newswatch prune) only ever makes the count smaller.
      if (!m_staged) m_staged = sqlite::staged_keys(m_conn);
      *m_staged += static_cast<int64_t>(band_keys.size());
      // Merged after the commit, in a transaction of its own
      // (sqlite::merge_staged_keys).
      if (*m_staged >= k_merge_staged_keys) m_merge_due = true;
    });
    if (m_merge_due && !m_conn.in_transaction()) merge_staged();
  }
  // Only the keys the spans' filters may hold are looked up (sqlite/band_filter.hpp).
  std::vector<int64_t> near_duplicate_candidates(const std::vector<int64_t>& band_keys, Time at,
                                                 std::size_t limit) override {
    return m_conn.guard(k_reading, [&] {
      m_bands.sync(m_conn);
      std::vector<std::pair<int64_t, int64_t>> span_keys;
      const int64_t span = near_duplicate_span(at);
      for (const int64_t s : {span - 1, span}) {
        for (const int64_t key : band_keys) {
          if (m_bands.may_hold(m_conn, s, key)) span_keys.emplace_back(s, key);
        }
      }
      return sqlite::near_duplicate_candidates(m_conn, span_keys, limit);
    });
  }
  // One writer, whose transaction holds the whole database: nothing to lock.
  void lock_groups(const std::vector<GroupKey>&) override {}
  void lock_bands(const std::vector<int64_t>&) override {}
  int64_t insert_claim(int64_t article_id, const claims::Claim& claim) override {
    return m_conn.guard(k_writing, [&] { return sqlite::insert_claim(m_conn, article_id, claim); });
  }
  const LedgerData& judging_group(const std::string& subject, const std::string& metric,
                                  const std::optional<std::string>& unit) override {
    return m_conn.guard("cannot read the ledger", [&]() -> const LedgerData& {
      return m_groups.get(m_conn, subject, metric, unit);
    });
  }
  std::vector<PriorClaim> judging_priors(const PriorScan& scan, std::size_t limit) override {
    return m_conn.guard("cannot read the ledger",
                        [&] { return sqlite::judging_priors(m_conn, scan, limit); });
  }
  // Kept per group until an alert is stored (which may open or close one),
  // an article changes, or another connection commits: every claim judged
  // asks for its group's open alerts, and each read joined every open
  // alert's article row, a page read apiece once the articles outgrew the
  // page cache (perf, longrun_bench: 8% of ingest at 200,000 articles).
  std::vector<LedgerClaim> open_alert_claims(const ClaimGroup& group) override {
    return m_conn.guard("cannot read the ledger", [&] {
      const int64_t version = m_conn.scalar("PRAGMA data_version");
      if (version != m_open_version) {
        m_open.clear();
        m_open_version = version;
      }
      auto it = m_open.find(group);
      if (it == m_open.end()) {
        if (m_open.size() >= k_max_open_groups) m_open.clear();
        it = m_open.emplace(group, sqlite::open_alert_claims(m_conn, group)).first;
      }
      return it->second;
    });
  }
  std::vector<LedgerClaim> article_group_claims(int64_t article_id,
                                                const ClaimGroup& group) override {
    return m_conn.guard("cannot read the ledger",
                        [&] { return sqlite::article_group_claims(m_conn, article_id, group); });
  }
  int64_t insert_alert(const NewAlert& alert, const std::vector<std::string>& targets) override {
    m_open.clear();  // the alert may be open, or close one
    return m_conn.guard(k_writing, [&] { return sqlite::insert_alert(m_conn, alert, targets); });
  }
  // One writer: nobody else could take a delivery, so a lease is just the due ones.
  std::vector<Delivery> lease_deliveries(Time now, std::size_t limit,
                                         std::chrono::seconds) override {
    return due_deliveries(now, limit);
  }
  std::size_t renew_delivery_leases(std::chrono::seconds) override { return 0; }
  bool record_delivery(const Delivery& delivery) override {
    return m_conn.guard(k_writing, [&] {
      const bool recorded = sqlite::record_delivery(m_conn, delivery);
      m_groups.refresh_alert(m_conn, delivery.alert_id);
      return recorded;
    });
  }
  bool retry_alert(int64_t alert_id) override {
    return m_conn.guard(k_writing, [&] {
      const bool known = sqlite::retry_alert(m_conn, alert_id);
      m_groups.refresh_alert(m_conn, alert_id);
      return known;
    });
  }
  PruneStats prune(Time cutoff, std::size_t batch) override {
    m_open.clear();
    return m_conn.guard("cannot prune", [&] { return sqlite::prune(m_conn, cutoff, batch); });
  }
  PruneStats prune_preview(Time cutoff) override {
    return m_conn.guard(k_reading, [&] { return sqlite::prune_preview(m_conn, cutoff); });
  }
  int64_t reclaim_space(std::size_t max_pages, bool convert) override {
    m_groups.clear();  // a VACUUM rewrites the file: read everything again after
    m_open.clear();
    return m_conn.guard("cannot reclaim space",
                        [&] { return sqlite::reclaim_space(m_conn, max_pages, convert); });
  }

 private:
  // The batch that staged them is committed: a merge that fails (another
  // writer holds the database) leaves the keys staged, where lookups find
  // them, and is tried again after the next commit.
  void merge_staged() {
    try {
      m_conn.guard(k_writing, [&] { sqlite::merge_staged_keys(m_conn); });
      m_staged = 0;
      m_merge_due = false;
    } catch (const StoreError&) {
      m_staged.reset();
    }
  }

  // Staged near-duplicate keys are merged into their table at this many
  // (migration 13): about 2 MB of table, which stays in the page cache, and a
  // merge for every 8,000 articles.
  static constexpr int64_t k_merge_staged_keys = 100'000;
  // Keys are staged once their span holds this many (about 3 MB of its table,
  // within the 4 MiB page cache); before, each is filed directly.
  static constexpr std::size_t k_stage_from = 131'072;

  // Groups whose open alerts are kept at most (a few hundred bytes a claim).
  static constexpr std::size_t k_max_open_groups = 1024;

  sqlite::GroupCache m_groups;                            // judging_group()
  std::map<ClaimGroup, std::vector<LedgerClaim>> m_open;  // open_alert_claims()
  int64_t m_open_version = -1;
  sqlite::BandFilter m_bands;       // near_duplicate_candidates()
  std::optional<int64_t> m_staged;  // near_duplicate_staged's rows, once counted
  bool m_merge_due = false;         // they reached k_merge_staged_keys
};

}  // namespace

std::unique_ptr<Store> sqlite::open_store(const std::filesystem::path& path) {
  return std::make_unique<SqliteStore>(path);
}

std::unique_ptr<StoreReader> sqlite::open_reader(const std::filesystem::path& path) {
  return std::make_unique<SqliteReader>(path);
}

}  // namespace nw::storage
