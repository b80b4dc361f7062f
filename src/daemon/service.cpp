#include "daemon/service.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <list>
#include <set>
#include <thread>
#include <unordered_map>

#include "claims/extractor.hpp"
#include "daemon/delivery.hpp"
#include "daemon/http_listener.hpp"
#include "daemon/metered_fetcher.hpp"
#include "daemon/metrics.hpp"
#include "daemon/notifier.hpp"
#include "daemon/periodic_timer.hpp"
#include "daemon/poller.hpp"
#include "daemon/reload.hpp"
#include "daemon/retention.hpp"
#include "daemon/scheduler.hpp"
#include "daemon/writer.hpp"
#include "fetchers/fetcher.hpp"
#include "report/live.hpp"
#include "report/site.hpp"
#include "storage/store.hpp"

namespace nw::daemon {

namespace asio = boost::asio;

namespace {

// How long SIGTERM waits for fetches in flight before abandoning them: shorter
// than curl's low-speed abort (10 s), so a hung server cannot hold shutdown longer.
constexpr auto k_stop_grace = std::chrono::seconds(5);
constexpr auto k_delivery_period = std::chrono::seconds(5);
// Ledger pages being built or waiting at once; more are turned away with 503.
constexpr int k_max_page_requests = 4;

// Runs one named start-up step; a failure is logged with the step's name, then thrown on.
template <class Fn>
void step(const char* name, Fn&& fn) {
  try {
    fn();
  } catch (const std::exception& e) {
    spdlog::error("daemon.start_failed step=\"{}\" error=\"{}\"", name, e.what());
    throw;
  }
}

// The store at `spec`. With StoreWait::retry, a server that cannot be reached
// is tried again, 1 s doubling to a minute apart, and each wait is logged; any
// other failure (a bad database, a wrong password) is final.
std::unique_ptr<storage::Store> open_store(const storage::StoreSpec& spec, StoreWait wait) {
  constexpr std::chrono::seconds k_max_wait{60};
  for (std::chrono::seconds delay{1};; delay = std::min(delay * 2, k_max_wait)) {
    try {
      return storage::open_store(spec);
    } catch (const storage::StoreError& e) {
      if (wait == StoreWait::fail || e.failure() != storage::StoreFailure::unreachable) throw;
      spdlog::warn("storage.unreachable database={} retry_in_s={} error=\"{}\"",
                   storage::display_name(spec), delay.count(), e.what());
      std::this_thread::sleep_for(delay);
    }
  }
}

// The ingest policy part of the config: tolerances and where alerts go.
pipeline::IngestPolicy ingest_policy(const config::Config& config) {
  pipeline::IngestPolicy policy;
  policy.tolerance = config.tolerance;
  policy.metric_tolerance = config.metric_tolerance;
  policy.open_bound_factor = config.open_bound_factor;
  policy.ledger_url = config.web_url;
  for (const auto& w : config.webhooks) {
    policy.routes.push_back(
        {w.name, w.events, w.subjects, w.metrics, w.min_difference, w.min_origins, w.cooldown});
  }
  // Without a webhook every alert goes to alerts.jsonl.
  if (policy.routes.empty()) policy.alert_targets.push_back("jsonl");
  return policy;
}

// Whether a listen address only this machine can reach.
bool loopback(const std::string& listen) {
  return listen.rfind("127.", 0) == 0 || listen.rfind("[::1]:", 0) == 0 ||
         listen.rfind("localhost:", 0) == 0;
}

// A feed's runtime state as stored (registering it if new). Inside a transaction.
// A configured feed with its stored fetch state.
FeedRuntime runtime_of(const config::FeedConfig& fc, const storage::FeedState& s) {
  FeedRuntime f;
  f.config = fc;
  f.id = s.id;
  // A feed that moved (permanent redirects, Store::record_redirect) is polled at its new
  // URL; ensure_feed has already reset it if the config's URL changed since.
  f.config.url = s.url;
  f.etag = s.etag;
  f.last_modified = s.last_modified;
  f.consecutive_errors = s.consecutive_errors;
  f.next_poll = s.next_poll;
  f.retry_until = s.retry_until;
  return f;
}

FeedRuntime load_feed(storage::Store& store, const config::FeedConfig& fc) {
  const int64_t id = store.ensure_feed(fc.name, fc.url);
  if (auto s = store.feed(id)) return runtime_of(fc, *s);
  FeedRuntime f;
  f.config = fc;
  f.id = id;
  return f;
}

// Reads the stored fetch state of every configured feed (registering new ones).
// One read of the feeds table: two statements per feed were a tenth of a
// 10,000-feed re-poll.
std::list<FeedRuntime> load_feeds(storage::Store& store, const config::Config& config) {
  std::unordered_map<std::string, storage::FeedState> stored;
  for (auto& s : store.feeds()) stored.emplace(s.name, std::move(s));
  std::list<FeedRuntime> feeds;
  store.transaction([&] {
    for (const auto& fc : config.feeds) {
      const auto it = stored.find(fc.name);
      const bool unchanged = it != stored.end() && it->second.config_url == fc.url;
      feeds.push_back(unchanged ? runtime_of(fc, it->second) : load_feed(store, fc));
    }
  });
  return feeds;
}

}  // namespace

struct Service::Impl {
  config::Config config;
  asio::io_context io;
  asio::thread_pool pool{2};
  // The ledger's pages, built off the loop on page_pool (declared after, so joined first).
  report::LivePages pages{storage::store_spec(config)};
  asio::thread_pool page_pool{1};
  std::atomic<int> page_requests{0};
  claims::Extractor extractor;
  std::list<FeedRuntime> feeds;  // stable addresses: callbacks hold references
  Metrics metrics;
  storage::StoreCounts counts;  // live totals for STATUS=
  std::unique_ptr<Writer> writer;
  // Whether other daemons share the database (Store::shared): `run` then polls
  // only the feeds it leases.
  bool shared = false;
  std::unique_ptr<fetchers::Fetcher> fetcher;
  std::unique_ptr<fetchers::Fetcher> feed_fetcher;      // counts HTTP statuses and bytes
  std::unique_ptr<fetchers::Fetcher> delivery_fetcher;  // counts webhook outcomes
  std::unique_ptr<Poller> poller;
  std::unique_ptr<Deliverer> deliverer;

