#include "support/http_server.hpp"

#include <condition_variable>

#include <algorithm>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <stdexcept>

#include <zlib.h>

namespace nw::test {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;

struct HttpServer::Impl {
  asio::io_context io;
  tcp::acceptor acceptor{io};
  std::mutex sockets_mutex;
  std::vector<std::shared_ptr<tcp::socket>> sockets;
  // Delays wait on this, so stopping the server ends them at once.
  std::mutex stop_mutex;
  std::condition_variable stopped;

  // Sleeps for `d`, or less when the server stops meanwhile.
  void pause(std::chrono::milliseconds d, const std::atomic<bool>& stop) {
    std::unique_lock lock(stop_mutex);
    stopped.wait_for(lock, d, [&] { return stop.load(); });
  }
};

namespace {

const char* reason(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 301:
      return "Moved Permanently";
    case 302:
      return "Found";
    case 304:
      return "Not Modified";
    case 308:
      return "Permanent Redirect";
    case 404:
      return "Not Found";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 503:
      return "Service Unavailable";
    default:
      return "Status";
  }
}

}  // namespace

std::string gzip(const std::string& data) {
  z_stream z{};
  // 15 + 16: a gzip wrapper rather than zlib's.
  if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw std::runtime_error("deflateInit2 failed");
  }
  std::string out(deflateBound(&z, data.size()), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  if (rc != Z_STREAM_END) throw std::runtime_error("deflate failed");
  return out;
}

std::string gzip_zeros(std::size_t n) {
  z_stream z{};
  if (deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw std::runtime_error("deflateInit2 failed");
  }
  const std::string zeros(64 * 1024, '\0');
  std::string out;
  char buf[16 * 1024];
  while (true) {
    const std::size_t step = std::min(n, zeros.size());
    n -= step;
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(zeros.data()));
    z.avail_in = static_cast<uInt>(step);
    const int flush = n == 0 ? Z_FINISH : Z_NO_FLUSH;
    int rc = Z_OK;
    do {
      z.next_out = reinterpret_cast<Bytef*>(buf);
      z.avail_out = sizeof buf;
      rc = deflate(&z, flush);
      out.append(buf, sizeof buf - z.avail_out);
    } while (z.avail_out == 0);
    if (flush == Z_FINISH) {
      deflateEnd(&z);
      if (rc != Z_STREAM_END) throw std::runtime_error("deflate failed");
      return out;
    }
  }
}

HttpServer::HttpServer(int port) : m_impl(std::make_unique<Impl>()) {
  auto& acc = m_impl->acceptor;
  tcp::endpoint ep(asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port));
  acc.open(ep.protocol());
  acc.set_option(tcp::acceptor::reuse_address(true));
  acc.bind(ep);
  acc.listen();
  m_port = acc.local_endpoint().port();
  m_acceptor = std::thread([this] { accept_loop(); });
}

HttpServer::~HttpServer() {
  {
    std::lock_guard lock(m_impl->stop_mutex);
    m_stop = true;
  }
  m_impl->stopped.notify_all();
  boost::system::error_code ec;
  // Wake the blocking accept with a connection of our own, then close everything.
  {
    tcp::socket poke(m_impl->io);
    poke.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), m_port), ec);
  }
  m_acceptor.join();
  {
    std::lock_guard lock(m_impl->sockets_mutex);
    for (auto& s : m_impl->sockets) {
      s->shutdown(tcp::socket::shutdown_both, ec);
    }
  }
  for (auto& t : m_connections) t.join();
}

void HttpServer::route(const std::string& path, Handler handler) {
  std::lock_guard lock(m_mutex);
  m_routes[path] = std::move(handler);
}

void HttpServer::route(const std::string& path, int status, std::string body,
                       std::vector<std::pair<std::string, std::string>> headers) {
  route(path, [=](const HttpRequest&) {
    HttpResponse r;
    r.status = status;
    r.body = body;
    r.headers = headers;
    return r;
  });
}

std::string HttpServer::url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(m_port) + path;
}

