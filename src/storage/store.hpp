// The store: feeds and their fetch state, articles, claims, alerts and their
// deliveries. StoreReader reads, Store also writes; open_store() picks the
// backend from the spec (SQLite in storage/sqlite/, PostgreSQL in
// storage/postgresql/), and nothing above storage/ knows which one it got. No
// backend type or exception leaves here.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "claims/claim.hpp"
#include "storage/batch.hpp"
#include "storage/judging.hpp"
#include "storage/ledger.hpp"
#include "storage/records.hpp"

namespace nw::config {
struct Config;
}

namespace nw::storage {

// Near-duplicate keys are filed under the span of days (UTC) their article was
// fetched in, and an article's copies are looked for in its own span and the one
// before: among originals fetched up to 4 to 8 days earlier. Copies of syndicated
// stories come within days, and a bounded window keeps ingest as fast in a year
// as on the first day. Older copies are still found by canonical URL and text hash.
constexpr int k_near_duplicate_span_days = 4;

// The span (4-day periods since 1970, UTC) a time falls in.
inline int64_t near_duplicate_span(Time t) {
  return std::chrono::floor<std::chrono::days>(t).time_since_epoch().count() /
         k_near_duplicate_span_days;
}

// Why the store refused: a closed set, so callers decide without reading messages.
enum class StoreFailure {
  busy,         // another connection holds the lock past the busy timeout
  full,         // the disk (or the database's size limit) is full
  read_only,    // the file, its folder or the filesystem refuses writes
  constraint,   // a uniqueness or foreign-key rule was broken
  unreachable,  // the database server cannot be reached (PostgreSQL): worth retrying later
  other,        // anything else: corruption, a missing or newer schema, I/O errors
};

// "busy", "full", "read_only", "constraint", "unreachable", "other".
const char* to_string(StoreFailure failure);

// A store operation failed. what() names the database and what was being done.
class StoreError : public std::runtime_error {
 public:
  StoreError(StoreFailure failure, const std::string& message)
      : std::runtime_error(message), m_failure(failure) {}
  StoreFailure failure() const { return m_failure; }

 private:
  StoreFailure m_failure;
};

// Where the store lives: `[storage] path` (a SQLite file; relative to the
// working directory) or, when `url` is set, a PostgreSQL database.
struct StoreSpec {
  StoreSpec() = default;
  // A SQLite file (implicit, so `open_store({path})` reads as it always did).
  StoreSpec(std::filesystem::path file) : path(std::move(file)) {}  // NOLINT
  StoreSpec(std::filesystem::path file, std::string database_url, std::string database_password)
      : path(std::move(file)),
        url(std::move(database_url)),
        password(std::move(database_password)) {}

  std::filesystem::path path;
  std::string url;       // postgresql://user@host/db; no password in it
  std::string password;  // from `[storage] password_env`; empty: libpq's ~/.pgpass
};

// The store a config names ([storage] path, or url and password_env).
StoreSpec store_spec(const config::Config& config);

// The file, or the URL (a config's url never holds a password): for people.
std::string display_name(const StoreSpec& spec);

// Whether `spec` names a PostgreSQL database (its url is postgresql:// or postgres://).
bool is_postgresql(const StoreSpec& spec);

// Reads. Every method throws StoreError when the database cannot be read.
// One reader per thread: implementations hold a connection and its statements.
class StoreReader {
 public:
  virtual ~StoreReader() = default;

  // --- feeds ---
  virtual std::optional<FeedState> feed(int64_t id) = 0;
  virtual std::vector<FeedState> feeds() = 0;

  // --- articles ---
  virtual std::optional<KnownArticle> find_article(int64_t feed_id, const std::string& guid) = 0;
  // The earliest original (not itself a duplicate) article with this canonical URL / text hash.
  virtual std::optional<int64_t> find_original_by_url(const std::string& canonical_url) = 0;
  virtual std::optional<int64_t> find_original_by_hash(const std::string& content_hash) = 0;
  // Every article, oldest first; the first `limit` only when it is not 0.
  virtual std::vector<ArticleRow> articles(std::size_t limit = 0) = 0;
  virtual std::string article_text(int64_t id) = 0;
  // Original articles sharing at least one LSH band key, most shared first,
  // among those fetched in the span of `at` and the span before.
  virtual std::vector<int64_t> near_duplicate_candidates(const std::vector<int64_t>& band_keys,
                                                         Time at, std::size_t limit = 20) = 0;

