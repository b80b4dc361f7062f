#include "daemon/delivery.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <fstream>
#include <memory>
#include <random>
#include <set>
#include <string>

#include "alerts/webhook.hpp"
#include "daemon/writer.hpp"
#include "fetchers/fetcher.hpp"
#include "storage/store.hpp"

namespace nw::daemon {

namespace asio = boost::asio;

Deliverer::Deliverer(asio::io_context& io, fetchers::Fetcher& fetcher, Writer& writer,
                     std::vector<config::WebhookConfig> webhooks, std::filesystem::path jsonl,
                     std::chrono::seconds lease)
    : m_io(io),
      m_fetcher(fetcher),
      m_writer(writer),
      m_webhooks(std::move(webhooks)),
      m_jsonl(std::move(jsonl)),
      m_lease(lease) {}

std::filesystem::path Deliverer::jsonl_beside(const std::filesystem::path& storage_path) {
  return storage_path.parent_path() / "alerts.jsonl";
}

double Deliverer::random_jitter() {
  static thread_local std::mt19937 rng{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.75, 1.25)(rng);
}

std::chrono::seconds Deliverer::backoff(int attempts, double jitter) {
  // 2 s, 4 s, 8 s ... an hour at most: a brief outage costs seconds, a long one little load.
  const double base =
      std::min(3600.0, 2.0 * static_cast<double>(1 << std::clamp(attempts - 1, 0, 12)));
  return std::chrono::seconds(static_cast<long long>(base * jitter));
}

struct Deliverer::Renewal {
  explicit Renewal(asio::io_context& io) : timer(io) {}
  asio::steady_timer timer;
  bool over = false;  // (a wait that completed before the cancel must not arm again)
};

void Deliverer::keep_renewing(std::shared_ptr<Renewal> renewal) {
  renewal->timer.expires_after(std::chrono::duration_cast<std::chrono::milliseconds>(m_lease) / 3);
  renewal->timer.async_wait([this, renewal](const boost::system::error_code& ec) {
    if (ec || renewal->over) return;
    m_writer.submit(
        [lease = m_lease](storage::Store& store) -> std::function<void()> {
          store.renew_delivery_leases(lease);
          return nullptr;
        },
        [](const storage::StoreError& error) {
          spdlog::warn("alert.lease_renewal_failed error=\"{}\"", error.what());
        });
    keep_renewing(renewal);
  });
}

void Deliverer::run_round(std::function<void(int attempted)> done) {
  // The round's leases hold while it runs, however long its webhooks take.
  auto renewal = std::make_shared<Renewal>(m_io);
  keep_renewing(renewal);
  auto finish =
      std::make_shared<std::function<void(int)>>([renewal, done = std::move(done)](int attempted) {
        renewal->over = true;
        renewal->timer.cancel();
        done(attempted);
      });
  // The guard keeps the loop running while the job waits for the writer.
  auto guard = std::make_shared<asio::executor_work_guard<asio::io_context::executor_type>>(
      m_io.get_executor());
  // The writer re-runs this job alone when its batch fails; the file append is
  // not rolled back with the transaction, so an alert appended once is not again.
  auto appended_uids = std::make_shared<std::set<std::string>>();
  m_writer.submit(
      [this, finish, guard, appended_uids](storage::Store& store) -> std::function<void()> {
        // Leased, so that another daemon on the same database does not send them too.
        auto due = store.lease_deliveries(now(), 500, m_lease);
        std::vector<storage::Delivery> webhooks;
        int appended = 0;
        for (auto& d : due) {
          if (d.target != "jsonl") {
            webhooks.push_back(std::move(d));
            continue;
          }
          // Without a webhook the outbox drains into a file beside the database.
          bool ok = appended_uids->count(d.uid) > 0;
          if (!ok) {
            std::ofstream out(m_jsonl, std::ios::app);
            out << d.body << '\n';
            out.flush();
            ok = static_cast<bool>(out);
            if (ok) appended_uids->insert(d.uid);
          }
          ++d.attempts;
          d.status = ok ? storage::DeliveryStatus::delivered : storage::DeliveryStatus::pending;
          d.last_error = ok ? "" : "cannot append to " + m_jsonl.string();
          if (!ok) d.next_attempt = now() + backoff(d.attempts, random_jitter());
          store.record_delivery(d);
          if (ok) {
            ++appended;
            spdlog::info("alert.logged id={} file={} body={}", d.uid, m_jsonl.string(), d.body);
          }
        }
        return [this, finish, guard, appended, webhooks = std::move(webhooks)]() mutable {
          asio::post(m_io, [this, finish, appended, webhooks = std::move(webhooks)]() mutable {
            const int total = appended + static_cast<int>(webhooks.size());
            if (webhooks.empty()) {
              (*finish)(total);
              return;
            }
            auto left = std::make_shared<std::size_t>(webhooks.size());
            for (auto& d : webhooks) {
              send(std::move(d), [finish, left, total] {
                if (--*left == 0) (*finish)(total);
              });
            }
          });
        };
      });
}

void Deliverer::send(storage::Delivery d, std::function<void()> recorded) {
  const config::WebhookConfig* hook = nullptr;
  for (const auto& w : m_webhooks) {
    if (w.name == d.target) hook = &w;
  }
  if (!hook) {
    // The webhook was removed from the config: nothing left to deliver to.
    record(std::move(d), Attempt::no_webhook, "webhook no longer configured", std::nullopt,
           std::move(recorded));
    return;
  }
  fetchers::FetchRequest rq;
  rq.url = hook->url;
  rq.method = "POST";
  rq.body = alerts::format_body(hook->format, d.body);
  rq.headers =
      alerts::webhook_headers(hook->secret, d.uid, now().time_since_epoch().count(), rq.body);
  rq.timeout = std::chrono::seconds(15);
  rq.max_body = 64 * 1024;
  m_fetcher.fetch(std::move(rq), [this, d = std::move(d),
                                  recorded = std::move(recorded)](fetchers::FetchResult r) mutable {
    const bool ok = r.ok() && r.status >= 200 && r.status < 300;
    const std::string error =
        ok ? "" : std::string(fetchers::to_string(r.error)) + ": " + r.message;
    record(std::move(d), ok ? Attempt::delivered : Attempt::failed, error, r.retry_after,
           std::move(recorded));
  });
}

Deliverer::Decision Deliverer::decide(Attempt attempt, int attempts, std::chrono::seconds age,
                                      std::optional<std::chrono::seconds> retry_after,
                                      double jitter) {
  if (attempt == Attempt::delivered) return {storage::DeliveryStatus::delivered, std::nullopt};
  if (attempt == Attempt::no_webhook || attempts >= k_max_attempts || age > k_max_age) {
    return {storage::DeliveryStatus::failed, std::nullopt};
  }
  auto wait = backoff(attempts, jitter);
  if (retry_after && *retry_after > wait)
    wait = std::min(*retry_after, std::chrono::seconds(86400));
  return {storage::DeliveryStatus::pending, wait};
}

void Deliverer::record(storage::Delivery d, Attempt attempt, const std::string& error,
                       std::optional<std::chrono::seconds> retry_after,
                       std::function<void()> recorded) {
  ++d.attempts;
  d.last_error = error;
  const Time t = now();
  const auto age = std::chrono::duration_cast<std::chrono::seconds>(t - d.detected_at);
  const Decision next = decide(attempt, d.attempts, age, retry_after, random_jitter());
  d.status = next.status;
  if (next.status == storage::DeliveryStatus::delivered) {
    d.next_attempt.reset();
    spdlog::info("alert.delivered id={} webhook={} attempts={}", d.uid, d.target, d.attempts);
  } else if (next.status == storage::DeliveryStatus::failed) {
    spdlog::error("alert.failed id={} webhook={} attempts={} error=\"{}\"", d.uid, d.target,
                  d.attempts, error);
  } else {
    d.next_attempt = t + *next.retry_in;
    spdlog::warn("alert.retry id={} webhook={} attempts={} in_s={} error=\"{}\"", d.uid, d.target,
                 d.attempts, next.retry_in->count(), error);
  }
  m_writer.submit(
      [d](storage::Store& store) -> std::function<void()> {
        if (!store.record_delivery(d)) {
          // Our lease lapsed and another daemon took the delivery: its record stands.
          spdlog::warn("alert.lease_lost id={} webhook={}", d.uid, d.target);
        }
        return nullptr;
      },
      nullptr);
  // Recorded or not, the round moves on; the flush at its end waits for the write.
  asio::post(m_io, std::move(recorded));
}

}  // namespace nw::daemon
