// Fetching: one request in, one result out, asynchronously on the event loop.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace boost::asio {
class io_context;
}

namespace nw::fetchers {

struct FetchRequest {
  std::string url;  // http, https or file://
  std::string method = "GET";
  std::string body;                  // for POST
  std::vector<std::string> headers;  // extra "Name: value" lines
  std::string etag;                  // sent as If-None-Match
  std::string last_modified;         // sent as If-Modified-Since
  std::chrono::seconds timeout{30};
  std::size_t max_body = 10 * 1024 * 1024;  // decompressed bytes
  bool insecure = false;                    // skip TLS verification
  // Refuse to connect to loopback, private, link-local and other non-public
  // addresses: for URLs that come from feeds, not from the operator. Checked
  // on each resolved address as its socket opens, redirects included.
  bool public_only = false;
  // Below `low_speed_limit` bytes/s for `low_speed_time` aborts with a timeout.
  long low_speed_limit = 64;
  std::chrono::seconds low_speed_time{10};
};

// The closed set of ways a fetch can fail.
enum class FetchError {
  none,
  resolve,      // DNS
  connect,      // refused, unreachable
  timeout,      // connect, total or low-speed
  tls,          // handshake or verification
  too_large,    // body beyond max_body
  redirects,    // too many or a loop
  http_status,  // the server answered with a non-2xx, non-304 status
  network,      // reset, truncated, protocol error
  file,         // a file:// path could not be read
  bad_url,
  forbidden_address,  // public_only and the host resolved to a non-public address
};

// "timeout", "too_large", ...
const char* to_string(FetchError e);

struct FetchResult {
  FetchError error = FetchError::none;
  std::string message;  // human detail, e.g. curl's error buffer
  int status = 0;       // HTTP status; 0 for file:// and failures before a response
  std::string body;
  std::string content_type;
  std::string etag;
  std::string last_modified;
  std::string effective_url;  // after redirects
  // Where the chain of 301/308 answers that began this fetch led (when it began
  // with one and the fetch succeeded); empty otherwise.
  std::string permanent_redirect_url;
  std::optional<std::chrono::seconds> retry_after;
  std::chrono::milliseconds elapsed{0};

  bool ok() const { return error == FetchError::none; }
  bool not_modified() const { return ok() && status == 304; }
};

using FetchCallback = std::function<void(FetchResult)>;

// An asynchronous fetcher. Callbacks run on the event loop's thread.
class Fetcher {
 public:
  virtual ~Fetcher() = default;
  // Starts (or queues) the request; `done` is called exactly once.
  virtual void fetch(FetchRequest request, FetchCallback done) = 0;
  // Requests started but not finished, and queued ones.
  virtual std::size_t in_flight() const = 0;
  // Abandons every request; their callbacks run with a network error.
  virtual void cancel_all() = 0;
};

struct FetcherSettings {
  std::string user_agent;
  int max_connections = 32;
  int per_host = 2;
};

// libcurl's multi-socket interface driven by Asio sockets and one timer; file:// read directly.
std::unique_ptr<Fetcher> make_fetcher(boost::asio::io_context& io, const FetcherSettings& settings);

// Parses a Retry-After value (seconds or an HTTP date) relative to `now_unix`.
std::optional<std::chrono::seconds> parse_retry_after(const std::string& value, long long now_unix);

}  // namespace nw::fetchers
