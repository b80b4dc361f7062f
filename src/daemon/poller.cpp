#include "daemon/poller.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <random>
#include <tuple>
#include <utility>

#include "daemon/writer.hpp"
#include "parsers/identity.hpp"
#include "parsers/parse.hpp"
#include "pipeline/prepare.hpp"
#include "storage/store.hpp"
#include "util/text.hpp"

namespace nw::daemon {
namespace {

namespace asio = boost::asio;

// A uniform random number in [-1, 1]: how far into its spread a delay is jittered.
double jitter() {
  static thread_local std::mt19937 rng{std::random_device{}()};
  return std::uniform_real_distribution<double>(-1, 1)(rng);
}

}  // namespace

struct Poller::Pending {
  FeedRuntime* feed;
  storage::FetchRecord record;
  PollResult result;
  std::function<void(const PollResult&)> done;
  Time fetched_at;
  std::vector<parsers::Entry> entries;
  // The followed page of entries[i], when its link was followed.
  std::vector<std::optional<fetchers::FetchResult>> pages;
  std::size_t outstanding = 0;  // followed fetches not finished yet
  int known = 0;                // entries already stored, left out (follow_links)
  // Keeps the loop running while the poll's work is on the pool or the writer.
  std::shared_ptr<void> guard;
};

Poller::Poller(asio::io_context& io, fetchers::Fetcher& fetcher, asio::thread_pool& pool,
               Writer& writer, const claims::Extractor& extractor, config::FetchSettings fetch,
               pipeline::IngestPolicy policy)
    : m_io(io),
      m_fetcher(fetcher),
      m_pool(pool),
      m_writer(writer),
      m_extractor(extractor),
      m_fetch(std::move(fetch)),
      m_policy(std::move(policy)) {}

void Poller::reconfigure(const config::FetchSettings& fetch) {
  m_fetch.timeout = fetch.timeout;
  m_fetch.max_body = fetch.max_body;
  m_fetch.allow_private = fetch.allow_private;
}

Time Poller::next_poll_after(const FeedRuntime& feed, const PollResult& result, Time now) {
  return next_poll_after(feed, result, now, jitter());
}

Time Poller::next_poll_after(const FeedRuntime& feed, const PollResult& result, Time now,
                             double jitter) {
  using std::chrono::seconds;
  const double interval = static_cast<double>(feed.config.interval.count());
  if (result.ok) return now + seconds(static_cast<long long>(interval * (1 + 0.1 * jitter)));
  // Exponential backoff on consecutive errors, capped at a day (or the interval if longer).
  const int errors = std::min(feed.consecutive_errors, 10);
  const double cap = std::max(86400.0, interval);
  const double delay = std::min(cap, interval * static_cast<double>(1 << std::max(errors - 1, 0)));
  Time next = now + seconds(static_cast<long long>(delay * (1 + 0.2 * jitter)));
  if (feed.retry_until && *feed.retry_until > next) next = *feed.retry_until;
  return next;
}

std::size_t Poller::in_flight_limit() const {
  return std::max<std::size_t>(16 * static_cast<std::size_t>(m_fetch.max_connections), 64);
}

std::size_t Poller::fetching_limit() const {
  return std::max<std::size_t>(2 * static_cast<std::size_t>(m_fetch.max_connections), 16);
}

bool Poller::can_start() const {
  return m_fetching < fetching_limit() && m_in_flight < in_flight_limit() &&
         m_held_bytes < k_held_bytes_limit;
}

void Poller::start_waiting() {
  while (!m_stopped && !m_waiting.empty() && can_start()) {
    auto [next, next_done] = std::move(m_waiting.front());
    m_waiting.pop_front();
    start(*next, std::move(next_done));
  }
}

void Poller::stop() {
  m_stopped = true;
  m_waiting.clear();
}

void Poller::poll(FeedRuntime& feed, std::function<void(const PollResult&)> done) {
  if (m_stopped) return;
  feed.polling = true;
  if (!can_start()) {
    m_waiting.emplace_back(&feed, std::move(done));
    return;
  }
  start(feed, std::move(done));
}

void Poller::start(FeedRuntime& feed, std::function<void(const PollResult&)> done) {
  ++m_in_flight;
  ++m_fetching;
  done = [this, done = std::move(done)](const PollResult& result) {
    --m_in_flight;
    done(result);
    start_waiting();
  };
  fetchers::FetchRequest rq;
  rq.url = feed.config.url;
  rq.etag = feed.etag;
  rq.last_modified = feed.last_modified;
  rq.timeout = m_fetch.timeout;
  rq.max_body = m_fetch.max_body;
  rq.insecure = feed.config.insecure;
  m_fetcher.fetch(std::move(rq), [this, &feed, done = std::move(done)](fetchers::FetchResult r) {
    const std::size_t held = r.body.size();
    --m_fetching;
    m_held_bytes += held;
    on_fetched(feed, std::move(r), [this, held, done](const PollResult& result) {
      m_held_bytes -= held;
      done(result);
    });
    start_waiting();
  });
}

void Poller::on_fetched(FeedRuntime& feed, fetchers::FetchResult fetched,
                        std::function<void(const PollResult&)> done) {
  const Time fetched_at = now();
  PollResult result;
  result.feed = feed.config.name;
  storage::FetchRecord record;
  record.fetched_at = fetched_at;
  if (fetched.status) record.status = fetched.status;
  if (fetched.retry_after && (fetched.status == 429 || fetched.status == 503)) {
    feed.retry_until = fetched_at + *fetched.retry_after;
    record.retry_until = feed.retry_until;
  }
  if (!fetched.ok()) {
    result.error = std::string(fetchers::to_string(fetched.error)) + ": " + fetched.message;
    record.error = result.error;
    spdlog::warn("feed.fetch_failed feed={} url={} status={} error=\"{}\" elapsed_ms={}",
                 feed.config.name, redact_url(feed.config.url), fetched.status, result.error,
                 fetched.elapsed.count());
    store(feed, std::move(record), {}, std::move(result), std::move(done));
    return;
  }
  record.success = true;
  record.redirected_to = std::move(fetched.permanent_redirect_url);
  record.etag = fetched.etag;
  record.last_modified = fetched.last_modified;
  result.ok = true;
  if (fetched.not_modified()) {
    result.not_modified = true;
    store(feed, std::move(record), {}, std::move(result), std::move(done));
    return;
  }
  // Parsing and extraction are CPU work: off the loop, onto the pool.
  auto pending = std::make_shared<Pending>(
      Pending{&feed,
              std::move(record),
              std::move(result),
              std::move(done),
              fetched_at,
              {},
              {},
              0,
              0,
              std::make_shared<asio::executor_work_guard<asio::io_context::executor_type>>(
                  m_io.get_executor())});
  asio::post(m_pool, [this, pending, fetched = std::move(fetched)] {
    const config::FeedConfig& fc = pending->feed->config;
    parsers::ParseOptions opts;
    opts.url = fetched.effective_url.empty() ? fc.url : fetched.effective_url;
    opts.content_type = fetched.content_type;
    opts.kind = fc.kind;
    parsers::Feed parsed = parsers::parse_feed(fetched.body, opts);
    if (parsed.bozo) {
      spdlog::warn("feed.bozo feed={} url={} error=\"{}\"", fc.name, redact_url(fc.url),
                   parsed.bozo_message);
    }
    pending->result.entries = static_cast<int>(parsed.entries.size());
    pending->entries = std::move(parsed.entries);
    if (fc.follow_links && fc.kind != "page" && !pending->entries.empty()) {
      asio::post(m_io, [this, pending] { find_new(pending); });
    } else {
      prepare_all(pending);
    }
  });
}

// Which entries are not stored yet: only those have their links followed, and
// stored ones are left out (their text came from their page, not the summary
// this poll carries, so comparing them would make a new version every poll).
void Poller::find_new(std::shared_ptr<Pending> pending) {
  const int64_t feed_id = pending->feed->id;
  m_writer.submit(
      [this, pending, feed_id](storage::Store& store) -> std::function<void()> {
        // Only looked up here: the entries change on the loop, once this committed.
        auto known = std::make_shared<std::vector<bool>>();
        std::vector<std::string> guids;
        for (const auto& e : pending->entries) guids.push_back(parsers::entry_guid(e));
        for (const auto& found : store.find_articles(feed_id, guids)) {
          known->push_back(found.has_value());
        }
        return [this, pending, known] {
          asio::post(m_io, [this, pending, known] {
            std::vector<parsers::Entry> fresh_entries;
            for (std::size_t i = 0; i < pending->entries.size(); ++i) {
              if ((*known)[i]) {
                ++pending->known;
              } else {
                fresh_entries.push_back(std::move(pending->entries[i]));
              }
            }
            pending->entries = std::move(fresh_entries);
            std::vector<std::size_t> fresh;
            for (std::size_t i = 0; i < pending->entries.size() && fresh.size() < k_max_follows;
                 ++i) {
              const std::string& link = pending->entries[i].link;
              if (link.starts_with("http://") || link.starts_with("https://")) fresh.push_back(i);
            }
            follow(pending, std::move(fresh));
          });
        };
      },
      [this, pending](const storage::StoreError& error) {
        spdlog::warn("feed.follow_skipped feed={} error=\"storage: {}\"",
                     pending->feed->config.name, error.what());
        asio::post(m_io, [this, pending] { follow(pending, {}); });
      });
}

// Fetches the chosen entries' links with the feed's limits; links come from
// the feed, not the operator, so they may reach only public addresses unless
// [fetch] allow_private says otherwise.
void Poller::follow(std::shared_ptr<Pending> pending, std::vector<std::size_t> fresh) {
  if (fresh.empty()) {
    asio::post(m_pool, [this, pending] { prepare_all(pending); });
    return;
  }
  pending->pages.resize(pending->entries.size());
  pending->outstanding = fresh.size();
  for (std::size_t i : fresh) {
    fetchers::FetchRequest rq;
    rq.url = pending->entries[i].link;
    rq.timeout = m_fetch.timeout;
    rq.max_body = m_fetch.max_body;
    rq.insecure = pending->feed->config.insecure;
    rq.public_only = !m_fetch.allow_private;
    m_fetcher.fetch(std::move(rq), [this, pending, i](fetchers::FetchResult r) {
      pending->pages[i] = std::move(r);
      if (--pending->outstanding == 0) {
        asio::post(m_pool, [this, pending] { prepare_all(pending); });
      }
    });
  }
}

// Replaces short summaries with their pages' main text, then makes the rows (on the pool).
void Poller::prepare_all(std::shared_ptr<Pending> pending) {
  FeedRuntime& feed = *pending->feed;
  for (std::size_t i = 0; i < pending->pages.size(); ++i) {
    if (!pending->pages[i]) continue;
    parsers::Entry& e = pending->entries[i];
    const fetchers::FetchResult& page = *pending->pages[i];
    ++pending->result.followed;
    std::string error;
    if (!page.ok()) {
      error = std::string(fetchers::to_string(page.error)) + ": " + page.message;
    } else {
      parsers::ParseOptions opts;
      opts.url = page.effective_url.empty() ? e.link : page.effective_url;
      opts.content_type = page.content_type;
      opts.kind = "page";
      parsers::Feed parsed = parsers::parse_feed(page.body, opts);
      if (parsed.entries.empty() || parsed.entries[0].text.empty()) {
        error = "no main text in the page";
      } else if (parsed.entries[0].text.size() > e.text.size()) {
        e.text = std::move(parsed.entries[0].text);
        e.content = std::move(parsed.entries[0].content);
      }
    }
    if (!error.empty()) {
      ++pending->result.follow_errors;
      spdlog::warn("feed.follow_failed feed={} url={} error=\"{}\"", feed.config.name,
                   redact_url(e.link), error);
    }
  }
  pending->pages.clear();
  std::vector<pipeline::PreparedArticle> articles;
  articles.reserve(pending->entries.size());
  for (const auto& e : pending->entries) {
    articles.push_back(
        pipeline::prepare(e, pending->fetched_at, m_extractor, feed.config.language));
  }
  asio::post(m_io, [this, pending, articles = std::move(articles)]() mutable {
    pending->result.stats.unchanged += pending->known;
    pending->guard.reset();
    store(*pending->feed, std::move(pending->record), std::move(articles),
          std::move(pending->result), std::move(pending->done));
  });
}

void Poller::store(FeedRuntime& feed, storage::FetchRecord record,
                   std::vector<pipeline::PreparedArticle> articles, PollResult result,
                   std::function<void(const PollResult&)> done) {
  // Fetch state is updated here, on the loop, so the next poll sees it at once.
  // If the write then fails, the validators go back: a 304 must not hide
  // entries that were never stored.
  auto validators = std::make_pair(feed.etag, feed.last_modified);
  if (record.success) {
    feed.consecutive_errors = 0;
    if (!record.etag.empty()) feed.etag = record.etag;
    if (!record.last_modified.empty()) feed.last_modified = record.last_modified;
  } else {
    ++feed.consecutive_errors;
  }
  feed.next_poll = next_poll_after(feed, result, record.fetched_at);
  record.next_poll = feed.next_poll;
  const int64_t feed_id = feed.id;
  const std::string name = feed.config.name;
  const std::optional<int64_t> lease = feed.lease;
  result.lease = lease;
  auto shared_done = std::make_shared<std::function<void(const PollResult&)>>(std::move(done));
  auto shared_result = std::make_shared<PollResult>(std::move(result));
  auto guard = std::make_shared<asio::executor_work_guard<asio::io_context::executor_type>>(
      m_io.get_executor());
  auto finish = [this, &feed, shared_done, shared_result, guard] {
    asio::post(m_io, [&feed, shared_done, shared_result] {
      feed.polling = false;
      if (!shared_result->moved_to.empty()) {
        spdlog::info("feed.moved feed={} url={} new_url={}", feed.config.name,
                     redact_url(feed.config.url), redact_url(shared_result->moved_to));
        feed.config.url = shared_result->moved_to;
      }
      (*shared_done)(*shared_result);
    });
  };
  // The job may run twice (Writer): what it stored is counted in its continuation only.
  m_writer.submit(
      [this, feed_id, name, lease, record = std::move(record), articles = std::move(articles),
       shared_result, finish](storage::Store& store) mutable -> std::function<void()> {
        // Checked first, in the transaction that stores the result: from here
        // to the commit no other daemon can take the feed over, and a daemon
        // that lost it stores nothing over the newer state.
        if (lease && !store.release_feed(feed_id, *lease)) {
          return [shared_result, finish, name, lease] {
            spdlog::warn(
                "feed.lease_lost feed={} lease={} (another daemon took the feed over; "
                "this poll's result is dropped)",
                name, *lease);
            shared_result->lease_lost = true;
            finish();
          };
        }
        const auto stats = pipeline::ingest(store, feed_id, name, articles, m_policy);
        store.record_fetch(feed_id, record);
        std::optional<std::string> moved;
        if (record.success)
          moved = store.record_redirect(feed_id, record.redirected_to, k_moves_after);
        return [shared_result, finish, stats, moved = std::move(moved)] {
          shared_result->stats += stats;
          if (moved) shared_result->moved_to = *moved;
          finish();
        };
      },
      [this, &feed, feed_id, lease, validators, shared_result,
       finish](const storage::StoreError& error) {
        // The lease was released with the rolled-back result: end it now, so
        // that the feed is polled again soon (by any daemon) rather than when
        // the lease lapses.
        if (lease) {
          m_writer.submit([feed_id, lease](storage::Store& store) -> std::function<void()> {
            store.release_feed(feed_id, *lease);
            return nullptr;
          });
        }
        shared_result->ok = false;
        shared_result->storage_failure = error.failure();
        shared_result->stats = {};  // rolled back: nothing of it was stored
        shared_result->error = std::string("storage: ") + error.what();
        asio::post(m_io,
                   [&feed, validators] { std::tie(feed.etag, feed.last_modified) = validators; });
        finish();
      });
}

}  // namespace nw::daemon
