// A real HTTP/1.1 server on 127.0.0.1 for tests (Boost.Beast parses requests):
// endpoints registered with the status, headers and body they answer, and
// misbehaviours (delays, trickled or endless bodies, dropped connections).
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace nw::test {

struct HttpRequest {
  std::string method;
  std::string target;
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;

  std::string header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
};

struct HttpResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::chrono::milliseconds delay{0};        // before answering
  bool drop = false;                         // close the connection without answering
  std::size_t trickle_bytes_per_second = 0;  // send the body this slowly
  bool endless = false;                      // a body that never ends (chunks of `body`)
  bool reset = false;  // send the head and half the body, then reset the connection (RST)
};

// gzip-compresses `data` (for Content-Encoding: gzip bodies).
std::string gzip(const std::string& data);
// gzip of `n` zero bytes, compressed in small steps (a gzip bomb that never sits in memory).
std::string gzip_zeros(std::size_t n);

class HttpServer {
 public:
  using Handler = std::function<HttpResponse(const HttpRequest&)>;

  // Listens on 127.0.0.1, on `port` or (0) an ephemeral one.
  explicit HttpServer(int port = 0);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  void route(const std::string& path, Handler handler);
  // Shorthand: always answer `status` with `body`.
  void route(const std::string& path, int status, std::string body,
             std::vector<std::pair<std::string, std::string>> headers = {});

  int port() const { return m_port; }
  std::string url(const std::string& path) const;
  std::vector<HttpRequest> requests() const;
  std::size_t count(const std::string& path) const;

 private:
  void accept_loop();

  struct Impl;
  std::unique_ptr<Impl> m_impl;
  int m_port = 0;
  std::map<std::string, Handler> m_routes;
  mutable std::mutex m_mutex;
  std::vector<HttpRequest> m_log;
  std::atomic<bool> m_stop{false};
  std::thread m_acceptor;
  std::vector<std::thread> m_connections;
};

}  // namespace nw::test