  Impl(config::Config c, StoreWait wait)
      : config(std::move(c)),
        extractor(claims::Extractor::load(config.rule_packs, config.file.parent_path())) {
    std::unique_ptr<storage::Store> store;
    step("open store", [&] { store = open_store(storage::store_spec(config), wait); });
    step("load feeds", [&] { feeds = load_feeds(*store, config); });
    shared = store->shared();
    writer = std::make_unique<Writer>(std::move(store));
    fetcher = fetchers::make_fetcher(
        io, {config.fetch.user_agent, config.fetch.max_connections, config.fetch.per_host});
    feed_fetcher = make_metered_fetcher(*fetcher, [this](const fetchers::FetchResult& r) {
      metrics.record_response(r.status, r.ok(), r.body.size());
    });
    delivery_fetcher = make_metered_fetcher(*fetcher, [this](const fetchers::FetchResult& r) {
      ++(r.ok() && r.status / 100 == 2 ? metrics.alerts_delivered : metrics.alerts_failed);
    });
    poller = std::make_unique<Poller>(io, *feed_fetcher, pool, *writer, extractor, config.fetch,
                                      ingest_policy(config));
    deliverer = std::make_unique<Deliverer>(io, *delivery_fetcher, *writer, config.webhooks,
                                            Deliverer::jsonl_beside(config.storage_path));
    for (const auto& f : config.feeds) {
      if (f.insecure) spdlog::warn("feed.insecure feed={} (TLS verification is off)", f.name);
    }
  }

