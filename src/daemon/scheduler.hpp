// The run loop's schedule: one timer per feed, polls when due, and the
// add/remove/update operations a reload needs. Loop thread only.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <list>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <boost/asio/steady_timer.hpp>

#include "daemon/poller.hpp"

namespace nw::daemon {

class Writer;

// How a daemon that shares its database with others takes its feeds: through
// `writer`, every `period` it leases due feeds (Store::lease_feeds) for
// `duration`, with at most `per_host` leases per host among all daemons, and
// renews the leases it holds every third of `duration` (Store::renew_leases):
// a daemon that hangs with its database session open loses them within
// `duration`, one that dies at once.
struct Leasing {
  Writer* writer = nullptr;
  int per_host = 2;
  std::chrono::seconds duration{60};
  std::chrono::milliseconds period{250};
};

class Scheduler {
 public:
  // Runs on the loop after each poll has committed, with how long it took.
  using Polled = std::function<void(const PollResult&, std::chrono::steady_clock::duration)>;

  // Without `leasing` each feed has a timer for its next poll. With it (a
  // database several daemons share) there are no timers: a feed is polled
  // when this daemon leases it, under that lease.
  Scheduler(boost::asio::io_context& io, Poller& poller, Polled polled,
            std::optional<Leasing> leasing = std::nullopt);
  ~Scheduler();
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  // Schedules a feed with its stored fetch state. A feed never polled starts
  // at a random point within its interval (at most a minute), so many feeds
  // do not fire in the same second. Ignored once stopped.
  void add(FeedRuntime feed);

  // Stops scheduling the feed `name`; a poll in flight finishes and is committed.
  void remove(const std::string& name);

  // Gives a scheduled feed new settings and reschedules it: a new URL or kind
  // drops the cache validators and polls soon; a shorter interval pulls the
  // next poll in. A poll in flight gets them when it finishes.
  void update(const config::FeedConfig& config);

  // Cancels every timer; no poll starts after this (polls in flight finish).
  void stop();

  // Feeds scheduled (removed ones excluded).
  std::size_t size() const;

  // Leases this daemon holds now (feeds it is polling), and leases it took
  // whose previous holder never released them (died, or let them lapse).
  std::size_t leases_held() const { return m_leases_held; }
  uint64_t lease_takeovers() const { return m_lease_takeovers; }

 private:
  struct Slot;
  void schedule(Slot& slot);
  void lease_after(std::chrono::milliseconds delay);
  void lease_round();
  void leased(std::vector<storage::FeedLease> leases, std::size_t limit);
  void release(int64_t feed_id, int64_t token);
  void poll(Slot& slot);
  static void apply(Slot& slot, const config::FeedConfig& config);
  Slot* find(const std::string& name);

  boost::asio::io_context& m_io;
  Poller& m_poller;
  Polled m_polled;
  std::list<Slot> m_slots;  // never erased while running: timer handlers hold references
  bool m_stopped = false;
  std::optional<Leasing> m_leasing;
  std::unique_ptr<boost::asio::steady_timer> m_lease_timer;
  // A lease timer's handler from an older lease_after() does nothing.
  uint64_t m_lease_generation = 0;
  bool m_lease_running = false;                       // a round's job is on the writer
  std::chrono::steady_clock::time_point m_renewed{};  // when the leases held were last renewed
  std::unordered_map<int64_t, Slot*> m_by_id;         // with leasing: the slot of each feed id
  std::size_t m_leases_held = 0;
  uint64_t m_lease_takeovers = 0;
};

}  // namespace nw::daemon
