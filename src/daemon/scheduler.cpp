#include "daemon/scheduler.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <random>

namespace nw::daemon {

namespace asio = boost::asio;

struct Scheduler::Slot {
  FeedRuntime feed;
  asio::steady_timer timer;
  uint64_t generation = 0;  // a timer handler from an older schedule() does nothing
  bool removed = false;
  std::optional<config::FeedConfig> pending;  // settings for after the poll in flight

  Slot(asio::io_context& io, FeedRuntime f) : feed(std::move(f)), timer(io) {}
};

Scheduler::Scheduler(asio::io_context& io, Poller& poller, Polled polled)
    : m_io(io), m_poller(poller), m_polled(std::move(polled)) {}

Scheduler::~Scheduler() = default;

void Scheduler::add(FeedRuntime feed) {
  if (m_stopped) return;
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
    m_polled(result, std::chrono::steady_clock::now() - started);
    if (slot.pending) {
      apply(slot, *slot.pending);
      slot.pending.reset();
    }
    if (!m_stopped && !slot.removed) schedule(slot);
  });
}

}  // namespace nw::daemon
