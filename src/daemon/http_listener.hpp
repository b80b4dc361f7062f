// A small HTTP/1.1 server (Boost.Beast) on the daemon's own io_context, for
// /metrics and /healthz: GET only, one request per connection, bounded reads.
#pragma once

#include <functional>
#include <memory>
#include <string>

namespace boost::asio {
class io_context;
}

namespace nw::daemon {

struct HttpReply {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
};

class HttpListener {
 public:
  // Answers a request target ("/metrics"); runs on the loop thread.
  using Handler = std::function<HttpReply(const std::string& target)>;

  // Binds `listen` ("127.0.0.1:9464", "[::1]:9464", "localhost:9464") and starts
  // accepting. Throws std::runtime_error when the address is bad or in use.
  HttpListener(boost::asio::io_context& io, const std::string& listen, Handler handler);
  ~HttpListener();
  HttpListener(const HttpListener&) = delete;
  HttpListener& operator=(const HttpListener&) = delete;

  // The port actually bound (useful with port 0).
  int port() const;

  // Stops accepting and closes open connections, so the loop can end (loop thread).
  void close();

 private:
  struct Impl;
  std::shared_ptr<Impl> m_impl;
};

}  // namespace nw::daemon
