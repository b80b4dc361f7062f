#include "storage/store.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <unordered_map>

#include "storage/columns.hpp"
#include "storage/schema.hpp"

namespace nw::storage {
namespace {

constexpr int k_busy_timeout_ms = 5000;
// Claims of a subject/metric group read in full beyond the tolerance window.
constexpr std::size_t k_recent_claims = 100;

// NULL-aware binding helpers: every value goes through a bound parameter.
void bind_opt(SQLite::Statement& q, int i, const std::optional<std::string>& v) {
  if (v)
    q.bind(i, *v);
  else
    q.bind(i);
}
void bind_opt(SQLite::Statement& q, int i, const std::optional<double>& v) {
  if (v)
    q.bind(i, *v);
  else
    q.bind(i);
}
void bind_time(SQLite::Statement& q, int i, const std::optional<Time>& t) {
  if (t)
    q.bind(i, format_iso8601(*t));
  else
    q.bind(i);
}

constexpr const char* k_claim_columns =
    "c.id, c.article_id, a.url, a.title, f.name, a.published, c.subject, c.metric, c.value, "
    "c.low, c.high, c.qualifier, c.unit, c.period, c.as_of, c.source, c.force, c.quote, "
    "c.start_offset, c.end_offset";

// Claims with their article and feed, for k_claim_columns.
constexpr const char* k_claim_from =
    " FROM claims c JOIN articles a ON a.id = c.article_id JOIN feeds f ON f.id = a.feed_id";

// The same shape without the article's columns (left empty).
constexpr const char* k_claim_only_columns =
    "c.id, c.article_id, '', '', '', NULL, c.subject, c.metric, c.value, "
    "c.low, c.high, c.qualifier, c.unit, c.period, c.as_of, c.source, c.force, c.quote, "
    "c.start_offset, c.end_offset";

// Parameters 1-6 of the claims-in-a-window queries: the group, the article
// left out, and the values within `window` (relative) of the claim's.
void bind_window(SQLite::Statement& q, const claims::Claim& claim, int64_t exclude_article,
                 double window) {
  q.bind(1, claim.subject);
  q.bind(2, claim.metric);
  bind_opt(q, 3, claim.unit);
  q.bind(4, exclude_article);
  q.bind(5, claim.value * (1 - window));
  q.bind(6, window < 1 ? claim.value / (1 - window) : claim.value * 1e9);
}

ClaimRow read_claim_row(SQLite::Statement& q) {
  ClaimRow r;
  r.id = q.getColumn(0).getInt64();
  r.article_id = q.getColumn(1).getInt64();
  r.url = q.getColumn(2).getString();
  r.article_title = q.getColumn(3).getString();
  r.feed = q.getColumn(4).getString();
  r.published = col_time(q.getColumn(5));
  auto& c = r.claim;
  read_claim_fields(q, 6, c);
  c.start = static_cast<std::size_t>(q.getColumn(18).getInt64());
  c.end = static_cast<std::size_t>(q.getColumn(19).getInt64());
  return r;
}

FeedState read_feed(SQLite::Statement& q) {
  FeedState f;
  f.id = q.getColumn(0).getInt64();
  f.name = q.getColumn(1).getString();
  f.url = q.getColumn(2).getString();
  f.etag = q.getColumn(3).getString();
  f.last_modified = q.getColumn(4).getString();
  if (!q.getColumn(5).isNull()) f.last_status = q.getColumn(5).getInt();
  f.last_error = q.getColumn(6).getString();
  f.last_fetch = col_time(q.getColumn(7));
  f.last_success = col_time(q.getColumn(8));
  f.next_poll = col_time(q.getColumn(9));
  f.retry_until = col_time(q.getColumn(10));
  f.consecutive_errors = q.getColumn(11).getInt();
  f.config_url = q.getColumn(12).getString();
  return f;
}

constexpr const char* k_feed_columns =
    "id, name, url, etag, last_modified, last_status, last_error, last_fetch, last_success, "
    "next_poll, retry_until, consecutive_errors, config_url";

}  // namespace

struct Store::Impl {
  std::filesystem::path path;
  SQLite::Database db;
  // Statements run once per polled feed, prepared once and reused.
  std::unique_ptr<SQLite::Statement> record_fetch, find_redirect;