  ~Impl() {
    fetcher->cancel_all();
    pool.join();
    writer.reset();  // drains the queue: every accepted result is committed
  }

  // The STATUS= line: what `systemctl status` shows; with a shared database,
  // how many of the feeds this daemon is polling under its leases now.
  std::string status_line(std::size_t scheduled, std::optional<std::size_t> leased = {}) const {
    return std::to_string(scheduled) + " feeds" +
           (leased ? " (" + std::to_string(*leased) + " leased here)" : "") + ", " +
           std::to_string(counts.articles) + " articles, " + std::to_string(counts.claims) +
           " claims, " + std::to_string(counts.alerts) + " alerts";
  }

  void count_poll(const PollResult& r, std::chrono::steady_clock::duration took) {
    metrics.record_poll(r, took);
    counts.articles += r.stats.new_articles + r.stats.duplicates;
    counts.claims += r.stats.claims;
    counts.alerts += r.stats.alerts;
    // lease=: the lease the poll was stored under (0: none, SQLite), so that
    // each lease's one stored result can be told apart in several daemons' logs.
    spdlog::debug(
        "feed.polled feed={} ok={} entries={} new={} duplicates={} claims={} alerts={} "
        "followed={} follow_errors={} lease={} lease_lost={} elapsed_ms={}",
        r.feed, r.ok, r.entries, r.stats.new_articles, r.stats.duplicates, r.stats.claims,
        r.stats.alerts, r.followed, r.follow_errors, r.lease.value_or(0), r.lease_lost,
        std::chrono::duration_cast<std::chrono::milliseconds>(took).count());
  }

  void reload(Scheduler& scheduler, Notifier& notifier);

  // How `run` takes its feeds when the database is shared: leased through the
  // writer, per_host counted across every daemon.
  std::optional<Leasing> leasing() {
    if (!shared) return std::nullopt;
    Leasing l;
    l.writer = writer.get();
    l.per_host = config.fetch.per_host;
    return l;
  }
  std::optional<std::size_t> leased_here(const Scheduler& scheduler) const {
    if (!shared) return std::nullopt;
    return scheduler.leases_held();
  }

  // The steps of run() (Running holds what they set up).
  struct Running;
  void schedule_feeds(Running& r);
  void start_delivery(Running& r);
  void start_listeners(Running& r);
  void install_signals(Running& r);
  void wait_for_hup(Running& r);
  void stop(Running& r, int sig);
  // Whether no fetch is in flight any more (past the grace period, after abandoning them).
  bool drained(Running& r);
  // Answers one HTTP request: /metrics (when `metrics`), /healthz, and the ledger's
  // pages (when `pages`).
  void serve(const std::string& target, const Scheduler& scheduler, bool metrics, bool pages,
             HttpListener::Respond respond);
  void serve_page(const std::string& path, HttpListener::Respond respond);
};

Service::Service(config::Config config, StoreWait wait)
    : m_impl(std::make_unique<Impl>(std::move(config), wait)) {}
Service::~Service() = default;

OnceSummary Service::once(std::chrono::seconds wait) {
  auto& m = *m_impl;
  OnceSummary summary;
  int outstanding = 0;
  std::set<storage::StoreFailure> seen_failures;
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
      // Each way the database refused is reported once, with the first message.
      if (r.storage_failure && seen_failures.insert(*r.storage_failure).second) {
        summary.storage_errors.push_back(r.error);
      }
      if (r.not_modified) ++summary.feeds_unchanged;
      summary.entries += r.entries;
      summary.stats += r.stats;
      // Failures are logged where they happen; a feed with nothing new is no news
      // (10,000 such lines were a tenth of a re-poll's time).
      const bool news = r.stats.new_articles + r.stats.duplicates + r.stats.updated > 0;
      spdlog::log(news ? spdlog::level::info : spdlog::level::debug,
                  "feed.polled feed={} ok={} entries={} new={} duplicates={} claims={} alerts={} "
                  "followed={} follow_errors={}",
                  r.feed, r.ok, r.entries, r.stats.new_articles, r.stats.duplicates, r.stats.claims,
                  r.stats.alerts, r.followed, r.follow_errors);
      --outstanding;
    });
  }
  m.io.run();
  m.io.restart();

  // Deliver pending alerts in rounds until none is due or the wait is over.
  const auto deadline = Clock::now() + wait;
  const auto reader = storage::open_store_readonly(storage::store_spec(m.config));
  while (true) {
    m.deliverer->run_round([](int) {});
    m.io.run();
    m.io.restart();
    m.writer->flush();
    const auto due = reader->next_delivery_due();
    if (!due || *due > deadline) break;
    std::this_thread::sleep_until(std::max(Clock::time_point(*due), Clock::now()));
  }
  for (const auto& a : reader->alerts()) {
    summary.alerts_pending += a.status == storage::DeliveryStatus::pending;
  }
  return summary;
}

