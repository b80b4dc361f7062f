#include "daemon/service.hpp"

#include <spdlog/spdlog.h>
#include <systemd/sd-daemon.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <list>
#include <random>
#include <thread>

#include "claims/extractor.hpp"
#include "daemon/delivery.hpp"
#include "daemon/poller.hpp"
#include "daemon/writer.hpp"
#include "fetchers/fetcher.hpp"
#include "storage/store.hpp"

namespace nw::daemon {

namespace asio = boost::asio;

namespace {

// Reads the stored fetch state of every configured feed (registering new ones).
std::list<FeedRuntime> load_feeds(storage::Store& store, const config::Config& config) {
  std::list<FeedRuntime> feeds;
  store.transaction([&] {
    for (const auto& fc : config.feeds) {
      FeedRuntime f;
      f.config = fc;
      f.id = store.ensure_feed(fc.name, fc.url);
      if (auto s = store.feed(f.id)) {
        f.etag = s->etag;
        f.last_modified = s->last_modified;
        f.consecutive_errors = s->consecutive_errors;
        f.next_poll = s->next_poll;
        f.retry_until = s->retry_until;
      }
      feeds.push_back(std::move(f));
    }
  });
  return feeds;
}

}  // namespace

struct Service::Impl {
  config::Config config;
  asio::io_context io;
  asio::thread_pool pool{2};
  claims::Extractor extractor;
  std::list<FeedRuntime> feeds;  // stable addresses: callbacks hold references
  std::unique_ptr<Writer> writer;
  std::unique_ptr<fetchers::Fetcher> fetcher;
  std::unique_ptr<Poller> poller;
  std::unique_ptr<Deliverer> deliverer;

  explicit Impl(config::Config c)
      : config(std::move(c)),
        extractor(claims::Extractor::load(config.rule_packs, config.file.parent_path())) {
    storage::Store store(config.storage_path);
    feeds = load_feeds(store, config);
    writer = std::make_unique<Writer>(std::move(store));
    fetcher = fetchers::make_fetcher(
        io, {config.fetch.user_agent, config.fetch.max_connections, config.fetch.per_host});
    poller = std::make_unique<Poller>(io, *fetcher, pool, *writer, extractor, config);
    deliverer = std::make_unique<Deliverer>(io, *fetcher, *writer, config);
    for (const auto& f : config.feeds) {
      if (f.insecure) spdlog::warn("feed.insecure feed={} (TLS verification is off)", f.name);
    }
  }

  ~Impl() {
    fetcher->cancel_all();
    pool.join();
    writer.reset();  // drains the queue: every accepted result is committed
  }
};

Service::Service(config::Config config) : m_impl(std::make_unique<Impl>(std::move(config))) {}
Service::~Service() = default;

OnceSummary Service::once(std::chrono::seconds wait) {
  auto& m = *m_impl;
  OnceSummary summary;
  int outstanding = 0;
  const Time started = now();
  for (auto& feed : m.feeds) {
    if (feed.retry_until && *feed.retry_until > started) {
      ++summary.feeds_skipped;
      spdlog::info("feed.skipped feed={} retry_after={}", feed.config.name,
                   format_iso8601(*feed.retry_until));
      continue;
    }
    ++outstanding;
    m.poller->poll(feed, [&](const PollResult& r) {
      ++summary.feeds_polled;
      if (!r.ok) ++summary.feeds_failed;
      if (r.not_modified) ++summary.feeds_unchanged;
      summary.entries += r.entries;
      summary.stats += r.stats;
      spdlog::info("feed.polled feed={} ok={} entries={} new={} duplicates={} claims={} alerts={}",
                   r.feed, r.ok, r.entries, r.stats.new_articles, r.stats.duplicates,
                   r.stats.claims, r.stats.alerts);
      --outstanding;
    });
  }
  m.io.run();
  m.io.restart();

  // Deliver pending alerts in rounds until none is due or the wait is over.
  const auto deadline = Clock::now() + wait;
  storage::Store reader(m.config.storage_path, storage::Store::Mode::ReadOnly);
  while (true) {
    m.deliverer->run_round([](int) {});
    m.io.run();
    m.io.restart();
    m.writer->flush();
    const auto due = reader.next_delivery_due();
    if (!due || *due > deadline) break;
    std::this_thread::sleep_until(std::max(Clock::time_point(*due), Clock::now()));
  }
  for (const auto& a : reader.alerts()) summary.alerts_pending += a.status == "pending";
  return summary;
}

int Service::run() {
  auto& m = *m_impl;
  bool stopping = false;
  std::list<asio::steady_timer> timers;
  std::function<void(FeedRuntime&, asio::steady_timer&)> schedule;
  schedule = [&](FeedRuntime& feed, asio::steady_timer& timer) {
    const Time t = now();
    Time due = feed.next_poll.value_or(t);
    if (feed.retry_until && *feed.retry_until > due) due = *feed.retry_until;
    timer.expires_after(
        due > t ? std::chrono::duration_cast<std::chrono::steady_clock::duration>(due - t)
                : std::chrono::steady_clock::duration::zero());
    timer.async_wait([&](const boost::system::error_code& ec) {
      if (ec || stopping) return;
      m.poller->poll(feed, [&](const PollResult&) {
        if (!stopping) schedule(feed, timer);
      });
    });
  };
  // A feed never polled starts at a random point within its interval, so
  // thousands of feeds do not fire in the same second.
  std::mt19937 rng{std::random_device{}()};
  for (auto& feed : m.feeds) {
    if (!feed.next_poll) {
      const auto spread =
          std::max<long long>(1, std::min<long long>(feed.config.interval.count(), 60));
      feed.next_poll = now() + std::chrono::seconds(rng() % spread);
    }
    timers.emplace_back(m.io);
    schedule(feed, timers.back());
  }

  asio::steady_timer delivery_timer(m.io);
  std::function<void()> deliver = [&] {
    delivery_timer.expires_after(std::chrono::seconds(5));
    delivery_timer.async_wait([&](const boost::system::error_code& ec) {
      if (ec || stopping) return;
      m.deliverer->run_round([&](int) { deliver(); });
    });
  };
  deliver();

  asio::signal_set signals(m.io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code& ec, int sig) {
    if (ec) return;
    spdlog::info("daemon.stopping signal={}", sig);
    sd_notify(0, "STOPPING=1");
    stopping = true;
    for (auto& t : timers) t.cancel();
    delivery_timer.cancel();
    m.fetcher->cancel_all();
  });
  sd_notify(0, "READY=1");
  spdlog::info("daemon.ready feeds={} database={}", m.feeds.size(), m.config.storage_path.string());
  m.io.run();
  m.pool.wait();
  m.writer->flush();
  spdlog::info("daemon.stopped");
  return 0;
}

}  // namespace nw::daemon
