#include "daemon/metrics.hpp"

#include <spdlog/fmt/fmt.h>

#include "daemon/poller.hpp"

namespace nw::daemon {
namespace {

void counter(std::string& out, const char* name, const char* help, uint64_t value) {
  out += fmt::format("# HELP {0} {1}\n# TYPE {0} counter\n{0} {2}\n", name, help, value);
}

void gauge(std::string& out, const char* name, const char* help, uint64_t value) {
  out += fmt::format("# HELP {0} {1}\n# TYPE {0} gauge\n{0} {2}\n", name, help, value);
}

}  // namespace

void Metrics::record_poll(const PollResult& result, std::chrono::steady_clock::duration took) {
  ++polls;
  if (!result.ok) ++polls_failed;
  if (result.not_modified) ++polls_not_modified;
  if (result.lease_lost) ++leases_lost;
  articles_new += static_cast<uint64_t>(result.stats.new_articles);
  articles_duplicate += static_cast<uint64_t>(result.stats.duplicates);
  claims += static_cast<uint64_t>(result.stats.claims);
  alerts_raised += static_cast<uint64_t>(result.stats.alerts);
  links_followed += static_cast<uint64_t>(result.followed);
  links_failed += static_cast<uint64_t>(result.follow_errors);
  const double seconds = std::chrono::duration<double>(took).count();
  duration_sum += seconds;
  std::size_t i = 0;
  while (i < k_duration_buckets.size() && seconds > k_duration_buckets[i]) ++i;
  ++duration_counts[i];
}

void Metrics::record_response(int status, bool ok, std::size_t bytes) {
  const int cls = status >= 100 && status < 600 ? status / 100 : 0;
  if (cls != 0 || !ok) ++http_status[static_cast<std::size_t>(cls)];
  bytes_fetched += bytes;
}

std::string Metrics::render() const {
  std::string out;
  gauge(out, "newswatch_feeds", "Feeds configured and scheduled.", feeds);
  counter(out, "newswatch_polls_total", "Feed polls finished (fetched, parsed and committed).",
          polls);
  counter(out, "newswatch_poll_failures_total", "Feed polls that failed.", polls_failed);
  counter(out, "newswatch_polls_not_modified_total", "Feed polls answered 304 Not Modified.",
          polls_not_modified);
  out +=
      "# HELP newswatch_http_responses_total Feed fetches by HTTP status class.\n"
      "# TYPE newswatch_http_responses_total counter\n";
  static constexpr const char* k_classes[] = {"none", "1xx", "2xx", "3xx", "4xx", "5xx"};
  for (std::size_t i = 0; i < http_status.size(); ++i) {
    out += fmt::format("newswatch_http_responses_total{{class=\"{}\"}} {}\n", k_classes[i],
                       http_status[i]);
  }
  counter(out, "newswatch_fetched_bytes_total", "Feed body bytes fetched (after decompression).",
          bytes_fetched);
  out +=
      "# HELP newswatch_articles_total Articles stored, by kind.\n"
      "# TYPE newswatch_articles_total counter\n";
  out += fmt::format("newswatch_articles_total{{kind=\"new\"}} {}\n", articles_new);
  out += fmt::format("newswatch_articles_total{{kind=\"duplicate\"}} {}\n", articles_duplicate);
  counter(out, "newswatch_claims_total", "Claims extracted and stored.", claims);
  counter(out, "newswatch_alerts_raised_total", "Divergence alerts raised.", alerts_raised);
  counter(out, "newswatch_links_followed_total",
          "Item pages fetched for their main text (follow_links).", links_followed);
  counter(out, "newswatch_link_failures_total",
          "Followed item pages that failed; the feed's summary was kept.", links_failed);
  counter(out, "newswatch_alert_deliveries_total", "Webhook deliveries answered with 2xx.",
          alerts_delivered);
  counter(out, "newswatch_alert_delivery_failures_total",
          "Webhook deliveries that failed (retried with backoff).", alerts_failed);
  counter(out, "newswatch_reloads_total", "Configuration reloads (SIGHUP) applied.", reloads);
  counter(out, "newswatch_reload_failures_total", "Configuration reloads rejected as invalid.",
          reloads_failed);
  gauge(out, "newswatch_fetch_queue_depth", "Fetches in flight or queued.", queue_depth);
  gauge(out, "newswatch_feed_leases",
        "Feeds this daemon holds a lease on now (PostgreSQL shared by several daemons).",
        leases_held);
  counter(out, "newswatch_feed_lease_takeovers_total",
          "Feed leases taken over from a daemon that never released them (it died or lapsed).",
          lease_takeovers);
  counter(out, "newswatch_feed_leases_lost_total",
          "Polls whose lease another daemon took over before the result was stored (dropped).",
          leases_lost);
  out +=
      "# HELP newswatch_poll_duration_seconds Time from a poll's start to its commit.\n"
      "# TYPE newswatch_poll_duration_seconds histogram\n";
  uint64_t cumulative = 0;
  for (std::size_t i = 0; i < k_duration_buckets.size(); ++i) {
    cumulative += duration_counts[i];
    out += fmt::format("newswatch_poll_duration_seconds_bucket{{le=\"{}\"}} {}\n",
                       k_duration_buckets[i], cumulative);
  }
  cumulative += duration_counts.back();
  out += fmt::format("newswatch_poll_duration_seconds_bucket{{le=\"+Inf\"}} {}\n", cumulative);
  out += fmt::format("newswatch_poll_duration_seconds_sum {}\n", duration_sum);
  out += fmt::format("newswatch_poll_duration_seconds_count {}\n", cumulative);
  return out;
}

}  // namespace nw::daemon