  // --- claims ---
  // Claims for subject/metric/unit from original articles other than `exclude_article`:
  // all whose value is within `window` (relative) of the claim's, and the group's latest 100.
  // Rows carry the claim only: claim(id) gives the one whose article is needed.
  virtual std::vector<ClaimRow> comparable_claims(const claims::Claim& claim,
                                                  int64_t exclude_article, double window = 0.5) = 0;
  // Whether `accept` holds for one of the claims within `window` of the claim's value
  // (same group, other articles); stops reading at the first, so an agreeing
  // figure costs one row however large the group.
  virtual bool any_claim_within(const claims::Claim& claim, int64_t exclude_article, double window,
                                const std::function<bool(const claims::Claim&)>& accept) = 0;
  virtual std::vector<ClaimRow> claims(const ClaimFilter& filter = {}) = 0;
  virtual std::optional<ClaimRow> claim(int64_t id) = 0;
  virtual std::vector<claims::Claim> article_claims(int64_t article_id) = 0;

  // --- alerts and their deliveries ---
  virtual std::vector<AlertRow> alerts() = 0;
  virtual std::vector<Delivery> due_deliveries(Time now, std::size_t limit = 100) = 0;
  // When the earliest pending delivery is due, if any is pending.
  virtual std::optional<Time> next_delivery_due() = 0;

  virtual StoreCounts counts() = 0;

  // --- a batch of entries (pipeline::ingest): one call for many, one round
  // trip on PostgreSQL; by default (SQLite, in-process) the calls above in turn ---
  // find_article for each of `guids`, in their order.
  virtual std::vector<std::optional<KnownArticle>> find_articles(
      int64_t feed_id, const std::vector<std::string>& guids);
  // find_original_by_url and find_original_by_hash for each key, in order.
  virtual std::vector<OriginalMatch> find_originals(const std::vector<OriginalKey>& keys);
  // near_duplicate_candidates for each text, in order.
  virtual std::vector<std::vector<int64_t>> find_near_duplicates(
      const std::vector<BandQuery>& texts, std::size_t limit = 20);
  // article_text of each id (empty for an id not stored).
  virtual std::map<int64_t, std::string> article_texts(const std::vector<int64_t>& ids);
  // article_claims of each id (an article without claims has an empty list).
  virtual std::map<int64_t, std::vector<claims::Claim>> claims_of_articles(
      const std::vector<int64_t>& ids);

  // --- the ledger (report/) ---
  // The latest `max_claims` claims (0: all) and every alert about them, from one
  // moment of the database.
  virtual LedgerData ledger(std::size_t max_claims = 0) = 0;
  // Every group (subject, metric, unit) with its signature, in that order. One
  // pass over the claims' group index: callers rebuild only the groups whose
  // signature changed.
  virtual std::vector<LedgerGroupInfo> ledger_groups() = 0;
  // Every claim of one group (`unit` nullopt: claims without a unit), oldest
  // first, and every alert one of them raised, from one moment of the database.
  virtual LedgerData ledger_group(const std::string& subject, const std::string& metric,
                                  const std::optional<std::string>& unit) = 0;
  // One page of a group: its claims from id `from_id` on, at most `limit`
  // (oldest first), the alerts those claims raised and the copies of their
  // articles. Reads by claims_group_id, so it costs the page, not the group.
  virtual LedgerData ledger_group_page(const std::string& subject, const std::string& metric,
                                       const std::optional<std::string>& unit, int64_t from_id,
                                       std::size_t limit) = 0;
  // What joined one group since a read that saw its claims up to `after_claim`
  // and its alerts up to `after_alert` (LedgerGroupInfo's last_claim and
  // last_alert), and the delivery status now of the alerts `recheck` names:
  // what brings a group's summary up to date at the cost of what changed
  // (report::LedgerCache). From one moment of the database.
  virtual LedgerGroupDelta ledger_group_since(const std::string& subject, const std::string& metric,
                                              const std::optional<std::string>& unit,
                                              int64_t after_claim, int64_t after_alert,
                                              const std::vector<int64_t>& recheck) = 0;
  // Changes whenever what ledger() returns may have changed (claims, articles and
  // their versions, alerts and their deliveries); cheap, so callers can keep what
  // they built from ledger().
  virtual std::string change_token() = 0;
};

// Reads and writes. Writes throw StoreError; inside transaction() they are undone
// together when anything in it throws.
class Store : public StoreReader {
 public:
  // Runs `work` inside one write transaction; rolls back and throws StoreError
  // (a StoreError from `work` as it is, anything else as StoreFailure::other) if it throws.
  virtual void transaction(const std::function<void()>& work) = 0;

  // Whether other writers may share this database at once (PostgreSQL): each
  // daemon then polls only the feeds it leases (lease_feeds). False on SQLite.
  virtual bool shared() const = 0;

