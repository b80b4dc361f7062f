#include "daemon/scheduler.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <random>

#include "daemon/writer.hpp"

namespace nw::daemon {

namespace asio = boost::asio;

namespace {
// How soon after a leased poll commits the next lease round runs: a moment, so
// that the commits of one writer batch bring one round, not one each.
constexpr std::chrono::milliseconds k_lease_after_commit{20};
}  // namespace

struct Scheduler::Slot {
  FeedRuntime feed;
  asio::steady_timer timer;
  uint64_t generation = 0;  // a timer handler from an older schedule() does nothing
  bool removed = false;
  std::optional<config::FeedConfig> pending;  // settings for after the poll in flight

  Slot(asio::io_context& io, FeedRuntime f) : feed(std::move(f)), timer(io) {}
};

Scheduler::Scheduler(asio::io_context& io, Poller& poller, Polled polled,
                     std::optional<Leasing> leasing)
    : m_io(io), m_poller(poller), m_polled(std::move(polled)), m_leasing(std::move(leasing)) {
  if (m_leasing) m_lease_timer = std::make_unique<asio::steady_timer>(io);
}

Scheduler::~Scheduler() = default;

void Scheduler::add(FeedRuntime feed) {
  if (m_stopped) return;
  if (m_leasing) {
    // When it is due is the database's to say (next_poll, set by whoever polled it last).
    m_slots.emplace_back(m_io, std::move(feed));
    m_by_id[m_slots.back().feed.id] = &m_slots.back();
    lease_after(std::chrono::milliseconds(0));
    return;
  }
  if (!feed.next_poll) {
    static std::mt19937 rng{std::random_device{}()};
    const auto spread =
        std::max<long long>(1, std::min<long long>(feed.config.interval.count(), 60));
    feed.next_poll = now() + std::chrono::seconds(static_cast<long long>(rng() % spread));
  }
  m_slots.emplace_back(m_io, std::move(feed));
  schedule(m_slots.back());
}

Scheduler::Slot* Scheduler::find(const std::string& name) {
  for (auto& s : m_slots) {
    if (!s.removed && s.feed.config.name == name) return &s;
  }
  return nullptr;
}

void Scheduler::remove(const std::string& name) {
  if (Slot* s = find(name)) {
    s->removed = true;
    ++s->generation;
    s->timer.cancel();
  }
}

void Scheduler::update(const config::FeedConfig& config) {
  Slot* s = find(config.name);
  if (!s) return;
  // The pool may be reading the feed's settings while it parses: change them between polls.
  if (s->feed.polling) {
    s->pending = config;
    return;
  }
  apply(*s, config);
  if (!m_stopped) schedule(*s);
}

void Scheduler::apply(Slot& slot, const config::FeedConfig& config) {
  FeedRuntime& f = slot.feed;
  const Time t = now();
  if (config.url != f.config.url || config.kind != f.config.kind) {
    f.etag.clear();
    f.last_modified.clear();
    f.next_poll = t;
  } else if (config.interval < f.config.interval && f.next_poll &&
             *f.next_poll > t + config.interval) {
    f.next_poll = t + config.interval;
  }
  f.config = config;
}

void Scheduler::stop() {
  m_stopped = true;
  if (m_lease_timer) m_lease_timer->cancel();
  for (auto& s : m_slots) {
    ++s.generation;
    s.timer.cancel();
  }
}

std::size_t Scheduler::size() const {
  std::size_t n = 0;
  for (const auto& s : m_slots) n += !s.removed;
  return n;
}

void Scheduler::schedule(Slot& slot) {
  if (m_leasing) return;  // polled when leased (lease_round), never by a timer
  const uint64_t generation = ++slot.generation;
  const Time t = now();
  Time due = slot.feed.next_poll.value_or(t);
  if (slot.feed.retry_until && *slot.feed.retry_until > due) due = *slot.feed.retry_until;
  slot.timer.expires_after(
      due > t ? std::chrono::duration_cast<std::chrono::steady_clock::duration>(due - t)
              : std::chrono::steady_clock::duration::zero());
  slot.timer.async_wait([this, &slot, generation](const boost::system::error_code& ec) {
    if (ec || m_stopped || slot.removed || generation != slot.generation) return;
    if (slot.feed.polling) return;  // the poll in flight reschedules when it ends
    poll(slot);
  });
}

void Scheduler::poll(Slot& slot) {
  const auto started = std::chrono::steady_clock::now();
  m_poller.poll(slot.feed, [this, &slot, started](const PollResult& result) {
    if (slot.feed.lease) {
      slot.feed.lease.reset();  // released with the commit, or lost to another daemon
      --m_leases_held;
      // Its host has a free place again (for any daemon): the next round comes
      // soon, not a whole period later, once the commits around it are in.
      lease_after(k_lease_after_commit);
    }
    m_polled(result, std::chrono::steady_clock::now() - started);
    if (slot.pending) {
      apply(slot, *slot.pending);
      slot.pending.reset();
    }
    if (!m_stopped && !slot.removed) schedule(slot);
  });
}

// One lease round at a time: none is armed while one runs (its job is on the
// writer); arming again moves the one waiting, so a poll's commit can bring the
// next round forward.
void Scheduler::lease_after(std::chrono::milliseconds delay) {
  if (m_lease_running || m_stopped) return;
  const uint64_t generation = ++m_lease_generation;
  m_lease_timer->expires_after(delay);
  m_lease_timer->async_wait([this, generation](const boost::system::error_code& ec) {
    if (ec || m_stopped || generation != m_lease_generation) return;
    lease_round();
  });
}

void Scheduler::lease_round() {
  const Leasing& leasing = *m_leasing;
  // As many as the poller takes in flight: leased feeds waiting for their turn
  // in the poller hold their leases (and their hosts' places) meanwhile.
  const std::size_t limit =
      m_poller.in_flight_limit() > m_leases_held ? m_poller.in_flight_limit() - m_leases_held : 0;
  std::vector<int64_t> ids;
  for (const auto& s : m_slots) {
    if (!s.removed && !s.feed.polling) ids.push_back(s.feed.id);
  }
  // The leases held are renewed on the loop's own schedule, even when no
  // place is free for more: a loop that hangs stops renewing them, and they
  // lapse for the other daemons to take.
  const auto steady = std::chrono::steady_clock::now();
  const bool renew = m_leases_held > 0 && steady - m_renewed >= leasing.duration / 3;
  if ((limit == 0 || ids.empty()) && !renew) {
    lease_after(leasing.period);
    return;
  }
  if (renew) m_renewed = steady;
  m_lease_running = true;
  // Keeps the loop running until the round's leases are back on it.
  auto guard = std::make_shared<asio::executor_work_guard<asio::io_context::executor_type>>(
      m_io.get_executor());
  leasing.writer->submit_alone(
      [this, ids = std::move(ids), limit, leasing, renew,
       guard](storage::Store& store) -> std::function<void()> {
        if (renew) store.renew_leases(leasing.duration);
        auto leases = std::make_shared<std::vector<storage::FeedLease>>(
            store.lease_feeds(ids, now(), limit, leasing.duration, leasing.per_host));
        return [this, leases, limit, guard] {
          asio::post(m_io, [this, leases, limit, guard] { leased(std::move(*leases), limit); });
        };
      },
      [this, limit, guard](const storage::StoreError& error) {
        spdlog::warn("feed.lease_failed error=\"{}\"", error.what());
        asio::post(m_io, [this, limit, guard] { leased({}, limit); });
      });
}

void Scheduler::leased(std::vector<storage::FeedLease> leases, std::size_t limit) {
  for (auto& lease : leases) {
    const auto it = m_by_id.find(lease.feed.id);
    Slot* slot = it == m_by_id.end() ? nullptr : it->second;
    if (lease.takeover) {
      ++m_lease_takeovers;
      spdlog::info("feed.lease_taken_over feed={} lease={}", lease.feed.name, lease.token);
    }
    // Removed by a reload (or stopping) while the round ran: hand it back at once.
    if (m_stopped || !slot || slot->removed || slot->feed.polling) {
      release(lease.feed.id, lease.token);
      continue;
    }
    // The fetch state as stored: another daemon may have polled the feed since.
    FeedRuntime& f = slot->feed;
    f.config.url = lease.feed.url;
    f.etag = lease.feed.etag;
    f.last_modified = lease.feed.last_modified;
    f.consecutive_errors = lease.feed.consecutive_errors;
    f.next_poll = lease.feed.next_poll;
    f.retry_until = lease.feed.retry_until;
    f.lease = lease.token;
    ++m_leases_held;
    poll(*slot);
  }
  m_lease_running = false;
  // A full round suggests more are due: lease again at once.
  lease_after(leases.size() >= limit ? std::chrono::milliseconds(0) : m_leasing->period);
}

void Scheduler::release(int64_t feed_id, int64_t token) {
  m_leasing->writer->submit([feed_id, token](storage::Store& store) -> std::function<void()> {
    store.release_feed(feed_id, token);
    return nullptr;
  });
}

}  // namespace nw::daemon