  // `slot`, prepared on first use, reset and with its bindings cleared.
  SQLite::Statement& reuse(std::unique_ptr<SQLite::Statement>& slot, const char* sql) {
    if (!slot) {
      slot = std::make_unique<SQLite::Statement>(db, sql);
    } else {
      slot->reset();
      slot->clearBindings();
    }
    return *slot;
  }

  // A statement prepared once per connection; the lease resets it (ending any
  // read it holds) when it goes out of scope.
  class Lease {
   public:
    explicit Lease(SQLite::Statement& s) : m_s(s) {}
    ~Lease() {
      // Never throws: a failed step already threw, and reset only repeats its
      // error. Bindings stay; every caller binds all parameters.
      m_s.tryReset();
    }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    SQLite::Statement& operator*() { return m_s; }

   private:
    SQLite::Statement& m_s;
  };
  std::unordered_map<std::string, std::unique_ptr<SQLite::Statement>> statements;

  Lease cached(const std::string& sql) {
    auto& slot = statements[sql];
    if (!slot) slot = std::make_unique<SQLite::Statement>(db, sql);
    return Lease(*slot);
  }

  Impl(const std::filesystem::path& p, int flags)
      : path(p), db(p.string(), flags, k_busy_timeout_ms) {}

  [[noreturn]] void fail(const std::string& what, const std::exception& e) const {
    throw StorageError(path.string() + ": " + what + ": " + e.what());
  }
};

Store::Store(const std::filesystem::path& path, Mode mode) {
  const bool rw = mode == Mode::ReadWrite;
  try {
    if (!rw && !std::filesystem::exists(path)) {
      throw StorageError(path.string() + ": no database yet (run `newswatch once` first)");
    }
    if (rw && path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
    m_impl = std::make_unique<Impl>(
        path, rw ? (SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE) : SQLite::OPEN_READONLY);
    auto& db = m_impl->db;
    const int version = db.execAndGet("PRAGMA user_version").getInt();
    const auto& steps = migrations();
    if (version > static_cast<int>(steps.size())) {
      throw StorageError(path.string() + ": database schema version " + std::to_string(version) +
                         " is newer than this newswatch understands (" +
                         std::to_string(steps.size()) + ")");
    }
    if (!rw) return;
    db.exec("PRAGMA journal_mode=WAL");
    db.exec("PRAGMA synchronous=NORMAL");
    db.exec("PRAGMA foreign_keys=ON");
    // 64 MiB of page cache: the dedup index and claim groups are read at
    // random, and the 2 MiB default made every lookup a system call.
    db.exec("PRAGMA cache_size=-65536");
    db.exec("PRAGMA temp_store=MEMORY");
    // Checkpoints every 32 MiB of log, not the default 4 MiB: a first poll
    // rewrites the same index pages in every batch, and each checkpoint copied
    // them all back (a first poll of 10,000 feeds: 13.5 s -> 11.2 s).
    db.exec("PRAGMA wal_autocheckpoint=8192");
    for (int v = version; v < static_cast<int>(steps.size()); ++v) {
      SQLite::Transaction tx(db);
      db.exec(std::string(steps[v]));
      db.exec("PRAGMA user_version=" + std::to_string(v + 1));
      tx.commit();
    }
  } catch (const StorageError&) {
    throw;
  } catch (const std::exception& e) {
    // SQLite says "unable to open database file" for a read-only filesystem
    // too; the system's reason says which (access(2) reports EROFS even to root).
    std::string why = e.what();
    const auto dir = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
    if (rw && ::access(dir.c_str(), W_OK) != 0)
      why += " (" + std::string(std::strerror(errno)) + ")";
    throw StorageError(path.string() + ": cannot open the database: " + why);
  }
}

Store::~Store() = default;
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;

void Store::transaction(const std::function<void()>& work) {
  try {
    m_impl->db.exec("BEGIN IMMEDIATE");
  } catch (const std::exception& e) {
    m_impl->fail("cannot begin a transaction", e);
  }
  try {
    work();
    m_impl->db.exec("COMMIT");
  } catch (const std::exception& e) {
    try {
      m_impl->db.exec("ROLLBACK");
    } catch (const std::exception&) {
      // The transaction is already gone (SQLite rolls back on some errors itself).
    }
    if (dynamic_cast<const StorageError*>(&e)) throw;
    m_impl->fail("transaction failed", e);
  }
}

int64_t Store::ensure_feed(const std::string& name, const std::string& url) {
  auto& db = m_impl->db;
  // Run for every configured feed at each start: prepared once.
  std::optional<int64_t> known;
  bool url_changed = false;
  {
    auto lease = m_impl->cached("SELECT id, config_url FROM feeds WHERE name = ?");
    SQLite::Statement& find = *lease;
    find.bind(1, name);
    if (find.executeStep()) {
      known = find.getColumn(0).getInt64();
      url_changed = find.getColumn(1).getString() != url;
    }
  }
  if (known) {
    const int64_t id = *known;
    if (url_changed) {
      // A new URL is a new resource: its validators and any earlier move no longer apply.
      SQLite::Statement upd(db, R"sql(
UPDATE feeds SET url = ?, config_url = ?, etag = '', last_modified = '',
  moved_to = '', moved_streak = 0 WHERE id = ?)sql");
      upd.bind(1, url);
      upd.bind(2, url);
      upd.bind(3, id);
      upd.exec();
    }
    return id;
  }
  auto lease = m_impl->cached("INSERT INTO feeds (name, url, config_url) VALUES (?, ?, ?)");
  SQLite::Statement& ins = *lease;
  ins.bind(1, name);
  ins.bind(2, url);
  ins.bind(3, url);
  ins.exec();
  return db.getLastInsertRowid();
}

std::optional<std::string> Store::record_redirect(int64_t feed_id, const std::string& target,
                                                  int threshold) {
  auto& db = m_impl->db;
  SQLite::Statement& find = m_impl->reuse(
      m_impl->find_redirect, "SELECT url, moved_to, moved_streak FROM feeds WHERE id = ?");
  find.bind(1, feed_id);
  if (!find.executeStep()) return std::nullopt;
  const std::string url = find.getColumn(0).getString();
  const std::string seen = find.getColumn(1).getString();
  const int streak = find.getColumn(2).getInt();
  find.reset();  // a cached statement must not hold its read open
  if (target.empty() && streak == 0) return std::nullopt;  // the common case: no write
  const int next = target.empty() || target == url ? 0 : target == seen ? streak + 1 : 1;
  const bool moved = next >= threshold;
  SQLite::Statement upd(db, R"sql(
UPDATE feeds SET url = CASE WHEN ? THEN ? ELSE url END, moved_to = ?, moved_streak = ?
WHERE id = ?)sql");
  // The validators stay: they came from the response at `target`.
  upd.bind(1, moved ? 1 : 0);
  upd.bind(2, target);
  upd.bind(3, moved || next == 0 ? std::string() : target);
  upd.bind(4, moved ? 0 : next);
  upd.bind(5, feed_id);
  upd.exec();
  if (moved) return target;
  return std::nullopt;
}

std::optional<FeedState> Store::feed(int64_t id) {
  auto lease = m_impl->cached(std::string("SELECT ") + k_feed_columns + " FROM feeds WHERE id = ?");
  SQLite::Statement& q = *lease;
  q.bind(1, id);
  if (!q.executeStep()) return std::nullopt;
  return read_feed(q);
}

std::vector<FeedState> Store::feeds() {
  auto lease = m_impl->cached(std::string("SELECT ") + k_feed_columns + " FROM feeds ORDER BY id");
  SQLite::Statement& q = *lease;
  std::vector<FeedState> out;
  while (q.executeStep()) out.push_back(read_feed(q));
  return out;
}

void Store::record_fetch(int64_t feed_id, const FetchRecord& r) {
  SQLite::Statement& q = m_impl->reuse(m_impl->record_fetch, R"sql(
UPDATE feeds SET
  last_status = ?, last_error = ?, last_fetch = ?,
  last_success = CASE WHEN ? THEN ? ELSE last_success END,
  etag = CASE WHEN ? <> '' THEN ? ELSE etag END,
  last_modified = CASE WHEN ? <> '' THEN ? ELSE last_modified END,
  next_poll = ?, retry_until = ?,
  consecutive_errors = CASE WHEN ? THEN 0 ELSE consecutive_errors + 1 END
WHERE id = ?)sql");
  if (r.status)
    q.bind(1, *r.status);
  else
    q.bind(1);
  q.bind(2, r.error);
  q.bind(3, format_iso8601(r.fetched_at));
  q.bind(4, r.success ? 1 : 0);
  q.bind(5, format_iso8601(r.fetched_at));
  q.bind(6, r.etag);
  q.bind(7, r.etag);
  q.bind(8, r.last_modified);
  q.bind(9, r.last_modified);
  bind_time(q, 10, r.next_poll);
  bind_time(q, 11, r.retry_until);
  q.bind(12, r.success ? 1 : 0);
  q.bind(13, feed_id);
  q.exec();
}

std::optional<KnownArticle> Store::find_article(int64_t feed_id, const std::string& guid) {
  auto lease = m_impl->cached(
      "SELECT id, content_hash, duplicate_of FROM articles WHERE feed_id = ? AND guid = ?");
  SQLite::Statement& q = *lease;
  q.bind(1, feed_id);
  q.bind(2, guid);
  if (!q.executeStep()) return std::nullopt;
  KnownArticle k{q.getColumn(0).getInt64(), q.getColumn(1).getString(), std::nullopt};
  if (!q.getColumn(2).isNull()) k.duplicate_of = q.getColumn(2).getInt64();
  return k;
}

std::optional<int64_t> Store::find_original_by_url(const std::string& canonical_url) {
  if (canonical_url.empty()) return std::nullopt;
  auto lease = m_impl->cached(
      // "<> ''" lets SQLite use the partial index on canonical_url.
      "SELECT id FROM articles WHERE canonical_url = ? AND canonical_url <> '' "
      "AND duplicate_of IS NULL ORDER BY id LIMIT 1");
  SQLite::Statement& q = *lease;
  q.bind(1, canonical_url);
  if (!q.executeStep()) return std::nullopt;
  return q.getColumn(0).getInt64();
}

std::optional<int64_t> Store::find_original_by_hash(const std::string& content_hash) {
  auto lease = m_impl->cached(
      "SELECT id FROM articles WHERE content_hash = ? AND duplicate_of IS NULL "
      "ORDER BY id LIMIT 1");
  SQLite::Statement& q = *lease;
  q.bind(1, content_hash);
  if (!q.executeStep()) return std::nullopt;
  return q.getColumn(0).getInt64();
}

int64_t Store::insert_article(int64_t feed_id, const NewArticle& a,
                              std::optional<int64_t> duplicate_of) {
  auto lease = m_impl->cached(R"sql(
INSERT INTO articles (feed_id, guid, url, canonical_url, title, author, published, fetched_at,
                      content, text, content_hash, duplicate_of, language)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?))sql");
  SQLite::Statement& q = *lease;
  q.bind(1, feed_id);
  q.bind(2, a.guid);
  q.bind(3, a.url);
  q.bind(4, a.canonical_url);
  q.bind(5, a.title);
  q.bind(6, a.author);
  bind_time(q, 7, a.published);
  q.bind(8, format_iso8601(a.fetched_at));
  q.bind(9, a.content);
  q.bind(10, a.text);
  q.bind(11, a.content_hash);
  if (duplicate_of)
    q.bind(12, *duplicate_of);
  else
    q.bind(12);
  q.bind(13, a.language);
  q.exec();
  return m_impl->db.getLastInsertRowid();
}

std::vector<ArticleRow> Store::articles(std::size_t limit) {
  std::string sql = R"sql(
SELECT a.id, f.name, a.url, a.canonical_url, a.guid, a.title, a.published, a.fetched_at,
       a.duplicate_of, (SELECT count(*) FROM claims c WHERE c.article_id = a.id), a.version,
       a.language
FROM articles a JOIN feeds f ON f.id = a.feed_id ORDER BY a.id)sql";
  if (limit) sql += " LIMIT " + std::to_string(limit);
  auto lease = m_impl->cached(sql);
  SQLite::Statement& q = *lease;
  std::vector<ArticleRow> out;
  while (q.executeStep()) {
    ArticleRow r;
    r.id = q.getColumn(0).getInt64();
    r.feed = q.getColumn(1).getString();
    r.url = q.getColumn(2).getString();
    r.canonical_url = q.getColumn(3).getString();
    r.guid = q.getColumn(4).getString();
    r.title = q.getColumn(5).getString();
    r.published = col_time(q.getColumn(6));
    r.fetched_at = col_time(q.getColumn(7)).value_or(Time{});
    if (!q.getColumn(8).isNull()) r.duplicate_of = q.getColumn(8).getInt64();
    r.claims = q.getColumn(9).getInt64();
    r.version = q.getColumn(10).getInt();
    r.language = q.getColumn(11).getString();
    out.push_back(std::move(r));
  }
  return out;
}

