#include "daemon/http_listener.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <list>
#include <stdexcept>

namespace nw::daemon {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr auto k_read_timeout = std::chrono::seconds(10);

// "host:port" with an IPv4 address, a bracketed IPv6 one or "localhost".
tcp::endpoint parse_listen(const std::string& listen) {
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) {
    throw std::runtime_error("listen '" + listen + "' is not host:port");
  }
  std::string host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  if (host == "localhost") host = "127.0.0.1";
  boost::system::error_code ec;
  const auto address = asio::ip::make_address(host, ec);
  int port = -1;
  try {
    port = std::stoi(listen.substr(colon + 1));
  } catch (const std::exception&) {
  }
  if (ec || port < 0 || port > 65535) {
    throw std::runtime_error("listen '" + listen + "' is not host:port");
  }
  return {address, static_cast<unsigned short>(port)};
}

// One connection: read a request, write the answer, close.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, std::shared_ptr<const HttpListener::Handler> handler)
      : m_stream(std::move(socket)), m_handler(std::move(handler)) {}

  void start() {
    m_stream.expires_after(k_read_timeout);
    http::async_read(m_stream, m_buffer, m_request,
                     [self = shared_from_this()](beast::error_code ec, std::size_t) {
                       if (!ec) self->answer();
                     });
  }

  void close() {
    beast::error_code ec;
    m_stream.socket().close(ec);
  }

 private:
  void answer() {
    if (m_request.method() != http::verb::get && m_request.method() != http::verb::head) {
      write({405, "text/plain; charset=utf-8", "method not allowed\n", {}});
      return;
    }
    (*m_handler)(std::string(m_request.target()), [self = shared_from_this()](HttpReply reply) {
      asio::post(self->m_stream.get_executor(),
                 [self, reply = std::move(reply)]() mutable { self->write(std::move(reply)); });
    });
  }

  void write(HttpReply reply) {
    m_response.version(m_request.version());
    m_response.result(static_cast<unsigned>(reply.status));
    m_response.set(http::field::server, "newswatch/" NEWSWATCH_VERSION);
    m_response.set(http::field::content_type, reply.content_type);
    for (const auto& [name, value] : reply.headers) m_response.set(name, value);
    m_response.keep_alive(false);
    if (m_request.method() != http::verb::head) m_response.body() = std::move(reply.body);
    m_response.prepare_payload();
    http::async_write(m_stream, m_response,
                      [self = shared_from_this()](beast::error_code, std::size_t) {
                        beast::error_code ignored;
                        self->m_stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
                      });
  }

  beast::tcp_stream m_stream;
  std::shared_ptr<const HttpListener::Handler> m_handler;
  beast::flat_buffer m_buffer;
  http::request<http::empty_body> m_request;
  http::response<http::string_body> m_response;
};

}  // namespace

struct HttpListener::Impl : std::enable_shared_from_this<HttpListener::Impl> {
  tcp::acceptor acceptor;
  std::shared_ptr<const Handler> handler;
  std::list<std::weak_ptr<Session>> sessions;
  bool closed = false;

  Impl(asio::io_context& io, Handler h)
      : acceptor(io), handler(std::make_shared<const Handler>(std::move(h))) {}

  void accept() {
    acceptor.async_accept([self = shared_from_this()](beast::error_code ec, tcp::socket socket) {
      if (self->closed) return;
      if (!ec) {
        auto session = std::make_shared<Session>(std::move(socket), self->handler);
        self->sessions.remove_if([](const auto& w) { return w.expired(); });
        self->sessions.push_back(session);
        session->start();
      } else {
        spdlog::warn("metrics.accept_failed error=\"{}\"", ec.message());
      }
      self->accept();
    });
  }
};

HttpListener::HttpListener(asio::io_context& io, const std::string& listen, Handler handler)
    : m_impl(std::make_shared<Impl>(io, std::move(handler))) {
  const auto endpoint = parse_listen(listen);
  boost::system::error_code ec;
  auto& acceptor = m_impl->acceptor;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) throw std::runtime_error("listen '" + listen + "': " + ec.message());
  m_impl->accept();
}

HttpListener::~HttpListener() {
  close();
}

int HttpListener::port() const {
  boost::system::error_code ec;
  return m_impl->acceptor.local_endpoint(ec).port();
}

void HttpListener::close() {
  if (m_impl->closed) return;
  m_impl->closed = true;
  boost::system::error_code ec;
  m_impl->acceptor.close(ec);
  for (auto& w : m_impl->sessions) {
    if (auto s = w.lock()) s->close();
  }
  m_impl->sessions.clear();
}

}  // namespace nw::daemon
