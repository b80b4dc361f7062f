#include "daemon/periodic_timer.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

namespace nw::daemon {

struct PeriodicTimer::State : std::enable_shared_from_this<State> {
  State(boost::asio::io_context& io, std::chrono::steady_clock::duration p, Tick t)
      : timer(io), period(p), tick(std::move(t)) {}

  void arm() {
    if (stopped) return;
    timer.expires_after(period);
    timer.async_wait([weak = weak_from_this()](const boost::system::error_code& ec) {
      const auto self = weak.lock();
      if (ec || !self || self->stopped) return;
      self->tick([weak] {
        if (const auto s = weak.lock()) s->arm();
      });
    });
  }

  boost::asio::steady_timer timer;
  std::chrono::steady_clock::duration period;
  Tick tick;
  bool stopped = false;
};

PeriodicTimer::PeriodicTimer(boost::asio::io_context& io,
                             std::chrono::steady_clock::duration period, Tick tick)
    : m_state(std::make_shared<State>(io, period, std::move(tick))) {}

PeriodicTimer::~PeriodicTimer() {
  stop();
}

void PeriodicTimer::start() {
  m_state->stopped = false;
  m_state->arm();
}

void PeriodicTimer::stop() {
  m_state->stopped = true;
  m_state->timer.cancel();
}

}  // namespace nw::daemon