void Store::update_article(int64_t id, const NewArticle& a) {
  auto lease = m_impl->cached(R"sql(
UPDATE articles SET title = ?, author = ?, published = ?, content = ?, text = ?, content_hash = ?,
                    language = ?, version = version + 1
WHERE id = ?)sql");
  SQLite::Statement& q = *lease;
  q.bind(1, a.title);
  q.bind(2, a.author);
  bind_time(q, 3, a.published);
  q.bind(4, a.content);
  q.bind(5, a.text);
  q.bind(6, a.content_hash);
  q.bind(7, a.language);
  q.bind(8, id);
  q.exec();
}

std::string Store::article_text(int64_t id) {
  auto lease = m_impl->cached("SELECT text FROM articles WHERE id = ?");
  SQLite::Statement& q = *lease;
  q.bind(1, id);
  return q.executeStep() ? q.getColumn(0).getString() : std::string();
}

void Store::insert_fingerprint(int64_t article_id, const std::vector<int64_t>& band_keys) {
  auto lease =
      m_impl->cached("INSERT OR IGNORE INTO fingerprint_bands (key, article_id) VALUES (?, ?)");
  SQLite::Statement& q = *lease;
  for (const int64_t key : band_keys) {
    q.bind(1, key);
    q.bind(2, article_id);
    q.exec();
    q.reset();
  }
}

