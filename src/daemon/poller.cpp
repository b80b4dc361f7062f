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

#include "claims/extractor.hpp"
#include "daemon/writer.hpp"
#include "dedup/canonical.hpp"
#include "parsers/parse.hpp"
#include "storage/store.hpp"
#include "util/text.hpp"

namespace nw::daemon {
namespace {

namespace asio = boost::asio;

// Turns a parsed entry into a row and its claims (runs on the thread pool).
PreparedArticle prepare(const parsers::Entry& e, Time fetched_at,
                        const claims::Extractor& extractor, const std::string& language) {
  PreparedArticle p;
  auto& a = p.article;
  a.url = e.link;
  a.canonical_url = e.link.empty() ? "" : dedup::canonical_url(e.link);
  a.guid = !e.id.empty() ? e.id : !e.link.empty() ? e.link : sha256_hex(e.title + "\n" + e.content);
  a.title = e.title;
  a.author = e.author;
  a.published = e.published ? e.published : e.updated;
  a.fetched_at = fetched_at;
  a.content = e.content.empty() ? e.summary : e.content;
  std::string body = e.text.empty() ? parsers::html_to_text(a.content) : e.text;
  // The headline often carries the figure, so it is part of the text claims come from.
  a.text = a.title.empty() ? body : body.empty() ? a.title : a.title + "\n\n" + body;
  a.content_hash = dedup::text_hash(body.empty() ? a.title : body);
  p.claims = extractor.extract(a.text, claims::DocContext{a.published, language});
  p.body = body.empty() ? a.title : std::move(body);
  fingerprint(p);
  return p;
}

double jitter(double spread) {
  static thread_local std::mt19937 rng{std::random_device{}()};
  return std::uniform_real_distribution<double>(1 - spread, 1 + spread)(rng);
}

}  // namespace

Poller::Poller(asio::io_context& io, fetchers::Fetcher& fetcher, asio::thread_pool& pool,
               Writer& writer, const claims::Extractor& extractor, const config::Config& config)
    : m_io(io),
      m_fetcher(fetcher),
      m_pool(pool),
      m_writer(writer),
      m_extractor(extractor),
      m_config(config) {
  m_policy.tolerance = config.tolerance;
  m_policy.metric_tolerance = config.metric_tolerance;
  for (const auto& w : config.webhooks) m_policy.alert_targets.push_back(w.name);
  if (m_policy.alert_targets.empty()) m_policy.alert_targets.push_back("jsonl");
}

Time Poller::next_poll_after(const FeedRuntime& feed, const PollResult& result, Time now) {
  using std::chrono::seconds;
  const double interval = static_cast<double>(feed.config.interval.count());
  if (result.ok) return now + seconds(static_cast<long long>(interval * jitter(0.1)));
  // Exponential backoff on consecutive errors, capped at a day (or the interval if longer).
  const int errors = std::min(feed.consecutive_errors, 10);
  const double cap = std::max(86400.0, interval);
  const double delay = std::min(cap, interval * static_cast<double>(1 << std::max(errors - 1, 0)));
  Time next = now + seconds(static_cast<long long>(delay * jitter(0.2)));
  if (feed.retry_until && *feed.retry_until > next) next = *feed.retry_until;
  return next;
}

void Poller::poll(FeedRuntime& feed, std::function<void(const PollResult&)> done) {
  feed.polling = true;
  fetchers::FetchRequest rq;
  rq.url = feed.config.url;
  rq.etag = feed.etag;
  rq.last_modified = feed.last_modified;
  rq.timeout = m_config.fetch.timeout;
  rq.max_body = m_config.fetch.max_body;
  rq.insecure = feed.config.insecure;
  m_fetcher.fetch(std::move(rq), [this, &feed, done = std::move(done)](fetchers::FetchResult r) {
    on_fetched(feed, std::move(r), done);
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
                 feed.config.name, feed.config.url, fetched.status, result.error,
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
  // The guard keeps the loop running while the work is away from it.
  auto guard = std::make_shared<asio::executor_work_guard<asio::io_context::executor_type>>(
      m_io.get_executor());
  asio::post(m_pool, [this, &feed, guard, fetched = std::move(fetched), record = std::move(record),
                      result = std::move(result), done = std::move(done), fetched_at]() mutable {
    parsers::ParseOptions opts;
    opts.url = fetched.effective_url.empty() ? feed.config.url : fetched.effective_url;
    opts.content_type = fetched.content_type;
    opts.kind = feed.config.kind;
    const parsers::Feed parsed = parsers::parse_feed(fetched.body, opts);
    if (parsed.bozo) {
      spdlog::warn("feed.bozo feed={} url={} error=\"{}\"", feed.config.name, feed.config.url,
                   parsed.bozo_message);
    }
    std::vector<PreparedArticle> articles;
    articles.reserve(parsed.entries.size());
    for (const auto& e : parsed.entries) {
      articles.push_back(prepare(e, fetched_at, m_extractor, feed.config.language));
    }
    result.entries = static_cast<int>(parsed.entries.size());
    asio::post(m_io, [this, &feed, record = std::move(record), articles = std::move(articles),
                      result = std::move(result), done = std::move(done)]() mutable {
      store(feed, std::move(record), std::move(articles), std::move(result), std::move(done));
    });
  });
}

void Poller::store(FeedRuntime& feed, storage::FetchRecord record,
                   std::vector<PreparedArticle> articles, PollResult result,
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
  auto shared_done = std::make_shared<std::function<void(const PollResult&)>>(std::move(done));
  auto shared_result = std::make_shared<PollResult>(std::move(result));
  auto guard = std::make_shared<asio::executor_work_guard<asio::io_context::executor_type>>(
      m_io.get_executor());
  auto finish = [this, &feed, shared_done, shared_result, guard] {
    asio::post(m_io, [&feed, shared_done, shared_result] {
      feed.polling = false;
      if (!shared_result->moved_to.empty()) {
        spdlog::info("feed.moved feed={} url={} new_url={}", feed.config.name, feed.config.url,
                     shared_result->moved_to);
        feed.config.url = shared_result->moved_to;
      }
      (*shared_done)(*shared_result);
    });
  };
  m_writer.submit(
      [this, feed_id, name, record = std::move(record), articles = std::move(articles),
       shared_result, finish](storage::Store& store) mutable -> std::function<void()> {
        shared_result->stats = ingest(store, feed_id, name, articles, m_policy);
        store.record_fetch(feed_id, record);
        if (record.success) {
          if (auto moved = store.record_redirect(feed_id, record.redirected_to, k_moves_after)) {
            shared_result->moved_to = *moved;
          }
        }
        return finish;
      },
      [this, &feed, validators, shared_result, finish](const std::string& error) {
        shared_result->ok = false;
        shared_result->storage_failed = true;
        shared_result->stats = {};  // rolled back: nothing of it was stored
        shared_result->error = "storage: " + error;
        asio::post(m_io,
                   [&feed, validators] { std::tie(feed.etag, feed.last_modified) = validators; });
        finish();
      });
}

}  // namespace nw::daemon
