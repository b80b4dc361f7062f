// Feed leases on PostgreSQL: which daemon polls a due feed now, until when,
// and the token that fences what its poll stores.
#include "fetchers/address.hpp"
#include "storage/postgresql/queries.hpp"
#include "storage/postgresql/values.hpp"

namespace nw::storage::postgresql {
namespace {

// The transaction-level advisory lock that leasing writers take in turn (class
// 3 of the two-key space; lock_bands uses class 2).
constexpr const char* k_lease_lock = "SELECT pg_advisory_xact_lock(3, 0)";

}  // namespace

std::vector<FeedLease> lease_feeds(Connection& c, Tx& tx, const std::vector<int64_t>& feed_ids,
                                   Time now, std::size_t limit, std::chrono::seconds duration,
                                   int per_host) {
  if (feed_ids.empty() || limit == 0) return {};
  // Writers lease in turn, and each sees the leases committed before it (under
  // READ COMMITTED each statement reads what was committed when it began, so
  // the lock is its own statement): two writers leasing at once could
  // otherwise both see a host's last free place and take it twice.
  c.exec(tx, k_lease_lock);
  // A lease is live while it has not lapsed and its owner's session is still
  // in pg_stat_activity: a daemon killed or cut off loses its session (and its
  // leases) at once, without waiting for lease_until. A pid reused by a new
  // session only delays that until lease_until. Each host's due feeds are
  // ranked after the live leases it already has, so no host goes past per_host.
  // SKIP LOCKED passes over rows another writer holds (a poll being stored).
  const auto rows = c.exec(tx, std::string(R"sql(
WITH live AS (SELECT pid FROM pg_stat_activity),
held AS (
  SELECT host, count(*) AS n FROM feeds
  WHERE lease_owner IS NOT NULL AND lease_until > now() AND lease_owner IN (SELECT pid FROM live)
  GROUP BY host),
ranked AS (
  SELECT f.id, f.lease_owner,
         row_number() OVER (PARTITION BY f.host ORDER BY f.next_poll NULLS FIRST, f.id)
           + coalesce(h.n, 0) AS place
  FROM feeds f LEFT JOIN held h ON h.host = f.host
  WHERE f.id = ANY($1::int8[])
    AND (f.next_poll IS NULL OR f.next_poll <= to_timestamp($2::int8))
    AND (f.retry_until IS NULL OR f.retry_until <= to_timestamp($2::int8))
    AND (f.lease_owner IS NULL OR f.lease_until <= now()
         OR f.lease_owner NOT IN (SELECT pid FROM live))),
chosen AS (
  SELECT f.id AS feed, r.lease_owner AS previous FROM feeds f JOIN ranked r ON r.id = f.id
  WHERE r.place <= $4
  ORDER BY r.place, f.id LIMIT $3
  FOR UPDATE OF f SKIP LOCKED)
UPDATE feeds SET lease_owner = pg_backend_pid(), lease_until = now() + make_interval(secs => $5),
                 lease_token = nextval('lease_tokens')
FROM chosen WHERE feeds.id = chosen.feed
RETURNING )sql") + k_feed_columns + ", lease_token, chosen.previous IS NOT NULL",
                           int_array(feed_ids), seconds(now), static_cast<int64_t>(limit), per_host,
                           static_cast<double>(duration.count()));
  std::vector<FeedLease> out;
  out.reserve(rows.size());
  for (const auto& row : rows) {
    out.push_back({read_feed(row), row[13].as<int64_t>(), row[14].as<bool>()});
  }
  return out;
}

bool release_feed(Connection& c, Tx& tx, int64_t feed_id, int64_t token) {
  // Still leased under this token: nobody took it over, and it was not released
  // already (a poll's result is stored once per lease). The row stays locked
  // until the caller's transaction ends, so no other writer can take it over
  // between this check and the commit of what the poll stores.
  return c.exec(tx,
                "UPDATE feeds SET lease_owner = NULL, lease_until = NULL "
                "WHERE id = $1 AND lease_token = $2 AND lease_owner IS NOT NULL",
                feed_id, token)
             .affected_rows() > 0;
}

namespace {
// Extends this session's leases on `table` that still hold: the owner is this
// session (pg_backend_pid(), as the leasing statements set it); a lease already
// lapsed may have been taken over, so it is not revived, and a delivery
// recorded has none (record_delivery clears lease_until).
std::size_t renew_owned(Connection& c, Tx& tx, const std::string& table,
                        std::chrono::seconds duration) {
  return static_cast<std::size_t>(
      c.exec(tx,
             "UPDATE " + table +
                 " SET lease_until = now() + make_interval(secs => $1) "
                 "WHERE lease_owner = pg_backend_pid() AND lease_until > now()",
             static_cast<double>(duration.count()))
          .affected_rows());
}
}  // namespace

std::size_t renew_leases(Connection& c, Tx& tx, std::chrono::seconds duration) {
  return renew_owned(c, tx, "feeds", duration);
}

std::size_t renew_delivery_leases(Connection& c, Tx& tx, std::chrono::seconds visibility) {
  return renew_owned(c, tx, "deliveries", visibility);
}

void fill_hosts(Connection& c, Tx& tx) {
  std::vector<int64_t> ids;
  std::vector<std::string> hosts;
  for (const auto& row : c.exec(tx, "SELECT id, url FROM feeds WHERE host = ''")) {
    ids.push_back(row[0].as<int64_t>());
    hosts.push_back(fetchers::host_key(row[1].as<std::string>()));
  }
  if (ids.empty()) return;
  c.exec(tx,
         "UPDATE feeds SET host = u.host FROM unnest($1::int8[], $2::text[]) AS u(id, host) "
         "WHERE feeds.id = u.id",
         int_array(ids), text_array(hosts));
}

}  // namespace nw::storage::postgresql