std::vector<int64_t> Store::near_duplicate_candidates(const std::vector<int64_t>& band_keys,
                                                      std::size_t limit) {
  // One indexed probe per band; the count of shared bands ranks the candidates.
  std::unordered_map<int64_t, int> shared;
  {
    auto lease = m_impl->cached("SELECT article_id FROM fingerprint_bands WHERE key = ? LIMIT 64");
    SQLite::Statement& q = *lease;
    for (const int64_t key : band_keys) {
      q.bind(1, key);
      while (q.executeStep()) ++shared[q.getColumn(0).getInt64()];
      q.reset();
    }
  }
  std::vector<std::pair<int64_t, int>> ranked(shared.begin(), shared.end());
  std::sort(ranked.begin(), ranked.end(), [](const auto& x, const auto& y) {
    return x.second != y.second ? x.second > y.second : x.first < y.first;
  });
  std::vector<int64_t> out;
  for (std::size_t i = 0; i < ranked.size() && i < limit; ++i) out.push_back(ranked[i].first);
  return out;
}

int64_t Store::insert_claim(int64_t article_id, const claims::Claim& c) {
  auto lease = m_impl->cached(R"sql(
INSERT INTO claims (article_id, subject, metric, value, low, high, qualifier, unit, period, as_of,
                    source, force, quote, start_offset, end_offset)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?))sql");
  SQLite::Statement& q = *lease;
  q.bind(1, article_id);
  q.bind(2, c.subject);
  q.bind(3, c.metric);
  q.bind(4, c.value);
  bind_opt(q, 5, c.low);
  bind_opt(q, 6, c.high);
  q.bind(7, c.qualifier);
  bind_opt(q, 8, c.unit);
  bind_opt(q, 9, c.period);
  bind_opt(q, 10, c.as_of);
  bind_opt(q, 11, c.source);
  bind_opt(q, 12, c.force);
  q.bind(13, c.quote);
  q.bind(14, static_cast<int64_t>(c.start));
  q.bind(15, static_cast<int64_t>(c.end));
  q.exec();
  return m_impl->db.getLastInsertRowid();
}