  // Messages this store sent to its database server and waited on so far, each
  // a round trip over the network (PostgreSQL; bench/pg_roundtrips_bench.sh); 0
  // where the database is in-process (SQLite).
  virtual int64_t round_trips() const { return 0; }

  // --- feeds ---
  // The feed's id, inserting it when needed. A feed whose configured URL changed
  // is polled at the new one; otherwise a URL it moved to (record_redirect) is kept.
  virtual int64_t ensure_feed(const std::string& name, const std::string& url) = 0;
  virtual void record_fetch(int64_t feed_id, const FetchRecord& record) = 0;
  // Counts consecutive polls that were permanently redirected to `target` (empty:
  // not redirected, which resets the count). At `threshold` the feed's URL becomes
  // `target` and that URL is returned; otherwise nullopt.
  virtual std::optional<std::string> record_redirect(int64_t feed_id, const std::string& target,
                                                     int threshold) = 0;

  // Takes up to `limit` of `feed_ids` that are due at `now` (next poll and any
  // Retry-After passed) and that no live writer holds, for `duration`, each under
  // a new, higher token. A lease lapses at its end, or as soon as its writer's
  // database session is gone (a daemon that died). No host (scheme://host:port)
  // gets more than `per_host` live leases among all writers together. Runs in a
  // transaction of its own (it serializes with other writers' leasing until
  // that commits). SQLite has one writer: its leases are the due feeds, token 0.
  virtual std::vector<FeedLease> lease_feeds(const std::vector<int64_t>& feed_ids, Time now,
                                             std::size_t limit, std::chrono::seconds duration,
                                             int per_host) = 0;
  // Ends the lease `token` on the feed with the open transaction; false, ending
  // nothing, when it no longer holds (another writer took the feed over): the
  // poll's result must then not be stored. Always true on SQLite.
  virtual bool release_feed(int64_t feed_id, int64_t token) = 0;
  // Extends this writer's feed leases that still hold to `duration` from now,
  // and says how many: a lease lapses only when its writer stops renewing it
  // (a daemon that hangs with its session open), not at a fixed time after it
  // was taken. Nothing to renew on SQLite (0).
  virtual std::size_t renew_leases(std::chrono::seconds duration) = 0;

  // --- articles ---
  // Stores the article, as a duplicate of `duplicate_of` when given. Without
  // one, another writer may have stored an original with the same canonical URL
  // or text hash since the caller looked (PostgreSQL): the article is then
  // stored as a duplicate of that original, and the result says so.
  virtual StoredArticle insert_article(int64_t feed_id, const NewArticle& article,
                                       std::optional<int64_t> duplicate_of) = 0;
  // A changed article: new title, content, text and hash; its version goes up by one.
  virtual void update_article(int64_t id, const NewArticle& article) = 0;
  // Adds an original article's band keys to the near-duplicate index, under the
  // span it was fetched in (`fetched_at`).
  virtual void insert_fingerprint(int64_t article_id, Time fetched_at,
                                  const std::vector<int64_t>& band_keys) = 0;
  // insert_article for each row, in order; a row that copies an earlier row is
  // stored as a duplicate of that row's original. Ids grow in row order, but
  // for rows PostgreSQL stores one by one after the others: an original another
  // writer stored first, and copies of a row that is itself a copy. Returns
  // each row's result, in order.
  virtual std::vector<StoredArticle> insert_articles(int64_t feed_id,
                                                     const std::vector<ArticleInsert>& rows);
  // insert_fingerprint for each row.
  virtual void insert_fingerprints(const std::vector<FingerprintInsert>& rows);

