#include "daemon/notifier.hpp"

#include <spdlog/spdlog.h>
#include <systemd/sd-daemon.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>

namespace nw::daemon {

struct Notifier::Impl {
  boost::asio::steady_timer watchdog;
  std::chrono::microseconds interval{0};
  std::string last_status;
  bool stopped = false;

  explicit Impl(boost::asio::io_context& io) : watchdog(io) {}
};

Notifier::Notifier(boost::asio::io_context& io) : m_impl(std::make_unique<Impl>(io)) {}
Notifier::~Notifier() = default;

void Notifier::ready(const std::string& status) {
  m_impl->last_status = status;
  sd_notifyf(0, "READY=1\nSTATUS=%s", status.c_str());
  uint64_t usec = 0;
  if (sd_watchdog_enabled(0, &usec) > 0 && usec > 0) {
    m_impl->interval = std::chrono::microseconds(usec / 2);
    spdlog::info("daemon.watchdog interval_ms={}",
                 std::chrono::duration_cast<std::chrono::milliseconds>(m_impl->interval).count());
    sd_notify(0, "WATCHDOG=1");
    arm_watchdog();
  }
}

void Notifier::arm_watchdog() {
  m_impl->watchdog.expires_after(m_impl->interval);
  m_impl->watchdog.async_wait([this](const boost::system::error_code& ec) {
    if (ec || m_impl->stopped) return;
    sd_notify(0, "WATCHDOG=1");
    arm_watchdog();
  });
}

void Notifier::status(const std::string& status) {
  if (status == m_impl->last_status || m_impl->stopped) return;
  m_impl->last_status = status;
  sd_notifyf(0, "STATUS=%s", status.c_str());
}

void Notifier::reloading() {
  sd_notify(0, "RELOADING=1");
}

void Notifier::reloaded(const std::string& status) {
  m_impl->last_status = status;
  sd_notifyf(0, "READY=1\nSTATUS=%s", status.c_str());
}

void Notifier::stopping() {
  m_impl->stopped = true;
  m_impl->watchdog.cancel();
  sd_notify(0, "STOPPING=1");
}

}  // namespace nw::daemon