std::vector<ClaimRow> Store::comparable_claims(const claims::Claim& claim, int64_t exclude_article,
                                               double window) {
  // Every prior figure within the tolerance window (so an agreeing report is
  // never missed however old), plus the group's most recent claims (for open
  // bounds and the nearest figure): bounded work per claim as the ledger grows.
  // Only claims columns: articles rows carry whole texts, and reading them for
  // every prior made ingest slow down as the ledger grew. Duplicates never get
  // claims, so no article needs checking either.
  auto lease = m_impl->cached(std::string("SELECT ") + k_claim_only_columns + R"sql(
FROM claims c
WHERE c.id IN (
    SELECT id FROM claims WHERE subject = ?1 AND metric = ?2 AND unit IS ?3
      AND value BETWEEN ?5 AND ?6
    UNION
    SELECT id FROM (SELECT id FROM claims WHERE subject = ?1 AND metric = ?2 AND unit IS ?3
                    ORDER BY id DESC LIMIT ?7))
  AND c.article_id <> ?4
ORDER BY c.id)sql");
  SQLite::Statement& q = *lease;
  bind_window(q, claim, exclude_article, window);
  q.bind(7, static_cast<int64_t>(k_recent_claims));
  std::vector<ClaimRow> out;
  while (q.executeStep()) out.push_back(read_claim_row(q));
  return out;
}

