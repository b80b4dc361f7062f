// The alert outbox's delivery worker: posts due alerts to every webhook (or
// appends them to alerts.jsonl), records each attempt, retries with backoff.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "storage/records.hpp"

namespace boost::asio {
class io_context;
}

namespace nw::fetchers {
class Fetcher;
}

namespace nw::daemon {

class Writer;

class Deliverer {
 public:
  // Takes only its part of the config: the webhooks, and the alerts.jsonl file
  // that drains the outbox when there are none. `lease`: the term of a
  // round's delivery leases (k_lease; shorter in tests).
  Deliverer(boost::asio::io_context& io, fetchers::Fetcher& fetcher, Writer& writer,
            std::vector<config::WebhookConfig> webhooks, std::filesystem::path jsonl,
            std::chrono::seconds lease = k_lease);

  // The alerts.jsonl beside the database at `storage_path`.
  static std::filesystem::path jsonl_beside(const std::filesystem::path& storage_path);

  // Attempts every delivery due now, once; `done(attempted)` runs on the loop
  // when all attempts are recorded.
  void run_round(std::function<void(int attempted)> done);

  // How long after `attempts` failed attempts to try again: exponential from
  // 2 s, at most an hour, times `jitter` (random_jitter(): 0.75 to 1.25).
  static std::chrono::seconds backoff(int attempts, double jitter);
  static double random_jitter();

  // What one attempt came to.
  enum class Attempt { delivered, failed, no_webhook };
  // A delivery's state after an attempt: delivered; failed for good (no such
  // webhook, too many attempts or too old); else pending, retried after
  // backoff() or the server's Retry-After when longer (at most a day).
  struct Decision {
    storage::DeliveryStatus status;
    std::optional<std::chrono::seconds> retry_in;  // when pending
  };
  static Decision decide(Attempt attempt, int attempts, std::chrono::seconds age,
                         std::optional<std::chrono::seconds> retry_after, double jitter);

  // Attempts after which, or age after which, a delivery is given up as failed.
  static constexpr int k_max_attempts = 24;  // about 13 hours of retries
  static constexpr std::chrono::hours k_max_age{48};
  // How long a round's deliveries are ours (Store::lease_deliveries). The
  // round renews them every third of it while it runs, however slow the
  // webhook; a daemon that hangs stops renewing, and another sends its alerts
  // within this time (one that dies frees them at once).
  static constexpr std::chrono::seconds k_lease{60};

 private:
  struct Renewal;
  // Renews the round's delivery leases every third of their term until it ends.
  void keep_renewing(std::shared_ptr<Renewal> renewal);
  void send(storage::Delivery d, std::function<void()> recorded);
  void record(storage::Delivery d, Attempt attempt, const std::string& error,
              std::optional<std::chrono::seconds> retry_after, std::function<void()> recorded);

  boost::asio::io_context& m_io;
  fetchers::Fetcher& m_fetcher;
  Writer& m_writer;
  std::vector<config::WebhookConfig> m_webhooks;
  std::filesystem::path m_jsonl;
  std::chrono::seconds m_lease;
};

}  // namespace nw::daemon
