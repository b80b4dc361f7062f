// Test helpers for the daemon as a real process: spawning `newswatch run` with
// extra environment, a fake NOTIFY_SOCKET, and a tiny HTTP GET client.
#pragma once

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "support/feeds.hpp"
#include "support/test_paths.hpp"

namespace nw::test {

// A config in `dir` with one local feed of one item, polled every second.
inline std::filesystem::path write_single_feed_config(const TempDir& dir) {
  write_file(dir / "a.xml",
             rss({{"1", "One", "742 Belarusians have fought for Russia.", "", ""}}, "A"));
  return write_config(dir, feed_toml("a", "file:a.xml", "1s"));
}

// The daemon binary running with `args`, stdout and stderr to `log`.
class DaemonProcess {
 public:
  DaemonProcess(const std::vector<std::string>& args, std::filesystem::path log,
                const std::vector<std::pair<std::string, std::string>>& env = {})
      : m_log(std::move(log)) {
    m_pid = ::fork();
    if (m_pid == 0) {
      const int fd = ::open(m_log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      ::dup2(fd, 1);
      ::dup2(fd, 2);
      ::unsetenv("JOURNAL_STREAM");
      ::unsetenv("NOTIFY_SOCKET");
      ::unsetenv("WATCHDOG_USEC");
      for (const auto& [k, v] : env) ::setenv(k.c_str(), v.c_str(), 1);
      std::vector<char*> argv;
      for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
      argv.push_back(nullptr);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
  }
  ~DaemonProcess() {
    if (m_pid > 0) {
      ::kill(m_pid, SIGKILL);
      ::waitpid(m_pid, nullptr, 0);
    }
  }
  DaemonProcess(const DaemonProcess&) = delete;
  DaemonProcess& operator=(const DaemonProcess&) = delete;

  pid_t pid() const { return m_pid; }
  void signal(int sig) const { ::kill(m_pid, sig); }
  std::string log() const { return read_file(m_log); }

  // True while the process has not exited.
  bool running() {
    if (m_pid <= 0) return false;
    int status = 0;
    if (::waitpid(m_pid, &status, WNOHANG) == m_pid) {
      m_status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      m_pid = -1;
      return false;
    }
    return true;
  }

  // Waits up to `limit` for an exit; its status, or -1 (then it is killed).
  int wait_exit(std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (running() && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    if (m_pid > 0) {
      ::kill(m_pid, SIGKILL);
      ::waitpid(m_pid, nullptr, 0);
      m_pid = -1;
      return -1;
    }
    return m_status;
  }

 private:
  std::filesystem::path m_log;
  pid_t m_pid = -1;
  int m_status = -1;
};

// Polls `condition` every 50 ms for up to `limit`.
inline bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return condition();
}

// A unix datagram socket standing in for systemd's notification socket.
class NotifySocket {
 public:
  explicit NotifySocket(std::filesystem::path path) : m_path(std::move(path)) {
    m_fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::strncpy(addr.sun_path, m_path.c_str(), sizeof addr.sun_path - 1);
    ::bind(m_fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  }
  ~NotifySocket() { ::close(m_fd); }
  NotifySocket(const NotifySocket&) = delete;
  NotifySocket& operator=(const NotifySocket&) = delete;

  const std::filesystem::path& path() const { return m_path; }

  // Receives until a message containing `needle` arrives or `limit` passes.
  bool wait_for(const std::string& needle, std::chrono::milliseconds limit) {
    for (const auto& m : m_messages) {
      if (m.find(needle) != std::string::npos) return true;
    }
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
      pollfd p{m_fd, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      char buf[4096];
      const auto n = ::recv(m_fd, buf, sizeof buf, 0);
      if (n <= 0) continue;
      m_messages.emplace_back(buf, static_cast<std::size_t>(n));
      if (m_messages.back().find(needle) != std::string::npos) return true;
    }
    return false;
  }
  const std::vector<std::string>& messages() const { return m_messages; }

 private:
  std::filesystem::path m_path;
  int m_fd = -1;
  std::vector<std::string> m_messages;
};

// A TCP port on 127.0.0.1 that was free a moment ago.
inline int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

// GET http://127.0.0.1:port/target; the raw response ("" when nothing answers).
inline std::string http_get(int port, const std::string& target) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  timeval timeout{5, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  std::string out;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
    const std::string rq = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    if (::send(fd, rq.data(), rq.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(rq.size())) {
      char buf[4096];
      ssize_t n;
      while ((n = ::recv(fd, buf, sizeof buf, 0)) > 0) out.append(buf, static_cast<std::size_t>(n));
    }
  }
  ::close(fd);
  return out;
}

}  // namespace nw::test