bool Store::any_claim_within(const claims::Claim& claim, int64_t exclude_article, double window,
                             const std::function<bool(const claims::Claim&)>& accept) {
  auto lease = m_impl->cached(std::string("SELECT ") + k_claim_only_columns + R"sql(
FROM claims c
WHERE subject = ?1 AND metric = ?2 AND unit IS ?3 AND value BETWEEN ?5 AND ?6
  AND article_id <> ?4)sql");
  SQLite::Statement& q = *lease;
  bind_window(q, claim, exclude_article, window);
  while (q.executeStep()) {
    if (accept(read_claim_row(q).claim)) return true;
  }
  return false;
}

std::vector<ClaimRow> Store::claims(const ClaimFilter& filter) {
  auto lease = m_impl->cached(std::string("SELECT ") + k_claim_columns + k_claim_from + R"sql(
WHERE (?1 = '' OR c.subject = ?1 COLLATE NOCASE) AND (?2 = '' OR c.metric = ?2 COLLATE NOCASE)
  AND c.id > ?3
ORDER BY c.id)sql");
  SQLite::Statement& q = *lease;
  q.bind(1, filter.subject);
  q.bind(2, filter.metric);
  q.bind(3, filter.after_id);
  std::vector<ClaimRow> out;
  while (q.executeStep()) out.push_back(read_claim_row(q));
  return out;
}

std::vector<claims::Claim> Store::article_claims(int64_t article_id) {
  auto lease = m_impl->cached(std::string("SELECT ") + k_claim_columns + k_claim_from + R"sql(
WHERE c.article_id = ? ORDER BY c.id)sql");
  SQLite::Statement& q = *lease;
  q.bind(1, article_id);
  std::vector<claims::Claim> out;
  while (q.executeStep()) out.push_back(read_claim_row(q).claim);
  return out;
}

std::optional<ClaimRow> Store::claim(int64_t id) {
  auto lease = m_impl->cached(std::string("SELECT ") + k_claim_columns + k_claim_from + R"sql(
WHERE c.id = ?)sql");
  SQLite::Statement& q = *lease;
  q.bind(1, id);
  if (!q.executeStep()) return std::nullopt;
  return read_claim_row(q);
}

int64_t Store::insert_alert(const NewAlert& a, const std::vector<std::string>& targets) {
  auto& db = m_impl->db;
  SQLite::Statement q(db, R"sql(
INSERT INTO alerts (uid, event, claim_id, subject, metric, unit, difference, detected_at, body)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?))sql");
  q.bind(1, a.uid);
  q.bind(2, a.event);
  q.bind(3, a.claim_id);
  q.bind(4, a.subject);
  q.bind(5, a.metric);
  q.bind(6, a.unit);
  q.bind(7, a.difference);
  q.bind(8, format_iso8601(a.detected_at));
  q.bind(9, a.body);
  q.exec();
  const int64_t id = db.getLastInsertRowid();
  SQLite::Statement d(db,
                      "INSERT INTO deliveries (alert_id, target, next_attempt) VALUES (?, ?, ?)");
  for (const auto& t : targets) {
    d.bind(1, id);
    d.bind(2, t);
    d.bind(3, format_iso8601(a.detected_at));
    d.exec();
    d.reset();
  }
  return id;
}

