// Polling one feed: fetch on the loop, parse and extract on the thread pool,
// store through the writer, then report back on the loop.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "daemon/ingest.hpp"
#include "fetchers/fetcher.hpp"
#include "storage/records.hpp"

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
  std::string error;            // when !ok
  bool storage_failed = false;  // the database refused the write (full, read-only, locked)
  int entries = 0;              // entries the feed listed
  std::string moved_to;  // the feed's new URL, when this poll made a permanent redirect stick
  IngestStats stats;
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
};

class Poller {
 public:
  // Polls in a row answered with the same permanent redirect before the feed's URL follows it.
  static constexpr int k_moves_after = 3;

  // Reads the URLs feeds moved to from the store at config.storage_path (if it exists yet).
  Poller(boost::asio::io_context& io, fetchers::Fetcher& fetcher, boost::asio::thread_pool& pool,
         Writer& writer, const claims::Extractor& extractor, const config::Config& config);

  // Polls `feed` once; `done` runs on the loop after the result is committed.
  void poll(FeedRuntime& feed, std::function<void(const PollResult&)> done);

  // When the feed should be polled next after a result, with jitter and backoff.
  static Time next_poll_after(const FeedRuntime& feed, const PollResult& result, Time now);

 private:
  void on_fetched(FeedRuntime& feed, fetchers::FetchResult fetched,
                  std::function<void(const PollResult&)> done);
  void store(FeedRuntime& feed, storage::FetchRecord record, std::vector<PreparedArticle> articles,
             PollResult result, std::function<void(const PollResult&)> done);

  boost::asio::io_context& m_io;
  fetchers::Fetcher& m_fetcher;
  boost::asio::thread_pool& m_pool;
  Writer& m_writer;
  const claims::Extractor& m_extractor;
  const config::Config& m_config;
  IngestPolicy m_policy;
};

}  // namespace nw::daemon