void Service::Impl::serve(const std::string& target, const Scheduler& scheduler, bool with_metrics,
                          bool with_pages, HttpListener::Respond respond) {
  const std::string path = target.substr(0, target.find('?'));
  if (with_metrics && path == "/metrics") {
    metrics.feeds = scheduler.size();
    metrics.queue_depth = fetcher->in_flight();
    metrics.leases_held = scheduler.leases_held();
    metrics.lease_takeovers = scheduler.lease_takeovers();
    respond({200, "text/plain; version=0.0.4; charset=utf-8", metrics.render(), {}});
    return;
  }
  // Answering at all shows the loop is turning; that is the health we can vouch for.
  if (path == "/healthz") {
    respond({200, "text/plain; charset=utf-8", "ok\n", {}});
    return;
  }
  if (with_pages) {
    if (const auto page = report::page_path(target)) {
      serve_page(*page, std::move(respond));
      return;
    }
  }
  respond({404,
           "text/plain; charset=utf-8",
           with_pages ? "not found (the ledger starts at /)\n"
                      : "not found (try /metrics or /healthz)\n",
           {}});
}

void Service::Impl::serve_page(const std::string& path, HttpListener::Respond respond) {
  if (page_requests >= k_max_page_requests) {
    respond(
        {503, "text/plain; charset=utf-8", "busy: try again shortly\n", {{"Retry-After", "1"}}});
    return;
  }
  ++page_requests;
  // Copied here, on the loop thread: a reload may change the config meanwhile.
  const report::Tolerance tolerance{config.tolerance, config.metric_tolerance,
                                    config.open_bound_factor};
  asio::post(page_pool, [this, path, tolerance, respond = std::move(respond)] {
    HttpReply reply{404, "text/plain; charset=utf-8", "no such page\n", {}};
    try {
      if (auto html = pages.page(path, tolerance)) {
        reply = {200,
                 path.ends_with(".csv") ? "text/csv; charset=utf-8" : "text/html; charset=utf-8",
                 std::move(*html),
                 {{"Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'"},
                  {"X-Content-Type-Options", "nosniff"},
                  {"Referrer-Policy", "no-referrer"},
                  {"Cache-Control", "no-cache"}}};
      }
    } catch (const std::exception& e) {
      spdlog::error("web.page_failed page={} error=\"{}\"", path, e.what());
      reply = {500, "text/plain; charset=utf-8", "the ledger could not be read\n", {}};
    }
    --page_requests;
    respond(std::move(reply));
  });
}

