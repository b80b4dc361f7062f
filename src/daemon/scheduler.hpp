// The run loop's schedule: one timer per feed, polls when due, and the
// add/remove/update operations a reload needs. Loop thread only.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <list>
#include <memory>
#include <string>

#include "daemon/poller.hpp"

namespace nw::daemon {

class Scheduler {
 public:
  // Runs on the loop after each poll has committed, with how long it took.
  using Polled = std::function<void(const PollResult&, std::chrono::steady_clock::duration)>;

  Scheduler(boost::asio::io_context& io, Poller& poller, Polled polled);
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

 private:
  struct Slot;
  void schedule(Slot& slot);
  void poll(Slot& slot);
  static void apply(Slot& slot, const config::FeedConfig& config);
  Slot* find(const std::string& name);

  boost::asio::io_context& m_io;
  Poller& m_poller;
  Polled m_polled;
  std::list<Slot> m_slots;  // never erased while running: timer handlers hold references
  bool m_stopped = false;
};

}  // namespace nw::daemon
