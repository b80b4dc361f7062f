// The service manager's side channel (sd_notify): readiness, status lines,
// watchdog pings from the loop, and stopping. Each call is a no-op outside systemd.
#pragma once

#include <memory>
#include <string>

namespace boost::asio {
class io_context;
}

namespace nw::daemon {

class Notifier {
 public:
  explicit Notifier(boost::asio::io_context& io);
  ~Notifier();
  Notifier(const Notifier&) = delete;
  Notifier& operator=(const Notifier&) = delete;

  // READY=1 with a first STATUS=, and starts the watchdog pings when
  // WATCHDOG_USEC asks for them (every half of it, from the loop, so a stuck loop stops them).
  void ready(const std::string& status);
  // STATUS= line shown by `systemctl status`; repeated identical lines are not re-sent.
  void status(const std::string& status);
  // RELOADING=1 ... READY=1 around a configuration reload.
  void reloading();
  void reloaded(const std::string& status);
  // STOPPING=1, and stops the watchdog timer so the loop can end.
  void stopping();

 private:
  void arm_watchdog();

  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace nw::daemon