  // --- claims ---
  // Holds, until the transaction ends, a lock on each subject/metric/unit group,
  // so that writers comparing and storing figures of one group take turns and
  // a divergence between two of them is seen by the second. Call it before
  // reading the priors (comparable_claims). Nothing to do with one writer (SQLite).
  virtual void lock_groups(const std::vector<GroupKey>& groups) = 0;
  // The same for near-duplicate band keys (by stripe): a writer looking for
  // near duplicates of a text and one storing a similar text take turns, so
  // two writers do not both store one story as an original. Call it after
  // lock_groups and before near_duplicate_candidates.
  virtual void lock_bands(const std::vector<int64_t>& band_keys) = 0;
  // lock_groups then lock_bands, in one call. On PostgreSQL it also waits, with
  // neither, for any other writer's batch: call it only for a batch with
  // something new or changed, then look the new entries' guids up again.
  virtual void lock_batch(const std::vector<GroupKey>& groups,
                          const std::vector<int64_t>& band_keys);
  virtual int64_t insert_claim(int64_t article_id, const claims::Claim& claim) = 0;
  // insert_claim for each row, in order (ids grow in that order); returns their ids.
  virtual std::vector<int64_t> insert_claims(const std::vector<ClaimInsert>& rows);
  // Reads `groups` at once for the judging_group calls that follow, until an
  // article or claim is stored or changed, or the transaction ends; a group an
  // alert is stored in is read again when next judged. Nothing to do where
  // reads cost no round trip (SQLite).
  virtual void prepare_judging(const std::vector<ClaimGroup>& groups);
  // The group as ledger_group() reads it, copies perhaps left out, for judging
  // a claim just stored (pipeline/judge.cpp); valid until the next call on this
  // store. SQLite, the one writer, keeps the groups it judged and reads only
  // what was stored since, so the cost of a claim does not grow with its group;
  // PostgreSQL, where other daemons store figures too, reads the group again.
  virtual const LedgerData& judging_group(const std::string& subject, const std::string& metric,
                                          const std::optional<std::string>& unit) = 0;
  // Up to `limit` earlier claims of a group, as `scan` says (storage/judging.hpp),
  // read through an index: what judging a claim that raises no alert reads
  // (pipeline/priors.hpp), however large the group.
  virtual std::vector<PriorClaim> judging_priors(const PriorScan& scan, std::size_t limit) = 0;
  // The claims of the group's open alerts: contradictions and divergences no
  // `confirmed` alert has closed (alerts.closed, kept by insert_alert).
  virtual std::vector<LedgerClaim> open_alert_claims(const ClaimGroup& group) = 0;
  // The claims of one article in a group, oldest first (a revision's earlier figure).
  virtual std::vector<LedgerClaim> article_group_claims(int64_t article_id,
                                                        const ClaimGroup& group) = 0;

  // --- alerts and their deliveries ---
  // Inserts the alert and one pending delivery per target (webhook name or "jsonl").
  // A `confirmed` alert closes the open alerts its prior claim raised.
  virtual int64_t insert_alert(const NewAlert& alert, const std::vector<std::string>& targets) = 0;
  // Takes up to `limit` due pending deliveries for `visibility`: until then no
  // other writer takes them, so each alert is sent by one daemon at a time,
  // and again by another only when that lease lapses, or its writer's session
  // ends (its daemon died). Each carries its lease's token; a lease taken
  // again gets a higher one.
  // SQLite has one writer: its leases are the due deliveries, token 0.
  virtual std::vector<Delivery> lease_deliveries(Time now, std::size_t limit,
                                                 std::chrono::seconds visibility) = 0;
  // Extends this writer's delivery leases that still hold to `visibility` from
  // now, and says how many (as renew_leases does for feeds): a round slowed by
  // a slow webhook keeps its deliveries. Nothing to renew on SQLite (0).
  virtual std::size_t renew_delivery_leases(std::chrono::seconds visibility) = 0;
  // Records an attempt (and ends its lease). False, writing nothing, when the
  // delivery is unknown or its lease was taken over (its token no longer holds).
  virtual bool record_delivery(const Delivery& delivery) = 0;
  // Queues every failed delivery of the alert again; false if no such alert.
  virtual bool retry_alert(int64_t alert_id) = 0;

  // --- retention ([storage] keep_text) ---
  // One small step: drops the bodies (content, text) of at most `batch` articles
  // fetched before `cutoff` that no claim was read from, and at most 12 x `batch`
  // near-duplicate keys filed under spans before `cutoff`'s. Titles, URLs, hashes,
  // claims (with their articles' text), alerts and every row stay. Repeat until `done`.
  virtual PruneStats prune(Time cutoff, std::size_t batch) = 0;
  // What pruning to `cutoff` would drop now, dropping nothing (reads the whole index).
  virtual PruneStats prune_preview(Time cutoff) = 0;
  // Gives freed space back to the filesystem, at most `max_pages` pages (0: all);
  // outside a transaction when `convert`. A SQLite file made before retention
  // existed cannot do that piecemeal: with `convert` it is rewritten once (VACUUM,
  // needs the database to itself), without it nothing is freed. Returns the bytes freed.
  virtual int64_t reclaim_space(std::size_t max_pages, bool convert) = 0;
};

// Opens the store at `spec` for reading and writing, creating and migrating it
// as needed. Throws StoreError (naming the file or URL) when it cannot;
// StoreFailure::unreachable when a PostgreSQL server does not answer.
std::unique_ptr<Store> open_store(const StoreSpec& spec);

// Opens an existing store read-only: never takes a write lock or migrates.
// Throws StoreError when it is absent ("no database yet"), unreadable or too new.
std::unique_ptr<StoreReader> open_store_readonly(const StoreSpec& spec);

}  // namespace nw::storage
