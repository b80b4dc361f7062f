// A small HTTP/1.1 server (Boost.Beast) on the daemon's own io_context, for
// /metrics, /healthz and the ledger's pages: GET only, one request per
// connection, bounded reads.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace boost::asio {
class io_context;
}

namespace nw::daemon {

struct HttpReply {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // more response headers
};

class HttpListener {
 public:
  // Sends the answer; callable once, from any thread.
  using Respond = std::function<void(HttpReply)>;
  // Answers a request target ("/metrics"): runs on the loop thread and calls
  // `respond` there or later from elsewhere (slow answers belong off the loop).
  using Handler = std::function<void(const std::string& target, Respond respond)>;

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
