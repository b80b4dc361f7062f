// Polling one feed: fetch on the loop, parse and extract on the thread pool,
// store through the writer, then report back on the loop.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "fetchers/fetcher.hpp"
#include "pipeline/ingest.hpp"
#include "storage/records.hpp"
#include "storage/store.hpp"

namespace boost::asio {
class io_context;
class thread_pool;
}  // namespace boost::asio

namespace nw::claims {
class Extractor;
}

namespace nw::daemon {

class Writer;

struct PollResult {
  std::string feed;
  bool ok = false;
  bool not_modified = false;
  std::string error;  // when !ok
  // Why the database refused the write (full, read-only, busy...), when it did.
  std::optional<storage::StoreFailure> storage_failure;
  int entries = 0;        // entries the feed listed
  int followed = 0;       // new items whose link was fetched for its main text (follow_links)
  int follow_errors = 0;  // of those, fetches or extractions that failed (the summary stays)
  std::string moved_to;   // the feed's new URL, when this poll made a permanent redirect stick
  pipeline::IngestStats stats;
  std::optional<int64_t> lease;  // the token of the lease it was polled under (shared database)
  // The lease no longer held when the result was to be stored (another daemon
  // took the feed over): nothing of this poll was stored.
  bool lease_lost = false;
};

// A configured feed with its fetch state, kept in memory between polls.
struct FeedRuntime {
  config::FeedConfig config;
  int64_t id = 0;
  std::string etag;
  std::string last_modified;
  int consecutive_errors = 0;
  std::optional<Time> next_poll;
  std::optional<Time> retry_until;
  bool polling = false;
  // The token of this daemon's lease on the feed while it polls it (a database
  // several daemons share, Store::lease_feeds); none when the feed is this
  // daemon's alone. The result is stored only while the lease holds.
  std::optional<int64_t> lease;
};

class Poller {
 public:
  // Polls in a row answered with the same permanent redirect before the feed's URL follows it.
  static constexpr int k_moves_after = 3;
  // Links followed per poll at most (follow_links); later new items keep their summary.
  static constexpr std::size_t k_max_follows = 100;

  // Takes only its part of the config: the fetch settings and the ingest policy.
  Poller(boost::asio::io_context& io, fetchers::Fetcher& fetcher, boost::asio::thread_pool& pool,
         Writer& writer, const claims::Extractor& extractor, config::FetchSettings fetch,
         pipeline::IngestPolicy policy);

  // A reload's fetch settings: timeout, max_body and allow_private apply from
  // the next fetch; the connection limits are fixed at start-up (needs_restart).
  void reconfigure(const config::FetchSettings& fetch);

  // Bodies fetched and not yet committed, in bytes, beyond which no new poll starts.
  static constexpr std::size_t k_held_bytes_limit = 64 << 20;

  // Polls `feed` once; `done` runs on the loop after the result is committed.
  // A poll waits its turn while fetching_limit() polls are fetching, or
  // in_flight_limit() are between start and commit, or their bodies hold
  // k_held_bytes_limit; so memory stays under that plus fetching_limit() x max_body.
  void poll(FeedRuntime& feed, std::function<void(const PollResult&)> done);

  // Polls started and not yet committed, at most. Many, so that the writer
  // commits large batches of small feeds when fetching outpaces it (10,000
  // new feeds at max_connections 64: 8.5 s at 128, 5.5 s at 1,024, together
  // with the writer's larger batches).
  std::size_t in_flight_limit() const;
  // Polls fetching at once, at most (2 x max_connections: the next ones queued in curl).
  std::size_t fetching_limit() const;

  // Drops the polls still waiting for their turn (shutdown); those in flight finish.
  void stop();

  // When the feed should be polled next after a result, with jitter and backoff.
  static Time next_poll_after(const FeedRuntime& feed, const PollResult& result, Time now);
  // The rule itself, for a given `jitter` in [-1, 1]: after a success the
  // interval +-10%; after n consecutive errors interval x 2^(n-1) (n capped at
  // 10, the delay at a day or the interval if longer) +-20%, and never before
  // the server's Retry-After.
  static Time next_poll_after(const FeedRuntime& feed, const PollResult& result, Time now,
                              double jitter);

 private:
  struct Pending;  // one poll's parsed entries on their way to the store
  void start(FeedRuntime& feed, std::function<void(const PollResult&)> done);
  void on_fetched(FeedRuntime& feed, fetchers::FetchResult fetched,
                  std::function<void(const PollResult&)> done);
  void find_new(std::shared_ptr<Pending> pending);
  void follow(std::shared_ptr<Pending> pending, std::vector<std::size_t> fresh);
  void prepare_all(std::shared_ptr<Pending> pending);
  void store(FeedRuntime& feed, storage::FetchRecord record,
             std::vector<pipeline::PreparedArticle> articles, PollResult result,
             std::function<void(const PollResult&)> done);

  boost::asio::io_context& m_io;
  fetchers::Fetcher& m_fetcher;
  boost::asio::thread_pool& m_pool;
  Writer& m_writer;
  const claims::Extractor& m_extractor;
  config::FetchSettings m_fetch;
  pipeline::IngestPolicy m_policy;
  bool can_start() const;
  void start_waiting();

  std::size_t m_in_flight = 0;
  std::size_t m_fetching = 0;    // polls started whose fetch has not answered yet
  std::size_t m_held_bytes = 0;  // bodies of the polls fetched and not yet committed
  bool m_stopped = false;
  std::deque<std::pair<FeedRuntime*, std::function<void(const PollResult&)>>> m_waiting;
};

}  // namespace nw::daemon
