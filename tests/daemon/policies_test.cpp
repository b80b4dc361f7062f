// The daemon's pure policies, tested directly: when a feed is polled next, and
// when an alert's delivery is tried again.
#include <gtest/gtest.h>

#include "daemon/delivery.hpp"
#include "daemon/poller.hpp"

namespace nw::daemon {
namespace {

using namespace std::chrono_literals;
using Status = storage::DeliveryStatus;

FeedRuntime feed(std::chrono::seconds interval, int errors = 0) {
  FeedRuntime f;
  f.config.name = "f";
  f.config.interval = interval;
  f.consecutive_errors = errors;
  return f;
}

PollResult result(bool ok) {
  PollResult r;
  r.ok = ok;
  return r;
}

const Time k_now = Time(std::chrono::sys_days(std::chrono::year(2026) / 1 / 5));

TEST(NextPollRule, ASuccessWaitsTheIntervalWithinTenPercent) {
  const auto f = feed(15min);
  EXPECT_EQ(Poller::next_poll_after(f, result(true), k_now, 0), k_now + 15min);
  EXPECT_EQ(Poller::next_poll_after(f, result(true), k_now, 1), k_now + 990s);
  EXPECT_EQ(Poller::next_poll_after(f, result(true), k_now, -1), k_now + 810s);
}

TEST(NextPollRule, ErrorsBackOffExponentiallyUpToADay) {
  EXPECT_EQ(Poller::next_poll_after(feed(60s, 1), result(false), k_now, 0), k_now + 60s);
  EXPECT_EQ(Poller::next_poll_after(feed(60s, 2), result(false), k_now, 0), k_now + 120s);
  EXPECT_EQ(Poller::next_poll_after(feed(60s, 4), result(false), k_now, 0), k_now + 480s);
  EXPECT_EQ(Poller::next_poll_after(feed(60s, 4), result(false), k_now, 1), k_now + 576s);
  // The exponent stops at 10 errors, the delay at a day ...
  EXPECT_EQ(Poller::next_poll_after(feed(60s, 30), result(false), k_now, 0), k_now + 512 * 60s);
  EXPECT_EQ(Poller::next_poll_after(feed(1h, 30), result(false), k_now, 0), k_now + 24h);
  // ... or at the interval, when that is longer.
  EXPECT_EQ(Poller::next_poll_after(feed(48h, 3), result(false), k_now, 0), k_now + 48h);
}

TEST(NextPollRule, AServersRetryAfterIsNeverCutShort) {
  auto f = feed(60s, 1);
  f.retry_until = k_now + 2h;
  EXPECT_EQ(Poller::next_poll_after(f, result(false), k_now, 0), k_now + 2h);
  f.retry_until = k_now + 10s;  // earlier than the backoff: the backoff stands
  EXPECT_EQ(Poller::next_poll_after(f, result(false), k_now, 0), k_now + 60s);
}

TEST(DeliveryBackoff, DoublesFromTwoSecondsUpToAnHour) {
  EXPECT_EQ(Deliverer::backoff(1, 1.0), 2s);
  EXPECT_EQ(Deliverer::backoff(2, 1.0), 4s);
  EXPECT_EQ(Deliverer::backoff(5, 1.0), 32s);
  EXPECT_EQ(Deliverer::backoff(12, 1.0), 3600s);
  EXPECT_EQ(Deliverer::backoff(100, 1.0), 3600s);
  EXPECT_EQ(Deliverer::backoff(5, 0.75), 24s);
  EXPECT_EQ(Deliverer::backoff(5, 1.25), 40s);
  for (int i = 0; i < 100; ++i) {
    const double j = Deliverer::random_jitter();
    EXPECT_GE(j, 0.75);
    EXPECT_LE(j, 1.25);
  }
}

TEST(DeliveryBackoff, AnAttemptIsDeliveredRetriedOrGivenUp) {
  using A = Deliverer::Attempt;
  EXPECT_EQ(Deliverer::decide(A::delivered, 1, 0s, std::nullopt, 1).status, Status::delivered);
  const auto retry = Deliverer::decide(A::failed, 3, 10s, std::nullopt, 1);
  EXPECT_EQ(retry.status, Status::pending);
  EXPECT_EQ(retry.retry_in, 8s);
  // A longer Retry-After wins, up to a day.
  EXPECT_EQ(Deliverer::decide(A::failed, 3, 10s, 600s, 1).retry_in, 600s);
  EXPECT_EQ(Deliverer::decide(A::failed, 3, 10s, 1s, 1).retry_in, 8s);
  EXPECT_EQ(Deliverer::decide(A::failed, 3, 10s, 1000h, 1).retry_in, 24h);
  // Given up: too many attempts, too old, or no such webhook any more.
  EXPECT_EQ(Deliverer::decide(A::failed, Deliverer::k_max_attempts, 10s, std::nullopt, 1).status,
            Status::failed);
  EXPECT_EQ(Deliverer::decide(A::failed, 1, 49h, std::nullopt, 1).status, Status::failed);
  EXPECT_EQ(Deliverer::decide(A::no_webhook, 1, 0s, std::nullopt, 1).status, Status::failed);
}

}  // namespace
}  // namespace nw::daemon