void Service::Impl::reload(Scheduler& scheduler, Notifier& notifier) {
  spdlog::info("daemon.reloading file={}", config.file.string());
  notifier.reloading();
  config::Config next;
  try {
    std::vector<config::Diagnostic> warnings;
    next = config::load(config.file, &warnings);
    for (const auto& w : warnings) spdlog::warn("config.warning {}", w.to_string());
  } catch (const config::ConfigError& e) {
    for (const auto& d : e.diagnostics()) spdlog::error("config.invalid {}", d.to_string());
    spdlog::error("daemon.reload_failed file={} (keeping the running configuration)",
                  config.file.string());
    ++metrics.reloads_failed;
    notifier.reloaded(status_line(scheduler.size()) + "; last reload failed");
    return;
  }
  for (const auto& what : needs_restart(config, next)) {
    spdlog::warn("config.needs_restart setting=\"{}\" (changed; takes effect after a restart)",
                 what);
  }
  const FeedDiff diff = diff_feeds(config, next);
  std::set<std::string> moved;  // feeds whose URL changed: their stored validators go too
  for (const auto& fc : diff.changed) {
    for (const auto& old : config.feeds) {
      if (old.name == fc.name && old.url != fc.url) moved.insert(fc.name);
    }
  }
  apply_reloadable(config, next);
  poller->reconfigure(config.fetch);
  for (const auto& name : diff.removed) scheduler.remove(name);
  for (const auto& fc : diff.changed) {
    if (moved.count(fc.name)) {
      writer->submit([fc](storage::Store& store) -> std::function<void()> {
        store.ensure_feed(fc.name, fc.url);
        return nullptr;
      });
    }
    scheduler.update(fc);
  }
  for (const auto& fc : diff.added) {
    if (fc.insecure) spdlog::warn("feed.insecure feed={} (TLS verification is off)", fc.name);
    // Registered through the writer (the one connection that writes), then scheduled on the loop.
    auto guard = asio::make_work_guard(io);
    writer->submit([this, fc, &scheduler, guard](storage::Store& store) -> std::function<void()> {
      auto feed = std::make_shared<FeedRuntime>(load_feed(store, fc));
      return [this, feed, &scheduler, guard] {
        asio::post(io, [feed, &scheduler, guard] { scheduler.add(std::move(*feed)); });
      };
    });
  }
  ++metrics.reloads;
  spdlog::info("daemon.reloaded added={} removed={} changed={} feeds={}", diff.added.size(),
               diff.removed.size(), diff.changed.size(), config.feeds.size());
  notifier.reloaded(status_line(config.feeds.size()));
}

// What `run` sets up, in start-up order (and torn down in reverse).
struct Service::Impl::Running {
  explicit Running(Impl& m)
      : notifier(m.io),
        scheduler(
            m.io, *m.poller,
            [this, &m](const PollResult& r, auto took) {
              m.count_poll(r, took);
              notifier.status(m.status_line(scheduler.size(), m.leased_here(scheduler)));
            },
            m.leasing()) {}

  Notifier notifier;
  Scheduler scheduler;
  std::unique_ptr<PeriodicTimer> delivery;
  std::unique_ptr<Retention> retention;  // with [storage] keep_text
  std::unique_ptr<HttpListener> listener, web_listener;
  std::unique_ptr<asio::signal_set> hup, stop_signals;
  std::unique_ptr<PeriodicTimer> drain;
  std::chrono::steady_clock::time_point deadline;
  bool stopping = false;
};

void Service::Impl::schedule_feeds(Running& r) {
  for (auto& feed : feeds) r.scheduler.add(std::move(feed));
  feeds.clear();
}

void Service::Impl::start_delivery(Running& r) {
  r.delivery = std::make_unique<PeriodicTimer>(io, k_delivery_period, [this](auto done) {
    deliverer->run_round([done = std::move(done)](int) { done(); });
  });
  r.delivery->start();
}

void Service::Impl::start_listeners(Running& r) {
  // Pages go on [web] listen when it is set, else beside /metrics.
  const bool pages_on_metrics = !config.web_listen;
  if (config.metrics_listen) {
    r.listener = std::make_unique<HttpListener>(
        io, *config.metrics_listen,
        [this, &r, pages_on_metrics](const std::string& target, HttpListener::Respond respond) {
          serve(target, r.scheduler, true, pages_on_metrics, std::move(respond));
        });
    spdlog::info("metrics.listening listen={} port={}", *config.metrics_listen, r.listener->port());
  }
  if (config.web_listen) {
    r.web_listener = std::make_unique<HttpListener>(
        io, *config.web_listen,
        [this, &r](const std::string& target, HttpListener::Respond respond) {
          serve(target, r.scheduler, false, true, std::move(respond));
        });
    spdlog::info("web.listening listen={} port={}", *config.web_listen, r.web_listener->port());
  }
  for (const auto& listen : {config.metrics_listen, config.web_listen}) {
    if (listen && !loopback(*listen)) {
      spdlog::warn(
          "web.public listen={} (reachable from other machines: the ledger and metrics "
          "are readable by anyone who can connect)",
          *listen);
    }
  }
}

