// A periodic timer on the loop: runs a tick every period, each one a period
// after the previous tick said it was done, until stopped. Replaces timers
// that re-arm themselves from their own handlers.
#pragma once

#include <chrono>
#include <functional>
#include <memory>

namespace boost::asio {
class io_context;
}

namespace nw::daemon {

class PeriodicTimer {
 public:
  // `tick` runs on the loop and calls `done` (then or later) when its work is over.
  using Tick = std::function<void(std::function<void()> done)>;

  PeriodicTimer(boost::asio::io_context& io, std::chrono::steady_clock::duration period, Tick tick);
  // Stops; a tick still working may call `done`, which then does nothing.
  ~PeriodicTimer();
  PeriodicTimer(const PeriodicTimer&) = delete;
  PeriodicTimer& operator=(const PeriodicTimer&) = delete;

  // The first tick comes one period from now.
  void start();
  // No tick starts after this (loop thread).
  void stop();

 private:
  struct State;
  std::shared_ptr<State> m_state;
};

}  // namespace nw::daemon