std::vector<AlertRow> Store::alerts() {
  auto lease = m_impl->cached(R"sql(
SELECT a.id, a.uid, a.event, a.subject, a.metric, a.detected_at, a.body,
       coalesce(sum(d.attempts), 0),
       CASE WHEN sum(d.status = 'failed') > 0 THEN 'failed'
            WHEN sum(d.status = 'pending') > 0 THEN 'pending'
            ELSE 'delivered' END
FROM alerts a LEFT JOIN deliveries d ON d.alert_id = a.id GROUP BY a.id ORDER BY a.id)sql");
  SQLite::Statement& q = *lease;
  std::vector<AlertRow> out;
  while (q.executeStep()) {
    AlertRow r;
    r.id = q.getColumn(0).getInt64();
    r.uid = q.getColumn(1).getString();
    r.event = q.getColumn(2).getString();
    r.subject = q.getColumn(3).getString();
    r.metric = q.getColumn(4).getString();
    r.detected_at = col_time(q.getColumn(5)).value_or(Time{});
    r.body = q.getColumn(6).getString();
    r.attempts = q.getColumn(7).getInt();
    r.status = q.getColumn(8).getString();
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<Delivery> Store::due_deliveries(Time now, std::size_t limit) {
  auto lease = m_impl->cached(R"sql(
SELECT d.alert_id, d.target, d.status, d.attempts, d.next_attempt, d.last_error, a.uid, a.body,
       a.detected_at
FROM deliveries d JOIN alerts a ON a.id = d.alert_id
WHERE d.status = 'pending' AND (d.next_attempt IS NULL OR d.next_attempt <= ?)
ORDER BY d.alert_id LIMIT ?)sql");
  SQLite::Statement& q = *lease;
  q.bind(1, format_iso8601(now));
  q.bind(2, static_cast<int64_t>(limit));
  std::vector<Delivery> out;
  while (q.executeStep()) {
    Delivery d;
    d.alert_id = q.getColumn(0).getInt64();
    d.target = q.getColumn(1).getString();
    d.status = q.getColumn(2).getString();
    d.attempts = q.getColumn(3).getInt();
    d.next_attempt = col_time(q.getColumn(4));
    d.last_error = q.getColumn(5).getString();
    d.uid = q.getColumn(6).getString();
    d.body = q.getColumn(7).getString();
    d.detected_at = col_time(q.getColumn(8)).value_or(Time{});
    out.push_back(std::move(d));
  }
  return out;
}

void Store::record_delivery(const Delivery& d) {
  auto lease = m_impl->cached(R"sql(
UPDATE deliveries SET status = ?, attempts = ?, next_attempt = ?, last_error = ?
WHERE alert_id = ? AND target = ?)sql");
  SQLite::Statement& q = *lease;
  q.bind(1, d.status);
  q.bind(2, d.attempts);
  bind_time(q, 3, d.next_attempt);
  q.bind(4, d.last_error);
  q.bind(5, d.alert_id);
  q.bind(6, d.target);
  q.exec();
}

std::optional<Time> Store::next_delivery_due() {
  SQLite::Statement q(
      m_impl->db,
      "SELECT min(coalesce(next_attempt, '')) FROM deliveries WHERE status = 'pending'");
  if (!q.executeStep() || q.getColumn(0).isNull()) return std::nullopt;
  const std::string t = q.getColumn(0).getString();
  return t.empty() ? std::optional<Time>(Time{}) : parse_iso8601(t);
}

bool Store::retry_alert(int64_t alert_id) {
  auto lease = m_impl->cached(
      "UPDATE deliveries SET status = 'pending', attempts = 0, next_attempt = NULL "
      "WHERE alert_id = ? AND status = 'failed'");
  SQLite::Statement& q = *lease;
  q.bind(1, alert_id);
  q.exec();
  SQLite::Statement e(m_impl->db, "SELECT 1 FROM alerts WHERE id = ?");
  e.bind(1, alert_id);
  return e.executeStep();
}

Store::Counts Store::counts() {
  auto& db = m_impl->db;
  Counts c;
  c.feeds = db.execAndGet("SELECT count(*) FROM feeds").getInt64();
  c.articles = db.execAndGet("SELECT count(*) FROM articles").getInt64();
  // Counted through the originals' partial index: duplicate_of has no index
  // of its own, and a scan of the articles reads every stored text.
  c.duplicates =
      c.articles -
      db.execAndGet("SELECT count(*) FROM articles WHERE duplicate_of IS NULL").getInt64();
  c.claims = db.execAndGet("SELECT count(*) FROM claims").getInt64();
  c.alerts = db.execAndGet("SELECT count(*) FROM alerts").getInt64();
  c.last_claim_id = db.execAndGet("SELECT coalesce(max(id), 0) FROM claims").getInt64();
  c.last_alert_id = db.execAndGet("SELECT coalesce(max(id), 0) FROM alerts").getInt64();
  return c;
}

}  // namespace nw::storage