void Service::Impl::install_signals(Running& r) {
  r.hup = std::make_unique<asio::signal_set>(io, SIGHUP);
  wait_for_hup(r);
  r.stop_signals = std::make_unique<asio::signal_set>(io, SIGINT, SIGTERM);
  r.stop_signals->async_wait([this, &r](const boost::system::error_code& ec, int sig) {
    if (!ec) stop(r, sig);
  });
}

void Service::Impl::wait_for_hup(Running& r) {
  r.hup->async_wait([this, &r](const boost::system::error_code& ec, int) {
    if (ec || r.stopping) return;
    reload(r.scheduler, r.notifier);
    wait_for_hup(r);
  });
}

// Stopping: no new polls or deliveries; fetches in flight get k_stop_grace to finish.
void Service::Impl::stop(Running& r, int sig) {
  spdlog::info("daemon.stopping signal={} in_flight={}", sig, fetcher->in_flight());
  r.notifier.stopping();
  r.stopping = true;
  r.scheduler.stop();
  poller->stop();
  r.delivery->stop();
  if (r.retention) r.retention->stop();
  r.hup->cancel();
  if (r.listener) r.listener->close();
  if (r.web_listener) r.web_listener->close();
  r.deadline = std::chrono::steady_clock::now() + k_stop_grace;
  if (!drained(r)) {
    r.drain =
        std::make_unique<PeriodicTimer>(io, std::chrono::milliseconds(100), [this, &r](auto done) {
          if (drained(r)) r.drain->stop();
          done();
        });
    r.drain->start();
  }
}

bool Service::Impl::drained(Running& r) {
  if (fetcher->in_flight() == 0) return true;
  if (std::chrono::steady_clock::now() < r.deadline) return false;
  spdlog::warn("daemon.abandoning in_flight={} after_s={}", fetcher->in_flight(),
               k_stop_grace.count());
  fetcher->cancel_all();
  return true;
}

// The start-up steps in their fixed order (the store was opened and the feeds
// loaded by the constructor), then the loop, then the drain.
int Service::run() {
  auto& m = *m_impl;
  // The totals STATUS= shows; `once` prints its own and never needs them.
  step("read totals",
       [&] { m.counts = storage::open_store_readonly(storage::store_spec(m.config))->counts(); });
  Impl::Running r(m);
  step("schedule feeds", [&] { m.schedule_feeds(r); });
  step("start delivery", [&] { m.start_delivery(r); });
  step("start retention", [&] {
    if (!m.config.keep_text) return;
    r.retention = std::make_unique<Retention>(m.io, *m.writer, *m.config.keep_text);
    r.retention->start();
  });
  step("start listeners", [&] { m.start_listeners(r); });
  step("install signals", [&] { m.install_signals(r); });
  step("notify ready",
       [&] { r.notifier.ready(m.status_line(r.scheduler.size(), m.leased_here(r.scheduler))); });
  spdlog::info("daemon.ready feeds={} database={} leasing={}", r.scheduler.size(),
               storage::display_name(storage::store_spec(m.config)), m.shared);
  m.io.run();
  // Drain: parsing on the pool, pages being built, then every accepted write.
  m.pool.wait();
  m.page_pool.join();  // a page still being built answers a closed connection
  m.writer->flush();
  spdlog::info("daemon.stopped");
  return 0;
}

}  // namespace nw::daemon
