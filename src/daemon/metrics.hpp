// The daemon's counters, updated on the loop thread and rendered in the
// Prometheus text exposition format for /metrics.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <string>

namespace nw::daemon {

struct PollResult;

struct Metrics {
  // Upper bounds (seconds) of the poll-duration histogram's buckets; +Inf is implicit.
  static constexpr std::array<double, 10> k_duration_buckets{0.05, 0.1, 0.25, 0.5, 1,
                                                             2.5,  5,   10,   30,  60};

  uint64_t polls = 0;
  uint64_t polls_failed = 0;
  uint64_t polls_not_modified = 0;
  std::array<uint64_t, 6> http_status{};  // no response, 1xx .. 5xx
  uint64_t bytes_fetched = 0;
  uint64_t articles_new = 0;
  uint64_t articles_duplicate = 0;
  uint64_t claims = 0;
  uint64_t alerts_raised = 0;
  uint64_t links_followed = 0;    // follow_links: item pages fetched for their main text
  uint64_t links_failed = 0;      // of those, failed (the summary was kept)
  uint64_t alerts_delivered = 0;  // webhook deliveries answered 2xx
  uint64_t alerts_failed = 0;     // webhook deliveries that failed (retried later)
  uint64_t leases_lost = 0;       // polls whose lease another daemon took over: result dropped
  uint64_t reloads = 0;
  uint64_t reloads_failed = 0;
  std::array<uint64_t, k_duration_buckets.size() + 1> duration_counts{};  // not cumulative
  double duration_sum = 0;
  // Gauges, set by whoever owns the numbers just before rendering.
  uint64_t feeds = 0;
  uint64_t queue_depth = 0;  // fetches started or queued
  // A database several daemons share: feed leases held now, and leases taken
  // from a daemon that never released them (it died, or let them lapse).
  uint64_t leases_held = 0;
  uint64_t lease_takeovers = 0;

  // Counts one finished poll and how long it took from start to commit.
  void record_poll(const PollResult& result, std::chrono::steady_clock::duration took);
  // Counts one fetch's body bytes and its HTTP status class; a failure before
  // any answer counts as "none", a file:// read (ok, status 0) has no class.
  void record_response(int status, bool ok, std::size_t bytes);
  // Text exposition format 0.0.4.
  std::string render() const;
};

}  // namespace nw::daemon