std::vector<HttpRequest> HttpServer::requests() const {
  std::lock_guard lock(m_mutex);
  return m_log;
}

std::size_t HttpServer::count(const std::string& path) const {
  std::lock_guard lock(m_mutex);
  std::size_t n = 0;
  for (const auto& r : m_log) n += r.target == path || r.target.rfind(path + "?", 0) == 0;
  return n;
}

void HttpServer::accept_loop() {
  while (!m_stop) {
    auto sock = std::make_shared<tcp::socket>(m_impl->io);
    boost::system::error_code ec;
    m_impl->acceptor.accept(*sock, ec);
    if (ec || m_stop) break;
    {
      std::lock_guard lock(m_impl->sockets_mutex);
      m_impl->sockets.push_back(sock);
    }
    m_connections.emplace_back([this, sock] {
      // Closed under the lock the destructor shuts sockets down with: the two
      // threads would otherwise touch the socket at once.
      const auto close_socket = [this](tcp::socket& s) {
        std::lock_guard lock(m_impl->sockets_mutex);
        boost::system::error_code ignored;
        s.close(ignored);
      };
      boost::beast::flat_buffer buffer;
      boost::system::error_code rec;
      while (!m_stop) {
        http::request_parser<http::string_body> parser;
        parser.body_limit(16 * 1024 * 1024);
        http::read(*sock, buffer, parser, rec);
        if (rec) return;
        const auto& msg = parser.get();
        HttpRequest req;
        req.method = std::string(msg.method_string());
        req.target = std::string(msg.target());
        for (const auto& f : msg) {
          std::string name(f.name_string());
          for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
          req.headers[name] = std::string(f.value());
        }
        req.body = msg.body();
        Handler handler;
        {
          std::lock_guard lock(m_mutex);
          m_log.push_back(req);
          const std::string path = req.target.substr(0, req.target.find('?'));
          if (auto it = m_routes.find(path); it != m_routes.end()) handler = it->second;
        }
        HttpResponse resp;
        if (handler)
          resp = handler(req);
        else
          resp.status = 404;
        if (resp.delay.count()) m_impl->pause(resp.delay, m_stop);
        if (resp.drop || m_stop) {
          close_socket(*sock);
          return;
        }
        std::string head =
            "HTTP/1.1 " + std::to_string(resp.status) + " " + reason(resp.status) + "\r\n";
        bool has_length = false;
        for (const auto& [k, v] : resp.headers) {
          head += k + ": " + v + "\r\n";
          has_length = has_length || k == "Content-Length";
        }
        if (!resp.endless && !has_length && resp.status != 304) {
          head += "Content-Length: " + std::to_string(resp.body.size()) + "\r\n";
        }
        if (resp.endless) head += "Connection: close\r\n";
        head += "\r\n";
        asio::write(*sock, asio::buffer(head), rec);
        if (rec) return;
        if (resp.status == 304 || req.method == "HEAD") continue;
        if (resp.reset) {
          asio::write(*sock, asio::buffer(resp.body.data(), resp.body.size() / 2), rec);
          sock->set_option(asio::socket_base::linger(true, 0), rec);  // close() sends RST
          close_socket(*sock);
          return;
        }
        if (resp.endless) {
          // Until the client gives up (or the server stops).
          for (int i = 0; i < 1000000 && !m_stop && !rec; ++i) {
            asio::write(*sock, asio::buffer(resp.body), rec);
          }
          close_socket(*sock);
          return;
        }
        if (resp.trickle_bytes_per_second) {
          for (std::size_t i = 0; i < resp.body.size() && !m_stop && !rec; ++i) {
            asio::write(*sock, asio::buffer(&resp.body[i], 1), rec);
            m_impl->pause(std::chrono::milliseconds(1000 / resp.trickle_bytes_per_second), m_stop);
          }
        } else {
          asio::write(*sock, asio::buffer(resp.body), rec);
        }
        if (rec) return;
      }
    });
  }
}

}  // namespace nw::test
